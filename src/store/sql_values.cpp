#include "store/sql_values.hpp"


namespace csdesk::sql {

std::optional<std::string> opt_text(const sql::Value& c) {
  return c.is_null() ? std::nullopt : std::optional<std::string>(c.text());
}

std::optional<std::int64_t> opt_int(const sql::Value& c) {
  return c.is_null() ? std::nullopt : std::optional<std::int64_t>(c.int64());
}

void bind_opt(sql::Statement& q, int index, const std::optional<std::string>& v) {
  if (v) q.bind(index, *v);
  else q.bind_null(index);
}

void bind_opt_ref(sql::Statement& q, int index, const std::optional<std::string>& v) {
  if (v) q.bind_ref(index, *v);
  else q.bind_null(index);
}

void bind_opt(sql::Statement& q, int index, const std::optional<std::int64_t>& v) {
  if (v) q.bind(index, static_cast<int64_t>(*v));
  else q.bind_null(index);
}

std::string upper_number(const std::string& ref) {
  std::string out = ref;
  for (auto& ch : out)
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
  return out;
}

void Where::add_value(const char* condition, std::int64_t v) {
  clauses_ += std::string(" AND ") + condition;
  values_.emplace_back(v);
}

void Where::add_value(const char* condition, const std::string& v) {
  clauses_ += std::string(" AND ") + condition;
  values_.emplace_back(v);
}

void Where::bind(sql::Statement& q) const {
  int i = 1;
  for (const auto& v : values_) {
    if (const auto* n = std::get_if<std::int64_t>(&v)) q.bind(i++, static_cast<int64_t>(*n));
    else q.bind(i++, std::get<std::string>(v));
  }
}

}  // namespace csdesk::sql
