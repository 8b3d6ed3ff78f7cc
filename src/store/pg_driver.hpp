#pragma once
// The PostgreSQL side of the driver seam, over libpq. libpq is loaded (dlopen, by its SONAME)
// when a PostgreSQL database is first opened, so that commands on an SQLite file do not pay for
// loading it and what it brings (TLS, Kerberos, LDAP).
#include <memory>
#include <string>

#include "store/driver.hpp"

namespace csdesk::sql {

// Connects with libpq's own rules: a URI or key=value string, completed from PGHOST, PGUSER,
// ~/.pgpass, pg_service.conf and the rest of libpq's environment.
std::unique_ptr<Connection> connect_postgres(const std::string& conninfo);

// `?` and `?N` parameters as PostgreSQL's $N, outside string literals, quoted identifiers and
// comments; `count` receives the number of parameters.
std::string postgres_parameters(std::string_view sql, int& count);

}  // namespace csdesk::sql
