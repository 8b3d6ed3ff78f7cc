#include <doctest/doctest.h>

#include <algorithm>

#include "util/error.hpp"
#include "rules/revisit_plan.hpp"

using namespace csdesk;

namespace {
PlanSettings defaults() {
  PlanSettings s;
  s.interval_days = {{"A", 30}, {"B", 90}, {"C", 180}};
  s.occasions = parse_occasions({"01-01 holiday 元旦问候", "12-01 maintenance 年度保养提醒"});
  s.lead_days = 7;
  s.marketing_purposes = {"holiday", "birthday", "promotion"};
  return s;
}
constexpr std::int64_t D = 86400;
}  // namespace

TEST_CASE("occasions parse as MM-DD purpose label") {
  auto o = parse_occasions({"10-01 holiday 国庆 问候"});
  REQUIRE(o.size() == 1);
  CHECK(o[0].month == 10);
  CHECK(o[0].purpose == "holiday");
  CHECK(o[0].label == "国庆 问候");
  CHECK_THROWS_AS(parse_occasions({"13-01 holiday x"}), Error);
  CHECK_THROWS_AS(parse_occasions({"10-01 holiday"}), Error);
}

TEST_CASE("routine revisits follow the grade interval since the last contact") {
  set_time_zone("Asia/Shanghai");
  Epoch now = parse_time("2026-11-02 10:00");
  std::vector<PlanCustomer> cs = {
      {1, "A", "active", true, std::nullopt, now - 30 * D},   // due today
      {2, "A", "active", true, std::nullopt, now - 29 * D},   // not yet
      {3, "C", "active", true, std::nullopt, now - 181 * D},  // due
      {4, std::nullopt, "active", true, std::nullopt, now - 999 * D},  // no grade, no routine
      {5, "B", "lost", true, std::nullopt, now - 999 * D},    // lost: never planned
  };
  auto plans = plan_revisits(cs, defaults(), now);
  std::vector<std::int64_t> ids;
  for (const auto& p : plans) ids.push_back(p.customer_id);
  CHECK(ids == std::vector<std::int64_t>{1, 3});
  CHECK(plans[0].plan_key == fmt::format("routine:1:{}", now - 30 * D));
  CHECK(plans[0].due_at == now);
  // Same input, same keys: planning twice plans nothing new.
  CHECK(plan_revisits(cs, defaults(), now)[1].plan_key == plans[1].plan_key);
}

TEST_CASE("occasions within the lead days; marketing ones need consent") {
  set_time_zone("Asia/Shanghai");
  Epoch now = parse_time("2026-11-25 10:00");
  std::vector<PlanCustomer> cs = {
      {1, std::nullopt, "active", true, std::string("11-30"), now},
      {2, std::nullopt, "active", false, std::string("11-30"), now},
  };
  auto plans = plan_revisits(cs, defaults(), now);
  std::vector<std::string> keys;
  for (const auto& p : plans) keys.push_back(p.plan_key);
  // 12-01 maintenance is 6 days ahead (not marketing: both); the birthday only with consent.
  CHECK(keys == std::vector<std::string>{"occasion:2026-12-01:maintenance:1", "birthday:2026-11-30:1",
                                         "occasion:2026-12-01:maintenance:2"});
  CHECK(plans[0].due_at == parse_time("2026-12-01"));
  // New year's greeting: planned from 12-25 on, into the next year.
  auto late = plan_revisits({{7, std::nullopt, "active", std::nullopt, std::nullopt, now}}, defaults(),
                            parse_time("2026-12-26 09:00"));
  REQUIRE(late.size() == 1);
  CHECK(late[0].plan_key == "occasion:2027-01-01:holiday:7");
}

TEST_CASE("a follow-up score reopens, closes or keeps its complaint") {
  CHECK(followup_outcome(1, 2, 4) == FollowUpOutcome::reopen);
  CHECK(followup_outcome(2, 2, 4) == FollowUpOutcome::reopen);
  CHECK(followup_outcome(3, 2, 4) == FollowUpOutcome::keep);
  CHECK(followup_outcome(4, 2, 4) == FollowUpOutcome::close);
  CHECK(followup_outcome(5, 2, 4) == FollowUpOutcome::close);
  CHECK(followup_plan_key(7, 0) == "complaint:7");
  CHECK(followup_plan_key(7, 1) == "complaint:7:1");
}

TEST_CASE("at-risk: low scores in a row, or no contact for too long") {
  CHECK(low_scores_in_a_row({2, 1, 5}, 2, 2));
  CHECK_FALSE(low_scores_in_a_row({2, 3, 1}, 2, 2));
  CHECK_FALSE(low_scores_in_a_row({1}, 2, 2));
  CHECK(no_contact_too_long(0, 180 * D, 180));
  CHECK_FALSE(no_contact_too_long(1, 180 * D, 180));
}

TEST_CASE("worklist: overdue first, then grade A, B, C, then earliest") {
  Epoch now = 1000 * D;
  std::vector<WorkItem> items = {{now + 5, "A"}, {now - 5, "C"}, {now + 1, std::nullopt}, {now + 9, "B"}, {now - 1, "A"}};
  std::sort(items.begin(), items.end(), [&](const WorkItem& a, const WorkItem& b) { return more_urgent(a, b, now); });
  CHECK(items[0].due_at == now - 1);
  CHECK(items[1].due_at == now - 5);
  CHECK(items[2].due_at == now + 5);
  CHECK(items[3].due_at == now + 9);
  CHECK(items[4].due_at == now + 1);
}

TEST_CASE("revisit methods and purposes in English and Chinese") {
  CHECK(parse_revisit_method("电话") == "phone");
  CHECK(parse_revisit_method("SMS") == "sms");
  CHECK(parse_revisit_method("预约登门") == "visit");
  CHECK_FALSE(parse_revisit_method("fax"));
  auto purposes = revisit_purposes(parse_occasions({"06-01 festival 儿童节问候"}));
  CHECK(parse_revisit_purpose("投诉回访", purposes) == "complaint-follow-up");
  CHECK(parse_revisit_purpose("festival", purposes) == "festival");
  CHECK_FALSE(parse_revisit_purpose("chat", purposes));
}
