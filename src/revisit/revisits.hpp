#pragma once
// Revisits (回访) as a service: the decisions of `csdesk revisit` against the database —
// planning what is due (complaint follow-ups, routine by grade, occasions) and marking customers
// without contact at-risk, the worklist, logging a revisit with what its satisfaction does to the
// complaint it follows up and to its customer, listing, and satisfaction per agent and month.
// Takes the texts as typed (errors name their flags) and returns rows; prints nothing.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "complain/care_scope.hpp"
#include "rules/metrics.hpp"
#include "rules/revisit_plan.hpp"
#include "store/complaints.hpp"
#include "store/customers.hpp"
#include "store/revisits.hpp"
#include "store/staff.hpp"

namespace csdesk {

// A revisit as its tables show it.
struct RevisitView {
  Revisit revisit;
  Customer customer;
  std::optional<std::string> agent;      // who did it, else who it is allotted to: "4001 刘洋"
  std::optional<std::string> complaint;  // the number of the complaint it follows up
  bool overdue = false;                  // due before now
  std::optional<std::string> raised_complaint{};  // the number of the complaint raised during it (回访客户投诉)
};

// Who a planned revisit is allotted to (config revisit.agent_rule), among the active revisit
// agents ordered by employee number: round-robin, the one after the last allotted (the first when
// that one is gone); least-loaded, the one with the fewest planned revisits, ties to the first.
std::int64_t round_robin_agent(const std::vector<std::int64_t>& agents, std::optional<std::int64_t> last);
std::int64_t least_loaded_agent(const std::vector<std::int64_t>& agents, const std::map<std::int64_t, std::int64_t>& planned);

// Plans the follow-up revisit of a resolved complaint, due revisit.after_resolution_days after its
// resolution; nothing when that resolution's follow-up is already planned. Call inside a Transaction.
std::optional<Revisit> plan_followup(const CareScope& scope, const Complaint& complaint);

// Whether a customer in `category` becomes at-risk (准流失) when a warning sign shows: not when
// already at-risk, nor when lost.
bool turns_at_risk(const std::string& category);
// Marks the customer at-risk for `reason` when turns_at_risk; true when changed. Call inside a Transaction.
bool mark_at_risk(const CareScope& scope, std::int64_t customer_id, const std::string& reason);

struct RevisitsPlanned {
  std::vector<RevisitView> planned;
  bool unallotted = false;  // some new revisit has no agent: nobody active holds the revisit role
  int marked_at_risk = 0;   // customers without contact for customer.at_risk_no_contact_days
};
// Idempotent: planning twice plans nothing new.
RevisitsPlanned plan_due_revisits(const CareScope& scope);

struct WorklistQuery {
  std::string for_staff;                // a revisit agent's list (工号 or name)
  std::optional<Staff> operator_staff;  // without for_staff: the operator's list, if a revisit agent
  std::string within;                   // due within this time from now; default: by the end of today
};
// Planned revisits due, overdue first, then grade A, B, C.
std::vector<RevisitView> revisit_worklist(const CareScope& scope, const WorklistQuery& query);

struct RevisitLog {
  std::string revisit;   // a planned revisit (HF…), or else
  std::string customer;  // the customer of an unplanned one (then purpose is required)
  std::string method, purpose, content, result, satisfaction, problems;
  std::string reached = "yes";  // no: a failed attempt, counted; the revisit stays due
  std::vector<std::string> opinions;  // 回访客户意见: ITEM=TEXT, an item of revisit.opinion_items each
  std::string complaint;              // 回访客户投诉: the content of a complaint the customer raised in it
};

// What a scored follow-up did to its complaint.
struct ComplaintSettled {
  std::string complaint, status;  // its number, and its status when left as it was
  FollowUpOutcome outcome = FollowUpOutcome::keep;
  int score = 0;
  bool changed = false;  // false: its status allowed neither reopening nor closing
};

struct RevisitLogged {
  RevisitView row;
  bool reached = true;
  std::optional<ComplaintSettled> settled;
  std::optional<std::int64_t> at_risk_after_low_scores;  // the customer was marked at-risk after this many
  std::optional<Complaint> raised;  // the complaint raised during the revisit (channel revisit, linked to it)
};
// The opinion items (回访客户意见表) of revisit.opinion_items, in their order.
std::vector<std::string> opinion_items(const Config& config);

// One attempt at a revisit; a reached one with a score settles the complaint it follows up
// (reopened at or below revisit.satisfaction_floor, closed at or above revisit.satisfied_min) and
// marks the customer at-risk after customer.at_risk_low_scores low scores in a row. A reached one
// records the customer's opinions per item, and a complaint raised during it (Permission::complain_open)
// is taken in the same transaction: channel revisit, handled by the operator, linked to the revisit.
RevisitLogged log_revisit(const CareScope& scope, const RevisitLog& request);

// Filters as typed; empty means any.
struct RevisitQuery {
  std::string status, agent, customer, complaint, purpose, since, until;
};
std::vector<RevisitView> list_revisits(const CareScope& scope, const RevisitQuery& query);

struct SatisfactionRow {
  std::string month;                // 2026-11
  std::optional<std::string> agent;  // nothing: the whole department; "(none)" for revisits logged by nobody
  std::int64_t scored = 0, satisfied = 0;
  metrics::Figure satisfaction_rate, csi;
};
// Per month, the department first, then each agent; `months` months ending with `month` (default this month).
std::vector<SatisfactionRow> satisfaction_by_agent(const CareScope& scope, const std::string& month,
                                                   const std::string& months);

}  // namespace csdesk
