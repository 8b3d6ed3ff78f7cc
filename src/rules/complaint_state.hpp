#pragma once
// The complaint lifecycle: open → in-progress → (pending-customer ⇄ in-progress) → resolved →
// closed, and reopened from resolved or closed. Which verb is allowed from which state. Pure.
#include <optional>
#include <string>
#include <vector>

#include "rules/permissions.hpp"

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

// The three-level review (三级审核) as a sign-off: a complaint escalated to level 1 or 2 is resolved
// only once its solution is approved at that level. Who may approve at `level` (1 or 2).
Permission approval_permission(int level);
// Whether a complaint at `level`, whose progress log holds `actions` in the order written, has the
// sign-off resolving needs: level 0 needs none; otherwise an approve after the last escalate (a
// higher level needs its own) and the last reopen (a new solution needs a new one).
bool complaint_signed_off(int level, const std::vector<std::string>& actions);

}  // namespace csdesk
