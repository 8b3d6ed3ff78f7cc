#pragma once
// Keeping the file healthy: integrity and audit-chain checks, online backups, and the audit
// rows written when personal data leaves the program unmasked.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/audit.hpp"
#include "store/database.hpp"

namespace csdesk {

struct ForeignKeyProblem {
  std::string table;   // the row that points nowhere
  std::int64_t rowid = 0;
  std::string parent;  // the table it should point into
};

struct HealthReport {
  std::vector<std::string> integrity_problems;  // PRAGMA integrity_check lines; empty when ok
  std::vector<ForeignKeyProblem> foreign_key_problems;
  std::optional<ChainBreak> chain_break;
  std::string chain_break_row;  // "KH202611-0001 update at 2026-11-02 10:00" for the broken row, if it exists
  std::int64_t audit_rows = 0;
  bool ok() const { return integrity_problems.empty() && foreign_key_problems.empty() && !chain_break; }
};

// Runs PRAGMA integrity_check, PRAGMA foreign_key_check and the audit-chain walk; only reads.
// At most `limit` problems of each kind are collected.
HealthReport check_database(Database& db, int limit = 20);

struct DatabaseCopy {
  std::int64_t pages = 0;
  std::int64_t audit_rows = 0;  // rows of the copied audit trail
};

// A consistent copy of `db` into the SQLite file at `target` (empty, created by the caller),
// taken with SQLite's online backup API while other processes keep writing; one file without a
// -wal, that passed its integrity check. Where `target` lives and how it gets into place is the
// caller's (src/backup/backup.hpp).
DatabaseCopy copy_database(Database& db, const std::string& target);

// Appends an audit row for data leaving the program (record_kind "export"), also when `db`
// was opened read-only or a write transaction is already open. Throws when it cannot be
// recorded, so that nothing is shown unrecorded.
void record_export(Database& db, const Actor& actor, Epoch at, const AuditEntry& entry);

}  // namespace csdesk
