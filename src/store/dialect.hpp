#pragma once
// Where the SQL of the two engines differs, in one place per engine (store/sqlite_engine.cpp,
// store/pg_engine.cpp). Everything else the store writes is the dialect both share: standard
// SELECT/INSERT/UPDATE, `?` parameters, INSERT … ON CONFLICT, RETURNING, IS NOT DISTINCT FROM.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/driver.hpp"

namespace csdesk {

// Column `column` of `table` points at rows of `parent`.
struct ForeignKey {
  std::string table, column, parent;
};

struct ForeignKeyProblem {
  std::string table;   // the row that points nowhere
  std::int64_t rowid = 0;
  std::string parent;  // the table it should point into
};

}  // namespace csdesk

namespace csdesk::sql {

class Dialect {
 public:
  virtual ~Dialect() = default;
  virtual int schema_version(Connection& connection) const = 0;
  virtual bool has_table(Connection& connection, std::string_view name) const = 0;
  // SQL for the text of the top-level key `key` of the JSON text `json` (NULL when absent).
  virtual std::string json_text(std::string_view json, std::string_view key) const = 0;
  // SQL for the 1-based position of `needle` in `haystack` (0 when absent).
  virtual std::string position(std::string_view haystack, std::string_view needle) const = 0;
  // SQL for a new id of `table`, for a statement that gives some ids itself (SQLite: NULL makes one;
  // PostgreSQL takes an explicit NULL as NULL).
  virtual std::string new_id(std::string_view table) const = 0;
  // After rows were inserted with ids of csdesk's choosing: the generator continues above them.
  virtual void ids_taken(Connection& connection, std::string_view table) const = 0;
  // SQL for the texts `value` of a group joined by `separator` (SQL, e.g. "','") in the order of
  // `order_by` (NULL for an empty group). SQLite 3.40 has no ORDER BY inside an aggregate: it
  // joins in the order the rows come, so give them from a subquery sorted by `order_by` too.
  virtual std::string joined_texts(std::string_view value, std::string_view separator,
                                   std::string_view order_by) const = 0;
  // SQL for the largest of `values` (two or more; none of them NULL: the engines differ there).
  virtual std::string greatest(const std::vector<std::string>& values) const = 0;
  // What follows `FROM table` to read it by index `name`, where the engine's planner needs telling
  // (empty where it does not).
  virtual std::string indexed_by(std::string_view name) const = 0;
  // A bulk load (an import of at least as many rows as the table has): the engine's settings
  // for it; the statement that re-creates index `name` (nullopt when there is none); the
  // settings for rebuilding indexes afterwards.
  virtual void prepare_bulk_load(Connection& connection) const = 0;
  virtual std::optional<std::string> index_definition(Connection& connection, std::string_view name) const = 0;
  virtual void prepare_index_builds(Connection& connection) const = 0;
  // The engine's own consistency checks: at most `limit` findings each, empty when sound.
  virtual std::vector<std::string> integrity_problems(Connection& connection, int limit) const = 0;
  virtual std::vector<ForeignKeyProblem> foreign_key_problems(Connection& connection, int limit) const = 0;
  // The schema's tables, by name (not the engine's catalogue, nor what each engine keeps its own way:
  // PostgreSQL's schema_version and audit_key); a table's columns in their order; every foreign key.
  virtual std::vector<std::string> tables(Connection& connection) const = 0;
  virtual std::vector<std::string> columns(Connection& connection, std::string_view table) const = 0;
  virtual std::vector<ForeignKey> foreign_keys(Connection& connection) const = 0;
};

const Dialect& sqlite_dialect();
const Dialect& postgres_dialect();
inline const Dialect& dialect_of(Engine engine) {
  return engine == Engine::sqlite ? sqlite_dialect() : postgres_dialect();
}

}  // namespace csdesk::sql
