#pragma once
// The driver seam: what the store needs of a database engine, and nothing more. A connection runs
// SQL text and prepares statements; a statement takes typed binds (1-based, `?` or `?N` in the
// text) and yields typed columns (0-based). Every failure crosses the seam as a DriverError of a
// kind csdesk understands; no engine type or header is visible above it. Two engines implement it:
// SQLite (store/sqlite_driver.cpp) and PostgreSQL (store/pg_driver.cpp).
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace csdesk::sql {

enum class Engine { sqlite, postgresql };

// What went wrong, in the terms the store and the commands act on.
enum class Failure {
  disk_full,       // no room to write: nothing was written
  io,              // the operating system failed a read or write
  read_only,       // the database cannot be written here (file mode, mount, role privilege)
  busy,            // another writer held the lock past the timeout
  retry,           // a serialisation failure or deadlock: the transaction may be run again
  constraint,      // a UNIQUE, CHECK or foreign-key constraint refused the change
  not_a_database,  // the file or server is not one csdesk can read
  connection,      // the server cannot be reached or refused the login
  permission,      // the server refused this role the statement
  other,
};

class DriverError : public std::runtime_error {
 public:
  DriverError(Failure failure, const std::string& message) : std::runtime_error(message), failure_(failure) {}
  Failure failure() const { return failure_; }

 private:
  Failure failure_;
};

// The type of a column's value. The numbers are SQLite's, which audit state hashes have always
// included: a PostgreSQL row hashes as the same row in SQLite does.
enum class Type { integer = 1, real = 2, text = 3, blob = 4, null = 5 };

// One engine's statement; the store uses it through Statement.
class StatementImpl {
 public:
  virtual ~StatementImpl() = default;
  virtual void bind_int(int index, std::int64_t value) = 0;
  virtual void bind_real(int index, double value) = 0;
  virtual void bind_text(int index, std::string_view value, bool copy) = 0;
  virtual void bind_null(int index) = 0;
  virtual bool step() = 0;
  virtual void reset() = 0;  // ready to run again; the bindings stay
  virtual void clear_bindings() = 0;  // every parameter NULL
  virtual std::int64_t changes() const = 0;
  virtual bool column_is_null(int column) const = 0;
  virtual Type column_type(int column) const = 0;
  virtual std::int64_t column_int(int column) const = 0;
  virtual double column_real(int column) const = 0;
  virtual std::string_view column_text(int column) const = 0;  // valid until the next step
  virtual int column_count() const = 0;
  virtual std::string column_name(int column) const = 0;
};

class Connection;

// A column of the statement's current row.
class Value {
 public:
  Value(const StatementImpl& statement, int column) : statement_(statement), column_(column) {}
  bool is_null() const { return statement_.column_is_null(column_); }
  Type type() const { return statement_.column_type(column_); }
  std::int64_t int64() const { return statement_.column_int(column_); }
  int integer() const { return static_cast<int>(statement_.column_int(column_)); }
  double real() const { return statement_.column_real(column_); }
  std::string text() const { return std::string(statement_.column_text(column_)); }
  std::string_view view() const { return statement_.column_text(column_); }

 private:
  const StatementImpl& statement_;
  int column_;
};

class Statement {
 public:
  Statement(Connection& connection, std::string_view sql);
  Statement(Statement&&) noexcept = default;
  Statement& operator=(Statement&&) noexcept = default;
  ~Statement() = default;

  void bind(int index, std::int64_t value) { impl_->bind_int(index, value); }
  void bind(int index, int value) { impl_->bind_int(index, value); }
  void bind(int index, unsigned value) { impl_->bind_int(index, value); }
  void bind(int index, bool value) = delete;  // say 0 or 1: a bool binds as neither text nor a number
  void bind(int index, double value) { impl_->bind_real(index, value); }
  void bind(int index, const std::string& value) { impl_->bind_text(index, value, true); }
  void bind(int index, std::string_view value) { impl_->bind_text(index, value, true); }
  void bind(int index, const char* value) { impl_->bind_text(index, value, true); }
  // As bind, without copying: `value` must stay as it is until the statement is next stepped.
  void bind_ref(int index, std::string_view value) { impl_->bind_text(index, value, false); }
  void bind_null(int index) { impl_->bind_null(index); }
  template <typename T>
  void bind(int index, const std::optional<T>& value) {
    if (value) bind(index, *value);
    else bind_null(index);
  }

  bool step() { return impl_->step(); }  // true while there is a row
  std::int64_t run() {                   // to the end; the rows it changed
    while (impl_->step()) {
    }
    return impl_->changes();
  }
  // An INSERT … RETURNING id: runs it and gives the id of the row it made.
  std::int64_t run_returning_id() {
    if (!impl_->step()) throw DriverError(Failure::other, "an INSERT … RETURNING gave no row");
    std::int64_t id = impl_->column_int(0);
    while (impl_->step()) {
    }
    return id;
  }
  void reset() { impl_->reset(); }
  void clear_bindings() { impl_->clear_bindings(); }
  Value column(int index) const { return Value(*impl_, index); }
  int column_count() const { return impl_->column_count(); }
  std::string column_name(int index) const { return impl_->column_name(index); }

 private:
  std::unique_ptr<StatementImpl> impl_;
};

// What a write transaction must hold from its start. SQLite holds the whole database for every
// write (BEGIN IMMEDIATE); PostgreSQL takes row locks as statements reach rows and serialises
// only what is named here.
enum class Locks {
  rows,      // the rows the statements touch (UPDATE, SELECT … FOR UPDATE)
  database,  // nothing else writes until commit: schema changes, bulk imports, allocation batches
};

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Engine engine() const = 0;
  virtual std::unique_ptr<StatementImpl> prepare(std::string_view sql) = 0;
  // One or more statements without parameters or results.
  virtual void execute(std::string_view sql) = 0;
  virtual void begin(Locks locks) = 0;
  // A read-only transaction that sees one moment of the database throughout, however others write
  // meanwhile (copy, backup): SQLite's read transaction, PostgreSQL's REPEATABLE READ.
  virtual void begin_snapshot() = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;
  virtual bool in_transaction() const = 0;
  // Nothing can be written through this connection (a read-only file, a standby server): why.
  virtual std::string read_only_reason() const = 0;
  // Opened for reading only (csdesk's read-only mode): a write needs a connection of its own.
  virtual bool opened_read_only() const = 0;

  // The first column of the first row, or `otherwise` when there is no row or it is NULL.
  std::int64_t query_int(std::string_view sql, std::int64_t otherwise = 0);
  std::string query_text(std::string_view sql, const std::string& otherwise = "");
  // The first column of every row, `parameter` bound to the one `?` when given.
  std::vector<std::string> query_texts(std::string_view sql, std::optional<std::string_view> parameter = std::nullopt);
};

}  // namespace csdesk::sql
