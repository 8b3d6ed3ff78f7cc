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

}  // namespace csdesk
