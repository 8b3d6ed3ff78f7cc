// The score service called as a library: no command line, a fresh database.
#include <doctest/doctest.h>

#include "config/config.hpp"
#include "score/assessment.hpp"
#include "service_db.hpp"
#include "util/error.hpp"

using namespace csdesk;
using csdesk::testing::cell;
using csdesk::testing::ServiceDb;

namespace {

constexpr std::int64_t H = 3600;

const PersonScore& person(const MonthScores& m, const std::string& number) {
  for (const auto& p : m.people)
    if (p.staff.number == number) return p;
  throw std::out_of_range("nobody numbered " + number);
}

ScoreAdjustment adjust(ServiceDb& s, const std::string& staff, const std::string& kind, double points,
                       const std::string& date, Epoch now) {
  return add_adjustment(s.db(), checked_adjustment({kind, "测试", date, points}, now), staff, Actor{}, now);
}

}  // namespace

TEST_CASE("score service: indicators through the one SLA clock, adjustments and awards") {
  set_time_zone("Asia/Shanghai");
  ServiceDb s("score-month");
  Epoch now = parse_time("2026-11-03 10:00");
  Epoch start = parse_time("2026-09-01 09:00");
  s.staff("1001", "张伟", {"consult"}, start);
  Staff handler = s.staff("1002", "王芳", {"complaint"}, start);
  auto customer = s.customer("KH202610-0001", parse_time("2026-10-01 09:00"));
  Epoch a = parse_time("2026-10-05 10:00"), b = parse_time("2026-10-20 10:00");
  s.complaint(customer, {"TS202610-0001", "P2", "resolved", "product", a, a + 1 * H, a + 9 * H, handler.id});
  s.complaint(customer, {"TS202610-0002", "P1", "open", "product", b, std::nullopt, std::nullopt, handler.id});
  adjust(s, "1001", "late", -1, "2026-10-09", now);
  adjust(s, "1002", "praise", 2, "2026-10-15", now);

  ScorePolicy policy = score_policy(Config());
  MonthScores m = score_month(s.db(), month_period("2026-10"), policy, now);
  const PersonScore& consult = person(m, "1001");
  CHECK(consult.rule == "registration + indicators");
  CHECK(consult.registrations == 0);
  CHECK_FALSE(consult.full_attendance);
  const PersonScore& complaints = person(m, "1002");
  CHECK(complaints.rule == "indicators only");
  CHECK(complaints.complaints_handled == 2);
  CHECK(complaints.complaints_due == 2);  // one resolved, one past its 24 h
  CHECK(complaints.complaints_on_time == 1);
  REQUIRE(complaints.indicators.timeliness);
  CHECK(*complaints.indicators.timeliness == doctest::Approx(0.5));
  CHECK(complaints.indicators.adjustment_points == doctest::Approx(2));
  CHECK(complaints.full_attendance);

  Table explain = explain_score(s.db(), month_period("2026-10"), "1002", policy, now);
  CHECK(explain.name == "explain");
  CHECK(cell({explain}, "explain", "how", 1) ==
        Value{std::string("1 of 2 complaints handled responded and resolved within SLA, ×100")});

  // The score table shows the same people, in employee-number order.
  auto tables = score_tables(m);
  CHECK(cell(tables, "scores", "number", 0) == Value{std::string("1001")});
  // 1001: 90 registration points − 1 late; 1002: 50 on timeliness and resolution + 2 praise.
  CHECK(cell(tables, "scores", "award", 0) == Value{std::string("绩效奖")});
  CHECK(cell(tables, "scores", "award", 1) == Value{std::string("全勤奖")});
}

TEST_CASE("score service: frozen scores stay issued; adjustments are checked before anything is read") {
  set_time_zone("Asia/Shanghai");
  ServiceDb s("score-freeze");
  Epoch now = parse_time("2026-11-03 10:00");
  s.staff("1001", "张伟", {"consult"}, parse_time("2026-09-01 09:00"));
  ScorePolicy policy = score_policy(Config());
  Period october = month_period("2026-10");

  ScoreSheet frozen = score_sheet(s.db(), october, policy, Actor::with_roles("9001", 0, {"manager"}), false, now);
  CHECK(frozen.issue.state == Issued::frozen_now);
  CHECK(score_sheet(s.db(), october, policy, std::nullopt, false, now).issue.state == Issued::unchanged);

  adjust(s, "1001", "praise", 2.5, "2026-10-15", now);
  ScoreSheet issued = score_sheet(s.db(), october, policy, std::nullopt, false, now);
  CHECK(issued.issue.state == Issued::changed);
  CHECK(cell(issued.tables, "scores", "adjustments") == Value{0.0});
  ScoreSheet today = score_sheet(s.db(), october, policy, std::nullopt, true, now);
  CHECK(today.issue.state == Issued::recomputed);
  CHECK(cell(today.tables, "scores", "adjustments") == Value{2.5});
  CHECK(month_adjustments(s.db(), october, "1001").size() == 1);
  CHECK(month_adjustments(s.db(), month_period("2026-09"), "").empty());

  CHECK_THROWS_WITH_AS(checked_adjustment({"late", "迟到", "", 1}, now),
                       doctest::Contains("takes points away"), Error);
  CHECK_THROWS_WITH_AS(checked_adjustment({"praize", "表扬", "", 1}, now),
                       doctest::Contains("did you mean 'praise'?"), Error);
  CHECK_THROWS_WITH_AS(checked_adjustment({"praise", "  ", "", 1}, now), doctest::Contains("--reason"), Error);
  CHECK(checked_adjustment({"Praise", "表扬", "", 1}, now).on_date == "2026-11-03");
}
