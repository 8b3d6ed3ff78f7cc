#pragma once
// The SLA clocks of a complaint: first response and resolution (budgets per priority), and the
// clocks the seeds add — the e-mail reply (seeds 000, 001), feedback to the customer on a delayed
// problem (seed 003), decision items handed to the responsible department and a crisis's response
// plan (seed 002) — over the working calendar, as plain values. Overdue, on time and settled are
// derived here from the clocks, so a changed calendar changes every answer alike — the complaint
// views, the reports and the score.
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
  // Seconds allowed; 0 turns the clock off (plain values in tests).
  std::int64_t email_reply_budget = 0;     // a complaint that came by e-mail answered
  std::int64_t feedback_budget = 0;        // the customer hears of progress at least this often
  std::int64_t handover_budget = 0;        // a decision item handed to its department
  std::int64_t crisis_budget = 0;          // a crisis's response plan, around the clock

  // Throws internal for a priority without a budget: priorities are normalised on the way in.
  std::int64_t first_response_limit(const std::string& priority) const;
  std::int64_t resolution_limit(const std::string& priority) const;
};

// A decision item's handover (决议事项): the clock runs from the decision to the handover.
struct HandoverTimes {
  std::string department;
  Epoch decided_at = 0;
  std::optional<Epoch> handed_at;
};

struct ComplaintTimes {
  std::string priority, status;
  Epoch received_at = 0;
  std::optional<Epoch> first_response_at, resolved_at;
  std::vector<Interval> pauses;
  std::string channel{};                 // "email" runs the e-mail reply clock
  std::vector<Epoch> feedback_marks{};   // the customer told of progress (respond, inform) or reopened, in order
  std::optional<Epoch> crisis_at{}, crisis_plan_at{};
  std::vector<HandoverTimes> handovers{};
};

struct ComplaintClocks {
  SlaClock first_response, resolution;  // stopped at the event, else running up to `now`
  std::optional<SlaClock> email_reply;  // an e-mail complaint: stopped by the first response
  // A delayed problem: the clock since the customer last heard of it, while responded to and unresolved
  // (stopped at the resolution); and how many earlier intervals between two tellings ran past the budget.
  std::optional<SlaClock> feedback;
  int feedback_breaches = 0;
  std::optional<SlaClock> crisis_plan;  // a crisis: stopped when its response plan is recorded
  std::vector<SlaClock> handovers;      // per decision item, in the order decided
  bool overdue = false;                 // still being worked on and a running clock is past its budget
  std::optional<Epoch> next_deadline;   // the earliest running deadline, while being worked on

  // Every clock stopped within its budget, and no feedback interval ran long.
  bool on_time() const;
  // Its timeliness is known: resolved, or a clock already past its budget.
  bool settled() const;
};

ComplaintClocks complaint_clocks(const SlaPolicy& policy, const ComplaintTimes& t, Epoch now);

// The resolution clock run up to `at` as if the complaint were still unresolved then, e.g. at
// the end of a report's period for a complaint resolved later.
SlaClock resolution_clock_at(const SlaPolicy& policy, const ComplaintTimes& t, Epoch at);

}  // namespace csdesk
