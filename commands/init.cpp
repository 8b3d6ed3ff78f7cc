// csdesk init: create or upgrade the database.
#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "context.hpp"
#include "output/columns.hpp"

namespace csdesk {
namespace {

struct InitResult {
  std::string database, state;
  std::int64_t schema_version = 0, previous_version = 0;
};

const ColumnSpec<InitResult>& init_columns() {
  static const ColumnSpec<InitResult> spec{
      {{"database", "Database", "数据库"}, member(&InitResult::database)},
      {{"state", "State", "状态"}, member(&InitResult::state)},
      {{"schema_version", "Schema version", "结构版本"}, member(&InitResult::schema_version)},
      {{"previous_version", "Previous version", "原版本"}, member(&InitResult::previous_version)},
  };
  return spec;
}

void run_init(Context& ctx) {
  Database& db = ctx.db(Database::Open::create_or_upgrade);
  int before = db.opened_at_version();
  int after = db.schema_version();
  std::string state = db.created() ? "created" : (before < after ? "upgraded" : "up to date");
  ctx.print(init_columns().single(InitResult{db.path(), state, after, before}, ctx.spec().format));
}

}  // namespace

void setup_init(CLI::App& app, Context& ctx, CommandActions& actions) {
  auto* cmd = app.add_subcommand("init", "Create the database, or upgrade it to this csdesk's schema");
  cmd->footer(
      "A new file is created readable and writable by its owner only (0600).\n"
      "Examples:\n"
      "  csdesk init\n"
      "  csdesk --db /srv/kefu/csdesk.db init");
  actions.bind(cmd, [&ctx] { run_init(ctx); });
}

}  // namespace csdesk
