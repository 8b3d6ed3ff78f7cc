#include "store/maintenance.hpp"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <chrono>
#include <fmt/format.h>
#include <thread>

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
  return fmt::format("{} {} at {}", q.getColumn(0).getString(), q.getColumn(1).getString(),
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

HealthReport check_database(Database& db, int limit) {
  HealthReport report;
  SQLite::Database& sql = db.sql();
  report.integrity_problems = integrity_problems(sql, limit);
  try {
    report.foreign_key_problems = foreign_key_problems(sql, limit);
    report.audit_rows = AuditStore(db).count();
    report.chain_break = AuditStore(db).verify_chain();
    if (report.chain_break) report.chain_break_row = describe_audit_row(sql, report.chain_break->row_id);
  } catch (const SQLite::Exception& e) {
    report.integrity_problems.push_back(fmt::format("reading the tables failed: {}", e.what()));
  }
  return report;
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
