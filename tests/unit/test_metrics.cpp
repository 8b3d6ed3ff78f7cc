#include <doctest/doctest.h>

#include "rules/metrics.hpp"

using namespace csdesk::metrics;

TEST_CASE("rates divide and have no value over nothing") {
  CHECK(*ratio(1, 4) == doctest::Approx(0.25));
  CHECK_FALSE(ratio(0, 0).has_value());
  CHECK(*timeliness_rate(9, 10) == doctest::Approx(0.9));
  CHECK(*resolution_rate(3, 4) == doctest::Approx(0.75));
  CHECK(*reach_rate(2, 3) == doctest::Approx(2.0 / 3));
  CHECK_FALSE(reach_rate(0, 0).has_value());
}

TEST_CASE("satisfaction rate counts scores at or above the satisfied minimum") {
  CHECK(*satisfaction_rate({5, 4, 3, 2}, 4) == doctest::Approx(0.5));
  CHECK(*satisfaction_rate({4, 4}, 4) == doctest::Approx(1.0));
  CHECK(*satisfaction_rate({5, 4, 3, 2}, 5) == doctest::Approx(0.25));
  CHECK_FALSE(satisfaction_rate(std::vector<int>{}, 4).has_value());
}

TEST_CASE("CSI maps a mean of 1..5 onto 0..100") {
  CHECK(*csi({5, 5}) == doctest::Approx(100));
  CHECK(*csi({1}) == doctest::Approx(0));
  CHECK(*csi({5, 4, 3, 2}) == doctest::Approx(62.5));  // mean 3.5
  CHECK(*csi(14, 4) == doctest::Approx(62.5));
  CHECK_FALSE(csi(0, 0).has_value());
}

TEST_CASE("mean and nearest-rank percentile") {
  CHECK(*mean({1, 2, 3, 4}) == doctest::Approx(2.5));
  CHECK_FALSE(mean({}).has_value());
  std::vector<std::int64_t> ten = {10, 1, 9, 2, 8, 3, 7, 4, 6, 5};
  CHECK(*p90(ten) == doctest::Approx(9));     // ceil(0.9 × 10) = 9th value
  CHECK(*percentile(ten, 50) == doctest::Approx(5));
  CHECK(*percentile(ten, 100) == doctest::Approx(10));
  CHECK(*p90({42}) == doctest::Approx(42));
  CHECK(*p90({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}) == doctest::Approx(10));  // ceil(9.9) = 10th
  CHECK_FALSE(p90({}).has_value());
}

TEST_CASE("share within a limit includes the limit itself") {
  CHECK(*share_within({60, 300, 301, 900}, 300) == doctest::Approx(0.5));
  CHECK_FALSE(share_within({}, 300).has_value());
}

TEST_CASE("delta against the previous period") {
  auto d = delta(0.9, 0.8);
  CHECK(*d.absolute == doctest::Approx(0.1));
  CHECK(*d.relative == doctest::Approx(0.125));
  CHECK_FALSE(delta(0.5, 0.0).relative.has_value());
  CHECK(*delta(0.5, 0.0).absolute == doctest::Approx(0.5));
  CHECK_FALSE(delta(std::nullopt, 0.5).absolute.has_value());
}

TEST_CASE("progress towards a target gain") {
  auto t = target_progress(0.80, 0.84, 0.10);
  CHECK(*t.goal == doctest::Approx(0.88));
  CHECK(*t.progress == doctest::Approx(0.5));
  auto faster = target_progress(120.0, 100.0, 0.20, true);  // resolution time 120 h → goal 100 h
  CHECK(*faster.goal == doctest::Approx(100));
  CHECK(*faster.progress == doctest::Approx(1.0));
  CHECK_FALSE(target_progress(std::nullopt, 0.9, 0.1).goal.has_value());
  CHECK_FALSE(target_progress(0.0, 0.9, 0.1).progress.has_value());
}

TEST_CASE("seed 001's five minutes: registered and owner notified in time, a contact time not given never") {
  const std::int64_t limit = 5 * 60, at = 1'000'000;
  CHECK(registered_in_time(true, at, at + 4 * 60, limit));
  CHECK(registered_in_time(true, at, at + 5 * 60, limit));  // both ends included
  CHECK_FALSE(registered_in_time(true, at, at + 6 * 60, limit));
  CHECK_FALSE(registered_in_time(false, at, at, limit));  // registered at once, but when was the contact?
  CHECK(notified_in_time(true, at, at + 4 * 60, limit));
  CHECK(notified_in_time(true, at, at + 5 * 60, limit));
  CHECK_FALSE(notified_in_time(true, at, at + 6 * 60, limit));
  CHECK_FALSE(notified_in_time(true, at, std::nullopt, limit));  // the notifier failed: not delivered
  CHECK_FALSE(notified_in_time(false, at, at, limit));
}
