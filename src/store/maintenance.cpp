#include "store/maintenance.hpp"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/SQLiteCpp.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <thread>

#include "error.hpp"

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

// The backup's temporary file: owner-only from its first byte, in dest's directory so that the
// final rename is atomic.
std::string create_private_temp(const std::string& dest) {
  std::string pattern = dest + ".tmp-XXXXXX";
  int fd = ::mkstemp(pattern.data());
  if (fd < 0) fail_invalid("backup FILE: cannot create a file beside '{}': {}", dest, std::strerror(errno));
  ::fchmod(fd, 0600);
  ::close(fd);
  return pattern;
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

void sync_directory_of(const std::string& path) {
  std::string dir = std::filesystem::absolute(path).parent_path().string();
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
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

BackupResult backup_database(Database& db, const std::string& dest, bool overwrite) {
  namespace fs = std::filesystem;
  if (dest.empty()) fail_invalid("backup FILE: give the file to write, e.g. csdesk-2026-11-22.db");
  std::error_code ec;
  if (fs::equivalent(dest, db.path(), ec))
    fail_invalid("backup FILE: '{}' is the database itself; give another file", dest);
  if (fs::is_directory(dest)) fail_invalid("backup FILE: '{}' is a directory; give a file name inside it", dest);
  if (fs::exists(dest) && !overwrite)
    fail_conflict("backup FILE: '{}' already exists; choose another name or pass --force to replace it", dest);

  std::string temp = create_private_temp(dest);
  BackupResult result;
  try {
    {
      SQLite::Database target(temp, SQLite::OPEN_READWRITE);
      copy_pages(db.sql(), target);
      // A backup is one self-contained file, without a -wal beside it.
      target.exec("PRAGMA journal_mode = DELETE");
      std::string verdict = target.execAndGet("PRAGMA integrity_check(1)").getString();
      if (verdict != "ok") fail(ErrorKind::internal, "backup: the copy failed its integrity check: {}", verdict);
      result.pages = target.execAndGet("PRAGMA page_count").getInt64();
      result.audit_rows = target.execAndGet("SELECT count(*) FROM audit").getInt64();
    }
    if (overwrite) {
      fs::rename(temp, dest);
    } else if (::link(temp.c_str(), dest.c_str()) != 0) {
      // link() refuses to replace a file that appeared meanwhile.
      int err = errno;
      if (err == EEXIST)
        fail_conflict("backup FILE: '{}' already exists; choose another name or pass --force to replace it", dest);
      fail_invalid("backup FILE: cannot create '{}': {}", dest, std::strerror(err));
    } else {
      fs::remove(temp);
    }
  } catch (...) {
    fs::remove(temp, ec);
    throw;
  }
  sync_directory_of(dest);
  result.path = dest;
  result.bytes = static_cast<std::int64_t>(fs::file_size(dest));
  return result;
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
