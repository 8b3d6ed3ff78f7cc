#include <doctest/doctest.h>

#include "util/error.hpp"
#include "rules/sla.hpp"

using namespace csdesk;

namespace {
constexpr std::int64_t H = 3600;
WorkCalendar office() {
  set_time_zone("Asia/Shanghai");
  return WorkCalendar::from_settings(true, {"mon", "tue", "wed", "thu", "fri"}, "09:00-18:00", {});
}
}  // namespace

TEST_CASE("24 working hours from Friday 17:00 end on Wednesday 14:00") {
  auto cal = office();
  Epoch friday = parse_time("2026-11-20 17:00");
  CHECK(add_working(cal, friday, 24 * H) == parse_time("2026-11-25 14:00"));
  CHECK(working_between(cal, friday, parse_time("2026-11-25 14:00")) == 24 * H);
}

TEST_CASE("time outside working hours does not count") {
  auto cal = office();
  CHECK(working_between(cal, parse_time("2026-11-21 10:00"), parse_time("2026-11-22 20:00")) == 0);  // weekend
  CHECK(working_between(cal, parse_time("2026-11-23 07:00"), parse_time("2026-11-23 10:30")) == 90 * 60);
  // A start before opening counts from opening.
  CHECK(add_working(cal, parse_time("2026-11-23 06:00"), 2 * H) == parse_time("2026-11-23 11:00"));
  // A budget ending exactly at closing time ends that day, not the next morning.
  CHECK(add_working(cal, parse_time("2026-11-23 09:00"), 9 * H) == parse_time("2026-11-23 18:00"));
}

TEST_CASE("holidays are skipped") {
  set_time_zone("Asia/Shanghai");
  auto cal = WorkCalendar::from_settings(true, {"mon", "tue", "wed", "thu", "fri"}, "09:00-18:00", {"2026-11-23"});
  CHECK(add_working(cal, parse_time("2026-11-20 17:00"), 2 * H) == parse_time("2026-11-24 10:00"));
  CHECK(cal.describe() == "mon,tue,wed,thu,fri 09:00-18:00, 1 holiday(s)");
}

TEST_CASE("around the clock without a calendar") {
  WorkCalendar cal;
  CHECK(add_working(cal, 1000, 24 * H) == 1000 + 24 * H);
  CHECK(working_between(cal, 1000, 500) == 0);
  CHECK(cal.describe() == "around the clock");
}

TEST_CASE("a calendar without working days is refused") {
  CHECK_THROWS_AS(WorkCalendar::from_settings(true, {}, "09:00-18:00", {}), Error);
  CHECK_THROWS_AS(WorkCalendar::from_settings(true, {"mon"}, "18:00-09:00", {}), Error);
}

TEST_CASE("a P1 first response at 23 h is within 24 h, at 25 h breached by 1 h") {
  WorkCalendar cal;
  Epoch t0 = parse_time("2026-11-02 10:00");
  auto in_time = sla_clock(cal, t0, 24 * H, {}, t0 + 23 * H, true);
  CHECK_FALSE(in_time.breached);
  CHECK(in_time.remaining == 1 * H);
  auto late = sla_clock(cal, t0, 24 * H, {}, t0 + 25 * H, true);
  CHECK(late.breached);
  CHECK(late.over == 1 * H);
  CHECK(late.deadline == t0 + 24 * H);
}

TEST_CASE("pauses stop the clock and move the deadline") {
  WorkCalendar cal;
  Epoch t0 = 0;
  std::vector<Interval> pauses = {{5 * H, 15 * H}};
  auto c = sla_clock(cal, t0, 24 * H, pauses, 30 * H, true);
  CHECK(c.paused == 10 * H);
  CHECK(c.elapsed == 20 * H);
  CHECK_FALSE(c.breached);
  CHECK(c.deadline == 34 * H);
  // An open pause counts up to the stop time.
  auto open = sla_clock(cal, t0, 24 * H, {{20 * H, std::nullopt}}, 40 * H, false);
  CHECK(open.elapsed == 20 * H);
  CHECK(open.paused == 20 * H);
  CHECK(open.deadline == 44 * H);
  // A pause before the start is ignored; one after the deadline does not move it.
  auto late_pause = sla_clock(cal, 10 * H, 5 * H, {{0, 12 * H}, {20 * H, 22 * H}}, 25 * H, false);
  CHECK(late_pause.deadline == 17 * H);
  CHECK(late_pause.paused == 2 * H + 2 * H);
  // A clock stopped before a pause (first response given, then waiting) is not moved by it.
  auto answered = sla_clock(cal, 0, 24 * H, {{5 * H, 9 * H}}, 3 * H, true);
  CHECK(answered.deadline == 24 * H);
  CHECK(answered.paused == 0);
}

TEST_CASE("pauses in working time only count their working part") {
  auto cal = office();
  Epoch friday = parse_time("2026-11-20 17:00");
  // Waiting from Monday 09:00 to 13:00 pushes the Wednesday 14:00 deadline by 4 working hours, to 18:00.
  std::vector<Interval> pauses = {{parse_time("2026-11-23 09:00"), parse_time("2026-11-23 13:00")}};
  auto c = sla_clock(cal, friday, 24 * H, pauses, parse_time("2026-11-26 09:00"), false);
  CHECK(c.deadline == parse_time("2026-11-25 18:00"));
  CHECK(c.paused == 4 * H);
  CHECK(c.elapsed == 24 * H);
  CHECK_FALSE(c.breached);
}
