#include "rules/purchase.hpp"

#include <vector>

#include <fmt/format.h>

#include "util/error.hpp"

namespace csdesk {

std::int64_t parse_amount_fen(std::string_view text, std::string_view what) {
  std::string s;
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == ' ' || c == ',' || c == '\t') continue;
    s += text[i];
  }
  for (std::string_view mark : {"¥", "￥", "RMB", "rmb", "CNY"})
    if (s.rfind(mark, 0) == 0) s.erase(0, mark.size());
  for (std::string_view unit : {"元", "CNY", "RMB"})
    if (s.size() >= unit.size() && s.compare(s.size() - unit.size(), unit.size(), unit) == 0) s.erase(s.size() - unit.size());
  std::int64_t yuan = 0, fen = 0;
  int decimals = -1, digits = 0;
  for (char c : s) {
    if (c == '.' && decimals < 0) {
      decimals = 0;
    } else if (c >= '0' && c <= '9') {
      if (decimals >= 0) {
        if (++decimals > 2) fail_invalid("{}: '{}' has more than two decimals; give the amount in yuan to the fen, e.g. 1280.50", what, text);
        fen = fen * 10 + (c - '0');
      } else {
        if (++digits > 12) fail_invalid("{}: '{}' is too large for an amount", what, text);
        yuan = yuan * 10 + (c - '0');
      }
    } else {
      fail_invalid("{}: '{}' is not an amount; give it in yuan, e.g. 1280 or 1280.50", what, text);
    }
  }
  if (digits == 0 && decimals <= 0) fail_invalid("{}: '{}' is not an amount; give it in yuan, e.g. 1280 or 1280.50", what, text);
  if (decimals == 1) fen *= 10;
  return yuan * 100 + fen;
}

std::string format_yuan(std::int64_t fen) { return fmt::format("{}.{:02}", fen / 100, fen % 100); }

std::optional<double> repeat_purchase_rate(std::int64_t buyers, std::int64_t repeat_buyers) {
  if (buyers <= 0) return std::nullopt;
  return static_cast<double>(repeat_buyers) / static_cast<double>(buyers);
}

std::optional<double> progress_toward(std::optional<double> baseline, std::optional<double> now, double goal) {
  if (!baseline || !now) return std::nullopt;
  if (*now >= goal) return 1.0;
  if (goal - *baseline <= 1e-12) return std::nullopt;
  return (*now - *baseline) / (goal - *baseline);
}

std::string spreadsheet_date(std::string_view text) {
  // Three runs of ASCII digits split by '/', '.', '-' or 年/月(/日): year of four, month and day of one or two.
  std::vector<std::string> parts(1);
  std::size_t i = 0;
  auto separator = [&](std::string_view s) {
    if (text.substr(i, s.size()) != s) return false;
    i += s.size();
    return true;
  };
  while (i < text.size()) {
    char c = text[i];
    if (c >= '0' && c <= '9') {
      parts.back() += c;
      ++i;
    } else if (separator("/") || separator(".") || separator("-") || separator("年") || separator("月")) {
      parts.emplace_back();
    } else if (separator("日") && i == text.size()) {
      break;
    } else {
      return std::string(text);
    }
  }
  if (parts.size() != 3 || parts[0].size() != 4 || parts[1].empty() || parts[1].size() > 2 || parts[2].empty() ||
      parts[2].size() > 2)
    return std::string(text);
  auto two = [](const std::string& s) { return s.size() == 1 ? "0" + s : s; };
  return parts[0] + "-" + two(parts[1]) + "-" + two(parts[2]);
}

}  // namespace csdesk
