#pragma once
// The monthly (and weekly) report: figures from the raw counts of src/store/reports.hpp through
// the definitions in src/rules/metrics.hpp, laid out as Tables for the one renderer.
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "output/render.hpp"
#include "rules/metrics.hpp"
#include "rules/sla.hpp"
#include "store/reports.hpp"
#include "util/time.hpp"

namespace csdesk {

// SLA limits and the elapsed time that counts against them, by the clocks of src/rules/sla.hpp:
// pauses waiting on the customer excluded, working time only when sla.calendar is set.
class ComplaintClock {
 public:
  ComplaintClock(const Config& config);
  std::int64_t response_limit(const std::string& priority) const;    // seconds
  std::int64_t resolution_limit(const std::string& priority) const;  // seconds
  std::int64_t elapsed(const ComplaintRow& c, Epoch to) const;
  std::optional<std::int64_t> first_response(const ComplaintRow& c) const;
  std::optional<std::int64_t> resolution(const ComplaintRow& c) const;
  // Responded and resolved within the limits.
  bool on_time(const ComplaintRow& c) const;
  // Resolved, or past its resolution limit at `now`: its timeliness is known.
  bool settled(const ComplaintRow& c, Epoch now) const;

 private:
  SlaClock clock(const ComplaintRow& c, std::int64_t budget, Epoch stop, bool stopped) const;
  const Config& config_;
  WorkCalendar calendar_;
};

// The figures of one period that the trend compares.
struct Headline {
  metrics::Figure new_customers, returning, within_limit, assigned, urgent_in_time, complaints_opened, open_at_end,
      overdue, timeliness, resolution, first_contact_resolution, mean_first_response, mean_resolution, p90_resolution,
      revisits_done, reach, satisfaction, csi, converted;
};

struct PeriodData {
  Period period;
  std::vector<IntakeCount> intake;
  AssignData assign;
  ComplaintData complaints;
  RevisitData revisits;
  CustomerData customers;
};

enum class Section { intake, assign, complaints, revisits, customers, trend };
const std::vector<std::string>& section_names();  // intake, assign, complaints, revisits, customers, trend
Section parse_section(const std::string& name);

// Reads what the listed sections need for one period.
PeriodData read_period(ReportStore& store, const Period& p, const std::vector<Section>& sections, const Config& config,
                       Epoch now);
Headline headline(const PeriodData& d, const Config& config, Epoch now);

struct TrendInput {
  Headline current, previous;
  std::string previous_label;
  // Satisfaction of the periods leading up to this one, oldest first (for the sparkline and chart).
  std::vector<std::pair<std::string, metrics::Figure>> satisfaction_series;
  // Baselines for the targets of seed 002 (monthly reports only).
  std::optional<std::pair<std::string, metrics::Figure>> satisfaction_baseline, resolution_time_baseline;
  double satisfaction_gain = 0.10, efficiency_gain = 0.20;  // targets.*_gain
};

std::vector<Table> report_tables(const PeriodData& d, const std::vector<Section>& sections, const Config& config,
                                 Epoch now, const std::optional<TrendInput>& trend);

// A text bar for a share 0..1: "██████░░░░".
std::string text_bar(double share, int width = 10);
// A sparkline of values: "▁▃▅█"; missing values as a space.
std::string sparkline(const std::vector<metrics::Figure>& values);

}  // namespace csdesk
