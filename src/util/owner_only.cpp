#include "util/owner_only.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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

}  // namespace csdesk
