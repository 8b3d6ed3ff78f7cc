#pragma once
// Reading the audit trail as a service (history, check): for those who may (Permission::read_audit).
// The trail names who did what to whom, with the records' images, so it is not for every role.
#include <string>
#include <vector>

#include "rules/permissions.hpp"
#include "store/audit.hpp"
#include "store/database.hpp"
#include "store/maintenance.hpp"

namespace csdesk {

// `history RECORD`: the audit rows of a record number (KH…, TS…) or a staff member (number or name).
// Refused (6) unless `actor` may read the trail; 4 when there is no history.
std::vector<AuditRow> record_history(Database& db, const Actor& actor, const std::string& ref);


}  // namespace csdesk
