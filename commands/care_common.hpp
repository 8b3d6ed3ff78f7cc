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

}  // namespace csdesk
