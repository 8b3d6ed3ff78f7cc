// csdesk backup: a consistent, owner-only copy of the database while others keep working;
// csdesk copy: the whole department into a new database of either engine.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "commands.hpp"
#include "context.hpp"
#include "output/columns.hpp"
#include "rules/vocabulary.hpp"
#include "backup/backup.hpp"

namespace csdesk {
namespace {

struct BackupOptions {
  std::string file;
};

struct CopyOptions {
  std::string to;
};

const ColumnSpec<BackupResult>& backup_columns() {
  static const ColumnSpec<BackupResult> spec{
      {{"file", "File", "文件"}, member(&BackupResult::path)},
      {{"bytes", "Bytes", "字节数"}, member(&BackupResult::bytes)},
      {{"pages", "Pages", "页数"}, member(&BackupResult::pages)},
      {{"audit_rows", "Audit rows", "审计记录数"}, member(&BackupResult::audit_rows)},
      // backup_database() checks the copy and fails unless it is whole.
      {Column{"integrity", "Integrity", "完整性"}.with_terms(vocab::check_result), [](const BackupResult&) -> Value { return std::string("ok"); }},
  };
  return spec;
}

const ColumnSpec<CopyResult>& copy_columns() {
  static const ColumnSpec<CopyResult> spec{
      {{"to", "To", "目标"}, member(&CopyResult::to)},
      {{"engine", "Engine", "数据库类型"}, member(&CopyResult::engine)},
      {{"tables", "Tables", "表数"}, member(&CopyResult::tables)},
      {{"rows", "Rows", "行数"}, member(&CopyResult::rows)},
      {{"audit_rows", "Audit rows", "审计记录数"}, member(&CopyResult::audit_rows)},
      {{"audit_digest", "Audit chain head", "审计链末端"}, member(&CopyResult::audit_digest)},
      {{"key_carried", "Audit key copied", "审计密钥已复制"}, member(&CopyResult::key_carried)},
  };
  return spec;
}

void run_copy(Context& ctx, const CopyOptions& o) {
  CopyResult r = copy_to(ctx.db(), ctx.actor(), ctx.now(), o.to, ctx.opt.force);
  ctx.print(copy_columns().single(r, ctx.spec().format));
}

void run_backup(Context& ctx, const BackupOptions& o) {
  BackupResult r = backup_database(ctx.db(), ctx.actor(), ctx.now(), o.file, ctx.opt.force);
  for (const auto& stale : r.stale_removed) ctx.note(trf("removed {}, left by a backup that was killed", stale));
  ctx.print(backup_columns().single(r, ctx.spec().format));
}

}  // namespace

void setup_backup(CLI::App& app, Context& ctx, CommandActions& actions) {
  auto* cmd = app.add_subcommand("backup", std::string(tr("Copy the database consistently while others keep writing (file 0600)")));
  auto o = std::make_shared<BackupOptions>();
  cmd->add_option("FILE", o->file, std::string(tr("The copy to write; must not exist unless --force")))->required();
  // The one --force (the global flag's variable): it replaces FILE and --output's file alike.
  cmd->add_flag("--force", ctx.opt.force, std::string(tr("Replace FILE (and --output's file) if it exists, atomically, once the new one is complete")));
  cmd->preparse_callback([&ctx](std::size_t) { ctx.own_files = true; });
  cmd->footer(
      std::string(tr("The copy is taken with SQLite's online backup API, checked, and created readable by its owner only.\n"
      "It holds every customer's personal data unmasked: only the roles of permissions.backup (admin) may take one; it is\n"
      "recorded in the audit trail. A PostgreSQL database is backed up into an SQLite file the same way, from one\n"
      "consistent snapshot (`pg_dump` remains the server's own backup).\n"
      "Examples:\n"
      "  csdesk backup csdesk-2026-11-22.db\n"
      "  csdesk backup /mnt/backup/csdesk.db --force")));
  actions.bind(cmd, [&ctx, o] { run_backup(ctx, *o); });
}

void setup_copy(CLI::App& app, Context& ctx, CommandActions& actions) {
  auto* cmd = app.add_subcommand("copy", std::string(tr("Copy the whole department into a new database: SQLite to PostgreSQL or back")));
  auto o = std::make_shared<CopyOptions>();
  cmd->add_option("--to", o->to, std::string(tr("The new database: an SQLite file, or a PostgreSQL URI or key=value string")))->required();
  cmd->add_flag("--force", ctx.opt.force, std::string(tr("Replace the --to file if it exists, atomically, once the new one is complete")));
  cmd->preparse_callback([&ctx](std::size_t) { ctx.own_files = true; });
  cmd->footer(
      std::string(tr("Every record with its id and number, the audit chain and its key, from one consistent snapshot while others\n"
      "keep working; the copy is one transaction, each table's rows counted again before it commits. A PostgreSQL\n"
      "database must hold no department yet (`createdb`, then copy; `csdesk init` is optional). Like a backup it holds\n"
      "every customer's personal data: only the roles of permissions.backup (admin) may copy; it is recorded in the audit trail.\n"
      "Examples:\n"
      "  csdesk --db csdesk.db copy --to postgresql://kefu_admin@db.example.internal/kefu\n"
      "  csdesk --db postgresql://db.example.internal/kefu copy --to kefu-2026-12-04.db")));
  actions.bind(cmd, [&ctx, o] { run_copy(ctx, *o); });
}

}  // namespace csdesk
