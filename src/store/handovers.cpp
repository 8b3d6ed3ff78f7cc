#include "store/handovers.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include "util/json.hpp"
#include "util/time.hpp"

namespace csdesk {

Handover HandoverStore::add(const Handover& h, const Actor& actor) {
  SQLite::Statement q(db_.sql(),
                      "INSERT INTO handovers (at, staff_id, work_done, open_issues, staff_changes, receiver_id) "
                      "VALUES (?, ?, ?, ?, ?, ?)");
  q.bind(1, static_cast<int64_t>(h.at));
  if (h.staff_id) q.bind(2, static_cast<int64_t>(*h.staff_id));
  else q.bind(2);
  q.bind(3, h.work_done);
  q.bind(4, h.open_issues);
  q.bind(5, h.staff_changes);
  if (h.receiver_id) q.bind(6, static_cast<int64_t>(*h.receiver_id));
  else q.bind(6);
  q.exec();
  Handover created = h;
  created.id = db_.sql().getLastInsertRowid();
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

Handover read_handover(SQLite::Statement& q) {
  Handover h;
  h.id = q.getColumn(0).getInt64();
  h.at = q.getColumn(1).getInt64();
  if (!q.getColumn(2).isNull()) h.staff_id = q.getColumn(2).getInt64();
  h.staff_number = q.getColumn(3).getString();
  h.staff_name = q.getColumn(4).getString();
  h.work_done = q.getColumn(5).getString();
  h.open_issues = q.getColumn(6).getString();
  h.staff_changes = q.getColumn(7).getString();
  if (!q.getColumn(8).isNull()) h.receiver_id = q.getColumn(8).getInt64();
  h.receiver_number = q.getColumn(9).getString();
  h.receiver_name = q.getColumn(10).getString();
  if (!q.getColumn(11).isNull()) h.confirmed_at = q.getColumn(11).getInt64();
  return h;
}

}  // namespace

std::vector<Handover> HandoverStore::list(std::optional<Epoch> since, std::optional<Epoch> until, bool unconfirmed_only) {
  SQLite::Statement q(db_.sql(), std::string(kHandoverSelect) +
                                     "WHERE h.at >= ? AND h.at < ? AND (? = 0 OR (h.receiver_id IS NOT NULL AND "
                                     "h.confirmed_at IS NULL)) ORDER BY h.at DESC, h.id DESC");
  q.bind(1, static_cast<int64_t>(since.value_or(0)));
  q.bind(2, static_cast<int64_t>(until.value_or(INT64_MAX)));
  q.bind(3, unconfirmed_only ? 1 : 0);
  std::vector<Handover> out;
  while (q.executeStep()) out.push_back(read_handover(q));
  return out;
}

std::optional<Handover> HandoverStore::by_id(std::int64_t id) {
  SQLite::Statement q(db_.sql(), std::string(kHandoverSelect) + "WHERE h.id = ?");
  q.bind(1, static_cast<int64_t>(id));
  if (q.executeStep()) return read_handover(q);
  return std::nullopt;
}

void HandoverStore::confirm(const Handover& h, const Actor& actor, Epoch at) {
  SQLite::Statement q(db_.sql(), "UPDATE handovers SET confirmed_at = ? WHERE id = ?");
  q.bind(1, static_cast<int64_t>(at));
  q.bind(2, static_cast<int64_t>(h.id));
  q.exec();
  JsonObject before, after;
  before.add("receiver", h.receiver_number).add_null("confirmed_at");
  after.add("receiver", h.receiver_number).add("confirmed_at", format_iso(at));
  db_.audit(actor, at, AuditEntry{"handover", h.id, "JJ" + std::to_string(h.id), "confirm", before.str(), after.str()});
}

}  // namespace csdesk
