#include "rules/attendance.hpp"

#include <algorithm>
#include <cstdio>
#include <fmt/format.h>
#include <set>

#include "rules/scoring.hpp"
#include "util/error.hpp"

namespace csdesk::attendance {

const std::vector<std::string>& kinds() {
  static const std::vector<std::string> k = {"sign-in", "sign-out", "late", "early-leave", "leave", "absent", "rest"};
  return k;
}

bool own_kind(const std::string& kind) { return kind == "sign-in" || kind == "sign-out"; }

bool spoils_full_attendance(const std::string& kind) {
  return kind == "late" || kind == "early-leave" || kind == "leave" || kind == "absent";
}

int parse_clock(const std::string& text, const std::string& what) {
  int h = -1, m = -1, s = 0, used = 0;
  bool ok = false;
  if (std::sscanf(text.c_str(), "%2d:%2d:%2d%n", &h, &m, &s, &used) == 3 && used == static_cast<int>(text.size()))
    ok = true;
  else if (std::sscanf(text.c_str(), "%2d:%2d%n", &h, &m, &used) == 2 && used == static_cast<int>(text.size()))
    ok = true;
  if (!ok || h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59)
    fail_invalid("{}: '{}' is not a time of day; give HH:MM such as 09:05", what, text);
  return h * 60 + m;
}

std::string format_clock(int minute_of_day) { return fmt::format("{:02d}:{:02d}", minute_of_day / 60, minute_of_day % 60); }

int minutes_late(const allocation::ShiftHours& shift, int minute_of_day) { return std::max(0, minute_of_day - shift.begin); }

int minutes_early(const allocation::ShiftHours& shift, int minute_of_day) { return std::max(0, shift.end - minute_of_day); }

MonthTally tally(const std::vector<DayRecord>& records, std::int64_t rest_days_allowed) {
  std::set<std::string> worked, late, early, leave, absent, rest;
  for (const auto& r : records) {
    if (r.kind == "sign-in" || r.kind == "sign-out" || r.kind == "late" || r.kind == "early-leave") worked.insert(r.date);
    if (r.kind == "late") late.insert(r.date);
    if (r.kind == "early-leave") early.insert(r.date);
    if (r.kind == "leave") leave.insert(r.date);
    if (r.kind == "absent") absent.insert(r.date);
    if (r.kind == "rest") rest.insert(r.date);
  }
  MonthTally t;
  t.records = static_cast<std::int64_t>(records.size());
  t.days_worked = static_cast<std::int64_t>(worked.size());
  t.late = static_cast<std::int64_t>(late.size());
  t.early_leave = static_cast<std::int64_t>(early.size());
  t.leave = static_cast<std::int64_t>(leave.size());
  t.absent = static_cast<std::int64_t>(absent.size());
  t.rest = static_cast<std::int64_t>(rest.size());
  t.rest_over = t.rest > rest_days_allowed;
  return t;
}

bool full_attendance(const std::vector<std::string>& attendance_kinds, const std::vector<std::string>& adjustment_kinds) {
  if (attendance_kinds.empty()) return false;
  if (std::any_of(attendance_kinds.begin(), attendance_kinds.end(), spoils_full_attendance)) return false;
  return scoring::full_attendance(adjustment_kinds);
}

}  // namespace csdesk::attendance
