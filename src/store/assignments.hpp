#pragma once
// Assignments (分配): customer → salesperson or the unclaimed pool, with who, when, rule and
// reason; round-robin cursors shared by every process; the notifications they produce.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "store/customers.hpp"
#include "store/database.hpp"

namespace csdesk {

struct Assignment {
  std::int64_t id = 0;
  std::string number;  // FP202611-0001
  std::int64_t customer_id = 0;
  std::optional<std::int64_t> staff_id;  // none: the pool
  std::optional<std::int64_t> previous_staff_id;
  Epoch at = 0;
  std::string operator_label;  // staff number or "system"
  std::string rule, reason;
  bool urgent = false;
  std::optional<Epoch> deadline, contacted_at, superseded_at;
  std::optional<std::int64_t> contacted_by;

  std::string json() const;  // audit image
};

// An assignment with the names a listing shows.
struct AssignmentView {
  Assignment a;
  std::string customer_number, customer_name;
  std::optional<std::string> company, city, needs, phone;
  std::optional<std::string> staff_number, staff_name, previous_staff_number, contacted_by_number;
};

struct NewAssignment {
  std::int64_t customer_id = 0;
  std::optional<std::int64_t> staff_id;
  std::string rule, reason;
  bool urgent = false;
  std::optional<Epoch> deadline;
};

struct AssignmentFilter {
  std::optional<std::int64_t> staff_id;
  std::optional<Epoch> since, until;  // assignment time, [since, until)
  std::optional<std::string> rule;
  bool urgent = false;
  std::optional<Epoch> overdue_at;    // current, urgent, not contacted, deadline before this time
  bool current_only = false;
  std::optional<std::int64_t> customer_id;
};

class AssignmentStore {
 public:
  explicit AssignmentStore(Database& db) : db_(db) {}

  // Customers waiting for an allocation decision, by id after `after_id`: no owner and not in
  // the pool (or in it, with `include_pool`); an owner deactivated or out of sales; or a contact
  // registered since their current assignment (a returning customer). Call inside the write
  // transaction that assigns them.
  std::vector<std::int64_t> waiting(std::int64_t after_id, std::int64_t limit, bool include_pool);
  // Whether the customer has called again since registering (allocation rule 1's wording).
  bool has_returned(std::int64_t customer_id);
  // Whether register already told this owner of the customer's latest contact.
  bool owner_told_of_latest_contact(std::int64_t customer_id, std::int64_t staff_id);
  // Urgent and not yet contacted since the latest urgent call: the assignment gets a deadline.
  bool needs_urgent_contact(const Customer& c);
  // Current assignments per staff id made within [begin, end) of customers not lost.
  std::map<std::int64_t, std::int64_t> open_loads(Epoch begin, Epoch end);

  // Round-robin cursors: scope → employee number of the last one given work.
  std::map<std::string, std::string> cursors();
  void set_cursor(const std::string& scope, std::int64_t staff_id);

  std::optional<Assignment> current(std::int64_t customer_id);
  // Supersedes the current assignment, records the new one, sets the customer's owner or pool
  // flag; audits each. Call inside a Transaction.
  Assignment record(const NewAssignment& n, const Actor& actor, Epoch now);
  // One current assignment for a customer that merging gave several: the newest of `owner` (none:
  // the pool) stays, the others are superseded (audited) and returned. Call inside a Transaction.
  std::vector<Assignment> keep_one_current(std::int64_t customer_id, const std::optional<std::int64_t>& owner,
                                           const Actor& actor, Epoch now);
  // Records contact with the customer on its current assignment. Call inside a Transaction.
  Assignment record_contact(const Assignment& a, std::int64_t by, Epoch at, const Actor& actor, Epoch now);

  std::vector<AssignmentView> list(const AssignmentFilter& filter);

 private:
  Database& db_;
};

struct Notification {
  std::int64_t id = 0;
  Epoch at = 0;
  std::optional<std::int64_t> staff_id, customer_id, assignment_id;
  std::string kind, payload;
  std::string status = "pending";  // pending, sent
  std::int64_t attempts = 0;
  std::optional<std::string> last_error;
  std::optional<Epoch> sent_at;
};

class NotificationStore {
 public:
  explicit NotificationStore(Database& db) : db_(db) {}
  // Call inside a Transaction.
  std::int64_t add(const Notification& n, const Actor& actor);
  std::vector<Notification> pending();
  // Takes pending notifications (those of `ids`, or all when none are given) for delivery by
  // `token`, skipping any held by another deliverer that `alive` says still runs. The hold is
  // bookkeeping, not a change of the record, so it is not audited. Call inside a Transaction.
  std::vector<Notification> claim(const std::optional<std::vector<std::int64_t>>& ids, const std::string& token,
                                  bool (*alive)(const std::string& token));
  // Delivery outcomes, releasing the hold; call inside a Transaction.
  void mark_sent(std::int64_t id, Epoch at, const Actor& actor);
  void mark_failed(std::int64_t id, const std::string& error, Epoch at, const Actor& actor);

 private:
  Database& db_;
};

}  // namespace csdesk
