#pragma once
// The monthly assessment (考核), seeds 001 and 003: registration points, the combined score
// and the awards. Pure functions over plain values; the score service reads them from config (score.*).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace csdesk::scoring {

struct RegistrationRule {
  std::int64_t target = 330, base_points = 100, step = 10, points_per_step = 1;
  std::int64_t upper_threshold = 380, upper_points = 110, lower_threshold = 280, lower_points = 90;
};

// n >= upper_threshold → upper_points; n <= lower_threshold → lower_points;
// otherwise base_points + trunc((n − target) / step) × points_per_step (whole steps only).
std::int64_t registration_points(std::int64_t n, const RegistrationRule& rule);

// The rule for someone employed only `days_employed` of the month's `days_in_month` days:
// target and both thresholds scaled by that share and rounded to whole registrations.
RegistrationRule prorated(const RegistrationRule& rule, int days_employed, int days_in_month);

struct Weights {
  double registration = 0.5, timeliness = 0.15, resolution = 0.15, satisfaction = 0.2;
  double complaint_penalty = 2.0;
};

// What a person's month produced; an indicator without a value does not apply to them.
struct Indicators {
  std::optional<double> registration_points;  // only for target roles
  std::optional<double> timeliness, resolution, satisfaction;  // ratios 0..1
  std::int64_t complaints = 0;                // complaints about the person
  double adjustment_points = 0;               // praise, inspections, lateness …
};

// One line of how the combined score came about.
struct Part {
  std::string key;     // registration, timeliness, resolution, satisfaction, complaints, adjustments
  double value = 0;    // points on a 0–100(+) scale, or the count for complaints
  double weight = 0;   // share of the weighted mean (after renormalising), 0 for the additive parts
  double points = 0;   // contribution to the combined score
};
struct Combined {
  double score = 0;
  bool applies = true;  // false when no weighted indicator applies: nothing to score the person on
  std::vector<Part> parts;
};
// Weighted mean of the applicable indicators (rates ×100), weights renormalised over those that
// apply, minus complaint_penalty per complaint, plus adjustment points.
Combined combined_score(const Indicators& in, const Weights& w);

// Kinds of score adjustment (奖扣分): praise, complaint, late, absent, inspection, other.
const std::vector<std::string>& adjustment_kinds();
// A complaint, late or absent adjustment takes points away: it may not be positive.
bool takes_points_away(const std::string& kind);

// 全勤奖: no late or absent adjustment in the month.
bool full_attendance(const std::vector<std::string>& adjustment_kinds);
// 全勤奖 where attendance is tracked: as above, and the person was seen at work in the month at
// all (`active`: registrations, revisits, complaints, adjustments) — no record is no proof of presence.
bool full_attendance(const std::vector<std::string>& adjustment_kinds, bool active);

struct Candidate {
  double combined = 0;
  std::int64_t complaints = 0;
};
struct Award {
  std::vector<std::size_t> winners;  // indexes into the candidates
  bool shared = false;               // several tied on both complaints and combined score
  std::int64_t fewest_complaints = 0;  // the fewest complaints of any candidate
  std::size_t contenders = 0;          // candidates with that many complaints
  double best_combined = 0;            // the highest combined score among them
};
// 绩效奖 (seed 003: 综合指标最高、投诉量最少): both conditions, read as a filter then a ranking —
// among the candidates with the fewest complaints, the highest combined score (compared to 0.01).
// A person with more complaints does not win however high their score. A tie on both is shared
// by all tied.
Award performance_award(const std::vector<Candidate>& candidates);

}  // namespace csdesk::scoring
