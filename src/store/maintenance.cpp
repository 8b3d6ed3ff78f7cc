#include "store/maintenance.hpp"


#include <algorithm>
#include <chrono>
#include <fmt/format.h>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "store/record_state.hpp"

#include "util/error.hpp"

namespace csdesk {
namespace {

std::string describe_audit_row(sql::Connection& sql, std::int64_t id) {
  sql::Statement q(sql, "SELECT record_number, action, at FROM audit WHERE id = ?");
  q.bind(1, static_cast<int64_t>(id));
  if (!q.step()) return "";
  return trf("{} {} at {}", q.column(0).text(), q.column(1).text(),
                     format_local(q.column(2).int64()));
}

}  // namespace

namespace {

// The chain must still reach every head recorded outside it: as long, and the same row there.
void compare_heads(sql::Connection& sql, const std::vector<KnownHead>& heads, HealthReport& report) {
  sql::Statement row(sql, "SELECT hash FROM audit WHERE id = ?");
  for (const auto& k : heads) {
    ++report.heads_compared;
    if (k.head.rows > report.head.rows) {
      report.head_problems.push_back(trf(
          "{} recorded {} audit rows, but the chain ends at row {}: the newest {} rows were deleted (truncated tail)",
          k.source, k.head.rows, report.head.rows, k.head.rows - report.head.rows));
      continue;
    }
    if (k.head.rows == 0) continue;
    row.reset();
    row.bind(1, static_cast<int64_t>(k.head.rows));
    std::string now = row.step() ? row.column(0).text() : "";
    if (now != k.head.digest)
      report.head_problems.push_back(trf(
          "audit row {} is not the row {} recorded (digest {}…, now {}): the chain was rewritten up to there",
          k.head.rows, k.source, k.head.digest.substr(0, 12),
          now.empty() ? std::string(tr_ctx("audit-row", "missing")) : now.substr(0, 12) + "…"));
  }
}

std::vector<KnownHead> issued_heads(sql::Connection& sql) {
  std::vector<KnownHead> heads;
  sql::Statement q(sql, "SELECT kind, period, chain_rows, chain_head FROM frozen_reports WHERE chain_rows IS NOT NULL "
                           "ORDER BY chain_rows");
  while (q.step())
    heads.push_back({trf("issued {} {}", q.column(0).text(), q.column(1).text()),
                     {q.column(2).int64(), q.column(3).text()}});
  return heads;
}

std::string examples(const std::vector<std::string>& names, std::size_t limit) {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < limit; ++i) out += (i ? ", " : "") + names[i];
  if (names.size() > limit) out += ", …";
  return out;
}

// Every record of an audited kind against the newest state an audit row vouches for.
void compare_records(Database& db, const HealthReport& health, std::vector<std::string>& problems, std::int64_t& compared,
                     int limit) {
  sql::Connection& sql = db.sql();
  const sql::Dialect& dialect = sql::dialect_of(db.engine());
  struct Audited {
    std::string hash;
    std::int64_t row = 0;
    bool seen = false;
  };
  std::map<std::pair<std::string, std::string>, Audited> last;
  {
    sql::Statement q(sql, "SELECT s.record_kind, s.record_key, s.state_hash, s.audit_id FROM audit_states s "
                             "JOIN audit a ON a.id = s.audit_id ORDER BY s.audit_id");
    while (q.step())
      last[{q.column(0).text(), q.column(1).text()}] = {q.column(2).text(), q.column(3).int64()};
  }
  // Records of an older csdesk have audit rows but no recorded state; they are only looked for.
  std::set<std::pair<std::string, std::string>> trail;
  std::vector<std::pair<std::int64_t, std::int64_t>> imported;
  {
    sql::Statement q(sql, "SELECT DISTINCT record_kind, CASE WHEN record_kind = 'report' THEN record_number "
                             "ELSE CAST(record_id AS TEXT) END FROM audit WHERE state_hash IS NULL");
    while (q.step()) trail.insert({q.column(0).text(), q.column(1).text()});
    sql::Statement i(sql, "SELECT record_id, coalesce(CAST(" + dialect.json_text("after", "last_id") +
                              " AS BIGINT), record_id) FROM audit "
                             "WHERE record_kind = 'import' AND record_id IS NOT NULL AND state_hash IS NULL");
    while (i.step()) imported.emplace_back(i.column(0).int64(), i.column(1).int64());
  }
  auto in_old_trail = [&](const RecordState& s) {
    if (trail.count({s.kind, s.key})) return true;
    if (s.kind != "customer") return false;
    std::int64_t id = std::stoll(s.key);
    return std::any_of(imported.begin(), imported.end(), [&](const auto& r) { return id >= r.first && id <= r.second; });
  };
  std::vector<std::string> changed, untracked;
  each_current_state(db, [&](const RecordState& s) {
    ++compared;
    auto found = last.find({s.kind, s.key});
    if (found == last.end()) {
      if (!in_old_trail(s)) untracked.push_back(fmt::format("{} {}", s.kind, s.number));
      return;
    }
    found->second.seen = true;
    if (found->second.hash != s.hash)
      changed.push_back(trf("{} {}: its state differs from its last audited state (audit row {}): changed "
                                    "behind csdesk's back", s.kind, s.number, found->second.row));
  });
  for (const auto& [record, audited] : last)
    if (!audited.seen && !audited.hash.empty())
      changed.push_back(trf("{} {} (id {}): audited at row {} but no longer in the database: deleted behind "
                                    "csdesk's back", record.first, record.first == "report" ? record.second : "#" + record.second,
                                    record.second, audited.row));
  for (std::size_t i = 0; i < changed.size() && static_cast<int>(i) < limit; ++i) problems.push_back(changed[i]);
  if (static_cast<int>(changed.size()) > limit)
    problems.push_back(trf("and {} more records changed", changed.size() - static_cast<std::size_t>(limit)));
  if (!untracked.empty())
    problems.push_back(fmt::format(
        fmt::runtime(health.head.rows == 0
                         ? tr_n("{} record has no audit row at all ({}) while the audit trail is empty: their audit rows "
                                "were deleted, or they were inserted behind csdesk's back",
                                "{} records have no audit row at all ({}) while the audit trail is empty: their audit "
                                "rows were deleted, or they were inserted behind csdesk's back",
                                untracked.size())
                         : tr_n("{} record has no audit row at all ({}): their audit rows were deleted, or they were "
                                "inserted behind csdesk's back",
                                "{} records have no audit row at all ({}): their audit rows were deleted, or they were "
                                "inserted behind csdesk's back",
                                untracked.size())),
        untracked.size(), examples(untracked, 5)));
  // States kept for rows the chain no longer has: its newest rows were deleted.
  sql::Statement beyond(sql, "SELECT max(audit_id) FROM audit_states");
  if (beyond.step() && !beyond.column(0).is_null() && beyond.column(0).int64() > health.head.rows)
    problems.push_back(trf("record states were kept for audit rows up to {}, but the chain ends at row {}: the "
                                   "newest rows were deleted (truncated tail)", beyond.column(0).int64(),
                                   health.head.rows));
}

}  // namespace

HealthReport check_database(Database& db, const std::optional<KnownHead>& anchor, int limit) {
  HealthReport report;
  sql::Connection& sql = db.sql();
  const sql::Dialect& dialect = sql::dialect_of(db.engine());
  report.integrity_problems = dialect.integrity_problems(sql, limit);
  try {
    report.foreign_key_problems = dialect.foreign_key_problems(sql, limit);
    report.audit_rows = AuditStore(db).count();
    ChainWalk walk = AuditStore(db).walk_chain(limit);
    report.head = walk.head;
    report.keyed_from = walk.keyed_from;
    for (auto& b : walk.breaks) report.chain_problems.push_back({b, describe_audit_row(sql, b.row_id)});
    std::vector<KnownHead> heads;
    if (anchor) heads.push_back(*anchor);
    if (db.schema_version() >= 11) {
      for (auto& h : issued_heads(sql)) heads.push_back(std::move(h));
      compare_records(db, report, report.record_problems, report.records_compared, limit);
    }
    compare_heads(sql, heads, report);
  } catch (const sql::DriverError& e) {
    report.integrity_problems.push_back(trf("reading the tables failed: {}", e.what()));
  } catch (const Error& e) {
    report.integrity_problems.push_back(e.what());
  }
  return report;
}

std::string anchor_text(const AuditHead& head, const std::string& database, Epoch written_at) {
  return fmt::format("csdesk audit anchor v1\nrows {}\nhead {}\ndatabase {}\nwritten {}\n", head.rows, head.digest,
                     database, format_iso(written_at));
}

AuditHead parse_anchor(const std::string& text, const std::string& name) {
  std::istringstream in(text);
  std::string header, rows_word, head_word;
  AuditHead head;
  std::getline(in, header);
  in >> rows_word >> head.rows >> head_word >> head.digest;
  if (header != "csdesk audit anchor v1" || rows_word != "rows" || head_word != "head" || !in || head.rows < 0 ||
      head.digest.empty())
    fail_invalid("--anchor: '{}' is not a csdesk anchor file (written by `csdesk check --write-anchor FILE`)", name);
  return head;
}

void record_export(Database& db, const Actor& actor, Epoch at, const AuditEntry& entry) {
  if (db.sql().opened_read_only()) {
    // Opened for reading only: record through a writable connection of our own.
    Database writable(db.target(), Database::Open::existing);
    record_export(writable, actor, at, entry);
    return;
  }
  if (db.sql().in_transaction()) {  // inside the caller's transaction
    db.audit(actor, at, entry);
    return;
  }
  Database::Transaction tx(db);
  db.audit(actor, at, entry);
  tx.commit();
}

}  // namespace csdesk
