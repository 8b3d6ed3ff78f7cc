#pragma once
// SHA-256 (FIPS 180-4) for the audit chain. Written here rather than taken from libcrypto: the
// chain needs one digest, and OpenSSL's start-up (providers, name maps, config file) cost more
// than a whole one-off `csdesk register` may spend beyond the sqlite3 shell.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace csdesk {

class Sha256 {
 public:
  Sha256();
  Sha256& update(std::string_view bytes);
  std::array<std::uint8_t, 32> digest();  // finishes; the object is spent afterwards
  std::string hex_digest();               // digest() in lower-case hex

 private:
  void compress(const std::uint8_t* block);
  std::array<std::uint32_t, 8> state_;
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t total_bytes_ = 0;
};

// Lower-case hex of SHA-256(bytes).
std::string sha256_hex(std::string_view bytes);

}  // namespace csdesk
