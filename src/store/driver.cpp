#include "store/driver.hpp"

namespace csdesk::sql {

Statement::Statement(Connection& connection, std::string_view sql) : impl_(connection.prepare(sql)) {}

std::int64_t Connection::query_int(std::string_view sql, std::int64_t otherwise) {
  Statement q(*this, sql);
  return q.step() && !q.column(0).is_null() ? q.column(0).int64() : otherwise;
}

std::string Connection::query_text(std::string_view sql, const std::string& otherwise) {
  Statement q(*this, sql);
  return q.step() && !q.column(0).is_null() ? q.column(0).text() : otherwise;
}

std::vector<std::string> Connection::query_texts(std::string_view sql, std::optional<std::string_view> parameter) {
  Statement q(*this, sql);
  if (parameter) q.bind(1, *parameter);
  std::vector<std::string> texts;
  while (q.step()) texts.push_back(q.column(0).text());
  return texts;
}

}  // namespace csdesk::sql
