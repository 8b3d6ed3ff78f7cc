#pragma once
// The SQLite side of the driver seam. Only the SQLite engine's own files (store/sqlite_*.cpp:
// opening a file, migrations, integrity checks, backups) include this header.
#include <memory>
#include <string>

#include "store/driver.hpp"

namespace SQLite {
class Database;
}

namespace csdesk::sql {

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(std::unique_ptr<SQLite::Database> database);
  ~SqliteConnection() override;
  Engine engine() const override { return Engine::sqlite; }
  std::unique_ptr<StatementImpl> prepare(std::string_view sql) override;
  void execute(std::string_view sql) override;
  void begin(Locks locks) override;
  void begin_snapshot() override;
  void commit() override;
  void rollback() override;
  bool in_transaction() const override;
  std::string read_only_reason() const override { return read_only_reason_; }
  void set_read_only_reason(std::string why) { read_only_reason_ = std::move(why); }
  bool opened_read_only() const override;

  SQLite::Database& database() { return *database_; }

 private:
  std::unique_ptr<SQLite::Database> database_;
  std::string read_only_reason_;
};

// The failure an SQLite result code (primary or extended) means.
Failure sqlite_failure(int code);
// Rethrows an exception from SQLiteCpp as the DriverError it means; others unchanged.
[[noreturn]] void rethrow_sqlite(const std::exception& e);

}  // namespace csdesk::sql
