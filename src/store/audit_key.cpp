#include "store/audit_key.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "util/error.hpp"
#include "util/hex.hpp"
#include "util/hmac.hpp"
#include "util/owner_only.hpp"

namespace csdesk {
namespace {

constexpr const char* kHeader = "csdesk audit key v1";
constexpr std::size_t kKeyBytes = 32;

}  // namespace

std::string audit_key_path(const std::string& db_path) { return db_path + ".key"; }

std::string audit_key_text(const AuditKey& key) {
  return fmt::format("{}\nfrom-row {}\nkey {}\n", kHeader, key.from_row, to_hex(key.bytes));
}

std::optional<AuditKey> read_audit_key(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) return std::nullopt;
    fail(ErrorKind::internal, "cannot read the audit key '{}': {}", path, std::strerror(errno));
  }
  std::string header, from_word, key_word, hex;
  AuditKey key;
  key.path = path;
  std::getline(in, header);
  in >> from_word >> key.from_row >> key_word >> hex;
  auto bytes = from_hex(hex);
  if (header != kHeader || from_word != "from-row" || key_word != "key" || key.from_row < 1 || !bytes ||
      bytes->size() != kKeyBytes)
    fail(ErrorKind::internal, "'{}' is not a csdesk audit key file (damaged?); restore it from the backup taken with "
         "this database", path);
  key.bytes = *bytes;
  return key;
}

AuditKey create_audit_key(const std::string& path, std::int64_t from_row) {
  AuditKey key{path, random_bytes(kKeyBytes), from_row};
  std::string text = audit_key_text(key);
  // Written whole under a temporary name, then linked into place: a reader never sees half a key,
  // and link() does not replace a key another process made meanwhile.
  std::string temporary = fmt::format("{}.tmp-{}", path, ::getpid());
  int fd = running_setgid() ? create_group_shared(temporary, O_WRONLY) : create_owner_only(temporary, O_WRONLY);
  if (fd < 0) fail(ErrorKind::internal, "cannot create the audit key '{}': {}", path, std::strerror(errno));
  if (running_setgid()) ::fchmod(fd, 0640);  // the service group reads it; only its creator may write
  bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  int linked = written ? ::link(temporary.c_str(), path.c_str()) : -1;
  int why = errno;
  ::unlink(temporary.c_str());
  if (linked == 0) return key;
  if (written && why == EEXIST) {
    if (auto existing = read_audit_key(path)) return *existing;
  }
  fail(ErrorKind::internal, "cannot create the audit key '{}': {}", path, std::strerror(why));
}

}  // namespace csdesk
