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
  Staff add(const Staff& s, const Actor& actor, Epoch now);
  void update(const Staff& before, const Staff& after, const Actor& actor, Epoch now);

  std::vector<Staff> list(const StaffFilter& filter = {});
  // By employee number, then by exact name, then by plain id. Throws not_found (4) naming the ref.
  Staff get(const std::string& ref);
  std::optional<Staff> find(const std::string& ref);
  std::optional<Staff> by_id(std::int64_t id);
  // Active staff holding a role, ordered by employee number.
  std::vector<Staff> active_with_role(const std::string& role);

 private:
  Database& db_;
};

}  // namespace csdesk
