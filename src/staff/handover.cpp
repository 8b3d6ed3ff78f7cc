#include "staff/handover.hpp"

#include "store/staff.hpp"
#include "util/error.hpp"

namespace csdesk {

Handover write_handover(Database& db, const Actor& actor, Epoch now, Handover h) {
  actor.require(Permission::handover);
  if (h.work_done.empty() && h.open_issues.empty() && h.staff_changes.empty())
    fail_invalid("handover add: say something to hand over: --work-done, --open-issues or --staff-changes");
  Database::Transaction tx(db);
  auto me = actor.staff_id ? StaffStore(db).by_id(*actor.staff_id) : std::nullopt;
  if (!me) fail_not_permitted("handover add: {} is not a staff member; a handover is a member's own", actor.label);
  h.at = now;
  h.staff_id = me->id;
  h.staff_number = me->number;
  h.staff_name = me->name;
  Handover created = HandoverStore(db).add(h, actor);
  tx.commit();
  return created;
}

}  // namespace csdesk
