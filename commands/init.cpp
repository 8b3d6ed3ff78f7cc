// csdesk init: create or upgrade the database.
#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "context.hpp"

namespace csdesk {
namespace {

void run_init(Context& ctx) {
  Database& db = ctx.db(Database::Open::create_or_upgrade);
  int before = db.opened_at_version();
  int after = db.schema_version();
  std::string state = db.created() ? "created" : (before < after ? "upgraded" : "up to date");
  Table t;
  t.single = true;
  t.columns = {{"database", "Database", "数据库"},
               {"state", "State", "状态"},
               {"schema_version", "Schema version", "结构版本"},
               {"previous_version", "Previous version", "原版本"}};
  t.add_row({db.path(), state, std::int64_t{after}, std::int64_t{before}});
  ctx.print(t);
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
