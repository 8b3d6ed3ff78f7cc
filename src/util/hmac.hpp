#pragma once
// HMAC-SHA-256 and random bytes from OpenSSL's libcrypto, for the keyed audit chain. The plain
// digest of older rows stays in util/sha256 (they are verified as they were written).
#include <string>
#include <string_view>

namespace csdesk {

// Lower-case hex of HMAC-SHA-256(key, message) (RFC 2104 with SHA-256, as RFC 4231 tests it).
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

// `n` bytes from the operating system's random source (RAND_bytes); throws when it fails.
std::string random_bytes(std::size_t n);

}  // namespace csdesk
