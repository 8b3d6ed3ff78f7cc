#pragma once
// Staff management as a service (staff add, edit, deactivate, activate): admins only
// (Permission::staff_manage), and nobody grants themselves a role — no operator changes the roles or
// the login of their own record, nor an admin acting with --as those of their own.
#include <optional>
#include <string>
#include <vector>

#include "rules/permissions.hpp"
#include "store/database.hpp"
#include "store/staff.hpp"

namespace csdesk {

// What `staff edit` changes; each field left unset stays as it is. Values are parsed already.
// A field of optional<optional<…>> is set to a value or (inner nullopt) cleared.
struct StaffChange {
  std::optional<std::string> name, joined_on, left_on;
  std::optional<std::optional<std::string>> phone, city, shift;
  std::optional<std::vector<std::string>> roles;  // --roles: replaces them
  std::vector<std::string> add_roles, remove_roles;
  std::optional<std::optional<std::string>> login;  // --login ACCOUNT, or --login "" to free it
};

// The member's PostgreSQL login role (staff add/activate/deactivate with a login): `create` asks to
// make it here (--create-role; refused on a file). Made here when the operator's role may
// (CREATEROLE); otherwise `for_dba` holds the statements a database administrator runs.
struct ServerRole {
  bool create = false;
  std::vector<std::string> done, for_dba;
};

// True when `member` is the operator's own record, or with --as the entering admin's own.
bool is_own_record(const Actor& actor, const Staff& member);

// A new member. Refused (6) unless the operator may manage staff; 3 when the record is incomplete.
Staff add_staff(Database& db, const Actor& actor, Epoch now, const Staff& member, ServerRole* role = nullptr);
// Changes `ref` (number, name or #id) as `change` says; one transaction. Returns the member after.
Staff edit_staff(Database& db, const Actor& actor, Epoch now, const std::string& ref, const StaffChange& change);
// deactivate (active = false: left today unless a date is set) or activate; 5 if already so. On
// PostgreSQL the member's login role loses (or gets back) LOGIN: here when the operator may, else in
// `role->for_dba`.
Staff set_staff_active(Database& db, const Actor& actor, Epoch now, const std::string& ref, bool active,
                       ServerRole* role = nullptr);

}  // namespace csdesk
