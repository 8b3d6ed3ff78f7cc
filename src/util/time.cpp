#include "util/time.hpp"

#include <cctype>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>

#include "util/error.hpp"

namespace csdesk {
namespace {

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// Zones without daylight saving that departments use, for machines without tzdata.
const char* posix_fallback(const std::string& name) {
  if (name == "Asia/Shanghai" || name == "Asia/Chongqing" || name == "PRC" || name == "Asia/Taipei") return "CST-8";
  if (name == "Asia/Hong_Kong") return "HKT-8";
  if (name == "Asia/Macau") return "CST-8";
  if (name == "Asia/Urumqi") return "XJT-6";
  if (name == "UTC" || name == "Etc/UTC") return "UTC0";
  return nullptr;
}

bool looks_like_posix_tz(const std::string& s) {
  // e.g. CST-8, UTC0, EST5EDT: letters then an offset.
  size_t i = 0;
  while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
  if (i < 3 || i == s.size()) return false;
  return s[i] == '-' || s[i] == '+' || std::isdigit(static_cast<unsigned char>(s[i]));
}

struct Cursor {
  std::string_view s;
  size_t i = 0;
  bool done() const { return i >= s.size(); }
  char peek() const { return done() ? '\0' : s[i]; }
  bool digits(int n, int& out) {
    if (i + n > s.size()) return false;
    int v = 0;
    for (int k = 0; k < n; ++k) {
      char c = s[i + k];
      if (c < '0' || c > '9') return false;
      v = v * 10 + (c - '0');
    }
    i += n;
    out = v;
    return true;
  }
  bool eat(char c) {
    if (peek() == c) { ++i; return true; }
    return false;
  }
};

[[noreturn]] void bad_time(std::string_view what, std::string_view text) {
  fail_invalid("{}: '{}' is not a valid time; use ISO 8601 such as 2026-11-22, 2026-11-22 09:30 or "
               "2026-11-22T09:30:00+08:00", what, text);
}

Epoch days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const Epoch era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<Epoch>(doe) - 719468;
}

constexpr const char* kZoneInfo = "/usr/share/zoneinfo/";

enum class ZoneFile { zone, folder, other, missing };

// A zone is a compiled TZif file; the zoneinfo tree also holds folders of zones (Asia) and
// tables (zone.tab), which the C library would silently read as UTC.
ZoneFile zone_file(const std::string& name) {
  if (name.empty() || name.front() == '/' || name.find("..") != std::string::npos) return ZoneFile::missing;
  std::string path = kZoneInfo + name;
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return ZoneFile::folder;
  if (!std::filesystem::is_regular_file(path, ec)) return ZoneFile::missing;
  char magic[4] = {};
  std::ifstream in(path, std::ios::binary);
  return in.read(magic, sizeof magic) && std::string_view(magic, sizeof magic) == "TZif" ? ZoneFile::zone : ZoneFile::other;
}

// The TZ value for `name`, or "" when it is no time zone.
std::string tz_value(const std::string& name, ZoneFile file) {
  if (file == ZoneFile::zone) return name;
  if (const char* f = posix_fallback(name)) return f;
  if (file == ZoneFile::missing && looks_like_posix_tz(name)) return name;
  return "";
}

}  // namespace

std::string time_zone_problem(const std::string& name) {
  ZoneFile file = zone_file(name);
  if (!tz_value(name, file).empty()) return "";
  if (file == ZoneFile::folder)
    return trf("'{}' is a folder of time zones ({}{}), not a zone; name one in it, such as Asia/Shanghai", name,
                       kZoneInfo, name);
  return trf("'{}' is not a known time zone; use an IANA name such as Asia/Shanghai (install tzdata) or a "
                     "POSIX TZ string such as CST-8", name);
}

void set_time_zone(const std::string& name) {
  std::string tz = tz_value(name, zone_file(name));
  if (tz.empty()) fail_invalid("timezone: {}", time_zone_problem(name));
  setenv("TZ", tz.c_str(), 1);
  tzset();
}

int days_in_month(int year, int month) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && is_leap(year)) return 29;
  return days[month - 1];
}

LocalTime to_local(Epoch t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  localtime_r(&tt, &tm);
  return LocalTime{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_wday};
}

Epoch from_local(int year, int month, int day, int hour, int minute, int second) {
  // Normalise month overflow so callers can ask for "month 13".
  while (month > 12) { month -= 12; ++year; }
  while (month < 1) { month += 12; --year; }
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  tm.tm_isdst = -1;
  return static_cast<Epoch>(std::mktime(&tm));
}

LocalTime parse_date(std::string_view text, std::string_view what) {
  Cursor c{text};
  LocalTime lt;
  if (!c.digits(4, lt.year) || !c.eat('-') || !c.digits(2, lt.month) || !c.eat('-') || !c.digits(2, lt.day) ||
      !c.done() || lt.month < 1 || lt.month > 12 || lt.day < 1 || lt.day > days_in_month(lt.year, lt.month) ||
      lt.year < 1970 || lt.year > 9999)
    fail_invalid("{}: '{}' is not a valid date; use YYYY-MM-DD such as 2026-11-22", what, text);
  return lt;
}

Epoch parse_time(std::string_view text, std::string_view what) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  Cursor c{text};
  int y, mo, d, h = 0, mi = 0, s = 0;
  if (!c.digits(4, y) || !c.eat('-') || !c.digits(2, mo) || !c.eat('-') || !c.digits(2, d)) bad_time(what, text);
  if (!c.done()) {
    if (!c.eat('T') && !c.eat(' ')) bad_time(what, text);
    if (!c.digits(2, h) || !c.eat(':') || !c.digits(2, mi)) bad_time(what, text);
    if (c.eat(':') && !c.digits(2, s)) bad_time(what, text);
    if (c.eat('.')) {  // fractional seconds are accepted and dropped
      int dummy;
      while (c.digits(1, dummy)) {}
    }
  }
  if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || s > 59)
    bad_time(what, text);
  if (c.done()) return from_local(y, mo, d, h, mi, s);
  int offset = 0;
  if (c.eat('Z') || c.eat('z')) {
    offset = 0;
  } else if (c.peek() == '+' || c.peek() == '-') {
    int sign = c.peek() == '-' ? -1 : 1;
    ++c.i;
    int oh, om = 0;
    if (!c.digits(2, oh)) bad_time(what, text);
    c.eat(':');
    if (!c.done() && !c.digits(2, om)) bad_time(what, text);
    if (oh > 14 || om > 59) bad_time(what, text);
    offset = sign * (oh * 3600 + om * 60);
  } else {
    bad_time(what, text);
  }
  if (!c.done()) bad_time(what, text);
  Epoch utc = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
  return utc - offset;
}

std::string format_local(Epoch t) {
  auto l = to_local(t);
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}", l.year, l.month, l.day, l.hour, l.minute);
}
std::string format_local_seconds(Epoch t) {
  auto l = to_local(t);
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", l.year, l.month, l.day, l.hour, l.minute, l.second);
}
std::string format_date(Epoch t) {
  auto l = to_local(t);
  return fmt::format("{:04}-{:02}-{:02}", l.year, l.month, l.day);
}
std::string format_iso(Epoch t) {
  auto l = to_local(t);
  Epoch as_utc = days_from_civil(l.year, l.month, l.day) * 86400 + l.hour * 3600 + l.minute * 60 + l.second;
  Epoch off = as_utc - t;
  char sign = off < 0 ? '-' : '+';
  if (off < 0) off = -off;
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}", l.year, l.month, l.day, l.hour, l.minute,
                     l.second, sign, off / 3600, (off % 3600) / 60);
}
std::string month_label(Epoch t) {
  auto l = to_local(t);
  return fmt::format("{:04}-{:02}", l.year, l.month);
}
std::string month_code(Epoch t) {
  auto l = to_local(t);
  return fmt::format("{:04}{:02}", l.year, l.month);
}

Period month_period(std::string_view text, std::string_view what) {
  Cursor c{text};
  int y, m;
  if (!c.digits(4, y) || !c.eat('-') || !c.digits(2, m) || !c.done() || m < 1 || m > 12 || y < 1970)
    fail_invalid("{}: '{}' is not a month; use YYYY-MM from 1970-01 on, such as 2026-11", what, text);
  return Period{from_local(y, m, 1), from_local(y, m + 1, 1), fmt::format("{:04}-{:02}", y, m)};
}

Period month_containing(Epoch t) { return month_period(month_label(t)); }

Period previous_month(Epoch t) { return previous_period(month_containing(t)); }

Period previous_period(const Period& p) {
  if (p.label.size() == 7) return month_containing(p.begin - 1);
  Epoch len = p.end - p.begin;
  return iso_week_containing(p.begin - len / 2);
}

namespace {
// ISO 8601 week: Monday first; week 1 holds the year's first Thursday.
Epoch iso_week_monday(int iso_year, int week) {
  Epoch jan4 = days_from_civil(iso_year, 1, 4);
  int wd = static_cast<int>(((jan4 + 4) % 7 + 7) % 7);  // 0 = Sunday
  int iso_wd = wd == 0 ? 7 : wd;
  return jan4 - (iso_wd - 1) + (week - 1) * 7;  // days since epoch
}
int iso_weeks_in_year(int y) {
  Epoch next = iso_week_monday(y + 1, 1);
  Epoch cur = iso_week_monday(y, 1);
  return static_cast<int>((next - cur) / 7);
}
Period week_from_days(Epoch monday_days, int iso_year, int week) {
  Epoch civil = monday_days;
  // civil → y/m/d
  Epoch z = civil + 719468;
  Epoch era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = static_cast<unsigned>(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int y = static_cast<int>(yoe) + static_cast<int>(era * 400);
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y += m <= 2;
  Epoch begin = from_local(y, m, d);
  Epoch end = from_local(y, m, d + 7);
  return Period{begin, end, fmt::format("{:04}-W{:02}", iso_year, week)};
}
}  // namespace

Period iso_week_period(std::string_view text, std::string_view what) {
  Cursor c{text};
  int y, w;
  if (!c.digits(4, y) || !c.eat('-') || !(c.eat('W') || c.eat('w')) || !c.digits(2, w) || !c.done() || w < 1 ||
      y < 1970 || w > iso_weeks_in_year(y))
    fail_invalid("{}: '{}' is not an ISO week; use YYYY-Www from 1970-W01 on, such as 2026-W47", what, text);
  return week_from_days(iso_week_monday(y, w), y, w);
}

Period iso_week_containing(Epoch t) {
  auto l = to_local(t);
  Epoch days = days_from_civil(l.year, l.month, l.day);
  int iso_wd = l.weekday == 0 ? 7 : l.weekday;
  Epoch thursday = days - iso_wd + 4;
  // the ISO year is the year of that Thursday
  int y = l.year;
  if (thursday < days_from_civil(y, 1, 1)) --y;
  else if (thursday >= days_from_civil(y + 1, 1, 1)) ++y;
  int week = static_cast<int>((thursday - iso_week_monday(y, 1)) / 7) + 1;
  return week_from_days(days - iso_wd + 1, y, week);
}

std::int64_t parse_duration(std::string_view text, std::string_view what) {
  if (text.empty()) fail_invalid("{}: empty duration; use a number with a unit, such as 90s, 15m, 2h, 3d or 1h30m", what);
  std::int64_t total = 0;
  size_t i = 0;
  while (i < text.size()) {
    std::int64_t n = 0;
    size_t start = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      n = n * 10 + (text[i] - '0');
      if (n > 100000000) fail_invalid("{}: '{}' is too long a duration", what, text);
      ++i;
    }
    if (i == start || i == text.size())
      fail_invalid("{}: '{}' is not a duration; use a number with a unit, such as 90s, 15m, 2h, 3d or 1h30m", what, text);
    switch (text[i]) {
      case 's': total += n; break;
      case 'm': total += n * 60; break;
      case 'h': total += n * 3600; break;
      case 'd': total += n * 86400; break;
      case 'w': total += n * 7 * 86400; break;
      default:
        fail_invalid("{}: '{}' has unknown unit '{}'; use s, m, h, d or w", what, text, text[i]);
    }
    ++i;
  }
  return total;
}

namespace {
// "2d 3h 05m" with the units given: English d/h/m or Chinese 天/小时/分.
std::string duration_text(std::int64_t seconds, const char* day, const char* hour, const char* minute) {
  std::string sign = seconds < 0 ? "-" : "";
  std::int64_t s = seconds < 0 ? -seconds : seconds;
  std::int64_t d = s / 86400, h = (s % 86400) / 3600, m = (s % 3600) / 60;
  if (d > 0) return fmt::format("{}{}{}{}{}{:02}{}", sign, d, day, h, hour, m, minute);
  return fmt::format("{}{}{}{:02}{}", sign, h, hour, m, minute);
}
}  // namespace

std::string format_duration(std::int64_t seconds) { return duration_text(seconds, "d ", "h ", "m"); }
std::string format_duration_zh(std::int64_t seconds) { return duration_text(seconds, "天", "小时", "分"); }

}  // namespace csdesk
