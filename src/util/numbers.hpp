#pragma once
// Numbers people type (flags, config files, CSDESK_* variables): plain decimal, finite, in range.
// CLI11 and strtoll/strtod would also take 0x10, 010 (octal), 0b1, 1e3, inf and nan; these do not.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace csdesk {

// "[+-]digits"; nullopt when the text is anything else. Too many digits saturate at the
// int64 limits, so a range check afterwards reports "out of range", not "not a number".
std::optional<std::int64_t> decimal_integer(std::string_view text);
// "[+-]digits[.digits]"; nullopt when the text is anything else (no exponent, inf or nan).
std::optional<double> decimal_number(std::string_view text);

// For flags: NFKC-folded (full-width ２０ is 20) and trimmed, then parsed and range-checked;
// anything else fails invalid naming `what` (the flag), the text and the range.
std::int64_t parse_whole_number(std::string_view text, std::int64_t min, std::int64_t max, std::string_view what);
double parse_decimal_number(std::string_view text, double min, double max, std::string_view what);

// "1 to 1440", "0 to 0.5": a range as the messages and `config show` print it.
std::string range_text(double min, double max);

}  // namespace csdesk
