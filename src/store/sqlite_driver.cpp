#include "store/sqlite_driver.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <cstdlib>

namespace csdesk::sql {
namespace {

[[noreturn]] void fail_with(sqlite3* db, int code) {
  throw DriverError(sqlite_failure(code), sqlite3_errmsg(db));
}

// Statements over the C API directly: an import steps millions of them, and SQLiteCpp's
// per-column objects (a shared pointer copy each) showed in its profile.
class SqliteStatement final : public StatementImpl {
 public:
  SqliteStatement(sqlite3* db, std::string_view sql) : db_(db) {
    int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
    if (rc != SQLITE_OK) {
      std::string message = sqlite3_errmsg(db);
      sqlite3_finalize(stmt_);
      throw DriverError(sqlite_failure(rc), message + " (in: " + std::string(sql.substr(0, 200)) + ")");
    }
  }
  ~SqliteStatement() override { sqlite3_finalize(stmt_); }

  void bind_int(int index, std::int64_t value) override { check(sqlite3_bind_int64(stmt_, index, value)); }
  void bind_real(int index, double value) override { check(sqlite3_bind_double(stmt_, index, value)); }
  void bind_text(int index, std::string_view value, bool copy) override {
    check(sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()),
                            copy ? SQLITE_TRANSIENT : SQLITE_STATIC));
  }
  void bind_null(int index) override { check(sqlite3_bind_null(stmt_, index)); }
  bool step() override {
    if (done_) return false;
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    done_ = true;
    if (rc == SQLITE_DONE) {
      changes_ = sqlite3_changes64(db_);
      return false;
    }
    sqlite3_reset(stmt_);
    fail_with(db_, rc);
  }
  void reset() override {
    sqlite3_reset(stmt_);
    done_ = false;
  }
  void clear_bindings() override { sqlite3_clear_bindings(stmt_); }
  std::int64_t changes() const override { return changes_; }
  bool column_is_null(int c) const override { return sqlite3_column_type(stmt_, c) == SQLITE_NULL; }
  Type column_type(int c) const override { return static_cast<Type>(sqlite3_column_type(stmt_, c)); }
  std::int64_t column_int(int c) const override { return sqlite3_column_int64(stmt_, c); }
  double column_real(int c) const override { return sqlite3_column_double(stmt_, c); }
  std::string_view column_text(int c) const override {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, c));
    return text ? std::string_view(text, static_cast<size_t>(sqlite3_column_bytes(stmt_, c))) : std::string_view();
  }
  int column_count() const override { return sqlite3_column_count(stmt_); }
  std::string column_name(int c) const override { return sqlite3_column_name(stmt_, c); }

 private:
  void check(int rc) {
    if (rc != SQLITE_OK) fail_with(db_, rc);
  }
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  bool done_ = false;
  std::int64_t changes_ = 0;
};

}  // namespace

Failure sqlite_failure(int code) {
  switch (code & 0xff) {
    case SQLITE_FULL: return Failure::disk_full;
    case SQLITE_IOERR: return Failure::io;
    case SQLITE_READONLY: return Failure::read_only;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return Failure::busy;
    case SQLITE_CONSTRAINT: return Failure::constraint;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT: return Failure::not_a_database;
    case SQLITE_CANTOPEN: return Failure::connection;
    case SQLITE_PERM:
    case SQLITE_AUTH: return Failure::permission;
    default: return Failure::other;
  }
}

void rethrow_sqlite(const std::exception& e) {
  if (const auto* s = dynamic_cast<const SQLite::Exception*>(&e))
    throw DriverError(sqlite_failure(s->getExtendedErrorCode()), s->what());
  if (const auto* d = dynamic_cast<const DriverError*>(&e)) throw *d;
  throw;
}

SqliteConnection::SqliteConnection(std::unique_ptr<SQLite::Database> database) : database_(std::move(database)) {}
SqliteConnection::~SqliteConnection() = default;

std::unique_ptr<StatementImpl> SqliteConnection::prepare(std::string_view sql) {
  return std::make_unique<SqliteStatement>(database_->getHandle(), sql);
}

void SqliteConnection::execute(std::string_view sql) {
  std::string text(sql);
  char* message = nullptr;
  int rc = sqlite3_exec(database_->getHandle(), text.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string what = message ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    throw DriverError(sqlite_failure(sqlite3_extended_errcode(database_->getHandle())), what);
  }
}

// SQLite has one writer at a time whatever is asked: every write transaction takes the database
// lock up front, so writers queue on the busy timeout instead of failing mid-way.
void SqliteConnection::begin(Locks) { execute("BEGIN IMMEDIATE"); }
// A deferred transaction's first read fixes what it sees (WAL: writers go on meanwhile).
void SqliteConnection::begin_snapshot() { execute("BEGIN DEFERRED"); }
void SqliteConnection::commit() { execute("COMMIT"); }
void SqliteConnection::rollback() { execute("ROLLBACK"); }
bool SqliteConnection::opened_read_only() const { return sqlite3_db_readonly(database_->getHandle(), "main") == 1; }
bool SqliteConnection::in_transaction() const { return sqlite3_get_autocommit(database_->getHandle()) == 0; }

}  // namespace csdesk::sql
