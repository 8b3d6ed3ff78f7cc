#pragma once
// A fresh csdesk database for the service tests, which call services with no command line.
// Database has no in-memory mode (it creates its file 0600 and reopens it by path), so it lives
// in the temporary directory, removed before and after.

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "output/render.hpp"
#include "store/database.hpp"
#include "store/staff.hpp"
#include "util/time.hpp"

namespace csdesk::testing {

class ServiceDb {
 public:
  explicit ServiceDb(const std::string& name)
      : path_((std::filesystem::temp_directory_path() / ("csdesk-service-" + name + ".db")).string()) {
    remove_files();
    db_ = std::make_unique<Database>(path_, Database::Open::create_or_upgrade);
  }
  ~ServiceDb() {
    db_.reset();
    remove_files();
  }
  Database& db() { return *db_; }

  Staff staff(const std::string& number, const std::string& name, std::vector<std::string> roles, Epoch now) {
    Staff s;
    s.number = number;
    s.name = name;
    s.roles = std::move(roles);
    return StaffStore(*db_).add(s, Actor{}, now);
  }
  // A customer row with only what the schema requires; returns its id.
  std::int64_t customer(const std::string& number, Epoch registered_at) {
    sql::Statement q(db_->sql(), "INSERT INTO customers (number, name, registered_at) VALUES (?, '测试客户', ?) RETURNING id");
    q.bind(1, number);
    q.bind(2, static_cast<std::int64_t>(registered_at));
    return q.run_returning_id();
  }
  struct NewComplaint {
    std::string number, priority = "P2", status = "open", category{};
    Epoch received_at = 0;
    std::optional<Epoch> first_response_at{}, resolved_at{};
    std::optional<std::int64_t> handler_id{};
  };
  void complaint(std::int64_t customer_id, const NewComplaint& c) {
    sql::Statement q(db_->sql(),
                        "INSERT INTO complaints (number, customer_id, content, category, priority, received_at, status, "
                        "first_response_at, resolved_at, handler_id, created_at) VALUES (?, ?, '投诉内容', ?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, c.number);
    q.bind(2, static_cast<std::int64_t>(customer_id));
    if (c.category.empty()) q.bind_null(3); else q.bind(3, c.category);
    q.bind(4, c.priority);
    q.bind(5, static_cast<std::int64_t>(c.received_at));
    q.bind(6, c.status);
    if (c.first_response_at) q.bind(7, static_cast<std::int64_t>(*c.first_response_at)); else q.bind_null(7);
    if (c.resolved_at) q.bind(8, static_cast<std::int64_t>(*c.resolved_at)); else q.bind_null(8);
    if (c.handler_id) q.bind(9, static_cast<std::int64_t>(*c.handler_id)); else q.bind_null(9);
    q.bind(10, static_cast<std::int64_t>(c.received_at));
    q.run();
  }

 private:
  void remove_files() {
    for (const char* suffix : {"", "-wal", "-shm", ".key"}) std::remove((path_ + suffix).c_str());
  }
  std::string path_;
  std::unique_ptr<Database> db_;
};

// The value in `column` (its key) of row `row` of the table named `name`.
inline const Value& cell(const std::vector<Table>& tables, const std::string& name, const std::string& column,
                         std::size_t row = 0) {
  for (const auto& t : tables) {
    if (t.name != name) continue;
    for (std::size_t i = 0; i < t.columns.size(); ++i)
      if (t.columns[i].key == column) return t.rows.at(row).at(i);
  }
  throw std::out_of_range("no column " + column + " in table " + name);
}

}  // namespace csdesk::testing
