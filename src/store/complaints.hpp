#pragma once
// Complaints (投诉 / 顾客反馈), their progress log (the feedback record: date, content, measures,
// handler, status) and pending-customer pauses. Overdue is computed from the clock, never stored.
#include <optional>
#include <string>
#include <vector>

#include "rules/sla.hpp"
#include "store/database.hpp"

namespace csdesk {

struct Complaint {
  std::int64_t id = 0;
  std::string number;  // TS202611-0001
  std::int64_t customer_id = 0;
  std::string content;
  std::optional<std::string> category;
  std::string priority = "P3";
  std::optional<std::string> channel;
  Epoch received_at = 0;
  std::optional<std::int64_t> handler_id, about_staff_id;
  std::string status = "open";
  int escalation_level = 0;
  std::optional<std::string> cause, measure, solution;
  std::optional<Epoch> first_response_at, resolved_at, closed_at;
  std::int64_t reopened_count = 0;
  std::optional<std::int64_t> satisfaction;
  Epoch created_at = 0;
  std::optional<Epoch> crisis_at, crisis_plan_at, expected_by;
  std::optional<std::string> crisis_plan, confirmed_by;

  std::string json() const;  // audit image
};

struct ComplaintLogLine {
  Epoch at = 0;
  std::string actor, action, status_after;
  std::optional<std::string> content, measure;
  std::optional<std::int64_t> handler_id;
};

// A decision item handed to the responsible department (决议事项 → 责任部门).
struct ComplaintHandover {
  std::int64_t id = 0, complaint_id = 0;
  std::string department, decision;
  Epoch decided_at = 0;
  std::optional<Epoch> handed_at, answered_at;
  std::optional<std::string> answer;
};

// What a change writes to the progress log besides the status.
struct ComplaintNote {
  std::optional<std::string> content, measure;
};

struct ComplaintFilter {
  std::optional<std::string> status, priority, category;
  std::optional<std::int64_t> handler_id, customer_id;
  std::optional<Epoch> since, until;  // received_at in [since, until)
};

class ComplaintStore {
 public:
  explicit ComplaintStore(Database& db) : db_(db) {}

  // Call inside a Transaction. Numbers the complaint, writes the 'new' log line and the audit row.
  Complaint create(const Complaint& c, const Actor& actor, Epoch now);
  // Writes the complaint as changed by `verb`, a log line and an audit row. Call inside a Transaction.
  void change(const Complaint& before, const Complaint& after, const std::string& verb, const ComplaintNote& note,
              const Actor& actor, Epoch now);
  // A pending-customer pause starting at `now` (continued when one ended at that very second),
  // and the end of the open one.
  void open_pause(std::int64_t complaint_id, Epoch now);
  void end_pause(std::int64_t complaint_id, Epoch now);

  std::optional<Complaint> find(const std::string& ref);  // TS number or plain id
  Complaint get(const std::string& ref);                  // throws not_found (4)
  std::optional<Complaint> by_id(std::int64_t id);
  std::vector<Complaint> list(const ComplaintFilter& filter);
  std::vector<ComplaintLogLine> log(std::int64_t complaint_id);
  // The actions of its progress log in the order they were written (whatever --now said).
  std::vector<std::string> actions(std::int64_t complaint_id);
  std::vector<Interval> pauses(std::int64_t complaint_id);
  // When the customer was told of its progress (respond, inform) or it was reopened, in order.
  std::vector<Epoch> feedback_marks(std::int64_t complaint_id);

  std::vector<ComplaintHandover> handovers(std::int64_t complaint_id);
  // Call inside a Transaction, with the complaint's change (log line, audit row) written by the caller.
  ComplaintHandover add_handover(const ComplaintHandover& h);
  void mark_handed(std::int64_t handover_id, Epoch at);
  void mark_answered(std::int64_t handover_id, const std::string& answer, Epoch at);

 private:
  void write_log(const Complaint& c, const std::string& action, const ComplaintNote& note, const Actor& actor, Epoch now);
  Database& db_;
};

}  // namespace csdesk
