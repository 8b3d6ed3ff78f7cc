#include "store/audit.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <fmt/format.h>

#include <algorithm>

namespace csdesk {
namespace {

const char* kColumns = "id, at, actor, record_kind, record_id, record_number, action, before, after, prev_hash, hash";

AuditRow read_row(SQLite::Statement& q) {
  AuditRow r;
  r.id = q.getColumn(0).getInt64();
  r.at = q.getColumn(1).getInt64();
  r.actor = q.getColumn(2).getString();
  r.record_kind = q.getColumn(3).getString();
  if (!q.getColumn(4).isNull()) r.record_id = q.getColumn(4).getInt64();
  r.record_number = q.getColumn(5).getString();
  r.action = q.getColumn(6).getString();
  r.before = q.getColumn(7).getString();
  r.after = q.getColumn(8).getString();
  r.prev_hash = q.getColumn(9).getString();
  r.hash = q.getColumn(10).getString();
  return r;
}

}  // namespace

std::optional<std::int64_t> AuditStore::customer_of(const AuditRow& row) {
  if (!row.record_id) return std::nullopt;
  std::string id;
  if (row.record_kind == "customer") id = "?1";
  else if (row.record_kind == "complaint") id = "(SELECT customer_id FROM complaints WHERE id = ?1)";
  else if (row.record_kind == "revisit") id = "(SELECT customer_id FROM revisits WHERE id = ?1)";
  else if (row.record_kind == "assignment") id = "(SELECT customer_id FROM assignments WHERE id = ?1)";
  else if (row.record_kind == "notification") id = "(SELECT customer_id FROM notifications WHERE id = ?1)";
  else return std::nullopt;
  SQLite::Statement q(db_.sql(), "SELECT coalesce(merged_into, id) FROM customers WHERE id = " + id);
  q.bind(1, static_cast<int64_t>(*row.record_id));
  if (!q.executeStep()) return std::nullopt;
  return q.getColumn(0).getInt64();
}

std::vector<AuditRow> AuditStore::for_record(const std::string& number, const std::string& kind,
                                             std::optional<std::int64_t> id) {
  std::string sql = fmt::format("SELECT {} FROM audit WHERE record_number = ?", kColumns);
  if (!kind.empty() && id) sql += " OR (record_kind = ? AND record_id = ?)";
  sql += " ORDER BY id";
  SQLite::Statement q(db_.sql(), sql);
  q.bind(1, number);
  if (!kind.empty() && id) {
    q.bind(2, kind);
    q.bind(3, static_cast<int64_t>(*id));
  }
  std::vector<AuditRow> rows;
  while (q.executeStep()) rows.push_back(read_row(q));
  // A customer created by an import is in that import's one audit row (record_id = its first id).
  SQLite::Statement imports(db_.sql(), fmt::format(
      "SELECT {} FROM audit WHERE record_kind = 'import' AND record_id <= ?1 AND json_extract(after, '$.last_id') >= ?1",
      kColumns));
  SQLite::Statement customer(db_.sql(), "SELECT id FROM customers WHERE number = ?");
  customer.bind(1, number);
  if (customer.executeStep()) {
    imports.bind(1, customer.getColumn(0).getInt64());
    while (imports.executeStep()) {
      AuditRow r = read_row(imports);
      if (r.record_number != number) rows.push_back(std::move(r));  // else the query above had it
    }
    std::sort(rows.begin(), rows.end(), [](const AuditRow& a, const AuditRow& b) { return a.id < b.id; });
  }
  return rows;
}

std::optional<ChainBreak> AuditStore::verify_chain() {
  SQLite::Statement q(db_.sql(), fmt::format("SELECT {} FROM audit ORDER BY id", kColumns));
  std::string expected_prev = "genesis";
  std::int64_t expected_id = 1;
  while (q.executeStep()) {
    AuditRow r = read_row(q);
    if (r.id != expected_id)
      return ChainBreak{r.id, fmt::format("rows {}..{} are missing (deleted?)", expected_id, r.id - 1)};
    if (r.prev_hash != expected_prev)
      return ChainBreak{r.id, "its link to the previous row does not match (a row before it was changed or removed)"};
    AuditEntry e{r.record_kind, r.record_id, r.record_number, r.action, r.before, r.after};
    if (audit_hash(r.prev_hash, r.at, r.actor, e) != r.hash)
      return ChainBreak{r.id, "its content does not match its hash (the row was edited)"};
    expected_prev = r.hash;
    ++expected_id;
  }
  return std::nullopt;
}

std::int64_t AuditStore::count() { return db_.sql().execAndGet("SELECT count(*) FROM audit").getInt64(); }

}  // namespace csdesk
