#pragma once
// Watching figures for swings (seed 002: 投诉率需实时监控,异常波动立即分析), pure: this week's value
// against the mean of the weeks before it.
#include <optional>
#include <string>
#include <vector>

namespace csdesk {

struct AlertSettings {
  double change_threshold = 0.30;  // alerts.change_threshold: a share of the trailing mean
  std::int64_t min_volume = 10;    // alerts.min_volume: records under the figure, this week and before
};

// How a figure stands: rose or fell beyond the threshold (needs attention), steady, too few records
// to judge, or unknown (no value this week or before).
enum class AlertState { rose, fell, steady, too_few, unknown };
const char* alert_state_code(AlertState s);  // rose, fell, steady, too-few, unknown

struct AlertJudgement {
  std::optional<double> trailing_mean, change;  // change = (now − mean) ÷ mean
  AlertState state = AlertState::unknown;
};

// `now` this week, `before` the trailing weeks' values (unknown ones skipped); `volume_now` and
// `volume_before` (the total over the trailing weeks) are the records the figure rests on.
AlertJudgement judge_figure(std::optional<double> now, const std::vector<std::optional<double>>& before,
                            std::int64_t volume_now, std::int64_t volume_before, std::size_t trailing_weeks,
                            const AlertSettings& settings);

inline bool needs_attention(AlertState s) { return s == AlertState::rose || s == AlertState::fell; }

}  // namespace csdesk
