#pragma once
// What only a PostgreSQL database has: the audit key in the database (table audit_key, which
// only csdesk's schema owner and its functions may read), rather than in a file beside it.
#include <optional>
#include <string>
#include <vector>

#include "store/audit_key.hpp"
#include "store/driver.hpp"

namespace csdesk {

std::optional<AuditKey> read_server_audit_key(sql::Connection& connection);
// Makes the key when there is none; when another desk made one first, that one is returned.
AuditKey create_server_audit_key(sql::Connection& connection, std::int64_t from_row);
// Puts `key` (another database's, whose audit rows are being copied here) into a database that has none.
void install_server_audit_key(sql::Connection& connection, const AuditKey& key);


// The department's staff roles on the server: every one is a member of the group role
// "<database>_staff", which `init` creates (NOLOGIN) and grants what csdesk needs.
std::string staff_group_role(sql::Connection& connection);
// True when the connected role may create roles (CREATEROLE, or a superuser).
bool may_create_roles(sql::Connection& connection);
// The statements that make `login` a LOGIN role in the staff group (none when it is one already).
std::vector<std::string> login_role_statements(sql::Connection& connection, const std::string& login);
// The statement that keeps `login` from connecting (none when it cannot, or does not exist).
std::vector<std::string> no_login_statements(sql::Connection& connection, const std::string& login);

}  // namespace csdesk
