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

}  // namespace

std::int64_t SlaPolicy::first_response_limit(const std::string& priority) const {
  return budget_of(first_response_budget, priority, "first-response");
}
std::int64_t SlaPolicy::resolution_limit(const std::string& priority) const {
  return budget_of(resolution_budget, priority, "resolution");
}

bool ComplaintClocks::on_time() const {
  return first_response.stopped && resolution.stopped && !first_response.breached && !resolution.breached;
}
bool ComplaintClocks::settled() const { return resolution.stopped || resolution.breached; }

ComplaintClocks complaint_clocks(const SlaPolicy& policy, const ComplaintTimes& t, Epoch now) {
  const WorkCalendar& cal = policy.calendar;
  ComplaintClocks c;
  c.first_response = sla_clock(cal, t.received_at, policy.first_response_limit(t.priority), t.pauses,
                               t.first_response_at.value_or(now), t.first_response_at.has_value());
  c.resolution = sla_clock(cal, t.received_at, policy.resolution_limit(t.priority), t.pauses,
                           t.resolved_at.value_or(now), t.resolved_at.has_value());
  if (complaint_is_active(t.status)) {
    bool awaiting_response = !t.first_response_at;
    c.overdue = (awaiting_response && c.first_response.breached) || c.resolution.breached;
    c.next_deadline = awaiting_response ? std::min(c.first_response.deadline, c.resolution.deadline)
                                        : c.resolution.deadline;
  }
  return c;
}

SlaClock resolution_clock_at(const SlaPolicy& policy, const ComplaintTimes& t, Epoch at) {
  return sla_clock(policy.calendar, t.received_at, policy.resolution_limit(t.priority), t.pauses, at, false);
}

}  // namespace csdesk
