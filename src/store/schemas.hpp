#pragma once
#include <vector>

namespace csdesk {

struct SchemaMigration {
  int version;       // from the file name: schemas/001_core.sql → 1
  const char* name;
  const char* sql;
};

// Generated at build time from schemas/*.sql, in version order.
const std::vector<SchemaMigration>& schema_migrations();
// The same for PostgreSQL, from schemas/postgresql/*.sql: one baseline at the version the SQLite
// migrations had reached (023_baseline.sql), then one file per later version.
const std::vector<SchemaMigration>& postgres_schema_migrations();

}  // namespace csdesk
