#include "staff/handover.hpp"

#include "store/staff.hpp"
#include "util/error.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

namespace csdesk {

Handover write_handover(Database& db, const Actor& actor, Epoch now, Handover h, const std::string& receiver) {
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
  if (!trim(receiver).empty()) {
    auto to = StaffStore(db).find(trim(nfkc(receiver, "--to")));
    if (!to) fail_not_found("--to: no staff member '{}'; see `csdesk staff list`", receiver);
    if (!to->active) fail_conflict("--to: {} {} is deactivated; name who takes over", to->number, to->name);
    if (to->id == me->id) fail_invalid("--to: {} {} is yourself; name who takes over from you", to->number, to->name);
    h.receiver_id = to->id;
    h.receiver_number = to->number;
    h.receiver_name = to->name;
  }
  Handover created = HandoverStore(db).add(h, actor);
  tx.commit();
  return created;
}

Handover confirm_handover(Database& db, const Actor& actor, Epoch now, const std::string& ref) {
  std::string id_text = trim(nfkc(ref, "HANDOVER"));
  if (id_text.size() > 2 && (id_text.rfind("JJ", 0) == 0 || id_text.rfind("jj", 0) == 0)) id_text = id_text.substr(2);
  if (!is_plain_id(id_text)) fail_invalid("HANDOVER: '{}' is not a handover number; give the # of `csdesk handover list`", ref);
  Database::Transaction tx(db);
  HandoverStore store(db);
  auto h = store.by_id(std::stoll(id_text));
  if (!h) fail_not_found("no handover #{}; see `csdesk handover list`", id_text);
  if (!h->receiver_id)
    fail_conflict("handover #{} names no receiver; nothing to confirm", h->id);
  if (actor.staff_id != h->receiver_id)
    fail_not_permitted("not permitted: handover #{} is confirmed by its receiver, {} {}", h->id, h->receiver_number,
                       h->receiver_name);
  if (h->confirmed_at)
    fail_conflict("handover #{} was confirmed already at {}", h->id, format_local(*h->confirmed_at));
  store.confirm(*h, actor, now);
  Handover confirmed = *store.by_id(h->id);
  tx.commit();
  return confirmed;
}

}  // namespace csdesk
