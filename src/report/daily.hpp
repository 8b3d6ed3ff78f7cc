#pragma once
// The daily workload report (seed 001: 客服人员每月登记客户660个, 按照22个工作日计算, 平均一天30个):
// one day's registrations per agent and for the department against intake.daily_target, and the
// month so far against intake.monthly_target prorated by the department's working days.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "output/render.hpp"
#include "rules/metrics.hpp"
#include "store/database.hpp"
#include "store/reports.hpp"

namespace csdesk {

struct DailyAgent {
  StaffRef agent;
  std::int64_t day = 0, month_so_far = 0;  // new customers registered (as the score counts them)
};

struct DailyReport {
  std::string date, month;  // YYYY-MM-DD, YYYY-MM
  bool working_day = true;  // by the department calendar (sla.work_days, sla.holidays, sla.extra_workdays)
  std::int64_t day_total = 0, daily_target = 30;
  std::int64_t month_so_far = 0, monthly_target = 660;
  int working_days_so_far = 0, working_days_in_month = 0;  // so far: the month's first day to `date`, inclusive
  std::vector<DailyAgent> agents;  // those who registered this month, and the active consult agents

  metrics::Figure day_share() const;       // day_total ÷ daily_target
  double expected_so_far() const;          // monthly_target × working_days_so_far ÷ working_days_in_month
  metrics::Figure progress() const;        // month_so_far ÷ expected_so_far
  std::int64_t remaining() const;          // monthly_target − month_so_far, at least 0
  // The registrations a working day still needed after `date` to reach the month's target; none
  // when no working day is left.
  metrics::Figure needed_per_day_left() const;
};

// `date` YYYY-MM-DD (empty: today); a date after today is refused naming --date.
DailyReport daily_report(Database& db, const Config& config, const std::string& date, Epoch now);
// The two tables: `daily` (the department) and `daily_agents`.
std::vector<Table> daily_tables(const DailyReport& r);

}  // namespace csdesk
