#pragma once
// Customers (客户). Lookup is shared by every command that names a customer; register and
// import add to this store (see issue 3).
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace csdesk {

struct Customer {
  std::int64_t id = 0;
  std::string number;  // KH202611-0001
  std::string name;
  std::optional<std::string> company, phone, email, qq, wechat, title, needs, channel, city, grade, birthday, note;
  std::optional<std::int64_t> pcs;
  std::string category = "potential";  // potential, active, at-risk, lost
  std::optional<std::int64_t> owner_id, registered_by;
  bool in_pool = false;
  std::optional<Epoch> contacted_at;
  Epoch registered_at = 0;
  bool urgent = false;
  std::optional<bool> consent;
  std::optional<std::int64_t> merged_into;

  std::string json() const;  // audit image
};

class CustomerStore {
 public:
  explicit CustomerStore(Database& db) : db_(db) {}

  // A record number (KH202611-0001, also numbers of customers merged away) or a plain id.
  std::optional<Customer> find(const std::string& ref);
  // As find; throws not_found (exit 4) naming the ref.
  Customer get(const std::string& ref);
  std::optional<Customer> by_id(std::int64_t id);

 private:
  Database& db_;
};

}  // namespace csdesk
