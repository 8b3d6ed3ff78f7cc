#include "rules/complaint_sla.hpp"

#include <algorithm>

#include "rules/complaint_state.hpp"

namespace csdesk {

WorkCalendar sla_calendar(const Config& config) {
  return WorkCalendar::from_settings(config.flag("sla.calendar"), config.list("sla.work_days"),
                                     config.text("sla.work_hours"), config.list("sla.holidays"));
}

ComplaintClocks complaint_clocks(const Config& config, const WorkCalendar& cal, const ComplaintTimes& t, Epoch now) {
  constexpr std::int64_t hour = 3600;
  ComplaintClocks c;
  std::int64_t respond_budget = config.integer("sla.first_response_hours." + t.priority) * hour;
  std::int64_t resolve_budget = config.integer("sla.resolution_hours." + t.priority) * hour;
  c.first_response = sla_clock(cal, t.received_at, respond_budget, t.pauses, t.first_response_at.value_or(now),
                               t.first_response_at.has_value());
  c.resolution = sla_clock(cal, t.received_at, resolve_budget, t.pauses, t.resolved_at.value_or(now),
                           t.resolved_at.has_value());
  if (complaint_is_active(t.status)) {
    bool awaiting_response = !t.first_response_at;
    c.overdue = (awaiting_response && c.first_response.breached) || c.resolution.breached;
    c.next_deadline = awaiting_response ? std::min(c.first_response.deadline, c.resolution.deadline)
                                        : c.resolution.deadline;
  }
  return c;
}

}  // namespace csdesk
