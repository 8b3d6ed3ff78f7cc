#include <doctest/doctest.h>

#include "config/policies.hpp"
#include "rules/complaint_sla.hpp"
#include "util/error.hpp"

using namespace csdesk;

namespace {
constexpr std::int64_t H = 3600;
}

TEST_CASE("complaint clocks: budgets per priority, overdue only while being worked on") {
  set_time_zone("Asia/Shanghai");
  SlaPolicy sla = sla_policy(Config());
  CHECK_FALSE(sla.calendar.enabled);
  Epoch t0 = parse_time("2026-11-02 10:00");
  ComplaintTimes t{"P2", "open", t0, std::nullopt, std::nullopt, {}};
  auto c = complaint_clocks(sla, t, t0 + 25 * H);
  CHECK(c.first_response.breached);  // 24 h for every priority
  CHECK_FALSE(c.resolution.breached);  // P2: 72 h
  CHECK(c.overdue);
  CHECK(c.next_deadline == t0 + 24 * H);

  t.status = "in-progress";
  t.first_response_at = t0 + 2 * H;  // answered in time: the resolution and feedback clocks run
  c = complaint_clocks(sla, t, t0 + 25 * H);
  CHECK_FALSE(c.overdue);
  CHECK(c.next_deadline == t0 + 26 * H);  // the customer hears of it again within 24 h of the response
  REQUIRE(c.feedback);
  CHECK(c.feedback->start == t0 + 2 * H);

  t.status = "resolved";
  t.resolved_at = t0 + 80 * H;  // resolved late: breached, but no longer overdue
  c = complaint_clocks(sla, t, t0 + 100 * H);
  CHECK(c.resolution.breached);
  CHECK(c.resolution.over == 8 * H);
  CHECK_FALSE(c.overdue);
  CHECK_FALSE(c.next_deadline);
}

TEST_CASE("the policy comes from config: calendar and budgets") {
  Config config;
  config.set_text("sla.calendar", "true", "test");
  config.set_text("sla.holidays", "2026-10-01,2026-10-02", "test");
  config.set_text("sla.resolution_hours.P3", "200", "test");
  SlaPolicy sla = sla_policy(config);
  const WorkCalendar& cal = sla.calendar;
  CHECK(cal.enabled);
  CHECK(cal.holidays.size() == 2);
  CHECK(sla.resolution_limit("P3") == 200 * H);
  CHECK(sla.first_response_limit("P1") == 24 * H);
  CHECK(cal.describe() == "mon,tue,wed,thu,fri 09:00-18:00, 2 holiday(s)");
}

namespace {
// A policy as plain values, no config: 2 h to respond, 10 h to resolve, around the clock.
SlaPolicy plain_policy() {
  SlaPolicy p;
  p.first_response_budget["P2"] = 2 * H;
  p.resolution_budget["P2"] = 10 * H;
  return p;
}
}  // namespace

TEST_CASE("the one clock: on time, settled, and overdue at a past moment") {
  set_time_zone("Asia/Shanghai");
  SlaPolicy sla = plain_policy();
  Epoch t0 = parse_time("2026-11-02 10:00");
  ComplaintTimes t{"P2", "resolved", t0, t0 + 1 * H, t0 + 9 * H, {}};
  auto c = complaint_clocks(sla, t, t0 + 50 * H);
  CHECK(c.on_time());
  CHECK(c.settled());
  CHECK(c.first_response.elapsed == 1 * H);
  CHECK(c.resolution.elapsed == 9 * H);

  // Responded late, resolved in time: settled, not on time.
  t.first_response_at = t0 + 3 * H;
  c = complaint_clocks(sla, t, t0 + 50 * H);
  CHECK(c.settled());
  CHECK_FALSE(c.on_time());

  // Still open: settled only once past its resolution budget.
  t = ComplaintTimes{"P2", "in-progress", t0, t0 + 1 * H, std::nullopt, {}};
  CHECK_FALSE(complaint_clocks(sla, t, t0 + 10 * H).settled());
  CHECK(complaint_clocks(sla, t, t0 + 10 * H + 1).settled());
  CHECK_FALSE(complaint_clocks(sla, t, t0 + 50 * H).on_time());

  // Resolved after a period's end: at that end its clock was still running.
  t.resolved_at = t0 + 30 * H;
  CHECK(resolution_clock_at(sla, t, t0 + 20 * H).breached);
  CHECK_FALSE(resolution_clock_at(sla, t, t0 + 20 * H).stopped);
  CHECK_FALSE(resolution_clock_at(sla, t, t0 + 5 * H).breached);
}

TEST_CASE("the one clock: waiting on the customer does not count") {
  set_time_zone("Asia/Shanghai");
  SlaPolicy sla = plain_policy();
  Epoch t0 = parse_time("2026-11-02 10:00");
  // 8 h of waiting: 12 h after receipt only 4 h count, and the deadline moves 8 h later.
  ComplaintTimes t{"P2", "in-progress", t0, t0 + 1 * H, std::nullopt, {{t0 + 2 * H, t0 + 10 * H}}};
  auto c = complaint_clocks(sla, t, t0 + 12 * H);
  CHECK(c.resolution.elapsed == 4 * H);
  CHECK(c.resolution.deadline == t0 + 18 * H);
  CHECK_FALSE(c.settled());
  CHECK(resolution_clock_at(sla, t, t0 + 19 * H).breached);
}

TEST_CASE("a priority without a budget is an internal error, not a silent zero") {
  SlaPolicy sla = plain_policy();
  ComplaintTimes t{"P9", "open", 0, std::nullopt, std::nullopt, {}};
  CHECK_THROWS_AS(complaint_clocks(sla, t, 100), Error);
}

TEST_CASE("the seeds' clocks: e-mail reply, feedback on a delayed problem, crisis plan, handovers") {
  set_time_zone("Asia/Shanghai");
  Config config;
  config.set_text("sla.email_reply_hours", "2", "test");
  SlaPolicy sla = sla_policy(config);
  CHECK(sla.feedback_budget == 24 * H);   // seed 003
  CHECK(sla.handover_budget == 24 * H);   // seed 002
  CHECK(sla.crisis_budget == 2 * H);      // the department's X hours
  Epoch t0 = parse_time("2026-11-02 10:00");

  SUBCASE("an e-mail is answered within its own limit, shorter than the first response's") {
    ComplaintTimes t{"P3", "open", t0, std::nullopt, std::nullopt, {}};
    t.channel = "email";
    auto c = complaint_clocks(sla, t, t0 + 3 * H);
    REQUIRE(c.email_reply);
    CHECK(c.email_reply->deadline == t0 + 2 * H);
    CHECK(c.overdue);
    CHECK(c.next_deadline == t0 + 2 * H);
    t.channel = "phone";
    CHECK_FALSE(complaint_clocks(sla, t, t0 + 3 * H).overdue);  // a phone call has the 24 h of its priority
  }

  SUBCASE("each word to the customer restarts the feedback clock; a long silence stays on the record") {
    ComplaintTimes t{"P3", "in-progress", t0, t0 + 1 * H, std::nullopt, {}};
    t.feedback_marks = {t0 + 1 * H, t0 + 20 * H};
    auto c = complaint_clocks(sla, t, t0 + 40 * H);
    REQUIRE(c.feedback);
    CHECK(c.feedback->start == t0 + 20 * H);
    CHECK(c.feedback->deadline == t0 + 44 * H);
    CHECK_FALSE(c.overdue);
    CHECK(c.feedback_breaches == 0);
    c = complaint_clocks(sla, t, t0 + 45 * H);
    CHECK(c.overdue);  // 25 h without a word
    t.feedback_marks.push_back(t0 + 50 * H);
    t.status = "resolved";
    t.resolved_at = t0 + 60 * H;
    c = complaint_clocks(sla, t, t0 + 70 * H);
    CHECK_FALSE(c.overdue);
    CHECK(c.feedback_breaches == 1);  // 20 h → 50 h was 30 h
    CHECK(c.settled());
    CHECK_FALSE(c.on_time());
    t.feedback_marks = {t0 + 1 * H, t0 + 20 * H, t0 + 40 * H};  // told every day: on time
    c = complaint_clocks(sla, t, t0 + 70 * H);
    CHECK(c.feedback_breaches == 0);
    CHECK(c.on_time());
  }

  SUBCASE("waiting on the customer stops the feedback clock too") {
    ComplaintTimes t{"P3", "in-progress", t0, t0 + 1 * H, std::nullopt, {Interval{t0 + 2 * H, t0 + 12 * H}}};
    auto c = complaint_clocks(sla, t, t0 + 30 * H);
    REQUIRE(c.feedback);
    CHECK(c.feedback->elapsed == 19 * H);
    CHECK_FALSE(c.overdue);
  }

  SUBCASE("a crisis's plan counts elapsed hours even with the working calendar on") {
    config.set_text("sla.calendar", "true", "test");
    SlaPolicy cal = sla_policy(config);
    Epoch friday_evening = parse_time("2026-11-06 20:00");
    ComplaintTimes t{"P1", "in-progress", friday_evening, friday_evening, std::nullopt, {}};
    t.crisis_at = friday_evening;
    auto c = complaint_clocks(cal, t, friday_evening + 3 * H);
    REQUIRE(c.crisis_plan);
    CHECK(c.crisis_plan->deadline == friday_evening + 2 * H);
    CHECK(c.overdue);
    t.crisis_plan_at = friday_evening + 1 * H;
    c = complaint_clocks(cal, t, friday_evening + 3 * H);
    CHECK(c.crisis_plan->stopped);
    CHECK_FALSE(c.crisis_plan->breached);
  }

  SUBCASE("a decision item is handed to its department within 24 hours") {
    ComplaintTimes t{"P3", "in-progress", t0, t0 + 1 * H, std::nullopt, {}};
    t.feedback_marks = {t0 + 1 * H, t0 + 23 * H, t0 + 46 * H};
    t.handovers = {{"技术部", t0 + 2 * H, t0 + 10 * H}, {"财务部", t0 + 3 * H, std::nullopt}};
    auto c = complaint_clocks(sla, t, t0 + 28 * H);
    REQUIRE(c.handovers.size() == 2);
    CHECK(c.handovers[0].stopped);
    CHECK_FALSE(c.handovers[0].breached);
    CHECK(c.handovers[1].breached);
    CHECK(c.overdue);
    t.handovers[1].handed_at = t0 + 29 * H;
    c = complaint_clocks(sla, t, t0 + 30 * H);
    CHECK_FALSE(c.overdue);
    t.status = "resolved";
    t.resolved_at = t0 + 50 * H;
    CHECK_FALSE(complaint_clocks(sla, t, t0 + 60 * H).on_time());  // the late handover stays on the record
  }
}
