// csdesk init: create or upgrade the database.
#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "context.hpp"
#include "output/columns.hpp"
#include "rules/vocabulary.hpp"
#include "store/staff.hpp"
#include "util/error.hpp"
#include "util/system_account.hpp"
#include "util/text.hpp"

#include <sys/stat.h>
#include <unistd.h>

namespace csdesk {
namespace {

struct InitResult {
  std::string database, state;
  std::int64_t schema_version = 0, previous_version = 0;
  std::optional<std::string> admin{};  // the first admin, when this run made one
};

const ColumnSpec<InitResult>& init_columns() {
  static const ColumnSpec<InitResult> spec{
      {{"database", "Database", "数据库"}, member(&InitResult::database)},
      {Column{"state", "State", "状态"}.with_terms(vocab::init_state), member(&InitResult::state)},
      {{"schema_version", "Schema version", "结构版本"}, member(&InitResult::schema_version)},
      {{"previous_version", "Previous version", "原版本"}, member(&InitResult::previous_version)},
      {{"admin", "Admin", "管理员"}, member(&InitResult::admin)},
  };
  return spec;
}

struct InitOptions {
  std::string admin_number = "0000", admin_name;
};

// True when the account running csdesk owns the database file (or is root): in a database made
// before logins, the owner is the one who may claim it.
bool runs_as_file_owner(const std::string& path) {
  struct stat st {};
  return ::getuid() == 0 || (::stat(path.c_str(), &st) == 0 && st.st_uid == ::getuid());
}

// The first staff member: the account that created the database (or, in one made before logins, its
// owner), as an admin who can then add everyone else.
Staff add_first_admin(Context& ctx, Database& db, const InitOptions& o) {
  Staff admin;
  admin.number = trim(o.admin_number);
  admin.login = ctx.acting_login();
  admin.name = trim(o.admin_name).empty() ? *admin.login : trim(o.admin_name);
  admin.roles = {"admin"};
  if (admin.number.empty() || admin.number.find_first_of(" ,\t\r\n") != std::string::npos)
    fail_invalid("--admin-number: '{}' is not an employee number", o.admin_number);
  Database::Transaction tx(db);
  StaffStore staff(db);
  if (staff.find(admin.number))
    fail_conflict("--admin-number: {} is already a staff member here; give the number the new admin should have, "
                  "e.g. `csdesk init --admin-number 0001`", admin.number);
  // In a new database the admin is row 0, so the staff the department adds are numbered from 1 as
  // before logins existed (imports and scripts that name staff rows keep working).
  std::optional<std::int64_t> row = db.created() ? std::optional<std::int64_t>(0) : std::nullopt;
  Actor self(admin.number, row, admin.roles, default_permission_table(), *admin.login);
  Staff created = staff.add(admin, self, ctx.now(), row);
  tx.commit();
  return created;
}

void run_init(Context& ctx, const InitOptions& o) {
  Database& db = ctx.db(Database::Open::create_or_upgrade);
  int before = db.opened_at_version();
  int after = db.schema_version();
  std::string state = db.created() ? "created" : (before < after ? "upgraded" : "up to date");
  InitResult result{db.path(), state, after, before};
  bool claim = db.created() || !StaffStore(db).any_login();
  if (claim && !db.created() && db.engine() == sql::Engine::sqlite && !runs_as_file_owner(db.path()))
    fail_not_permitted("{} has no staff member with a login yet; only the account that owns the file may claim it as "
                       "admin by running `csdesk init` (you are '{}')", db.path(), real_account_name());
  if (claim) {
    Staff admin = add_first_admin(ctx, db, o);
    result.admin = fmt::format("{} {} (account {})", admin.number, admin.name, *admin.login);
  } else {
    ctx.resolve_operator();
  }
  ctx.print(init_columns().single(result, ctx.spec().format));
}

}  // namespace

void setup_init(CLI::App& app, Context& ctx, CommandActions& actions) {
  auto* cmd = app.add_subcommand("init", std::string(tr("Create the database, or upgrade it to this csdesk's schema")));
  auto o = std::make_shared<InitOptions>();
  cmd->add_option("--admin-number", o->admin_number, std::string(tr("Employee number of the first admin (default 0000)")));
  cmd->add_option("--admin-name", o->admin_name, std::string(tr("Name of the first admin (default: the account name)")));
  cmd->footer(
      std::string(tr("A new file is created readable and writable by its owner only (0600; 0660 in the shared setgid install).\n"
      "The account that creates the database becomes its first staff member, an admin; it then adds\n"
      "everyone else with `staff add … --login ACCOUNT`.\n"
      "Examples:\n"
      "  csdesk init\n"
      "  csdesk --db /srv/kefu/csdesk.db init --admin-number 9000 --admin-name 系统管理员")));
  actions.bind(cmd, [&ctx, o] { run_init(ctx, *o); });
}

}  // namespace csdesk
