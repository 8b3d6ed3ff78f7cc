#include <doctest/doctest.h>

#include "rules/complaint_sla.hpp"

using namespace csdesk;

namespace {
constexpr std::int64_t H = 3600;
}

TEST_CASE("complaint clocks: budgets per priority, overdue only while being worked on") {
  set_time_zone("Asia/Shanghai");
  Config config;
  WorkCalendar cal = sla_calendar(config);
  CHECK_FALSE(cal.enabled);
  Epoch t0 = parse_time("2026-11-02 10:00");
  ComplaintTimes t{"P2", "open", t0, std::nullopt, std::nullopt, {}};
  auto c = complaint_clocks(config, cal, t, t0 + 25 * H);
  CHECK(c.first_response.breached);  // 24 h for every priority
  CHECK_FALSE(c.resolution.breached);  // P2: 72 h
  CHECK(c.overdue);
  CHECK(c.next_deadline == t0 + 24 * H);

  t.status = "in-progress";
  t.first_response_at = t0 + 2 * H;  // answered in time: only the resolution clock runs
  c = complaint_clocks(config, cal, t, t0 + 25 * H);
  CHECK_FALSE(c.overdue);
  CHECK(c.next_deadline == t0 + 72 * H);

  t.status = "resolved";
  t.resolved_at = t0 + 80 * H;  // resolved late: breached, but no longer overdue
  c = complaint_clocks(config, cal, t, t0 + 100 * H);
  CHECK(c.resolution.breached);
  CHECK(c.resolution.over == 8 * H);
  CHECK_FALSE(c.overdue);
  CHECK_FALSE(c.next_deadline);
}

TEST_CASE("the calendar comes from config") {
  Config config;
  config.set_text("sla.calendar", "true", "test");
  config.set_text("sla.holidays", "2026-10-01,2026-10-02", "test");
  WorkCalendar cal = sla_calendar(config);
  CHECK(cal.enabled);
  CHECK(cal.holidays.size() == 2);
  CHECK(cal.describe() == "mon,tue,wed,thu,fri 09:00-18:00, 2 holiday(s)");
}
