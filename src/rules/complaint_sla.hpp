#pragma once
// The two SLA clocks of a complaint (first response, resolution) from the config: budgets per
// priority (sla.first_response_hours.P1 …, sla.resolution_hours.P1 …) and the working calendar.
// Overdue is derived here from the clock, so a changed calendar changes every answer alike.
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "rules/sla.hpp"

namespace csdesk {

WorkCalendar sla_calendar(const Config& config);

struct ComplaintTimes {
  std::string priority, status;
  Epoch received_at = 0;
  std::optional<Epoch> first_response_at, resolved_at;
  std::vector<Interval> pauses;
};

struct ComplaintClocks {
  SlaClock first_response, resolution;
  bool overdue = false;                 // still being worked on and a running clock is past its budget
  std::optional<Epoch> next_deadline;   // the earliest running deadline, while being worked on
};

ComplaintClocks complaint_clocks(const Config& config, const WorkCalendar& cal, const ComplaintTimes& t, Epoch now);

}  // namespace csdesk
