#include "trail/trail.hpp"

#include "store/staff.hpp"
#include "util/error.hpp"

namespace csdesk {

std::vector<AuditRow> record_history(Database& db, const Actor& actor, const std::string& ref) {
  actor.require(Permission::read_audit);
  AuditStore audit(db);
  auto rows = audit.for_record(ref);
  if (rows.empty())
    if (auto s = StaffStore(db).find(ref)) rows = audit.for_record(s->number, "staff", s->id);
  if (rows.empty()) fail_not_found("no history for '{}'; give a record number such as KH202611-0001 or an employee number", ref);
  return rows;
}


}  // namespace csdesk
