#include "store/handovers.hpp"


#include "util/json.hpp"
#include "util/time.hpp"

namespace csdesk {

Handover HandoverStore::add(const Handover& h, const Actor& actor) {
  sql::Statement q(db_.sql(),
                      "INSERT INTO handovers (at, staff_id, work_done, open_issues, staff_changes, receiver_id) "
                      "VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
  q.bind(1, static_cast<int64_t>(h.at));
  if (h.staff_id) q.bind(2, static_cast<int64_t>(*h.staff_id));
  else q.bind_null(2);
  q.bind(3, h.work_done);
  q.bind(4, h.open_issues);
  q.bind(5, h.staff_changes);
  if (h.receiver_id) q.bind(6, static_cast<int64_t>(*h.receiver_id));
  else q.bind_null(6);
  Handover created = h;
  created.id = q.run_returning_id();
  JsonObject after;
  after.add("work_done", h.work_done).add("open_issues", h.open_issues).add("staff_changes", h.staff_changes);
  if (h.receiver_id) after.add("receiver", h.receiver_number);
  db_.audit(actor, h.at, AuditEntry{"handover", created.id, "JJ" + std::to_string(created.id), "create", "", after.str()});
  return created;
}

namespace {

const char* kHandoverSelect =
    "SELECT h.id, h.at, h.staff_id, coalesce(s.number, ''), coalesce(s.name, ''), coalesce(h.work_done, ''), "
    "coalesce(h.open_issues, ''), coalesce(h.staff_changes, ''), h.receiver_id, coalesce(r.number, ''), "
    "coalesce(r.name, ''), h.confirmed_at FROM handovers h LEFT JOIN staff s ON s.id = h.staff_id "
    "LEFT JOIN staff r ON r.id = h.receiver_id ";

Handover read_handover(sql::Statement& q) {
  Handover h;
  h.id = q.column(0).int64();
  h.at = q.column(1).int64();
  if (!q.column(2).is_null()) h.staff_id = q.column(2).int64();
  h.staff_number = q.column(3).text();
  h.staff_name = q.column(4).text();
  h.work_done = q.column(5).text();
  h.open_issues = q.column(6).text();
  h.staff_changes = q.column(7).text();
  if (!q.column(8).is_null()) h.receiver_id = q.column(8).int64();
  h.receiver_number = q.column(9).text();
  h.receiver_name = q.column(10).text();
  if (!q.column(11).is_null()) h.confirmed_at = q.column(11).int64();
  return h;
}

}  // namespace

std::vector<Handover> HandoverStore::list(std::optional<Epoch> since, std::optional<Epoch> until, bool unconfirmed_only) {
  sql::Statement q(db_.sql(), std::string(kHandoverSelect) +
                                     "WHERE h.at >= ? AND h.at < ? AND (? = 0 OR (h.receiver_id IS NOT NULL AND "
                                     "h.confirmed_at IS NULL)) ORDER BY h.at DESC, h.id DESC");
  q.bind(1, static_cast<int64_t>(since.value_or(0)));
  q.bind(2, static_cast<int64_t>(until.value_or(INT64_MAX)));
  q.bind(3, unconfirmed_only ? 1 : 0);
  std::vector<Handover> out;
  while (q.step()) out.push_back(read_handover(q));
  return out;
}

std::optional<Handover> HandoverStore::by_id(std::int64_t id) {
  sql::Statement q(db_.sql(), std::string(kHandoverSelect) + "WHERE h.id = ?");
  q.bind(1, static_cast<int64_t>(id));
  if (q.step()) return read_handover(q);
  return std::nullopt;
}

void HandoverStore::confirm(const Handover& h, const Actor& actor, Epoch at) {
  sql::Statement q(db_.sql(), "UPDATE handovers SET confirmed_at = ? WHERE id = ?");
  q.bind(1, static_cast<int64_t>(at));
  q.bind(2, static_cast<int64_t>(h.id));
  q.run();
  JsonObject before, after;
  before.add("receiver", h.receiver_number).add_null("confirmed_at");
  after.add("receiver", h.receiver_number).add("confirmed_at", format_iso(at));
  db_.audit(actor, at, AuditEntry{"handover", h.id, "JJ" + std::to_string(h.id), "confirm", before.str(), after.str()});
}

}  // namespace csdesk
