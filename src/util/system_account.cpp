#include "util/system_account.hpp"

#include <pwd.h>
#include <unistd.h>

#include <vector>

namespace csdesk {

std::string real_account_name() {
  uid_t uid = ::getuid();
  long size = ::sysconf(_SC_GETPW_R_SIZE_MAX);
  std::vector<char> buffer(size > 0 ? static_cast<std::size_t>(size) : 16384);
  struct passwd entry {};
  struct passwd* found = nullptr;
  if (::getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found) == 0 && found && found->pw_name &&
      *found->pw_name)
    return found->pw_name;
  return std::to_string(uid);
}

}  // namespace csdesk
