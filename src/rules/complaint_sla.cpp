#include "rules/complaint_sla.hpp"

#include <algorithm>

#include "rules/complaint_state.hpp"
#include "util/error.hpp"

namespace csdesk {
namespace {

std::int64_t budget_of(const std::map<std::string, std::int64_t>& budgets, const std::string& priority,
                       const char* clock) {
  auto it = budgets.find(priority);
  if (it == budgets.end()) fail(ErrorKind::internal, "no {} budget for complaint priority '{}'", clock, priority);
  return it->second;
}

bool within(const SlaClock& c) { return c.stopped && !c.breached; }

// The feedback clock of a delayed problem: one interval from each telling to the next (or to the
// resolution, or to now while unresolved). The first interval starts at the first response.
void feedback_clocks(const SlaPolicy& policy, const ComplaintTimes& t, Epoch now, ComplaintClocks& c) {
  if (policy.feedback_budget <= 0 || !t.first_response_at) return;
  std::vector<Epoch> marks;
  for (Epoch m : t.feedback_marks)
    if (m >= *t.first_response_at && m <= now) marks.push_back(m);
  if (marks.empty() || marks.front() != *t.first_response_at) marks.insert(marks.begin(), *t.first_response_at);
  std::sort(marks.begin(), marks.end());
  Epoch end = t.resolved_at.value_or(now);
  for (size_t i = 0; i < marks.size() && marks[i] <= end; ++i) {
    bool last = i + 1 == marks.size() || marks[i + 1] > end;
    Epoch stop = last ? end : marks[i + 1];
    SlaClock clock = sla_clock(policy.calendar, marks[i], policy.feedback_budget, t.pauses, stop,
                               !last || t.resolved_at.has_value());
    if (!last) {
      c.feedback_breaches += clock.breached;
      continue;
    }
    c.feedback = clock;
  }
}

}  // namespace

std::int64_t SlaPolicy::first_response_limit(const std::string& priority) const {
  return budget_of(first_response_budget, priority, "first-response");
}
std::int64_t SlaPolicy::resolution_limit(const std::string& priority) const {
  return budget_of(resolution_budget, priority, "resolution");
}

bool ComplaintClocks::on_time() const {
  if (!within(first_response) || !within(resolution) || feedback_breaches > 0) return false;
  if (email_reply && !within(*email_reply)) return false;
  if (feedback && !within(*feedback)) return false;
  if (crisis_plan && !within(*crisis_plan)) return false;
  return std::all_of(handovers.begin(), handovers.end(), within);
}

bool ComplaintClocks::settled() const {
  if (resolution.stopped || resolution.breached || first_response.breached || feedback_breaches > 0) return true;
  if (email_reply && email_reply->breached) return true;
  if (feedback && feedback->breached) return true;
  if (crisis_plan && crisis_plan->breached) return true;
  return std::any_of(handovers.begin(), handovers.end(), [](const SlaClock& h) { return h.breached; });
}

ComplaintClocks complaint_clocks(const SlaPolicy& policy, const ComplaintTimes& t, Epoch now) {
  const WorkCalendar& cal = policy.calendar;
  ComplaintClocks c;
  c.first_response = sla_clock(cal, t.received_at, policy.first_response_limit(t.priority), t.pauses,
                               t.first_response_at.value_or(now), t.first_response_at.has_value());
  c.resolution = sla_clock(cal, t.received_at, policy.resolution_limit(t.priority), t.pauses,
                           t.resolved_at.value_or(now), t.resolved_at.has_value());
  if (t.channel == "email" && policy.email_reply_budget > 0)
    c.email_reply = sla_clock(cal, t.received_at, policy.email_reply_budget, t.pauses,
                              t.first_response_at.value_or(now), t.first_response_at.has_value());
  feedback_clocks(policy, t, now, c);
  // A crisis does not wait for the working day: its plan is due in elapsed hours.
  if (t.crisis_at && policy.crisis_budget > 0)
    c.crisis_plan = sla_clock(WorkCalendar{}, *t.crisis_at, policy.crisis_budget, {},
                              t.crisis_plan_at.value_or(std::max(now, *t.crisis_at)), t.crisis_plan_at.has_value());
  if (policy.handover_budget > 0)
    for (const auto& h : t.handovers)
      c.handovers.push_back(sla_clock(cal, h.decided_at, policy.handover_budget, {},
                                      h.handed_at.value_or(std::max(now, h.decided_at)), h.handed_at.has_value()));

  if (complaint_is_active(t.status)) {
    std::vector<const SlaClock*> running;
    bool awaiting_response = !t.first_response_at;
    if (awaiting_response) running.push_back(&c.first_response);
    if (awaiting_response && c.email_reply) running.push_back(&*c.email_reply);
    running.push_back(&c.resolution);
    if (c.feedback && !c.feedback->stopped) running.push_back(&*c.feedback);
    if (c.crisis_plan && !c.crisis_plan->stopped) running.push_back(&*c.crisis_plan);
    for (const auto& h : c.handovers)
      if (!h.stopped) running.push_back(&h);
    for (const SlaClock* clock : running) {
      c.overdue = c.overdue || clock->breached;
      c.next_deadline = c.next_deadline ? std::min(*c.next_deadline, clock->deadline) : clock->deadline;
    }
  }
  return c;
}

SlaClock resolution_clock_at(const SlaPolicy& policy, const ComplaintTimes& t, Epoch at) {
  return sla_clock(policy.calendar, t.received_at, policy.resolution_limit(t.priority), t.pauses, at, false);
}

}  // namespace csdesk
