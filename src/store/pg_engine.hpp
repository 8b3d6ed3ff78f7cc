#pragma once
// What only a PostgreSQL database has: the audit key in the database (table audit_key, which
// only csdesk's schema owner and its functions may read), rather than in a file beside it.
#include <optional>

#include "store/audit_key.hpp"
#include "store/driver.hpp"

namespace csdesk {

std::optional<AuditKey> read_server_audit_key(sql::Connection& connection);
// Makes the key when there is none; when another desk made one first, that one is returned.
AuditKey create_server_audit_key(sql::Connection& connection, std::int64_t from_row);
// Puts `key` (another database's, whose audit rows are being copied here) into a database that has none.
void install_server_audit_key(sql::Connection& connection, const AuditKey& key);

}  // namespace csdesk
