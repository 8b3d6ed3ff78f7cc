#include "backup/backup.hpp"

#include <filesystem>

#include "output/output_file.hpp"
#include "store/maintenance.hpp"
#include "util/error.hpp"

namespace csdesk {

BackupResult backup_database(Database& db, const std::string& dest, bool overwrite) {
  if (dest.empty()) fail_invalid("backup FILE: give the file to write, e.g. csdesk-2026-11-22.db");
  OutputFile out({"backup FILE", dest, overwrite, db.path()});
  DatabaseCopy copy = copy_database(db, out.temporary());
  out.commit();
  BackupResult result;
  result.path = dest;
  result.bytes = static_cast<std::int64_t>(std::filesystem::file_size(dest));
  result.pages = copy.pages;
  result.audit_rows = copy.audit_rows;
  result.stale_removed = out.stale_removed();
  return result;
}

}  // namespace csdesk
