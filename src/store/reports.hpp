#pragma once
// The report and score queries: raw counts and rows for one period, read with range queries on
// indexed time columns (schemas/003_report.sql). Figures are computed from these by
// src/rules/metrics.hpp; nothing here decides what a figure means.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "rules/complaint_sla.hpp"
#include "store/database.hpp"

namespace csdesk {

struct StaffRef {
  std::optional<std::int64_t> id;  // none: nobody (e.g. imported without an agent)
  std::string number, name;
};

struct IntakeCount {  // one agent × channel × city
  StaffRef agent;
  std::string channel, city;
  std::int64_t new_customers = 0, returning = 0, contacts = 0, within_limit = 0;
  std::int64_t time_unknown = 0;      // contacts registered without a contact time (never within the limit)
  std::int64_t notified_in_time = 0;  // contacts whose owner was notified within the limit of the contact time
};

struct AssignCount {  // one salesperson
  StaffRef sales;
  std::int64_t assigned = 0, urgent = 0, urgent_in_time = 0, reassigned_away = 0;
};
struct AssignData {
  std::vector<AssignCount> sales;
  std::int64_t pool_at_end = 0;
};

struct ComplaintRow {
  std::int64_t id = 0;
  Epoch received_at = 0;
  std::optional<Epoch> first_response_at, resolved_at, closed_at;
  std::string priority, category, cause, status;
  std::int64_t reopened_count = 0, escalation_level = 0;
  std::optional<std::int64_t> handler_id, about_staff_id;
  std::vector<std::pair<Epoch, Epoch>> pauses;  // waiting on the customer; an open pause ends at `now`
  std::string channel;
  std::optional<Epoch> crisis_at, crisis_plan_at;
  std::vector<Epoch> feedback_marks;            // respond, inform, reopen (complaints_opened only)
  std::vector<HandoverTimes> handovers;         // (complaints_opened only)

  ComplaintTimes times() const;  // what the SLA clock reads
};
struct ComplaintData {
  std::vector<ComplaintRow> opened;       // received in the period
  std::vector<ComplaintRow> open_at_end;  // received before the end, not resolved before it
  std::int64_t resolved = 0, closed = 0, reopened = 0;  // events in the period
};

struct RevisitAgentCount {
  StaffRef agent;
  std::int64_t done = 0, attempts = 0, reached = 0, scored = 0, satisfied = 0, score_sum = 0;
};
struct SatisfactionCount {
  std::int64_t scored = 0, satisfied = 0, score_sum = 0;
};
struct RevisitData {
  std::int64_t planned = 0, done = 0, overdue = 0, attempts = 0, reached = 0;
  SatisfactionCount satisfaction;
  std::vector<std::pair<std::string, std::int64_t>> factors;  // 回访问题因素, most frequent first
  std::vector<RevisitAgentCount> agents;
};

struct CustomerData {
  std::int64_t new_customers = 0, converted = 0, became_at_risk = 0, became_lost = 0;
  std::int64_t at_risk_now = 0, lost_now = 0;
  // The rates' counts (seed 001: 监控潜在客户、准流失客转化成功率), by category at a moment, read
  // back from the audit trail's category changes:
  // potential at the later of the period's start and the customer's registration, and of those the
  // ones changed from potential to active within the period;
  std::int64_t potential = 0, potential_converted = 0;
  // at-risk at the period's start (registered before it), and of those the ones active at its end.
  std::int64_t at_risk_at_start = 0, recovered = 0;
};

// Per staff member, for the score.
struct StaffMonth {
  std::int64_t registrations = 0;
  std::int64_t scored = 0, satisfied = 0;      // satisfaction scores attributed to the person
  double adjustment_points = 0;
  std::vector<std::string> adjustment_kinds;
};

struct ScoreAdjustment {
  std::int64_t id = 0;
  std::string number;  // KP202611-0001
  std::int64_t staff_id = 0;
  std::string staff_number, staff_name;
  std::string on_date;  // YYYY-MM-DD
  double points = 0;
  std::string kind, reason, operator_label;
  Epoch created_at = 0;
  std::string json() const;  // audit image
};

struct FrozenReport {
  std::string kind, period, payload, frozen_by;
  Epoch frozen_at = 0;
  // The audit chain's head when it was issued (rows 0 for one issued before schema 11): `check`
  // finds the chain truncated or rewritten if it no longer reaches this row with this digest.
  AuditHead chain{};
};

class ReportStore {
 public:
  explicit ReportStore(Database& db) : db_(db) {}
  Database& database() { return db_; }

  // Contacts registered in [begin, end); an owner notified within `limit_seconds` of the contact
  // (metrics::notified_in_time) by the first notification to the owner (assigned, reassigned,
  // returning) queued since the contact was registered, delivered (sent_at).
  std::vector<IntakeCount> intake(Epoch begin, Epoch end, std::int64_t limit_seconds);
  AssignData assignments(Epoch begin, Epoch end);
  ComplaintData complaints(Epoch begin, Epoch end, Epoch now);
  // Complaints received in the period, with their pauses.
  std::vector<ComplaintRow> complaints_opened(Epoch begin, Epoch end, Epoch now);
  RevisitData revisits(Epoch begin, Epoch end, int satisfied_min);
  SatisfactionCount satisfaction(Epoch begin, Epoch end, int satisfied_min);
  CustomerData customers(Epoch begin, Epoch end);

  // staff id → the month's figures; satisfaction counts for the customer's registering agent and
  // owner, and for the handler of the complaint a revisit follows up.
  std::vector<std::pair<std::int64_t, StaffMonth>> staff_months(Epoch begin, Epoch end, const std::string& first_day,
                                                                 const std::string& last_day, int satisfied_min);

  ScoreAdjustment add_adjustment(const ScoreAdjustment& a, const Actor& actor, Epoch now);
  // Adjustments dated between the two days (inclusive), optionally of one staff member.
  std::vector<ScoreAdjustment> adjustments(const std::string& first_day, const std::string& last_day,
                                           std::optional<std::int64_t> staff_id);

  std::optional<FrozenReport> frozen(const std::string& kind, const std::string& period);
  // Stores (or replaces, with --freeze again) the issued figures; audited.
  void freeze(const FrozenReport& report, const Actor& actor, Epoch now);

 private:
  Database& db_;
};

}  // namespace csdesk
