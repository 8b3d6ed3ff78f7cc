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

// A manager with no staff row of their own, so that nobody adjusted is themselves.
const Actor manager = Actor::with_roles("9001", 9001, {"manager"});

ScoreAdjustment adjust(ServiceDb& s, const std::string& staff, const std::string& kind, double points,
                       const std::string& date, Epoch now, const Actor& by = manager) {
  return add_adjustment(s.db(), checked_adjustment({kind, "测试", date, points}, now), staff, by, now);
}

std::int64_t adjustments_stored(ServiceDb& s) {
  return s.db().sql().query_int("SELECT COUNT(*) FROM score_adjustments");
}

// Runs `f`, which must throw an Error of `kind` whose message holds `says`.
template <typename F>
void refused(F&& f, ErrorKind kind, const std::string& says) {
  try {
    f();
    FAIL("not refused; expected: " << says);
  } catch (const Error& e) {
    CHECK(e.kind() == kind);
    CHECK_MESSAGE(std::string(e.what()).find(says) != std::string::npos, e.what());
  }
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

  Config tracked;
  tracked.set_text("score.attendance_tracked", "true", "test");
  ScorePolicy policy = score_policy(tracked);
  // 全勤奖 reads the attendance register: 1002 signed in on time once in October.
  s.db().sql().execute("INSERT INTO attendance (staff_id, on_date, kind, at_time, recorded_at) "
                    "SELECT id, '2026-10-08', 'sign-in', '09:00', 0 FROM staff WHERE number = '1002'");
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

  // Untracked attendance (the default): nobody gets 全勤奖 and the award table says why.
  MonthScores untracked = score_month(s.db(), month_period("2026-10"), score_policy(Config()), now);
  CHECK_FALSE(person(untracked, "1002").full_attendance);
  auto plain = score_tables(untracked);
  CHECK(cell(plain, "scores", "full_attendance", 1) == Value{});
  CHECK(cell(plain, "scores", "award", 1) == Value{std::string("")});
  CHECK(cell(plain, "awards", "note", 0) == Value{std::string("attendance not tracked")});

  // Tracked, but someone with nothing at all in the month is not presumed present.
  s.staff("1003", "刘洋", {"consult"}, start);
  MonthScores idle = score_month(s.db(), month_period("2026-10"), policy, now);
  CHECK_FALSE(person(idle, "1003").active);
  CHECK_FALSE(person(idle, "1003").full_attendance);
  CHECK(person(idle, "1002").full_attendance);
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

  // Settings changed since: the issued scores stay, --recompute shows today's.
  ScorePolicy lower = policy;
  lower.registration.lower_points = 80;
  ScoreSheet issued = score_sheet(s.db(), october, lower, std::nullopt, false, now);
  CHECK(issued.issue.state == Issued::changed);
  CHECK(cell(issued.tables, "scores", "registration_points") == Value{90.0});
  ScoreSheet today = score_sheet(s.db(), october, lower, std::nullopt, true, now);
  CHECK(today.issue.state == Issued::recomputed);
  CHECK(cell(today.tables, "scores", "registration_points") == Value{80.0});

  // An adjustment dated in the frozen month is refused, entered when it may; November's is taken.
  refused([&] { adjust(s, "1001", "praise", 2.5, "2026-10-15", now); }, ErrorKind::conflict,
          "2026-10-15, inside the scores of 2026-10, frozen at 2026-11-03 10:00 by 9001");
  CHECK(adjustments_stored(s) == 0);
  CHECK(month_adjustments(s.db(), october, "1001").empty());
  adjust(s, "1001", "praise", 2.5, "2026-11-02", now);
  CHECK(month_adjustments(s.db(), month_period("2026-11"), "1001").size() == 1);

  CHECK_THROWS_WITH_AS(checked_adjustment({"late", "迟到", "", 1}, now),
                       doctest::Contains("takes points away"), Error);
  CHECK_THROWS_WITH_AS(checked_adjustment({"praize", "表扬", "", 1}, now),
                       doctest::Contains("did you mean 'praise'?"), Error);
  CHECK_THROWS_WITH_AS(checked_adjustment({"praise", "  ", "", 1}, now), doctest::Contains("--reason"), Error);
  CHECK(checked_adjustment({"Praise", "表扬", "", 1}, now).on_date == "2026-11-03");
}

TEST_CASE("score service: adjustments by supervisors and managers only, never on oneself, every kind") {
  set_time_zone("Asia/Shanghai");
  ServiceDb s("score-adjust-who");
  Epoch now = parse_time("2026-11-03 10:00");
  Epoch start = parse_time("2026-09-01 09:00");
  Staff agent = s.staff("1001", "张伟", {"consult"}, start);
  s.staff("1002", "王芳", {"consult"}, start);
  Staff lead = s.staff("8001", "李主管", {"supervisor"}, start);
  Staff head = s.staff("9001", "赵经理", {"manager"}, start);
  Actor as_agent = Actor::with_roles("1001", agent.id, {"consult"});
  Actor as_lead = Actor::with_roles("8001", lead.id, {"supervisor"});
  Actor as_head = Actor::with_roles("9001", head.id, {"manager"});

  refused([&] { adjust(s, "1001", "praise", 50, "", now, as_agent); }, ErrorKind::not_permitted,
          "1001 (consult) (acting) is not allowed to adjust a staff member's score");
  refused([&] { adjust(s, "1002", "late", -1, "", now, as_agent); }, ErrorKind::not_permitted, "team-lead or supervisor or inspector or manager or director");
  refused([&] { adjust(s, "1001", "praise", 1, "", now, Actor{}); }, ErrorKind::not_permitted, "system");
  // Named copies rather than structured bindings: clang 14 (the sanitizer build) cannot capture those.
  for (const auto& self : {std::pair{"8001", &as_lead}, std::pair{"9001", &as_head}}) {
    const char* who = self.first;
    const Actor* actor = self.second;
    for (const char* kind : {"praise", "late", "absent", "other"})
      refused([&] { adjust(s, who, kind, kind == std::string("praise") ? 1 : -1, "", now, *actor); },
              ErrorKind::not_permitted, "no one adjusts their own score");
  }
  CHECK(adjustments_stored(s) == 0);

  for (const char* kind : {"praise", "complaint", "late", "absent", "inspection", "other"}) {
    bool away = kind != std::string("praise") && kind != std::string("other");
    CHECK(adjust(s, "1001", kind, away ? -1 : 1, "2026-11-02", now, as_lead).operator_label == "8001");
  }
  adjust(s, "8001", "praise", 1, "2026-11-02", now, as_head);
  CHECK(adjustments_stored(s) == 7);
}
