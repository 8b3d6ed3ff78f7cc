// csdesk staff: the people who take contacts, sell, handle complaints and revisit.
#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "context.hpp"
#include "output/columns.hpp"
#include "util/error.hpp"
#include "rules/normalise.hpp"
#include "rules/vocabulary.hpp"
#include "staff/staff.hpp"
#include "util/text.hpp"

namespace csdesk {
namespace {

struct StaffOptions {
  std::string ref, number, name, roles, add_roles, remove_roles, phone, city, shift, joined, left, role_filter;
  std::optional<std::string> login;  // --login ACCOUNT; "" (edit) frees the account
  bool all = false, inactive = false, create_role = false;
};

std::vector<std::string> parse_roles(const std::string& text) {
  std::vector<std::string> roles;
  std::string normalised = text;
  for (const char* sep : {"，", "、"}) {
    size_t p;
    while ((p = normalised.find(sep)) != std::string::npos) normalised.replace(p, std::string(sep).size(), ",");
  }
  for (const auto& part : split(normalised, ',')) {
    if (trim(part).empty()) continue;
    std::string r = parse_role(part);
    if (std::find(roles.begin(), roles.end(), r) == roles.end()) roles.push_back(r);
  }
  return roles;
}

// Staff phones are kept in the same normalised form as customers' (full-width digits folded).
std::optional<std::string> optional_phone(const std::string& s) {
  if (trim(s).empty()) return std::nullopt;
  return normalise_phone(s);
}

std::optional<std::string> optional_text(const std::string& s) {
  std::string t = trim(s);
  return t.empty() ? std::nullopt : std::optional<std::string>(t);
}

// An OS account or database role name, as `--login` takes it.
std::string login_name(const std::string& text) {
  std::string t = trim(text);
  if (t.empty() || t.size() > 64 || t.find_first_of(" \t\r\n,:/") != std::string::npos)
    fail_invalid("--login: '{}' is not an account name; give the OS account (or database role) that acts as this "
                 "staff member, e.g. --login zhangwei", text);
  return t;
}

// The shift code --shift names (early, late, 早班, 晚班); "" when none is given.
std::string check_shift(const std::string& shift) {
  if (trim(shift).empty()) return "";
  return vocab::require(vocab::shift, shift, "--shift");
}

// Roles as the reader reads them: codes in JSON, names in table and CSV.
std::string roles_text(const Staff& s, bool names) {
  if (!names) return join(s.roles, ",");
  std::vector<std::string> out;
  for (const auto& r : s.roles) out.push_back(vocab::name(vocab::role, r));
  return join(out, "、");
}

ColumnSpec<Staff> staff_columns(bool names) {
  return {
      {{"number", "No.", "工号"}, member(&Staff::number)},
      {{"name", "Name", "姓名"}, member(&Staff::name)},
      {{"roles", "Roles", "角色"}, [names](const Staff& s) -> Value { return roles_text(s, names); }},
      {{"phone", "Phone", "电话", Show::plain, Personal::phone}, member(&Staff::phone)},
      {{"city", "City", "城市"}, member(&Staff::city)},
      {Column{"shift", "Shift", "班次"}.with_terms(vocab::shift), member(&Staff::shift)},
      {{"active", "Active", "在岗"}, member(&Staff::active)},
      {{"joined_on", "Joined", "入职"}, member(&Staff::joined_on)},
      {{"login", "Login", "登录账户"}, member(&Staff::login)},
  };
}

// One staff member as a record, or a list; phones unmasked only for an operator who may see them.
void print_staff(Context& ctx, const std::vector<Staff>& staff, bool single) {
  Format format = ctx.spec().format;
  // Staff phones are no customer's: only the roles that see everything see them.
  Visible<Staff> visible = [all = ctx.sees_all_personal()](const Staff&) { return all; };
  auto columns = staff_columns(format != Format::json && ctx.lang() == Lang::zh);
  Table t = single ? columns.single(staff.front(), format, {}, visible) : columns.table(staff, format, {}, visible);
  ctx.print(t, ctx.reveal_personal(t));
}

// What became of the member's PostgreSQL role: made here, or the SQL a database administrator runs.
void tell_server_role(Context& ctx, const ServerRole& role, bool asked) {
  // One line, as psql takes it (stderr shows no line breaks inside a message).
  std::string statements;
  for (const auto& statement : role.done.empty() ? role.for_dba : role.done)
    statements += (statements.empty() ? "" : " ") + statement + ";";
  if (statements.empty()) return;
  if (!role.done.empty()) ctx.note(trf("On the server: {}", statements));
  else if (asked)
    ctx.warn(trf("The server role was not changed: your role may not create or alter roles (it lacks CREATEROLE). "
                 "A database administrator runs, in this database: {}", statements));
  else
    ctx.warn(trf("For the server, a database administrator runs, in this database (or `staff add` with "
                 "--create-role does it, by a role with CREATEROLE): {}", statements));
}

void run_add(Context& ctx, const StaffOptions& o) {
  Staff s;
  s.number = trim(o.number);
  s.name = trim(without_invisible(nfkc(o.name, "NAME")));
  s.roles = parse_roles(o.roles);
  std::string shift = check_shift(o.shift);
  s.phone = optional_phone(o.phone);
  s.city = optional_text(o.city);
  s.shift = optional_text(shift);
  if (!o.joined.empty()) parse_date(o.joined, "--joined");
  s.joined_on = optional_text(o.joined);
  if (o.login) s.login = login_name(*o.login);
  ServerRole role;
  role.create = o.create_role;
  Staff added = add_staff(ctx.db(), ctx.actor(), ctx.now(), s, &role);
  print_staff(ctx, {added}, true);
  tell_server_role(ctx, role, o.create_role);
}

void run_list(Context& ctx, const StaffOptions& o) {
  StaffFilter f;
  if (!o.role_filter.empty()) f.role = parse_role(o.role_filter);
  if (o.inactive) f.active = false;
  else if (!o.all) f.active = true;
  print_staff(ctx, StaffStore(ctx.db()).list(f), false);
}

void run_show(Context& ctx, const StaffOptions& o) { print_staff(ctx, {StaffStore(ctx.db()).get(o.ref)}, true); }

void run_edit(Context& ctx, const StaffOptions& o) {
  StaffChange c;
  if (!o.name.empty()) c.name = trim(without_invisible(nfkc(o.name, "--name")));
  if (!o.roles.empty()) c.roles = parse_roles(o.roles);
  c.add_roles = parse_roles(o.add_roles);
  c.remove_roles = parse_roles(o.remove_roles);
  if (!o.phone.empty()) c.phone = optional_phone(o.phone);
  if (!o.city.empty()) c.city = optional_text(o.city);
  std::string shift = check_shift(o.shift);
  if (!o.shift.empty()) c.shift = optional_text(shift);
  if (!o.joined.empty()) {
    parse_date(o.joined, "--joined");
    c.joined_on = o.joined;
  }
  if (!o.left.empty()) {
    parse_date(o.left, "--left");
    c.left_on = o.left;
  }
  if (o.login) c.login = trim(*o.login).empty() ? std::nullopt : std::optional<std::string>(login_name(*o.login));
  print_staff(ctx, {edit_staff(ctx.db(), ctx.actor(), ctx.now(), o.ref, c)}, true);
}

void run_set_active(Context& ctx, const StaffOptions& o, bool active) {
  ServerRole role;
  Staff changed = set_staff_active(ctx.db(), ctx.actor(), ctx.now(), o.ref, active, &role);
  print_staff(ctx, {changed}, true);
  tell_server_role(ctx, role, true);
}

}  // namespace

void setup_staff(CLI::App& app, Context& ctx, CommandActions& actions) {
  auto* cmd = app.add_subcommand("staff", std::string(tr("Staff: add, list, show, edit, deactivate")));
  cmd->require_subcommand(1);
  cmd->footer(
      std::string(tr("Roles: consult (咨询客服), revisit (回访客服), sales (销售), complaint (投诉处理), supervisor (主管), "
      "manager (经理), admin (管理员).\n"
      "Only admins add, edit, deactivate and activate staff (permissions.staff); nobody changes the roles or the\n"
      "login of their own record (exit 6): another admin must.\n"
      "Examples:\n"
      "  csdesk staff add 1001 张伟 --roles consult\n"
      "  csdesk staff add 2001 李娜 --roles sales --city 北京 --shift early --login lina\n"
      "  csdesk staff list --role sales\n"
      "  csdesk staff deactivate 2001")));
  auto o = std::make_shared<StaffOptions>();

  auto* add = cmd->add_subcommand("add", std::string(tr("Add a staff member")));
  add->add_option("NUMBER", o->number, std::string(tr("Employee number (工号), unique")))->required();
  add->add_option("NAME", o->name, std::string(tr("Name")))->required();
  add->add_option("--roles", o->roles, std::string(tr("Comma-separated roles, e.g. consult,revisit")))->required();
  add->add_option("--phone", o->phone, std::string(tr("Phone")));
  add->add_option("--city", o->city, std::string(tr("City/region, used by the region allocation rule")));
  add->add_option("--shift", o->shift, std::string(tr("early or late (config hours.early / hours.late)")));
  add->add_option("--joined", o->joined, std::string(tr("Date joined, YYYY-MM-DD (for prorated targets)")));
  add->add_option("--login", o->login, std::string(tr("The OS account (or PostgreSQL role) that acts as this member")));
  add->add_flag("--create-role", o->create_role,
                std::string(tr("PostgreSQL: also create the LOGIN role --login names, in the staff group (needs CREATEROLE); "
                               "without it the SQL for a database administrator is printed")));
  add->footer(std::string(tr("Examples:\n  csdesk staff add 2001 李娜 --roles sales,complaint --city 北京\n"
                             "  csdesk staff add 1001 张伟 --roles consult --login zhangwei --create-role")));
  actions.bind(add, [&ctx, o] { run_add(ctx, *o); });

  auto* list = cmd->add_subcommand("list", std::string(tr("List staff (active only unless --all)")));
  list->add_option("--role", o->role_filter, std::string(tr("Only this role")));
  list->add_flag("--all", o->all, std::string(tr("Include deactivated staff")));
  list->add_flag("--inactive", o->inactive, std::string(tr("Only deactivated staff")));
  list->footer(std::string(tr("Example:\n  csdesk staff list --role sales --json")));
  actions.bind(list, [&ctx, o] { run_list(ctx, *o); });

  auto* show = cmd->add_subcommand("show", std::string(tr("Show one staff member")));
  show->add_option("STAFF", o->ref, std::string(tr("Employee number or name")))->required();
  show->footer(std::string(tr("Example:\n  csdesk staff show 1001")));
  actions.bind(show, [&ctx, o] { run_show(ctx, *o); });

  auto* edit = cmd->add_subcommand("edit", std::string(tr("Change a staff member's details")));
  edit->add_option("STAFF", o->ref, std::string(tr("Employee number or name")))->required();
  edit->add_option("--name", o->name, std::string(tr("New name")));
  edit->add_option("--roles", o->roles, std::string(tr("Replace roles")));
  edit->add_option("--add-role", o->add_roles, std::string(tr("Add roles")));
  edit->add_option("--remove-role", o->remove_roles, std::string(tr("Remove roles")));
  edit->add_option("--phone", o->phone, std::string(tr("Phone")));
  edit->add_option("--city", o->city, std::string(tr("City/region")));
  edit->add_option("--shift", o->shift, std::string(tr("early or late")));
  edit->add_option("--joined", o->joined, std::string(tr("Date joined, YYYY-MM-DD")));
  edit->add_option("--left", o->left, std::string(tr("Date left, YYYY-MM-DD")));
  edit->add_option("--login", o->login, std::string(tr("The OS account (or PostgreSQL role) that acts as this member; \"\" frees it")));
  edit->footer(std::string(tr("Example:\n  csdesk staff edit 2001 --add-role complaint --city 上海")));
  actions.bind(edit, [&ctx, o] { run_edit(ctx, *o); });

  auto* deactivate = cmd->add_subcommand("deactivate", std::string(tr("Stop giving work to a staff member; history is kept")));
  deactivate->add_option("STAFF", o->ref, std::string(tr("Employee number or name")))->required();
  deactivate->footer(std::string(tr("On PostgreSQL the member's login role loses LOGIN (activate gives it back), "
                                    "or, when your role may not alter roles, the SQL for a database administrator is printed.\n"
                                    "Example:\n  csdesk staff deactivate 2001")));
  actions.bind(deactivate, [&ctx, o] { run_set_active(ctx, *o, false); });

  auto* activate = cmd->add_subcommand("activate", std::string(tr("Give work to a deactivated staff member again")));
  activate->add_option("STAFF", o->ref, std::string(tr("Employee number or name")))->required();
  activate->footer(std::string(tr("Example:\n  csdesk staff activate 2001")));
  actions.bind(activate, [&ctx, o] { run_set_active(ctx, *o, true); });
}

}  // namespace csdesk
