#pragma once
// The shift handover log (交接日志, seed 003) as a service: each member writes their own at the end of
// a shift (Permission::handover); anyone on the staff list reads it.
#include "rules/permissions.hpp"
#include "store/database.hpp"
#include "store/handovers.hpp"

namespace csdesk {

// Writes `h` as the operator's handover at `now` (its staff and time are the operator's and now, whatever
// `h` says). Refused (6) unless the operator may; 3 when it says nothing.
Handover write_handover(Database& db, const Actor& actor, Epoch now, Handover h);

}  // namespace csdesk
