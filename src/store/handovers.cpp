#include "store/handovers.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include "util/json.hpp"

namespace csdesk {

Handover HandoverStore::add(const Handover& h, const Actor& actor) {
  SQLite::Statement q(db_.sql(),
                      "INSERT INTO handovers (at, staff_id, work_done, open_issues, staff_changes) VALUES (?, ?, ?, ?, ?)");
  q.bind(1, static_cast<int64_t>(h.at));
  if (h.staff_id) q.bind(2, static_cast<int64_t>(*h.staff_id));
  else q.bind(2);
  q.bind(3, h.work_done);
  q.bind(4, h.open_issues);
  q.bind(5, h.staff_changes);
  q.exec();
  Handover created = h;
  created.id = db_.sql().getLastInsertRowid();
  JsonObject after;
  after.add("work_done", h.work_done).add("open_issues", h.open_issues).add("staff_changes", h.staff_changes);
  db_.audit(actor, h.at, AuditEntry{"handover", created.id, "JJ" + std::to_string(created.id), "create", "", after.str()});
  return created;
}

std::vector<Handover> HandoverStore::list(std::optional<Epoch> since, std::optional<Epoch> until) {
  SQLite::Statement q(db_.sql(),
                      "SELECT h.id, h.at, h.staff_id, coalesce(s.number, ''), coalesce(s.name, ''), coalesce(h.work_done, ''), "
                      "coalesce(h.open_issues, ''), coalesce(h.staff_changes, '') FROM handovers h "
                      "LEFT JOIN staff s ON s.id = h.staff_id WHERE h.at >= ? AND h.at < ? ORDER BY h.at DESC, h.id DESC");
  q.bind(1, static_cast<int64_t>(since.value_or(0)));
  q.bind(2, static_cast<int64_t>(until.value_or(INT64_MAX)));
  std::vector<Handover> out;
  while (q.executeStep()) {
    Handover h;
    h.id = q.getColumn(0).getInt64();
    h.at = q.getColumn(1).getInt64();
    if (!q.getColumn(2).isNull()) h.staff_id = q.getColumn(2).getInt64();
    h.staff_number = q.getColumn(3).getString();
    h.staff_name = q.getColumn(4).getString();
    h.work_done = q.getColumn(5).getString();
    h.open_issues = q.getColumn(6).getString();
    h.staff_changes = q.getColumn(7).getString();
    out.push_back(std::move(h));
  }
  return out;
}

}  // namespace csdesk
