#include <doctest/doctest.h>

#include "config/config.hpp"
#include "rules/scoring.hpp"
#include "score/assessment.hpp"

using namespace csdesk;
using namespace csdesk::scoring;

TEST_CASE("registration points: the seed rule at every boundary") {
  RegistrationRule rule = score_policy(Config()).registration;
  const std::pair<std::int64_t, std::int64_t> cases[] = {
      {279, 90}, {280, 90}, {281, 96}, {320, 99},  {321, 100}, {329, 100}, {330, 100},
      {339, 100}, {340, 101}, {379, 104}, {380, 110}, {381, 110}, {0, 90}, {1000, 110}};
  for (const auto& c : cases) {
    std::int64_t n = c.first;  // not a structured binding: CAPTURE takes it into a lambda (clang 14)
    CAPTURE(n);
    CHECK(registration_points(n, rule) == c.second);
  }
}

TEST_CASE("registration points follow the configured numbers") {
  Config c;
  c.set_text("score.target", "20", "test");
  c.set_text("score.upper_threshold", "30", "test");
  c.set_text("score.lower_threshold", "10", "test");
  c.set_text("score.step", "5", "test");
  c.set_text("score.points_per_step", "2", "test");
  RegistrationRule rule = score_policy(c).registration;
  CHECK(registration_points(10, rule) == 90);
  CHECK(registration_points(11, rule) == 98);   // trunc(-9/5) = -1 → 100 - 2
  CHECK(registration_points(25, rule) == 102);
  CHECK(registration_points(29, rule) == 102);
  CHECK(registration_points(30, rule) == 110);
}

TEST_CASE("prorating scales the target and thresholds only") {
  RegistrationRule half = prorated(RegistrationRule{}, 15, 30);
  CHECK(half.target == 165);
  CHECK(half.upper_threshold == 190);
  CHECK(half.lower_threshold == 140);
  CHECK(half.step == 10);
  CHECK(registration_points(165, half) == 100);
  CHECK(prorated(RegistrationRule{}, 30, 30).target == 330);
}

TEST_CASE("combined score: weighted mean of what applies, minus complaints, plus adjustments") {
  Weights w;  // 0.5 / 0.15 / 0.15 / 0.2, penalty 2
  Indicators all{100.0, 1.0, 0.5, 0.75, 1, 3};
  // 100×0.5 + 100×0.15 + 50×0.15 + 75×0.2 = 87.5; −2 + 3
  CHECK(combined_score(all, w).score == doctest::Approx(88.5));
  Indicators sales{std::nullopt, 1.0, 0.5, std::nullopt, 0, 0};
  // only timeliness and resolution apply, equal weights → 75
  auto c = combined_score(sales, w);
  CHECK(c.score == doctest::Approx(75));
  CHECK(c.parts.size() == 4);
  CHECK(c.parts[0].weight == doctest::Approx(0.5));
  Indicators nothing{};
  CHECK_FALSE(combined_score(nothing, w).applies);
  CHECK(combined_score(all, w).applies);
}

TEST_CASE("full attendance: no late or absent adjustment") {
  CHECK(full_attendance({}));
  CHECK(full_attendance({"praise", "inspection"}));
  CHECK_FALSE(full_attendance({"praise", "late"}));
  CHECK_FALSE(full_attendance({"absent"}));
}

TEST_CASE("full attendance where attendance is tracked: also seen at work in the month") {
  CHECK(full_attendance({}, true));
  CHECK_FALSE(full_attendance({}, false));
  CHECK_FALSE(full_attendance({"late"}, true));
}

TEST_CASE("performance award: fewest complaints first, then the highest combined score, else shared") {
  // Seed 003 综合指标最高、投诉量最少: 95 with 2 complaints and 90 with 1 lose to 80 with none.
  auto a = performance_award({{90, 1}, {95, 2}, {80, 0}});
  CHECK(a.winners == std::vector<std::size_t>{2});
  CHECK_FALSE(a.shared);
  CHECK(a.fewest_complaints == 0);
  CHECK(a.contenders == 1);
  CHECK(a.best_combined == doctest::Approx(80));
  // Among the two with no complaint, the higher score; the 0.01 rounding decides "higher".
  auto b = performance_award({{95, 1}, {95.001, 0}, {94.5, 0}});
  CHECK(b.winners == std::vector<std::size_t>{1});
  CHECK(b.contenders == 2);
  auto c = performance_award({{95, 1}, {95.001, 1}, {99, 2}});
  CHECK(c.winners == std::vector<std::size_t>{0, 1});
  CHECK(c.shared);
  CHECK(c.fewest_complaints == 1);
  CHECK(performance_award({}).winners.empty());
}
