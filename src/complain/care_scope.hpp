#pragma once
// What the complaint and revisit services share: the scope each operation runs in, and what
// their rows name besides the record — staff as "3001 陈静" and customers, each looked up once
// per id however many rows mention them.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "config/config.hpp"
#include "store/customers.hpp"
#include "store/database.hpp"

namespace csdesk {

// Against what, by which settings, when and by whom. Operations that write open their own
// Transaction; reads leave `actor` as it is.
struct CareScope {
  Database& db;
  const Config& config;
  Epoch now = 0;
  Actor actor;
};

// An optional text field as typed: nothing when empty after trimming; `flag` names it in errors.
std::optional<std::string> given_text(const std::string& text, std::string_view flag);

class StaffNames {
 public:
  explicit StaffNames(Database& db) : db_(db) {}
  // "2001 李娜"; "#17" for an id no longer on the staff list; nothing for no id.
  std::optional<std::string> label(const std::optional<std::int64_t>& id);

 private:
  Database& db_;
  std::map<std::int64_t, std::string> cache_;
};

class CustomerCache {
 public:
  explicit CustomerCache(Database& db) : db_(db) {}
  const Customer& get(std::int64_t id);  // a missing customer is an internal error

 private:
  Database& db_;
  std::map<std::int64_t, Customer> cache_;
};

}  // namespace csdesk
