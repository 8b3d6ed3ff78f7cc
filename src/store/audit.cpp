#include "store/audit.hpp"


#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "store/dialect.hpp"
#include "store/record_state.hpp"
#include "util/i18n.hpp"

namespace csdesk {
namespace {

constexpr int kKeyedSchema = 11;

// A file still at an older schema (opened read-only, so not upgraded) has no keyed columns.
std::string columns(Database& db) {
  return fmt::format("id, at, actor, record_kind, record_id, record_number, action, before, after, prev_hash, hash, {}",
                     db.schema_version() >= kKeyedSchema ? "entered_by, recorded_at, state_hash" : "NULL, NULL, NULL");
}

AuditRow read_row(sql::Statement& q) {
  AuditRow r;
  r.id = q.column(0).int64();
  r.at = q.column(1).int64();
  r.actor = q.column(2).text();
  r.record_kind = q.column(3).text();
  if (!q.column(4).is_null()) r.record_id = q.column(4).int64();
  r.record_number = q.column(5).text();
  r.action = q.column(6).text();
  r.before = q.column(7).text();
  r.after = q.column(8).text();
  r.prev_hash = q.column(9).text();
  r.hash = q.column(10).text();
  r.entered_by = q.column(11).text();
  if (!q.column(12).is_null()) r.recorded_at = q.column(12).int64();
  r.state_hash = q.column(13).text();
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
  sql::Statement q(db_.sql(), "SELECT coalesce(merged_into, id) FROM customers WHERE id = " + id);
  q.bind(1, static_cast<int64_t>(*row.record_id));
  if (!q.step()) return std::nullopt;
  return q.column(0).int64();
}

std::vector<AuditRow> AuditStore::for_record(const std::string& number, const std::string& kind,
                                             std::optional<std::int64_t> id) {
  db_.write_pending_audit();
  const std::string kColumns = columns(db_);
  std::string sql = fmt::format("SELECT {} FROM audit WHERE record_number = ?", kColumns);
  if (!kind.empty() && id) sql += " OR (record_kind = ? AND record_id = ?)";
  sql += " ORDER BY id";
  sql::Statement q(db_.sql(), sql);
  q.bind(1, number);
  if (!kind.empty() && id) {
    q.bind(2, kind);
    q.bind(3, static_cast<int64_t>(*id));
  }
  std::vector<AuditRow> rows;
  while (q.step()) rows.push_back(read_row(q));
  // A customer created by an import is in that import's one audit row (record_id = its first id).
  sql::Statement imports(db_.sql(), fmt::format(
      "SELECT {} FROM audit WHERE record_kind = 'import' AND record_id <= ?1 AND CAST({} AS BIGINT) >= ?1", kColumns,
      sql::dialect_of(db_.engine()).json_text("after", "last_id")));
  sql::Statement customer(db_.sql(), "SELECT id FROM customers WHERE number = ?");
  customer.bind(1, number);
  if (customer.step()) {
    imports.bind(1, customer.column(0).int64());
    while (imports.step()) {
      AuditRow r = read_row(imports);
      if (r.record_number != number) rows.push_back(std::move(r));  // else the query above had it
    }
    std::sort(rows.begin(), rows.end(), [](const AuditRow& a, const AuditRow& b) { return a.id < b.id; });
  }
  return rows;
}

std::optional<ChainBreak> AuditStore::verify_chain() {
  ChainWalk walk = walk_chain(1);
  if (walk.breaks.empty()) return std::nullopt;
  return walk.breaks.front();
}

ChainWalk AuditStore::walk_chain(int limit) {
  db_.write_pending_audit();
  const AuditKey* key = db_.audit_key();
  ChainWalk walk;
  walk.keyed_from = key ? key->from_row : 0;
  std::vector<ChainBreak> breaks;
  auto add = [&](std::int64_t id, std::string problem) { breaks.push_back({id, std::move(problem)}); };
  // Each keyed row's states, in the order they were digested.
  std::map<std::int64_t, std::vector<RecordState>> states;
  if (db_.schema_version() >= kKeyedSchema) {
    sql::Statement q(db_.sql(), "SELECT audit_id, record_kind, record_key, state_hash FROM audit_states "
                                   "ORDER BY audit_id, record_kind, record_key");
    while (q.step())
      states[q.column(0).int64()].push_back(
          {q.column(1).text(), q.column(2).text(), "", q.column(3).text()});
  }
  std::vector<std::int64_t> bad_mac;  // rows whose content does not give their stored hash
  bool told_lost_key = false;
  sql::Statement q(db_.sql(), fmt::format("SELECT {} FROM audit ORDER BY id", columns(db_)));
  std::string expected_prev = "genesis";
  std::int64_t expected_id = 1;
  while (q.step()) {
    AuditRow r = read_row(q);
    ++walk.rows;
    bool gap = r.id != expected_id;
    if (gap) add(r.id, trf("rows {}..{} are missing (deleted?)", expected_id, r.id - 1));
    if (!gap && r.prev_hash != expected_prev)
      add(r.id, std::string(tr("its link to the previous row does not match (a row before it was changed or removed)")));
    AuditEntry e{r.record_kind, r.record_id, r.record_number, r.action, r.before, r.after};
    bool keyed = key && r.id >= key->from_row;
    if (keyed) {
      AuditKeyedFields k{r.entered_by, r.recorded_at.value_or(0), r.state_hash};
      if (!r.recorded_at || audit_mac(key->bytes, r.prev_hash, r.at, r.actor, e, k) != r.hash) bad_mac.push_back(r.id);
      auto found = states.find(r.id);
      std::string digest = found == states.end() ? "" : states_digest(found->second);
      if (digest != r.state_hash)
        add(r.id, std::string(tr("the record states kept with it (table audit_states) do not match the digest it "
                                 "carries: they were changed behind csdesk's back")));
    } else if (r.recorded_at) {
      // Written by a csdesk that keys every row, yet not under the key beside the database.
      if (!told_lost_key)
        add(r.id, key ? trf("it was written keyed, but the key file '{}' only keys rows from {}: the key was "
                                    "replaced, so rows {}..{} cannot be verified", key->path, key->from_row, r.id,
                                    key->from_row - 1)
                      : trf("it was written keyed, but there is no key file '{}': the key was removed, so no "
                                    "row from here on can be verified", audit_key_path(db_.path())));
      told_lost_key = true;
    } else if (audit_hash(r.prev_hash, r.at, r.actor, e) != r.hash) {
      bad_mac.push_back(r.id);
    }
    expected_prev = r.hash;
    expected_id = r.id + 1;
    walk.head = {r.id, r.hash};
  }
  // The newest rows all failing their MAC: appended (or rewritten) by someone without the key.
  std::size_t tail = bad_mac.size();
  while (tail > 0 && bad_mac[tail - 1] == walk.head.rows - static_cast<std::int64_t>(bad_mac.size() - tail)) --tail;
  if (tail < bad_mac.size()) walk.unkeyed_tail_from = bad_mac[tail];
  for (std::size_t i = 0; i < bad_mac.size(); ++i) {
    std::int64_t id = bad_mac[i];
    bool keyed = key && id >= key->from_row;
    if (i == tail)
      add(id, keyed ? trf("rows {}..{} (the newest) do not carry csdesk's MAC: forged rows appended without the key, or "
                          "the chain rewritten from here", id, walk.head.rows)
                    : trf("rows {}..{} (the newest) do not carry csdesk's hash: forged rows appended without the key, or "
                          "the chain rewritten from here", id, walk.head.rows));
    else if (i < tail)
      add(id, std::string(keyed ? tr("its content does not match its MAC (the row was edited)")
                                : tr("its content does not match its hash (the row was edited)")));
  }
  std::stable_sort(breaks.begin(), breaks.end(), [](const ChainBreak& a, const ChainBreak& b) { return a.row_id < b.row_id; });
  if (static_cast<int>(breaks.size()) > limit) breaks.resize(static_cast<std::size_t>(limit));
  walk.breaks = std::move(breaks);
  return walk;
}

std::int64_t AuditStore::count() {
  db_.write_pending_audit();
  return db_.sql().query_int("SELECT count(*) FROM audit"); }

}  // namespace csdesk
