#include "backup/backup.hpp"

#include <filesystem>
#include <optional>

#include "output/output_file.hpp"
#include "store/maintenance.hpp"
#include "util/error.hpp"
#include "util/json.hpp"

namespace csdesk {

BackupResult backup_database(Database& db, const Actor& actor, Epoch now, const std::string& dest, bool overwrite) {
  actor.require(Permission::backup);
  if (dest.empty()) fail_invalid("backup FILE: give the file to write, e.g. csdesk-2026-11-22.db");
  OutputFile out({"backup FILE", dest, overwrite, db.path()});
  DatabaseCopy copy = copy_database(db, out.temporary());
  // The audit key goes with the copy (FILE.key), or its keyed rows could not be verified; both
  // files are written before either is in place.
  std::optional<OutputFile> key_out;
  if (const AuditKey* key = db.audit_key()) {
    key_out.emplace(OutputRequest{"backup FILE (its audit key)", audit_key_path(dest), overwrite, db.path()});
    key_out->write(audit_key_text(*key));
  }
  out.commit();
  if (key_out) key_out->commit();
  BackupResult result;
  result.path = dest;
  result.bytes = static_cast<std::int64_t>(std::filesystem::file_size(dest));
  result.pages = copy.pages;
  result.audit_rows = copy.audit_rows;
  result.stale_removed = out.stale_removed();
  JsonObject what;
  what.add("file", result.path).add("pages", result.pages).add("bytes", result.bytes).add("audit_rows", result.audit_rows);
  record_export(db, actor, now, AuditEntry{"export", std::nullopt, "", "backup", "", what.str()});
  return result;
}

}  // namespace csdesk
