#pragma once
// The shift handover log (交接日志, seed 003) as a service: each member writes their own at the end of
// a shift (Permission::handover); anyone on the staff list reads it.
#include "rules/permissions.hpp"
#include "store/database.hpp"
#include "store/handovers.hpp"

namespace csdesk {

// Writes `h` as the operator's handover at `now` (its staff and time are the operator's and now, whatever
// `h` says). Refused (6) unless the operator may; 3 when it says nothing.
// `receiver`, if given, is the active staff member taking over (接班人), not the operator.
Handover write_handover(Database& db, const Actor& actor, Epoch now, Handover h, const std::string& receiver = "");
// The receiver confirms they took over (seed 003: 接班人未到,交班人不得擅自离开): only the named
// receiver may (6); a handover without one, or confirmed already, is a conflict (5).
Handover confirm_handover(Database& db, const Actor& actor, Epoch now, const std::string& handover);

}  // namespace csdesk
