#pragma once
// The duty rota (值班表) as a pure rule. Seed 001: on working weekdays at least
// hours.after_hours_duty_minutes of duty after office hours, taken in turn by the agents; Saturday
// duty by plan, in turn among the staff the plan names. No I/O.
#include <cstdint>
#include <string>
#include <vector>

#include "rules/sla.hpp"

namespace csdesk {

struct DutySlot {
  std::string date;  // YYYY-MM-DD
  std::string kind;  // after-hours, saturday (vocabulary duty-kind)
  std::int64_t staff_id = 0;
  int start_minute = 0, end_minute = 0;  // local minutes after midnight
};

struct DutyPlanInput {
  int year = 0, month = 0;
  WorkCalendar calendar;                       // which days are worked (holidays, make-up days)
  std::vector<std::int64_t> agents;            // after-hours duty in this order
  std::size_t first_agent = 0;                 // index in `agents` of the month's first duty (continues the last month)
  std::vector<std::int64_t> saturday_staff;    // Saturday duty in this order; none: no Saturday duty
  int duty_minutes = 60;                       // hours.after_hours_duty_minutes
  int office_start = 9 * 60, office_end = 18 * 60;  // sla.work_hours
};

// Every worked weekday (Monday–Friday, per the calendar) gets one after-hours slot from office_end,
// duty_minutes long, in turn; every Saturday not a holiday gets one office-hours slot, in turn among
// saturday_staff. In date order. Empty when there are no agents (and no Saturday staff).
std::vector<DutySlot> plan_duty_month(const DutyPlanInput& in);

}  // namespace csdesk
