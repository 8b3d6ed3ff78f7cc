#include <doctest/doctest.h>

#include "rules/alerts.hpp"

using namespace csdesk;

TEST_CASE("judge_figure: a swing beyond the threshold of the trailing mean needs attention") {
  AlertSettings s;  // 30 %, 10 records
  auto j = judge_figure(0.667, {0.167, 0.167, 0.167, 0.167}, 12, 48, 4, s);
  CHECK(j.state == AlertState::rose);
  CHECK(*j.change == doctest::Approx(3.0).epsilon(0.01));
  CHECK(judge_figure(0.2, {0.167, 0.167}, 12, 24, 2, s).state == AlertState::steady);   // +20 %
  CHECK(judge_figure(0.1, {0.167, 0.167}, 12, 24, 2, s).state == AlertState::fell);     // −40 %
  CHECK(judge_figure(5.0, {0.0, 0.0}, 12, 24, 2, s).state == AlertState::rose);         // from nothing
  CHECK(judge_figure(0.0, {0.0, 0.0}, 12, 24, 2, s).state == AlertState::steady);
}

TEST_CASE("judge_figure: thin weeks are not judged, unknown values are skipped") {
  AlertSettings s;
  CHECK(judge_figure(8, {2, 2, 2, 2}, 8, 8, 4, s).state == AlertState::too_few);
  CHECK(judge_figure(8, {2, 2, 2, 2}, 12, 8, 4, s).state == AlertState::rose);  // this week is big enough
  CHECK(judge_figure(std::nullopt, {0.5}, 12, 12, 1, s).state == AlertState::unknown);
  CHECK(judge_figure(0.5, {std::nullopt, std::nullopt}, 12, 0, 2, s).state == AlertState::unknown);
  auto j = judge_figure(0.5, {std::nullopt, 0.5}, 12, 12, 2, s);
  CHECK(*j.trailing_mean == doctest::Approx(0.5));
  CHECK(j.state == AlertState::steady);
  CHECK(std::string(alert_state_code(AlertState::too_few)) == "too-few");
}
