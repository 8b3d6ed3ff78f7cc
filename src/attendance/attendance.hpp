#pragma once
// The attendance register as a service (考勤, seeds 001 and 003): one's own sign-in and sign-out
// (Permission::attendance_own); late, early leave, leave, absence and rest days, and anything for
// someone else, by a team-lead or supervisor (Permission::attendance_manage); leave with an approver
// who may approve it; a clock-in export imported all or nothing; a month's tally per person.
#include <string>
#include <vector>

#include "config/config.hpp"
#include "rules/allocation.hpp"
#include "rules/attendance.hpp"
#include "rules/permissions.hpp"
#include "store/attendance.hpp"
#include "store/staff.hpp"
#include "util/time.hpp"

namespace csdesk {

// What attendance reads from config: the shifts (hours.early, hours.late) and hours.rest_days_per_month.
struct AttendancePolicy {
  allocation::ShiftHours early{9 * 60, 16 * 60 + 30}, late{16 * 60, 23 * 60};
  std::int64_t rest_days = 4;
};
AttendancePolicy attendance_policy(const Config& config);

struct AttendanceInput {
  std::string staff;  // employee number or name; empty: the operator
  std::string date;   // YYYY-MM-DD; empty: today
  std::string kind;   // a code or its Chinese name (签到, 迟到, …)
  std::string at;     // HH:MM of a sign-in or sign-out; empty: now when the date is today
  std::string minutes, approver, note;
};

// The record written, and the late or early-leave record its sign-in or sign-out gave under the
// staff member's shift (none when on time, or when they have no shift).
std::vector<AttendanceRecord> record_attendance(Database& db, const Actor& actor, Epoch now, const AttendancePolicy& policy,
                                                const AttendanceInput& in);

struct AttendanceImported {
  std::int64_t rows = 0, records = 0, late = 0, early_leave = 0, skipped = 0;  // skipped: rows with no time
};
// `attendance import FILE`: a clock-in export with a header row (工号, 日期, 签到, 签退, optional 备注;
// English staff, date, sign_in, sign_out, note). Every problem is named by file, line and column,
// and any problem imports nothing.
AttendanceImported import_attendance(Database& db, const Actor& actor, Epoch now, const AttendancePolicy& policy,
                                     const std::string& path);

// `attendance list`: a month's records (YYYY-MM, "" for all), of one staff member ("" for all).
std::vector<AttendanceRecord> list_attendance(Database& db, const std::string& month, const std::string& staff_ref);

struct AttendanceSummaryRow {
  Staff staff;
  attendance::MonthTally tally;
};
// `attendance summary --month`: every active staff member's tally (or one's), by employee number.
std::vector<AttendanceSummaryRow> attendance_summary(Database& db, const std::string& month, const std::string& staff_ref,
                                                     const AttendancePolicy& policy);

}  // namespace csdesk
