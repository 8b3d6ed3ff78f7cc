// SHA-256 against the FIPS 180-2 / NIST CAVS example vectors.
#include <doctest/doctest.h>

#include <string>

#include "util/sha256.hpp"

using csdesk::Sha256;
using csdesk::sha256_hex;

TEST_CASE("sha256: NIST example vectors") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256_hex(std::string(1000000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("sha256: every length around the block and padding boundaries, fed whole or in pieces") {
  // 55, 56 and 64 bytes are where the length field moves into a second block.
  std::string text;
  for (int n = 0; n <= 130; ++n) {
    std::string whole = sha256_hex(text);
    Sha256 pieces;
    for (char c : text) pieces.update(std::string_view(&c, 1));
    CHECK_MESSAGE(pieces.hex_digest() == whole, "length " << n);
    text += static_cast<char>('a' + n % 26);
  }
  // Lengths 55, 56 and 64 of "a…a" (checked against Python's hashlib).
  CHECK(sha256_hex(std::string(56, 'a')) == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
  CHECK(sha256_hex(std::string(64, 'a')) == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
  CHECK(sha256_hex(std::string(55, 'a')) == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
}
