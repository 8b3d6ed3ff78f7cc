#include <doctest/doctest.h>

#include <string_view>

#include "store/schemas.hpp"

using namespace csdesk;

TEST_CASE("both engines' migrations are embedded, in version order, and reach the same version") {
  const auto& lite = schema_migrations();
  const auto& pg = postgres_schema_migrations();
  REQUIRE(!lite.empty());
  REQUIRE(!pg.empty());
  // PostgreSQL starts from one baseline at the version SQLite had reached, not from 001.
  CHECK(pg.front().version == 23);
  CHECK(std::string_view(pg.front().name) == "023_baseline");
  CHECK(std::string_view(pg.front().sql).find("CREATE TABLE customers") != std::string_view::npos);
  for (size_t i = 1; i < pg.size(); ++i) CHECK(pg[i].version > pg[i - 1].version);
  // A new SQLite migration needs its PostgreSQL counterpart: both engines open a new database
  // at the same version.
  CHECK(pg.back().version == lite.back().version);
}
