#pragma once
// The one SLA clock of a complaint, in its two parts (first response, resolution): budgets per
// priority and the working calendar, as plain values. Overdue, on time and settled are derived
// here from the clock, so a changed calendar changes every answer alike — the complaint views,
// the reports and the score.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "rules/sla.hpp"

namespace csdesk {

struct SlaPolicy {
  WorkCalendar calendar;
  // Seconds allowed, by priority (P1, P2, P3).
  std::map<std::string, std::int64_t> first_response_budget, resolution_budget;

  // Throws internal for a priority without a budget: priorities are normalised on the way in.
  std::int64_t first_response_limit(const std::string& priority) const;
  std::int64_t resolution_limit(const std::string& priority) const;
};

struct ComplaintTimes {
  std::string priority, status;
  Epoch received_at = 0;
  std::optional<Epoch> first_response_at, resolved_at;
  std::vector<Interval> pauses;
};

struct ComplaintClocks {
  SlaClock first_response, resolution;  // stopped at the event, else running up to `now`
  bool overdue = false;                 // still being worked on and a running clock is past its budget
  std::optional<Epoch> next_deadline;   // the earliest running deadline, while being worked on

  // Responded to and resolved, both within their budgets.
  bool on_time() const;
  // Its timeliness is known: resolved, or already past its resolution budget.
  bool settled() const;
};

ComplaintClocks complaint_clocks(const SlaPolicy& policy, const ComplaintTimes& t, Epoch now);

// The resolution clock run up to `at` as if the complaint were still unresolved then, e.g. at
// the end of a report's period for a complaint resolved later.
SlaClock resolution_clock_at(const SlaPolicy& policy, const ComplaintTimes& t, Epoch at);

}  // namespace csdesk
