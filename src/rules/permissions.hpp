#pragma once
// Who may do what: the one permission table (README "Permissions"), and the operator that carries
// what it grants into every service. Services call actor.require(Permission::…); commands never
// decide permissions themselves, so no command can be a way around them.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace csdesk {

enum class Permission {
  register_contact,   // register a contact (one, or a batch from a file)
  import_customers,   // register --from FILE: a customer list
  edit_customer,      // customer edit, flags
  merge_customers,    // customer merge
  run_allocation,     // assign (the allocation run), assign notify
  assign_to,          // assign --to: hand a customer to a named salesperson
  claim,              // assign claim / contacted: a salesperson takes up their own customer
  handover,           // handover add: one's own shift handover log (交接日志)
  complain_open,      // complain new
  complain_handle,    // respond, update, inform, wait, resume, resolve, close, reopen, plan, decide, transfer, answer
  complain_escalate,  // complain escalate, complain crisis
  approve_level1,     // complain approve at escalation level 1 (supervisor)
  approve_level2,     // complain approve at escalation level 2 (manager)
  revisit_plan,       // revisit plan
  revisit_log,        // revisit log
  score_adjust,       // score adjust (never on oneself)
  freeze,             // report / score --freeze (only a period that has ended)
  staff_manage,       // staff add, edit, deactivate, activate (never granting oneself a role)
  config_change,      // config set, config import
  backup,             // backup, restore
  read_audit,         // history, check
  purchase_record,    // purchase add: a customer's purchase (购买记录)
  attendance_own,     // attendance add: one's own sign-in and sign-out (签到, 签退)
  attendance_manage,  // attendance add for others, any kind; attendance import; approving leave (请假)
  duty_plan,          // duty plan, duty swap: the duty rota (值班表)
};

struct PermissionRule {
  Permission permission;
  std::string name;  // config key permissions.NAME, and how refusals name it
  std::string what;  // what it allows, for the README and refusals
  std::vector<std::string> roles;  // the default roles that may
};

// Every permission with its default roles, in the order the README lists them.
const std::vector<PermissionRule>& permission_rules();
const PermissionRule& permission_rule(Permission p);
// The roles that may do each action: the defaults, with any permissions.NAME setting over them.
using PermissionTable = std::map<Permission, std::vector<std::string>>;
PermissionTable default_permission_table();

// Who is acting. `number` is the staff member acted as (whose roles count); `entered_by` the admin
// entering it on their behalf (--as), "" when they act themselves; `login` the OS account (or
// database role) that ran csdesk. A default Actor is "system" and may do nothing.
class Actor {
 public:
  Actor() = default;
  Actor(std::string number, std::optional<std::int64_t> staff_id, std::vector<std::string> roles,
        PermissionTable table, std::string login = "", std::string entered_by = "");
  // A staff member with `roles` under the default table: for tests and tools.
  static Actor with_roles(std::string number, std::int64_t staff_id, std::vector<std::string> roles);

  std::string label = "system";  // the staff number acted as, or "system"
  std::optional<std::int64_t> staff_id;
  std::vector<std::string> roles;
  std::string login;
  std::string entered_by;

  bool has_role(std::string_view role) const;
  bool may(Permission p) const;
  // Throws not_permitted (exit 6) naming the action, the operator's roles and the roles that may.
  void require(Permission p) const;
  // The roles that may do `p` under this actor's table.
  const std::vector<std::string>& roles_for(Permission p) const;

 private:
  PermissionTable table_;
};

// The refusal message for `p`: "score adjust (adjust a staff member's points) is not permitted to
// 1001 (consult); it needs supervisor or manager".
std::string refusal_message(const Actor& actor, Permission p);

}  // namespace csdesk
