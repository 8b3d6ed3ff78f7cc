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
BackupResult backup_database(Database& db, const Actor& actor, Epoch now, const std::string& dest, bool overwrite);

}  // namespace csdesk
