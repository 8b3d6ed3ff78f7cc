#pragma once
// The state of a record as the audit trail vouches for it: a SHA-256 over its row's columns (a
// staff member's with their roles), taken when an audit row about it is written, so `check` can
// name a record changed behind csdesk's back. Kinds: customer, staff, complaint, score-adjustment,
// report (an issued report or score). Other kinds (assignments, revisits …) carry no state.
#include <functional>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace csdesk {

struct RecordState {
  std::string kind;    // customer, staff, …
  std::string key;     // the record's id as text; "score 2026-11" for an issued report
  std::string number;  // KH202611-0001, 工号, "score 2026-11": for messages
  std::string hash;    // hex SHA-256 of the state; "" when the record does not exist
};

// The records `entry` is about, as they are now (an import: every customer it created).
std::vector<RecordState> states_for(Database& db, const AuditEntry& entry);
// Every record of the kinds above as it is now, kind by kind.
void each_current_state(Database& db, const std::function<void(const RecordState&)>& visit);
// One digest over a row's states (kind, key, hash each), recorded in the audit row and so keyed.
std::string states_digest(const std::vector<RecordState>& states);

}  // namespace csdesk
