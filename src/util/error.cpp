#include "util/error.hpp"

namespace csdesk {

std::string without_nul(std::string message) {
  for (size_t at = message.find('\0'); at != std::string::npos; at = message.find('\0', at + 4))
    message.replace(at, 1, "\\x00");
  return message;
}

int exit_code(ErrorKind kind) { return static_cast<int>(kind); }

}  // namespace csdesk
