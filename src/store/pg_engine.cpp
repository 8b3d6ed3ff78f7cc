// The PostgreSQL engine: connecting, the schema version table and migrations
// (schemas/postgresql/*.sql), the audit key in the database, and the dialect.
#include "store/pg_engine.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "store/database.hpp"
#include "store/dialect.hpp"
#include "store/pg_driver.hpp"
#include "store/schemas.hpp"
#include "store/sql_values.hpp"
#include "util/error.hpp"
#include "util/hex.hpp"
#include "util/hmac.hpp"
#include "util/text.hpp"

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
  std::string new_id(std::string_view table) const override {
    return fmt::format("nextval(pg_get_serial_sequence('{}', 'id'))", table);
  }
  void ids_taken(Connection& connection, std::string_view table) const override {
    connection.execute(fmt::format("SELECT setval(pg_get_serial_sequence('{0}', 'id'), "
                                   "(SELECT coalesce(max(id), 0) + 1 FROM {0}), false)", table));
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
  // Only the schema owner may drop an index: for a staff role (the grants of `init`) there is none
  // to rebuild, and its bulk import keeps the index, slower but never refused.
  std::optional<std::string> index_definition(Connection& connection, std::string_view name) const override {
    Statement q(connection, "SELECT i.indexdef FROM pg_catalog.pg_indexes i JOIN pg_catalog.pg_tables t "
                            "ON t.schemaname = i.schemaname AND t.tablename = i.tablename "
                            "WHERE i.schemaname = current_schema() AND i.indexname = ? "
                            "AND pg_has_role(current_user, t.tableowner, 'USAGE')");
    q.bind(1, name);
    return q.step() ? opt_text(q.column(0)) : std::nullopt;
  }
  // Index builds sort in maintenance_work_mem: more than the default 64 MB for a million rows.
  void prepare_index_builds(Connection& connection) const override {
    connection.execute("SET LOCAL maintenance_work_mem = '256MB'");
  }
  // The server keeps its own pages sound (checksums, WAL); what csdesk checks is its data.
  std::vector<std::string> integrity_problems(Connection&, int) const override { return {}; }
  // Foreign keys are enforced by the server for every write: none can point nowhere.
  std::vector<ForeignKeyProblem> foreign_key_problems(Connection&, int) const override { return {}; }
  std::vector<std::string> tables(Connection& connection) const override {
    return connection.query_texts("SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema() "
                             "AND tablename NOT IN ('schema_version', 'audit_key') ORDER BY tablename");
  }
  std::vector<std::string> columns(Connection& connection, std::string_view table) const override {
    return connection.query_texts("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
                             "AND table_name = ? ORDER BY ordinal_position", table);
  }
  std::vector<ForeignKey> foreign_keys(Connection& connection) const override {
    std::vector<ForeignKey> keys;
    Statement q(connection,
                "SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text FROM pg_catalog.pg_constraint AS c "
                "JOIN pg_catalog.pg_attribute AS a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
                "WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace ORDER BY 1, 2");
    while (q.step()) keys.push_back({q.column(0).text(), q.column(1).text(), q.column(2).text()});
    return keys;
  }
};

}  // namespace

const Dialect& postgres_dialect() {
  static const PostgresDialect dialect;
  return dialect;
}

}  // namespace csdesk::sql

namespace csdesk {
namespace {

// Tables of the engine's own, beside the schema's: which migrations ran, and the audit key.
constexpr const char* kEngineTables =
    "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL "
    "DEFAULT now());"
    "CREATE TABLE IF NOT EXISTS audit_key (id integer PRIMARY KEY CHECK (id = 1), key_hex text NOT NULL, "
    "from_row bigint NOT NULL)";

int latest_postgres_version() {
  const auto& all = postgres_schema_migrations();
  return all.empty() ? 0 : all.back().version;
}

// What the staff group may do: read and write the records through csdesk, nothing more. The audit
// trail is insert-only (no UPDATE, DELETE or TRUNCATE: only the schema owner may change a row);
// the audit key and the schema version are read, never written; no role but the owner has DDL
// (PostgreSQL 15 gives PUBLIC no CREATE on the schema). Run by the owner at every `init`, so a
// table a later migration adds is granted too. %1$I is the group, %2$I the schema, %3$I the database.
constexpr const char* kStaffGrants = R"(
DO $grants$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = %1$L) THEN
    CREATE ROLE %1$I NOLOGIN;
  END IF;
END
$grants$;
REVOKE ALL ON DATABASE %3$I FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE %3$I TO %1$I;
REVOKE CREATE ON SCHEMA %2$I FROM PUBLIC;
GRANT USAGE ON SCHEMA %2$I TO %1$I;
REVOKE ALL ON ALL TABLES IN SCHEMA %2$I FROM %1$I;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %2$I TO %1$I;
REVOKE INSERT, UPDATE, DELETE ON schema_version, audit_key FROM %1$I;
REVOKE UPDATE, DELETE ON audit, audit_states FROM %1$I;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA %2$I TO %1$I;
)";

// A name as a PostgreSQL identifier, quoted.
std::string quoted(std::string_view name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string sql_literal(std::string_view text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// %1$I/%1$L, %2$I, %3$I of kStaffGrants filled in (they are names the server gave, quoted here).
std::string staff_grants(std::string_view group, std::string_view schema, std::string_view database) {
  std::string out = kStaffGrants;
  auto fill = [&out](std::string_view mark, const std::string& value) {
    for (size_t at; (at = out.find(mark)) != std::string::npos;) out.replace(at, mark.size(), value);
  };
  fill("%1$L", sql_literal(group));
  fill("%1$I", quoted(group));
  fill("%2$I", quoted(schema));
  fill("%3$I", quoted(database));
  return out;
}

bool owns_schema(sql::Connection& connection) {
  return connection.query_int("SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() "
                              "AND tablename = 'audit' AND pg_has_role(current_user, tableowner, 'USAGE')") > 0;
}

void grant_staff_privileges(sql::Connection& connection) {
  std::string group = staff_group_role(connection);
  sql::Statement exists(connection, "SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = ?::name");
  exists.bind(1, group);
  if (!exists.step() && !may_create_roles(connection))
    fail_not_permitted("init: the staff group role '{}' does not exist and your role may not create roles (it lacks "
                       "CREATEROLE); a database administrator runs `CREATE ROLE \"{}\" NOLOGIN` (or gives your role "
                       "CREATEROLE), then run `csdesk init` again", group, group);
  connection.execute(staff_grants(group, connection.query_text("SELECT current_schema()"),
                                  connection.query_text("SELECT current_database()")));
}

}  // namespace

std::string staff_group_role(sql::Connection& connection) {
  // 63 bytes is PostgreSQL's longest name: the database's name is cut to leave room for "_staff".
  return connection.query_text("SELECT left(current_database(), 57) || '_staff'");
}

bool may_create_roles(sql::Connection& connection) {
  return connection.query_int("SELECT count(*) FROM pg_catalog.pg_roles WHERE rolname = current_user "
                              "AND (rolcreaterole OR rolsuper)") > 0;
}

std::vector<std::string> login_role_statements(sql::Connection& connection, const std::string& login) {
  std::vector<std::string> out;
  sql::Statement q(connection, "SELECT rolcanlogin::int, pg_has_role(rolname, ?::name, 'MEMBER')::int "
                               "FROM pg_catalog.pg_roles WHERE rolname = ?::name");
  std::string group = staff_group_role(connection);
  q.bind(1, group);
  q.bind(2, login);
  bool exists = q.step();
  if (!exists) out.push_back(fmt::format("CREATE ROLE {} LOGIN", quoted(login)));
  else if (q.column(0).int64() == 0) out.push_back(fmt::format("ALTER ROLE {} LOGIN", quoted(login)));
  if (!exists || q.column(1).int64() == 0) out.push_back(fmt::format("GRANT {} TO {}", quoted(group), quoted(login)));
  return out;
}

std::vector<std::string> no_login_statements(sql::Connection& connection, const std::string& login) {
  sql::Statement q(connection, "SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = ?::name AND rolcanlogin");
  q.bind(1, login);
  if (!q.step()) return {};
  return {fmt::format("ALTER ROLE {} NOLOGIN", quoted(login))};
}

void Database::open_postgres(Open mode) {
  const std::string& where = path_;
  try {
    db_ = sql::connect_postgres(target_);
  } catch (const sql::DriverError& e) {
    fail_invalid("--db: cannot connect to PostgreSQL at '{}': {}", where, e.what());
  }
  const sql::Dialect& dialect = sql::postgres_dialect();
  try {
    int version = dialect.schema_version(*db_);
    if (version == 0 && dialect.has_table(*db_, "audit"))
      fail_invalid("'{}' has csdesk's tables but no schema_version: it was not made by `csdesk init`; point --db at "
                   "a csdesk database or an empty one", where);
    if (version > latest_schema_version())
      fail_conflict("'{}' was written by a newer csdesk (schema version {}, this csdesk knows up to {}); "
                    "upgrade csdesk before using this database", where, version, latest_schema_version());
    opened_at_version_ = version;
    if (version == 0 && mode != Open::create_or_upgrade)
      fail_not_found("the PostgreSQL database '{}' has no csdesk schema yet; create it with `csdesk --db '{}' init`",
                     where, where);
    if (version >= latest_postgres_version()) {
      // `init` on a current schema, by its owner: the grants are made again (a database from before them).
      if (mode == Open::create_or_upgrade && owns_schema(*db_)) {
        Transaction tx(*this, sql::Locks::database);
        grant_staff_privileges(*db_);
        tx.commit();
      }
      return;
    }
    if (mode == Open::read_only)
      fail_conflict("'{}' is at schema version {}; run `csdesk init` to upgrade it", where, version);
    // Every migration and its version row in one transaction: a failure leaves the schema as it was.
    Transaction tx(*this, sql::Locks::database);
    db_->execute(kEngineTables);
    int now_at = dialect.schema_version(*db_);  // another desk may have upgraded while we waited
    for (const auto& m : postgres_schema_migrations()) {
      if (m.version <= now_at) continue;
      db_->execute(m.sql);
      sql::Statement done(*db_, "INSERT INTO schema_version (version) VALUES (?)");
      done.bind(1, m.version);
      done.run();
    }
    grant_staff_privileges(*db_);
    tx.commit();
    created_ = version == 0;
  } catch (const sql::DriverError& e) {
    fail_store(path_, e, "cannot prepare");
  }
}

std::string Database::server_role() {
  return engine() == sql::Engine::postgresql ? db_->query_text("SELECT current_user") : "";
}

std::optional<AuditKey> read_server_audit_key(sql::Connection& connection) {
  sql::Statement q(connection, "SELECT key_hex, from_row FROM audit_key WHERE id = 1");
  if (!q.step()) return std::nullopt;
  AuditKey key{"", from_hex(q.column(0).view()).value_or(""), q.column(1).int64()};
  if (key.bytes.size() != 32)
    fail(ErrorKind::internal, "the audit key in the database is damaged ({} bytes, not 32); `csdesk check` cannot verify "
         "the keyed rows", key.bytes.size());
  return key;
}

AuditKey create_server_audit_key(sql::Connection& connection, std::int64_t from_row) {
  sql::Statement q(connection, "INSERT INTO audit_key (id, key_hex, from_row) VALUES (1, ?, ?) ON CONFLICT DO NOTHING");
  q.bind(1, to_hex(random_bytes(32)));
  q.bind(2, from_row);
  q.run();
  return *read_server_audit_key(connection);
}

void install_server_audit_key(sql::Connection& connection, const AuditKey& key) {
  sql::Statement q(connection, "INSERT INTO audit_key (id, key_hex, from_row) VALUES (1, ?, ?)");
  q.bind(1, to_hex(key.bytes));
  q.bind(2, key.from_row);
  try {
    q.run();
  } catch (const sql::DriverError&) {
    fail_conflict("the database already has an audit key of its own: copy into a new database");
  }
}

}  // namespace csdesk
