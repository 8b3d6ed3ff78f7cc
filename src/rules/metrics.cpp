#include "rules/metrics.hpp"

#include <algorithm>
#include <cmath>

namespace csdesk::metrics {

Figure ratio(std::int64_t part, std::int64_t whole) {
  if (whole == 0) return std::nullopt;
  return static_cast<double>(part) / static_cast<double>(whole);
}

Figure satisfaction_rate(std::int64_t satisfied, std::int64_t scored) { return ratio(satisfied, scored); }

Figure satisfaction_rate(const std::vector<int>& scores, int satisfied_min) {
  auto satisfied = std::count_if(scores.begin(), scores.end(), [&](int s) { return s >= satisfied_min; });
  return satisfaction_rate(satisfied, static_cast<std::int64_t>(scores.size()));
}

Figure csi(std::int64_t score_sum, std::int64_t scored) {
  auto m = ratio(score_sum, scored);
  if (!m) return std::nullopt;
  return (*m - 1.0) / 4.0 * 100.0;
}

Figure csi(const std::vector<int>& scores) {
  std::int64_t sum = 0;
  for (int s : scores) sum += s;
  return csi(sum, static_cast<std::int64_t>(scores.size()));
}

Figure timeliness_rate(std::int64_t on_time, std::int64_t due) { return ratio(on_time, due); }
Figure resolution_rate(std::int64_t resolved, std::int64_t opened) { return ratio(resolved, opened); }
Figure reach_rate(std::int64_t reached, std::int64_t attempts) { return ratio(reached, attempts); }
Figure conversion_rate(std::int64_t converted, std::int64_t potential) { return ratio(converted, potential); }
Figure recovery_rate(std::int64_t recovered, std::int64_t at_risk_at_start) { return ratio(recovered, at_risk_at_start); }

Figure share_within(const std::vector<std::int64_t>& values, std::int64_t limit) {
  auto within = std::count_if(values.begin(), values.end(), [&](std::int64_t v) { return v <= limit; });
  return ratio(within, static_cast<std::int64_t>(values.size()));
}

Figure mean(const std::vector<std::int64_t>& values) {
  if (values.empty()) return std::nullopt;
  double sum = 0;
  for (auto v : values) sum += static_cast<double>(v);
  return sum / static_cast<double>(values.size());
}

Figure percentile(std::vector<std::int64_t> values, double p) {
  if (values.empty()) return std::nullopt;
  auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(values.size())));
  std::size_t index = std::clamp<std::size_t>(rank, 1, values.size()) - 1;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(index), values.end());
  return static_cast<double>(values[index]);
}

Delta delta(Figure current, Figure previous) {
  if (!current || !previous) return {};
  Delta d;
  d.absolute = *current - *previous;
  if (*previous != 0) d.relative = (*current - *previous) / *previous;
  return d;
}

TargetProgress target_progress(Figure baseline, Figure current, double gain, bool lower_is_better) {
  if (!baseline) return {};
  TargetProgress t;
  t.goal = lower_is_better ? *baseline / (1.0 + gain) : *baseline * (1.0 + gain);
  if (current && *t.goal != *baseline) t.progress = (*current - *baseline) / (*t.goal - *baseline);
  return t;
}

bool registered_in_time(bool time_known, std::int64_t contacted_at, std::int64_t registered_at, std::int64_t limit_seconds) {
  return time_known && registered_at - contacted_at <= limit_seconds;
}

bool notified_in_time(bool time_known, std::int64_t contacted_at, std::optional<std::int64_t> delivered_at,
                      std::int64_t limit_seconds) {
  return time_known && delivered_at && *delivered_at - contacted_at <= limit_seconds;
}

}  // namespace csdesk::metrics
