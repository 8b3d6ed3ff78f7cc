#pragma once
// Staff (人员): employee number (工号), roles, active flag, shift.
#include <optional>
#include <string>
#include <vector>

#include "rules/roles.hpp"
#include "store/database.hpp"

namespace csdesk {

struct Staff {
  std::int64_t id = 0;
  std::string number;  // 工号
  std::string name;
  std::vector<std::string> roles;
  std::optional<std::string> phone, city, shift, joined_on, left_on;
  std::optional<std::string> login;  // the OS account (or database role) that acts as them
  bool active = true;
  Epoch created_at = 0;

  bool has_role(const std::string& role) const;
  std::string json() const;  // audit image
};

struct StaffFilter {
  std::optional<std::string> role;
  std::optional<bool> active;
};

class StaffStore {
 public:
  explicit StaffStore(Database& db) : db_(db) {}

  // The operations below that write take a Transaction of the caller's or open their own.
  // `id` only for the first admin of a new database (0, so the department's own staff start at 1).
  Staff add(const Staff& s, const Actor& actor, Epoch now, std::optional<std::int64_t> id = std::nullopt);
  void update(const Staff& before, const Staff& after, const Actor& actor, Epoch now);

  std::vector<Staff> list(const StaffFilter& filter = {});
  // By employee number, then by exact name, then by plain id. Throws not_found (4) naming the ref.
  Staff get(const std::string& ref);
  std::optional<Staff> find(const std::string& ref);
  std::optional<Staff> by_id(std::int64_t id);
  // The member an OS account (or database role) acts as.
  std::optional<Staff> by_login(const std::string& login);
  // True once any member has a login (false only in a database made before logins existed).
  bool any_login();
  // Active staff holding a role, ordered by employee number.
  std::vector<Staff> active_with_role(const std::string& role);

  // A member's server role, on PostgreSQL (nothing on a file): the statements that let `login`
  // connect as one of the staff (`connect`) or keep it from connecting, empty when it is so already;
  // whether the operator's role may run them itself (CREATEROLE); running them in the open transaction.
  std::vector<std::string> server_role_statements(const std::string& login, bool connect);
  bool may_manage_server_roles();
  void run_server_role_statements(const std::vector<std::string>& statements);

 private:
  Database& db_;
  void require_login_free(const std::optional<std::string>& login, std::optional<std::int64_t> self);
};

}  // namespace csdesk
