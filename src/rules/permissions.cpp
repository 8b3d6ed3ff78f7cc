#include "rules/permissions.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "rules/vocabulary.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace csdesk {

const std::vector<PermissionRule>& permission_rules() {
  // Defaults from the seeds: score changes by supervisors and managers, freezing by managers, staff,
  // settings and backups by admins, the three-level review (三级审核) signed off by the level's head.
  using P = Permission;
  static const std::vector<PermissionRule> rules = {
      {P::register_contact, "register", tr_noop("register a contact"), {"consult", "revisit", "sales", "complaint", "team-lead", "supervisor", "manager", "director"}},
      {P::import_customers, "import", tr_noop("register a customer list from a file (register --from)"), {"consult", "supervisor", "manager", "director", "admin"}},
      {P::edit_customer, "customer_edit", tr_noop("edit a customer's record or flags"), {"consult", "sales", "team-lead", "supervisor", "manager", "director"}},
      {P::merge_customers, "customer_merge", tr_noop("merge two customer records"), {"supervisor", "manager", "director"}},
      {P::run_allocation, "assign", tr_noop("run allocation and send notifications (assign, assign notify)"), {"consult", "team-lead", "supervisor", "manager", "director"}},
      {P::assign_to, "assign_to", tr_noop("hand a customer to a named salesperson (assign --to)"), {"team-lead", "supervisor", "manager", "director"}},
      {P::claim, "claim", tr_noop("claim or mark contacted one's own customer"), {"sales", "supervisor", "manager", "director"}},
      {P::handover, "handover", tr_noop("write one's shift handover (handover add)"), {"consult", "revisit", "sales", "complaint", "team-lead", "supervisor", "manager", "director"}},
      {P::complain_open, "complain_new", tr_noop("record a complaint"), {"consult", "revisit", "sales", "complaint", "team-lead", "supervisor", "manager", "director"}},
      {P::complain_handle, "complain_handle", tr_noop("respond to, update, inform, pause, resolve, close or reopen a complaint, hand its decisions to a department"), {"complaint", "supervisor", "manager", "director"}},
      {P::complain_escalate, "complain_escalate", tr_noop("escalate a complaint, or mark it a crisis"), {"complaint", "team-lead", "supervisor", "manager", "director"}},
      {P::approve_level1, "approve_level1", tr_noop("approve the solution of a complaint escalated to level 1"), {"supervisor", "manager", "director"}},
      {P::approve_level2, "approve_level2", tr_noop("approve the solution of a complaint escalated to level 2"), {"manager", "director"}},
      {P::revisit_plan, "revisit_plan", tr_noop("plan revisits"), {"revisit", "supervisor", "manager", "director"}},
      {P::revisit_log, "revisit_log", tr_noop("log a revisit"), {"revisit", "supervisor", "manager", "director"}},
      {P::score_adjust, "score_adjust", tr_noop("adjust a staff member's score (never one's own)"), {"team-lead", "supervisor", "inspector", "manager", "director"}},
      {P::freeze, "freeze", tr_noop("freeze a report or the scores of a period that has ended"), {"manager", "director"}},
      {P::staff_manage, "staff", tr_noop("add, edit, deactivate staff and change roles (never one's own)"), {"admin"}},
      {P::config_change, "config", tr_noop("change the department's settings (config set, config import)"), {"admin"}},
      {P::backup, "backup", tr_noop("take or restore a backup"), {"admin"}},
      {P::read_audit, "audit", tr_noop("read the audit trail (history, check)"), {"supervisor", "inspector", "manager", "director", "admin"}},
      {P::purchase_record, "purchase", tr_noop("record a customer's purchase (purchase add, purchase import)"), {"consult", "sales", "team-lead", "supervisor", "manager", "director"}},
      {P::attendance_own, "attendance", tr_noop("record one's own sign-in and sign-out (attendance add)"), {"consult", "revisit", "sales", "complaint", "team-lead", "supervisor", "inspector", "manager", "director", "analyst", "trainer"}},
      {P::attendance_manage, "attendance_manage", tr_noop("record others' attendance, import a clock-in file and approve leave"), {"team-lead", "supervisor", "manager", "director"}},
      {P::duty_plan, "duty_plan", tr_noop("plan the duty rota and record swaps (duty plan, duty swap)"), {"team-lead", "supervisor", "manager", "director"}},
  };
  return rules;
}

const PermissionRule& permission_rule(Permission p) {
  for (const auto& r : permission_rules())
    if (r.permission == p) return r;
  throw std::logic_error("permission without a rule");
}

PermissionTable default_permission_table() {
  PermissionTable t;
  for (const auto& r : permission_rules()) t[r.permission] = r.roles;
  return t;
}

Actor::Actor(std::string number, std::optional<std::int64_t> id, std::vector<std::string> held, PermissionTable table,
             std::string login_name, std::string entered)
    : label(std::move(number)),
      staff_id(id),
      roles(std::move(held)),
      login(std::move(login_name)),
      entered_by(std::move(entered)),
      table_(std::move(table)) {}

Actor Actor::with_roles(std::string number, std::int64_t id, std::vector<std::string> held) {
  return Actor(std::move(number), id, std::move(held), default_permission_table());
}

bool Actor::has_role(std::string_view role) const { return std::find(roles.begin(), roles.end(), role) != roles.end(); }

const std::vector<std::string>& Actor::roles_for(Permission p) const {
  static const std::vector<std::string> none;
  auto it = table_.find(p);
  return it == table_.end() ? none : it->second;
}

bool Actor::may(Permission p) const {
  for (const auto& r : roles_for(p))
    if (has_role(r)) return true;
  return false;
}

void Actor::require(Permission p) const {
  if (!may(p)) fail_not_permitted("{}", refusal_message(*this, p));
}

std::string refusal_message(const Actor& actor, Permission p) {
  const PermissionRule& rule = permission_rule(p);
  const auto& may = actor.roles_for(p);
  // Roles by their names in the reader's language (English: the codes).
  auto named = [](const std::vector<std::string>& roles, std::string_view separator) {
    std::string out;
    for (const auto& r : roles) {
      if (!out.empty()) out += separator;
      out += vocab::name(vocab::role, r);
    }
    return out;
  };
  std::string who = actor.staff_id ? trf("{} ({})", actor.label,
                                         actor.roles.empty() ? std::string(tr("no role")) : named(actor.roles, tr_ctx("list", ", ")))
                                   : actor.label;
  std::string needed = may.empty() ? std::string(tr("(none: no role may)")) : named(may, tr_ctx("list", " or "));
  if (actor.login.empty())
    return trf("not permitted: {} (acting) is not allowed to {}; it needs the role {} (permissions.{})", who,
               tr(rule.what), needed, rule.name);
  return trf("not permitted: {} (account {}) is not allowed to {}; it needs the role {} (permissions.{})", who,
             actor.login, tr(rule.what), needed, rule.name);
}

}  // namespace csdesk
