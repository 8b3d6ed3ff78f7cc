#pragma once
// The monthly (and weekly) report: figures from the raw counts of src/store/reports.hpp through
// the definitions in src/rules/metrics.hpp and the SLA clock of src/rules/complaint_sla.hpp,
// laid out as Tables for the one renderer; the trend, the targets and the issued (frozen) figures.
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "output/html_report.hpp"
#include "output/render.hpp"
#include "report/issued.hpp"
#include "rules/complaint_sla.hpp"
#include "rules/metrics.hpp"
#include "store/reports.hpp"
#include "util/time.hpp"

namespace csdesk {

// What the report reads from config, once.
struct ReportPolicy {
  SlaPolicy sla;
  int satisfied_min = 4;                                 // revisit.satisfied_min
  double satisfaction_gain = 0.10, efficiency_gain = 0.20;  // targets.*_gain
  std::int64_t satisfaction_months = 3, efficiency_months = 6;  // targets.*_months
  double repeat_purchase_rate = 0.75;                           // targets.repeat_purchase_rate
  std::int64_t repeat_purchase_years = 3;                       // targets.repeat_purchase_years
  std::int64_t register_limit_seconds = 300;                    // intake.register_limit_minutes × 60
};
ReportPolicy report_policy(const Config& config);

// The figures of one period that the trend compares.
struct Headline {
  metrics::Figure contacts, complaint_rate;  // contacts = new + returning; complaints opened ÷ contacts
  metrics::Figure owner_notified_within_limit;  // contacts whose owner was told within the limit ÷ contacts
  metrics::Figure new_customers, returning, within_limit, assigned, urgent_in_time, complaints_opened, open_at_end,
      overdue, timeliness, resolution, first_contact_resolution, mean_first_response, p90_first_response,
      mean_resolution, p90_resolution, revisits_done, reach, satisfaction, csi, converted, conversion_rate, recovery_rate;
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

// The trend steps back by months or by ISO weeks.
enum class Span { month, week };

// Reads what the listed sections need for one period.
PeriodData read_period(ReportStore& store, const Period& p, const std::vector<Section>& sections,
                       const ReportPolicy& policy, Epoch now);
Headline headline(const PeriodData& d, const ReportPolicy& policy, Epoch now);

struct TrendInput {
  Headline current, previous;
  std::string previous_label;
  // Satisfaction of the periods leading up to this one, oldest first (for the sparkline and chart).
  std::vector<std::pair<std::string, metrics::Figure>> satisfaction_series;
  // Baselines for the targets of seed 002 (monthly reports only).
  std::optional<std::pair<std::string, metrics::Figure>> satisfaction_baseline, resolution_time_baseline;
  double satisfaction_gain = 0.10, efficiency_gain = 0.20;  // targets.*_gain
  // Repeat-purchase rate (seed 002): at the end of the month of the first purchase on record, and now,
  // each over the targets.repeat_purchase_years years up to then; none before any purchase is recorded.
  std::optional<std::pair<std::string, metrics::Figure>> repeat_purchase_baseline;
  metrics::Figure repeat_purchase_now;
  double repeat_purchase_goal = 0.75;
};
// This period against the one before, six periods of satisfaction, and (monthly) the targets.
TrendInput trend_input(ReportStore& store, const PeriodData& current, Span span, const ReportPolicy& policy, Epoch now);

std::vector<Table> report_tables(const PeriodData& d, const std::vector<Section>& sections, const ReportPolicy& policy,
                                 Epoch now, const std::optional<TrendInput>& trend);

struct ReportRequest {
  Period period;
  std::vector<Section> sections;
  Span span = Span::month;
  bool issued = false;             // the whole monthly or weekly report, which is issued (frozen)
  std::optional<Actor> freeze_as;  // --freeze
  bool recompute = false;          // --recompute
};
struct Report {
  std::vector<Table> tables;
  std::optional<TrendInput> trend;
  std::string issue_kind;  // report-monthly, report-weekly; empty for a single section
  IssueOutcome issue;
};
// The report the request asks for: read, computed, and frozen or recalled when it is issued.
Report build_report(Database& db, const ReportRequest& request, const ReportPolicy& policy, Epoch now);

// The HTML page's charts: registrations per agent, complaints by category, the satisfaction trend.
std::vector<Chart> report_charts(const Report& report, Lang lang);

// A text bar for a share 0..1: "██████░░░░".
std::string text_bar(double share, int width = 10);
// A sparkline of values: "▁▃▅█"; missing values as a space.
std::string sparkline(const std::vector<metrics::Figure>& values);

}  // namespace csdesk
