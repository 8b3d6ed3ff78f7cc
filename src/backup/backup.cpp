#include "backup/backup.hpp"

#include <filesystem>
#include <optional>

#include "output/output_file.hpp"
#include "store/department_copy.hpp"
#include "store/maintenance.hpp"
#include "util/error.hpp"
#include "util/json.hpp"

namespace csdesk {
namespace {

// A new SQLite file at `file` (empty, made by OutputFile) holding all of `db`; its pages.
std::int64_t copy_into_file(Database& db, const std::string& file, DepartmentCopy& copy) {
  Database target(file, Database::Open::create_or_upgrade);
  copy = copy_department(db, target);
  // One self-contained file, without a -wal beside it.
  target.sql().execute("PRAGMA journal_mode = DELETE");
  return target.sql().query_int("PRAGMA page_count");
}

// The audit key goes with a copy into a file (DEST.key), or its keyed rows could not be verified:
// written into `out` now, put in place by the caller after the copy itself; `out` stays empty when
// `db` has no key.
void write_key_file(Database& db, const std::string& flag, const std::string& dest, bool overwrite,
                    std::optional<OutputFile>& out) {
  const AuditKey* key = db.audit_key();
  if (!key) return;
  out.emplace(OutputRequest{flag + " (its audit key)", audit_key_path(dest), overwrite, db.path()});
  out->write(audit_key_text(*key));
}

}  // namespace

BackupResult backup_database(Database& db, const Actor& actor, Epoch now, const std::string& dest, bool overwrite) {
  actor.require(Permission::backup);
  if (dest.empty()) fail_invalid("backup FILE: give the file to write, e.g. csdesk-2026-11-22.db");
  OutputFile out({"backup FILE", dest, overwrite, db.path()});
  DatabaseCopy copy;
  if (db.engine() == sql::Engine::sqlite) {
    copy = copy_database(db, out.temporary());
  } else {
    DepartmentCopy rows;
    copy.pages = copy_into_file(db, out.temporary(), rows);
    copy.audit_rows = rows.head.rows;
  }
  // Both files are written before either is in place.
  std::optional<OutputFile> key_out;
  write_key_file(db, "backup FILE", dest, overwrite, key_out);
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

CopyResult copy_to(Database& db, const Actor& actor, Epoch now, const std::string& dest, bool overwrite) {
  actor.require(Permission::backup);
  if (dest.empty()) fail_invalid("copy --to: give the database to copy into: a new SQLite file or a PostgreSQL URI");
  CopyResult result;
  result.to = redacted_target(dest);
  DepartmentCopy copy;
  if (is_server_target(dest)) {
    result.engine = "postgresql";
    Database target(dest, Database::Open::create_or_upgrade);
    copy = copy_department(db, target);
    result.key_carried = db.audit_key() != nullptr;
  } else {
    result.engine = "sqlite";
    OutputFile out({"copy --to", dest, overwrite, db.path()});
    copy_into_file(db, out.temporary(), copy);
    std::optional<OutputFile> key_out;
    write_key_file(db, "copy --to", dest, overwrite, key_out);
    result.key_carried = key_out.has_value();
    out.commit();
    if (key_out) key_out->commit();
  }
  result.tables = static_cast<std::int64_t>(copy.tables.size());
  result.rows = copy.rows;
  result.audit_rows = copy.head.rows;
  result.audit_digest = copy.head.digest;
  JsonObject what;
  what.add("to", result.to).add("engine", result.engine).add("tables", result.tables).add("rows", result.rows)
      .add("audit_rows", result.audit_rows);
  record_export(db, actor, now, AuditEntry{"export", std::nullopt, "", "copy", "", what.str()});
  return result;
}

}  // namespace csdesk
