#pragma once
// The plain values rules take, read from config once: rules never look a key up by name.
#include "config/config.hpp"
#include "rules/allocation.hpp"
#include "rules/complaint_sla.hpp"
#include "rules/permissions.hpp"

namespace csdesk {

// sla.first_response_hours.P*, sla.resolution_hours.P* (in seconds) and the SLA calendar
// (sla.calendar, sla.work_days, sla.work_hours, sla.holidays, sla.extra_workdays).
SlaPolicy sla_policy(const Config& config);

// assign.rule, assign.region, assign.need, assign.only_on_shift and the shifts (hours.early,
// hours.late); minute_of_day is left 0 for the caller, who knows the time.
allocation::AllocationSettings allocation_policy(const Config& config);

// The permission table: permissions.NAME for each permission (defaults in rules/permissions).
PermissionTable permission_table(const Config& config);

}  // namespace csdesk
