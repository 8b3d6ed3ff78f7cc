#include <doctest/doctest.h>

#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

#include "util/owner_only.hpp"

using namespace csdesk;

TEST_CASE("files for personal data are created 0600 whatever the umask, and never opened when present") {
  char dir[] = "/tmp/csdesk-owner-only-XXXXXX";
  REQUIRE(::mkdtemp(dir));
  std::string path = std::string(dir) + "/客户.db";
  mode_t old = ::umask(0277);
  int fd = create_owner_only(path, O_WRONLY);
  ::umask(old);
  REQUIRE(fd >= 0);
  struct stat st {};
  REQUIRE(::fstat(fd, &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  ::close(fd);
  CHECK(create_owner_only(path, O_WRONLY) == -1);
  CHECK(errno == EEXIST);
  ::unlink(path.c_str());
  ::rmdir(dir);
}
