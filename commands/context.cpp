#include "context.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>

#include "config/policies.hpp"
#include "settings/settings.hpp"
#include "util/error.hpp"
#include "util/owner_only.hpp"
#include "util/system_account.hpp"
#include "util/json.hpp"
#include "util/numbers.hpp"
#include "rules/privacy.hpp"
#include "store/maintenance.hpp"
#include "util/text.hpp"
#include "output/xlsx.hpp"

namespace csdesk {

void Context::initialise(Settings settings) {
  if (opt.db.empty()) {
    const char* env = std::getenv("CSDESK_DB");
    opt.db = env && *env ? env : "csdesk.db";
  }
  if (opt.as.empty())
    if (const char* env = std::getenv("CSDESK_USER")) opt.as = env;
  if (opt.now.empty())
    if (const char* env = std::getenv("CSDESK_NOW")) opt.now = env;
  if (opt.csv) opt.format = "csv";
  if (opt.json) opt.format = "json";

  // The config file and the environment are the invoker's: only desk keys come from them (a department
  // key there is refused, setgid or not: department settings live in the database).
  {
    AsInvoker reading_as_invoker;  // a config file the invoking account could not read itself is not read
    std::string file = find_config_file(opt.config);
    if (!file.empty()) config_.load_file(file);
  }
  config_.load_env();
  if (!opt.lang.empty()) config_.set_text("lang", opt.lang, "flag --lang");

  // A workbook is never written to a terminal; its destination is refused before any work.
  if (opt.format == "xlsx" && opt.output.empty()) fail_usage("--format xlsx needs --output FILE.xlsx (a workbook is written to a file)");
  if (!opt.output.empty() && opt.format != "xlsx" && opt.format != "html") fail_usage("--output FILE goes with --format xlsx (or html for reports)");
  // A command with files of its own (own_files) says itself when --force has nothing to replace.
  if (opt.force && opt.output.empty() && !own_files)
    fail_usage("--force goes with --output FILE (it lets the file replace an existing one)");

  // The department's settings (timezone among them) before the clock, which --now reads in it.
  if (settings == Settings::database || (settings == Settings::database_if_present && (is_server_target(opt.db) || std::filesystem::exists(opt.db))))
    load_department_settings(db(), config_);
  set_time_zone(config_.text("timezone"));
  now_ = opt.now.empty() ? static_cast<Epoch>(std::time(nullptr)) : parse_time(opt.now, "--now");

  if (opt.format == "xlsx") {
    workbook_ = std::make_unique<OutputFile>(OutputRequest{"--output", opt.output, opt.force, opt.db});
    for (const auto& stale : workbook_->stale_removed()) note(trf("removed {}, left by a run that was killed", stale));
  }
}

Database& Context::db(Database::Open mode) {
  if (!db_)
    db_ = std::make_unique<Database>(opt.db, mode,
                                     config_.text("storage.synchronous") == "normal" ? Database::Sync::normal
                                                                                     : Database::Sync::full);
  return *db_;
}

std::optional<Staff> Context::operator_staff() {
  resolve_operator();
  return operator_;
}

// The operator comes from the system: the OS account running csdesk (its real uid, which setgid does
// not change), mapped to a staff member by `staff … --login`. --as names someone else only for an
// admin entering on their behalf, and --now (a clock other than the real one) is an admin's too.
void Context::resolve_operator() {
  if (operator_resolved_) return;
  StaffStore staff(db());
  std::string login = acting_login();
  auto me = staff.by_login(login);
  if (!me) {
    if (!staff.any_login())
      fail_not_permitted("{} has no staff member with a login yet (it was made before csdesk took the operator from "
                         "the system): run `csdesk --db {} init` as the account that owns the file, which becomes its "
                         "admin; that admin then maps each account with `csdesk staff edit NUMBER --login ACCOUNT`",
                         db().path(), db().path());
    fail_not_permitted("the account '{}' is not on the staff list of {}; an admin must map it to its staff member: "
                       "`csdesk staff edit NUMBER --login {}` (or `csdesk staff add NUMBER NAME --roles … --login {}`)",
                       login, db().path(), login, login);
  }
  if (!me->active)
    fail_not_permitted("{} {} (account {}) is deactivated and cannot act; an admin can `csdesk staff activate {}`",
                       me->number, me->name, login, me->number);
  operator_ = *me;
  if (!opt.as.empty()) {
    auto named = staff.find(opt.as);
    if (!named) fail_not_found("--as: no staff member '{}'; see `csdesk staff list`", opt.as);
    if (named->id != me->id) {
      if (!me->has_role("admin"))
        fail_not_permitted("--as {}: only an admin may act on someone's behalf (entering a paper form); you are {} {} "
                           "(account {}) and act as yourself: leave out --as (and CSDESK_USER)",
                           opt.as, me->number, me->name, login);
      if (!named->active) fail_conflict("--as: {} {} is deactivated and cannot act", named->number, named->name);
      operator_ = *named;
    }
  }
  if (!opt.now.empty() && !me->has_role("admin"))
    fail_not_permitted("--now: only an admin may set the clock (backfilling, tests); {} {} (account {}) works at the "
                       "real time: leave out --now (and CSDESK_NOW)", me->number, me->name, login);
  // Built once: the permission table is read from the settings, the account from the passwd database.
  std::string entered_by = me->id == operator_->id ? "" : me->number;
  actor_ = Actor(operator_->number, operator_->id, operator_->roles, permission_table(config_), login, entered_by);
  operator_resolved_ = true;
}

// On a file, the OS account; on a server, the role the server authenticated (current_user), which
// libpq took from PGUSER, the URI or the OS account, and which the server checked.
std::string Context::acting_login() {
  std::string role = db().server_role();
  return role.empty() ? real_account_name() : role;
}

Staff Context::require_operator(const std::string&) {
  resolve_operator();
  return *operator_;
}

Actor Context::actor() {
  resolve_operator();
  return *actor_;
}

Lang Context::lang() const {
  // --lang, else the desk's `lang` (flag > CSDESK_LANG > csdesk.toml), else the department's
  // default_lang, else the locale.
  if (auto configured = lang_from_text(config_.text("lang"))) return *configured;
  if (auto department = lang_from_text(config_.text("default_lang"))) return *department;
  return lang_from_environment();
}

RenderSpec Context::spec() const {
  RenderSpec s;
  if (opt.format == "csv") s.format = Format::csv;
  else if (opt.format == "json") s.format = Format::json;
  else if (opt.format == "table") s.format = Format::table;
  else if (opt.format == "xlsx") s.format = Format::xlsx;
  else fail_usage("--format: '{}' is not a format; use table, csv, json or xlsx (with --output FILE)", opt.format);
  s.lang = lang();
  s.header = !opt.no_header;
  s.bom = opt.bom;
  bool tty = ::isatty(STDOUT_FILENO) == 1;
  const char* no_color = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  s.color = tty && !(no_color && *no_color) && !(term && std::string(term) == "dumb");
  if (tty) {
    struct winsize ws {};
    // COLUMNS only sizes the table: a value that is not a plausible width is ignored, not an error.
    auto cols = std::getenv("COLUMNS") ? decimal_integer(std::getenv("COLUMNS")) : std::nullopt;
    if (cols && *cols > 0 && *cols <= 10000) s.terminal_width = static_cast<int>(*cols);
    else if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) s.terminal_width = ws.ws_col;
  }
  return s;
}

const ContactView& Context::contacts() {
  if (!contacts_) contacts_ = std::make_unique<ContactView>(db(), contact_access(actor(), config_.list("privacy.reveal_roles")));
  return *contacts_;
}

void Context::require_reveal(const std::string& what) {
  if (contacts().access().any()) return;
  const auto& roles = config_.list("privacy.reveal_roles");
  Staff s = require_operator(what);
  fail_not_permitted("{}: {} ({}) may not see personal data (phone, e-mail, QQ, WeChat); {} may see everyone's "
                     "(setting privacy.reveal_roles), a salesperson their own customers', a complaint handler their "
                     "complaints' customers', a revisit agent their worklist's",
                     what, s.number, join(s.roles, ", "), join(roles, ", "));
}

void Context::record_reveal(std::size_t rows) {
  JsonObject what;
  what.add("command", command_path).add("format", opt.format).add("rows", static_cast<std::int64_t>(rows));
  record_export(db(), actor(), now_, AuditEntry{"export", std::nullopt, "", "reveal", "", what.str()});
}

bool Context::reveal_personal(const Table& table) {
  return reveal_rows(personal_rows(table), visible_personal_rows(table));
}

bool Context::reveal_personal(const std::vector<Table>& tables) {
  std::size_t personal = 0, visible = 0;
  for (const auto& t : tables) {
    personal += personal_rows(t);
    visible += visible_personal_rows(t);
  }
  return reveal_rows(personal, visible);
}

bool Context::reveal_rows(std::size_t personal, std::size_t visible) {
  if (opt.reveal && personal > 0 && visible == 0) {
    Staff s = require_operator("--reveal");
    fail_not_permitted("--reveal: {} ({}) may see none of the personal data this shows (it belongs to customers "
                       "that are not theirs to contact); nothing is shown", s.number, join(s.roles, ", "));
  }
  if (visible == 0) return false;
  spec();  // an unknown --format fails here, before the showing is recorded
  record_reveal(visible);
  return true;
}

void Context::print(const Table& table, bool reveal) const {
  RenderSpec s = spec();
  s.reveal = reveal;
  if (workbook_) return write_workbook_of({&table}, s);
  std::cout << render(table, s) << std::flush;
}

void Context::print_sections(const std::vector<Table>& tables, bool reveal) const {
  RenderSpec s = spec();
  s.reveal = reveal;
  if (workbook_) {
    std::vector<const Table*> all;
    for (const auto& t : tables) all.push_back(&t);
    return write_workbook_of(all, s);
  }
  std::cout << render_sections(tables, s) << std::flush;
}

void Context::write_workbook_of(const std::vector<const Table*>& tables, const RenderSpec& s) const {
  write_workbook(*workbook_, tables, s, command_path);
  note(trf("wrote {}", opt.output));
}

void Context::note(const std::string& text) const {
  if (!opt.quiet) std::cerr << terminal_safe(text) << "\n";
}

void Context::progress(const std::string& line) const {
  if (opt.quiet || ::isatty(STDERR_FILENO) != 1) return;
  std::cerr << "\r\x1b[K" << terminal_safe(line) << std::flush;
}

void Context::warn(const std::string& text) const { std::cerr << "csdesk: " << terminal_safe(text) << "\n"; }

}  // namespace csdesk
