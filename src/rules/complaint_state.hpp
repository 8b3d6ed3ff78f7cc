#pragma once
// The complaint lifecycle: open → in-progress → (pending-customer ⇄ in-progress) → resolved →
// closed, and reopened from resolved or closed. Which verb is allowed from which state. Pure.
#include <optional>
#include <string>
#include <vector>

namespace csdesk {

const std::vector<std::string>& complaint_statuses();  // open, in-progress, pending-customer, resolved, closed, reopened

// The status after `verb` from `status`, or nothing when the verb is not allowed there.
std::optional<std::string> complaint_next_status(const std::string& verb, const std::string& status);
// The statuses a verb may start from, for error messages.
std::vector<std::string> complaint_verb_sources(const std::string& verb);
// Whether the complaint still needs work (its SLA clocks can be overdue).
bool complaint_is_active(const std::string& status);

// P1/P2/P3, also 紧急/高/普通 and lower case; nothing when unknown.
std::optional<std::string> parse_priority(const std::string& text);

// Escalation levels: 0 handler, 1 supervisor, 2 manager.
constexpr int kMaxEscalation = 2;
const char* escalation_name(int level);      // handler, supervisor, manager
const char* escalation_role(int level);      // the staff role that may take a complaint at that level

}  // namespace csdesk
