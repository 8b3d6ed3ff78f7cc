#include "config/policies.hpp"

namespace csdesk {

SlaPolicy sla_policy(const Config& config) {
  constexpr std::int64_t hour = 3600;
  SlaPolicy p;
  p.calendar = WorkCalendar::from_settings(config.flag("sla.calendar"), config.list("sla.work_days"),
                                           config.text("sla.work_hours"), config.list("sla.holidays"),
                                           config.list("sla.extra_workdays"));
  for (const std::string priority : {"P1", "P2", "P3"}) {
    p.first_response_budget[priority] = config.integer("sla.first_response_hours." + priority) * hour;
    p.resolution_budget[priority] = config.integer("sla.resolution_hours." + priority) * hour;
  }
  p.email_reply_budget = config.integer("sla.email_reply_hours") * hour;
  p.feedback_budget = config.integer("sla.delayed_feedback_hours") * hour;
  p.handover_budget = config.integer("sla.decision_handover_hours") * hour;
  p.crisis_budget = config.integer("sla.crisis_response_hours") * hour;
  return p;
}

allocation::AllocationSettings allocation_policy(const Config& config) {
  allocation::AllocationSettings s;
  s.rule = config.text("assign.rule");
  s.region = config.list_map("assign.region");
  s.need = config.list_map("assign.need");
  s.only_on_shift = config.flag("assign.only_on_shift");
  s.early = allocation::parse_shift_hours(config.text("hours.early"), "hours.early");
  s.late = allocation::parse_shift_hours(config.text("hours.late"), "hours.late");
  return s;
}

PermissionTable permission_table(const Config& config) {
  PermissionTable t;
  for (const auto& rule : permission_rules()) t[rule.permission] = config.list("permissions." + rule.name);
  return t;
}

}  // namespace csdesk
