#include "store/department_copy.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "store/dialect.hpp"
#include "store/pg_engine.hpp"
#include "util/error.hpp"

namespace csdesk {
namespace {

// Parameters per INSERT: well under both engines' limits (SQLite 32766, PostgreSQL 65535), and
// enough rows per statement that a server's round trips do not dominate.
constexpr std::size_t kParametersPerInsert = 8000;
constexpr std::size_t kRowsPerInsert = 500;

struct Cell {
  sql::Type type = sql::Type::null;
  std::int64_t integer = 0;
  double real = 0;
  std::string text;
};

// Tables with every table they point into before them; ties by name, so the order is the same on
// both engines. A table pointing into itself (customers.merged_into) is not a cycle: those columns
// are filled in after its rows.
std::vector<std::string> parents_first(const std::vector<std::string>& tables, const std::vector<ForeignKey>& keys) {
  std::map<std::string, std::set<std::string>> waiting_for;
  for (const auto& t : tables) waiting_for[t];
  for (const auto& k : keys)
    if (k.table != k.parent && waiting_for.count(k.table) && waiting_for.count(k.parent)) waiting_for[k.table].insert(k.parent);
  std::vector<std::string> order;
  while (order.size() < tables.size()) {
    auto ready = std::find_if(waiting_for.begin(), waiting_for.end(), [](const auto& t) { return t.second.empty(); });
    if (ready == waiting_for.end()) {
      std::vector<std::string> stuck;
      for (const auto& t : waiting_for) stuck.push_back(t.first);
      fail(ErrorKind::internal, "copy: the tables' foreign keys form a cycle ({}); this schema cannot be copied table by table",
           fmt::join(stuck, ", "));
    }
    std::string table = ready->first;
    waiting_for.erase(ready);
    for (auto& [_, parents] : waiting_for) parents.erase(table);
    order.push_back(table);
  }
  return order;
}

std::string row_placeholders(std::size_t columns) {
  std::string row = "(";
  for (std::size_t c = 0; c < columns; ++c) row += c ? ", ?" : "?";
  return row + ")";
}

class TableCopier {
 public:
  TableCopier(sql::Connection& from, sql::Connection& to, std::string table, std::vector<std::string> columns,
              const std::set<std::string>& self_references)
      : from_(from), to_(to), table_(std::move(table)), columns_(std::move(columns)) {
    for (const auto& name : columns_) self_reference_.push_back(self_references.count(name) > 0);
    if (!self_references.empty() && columns_.front() != "id")
      fail(ErrorKind::internal, "copy: table {} points into itself but has no id column", table_);
    rows_per_insert_ = std::clamp<std::size_t>(kParametersPerInsert / columns_.size(), 1, kRowsPerInsert);
  }

  std::int64_t run() {
    // By id where there is one, else by every column: the rows arrive in the same order from either engine.
    std::string order = columns_.front() == "id" ? "id" : ordinal_list();
    sql::Statement read(from_, fmt::format("SELECT {} FROM {} ORDER BY {}", fmt::join(columns_, ", "), table_, order));
    std::vector<std::vector<Cell>> batch;
    std::int64_t copied = 0;
    while (read.step()) {
      std::vector<Cell>& row = batch.emplace_back(columns_.size());
      for (std::size_t c = 0; c < columns_.size(); ++c) row[c] = cell(read.column(static_cast<int>(c)));
      if (batch.size() == rows_per_insert_) copied += write(batch);
    }
    copied += write(batch);
    fill_self_references();
    return copied;
  }

 private:
  std::string ordinal_list() const {
    std::vector<std::string> ordinals;
    for (std::size_t c = 1; c <= columns_.size(); ++c) ordinals.push_back(std::to_string(c));
    return fmt::format("{}", fmt::join(ordinals, ", "));
  }

  static Cell cell(const sql::Value& v) {
    Cell out;
    out.type = v.type();
    switch (out.type) {
      case sql::Type::null: break;
      case sql::Type::integer: out.integer = v.int64(); break;
      case sql::Type::real: out.real = v.real(); break;
      case sql::Type::text:
      case sql::Type::blob: out.text = v.text(); break;
    }
    return out;
  }

  sql::Statement& insert_for(std::size_t rows) {
    auto found = inserts_.find(rows);
    if (found != inserts_.end()) return found->second;
    std::vector<std::string> values(rows, row_placeholders(columns_.size()));
    std::string text = fmt::format("INSERT INTO {} ({}) VALUES {}", table_, fmt::join(columns_, ", "), fmt::join(values, ", "));
    return inserts_.emplace(rows, sql::Statement(to_, text)).first->second;
  }

  std::int64_t write(std::vector<std::vector<Cell>>& batch) {
    if (batch.empty()) return 0;
    sql::Statement& insert = insert_for(batch.size());
    int p = 1;
    for (const auto& row : batch) {
      for (std::size_t c = 0; c < row.size(); ++c, ++p) {
        const Cell& v = row[c];
        bool deferred = self_reference_[c];
        if (deferred && v.type != sql::Type::null) later_.push_back({row.front().integer, c, v.integer});
        if (deferred || v.type == sql::Type::null) insert.bind_null(p);
        else if (v.type == sql::Type::integer) insert.bind(p, v.integer);
        else if (v.type == sql::Type::real) insert.bind(p, v.real);
        else insert.bind_ref(p, v.text);
      }
    }
    try {
      insert.run();
    } catch (const sql::DriverError& e) {
      const Cell& first = batch.front().front();
      std::string rows = first.type == sql::Type::integer
                             ? fmt::format("{} {}–{}", columns_.front(), first.integer, batch.back().front().integer)
                             : fmt::format("{} rows", batch.size());
      fail(ErrorKind::invalid, "copy: table {} ({}) cannot be written into the copy: {}; nothing was copied: mend those rows "
           "in the original, then copy again", table_, rows, e.what());
    }
    insert.reset();
    auto written = static_cast<std::int64_t>(batch.size());
    batch.clear();
    return written;
  }

  // Columns pointing into the same table, set once every row they may point at is there.
  void fill_self_references() {
    std::map<std::size_t, sql::Statement> updates;  // one per column
    for (const auto& [id, column, value] : later_) {
      auto update = updates.find(column);
      if (update == updates.end())
        update = updates.emplace(column, sql::Statement(to_, fmt::format("UPDATE {} SET {} = ? WHERE id = ?", table_,
                                                                          columns_[column]))).first;
      update->second.bind(1, value);
      update->second.bind(2, id);
      update->second.run();
      update->second.reset();
    }
  }

  struct Deferred {
    std::int64_t id = 0;
    std::size_t column = 0;
    std::int64_t value = 0;
  };
  sql::Connection& from_;
  sql::Connection& to_;
  std::string table_;
  std::vector<std::string> columns_;
  std::vector<bool> self_reference_;  // by column: points into this table, filled in afterwards
  std::size_t rows_per_insert_ = 1;
  std::map<std::size_t, sql::Statement> inserts_;  // by rows per statement: a full batch and the last
  std::vector<Deferred> later_;
};

std::int64_t count_rows(sql::Connection& connection, const std::string& table) {
  return connection.query_int(fmt::format("SELECT count(*) FROM {}", table));
}

AuditHead newest_audit_row(sql::Connection& connection) {
  AuditHead head;
  sql::Statement q(connection, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1");
  if (q.step()) head = {q.column(0).int64(), q.column(1).text()};
  return head;
}

// Ends the source's snapshot however the copy ends.
class Snapshot {
 public:
  explicit Snapshot(sql::Connection& connection) : connection_(connection) { connection_.begin_snapshot(); }
  ~Snapshot() {
    try {
      if (connection_.in_transaction()) connection_.rollback();
    } catch (...) {
    }
  }
  Snapshot(const Snapshot&) = delete;
  Snapshot& operator=(const Snapshot&) = delete;

 private:
  sql::Connection& connection_;
};

}  // namespace

DepartmentCopy copy_department(Database& source, Database& target) {
  if (source.schema_version() != target.schema_version())
    fail_conflict("copy: '{}' is at schema version {} and '{}' at {}; run `csdesk init` on the older one first",
                  source.path(), source.schema_version(), target.path(),
                  target.schema_version());
  sql::Connection& from = source.sql();
  sql::Connection& to = target.sql();
  const sql::Dialect& from_dialect = sql::dialect_of(source.engine());
  const sql::Dialect& to_dialect = sql::dialect_of(target.engine());

  Snapshot snapshot(from);
  Database::Transaction tx(target, sql::Locks::database);
  std::vector<std::string> tables = from_dialect.tables(from);
  std::vector<std::string> target_tables = to_dialect.tables(to);
  if (tables != target_tables)
    fail(ErrorKind::internal, "copy: the two databases have different tables ({} here, {} there) at the same schema version",
         fmt::join(tables, ", "), fmt::join(target_tables, ", "));
  std::int64_t staff = count_rows(to, "staff"), audit = count_rows(to, "audit");
  if (staff > 0 || audit > 0)
    fail_conflict("copy: '{}' already holds a department ({} staff, {} audit rows); copy into a new database",
                  target.path(), staff, audit);

  std::vector<ForeignKey> keys = from_dialect.foreign_keys(from);
  std::vector<std::string> order = parents_first(tables, keys);
  // What a new schema may hold of its own (defaults) gives way to the department's rows.
  for (auto t = order.rbegin(); t != order.rend(); ++t) to.execute(fmt::format("DELETE FROM {}", *t));

  DepartmentCopy copy;
  for (const auto& table : order) {
    std::vector<std::string> columns = from_dialect.columns(from, table);
    std::vector<std::string> target_columns = to_dialect.columns(to, table);
    if (columns != target_columns)
      fail(ErrorKind::internal, "copy: table {} has the columns ({}) here and ({}) there", table, fmt::join(columns, ", "),
           fmt::join(target_columns, ", "));
    std::set<std::string> self_references;
    for (const auto& k : keys)
      if (k.table == table && k.parent == table) self_references.insert(k.column);
    std::int64_t rows = TableCopier(from, to, table, columns, self_references).run();
    if (columns.front() == "id") to_dialect.ids_taken(to, table);
    copy.tables.push_back({table, rows});
    copy.rows += rows;
  }
  for (const auto& [table, rows] : copy.tables) {
    std::int64_t there = count_rows(to, table);
    if (there != rows)
      fail(ErrorKind::internal, "copy: table {} has {} rows in the copy, not the {} read; nothing was copied", table, there, rows);
  }
  copy.head = newest_audit_row(from);
  AuditHead copied_head = newest_audit_row(to);
  if (copied_head.rows != copy.head.rows || copied_head.digest != copy.head.digest)
    fail(ErrorKind::internal, "copy: the copy's audit chain ends at row {} and the original's at row {}; nothing was copied",
         copied_head.rows, copy.head.rows);
  if (const AuditKey* key = source.audit_key(); key && target.engine() == sql::Engine::postgresql)
    install_server_audit_key(to, *key);
  tx.commit();
  return copy;
}

}  // namespace csdesk
