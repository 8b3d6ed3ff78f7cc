// The PostgreSQL engine: its dialect (catalogue, JSON, checks).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "store/dialect.hpp"

namespace csdesk::sql {
namespace {

class PostgresDialect final : public Dialect {
 public:
  int schema_version(Connection& connection) const override {
    if (!has_table(connection, "schema_version")) return 0;
    return static_cast<int>(connection.query_int("SELECT max(version) FROM schema_version"));
  }
  bool has_table(Connection& connection, std::string_view name) const override {
    Statement q(connection, "SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = ?");
    q.bind(1, name);
    return q.step();
  }
  std::string json_text(std::string_view json, std::string_view key) const override {
    return fmt::format("(({})::jsonb ->> '{}')", json, key);
  }
  std::string position(std::string_view haystack, std::string_view needle) const override {
    return fmt::format("strpos({}, {})", haystack, needle);
  }
  std::string joined_texts(std::string_view value, std::string_view separator, std::string_view order_by) const override {
    return fmt::format("string_agg({}, {} ORDER BY {})", value, separator, order_by);
  }
  std::string greatest(const std::vector<std::string>& values) const override {
    return fmt::format("greatest({})", fmt::join(values, ", "));
  }
  // The planner picks indexes by its statistics.
  std::string indexed_by(std::string_view) const override { return ""; }
  void prepare_bulk_load(Connection&) const override {}
  std::optional<std::string> index_definition(Connection& connection, std::string_view name) const override {
    Statement q(connection, "SELECT indexdef FROM pg_catalog.pg_indexes WHERE schemaname = current_schema() AND indexname = ?");
    q.bind(1, name);
    return q.step() ? q.column(0).opt_text() : std::nullopt;
  }
  // Index builds sort in maintenance_work_mem: more than the default 64 MB for a million rows.
  void prepare_index_builds(Connection& connection) const override {
    connection.execute("SET LOCAL maintenance_work_mem = '256MB'");
  }
  // The server keeps its own pages sound (checksums, WAL); what csdesk checks is its data.
  std::vector<std::string> integrity_problems(Connection&, int) const override { return {}; }
  // Foreign keys are enforced by the server for every write: none can point nowhere.
  std::vector<ForeignKeyProblem> foreign_key_problems(Connection&, int) const override { return {}; }
};

}  // namespace

const Dialect& postgres_dialect() {
  static const PostgresDialect dialect;
  return dialect;
}

}  // namespace csdesk::sql
