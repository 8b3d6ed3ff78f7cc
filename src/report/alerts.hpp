#pragma once
// report alerts: the last 7 days against the 7-day windows before them, figure by figure (seed 002:
// 投诉率需实时监控,异常波动立即分析), for a supervisor's daily check or a cron job.
#include <string>
#include <vector>

#include "config/config.hpp"
#include "report/reporting.hpp"
#include "rules/alerts.hpp"
#include "store/database.hpp"

namespace csdesk {

struct AlertRow {
  const char* figure;  // report-figure code
  bool percent = false;
  metrics::Figure now;
  AlertJudgement judgement;
};

struct AlertsReport {
  std::string window, trailing;  // "2026-11-24 – 2026-12-01", "2026-10-27 – 2026-11-24"
  std::vector<AlertRow> rows;
  bool attention() const;
};

AlertsReport watch_figures(Database& db, const Config& config, Epoch now);

}  // namespace csdesk
