#include "rules/scoring.hpp"

#include <algorithm>
#include <cmath>

namespace csdesk::scoring {

std::int64_t registration_points(std::int64_t n, const RegistrationRule& r) {
  if (n >= r.upper_threshold) return r.upper_points;
  if (n <= r.lower_threshold) return r.lower_points;
  return r.base_points + (n - r.target) / r.step * r.points_per_step;  // C++ division truncates toward zero
}

RegistrationRule prorated(const RegistrationRule& rule, int days_employed, int days_in_month) {
  if (days_in_month <= 0 || days_employed >= days_in_month) return rule;
  double share = std::max(0, days_employed) / static_cast<double>(days_in_month);
  auto scale = [&](std::int64_t v) { return static_cast<std::int64_t>(std::llround(static_cast<double>(v) * share)); };
  RegistrationRule r = rule;
  r.target = scale(rule.target);
  r.upper_threshold = scale(rule.upper_threshold);
  r.lower_threshold = scale(rule.lower_threshold);
  return r;
}

Combined combined_score(const Indicators& in, const Weights& w) {
  struct Applicable {
    const char* key;
    std::optional<double> value;
    double weight;
  };
  const Applicable all[] = {
      {"registration", in.registration_points, w.registration},
      {"timeliness", in.timeliness ? std::optional<double>(*in.timeliness * 100) : std::nullopt, w.timeliness},
      {"resolution", in.resolution ? std::optional<double>(*in.resolution * 100) : std::nullopt, w.resolution},
      {"satisfaction", in.satisfaction ? std::optional<double>(*in.satisfaction * 100) : std::nullopt, w.satisfaction},
  };
  double total_weight = 0;
  for (const auto& a : all)
    if (a.value) total_weight += a.weight;
  Combined c;
  c.applies = total_weight > 0;
  for (const auto& a : all) {
    if (!a.value || total_weight <= 0) continue;
    double share = a.weight / total_weight;
    c.parts.push_back({a.key, *a.value, share, *a.value * share});
    c.score += *a.value * share;
  }
  double penalty = in.complaints ? -w.complaint_penalty * static_cast<double>(in.complaints) : 0.0;
  c.parts.push_back({"complaints", static_cast<double>(in.complaints), 0, penalty});
  c.parts.push_back({"adjustments", in.adjustment_points, 0, in.adjustment_points});
  c.score += penalty + in.adjustment_points;
  return c;
}

const std::vector<std::string>& adjustment_kinds() {
  static const std::vector<std::string> kinds = {"praise", "complaint", "late", "absent", "inspection", "other"};
  return kinds;
}

bool takes_points_away(const std::string& kind) { return kind == "complaint" || kind == "late" || kind == "absent"; }

bool full_attendance(const std::vector<std::string>& kinds) {
  return std::none_of(kinds.begin(), kinds.end(), [](const std::string& k) { return k == "late" || k == "absent"; });
}

bool full_attendance(const std::vector<std::string>& kinds, bool active) { return active && full_attendance(kinds); }

Award performance_award(const std::vector<Candidate>& candidates) {
  Award award;
  if (candidates.empty()) return award;
  auto hundredths = [](double v) { return std::llround(v * 100); };
  award.fewest_complaints = std::min_element(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
                              return a.complaints < b.complaints;
                            })->complaints;
  bool first = true;
  for (const auto& c : candidates) {
    if (c.complaints != award.fewest_complaints) continue;
    ++award.contenders;
    if (first || hundredths(c.combined) > hundredths(award.best_combined)) award.best_combined = c.combined;
    first = false;
  }
  for (std::size_t i = 0; i < candidates.size(); ++i)
    if (candidates[i].complaints == award.fewest_complaints &&
        hundredths(candidates[i].combined) == hundredths(award.best_combined))
      award.winners.push_back(i);
  award.shared = award.winners.size() > 1;
  return award;
}

}  // namespace csdesk::scoring
