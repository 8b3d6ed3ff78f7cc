#include "util/owner_only.hpp"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace csdesk {
namespace {

int create_with_mode(const std::string& path, int flags, mode_t mode) {
  int fd = ::open(path.c_str(), flags | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  // The umask may only have narrowed the mode (to 0400, say); set it exactly.
  if (fd >= 0) ::fchmod(fd, mode);
  return fd;
}

}  // namespace

int create_owner_only(const std::string& path, int flags) { return create_with_mode(path, flags, 0600); }

int create_group_shared(const std::string& path, int flags) { return create_with_mode(path, flags, 0660); }

bool running_setgid() { return ::getegid() != ::getgid(); }

void harden_when_setgid() {
  if (!running_setgid()) return;
  ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  struct rlimit none {0, 0};
  ::setrlimit(RLIMIT_CORE, &none);
  // The time zone is the department's (config `timezone`, set as TZ later); temporary files stay in
  // memory or in the system's own directory.
  for (const char* name : {"TZ", "TZDIR", "TMPDIR", "SQLITE_TMPDIR"}) ::unsetenv(name);
}

AsInvoker::AsInvoker() {
  if (!running_setgid()) return;
  gid_t service = ::getegid();
  if (::setegid(::getgid()) == 0) service_gid_ = static_cast<long>(service);
}

AsInvoker::~AsInvoker() {
  if (service_gid_ >= 0) (void)::setegid(static_cast<gid_t>(service_gid_));
}

std::string invoker_cannot(const std::string& path, bool directory) {
  // faccessat without AT_EACCESS checks the real uid and gid: the account that started csdesk.
  if (::faccessat(AT_FDCWD, path.c_str(), directory ? W_OK | X_OK : W_OK, 0) == 0) return "";
  return std::strerror(errno);
}

}  // namespace csdesk
