#include "rules/alerts.hpp"

#include <cmath>

namespace csdesk {

const char* alert_state_code(AlertState s) {
  switch (s) {
    case AlertState::rose: return "rose";
    case AlertState::fell: return "fell";
    case AlertState::steady: return "steady";
    case AlertState::too_few: return "too-few";
    case AlertState::unknown: break;
  }
  return "unknown";
}

AlertJudgement judge_figure(std::optional<double> now, const std::vector<std::optional<double>>& before,
                            std::int64_t volume_now, std::int64_t volume_before, std::size_t trailing_weeks,
                            const AlertSettings& settings) {
  AlertJudgement j;
  double sum = 0;
  int known = 0;
  for (const auto& v : before)
    if (v) {
      sum += *v;
      ++known;
    }
  if (known > 0) j.trailing_mean = sum / known;
  if (!now || !j.trailing_mean) return j;
  // Volume per week on both sides: a swing on a handful of records is noise, not news.
  double weekly_before = trailing_weeks ? static_cast<double>(volume_before) / static_cast<double>(trailing_weeks) : 0;
  if (volume_now < settings.min_volume && weekly_before < static_cast<double>(settings.min_volume)) {
    j.state = AlertState::too_few;
    if (std::fabs(*j.trailing_mean) > 1e-12) j.change = (*now - *j.trailing_mean) / *j.trailing_mean;
    return j;
  }
  if (std::fabs(*j.trailing_mean) <= 1e-12) {
    j.state = *now > 1e-12 ? AlertState::rose : AlertState::steady;  // from nothing to something
    return j;
  }
  j.change = (*now - *j.trailing_mean) / *j.trailing_mean;
  j.state = *j.change > settings.change_threshold    ? AlertState::rose
            : *j.change < -settings.change_threshold ? AlertState::fell
                                                     : AlertState::steady;
  return j;
}

}  // namespace csdesk
