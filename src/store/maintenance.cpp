#include "store/maintenance.hpp"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

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

constexpr auto kBackupPatience = std::chrono::seconds(60);

std::vector<std::string> integrity_problems(SQLite::Database& sql, int limit) {
  std::vector<std::string> problems;
  try {
    SQLite::Statement q(sql, fmt::format("PRAGMA integrity_check({})", limit));
    while (q.executeStep()) {
      std::string line = q.getColumn(0).getString();
      if (line != "ok") problems.push_back(line);
    }
  } catch (const SQLite::Exception& e) {
    // A badly damaged file stops the check itself; that is the finding.
    problems.push_back(e.what());
  }
  return problems;
}

std::vector<ForeignKeyProblem> foreign_key_problems(SQLite::Database& sql, int limit) {
  std::vector<ForeignKeyProblem> problems;
  SQLite::Statement q(sql, "PRAGMA foreign_key_check");
  while (q.executeStep() && static_cast<int>(problems.size()) < limit)
    problems.push_back({q.getColumn(0).getString(), q.getColumn(1).getInt64(), q.getColumn(2).getString()});
  return problems;
}

std::string describe_audit_row(SQLite::Database& sql, std::int64_t id) {
  SQLite::Statement q(sql, "SELECT record_number, action, at FROM audit WHERE id = ?");
  q.bind(1, static_cast<int64_t>(id));
  if (!q.executeStep()) return "";
  return trf("{} {} at {}", q.getColumn(0).getString(), q.getColumn(1).getString(),
                     format_local(q.getColumn(2).getInt64()));
}

void copy_pages(SQLite::Database& source, SQLite::Database& target) {
  SQLite::Backup backup(target, source);
  auto give_up = std::chrono::steady_clock::now() + kBackupPatience;
  // One step copies every page inside one read transaction: a snapshot, however busy the writers.
  for (;;) {
    int rc = backup.executeStep(-1);
    if (rc == SQLITE_DONE) return;
    if (std::chrono::steady_clock::now() > give_up)
      fail_conflict("backup: the database stayed locked for {} s; try again when it is less busy",
                    kBackupPatience.count());
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace

namespace {

// The chain must still reach every head recorded outside it: as long, and the same row there.
void compare_heads(SQLite::Database& sql, const std::vector<KnownHead>& heads, HealthReport& report) {
  SQLite::Statement row(sql, "SELECT hash FROM audit WHERE id = ?");
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
    std::string now = row.executeStep() ? row.getColumn(0).getString() : "";
    if (now != k.head.digest)
      report.head_problems.push_back(trf(
          "audit row {} is not the row {} recorded (digest {}…, now {}): the chain was rewritten up to there",
          k.head.rows, k.source, k.head.digest.substr(0, 12),
          now.empty() ? std::string(tr_ctx("audit-row", "missing")) : now.substr(0, 12) + "…"));
  }
}

std::vector<KnownHead> issued_heads(SQLite::Database& sql) {
  std::vector<KnownHead> heads;
  SQLite::Statement q(sql, "SELECT kind, period, chain_rows, chain_head FROM frozen_reports WHERE chain_rows IS NOT NULL "
                           "ORDER BY chain_rows");
  while (q.executeStep())
    heads.push_back({trf("issued {} {}", q.getColumn(0).getString(), q.getColumn(1).getString()),
                     {q.getColumn(2).getInt64(), q.getColumn(3).getString()}});
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
  SQLite::Database& sql = db.sql();
  struct Audited {
    std::string hash;
    std::int64_t row = 0;
    bool seen = false;
  };
  std::map<std::pair<std::string, std::string>, Audited> last;
  {
    SQLite::Statement q(sql, "SELECT s.record_kind, s.record_key, s.state_hash, s.audit_id FROM audit_states s "
                             "JOIN audit a ON a.id = s.audit_id ORDER BY s.audit_id");
    while (q.executeStep())
      last[{q.getColumn(0).getString(), q.getColumn(1).getString()}] = {q.getColumn(2).getString(), q.getColumn(3).getInt64()};
  }
  // Records of an older csdesk have audit rows but no recorded state; they are only looked for.
  std::set<std::pair<std::string, std::string>> trail;
  std::vector<std::pair<std::int64_t, std::int64_t>> imported;
  {
    SQLite::Statement q(sql, "SELECT DISTINCT record_kind, CASE WHEN record_kind = 'report' THEN record_number "
                             "ELSE CAST(record_id AS TEXT) END FROM audit WHERE state_hash IS NULL");
    while (q.executeStep()) trail.insert({q.getColumn(0).getString(), q.getColumn(1).getString()});
    SQLite::Statement i(sql, "SELECT record_id, coalesce(json_extract(after, '$.last_id'), record_id) FROM audit "
                             "WHERE record_kind = 'import' AND record_id IS NOT NULL AND state_hash IS NULL");
    while (i.executeStep()) imported.emplace_back(i.getColumn(0).getInt64(), i.getColumn(1).getInt64());
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
  SQLite::Statement beyond(sql, "SELECT max(audit_id) FROM audit_states");
  if (beyond.executeStep() && !beyond.getColumn(0).isNull() && beyond.getColumn(0).getInt64() > health.head.rows)
    problems.push_back(trf("record states were kept for audit rows up to {}, but the chain ends at row {}: the "
                                   "newest rows were deleted (truncated tail)", beyond.getColumn(0).getInt64(),
                                   health.head.rows));
}

}  // namespace

HealthReport check_database(Database& db, const std::optional<KnownHead>& anchor, int limit) {
  HealthReport report;
  SQLite::Database& sql = db.sql();
  report.integrity_problems = integrity_problems(sql, limit);
  try {
    report.foreign_key_problems = foreign_key_problems(sql, limit);
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
  } catch (const SQLite::Exception& e) {
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

DatabaseCopy copy_database(Database& db, const std::string& target) {
  DatabaseCopy copy;
  SQLite::Database out(target, SQLite::OPEN_READWRITE);
  copy_pages(db.sql(), out);
  // A backup is one self-contained file, without a -wal beside it.
  out.exec("PRAGMA journal_mode = DELETE");
  std::string verdict = out.execAndGet("PRAGMA integrity_check(1)").getString();
  if (verdict != "ok") fail(ErrorKind::internal, "backup: the copy failed its integrity check: {}", verdict);
  copy.pages = out.execAndGet("PRAGMA page_count").getInt64();
  copy.audit_rows = out.execAndGet("SELECT count(*) FROM audit").getInt64();
  return copy;
}

void record_export(Database& db, const Actor& actor, Epoch at, const AuditEntry& entry) {
  sqlite3* handle = db.sql().getHandle();
  if (sqlite3_db_readonly(handle, "main") == 1) {
    // Opened for reading only: record through a writable connection of our own.
    Database writable(db.path(), Database::Open::existing);
    record_export(writable, actor, at, entry);
    return;
  }
  if (sqlite3_get_autocommit(handle) == 0) {  // inside the caller's transaction
    db.audit(actor, at, entry);
    return;
  }
  Database::Transaction tx(db);
  db.audit(actor, at, entry);
  tx.commit();
}

}  // namespace csdesk
