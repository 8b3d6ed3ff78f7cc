#pragma once
// What `complain` and `revisit` share on the command side: the scope their services run in, and
// table cells from optional fields.
#include <optional>
#include <string>

#include "complain/care_scope.hpp"
#include "context.hpp"
#include "output/render.hpp"

namespace csdesk {

// Opens the database and names the operator, for a service operation that writes.
CareScope writing_scope(Context& ctx);
// Opens the database, for one that only reads (the operator is not needed).
CareScope reading_scope(Context& ctx);

// Table cells from optional fields: empty when absent.
inline Value opt_value(const std::optional<std::string>& s) { return s ? Value{*s} : Value{}; }
inline Value opt_value(const std::optional<std::int64_t>& v) { return v ? Value{*v} : Value{}; }

}  // namespace csdesk
