#pragma once
// csdesk backup: a consistent copy of the database, written like every operator's file.
#include <cstdint>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace csdesk {

struct BackupResult {
  std::string path;
  std::int64_t bytes = 0;
  std::int64_t pages = 0;
  std::int64_t audit_rows = 0;             // rows of the copied audit trail
  std::vector<std::string> stale_removed;  // temporaries of killed backups to `dest`, removed
};

// A consistent copy of `db` at `dest` (store/maintenance.hpp copy_database) written through an
// OutputFile (output/output_file.hpp): a private (0600) temporary beside `dest`, checked, and
// only then moved into place, so `dest` is never left half-written. An existing `dest` is a
// conflict unless `overwrite`. A backup holds every customer's personal data unmasked: refused (6)
// before anything is written unless `actor` may take one (Permission::backup); recorded in the audit
// trail as `actor`'s export.
// A PostgreSQL database is backed up the same way, into an SQLite file (one REPEATABLE READ
// snapshot, store/department_copy.hpp): the offline copy of a server.
BackupResult backup_database(Database& db, const Actor& actor, Epoch now, const std::string& dest, bool overwrite);

struct CopyResult {
  std::string to;          // the destination, any password shown as ***
  std::string engine;      // "sqlite" or "postgresql"
  std::int64_t tables = 0;
  std::int64_t rows = 0;
  std::int64_t audit_rows = 0;  // the chain's newest row, the same in both
  std::string audit_digest;
  bool key_carried = false;     // the chain's key went too (a chain with keyed rows needs it)
};

// csdesk copy --to DEST: the whole department (records, numbers, audit chain and its key) into a
// new database on either engine: an SQLite file (written beside DEST, moved into place once whole;
// an existing file only with `overwrite`) or a PostgreSQL database holding no department yet.
// The same permission as a backup (every customer's personal data goes with it); recorded in the
// audit trail as `actor`'s export.
CopyResult copy_to(Database& db, const Actor& actor, Epoch now, const std::string& dest, bool overwrite);

}  // namespace csdesk
