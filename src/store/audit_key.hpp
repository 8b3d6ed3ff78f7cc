#pragma once
// The audit chain's key: 32 random bytes in a file beside the database (DB.key), created by `init`
// or by the upgrade to schema 11, readable by the owner only (0600), or by the service group too
// (0640) in the shared install. The file also names the first row keyed with it, so rows of an
// older csdesk keep their plain SHA-256 and nobody can pass a keyed row off as an old one.
#include <cstdint>
#include <optional>
#include <string>

namespace csdesk {

struct AuditKey {
  std::string path;           // where it was read from ("" for a database in memory)
  std::string bytes;          // 32 bytes
  std::int64_t from_row = 1;  // the first audit row keyed with it
};

// DB.key beside the database at `db_path`.
std::string audit_key_path(const std::string& db_path);
// The key in `path`; nullopt when there is no such file. Throws (internal) when it is unreadable
// or not a key file, naming it.
std::optional<AuditKey> read_audit_key(const std::string& path);
// Creates the key file at `path` with a new key, keying rows from `from_row`, never replacing one
// that exists: when another process made it first, that one is returned.
AuditKey create_audit_key(const std::string& path, std::int64_t from_row);
// The file's text for `key` (also what a backup writes beside its copy).
std::string audit_key_text(const AuditKey& key);

}  // namespace csdesk
