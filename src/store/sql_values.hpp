#pragma once
// Small helpers for store implementations (src/store/*.cpp only): optional values in and out of
// statements, and WHERE clauses built from optional filters. 
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "store/driver.hpp"

namespace csdesk::sql {

std::optional<std::string> opt_text(const sql::Value& c);
std::optional<std::int64_t> opt_int(const sql::Value& c);
void bind_opt(sql::Statement& q, int index, const std::optional<std::string>& v);
void bind_opt(sql::Statement& q, int index, const std::optional<std::int64_t>& v);
// As bind_opt, without copying the text: it must outlive the statement's next step.
void bind_opt_ref(sql::Statement& q, int index, const std::optional<std::string>& v);
// Record numbers are stored upper case (TS202611-0001); people type them either way.
std::string upper_number(const std::string& ref);

// " AND …" conditions with one positional parameter each, added only when the filter is set.
class Where {
 public:
  template <typename T>
  Where& add(const char* condition, const std::optional<T>& value) {
    if (value) add_value(condition, *value);
    return *this;
  }
  std::string sql() const { return clauses_; }
  void bind(sql::Statement& q) const;  // binds from index 1

 private:
  void add_value(const char* condition, std::int64_t v);
  void add_value(const char* condition, const std::string& v);
  std::string clauses_;
  std::vector<std::variant<std::int64_t, std::string>> values_;
};

}  // namespace csdesk::sql
