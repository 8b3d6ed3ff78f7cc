#pragma once
// Errors carry a kind; one function (exit_code) maps kinds to process exit codes. The fail_*
// functions translate their format string (util/i18n.hpp): a message is written as one sentence.
#include <fmt/format.h>
#include <stdexcept>
#include <string>

#include "util/i18n.hpp"

namespace csdesk {

enum class ErrorKind {
  internal = 1,   // a bug or an environment failure
  usage = 2,      // unknown command or flag, missing argument
  invalid = 3,    // bad input: names the field, line, column and what to do
  not_found = 4,  // a named record does not exist
  conflict = 5,   // wrong state, duplicate, refused operation
  not_permitted = 6,  // the operator's roles do not allow the action (names it, the roles held and those that may)
  attention = 7,      // report alerts: a figure moved beyond its threshold (the findings were printed)
};

int exit_code(ErrorKind kind);

// `message` with each NUL byte written \x00: what() is a C string, and a NUL from the input would end it.
std::string without_nul(std::string message);

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string message) : std::runtime_error(without_nul(std::move(message))), kind_(kind) {}
  ErrorKind kind() const { return kind_; }

 private:
  ErrorKind kind_;
};

template <typename... Args>
[[noreturn]] void fail(ErrorKind kind, fmt::format_string<Args...> f, Args&&... args) {
  throw Error(kind, trf(f, std::forward<Args>(args)...));
}
template <typename... Args>
[[noreturn]] void fail_invalid(fmt::format_string<Args...> f, Args&&... args) {
  throw Error(ErrorKind::invalid, trf(f, std::forward<Args>(args)...));
}
template <typename... Args>
[[noreturn]] void fail_not_found(fmt::format_string<Args...> f, Args&&... args) {
  throw Error(ErrorKind::not_found, trf(f, std::forward<Args>(args)...));
}
template <typename... Args>
[[noreturn]] void fail_conflict(fmt::format_string<Args...> f, Args&&... args) {
  throw Error(ErrorKind::conflict, trf(f, std::forward<Args>(args)...));
}
template <typename... Args>
[[noreturn]] void fail_not_permitted(fmt::format_string<Args...> f, Args&&... args) {
  throw Error(ErrorKind::not_permitted, trf(f, std::forward<Args>(args)...));
}
template <typename... Args>
[[noreturn]] void fail_usage(fmt::format_string<Args...> f, Args&&... args) {
  throw Error(ErrorKind::usage, trf(f, std::forward<Args>(args)...));
}

}  // namespace csdesk
