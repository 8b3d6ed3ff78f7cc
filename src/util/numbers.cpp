#include "util/numbers.hpp"

#include <cstdlib>
#include <fmt/format.h>
#include <limits>

#include "util/error.hpp"
#include "util/text.hpp"

namespace csdesk {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Length of the run of digits at `i`.
std::size_t digits_at(std::string_view s, std::size_t i) {
  std::size_t n = 0;
  while (i + n < s.size() && is_digit(s[i + n])) ++n;
  return n;
}

std::size_t sign_length(std::string_view s) { return !s.empty() && (s[0] == '+' || s[0] == '-') ? 1 : 0; }

}  // namespace

std::optional<std::int64_t> decimal_integer(std::string_view text) {
  std::size_t start = sign_length(text);
  std::size_t n = digits_at(text, start);
  if (n == 0 || start + n != text.size()) return std::nullopt;
  bool negative = text[0] == '-';
  constexpr auto max = std::numeric_limits<std::int64_t>::max();
  std::int64_t value = 0;
  for (std::size_t i = start; i < text.size(); ++i) {
    int d = text[i] - '0';
    if (value > (max - d) / 10) return negative ? std::numeric_limits<std::int64_t>::min() : max;
    value = value * 10 + d;
  }
  return negative ? -value : value;
}

std::optional<double> decimal_number(std::string_view text) {
  std::size_t start = sign_length(text);
  std::size_t whole = digits_at(text, start);
  std::size_t end = start + whole;
  if (whole == 0) return std::nullopt;
  if (end < text.size() && text[end] == '.') {
    std::size_t fraction = digits_at(text, end + 1);
    if (fraction == 0) return std::nullopt;
    end += 1 + fraction;
  }
  if (end != text.size()) return std::nullopt;
  // strtod sees only a sign, digits and one point: a finite value, or ±HUGE_VAL for hundreds
  // of digits, which every range check refuses.
  return std::strtod(std::string(text).c_str(), nullptr);
}

std::string range_text(double min, double max) { return trf("{} to {}", min, max); }

std::int64_t parse_whole_number(std::string_view text, std::int64_t min, std::int64_t max, std::string_view what) {
  std::string t = trim(nfkc(text, what));
  auto v = decimal_integer(t);
  if (!v)
    fail_invalid("{}: '{}' is not a whole number; give one in decimal digits from {} to {}", what, text, min, max);
  if (*v < min || *v > max) fail_invalid("{}: {} is out of range; give a whole number from {} to {}", what, text, min, max);
  return *v;
}

double parse_decimal_number(std::string_view text, double min, double max, std::string_view what) {
  std::string t = trim(nfkc(text, what));
  auto v = decimal_number(t);
  if (!v)
    fail_invalid("{}: '{}' is not a number; give one in decimal digits such as 2 or -0.5, from {}", what, text,
                 range_text(min, max));
  if (!(*v >= min && *v <= max)) fail_invalid("{}: {} is out of range; give a number from {}", what, text, range_text(min, max));
  return *v;
}

}  // namespace csdesk
