#include "util/hmac.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "util/error.hpp"

namespace csdesk {
namespace {

// No openssl.cnf: its location comes from the environment (OPENSSL_CONF), which the setgid
// install must not trust, and reading it costs start-up time every command would pay.
void init_crypto_once() {
  static const bool done = OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, nullptr) == 1;
  if (!done) fail(ErrorKind::internal, "libcrypto could not be initialised");
}

}  // namespace

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
  init_crypto_once();
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()),
            message.size(), mac, &len))
    fail(ErrorKind::internal, "libcrypto: HMAC-SHA-256 failed");
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out += hex[mac[i] >> 4];
    out += hex[mac[i] & 15];
  }
  return out;
}

std::string random_bytes(std::size_t n) {
  init_crypto_once();
  std::string out(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1)
    fail(ErrorKind::internal, "libcrypto: no random bytes for the audit key");
  return out;
}

}  // namespace csdesk
