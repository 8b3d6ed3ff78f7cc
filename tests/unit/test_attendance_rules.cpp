// Attendance rules (seeds 001/003): lateness and early leave from the shift hours, a month's tally
// with the 4 rest days, 全勤奖 from the register.
#include <doctest/doctest.h>

#include "rules/attendance.hpp"
#include "util/error.hpp"

using namespace csdesk;
using namespace csdesk::attendance;

TEST_CASE("late and early leave from the shift hours (早班 09:00-16:30, 晚班 16:00-23:00)") {
  allocation::ShiftHours early{9 * 60, 16 * 60 + 30}, late{16 * 60, 23 * 60};
  CHECK(minutes_late(early, parse_clock("09:12", "t")) == 12);
  CHECK(minutes_late(early, parse_clock("08:55", "t")) == 0);
  CHECK(minutes_late(early, parse_clock("09:00", "t")) == 0);
  CHECK(minutes_early(early, parse_clock("16:00", "t")) == 30);
  CHECK(minutes_early(early, parse_clock("16:30", "t")) == 0);
  CHECK(minutes_early(late, parse_clock("22:30", "t")) == 30);
  CHECK(minutes_late(late, parse_clock("16:05:30", "t")) == 5);
  CHECK(format_clock(parse_clock("9:05", "t")) == "09:05");
  CHECK_THROWS_AS(parse_clock("25:00", "--at"), Error);
  CHECK_THROWS_AS(parse_clock("9点", "--at"), Error);
}

TEST_CASE("a month's tally counts each day once and flags more than the rest days allowed") {
  std::vector<DayRecord> r = {{"2026-11-02", "sign-in"}, {"2026-11-02", "late"},     {"2026-11-02", "sign-out"},
                              {"2026-11-03", "sign-in"}, {"2026-11-03", "early-leave"}, {"2026-11-04", "leave"},
                              {"2026-11-05", "absent"}};
  for (const char* d : {"2026-11-08", "2026-11-09", "2026-11-15", "2026-11-16"}) r.push_back({d, "rest"});
  MonthTally t = tally(r, 4);
  CHECK(t.days_worked == 2);
  CHECK(t.late == 1);
  CHECK(t.early_leave == 1);
  CHECK(t.leave == 1);
  CHECK(t.absent == 1);
  CHECK(t.rest == 4);
  CHECK_FALSE(t.rest_over);
  r.push_back({"2026-11-22", "rest"});
  CHECK(tally(r, 4).rest_over);
}

TEST_CASE("全勤奖: some record, none late, early, on leave or absent, and no late/absent adjustment") {
  CHECK(full_attendance({"sign-in", "sign-out", "rest"}, {}));
  CHECK_FALSE(full_attendance({}, {}));
  CHECK_FALSE(full_attendance({"sign-in", "late"}, {}));
  CHECK_FALSE(full_attendance({"sign-in", "early-leave"}, {}));
  CHECK_FALSE(full_attendance({"leave"}, {}));
  CHECK_FALSE(full_attendance({"absent"}, {}));
  CHECK_FALSE(full_attendance({"sign-in"}, {"late"}));
  CHECK(full_attendance({"sign-in"}, {"praise"}));
  CHECK(own_kind("sign-in"));
  CHECK_FALSE(own_kind("leave"));
}

#include "rules/duty.hpp"

TEST_CASE("duty rota: weekday after-hours duty in turn, Saturdays among the named, holidays skipped") {
  csdesk::DutyPlanInput in;
  in.year = 2026;
  in.month = 11;
  in.calendar = csdesk::WorkCalendar::from_settings(false, {"mon", "tue", "wed", "thu", "fri"}, "09:00-18:00",
                                                    {"2026-11-03"}, {"2026-11-08"});
  in.office_start = in.calendar.start_minute;
  in.office_end = in.calendar.end_minute;
  in.agents = {11, 12};
  in.first_agent = 1;
  in.saturday_staff = {21};
  in.duty_minutes = 60;
  auto slots = csdesk::plan_duty_month(in);
  REQUIRE(!slots.empty());
  CHECK(slots[0].date == "2026-11-02");
  CHECK(slots[0].staff_id == 12);  // the turn goes on from the month before
  CHECK(slots[0].start_minute == 18 * 60);
  CHECK(slots[0].end_minute == 19 * 60);
  CHECK(slots[1].date == "2026-11-04");  // 3 November a holiday
  CHECK(slots[1].staff_id == 11);
  int after_hours = 0, saturdays = 0;
  for (const auto& s : slots) {
    after_hours += s.kind == "after-hours";
    saturdays += s.kind == "saturday";
    if (s.date == "2026-11-08") CHECK(s.kind == "after-hours");  // a make-up Sunday is a working day
  }
  CHECK(after_hours == 21 - 1 + 1);
  CHECK(saturdays == 4);
  in.agents.clear();
  in.saturday_staff.clear();
  CHECK(csdesk::plan_duty_month(in).empty());
}
