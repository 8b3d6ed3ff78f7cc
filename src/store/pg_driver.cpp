#include "store/pg_driver.hpp"

#include <dlfcn.h>
#include <libpq-fe.h>

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace csdesk::sql {
namespace {

#define CSDESK_LIBPQ_FUNCTIONS(X) \
  X(PQconnectdb)                  \
  X(PQstatus)                     \
  X(PQerrorMessage)               \
  X(PQfinish)                     \
  X(PQexec)                       \
  X(PQexecParams)                 \
  X(PQresultStatus)               \
  X(PQresultErrorField)           \
  X(PQresultErrorMessage)         \
  X(PQclear)                      \
  X(PQntuples)                    \
  X(PQnfields)                    \
  X(PQfname)                      \
  X(PQftype)                      \
  X(PQgetvalue)                   \
  X(PQgetlength)                  \
  X(PQgetisnull)                  \
  X(PQcmdTuples)                  \
  X(PQtransactionStatus)          \
  X(PQsetNoticeProcessor)         \
  X(PQputCopyData)                \
  X(PQputCopyEnd)                 \
  X(PQgetResult)

struct Libpq {
#define CSDESK_POINTER(name) decltype(&::name) name = nullptr;
  CSDESK_LIBPQ_FUNCTIONS(CSDESK_POINTER)
#undef CSDESK_POINTER
};

const Libpq& pq() {
  static const Libpq api = [] {
    void* library = ::dlopen(CSDESK_LIBPQ_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!library)
      throw DriverError(Failure::connection, std::string("a PostgreSQL database needs libpq (" CSDESK_LIBPQ_SONAME
                                                         "; Debian package libpq5): ") + ::dlerror());
    Libpq a;
#define CSDESK_RESOLVE(name)                                                                         \
  a.name = reinterpret_cast<decltype(&::name)>(::dlsym(library, #name));                            \
  if (!a.name) throw DriverError(Failure::connection, CSDESK_LIBPQ_SONAME " has no " #name "; reinstall libpq5");
    CSDESK_LIBPQ_FUNCTIONS(CSDESK_RESOLVE)
#undef CSDESK_RESOLVE
    return a;
  }();
  return api;
}

// Type oids of the built-in types csdesk binds and reads (pg_type.dat; fixed since PostgreSQL 7).
constexpr Oid kBool = 16, kInt8 = 20, kInt2 = 21, kInt4 = 23, kText = 25, kOid = 26, kFloat4 = 700, kFloat8 = 701,
              kNumeric = 1700, kBytea = 17;

Failure failure_of_state(const char* sqlstate) {
  if (!sqlstate) return Failure::connection;
  std::string_view s(sqlstate);
  if (s == "40001" || s == "40P01") return Failure::retry;  // serialization failure, deadlock
  if (s.starts_with("23")) return Failure::constraint;
  if (s == "42501") return Failure::permission;
  if (s == "25006") return Failure::read_only;
  if (s == "53100") return Failure::disk_full;
  if (s == "55P03" || s == "57014") return Failure::busy;  // lock not available, statement timeout
  if (s.starts_with("08") || s.starts_with("28") || s == "57P01") return Failure::connection;
  if (s.starts_with("58")) return Failure::io;
  return Failure::other;
}

// libpq's texts span lines ("…failed: Connection refused\n\tIs the server running…"): one line,
// as every csdesk message is.
std::string one_line(std::string text) {
  std::string out;
  for (char c : text) {
    bool line_break = c == '\n' || c == '\t' || c == '\r';
    if (line_break && (out.empty() || out.back() == ' ')) continue;
    out += line_break ? ' ' : c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

[[noreturn]] void fail_result(PGconn* conn, PGresult* result, std::string_view sql) {
  const char* state = result ? pq().PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  // The server's primary message and its detail, on one line (the full text spans several).
  const char* primary = result ? pq().PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  const char* detail = result ? pq().PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL) : nullptr;
  std::string message = primary ? std::string(primary) + (detail ? std::string(": ") + detail : "")
                                : std::string(result ? pq().PQresultErrorMessage(result) : pq().PQerrorMessage(conn));
  if (result) pq().PQclear(result);
  message = one_line(message);
  if (!sql.empty()) message += " (in: " + std::string(sql.substr(0, 200)) + ")";
  throw DriverError(failure_of_state(state), message);
}

bool succeeded(PGresult* r) {
  auto status = pq().PQresultStatus(r);
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_COPY_IN;
}

class PgStatement final : public StatementImpl {
 public:
  PgStatement(PGconn* conn, std::string_view sql) : conn_(conn) {
    int count = 0;
    sql_ = postgres_parameters(sql, count);
    values_.resize(static_cast<size_t>(count));
    nulls_.assign(static_cast<size_t>(count), true);
    types_.assign(static_cast<size_t>(count), 0);
  }
  ~PgStatement() override { clear_result(); }

  void bind_int(int index, std::int64_t value) override {
    auto& slot = at(index);
    char buffer[24];
    auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
    slot.assign(buffer, end);
    set(index, kInt8);
  }
  void bind_real(int index, double value) override {
    auto& slot = at(index);
    char buffer[32];
    auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
    slot.assign(buffer, end);
    set(index, kFloat8);
  }
  // Text goes as an untyped literal: the server gives it the type its context needs, as it would a
  // quoted constant (a number compared with a text column, a date into a date function).
  void bind_text(int index, std::string_view value, bool) override {
    at(index).assign(value.data(), value.size());
    set(index, 0);
  }
  void bind_null(int index) override {
    at(index).clear();
    nulls_[static_cast<size_t>(index - 1)] = true;
    types_[static_cast<size_t>(index - 1)] = 0;
  }
  void clear_bindings() override {
    for (size_t i = 0; i < values_.size(); ++i) {
      nulls_[i] = true;
      types_[i] = 0;
    }
  }
  bool step() override {
    if (!result_) execute();
    if (row_ + 1 >= rows_) {
      row_ = rows_;
      return false;
    }
    ++row_;
    return true;
  }
  void reset() override { clear_result(); }
  std::int64_t changes() const override { return changes_; }
  bool column_is_null(int c) const override { return pq().PQgetisnull(result_, row_, c) == 1; }
  Type column_type(int c) const override {
    if (column_is_null(c)) return Type::null;
    switch (pq().PQftype(result_, c)) {
      case kInt2:
      case kInt4:
      case kInt8:
      case kOid:
      case kBool: return Type::integer;
      case kFloat4:
      case kFloat8:
      case kNumeric: return Type::real;
      case kBytea: return Type::blob;
      default: return Type::text;
    }
  }
  std::int64_t column_int(int c) const override {
    if (column_is_null(c)) return 0;
    const char* text = pq().PQgetvalue(result_, row_, c);
    if (text[0] == 't' && text[1] == '\0') return 1;  // a boolean, as SQLite gives it
    if (text[0] == 'f' && text[1] == '\0') return 0;
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(text, text + std::strlen(text), value);
    if (ec == std::errc() && (*end == '\0')) return value;
    return static_cast<std::int64_t>(std::strtod(text, nullptr));  // numeric with a fraction: truncated, as SQLite does
  }
  double column_real(int c) const override {
    if (column_is_null(c)) return 0;
    return std::strtod(pq().PQgetvalue(result_, row_, c), nullptr);
  }
  std::string_view column_text(int c) const override {
    if (column_is_null(c)) return {};
    return {pq().PQgetvalue(result_, row_, c), static_cast<size_t>(pq().PQgetlength(result_, row_, c))};
  }
  int column_count() const override {
    if (!result_) const_cast<PgStatement*>(this)->execute();
    return pq().PQnfields(result_);
  }
  std::string column_name(int c) const override { return pq().PQfname(result_, c); }

 private:
  std::string& at(int index) {
    if (index < 1 || static_cast<size_t>(index) > values_.size())
      throw DriverError(Failure::other, "parameter " + std::to_string(index) + " is out of range (in: " + sql_.substr(0, 200) + ")");
    return values_[static_cast<size_t>(index - 1)];
  }
  void set(int index, Oid type) {
    nulls_[static_cast<size_t>(index - 1)] = false;
    types_[static_cast<size_t>(index - 1)] = type;
  }
  void execute() {
    std::vector<const char*> params(values_.size());
    for (size_t i = 0; i < values_.size(); ++i) params[i] = nulls_[i] ? nullptr : values_[i].c_str();
    PGresult* r = pq().PQexecParams(conn_, sql_.c_str(), static_cast<int>(values_.size()), types_.data(), params.data(),
                                    nullptr, nullptr, 0);
    if (!r || !succeeded(r)) fail_result(conn_, r, sql_);
    result_ = r;
    rows_ = pq().PQntuples(r);
    row_ = -1;
    const char* tuples = pq().PQcmdTuples(r);
    changes_ = tuples && *tuples ? std::strtoll(tuples, nullptr, 10) : 0;
  }
  void clear_result() {
    if (result_) pq().PQclear(result_);
    result_ = nullptr;
    rows_ = 0;
    row_ = -1;
  }

  PGconn* conn_;
  std::string sql_;
  std::vector<std::string> values_;
  std::vector<bool> nulls_;
  std::vector<Oid> types_;
  PGresult* result_ = nullptr;
  int rows_ = 0;
  int row_ = -1;
  std::int64_t changes_ = 0;
};

class PgConnection final : public Connection {
 public:
  explicit PgConnection(const std::string& conninfo) {
    conn_ = pq().PQconnectdb(conninfo.c_str());
    if (!conn_ || pq().PQstatus(conn_) != CONNECTION_OK) {
      std::string message = conn_ ? pq().PQerrorMessage(conn_) : "out of memory";
      if (conn_) pq().PQfinish(conn_);
      conn_ = nullptr;
      throw DriverError(Failure::connection, one_line(message));
    }
    // NOTICEs (e.g. "relation already exists, skipping") are not csdesk's output.
    pq().PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
    execute("SET client_encoding = 'UTF8'; SET application_name = 'csdesk'");
  }
  ~PgConnection() override {
    if (conn_) pq().PQfinish(conn_);
  }
  Engine engine() const override { return Engine::postgresql; }
  std::unique_ptr<StatementImpl> prepare(std::string_view sql) override { return std::make_unique<PgStatement>(conn_, sql); }
  void execute(std::string_view sql) override {
    std::string text(sql);
    PGresult* r = pq().PQexec(conn_, text.c_str());
    if (!r || !succeeded(r)) fail_result(conn_, r, sql);
    pq().PQclear(r);
  }
  // Writers take one advisory lock for the transaction, as SQLite's BEGIN IMMEDIATE does: the
  // store's batches (record numbers handed out in memory, allocation rounds) rely on it.
  // Readers never wait for it.
  void begin(Locks) override { execute("BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(7305167011)"); }
  void begin_snapshot() override { execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); }
  void commit() override { execute("COMMIT"); }
  void rollback() override { execute("ROLLBACK"); }
  bool in_transaction() const override { return pq().PQtransactionStatus(conn_) != PQTRANS_IDLE; }
  std::string read_only_reason() const override { return ""; }
  bool opened_read_only() const override { return false; }

 private:
  PGconn* conn_ = nullptr;
};

}  // namespace

std::string postgres_parameters(std::string_view sql, int& count) {
  std::string out;
  out.reserve(sql.size() + 16);
  count = 0;
  int next = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (c == '\'' || c == '"') {  // a literal or quoted identifier, doubled quotes inside
      size_t end = i + 1;
      while (end < sql.size() && !(sql[end] == c && (end + 1 >= sql.size() || sql[end + 1] != c))) end += sql[end] == c ? 2 : 1;
      out.append(sql.substr(i, end - i + 1));
      i = end;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      size_t end = sql.find('\n', i);
      if (end == std::string_view::npos) end = sql.size();
      out.append(sql.substr(i, end - i));
      i = end - 1;
    } else if (c == '?') {
      size_t digits = i + 1;
      while (digits < sql.size() && sql[digits] >= '0' && sql[digits] <= '9') ++digits;
      int n = digits > i + 1 ? std::atoi(std::string(sql.substr(i + 1, digits - i - 1)).c_str()) : ++next;
      if (digits > i + 1) next = std::max(next, n);
      count = std::max(count, n);
      out += '$';
      out += std::to_string(n);
      i = digits - 1;
    } else {
      out += c;
    }
  }
  return out;
}

std::unique_ptr<Connection> connect_postgres(const std::string& conninfo) { return std::make_unique<PgConnection>(conninfo); }

}  // namespace csdesk::sql
