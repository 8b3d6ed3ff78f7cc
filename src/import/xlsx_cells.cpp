#include "import/xlsx_cells.hpp"

#include <charconv>
#include <chrono>
#include <cmath>
#include <fmt/format.h>

#include "util/i18n.hpp"
#include "util/text.hpp"

namespace csdesk {
namespace {

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

}  // namespace

std::string xlsx_number_text(double value) {
  if (!std::isfinite(value)) return std::to_string(value);
  // Up to 2^53 every whole double is exact: the digits typed.
  if (value == std::trunc(value) && std::fabs(value) < 9007199254740992.0)
    return std::to_string(static_cast<std::int64_t>(value));
  char buf[400];
  auto r = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed);
  return std::string(buf, r.ptr);
}

DateFormat builtin_date_format(int id) {
  switch (id) {
    case 14: case 15: case 16: case 17: case 27: case 28: case 29: case 30: case 31: case 36:
    case 50: case 51: case 52: case 53: case 54: case 57: case 58:
      return {true, false};
    case 18: case 19: case 20: case 21: case 32: case 33: case 34: case 35: case 45: case 46: case 47:
    case 55: case 56:
      return {false, true};
    case 22:
      return {true, true};
    default:
      return {};
  }
}

DateFormat date_format_of_code(std::string_view code) {
  DateFormat f;
  if (to_lower_ascii(trim(code)) == "general") return f;
  bool month_or_minute = false;
  // Only the first section (positive numbers) decides; the others format the same value.
  for (size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (c == ';') break;
    if (c == '"') {  // literal text
      size_t end = code.find('"', i + 1);
      if (end == std::string_view::npos) break;
      i = end;
      continue;
    }
    if (c == '\\' || c == '_' || c == '*') {  // an escaped character, a space as wide as one, a fill
      ++i;
      continue;
    }
    if (c == '[') {  // [Red], [$-804], [>100]; but [h], [mm], [ss] are elapsed time
      size_t end = code.find(']', i + 1);
      if (end == std::string_view::npos) break;
      std::string inside = to_lower_ascii(std::string(code.substr(i + 1, end - i - 1)));
      if (!inside.empty() && inside.find_first_not_of(inside[0]) == std::string::npos &&
          (inside[0] == 'h' || inside[0] == 'm' || inside[0] == 's'))
        f.time = true;
      i = end;
      continue;
    }
    switch (c | 0x20) {
      case 'y': case 'd': case 'e': f.date = true; break;  // e: the era year of zh/ja formats
      case 'h': case 's': f.time = true; break;
      case 'm': month_or_minute = true; break;
      default: break;
    }
  }
  if (month_or_minute && !f.time) f.date = true;  // m beside h or s is minutes; alone, the month
  return f;
}

std::string xlsx_date_text(double serial, bool date1904, DateFormat format, std::string* why) {
  auto fail = [&](std::string reason) {
    if (why) *why = std::move(reason);
    return std::string();
  };
  if (!std::isfinite(serial) || serial < 0 || serial >= 2958466.0)
    return fail(trf("{} is not a date Excel can show (0 to 2958465, 9999-12-31)", xlsx_number_text(serial)));
  auto seconds = static_cast<std::int64_t>(std::llround(serial * 86400.0));
  std::int64_t days = seconds / 86400, second_of_day = seconds % 86400;
  using namespace std::chrono;
  sys_days day;
  if (date1904) {
    day = sys_days(year{1904} / January / 1) + std::chrono::days(days);
  } else {
    if (days == 60 && format.date)
      return fail(std::string(tr("60 is 1900-02-29 in Excel's 1900 date system, a day that never was; type the date again")));
    // Serial 1 is 1900-01-01; Excel counts a 29 February 1900, so from 61 on the days run one ahead.
    day = sys_days(year{1899} / December / 31) + std::chrono::days(days < 60 ? days : days - 1);
  }
  if (format.date && !date1904 && days == 0)
    return fail(std::string(tr("0 is no day in Excel's 1900 date system (it shows 1900-01-00); type the date again")));
  year_month_day ymd(day);
  std::string text;
  if (format.date || !format.time)
    text = fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                       static_cast<unsigned>(ymd.day()));
  if (format.time) {
    if (!text.empty()) text += ' ';
    text += fmt::format("{:02}:{:02}", second_of_day / 3600, second_of_day / 60 % 60);
    if (second_of_day % 60) text += fmt::format(":{:02}", second_of_day % 60);
  }
  return text;
}

std::string decode_ooxml_escapes(std::string_view text) {
  if (text.find("_x") == std::string_view::npos) return std::string(text);
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') return (c | 0x20) - 'a' + 10;
    return -1;
  };
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '_' && i + 6 < text.size() && text[i + 1] == 'x' && text[i + 6] == '_') {
      int a = hex(text[i + 2]), b = hex(text[i + 3]), c = hex(text[i + 4]), d = hex(text[i + 5]);
      if (a >= 0 && b >= 0 && c >= 0 && d >= 0) {
        auto code = static_cast<char32_t>((a << 12) | (b << 8) | (c << 4) | d);
        if (code < 0xD800 || code > 0xDFFF) {  // a lone surrogate half is no character: kept as written
          append_utf8(out, code);
          i += 6;
          continue;
        }
      }
    }
    out += text[i];
  }
  return out;
}

std::optional<CellRef> parse_cell_ref(std::string_view ref) {
  CellRef r;
  size_t i = 0;
  for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z'; ++i) {
    r.column = r.column * 26 + static_cast<std::uint32_t>(ref[i] - 'A' + 1);
    if (r.column > 16384) return std::nullopt;  // XFD, Excel's last column
  }
  if (i == 0 || i == ref.size()) return std::nullopt;
  for (; i < ref.size(); ++i) {
    if (ref[i] < '0' || ref[i] > '9') return std::nullopt;
    r.row = r.row * 10 + static_cast<std::uint32_t>(ref[i] - '0');
    if (r.row > 1048576) return std::nullopt;  // Excel's last row
  }
  if (r.row == 0) return std::nullopt;
  return r;
}

std::string column_letters(std::uint32_t column) {
  std::string s;
  for (; column > 0; column = (column - 1) / 26) s.insert(s.begin(), static_cast<char>('A' + (column - 1) % 26));
  return s;
}

}  // namespace csdesk
