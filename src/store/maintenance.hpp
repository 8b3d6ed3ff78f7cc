#pragma once
// Keeping the file healthy: integrity and audit-chain checks, online backups, and the audit
// rows written when personal data leaves the program unmasked.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/audit.hpp"
#include "store/database.hpp"
#include "store/dialect.hpp"

namespace csdesk {

struct ChainProblem {
  ChainBreak at;
  std::string row;  // "KH202611-0001 update at 2026-11-02 10:00" for the broken row, if it exists
};

// A head recorded elsewhere (an anchor file, an issued report) that the chain must still reach.
struct KnownHead {
  std::string source;  // "the anchor 'month-end.anchor'", "issued score 2026-11"
  AuditHead head;
};

struct HealthReport {
  std::vector<std::string> integrity_problems;  // PRAGMA integrity_check lines; empty when ok
  std::vector<ForeignKeyProblem> foreign_key_problems;
  std::vector<ChainProblem> chain_problems;     // oldest first
  std::vector<std::string> head_problems;       // the chain is shorter than, or differs from, a known head
  std::vector<std::string> record_problems;     // records that differ from their last audited state
  std::int64_t audit_rows = 0;
  AuditHead head;
  std::int64_t keyed_from = 0;  // first keyed row, 0 when none
  int heads_compared = 0;       // anchor and issued reports the chain was compared with
  std::int64_t records_compared = 0;
  bool ok() const {
    return integrity_problems.empty() && foreign_key_problems.empty() && chain_problems.empty() &&
           head_problems.empty() && record_problems.empty();
  }
};

// Runs PRAGMA integrity_check, PRAGMA foreign_key_check, the audit-chain walk, compares the chain
// with `anchor` (if any) and with the heads issued reports recorded, and every record with its
// last audited state; only reads. At most `limit` problems of each kind are collected.
HealthReport check_database(Database& db, const std::optional<KnownHead>& anchor = std::nullopt, int limit = 20);

// An anchor file's text for `head`, and the head in such a text (throws invalid naming `name`).
std::string anchor_text(const AuditHead& head, const std::string& database, Epoch written_at);
AuditHead parse_anchor(const std::string& text, const std::string& name);

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
