#include "error.hpp"

namespace csdesk {

int exit_code(ErrorKind kind) { return static_cast<int>(kind); }

const char* error_kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::internal: return "internal error";
    case ErrorKind::usage: return "usage";
    case ErrorKind::invalid: return "invalid input";
    case ErrorKind::not_found: return "not found";
    case ErrorKind::conflict: return "conflict";
  }
  return "error";
}

}  // namespace csdesk
