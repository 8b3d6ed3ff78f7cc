#include "staff/staff.hpp"

#include <algorithm>

#include "rules/vocabulary.hpp"
#include "util/error.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

namespace csdesk {
namespace {

std::string roles_named(const std::vector<std::string>& roles, const char* separator) {
  std::vector<std::string> names;
  for (const auto& role : roles) names.push_back(vocab::name(vocab::role, role));
  return join(names, separator);
}

std::string held(const Actor& actor) {
  return actor.roles.empty() ? std::string(tr("no role")) : roles_named(actor.roles, ", ");
}

// Nobody grants themselves a role: the roles and the login of one's own record are another admin's to
// change (a login is who one is, so changing it would let one become someone else).
enum class Own { roles, login };

void refuse_own(const Actor& actor, const Staff& member, Own what) {
  std::string who = actor.entered_by.empty() ? actor.label : actor.entered_by;
  std::string as = actor.entered_by.empty() ? held(actor) : trf("admin, acting as {}", actor.label);
  std::string managers = roles_named(actor.roles_for(Permission::staff_manage), language() == Lang::zh ? "或" : " or ");
  if (what == Own::roles)
    fail_not_permitted("not permitted: {} ({}) may not change the roles of {} {}, their own record: nobody grants "
                       "themselves a role; another member with the role {} (permissions.{}) must make the change",
                       who, as, member.number, member.name, managers, permission_rule(Permission::staff_manage).name);
  fail_not_permitted("not permitted: {} ({}) may not change the login of {} {}, their own record: nobody grants "
                     "themselves a role; another member with the role {} (permissions.{}) must make the change",
                     who, as, member.number, member.name, managers, permission_rule(Permission::staff_manage).name);
}

void check_record(const Staff& s) {
  if (s.number.empty()) fail_invalid("NUMBER: an employee number (工号) is required");
  if (s.number.find_first_of(" ,\t\r\n") != std::string::npos)
    fail_invalid("NUMBER: '{}' must not hold spaces or commas", s.number);
  if (s.name.empty()) fail_invalid("NAME: a name is required");
  if (s.roles.empty()) fail_invalid("--roles: give at least one role: {}",
                                       language() == Lang::zh ? vocab::listed(vocab::role, staff_roles()) : join(staff_roles(), ", "));
}

// The login role's statements run here when the operator's role may (and, for a new member, was
// asked to), else left for a database administrator.
void settle_server_role(StaffStore& store, const Staff& member, bool connect, bool asked, ServerRole& role) {
  if (!member.login) return;
  std::vector<std::string> statements = store.server_role_statements(*member.login, connect);
  if (statements.empty()) return;
  if (asked && store.may_manage_server_roles()) {
    store.run_server_role_statements(statements);
    role.done = statements;
  } else {
    role.for_dba = statements;
  }
}

}  // namespace

bool is_own_record(const Actor& actor, const Staff& member) {
  return (actor.staff_id && *actor.staff_id == member.id) || (!actor.entered_by.empty() && actor.entered_by == member.number);
}

Staff add_staff(Database& db, const Actor& actor, Epoch now, const Staff& member, ServerRole* role) {
  actor.require(Permission::staff_manage);
  check_record(member);
  if (role && role->create && !member.login)
    fail_invalid("--create-role: name the role to create with --login ROLE, e.g. --login zhangwei --create-role");
  if (role && role->create && db.engine() != sql::Engine::postgresql)
    fail_invalid("--create-role: {} is an SQLite file, which has no server roles: its operators are OS accounts "
                 "(`--login ACCOUNT` alone); leave out --create-role", db.path());
  Database::Transaction tx(db);
  StaffStore store(db);
  Staff created = store.add(member, actor, now);
  if (role) settle_server_role(store, created, true, role->create, *role);
  tx.commit();
  return created;
}

Staff edit_staff(Database& db, const Actor& actor, Epoch now, const std::string& ref, const StaffChange& change) {
  actor.require(Permission::staff_manage);
  Database::Transaction tx(db);
  StaffStore store(db);
  Staff before = store.get(ref);
  bool roles_asked = change.roles || !change.add_roles.empty() || !change.remove_roles.empty();
  if (is_own_record(actor, before)) {
    if (roles_asked) refuse_own(actor, before, Own::roles);
    if (change.login) refuse_own(actor, before, Own::login);
  }
  Staff after = before;
  if (change.name) {
    if (change.name->empty()) fail_invalid("--name: give the new name (it holds nothing visible)");
    after.name = *change.name;
  }
  if (change.roles) after.roles = *change.roles;
  for (const auto& r : change.add_roles)
    if (!after.has_role(r)) after.roles.push_back(r);
  for (const auto& r : change.remove_roles) std::erase(after.roles, r);
  if (after.roles.empty()) fail_invalid("--roles: a staff member must keep at least one role");
  if (change.phone) after.phone = *change.phone;
  if (change.city) after.city = *change.city;
  if (change.shift) after.shift = *change.shift;
  if (change.joined_on) after.joined_on = *change.joined_on;
  if (change.left_on) after.left_on = *change.left_on;
  if (change.login) after.login = *change.login;
  store.update(before, after, actor, now);
  tx.commit();
  return after;
}

Staff set_staff_active(Database& db, const Actor& actor, Epoch now, const std::string& ref, bool active,
                       ServerRole* role) {
  actor.require(Permission::staff_manage);
  Database::Transaction tx(db);
  StaffStore store(db);
  Staff before = store.get(ref);
  if (before.active == active)
  {
    if (active) fail_conflict("{} {} is already active", before.number, before.name);
    fail_conflict("{} {} is already deactivated", before.number, before.name);
  }
  Staff after = before;
  after.active = active;
  if (!active && !after.left_on) after.left_on = format_date(now);
  store.update(before, after, actor, now);
  if (role) settle_server_role(store, after, active, true, *role);
  tx.commit();
  return after;
}

}  // namespace csdesk
