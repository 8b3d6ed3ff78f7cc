#pragma once
// Revisits (回访): planned (idempotent by plan_key) or logged on the spot, their attempts and
// problem factors (回访问题因素); allotment to revisit agents; a customer's at-risk category.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "rules/revisit_plan.hpp"
#include "store/customers.hpp"
#include "store/database.hpp"

namespace csdesk {

struct Revisit {
  std::int64_t id = 0;
  std::string number;  // HF202611-0001
  std::int64_t customer_id = 0;
  std::optional<std::int64_t> complaint_id;
  std::string purpose = "routine";
  std::optional<std::string> plan_key;
  std::optional<Epoch> planned_at, due_at;
  std::optional<std::int64_t> agent_id;
  std::string status = "planned";  // planned, done, cancelled
  std::int64_t attempts = 0;
  std::optional<std::string> method, content, result;
  std::optional<std::int64_t> satisfaction;
  std::optional<Epoch> done_at;
  std::optional<std::int64_t> done_by;
  std::vector<std::string> problems;
  // 回访客户意见: the customer's opinion per item of revisit.opinion_items, in the items' order.
  std::vector<std::pair<std::string, std::string>> opinions;

  std::string json() const;  // audit image
};

struct RevisitFilter {
  std::optional<std::string> status, purpose;
  std::optional<std::int64_t> agent_id, customer_id, complaint_id;
  std::optional<Epoch> due_until;      // planned revisits due before this time
  std::optional<Epoch> since, until;   // done_at, or due_at while not done, in [since, until)
};

// One scored revisit, for satisfaction figures.
struct ScoredRevisit {
  std::optional<std::int64_t> agent_id;  // who logged it (done_by), as the monthly report counts it
  Epoch done_at = 0;
  int score = 0;
};

class RevisitStore {
 public:
  explicit RevisitStore(Database& db) : db_(db) {}

  // All of these write inside the caller's Transaction.
  // Numbers and stores a revisit, planned (with a plan_key) or made without a plan.
  Revisit create(const Revisit& r, const Actor& actor, Epoch now);
  // Records one attempt (reached or not) and the revisit's new state.
  void record(const Revisit& before, const Revisit& after, bool reached, const Actor& actor, Epoch now);
  // Cancels a complaint's follow-ups still planned (the complaint was reopened by hand).
  int cancel_followups(std::int64_t complaint_id, const Actor& actor, Epoch now);
  // Sets the customer's category to at-risk (准流失), recording why in its history.
  void set_at_risk(const Customer& before, const std::string& reason, const Actor& actor, Epoch now);

  // 回访客户投诉: links the complaint raised during a revisit to it (one per revisit).
  void link_complaint(std::int64_t revisit_id, std::int64_t complaint_id);
  // The complaint raised during the revisit, and the revisit a complaint was raised in.
  std::optional<std::int64_t> raised_complaint(std::int64_t revisit_id);
  std::optional<std::int64_t> raised_in(std::int64_t complaint_id);
  // Revisits during which a complaint was raised, with it: (revisit id, complaint id), oldest first.
  std::vector<std::pair<std::int64_t, std::int64_t>> raised_complaints();

  // Whether a revisit with this plan_key exists: planning it again plans nothing.
  bool planned(const std::string& plan_key);
  // Planned revisits per agent, and the agent the last revisit was allotted to.
  std::map<std::int64_t, std::int64_t> planned_per_agent();
  std::optional<std::int64_t> last_allotted();
  void set_last_allotted(std::int64_t staff_id);

  std::optional<Revisit> find(const std::string& ref);  // HF number or plain id
  Revisit get(const std::string& ref);                  // throws not_found (4)
  std::vector<Revisit> list(const RevisitFilter& filter);
  // Customers as planning sees them, with their last contact (registration, contacts, complaints, revisits).
  std::vector<PlanCustomer> plan_customers();
  // Satisfaction scores given (newest first) by a customer.
  std::vector<int> recent_scores(std::int64_t customer_id);
  std::vector<ScoredRevisit> scored(Epoch since, Epoch until);

 private:
  Database& db_;
};

}  // namespace csdesk
