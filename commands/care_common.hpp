#pragma once
// Helpers shared by `complain` and `revisit`: how staff and customers appear in their tables,
// and the follow-up a resolved complaint gets.
#include <map>
#include <optional>
#include <string>

#include "context.hpp"
#include "output/render.hpp"
#include "store/complaints.hpp"
#include "store/customers.hpp"
#include "store/revisits.hpp"

namespace csdesk {

// "2001 李娜" for a staff id, looked up once per id.
class StaffNames {
 public:
  explicit StaffNames(Database& db) : db_(db) {}
  Value label(const std::optional<std::int64_t>& id);

 private:
  Database& db_;
  std::map<std::int64_t, std::string> cache_;
};

// Customers by id, looked up once per id.
class CustomerCache {
 public:
  explicit CustomerCache(Database& db) : db_(db) {}
  const Customer& get(std::int64_t id);

 private:
  Database& db_;
  std::map<std::int64_t, Customer> cache_;
};

// Plans the follow-up revisit of a resolved complaint, due revisit.after_resolution_days after
// its resolution; nothing when it is already planned. Call inside a Transaction.
std::optional<Revisit> plan_followup(Context& ctx, Database& db, const Complaint& complaint);

// An optional text flag: nothing when empty after trimming.
std::optional<std::string> given(const std::string& text, std::string_view what);

}  // namespace csdesk
