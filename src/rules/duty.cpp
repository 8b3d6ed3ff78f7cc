#include "rules/duty.hpp"

#include <fmt/format.h>

#include "util/time.hpp"

namespace csdesk {

std::vector<DutySlot> plan_duty_month(const DutyPlanInput& in) {
  std::vector<DutySlot> slots;
  std::size_t next_agent = in.first_agent, next_saturday = 0;
  for (int day = 1; day <= days_in_month(in.year, in.month); ++day) {
    std::string date = fmt::format("{:04}-{:02}-{:02}", in.year, in.month, day);
    int weekday = weekday_of(date);
    bool worked = in.calendar.works(in.year, in.month, day);
    // A make-up Saturday (调休上班) is a working weekday for duty: after-hours, not Saturday duty.
    bool weekday_work = worked && ((weekday >= 1 && weekday <= 5) || in.calendar.extra_workdays.count(date));
    if (weekday_work && !in.agents.empty() && in.duty_minutes > 0) {
      slots.push_back({date, "after-hours", in.agents[next_agent++ % in.agents.size()], in.office_end,
                       in.office_end + in.duty_minutes});
    } else if (weekday == 6 && !in.calendar.holidays.count(date) && !in.saturday_staff.empty()) {
      slots.push_back({date, "saturday", in.saturday_staff[next_saturday++ % in.saturday_staff.size()], in.office_start,
                       in.office_end});
    }
  }
  return slots;
}

}  // namespace csdesk
