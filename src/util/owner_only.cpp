#include "util/owner_only.hpp"

#include <fcntl.h>
#include <sys/stat.h>

namespace csdesk {

int create_owner_only(const std::string& path, int flags) {
  int fd = ::open(path.c_str(), flags | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  // The umask may only have narrowed 0600 (to 0400, say); set it exactly.
  if (fd >= 0) ::fchmod(fd, 0600);
  return fd;
}

}  // namespace csdesk
