#pragma once
// The plain values rules take, read from config once: rules never look a key up by name.
#include "config/config.hpp"
#include "rules/complaint_sla.hpp"

namespace csdesk {

// sla.first_response_hours.P*, sla.resolution_hours.P* (in seconds) and the SLA calendar
// (sla.calendar, sla.work_days, sla.work_hours, sla.holidays).
SlaPolicy sla_policy(const Config& config);

}  // namespace csdesk
