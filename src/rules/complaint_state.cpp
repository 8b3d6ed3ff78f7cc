#include "rules/complaint_state.hpp"

#include <algorithm>

#include "rules/vocabulary.hpp"

namespace csdesk {
namespace {

struct Transition {
  const char* verb;
  std::vector<std::string> from;
  const char* to;  // nullptr: the status stays
};

const std::vector<Transition>& transitions() {
  static const std::vector<Transition> table = {
      {"respond", {"open", "reopened"}, "in-progress"},
      {"update", {"open", "in-progress", "pending-customer", "reopened"}, nullptr},
      {"assign", {"open", "in-progress", "pending-customer", "reopened"}, nullptr},
      {"escalate", {"open", "in-progress", "pending-customer", "reopened"}, nullptr},
      {"approve", {"open", "in-progress", "pending-customer", "reopened"}, nullptr},
      {"wait", {"in-progress"}, "pending-customer"},
      {"resume", {"pending-customer"}, "in-progress"},
      {"resolve", {"in-progress"}, "resolved"},
      {"close", {"resolved"}, "closed"},
      {"reopen", {"resolved", "closed"}, "reopened"},
      // Told the customer of progress: after the first response, while unresolved.
      {"inform", {"in-progress", "pending-customer", "reopened"}, nullptr},
      {"crisis", {"open", "in-progress", "pending-customer", "reopened"}, nullptr},
      {"plan", {"open", "in-progress", "pending-customer", "reopened"}, nullptr},
      {"decide", {"open", "in-progress", "pending-customer", "reopened"}, nullptr},
      {"transfer", {"open", "in-progress", "pending-customer", "reopened"}, nullptr},
      // A department may answer after the complaint is resolved.
      {"answer", {"open", "in-progress", "pending-customer", "reopened", "resolved"}, nullptr},
  };
  return table;
}

const Transition* find_transition(const std::string& verb) {
  for (const auto& t : transitions())
    if (verb == t.verb) return &t;
  return nullptr;
}

}  // namespace

const std::vector<std::string>& complaint_statuses() {
  static const std::vector<std::string> s = {"open", "in-progress", "pending-customer", "resolved", "closed", "reopened"};
  return s;
}

std::optional<std::string> complaint_next_status(const std::string& verb, const std::string& status) {
  const Transition* t = find_transition(verb);
  if (!t || std::find(t->from.begin(), t->from.end(), status) == t->from.end()) return std::nullopt;
  return t->to ? std::string(t->to) : status;
}

std::vector<std::string> complaint_verb_sources(const std::string& verb) {
  const Transition* t = find_transition(verb);
  return t ? t->from : std::vector<std::string>{};
}

bool complaint_is_active(const std::string& status) { return status != "resolved" && status != "closed"; }

std::optional<std::string> parse_priority(const std::string& text) { return vocab::parse(vocab::priority, text); }

const char* escalation_name(int level) {
  switch (level) {
    case 0: return "handler";
    case 1: return "supervisor";
    default: return "manager";
  }
}

const char* escalation_role(int level) { return level >= 2 ? "manager" : level == 1 ? "supervisor" : "complaint"; }

Permission approval_permission(int level) { return level >= 2 ? Permission::approve_level2 : Permission::approve_level1; }

bool complaint_signed_off(int level, const std::vector<std::string>& actions) {
  if (level <= 0) return true;
  for (auto it = actions.rbegin(); it != actions.rend(); ++it) {
    if (*it == "approve") return true;
    if (*it == "escalate" || *it == "reopen") return false;
  }
  return false;
}

}  // namespace csdesk
