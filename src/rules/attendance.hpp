#pragma once
// Attendance (考勤, seeds 001 and 003): the kinds of record, lateness and early leave from the shift
// hours (hours.early 09:00-16:30, hours.late 16:00-23:00), a month's tally per person with the seed's
// 4 rest days (每月休息4天), and 全勤奖 (无请假、无旷工、无迟到、无早退). Pure.
#include <cstdint>
#include <string>
#include <vector>

#include "rules/allocation.hpp"

namespace csdesk::attendance {

// sign-in 签到, sign-out 签退, late 迟到, early-leave 早退, leave 请假, absent 旷工, rest 休息.
const std::vector<std::string>& kinds();
// Kinds a staff member records for themselves (the rest a team-lead or supervisor records).
bool own_kind(const std::string& kind);
// Kinds that lose the month's full-attendance award: late, early-leave, leave, absent.
bool spoils_full_attendance(const std::string& kind);

// "09:05" (also "9:05", "09:05:30") → minutes after midnight; throws invalid naming `what`.
int parse_clock(const std::string& text, const std::string& what);
std::string format_clock(int minute_of_day);  // 545 → "09:05"

// Minutes a sign-in at `minute_of_day` is after the shift's start (0 when on time or early).
int minutes_late(const allocation::ShiftHours& shift, int minute_of_day);
// Minutes a sign-out at `minute_of_day` is before the shift's end (0 when at or after it).
int minutes_early(const allocation::ShiftHours& shift, int minute_of_day);

struct DayRecord {
  std::string date;  // YYYY-MM-DD
  std::string kind;
};
// One person's month: days with a record of work (sign-in, sign-out, late or early-leave), and
// days of each other kind, each day counted once.
struct MonthTally {
  std::int64_t records = 0;
  std::int64_t days_worked = 0, late = 0, early_leave = 0, leave = 0, absent = 0, rest = 0;
  bool rest_over = false;  // more rest days than allowed
};
MonthTally tally(const std::vector<DayRecord>& records, std::int64_t rest_days_allowed);

// 全勤奖 from the register: at least one attendance record in the month (no record is no proof of
// presence), none of them late, early-leave, leave or absent, and no late or absent score
// adjustment either.
bool full_attendance(const std::vector<std::string>& attendance_kinds, const std::vector<std::string>& adjustment_kinds);

}  // namespace csdesk::attendance
