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

}  // namespace csdesk::sql
