#pragma once
// Every figure of the reports and the score table, defined once as pure functions over plain
// values. A rate with nothing to count (0 ÷ 0) has no value: std::nullopt, shown as empty.
#include <cstdint>
#include <optional>
#include <vector>

namespace csdesk::metrics {

using Figure = std::optional<double>;

// part ÷ whole; none when whole is 0.
Figure ratio(std::int64_t part, std::int64_t whole);

// 满意率: scores at or above `satisfied_min` ÷ scores given.
Figure satisfaction_rate(std::int64_t satisfied, std::int64_t scored);
Figure satisfaction_rate(const std::vector<int>& scores, int satisfied_min);
// CSI (顾客满意指数) on 1–5 scores: (mean − 1) / 4 × 100, so all 5s are 100 and all 1s are 0.
Figure csi(std::int64_t score_sum, std::int64_t scored);
Figure csi(const std::vector<int>& scores);
// 及时率: complaints due in the period that were responded to and resolved within their SLA ÷ due.
Figure timeliness_rate(std::int64_t on_time, std::int64_t due);
// 解决率: complaints opened in the period that are resolved (or closed) ÷ opened.
Figure resolution_rate(std::int64_t resolved, std::int64_t opened);
// Reach rate: revisit attempts that reached the customer ÷ attempts.
Figure reach_rate(std::int64_t reached, std::int64_t attempts);
// Potential → active conversion rate (潜在客户转化率): customers potential at the period's start or
// registered potential in it, changed to active in the period ÷ those.
Figure conversion_rate(std::int64_t converted, std::int64_t potential);
// At-risk recovery rate (准流失挽回率): customers at-risk at the period's start who are active at its
// end ÷ those at-risk at its start.
Figure recovery_rate(std::int64_t recovered, std::int64_t at_risk_at_start);
// Share of values at or below `limit` (e.g. registrations within 5 minutes).
Figure share_within(const std::vector<std::int64_t>& values, std::int64_t limit);

// Seed 001's five-minute rule (所有客户信息需在5分钟内登记完毕,并通知到负责人), per contact. A contact
// whose time was not given is never in time: it counts as "contact time unknown".
// Registered in time: registered − contact time ≤ limit.
bool registered_in_time(bool time_known, std::int64_t contacted_at, std::int64_t registered_at, std::int64_t limit_seconds);
// Owner notified in time: the owner's notification delivered − contact time ≤ limit (none delivered: not).
bool notified_in_time(bool time_known, std::int64_t contacted_at, std::optional<std::int64_t> delivered_at,
                      std::int64_t limit_seconds);

Figure mean(const std::vector<std::int64_t>& values);
// Nearest-rank percentile: the smallest value with at least p % of the values at or below it,
// i.e. sorted[ceil(p/100 × n) − 1]. `values` need not be sorted. p in (0, 100].
Figure percentile(std::vector<std::int64_t> values, double p);
inline Figure p90(std::vector<std::int64_t> values) { return percentile(std::move(values), 90); }

// Change against the previous period: absolute (current − previous) and relative
// ((current − previous) ÷ previous, none when previous is 0).
struct Delta {
  Figure absolute, relative;
};
Delta delta(Figure current, Figure previous);

// A target such as "satisfaction +10 % within three months": goal = baseline × (1 + gain);
// progress = (current − baseline) ÷ (goal − baseline), 1.0 = target reached.
// `lower_is_better` for times (an efficiency gain of 20 % means time ÷ 1.2).
struct TargetProgress {
  Figure goal, progress;
};
TargetProgress target_progress(Figure baseline, Figure current, double gain, bool lower_is_better = false);

}  // namespace csdesk::metrics
