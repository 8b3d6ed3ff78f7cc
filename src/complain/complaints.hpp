#pragma once
// Complaints (投诉 / 顾客反馈) as a service: the decisions of `csdesk complain` against the
// database — taking a complaint (registering an unknown customer on the spot), each verb of the
// lifecycle with its edit and escalation, the follow-up revisit a resolution plans and a reopening
// cancels, and complaints listed and explained by their SLA clocks. Takes the texts as typed
// (errors name their flags) and returns rows; prints nothing and parses no command line.
#include <optional>
#include <string>
#include <vector>

#include "complain/care_scope.hpp"
#include "rules/complaint_sla.hpp"
#include "rules/normalise.hpp"
#include "store/complaints.hpp"
#include "store/customers.hpp"
#include "store/revisits.hpp"

namespace csdesk {

// A complaint as its tables show it, with its clocks at the scope's `now`.
struct ComplaintView {
  Complaint complaint;
  Customer customer;
  std::optional<std::string> handler, about;  // "3001 陈静"
  ComplaintClocks clocks;
  std::optional<std::string> raised_in_revisit{};  // show_complaint: the revisit it was raised in (回访客户投诉)
};

struct NewComplaint {
  std::string content, category, priority = "P3";
  std::string received_at;  // default: now
  std::string handler;      // default: the operator
  std::string about;        // the staff member complained about, if any
  std::string customer;     // KH… or id; or, for an unknown customer, its fields in new_customer
  RawContact new_customer;  // its channel is the complaint's too; the contact time defaults to received_at
};

struct ComplaintTaken {
  ComplaintView row;
  std::optional<RegisterResult> registered;  // the customer registered (or recognised) on the spot
};

// Checks the request, then in one transaction registers the customer if asked, numbers the
// complaint and logs it. Registering needs an operator (usage error otherwise).
ComplaintTaken take_complaint(const CareScope& scope, const NewComplaint& request);

// What a verb is given, as typed; each verb reads the fields it takes.
struct ComplaintVerb {
  std::string complaint;  // TS… or id
  std::string note, cause, measure, solution, to, reason;
  bool told_customer = false;  // update: the note was said to the customer (the feedback clock restarts)
  std::string expected_by;     // the handling time told to the customer (respond, update, inform)
  std::string department;      // decide, transfer, answer: one of complaint.departments
  std::string decision, plan;  // decide: the decision item; plan: the crisis's response plan
  std::string confirmed_by;    // close: who confirmed the outcome for the customer (客户确认)
};

struct ComplaintChanged {
  ComplaintView row;
  std::optional<Revisit> followup;  // planned by resolve (unless already planned)
  int cancelled_followups = 0;      // by reopen
};

// Each verb refuses a complaint in a status it may not start from (conflict, exit 5, naming the
// status) before any other check on the complaint, then edits, logs and audits it.
ComplaintChanged respond_to_complaint(const CareScope& scope, const ComplaintVerb& verb);  // first response
ComplaintChanged update_complaint(const CareScope& scope, const ComplaintVerb& verb);      // note, cause, measure, solution
ComplaintChanged assign_complaint(const CareScope& scope, const ComplaintVerb& verb);      // to another active handler
// One level up (handler → supervisor → manager); `to` must hold that level's role or be a manager.
ComplaintChanged escalate_complaint(const CareScope& scope, const ComplaintVerb& verb);
ComplaintChanged wait_on_customer(const CareScope& scope, const ComplaintVerb& verb);      // the clock stops
ComplaintChanged resume_complaint(const CareScope& scope, const ComplaintVerb& verb);      // the clock runs again
ComplaintChanged resolve_complaint(const CareScope& scope, const ComplaintVerb& verb);     // plans the follow-up
ComplaintChanged close_complaint(const CareScope& scope, const ComplaintVerb& verb);
ComplaintChanged reopen_complaint(const CareScope& scope, const ComplaintVerb& verb);      // cancels planned follow-ups
// Told the customer of progress (seed 003: a delayed problem is fed back within 24 hours): restarts
// the feedback clock; --expected-by records the handling time told (seed 000).
ComplaintChanged inform_customer(const CareScope& scope, const ComplaintVerb& verb);
// A crisis (危机事件, seed 002): its response plan is due within sla.crisis_response_hours, and it goes
// to the manager level at once (escalation level 2; `to` a manager or director takes it).
ComplaintChanged mark_crisis(const CareScope& scope, const ComplaintVerb& verb);
ComplaintChanged record_crisis_plan(const CareScope& scope, const ComplaintVerb& verb);  // stops the crisis clock
// Decision items for the responsible department (seed 002: handed over within 24 hours): decided
// (the handover clock starts), transferred (it stops; a transfer with nothing decided is decided and
// handed at once), answered by the department.
ComplaintChanged decide_for_department(const CareScope& scope, const ComplaintVerb& verb);
ComplaintChanged transfer_to_department(const CareScope& scope, const ComplaintVerb& verb);
ComplaintChanged record_department_answer(const CareScope& scope, const ComplaintVerb& verb);

// The three-level review (三级审核): signs off the solutions of complaints escalated to level 1
// (approve_level1) or 2 (approve_level2), so that they may be resolved; a log line and an audit row
// each. All or none, in one transaction: a complaint not escalated, already approved at its level,
// or past resolving is a conflict (5); one above the operator's level is not permitted (6).
std::vector<ComplaintView> approve_complaints(const CareScope& scope, const std::vector<std::string>& complaints,
                                              const std::string& note);

// The edits reopening and closing make, by hand or by a follow-up's satisfaction.
void mark_reopened(Complaint& c);
void mark_closed(Complaint& c, Epoch now);

// Refuses a verb not allowed from the complaint's status: conflict (exit 5) naming the status.
void require_verb(const Complaint& c, const std::string& verb);
// Moves the complaint, as edited by the caller, to the status `verb` leads to (refused as
// require_verb does), opens or ends its pending-customer pause, and writes it with a log line and
// an audit row. Returns it as written. Call inside a Transaction.
Complaint transition(const CareScope& scope, const Complaint& before, Complaint after, const std::string& verb,
                     const ComplaintNote& note);

struct ComplaintLogRow {
  ComplaintLogLine line;
  std::optional<std::string> handler;
};

struct ComplaintDetail {
  ComplaintView row;
  std::vector<ComplaintLogRow> log;
  std::vector<ComplaintHandover> handovers;
};
ComplaintDetail show_complaint(const CareScope& scope, const std::string& complaint);

struct PauseRow {
  Interval pause;
  std::int64_t working_time = 0;  // working seconds inside it, up to now while open
};

// How the clocks were computed: on what calendar, in which zone, with which pauses.
struct ComplaintSla {
  Complaint complaint;
  ComplaintClocks clocks;
  std::vector<ComplaintHandover> handovers;  // in the order of clocks.handovers
  std::string calendar, timezone;  // calendar: described in the current language
  std::string calendar_en;          // the same in English, for JSON (the same in every language)
  Epoch now = 0;
  std::vector<PauseRow> pauses;
  // The holidays skipped and make-up working days counted between its receipt and its last
  // deadline or stop (none around the clock).
  std::vector<CalendarException> calendar_days;
};
ComplaintSla explain_sla(const CareScope& scope, const std::string& complaint);

// Filters as typed; empty means any.
struct ComplaintQuery {
  std::string status, handler, priority, category, customer, since, until;
  bool overdue = false;   // only complaints past a running deadline
  std::string due_within;  // only complaints whose next deadline is within this time (2h, 1d)
};
std::vector<ComplaintView> list_complaints(const CareScope& scope, const ComplaintQuery& query);

}  // namespace csdesk
