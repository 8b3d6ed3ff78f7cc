#include "store/reports.hpp"


#include <fmt/format.h>

#include "store/dialect.hpp"
#include "store/sql_values.hpp"

#include <algorithm>
#include <map>

#include "util/error.hpp"
#include "util/json.hpp"

namespace csdesk {

ComplaintTimes ComplaintRow::times() const {
  ComplaintTimes t{priority, status, received_at, first_response_at, resolved_at, {}};
  t.pauses.reserve(pauses.size());
  for (auto [begin, end] : pauses) t.pauses.push_back({begin, end});
  t.channel = channel;
  t.feedback_marks = feedback_marks;
  t.crisis_at = crisis_at;
  t.crisis_plan_at = crisis_plan_at;
  t.handovers = handovers;
  return t;
}
namespace {

std::string text_or(const sql::Value& c, const char* fallback) {
  return c.is_null() ? std::string(fallback) : c.text();
}
// Reads (id, number, name) starting at column i; all NULL means nobody.
StaffRef staff_ref(sql::Statement& q, int i) {
  StaffRef s;
  s.id = sql::opt_int(q.column(i));
  s.number = text_or(q.column(i + 1), "");
  s.name = text_or(q.column(i + 2), "");
  return s;
}

const char* kComplaintColumns =
    "c.id, c.received_at, c.first_response_at, c.resolved_at, c.closed_at, c.priority, c.category, c.cause, "
    "c.status, c.reopened_count, c.escalation_level, c.handler_id, c.about_staff_id, c.channel, c.crisis_at, "
    "c.crisis_plan_at";

ComplaintRow read_complaint(sql::Statement& q) {
  ComplaintRow r;
  r.id = q.column(0).int64();
  r.received_at = q.column(1).int64();
  r.first_response_at = sql::opt_int(q.column(2));
  r.resolved_at = sql::opt_int(q.column(3));
  r.closed_at = sql::opt_int(q.column(4));
  r.priority = q.column(5).text();
  r.category = text_or(q.column(6), "");
  r.cause = text_or(q.column(7), "");
  r.status = q.column(8).text();
  r.reopened_count = q.column(9).int64();
  r.escalation_level = q.column(10).int64();
  r.handler_id = sql::opt_int(q.column(11));
  r.about_staff_id = sql::opt_int(q.column(12));
  r.channel = text_or(q.column(13), "");
  r.crisis_at = sql::opt_int(q.column(14));
  r.crisis_plan_at = sql::opt_int(q.column(15));
  return r;
}

// Attaches the pauses of the complaints that `ids_sql` selects (parameters ?1, ?2; ?3 is now).
void attach_pauses(sql::Connection& db, std::vector<ComplaintRow>& rows, const std::string& ids_sql, Epoch a, Epoch b,
                   Epoch now) {
  if (rows.empty()) return;
  std::map<std::int64_t, ComplaintRow*> by_id;
  for (auto& r : rows) by_id[r.id] = &r;
  sql::Statement q(db, "SELECT complaint_id, started_at, COALESCE(ended_at, ?3) FROM complaint_pauses "
                          "WHERE complaint_id IN (" + ids_sql + ")");
  q.bind(1, a);
  q.bind(2, b);
  q.bind(3, now);
  while (q.step()) {
    auto it = by_id.find(q.column(0).int64());
    if (it != by_id.end()) it->second->pauses.emplace_back(q.column(1).int64(), q.column(2).int64());
  }
}

// Attaches what the feedback and handover clocks read to the complaints received in [a, b).
void attach_clock_events(sql::Connection& db, std::vector<ComplaintRow>& rows, Epoch a, Epoch b) {
  if (rows.empty()) return;
  std::map<std::int64_t, ComplaintRow*> by_id;
  for (auto& r : rows) by_id[r.id] = &r;
  const char* ids = "SELECT id FROM complaints WHERE received_at >= ?1 AND received_at < ?2";
  sql::Statement marks(db, std::string("SELECT complaint_id, at FROM complaint_log WHERE complaint_id IN (") + ids +
                                  ") AND action IN ('respond', 'inform', 'reopen') ORDER BY complaint_id, at, id");
  marks.bind(1, a);
  marks.bind(2, b);
  while (marks.step()) {
    auto it = by_id.find(marks.column(0).int64());
    if (it != by_id.end()) it->second->feedback_marks.push_back(marks.column(1).int64());
  }
  sql::Statement handed(db, std::string("SELECT complaint_id, department, decided_at, handed_at FROM "
                                           "complaint_handovers WHERE complaint_id IN (") + ids +
                                   ") ORDER BY complaint_id, decided_at, id");
  handed.bind(1, a);
  handed.bind(2, b);
  while (handed.step()) {
    auto it = by_id.find(handed.column(0).int64());
    if (it != by_id.end())
      it->second->handovers.push_back(
          {handed.column(1).text(), handed.column(2).int64(), sql::opt_int(handed.column(3))});
  }
}

// Most report queries cover a period [begin, end): parameters 1 and 2 are its bounds.
void bind_period(sql::Statement& q, Epoch begin, Epoch end) {
  q.bind(1, begin);
  q.bind(2, end);
}

std::int64_t count(sql::Connection& db, const char* sql, Epoch begin, Epoch end) {
  sql::Statement q(db, sql);
  bind_period(q, begin, end);
  q.step();
  return q.column(0).int64();
}

ScoreAdjustment read_adjustment(sql::Statement& q) {
  ScoreAdjustment a;
  a.id = q.column(0).int64();
  a.number = q.column(1).text();
  a.staff_id = q.column(2).int64();
  a.staff_number = q.column(3).text();
  a.staff_name = q.column(4).text();
  a.on_date = q.column(5).text();
  a.points = q.column(6).real();
  a.kind = q.column(7).text();
  a.reason = q.column(8).text();
  a.operator_label = q.column(9).text();
  a.created_at = q.column(10).int64();
  return a;
}

}  // namespace

std::string ScoreAdjustment::json() const {
  JsonObject o;
  o.add("number", number).add("staff", staff_number).add("on_date", on_date).add("points", points);
  o.add("kind", kind).add("reason", reason).add("operator", operator_label);
  return o.str();
}

std::vector<IntakeCount> ReportStore::intake(Epoch begin, Epoch end, std::int64_t limit_seconds) {
  // New customers come from the customers table (a customer merged into another was a duplicate
  // and does not count); returning contacts and the 5-minute share from the contact log.
  sql::Statement q(db_.sql(),
                      "SELECT s.id, s.number, s.name, x.channel, x.city, SUM(x.new_customers), SUM(x.returned), "
                      "SUM(x.contacts), SUM(x.within_limit), SUM(x.unknown), SUM(x.notified) FROM ("
                      "  SELECT registered_by AS agent_id, channel, city, 1 AS new_customers, 0 AS returned, "
                      "         0 AS contacts, 0 AS within_limit, 0 AS unknown, 0 AS notified FROM customers "
                      "  WHERE registered_at >= ?1 AND registered_at < ?2 AND merged_into IS NULL "
                      "  UNION ALL "
                      "  SELECT k.agent_id, k.channel, cu.city, 0, CASE WHEN k.kind = 'returning' THEN 1 ELSE 0 END, 1, k.within_limit, "
                      "         1 - k.time_known, "
                      "         CASE WHEN k.time_known = 1 AND (SELECT min(n.sent_at) FROM notifications n "
                      "           WHERE n.customer_id = k.customer_id AND n.at >= k.registered_at AND n.status = 'sent' "
                      "             AND n.staff_id IS NOT NULL AND n.kind IN ('assigned', 'reassigned', 'returning')) "
                      "           - k.contacted_at <= ?3 THEN 1 ELSE 0 END "
                      "  FROM contact_log k JOIN customers cu ON cu.id = k.customer_id "
                      "  WHERE k.registered_at >= ?1 AND k.registered_at < ?2"
                      ") x LEFT JOIN staff s ON s.id = x.agent_id GROUP BY x.agent_id, s.id, s.number, s.name, x.channel, x.city "
                      "ORDER BY s.number, x.channel, x.city");
  bind_period(q, begin, end);
  q.bind(3, static_cast<int64_t>(limit_seconds));
  std::vector<IntakeCount> out;
  while (q.step()) {
    IntakeCount c;
    c.agent = staff_ref(q, 0);
    c.channel = text_or(q.column(3), "");
    c.city = text_or(q.column(4), "");
    c.new_customers = q.column(5).int64();
    c.returning = q.column(6).int64();
    c.contacts = q.column(7).int64();
    c.within_limit = q.column(8).int64();
    c.time_unknown = q.column(9).int64();
    c.notified_in_time = q.column(10).int64();
    out.push_back(std::move(c));
  }
  return out;
}

AssignData ReportStore::assignments(Epoch begin, Epoch end) {
  AssignData d;
  sql::Statement q(db_.sql(),
                      "SELECT s.id, s.number, s.name, SUM(x.assigned), SUM(x.urgent), SUM(x.in_time), SUM(x.away) FROM ("
                      "  SELECT staff_id AS who, 1 AS assigned, urgent, "
                      "         CASE WHEN urgent = 1 AND contacted_at IS NOT NULL AND contacted_at <= deadline THEN 1 ELSE 0 END AS in_time, "
                      "         0 AS away "
                      "  FROM assignments WHERE at >= ?1 AND at < ?2 AND staff_id IS NOT NULL "
                      "  UNION ALL "
                      "  SELECT previous_staff_id, 0, 0, 0, 1 FROM assignments "
                      "  WHERE at >= ?1 AND at < ?2 AND previous_staff_id IS NOT NULL "
                      "    AND (staff_id IS NULL OR staff_id <> previous_staff_id)"
                      ") x JOIN staff s ON s.id = x.who GROUP BY x.who, s.id, s.number, s.name ORDER BY s.number");
  bind_period(q, begin, end);
  while (q.step()) {
    AssignCount c;
    c.sales = staff_ref(q, 0);
    c.assigned = q.column(3).int64();
    c.urgent = q.column(4).int64();
    c.urgent_in_time = q.column(5).int64();
    c.reassigned_away = q.column(6).int64();
    d.sales.push_back(std::move(c));
  }
  sql::Statement pool(db_.sql(),
                         "SELECT COUNT(*) FROM assignments WHERE staff_id IS NULL AND at < ?1 "
                         "AND (superseded_at IS NULL OR superseded_at >= ?1)");
  pool.bind(1, end);
  pool.step();
  d.pool_at_end = pool.column(0).int64();
  return d;
}

std::vector<ComplaintRow> ReportStore::complaints_opened(Epoch begin, Epoch end, Epoch now) {
  std::vector<ComplaintRow> rows;
  sql::Statement q(db_.sql(), std::string("SELECT ") + kComplaintColumns +
                                     " FROM complaints c WHERE c.received_at >= ? AND c.received_at < ? ORDER BY c.id");
  bind_period(q, begin, end);
  while (q.step()) rows.push_back(read_complaint(q));
  attach_pauses(db_.sql(), rows, "SELECT id FROM complaints WHERE received_at >= ?1 AND received_at < ?2", begin, end,
                now);
  attach_clock_events(db_.sql(), rows, begin, end);
  return rows;
}

ComplaintData ReportStore::complaints(Epoch begin, Epoch end, Epoch now) {
  ComplaintData d;
  auto& db = db_.sql();
  d.opened = complaints_opened(begin, end, now);
  {
    // Still unresolved, and resolved only after the end: the latter were received no earlier than
    // the longest resolution so far before the end, which keeps both index ranges near the period.
    sql::Statement longest(db, "SELECT COALESCE(MAX(resolved_at - received_at), 0) FROM complaints "
                                  "WHERE resolved_at IS NOT NULL");
    longest.step();
    Epoch earliest = end - longest.column(0).int64() - 1;
    auto open_at_end = [](const std::string& columns) {
      return "SELECT " + columns + " FROM complaints c WHERE c.resolved_at IS NULL AND c.received_at < ?2 "
             "UNION ALL SELECT " + columns + " FROM complaints c "
             "WHERE c.received_at >= ?1 AND c.received_at < ?2 AND c.resolved_at >= ?2";
    };
    sql::Statement q(db, open_at_end(kComplaintColumns));
    q.bind(1, earliest);
    q.bind(2, end);
    while (q.step()) d.open_at_end.push_back(read_complaint(q));
    attach_pauses(db, d.open_at_end, open_at_end("c.id"), earliest, end, now);
  }
  d.resolved = count(db, "SELECT COUNT(*) FROM complaints WHERE resolved_at >= ? AND resolved_at < ?", begin, end);
  d.closed = count(db, "SELECT COUNT(*) FROM complaints WHERE closed_at >= ? AND closed_at < ?", begin, end);
  d.reopened = count(db, "SELECT COUNT(*) FROM complaint_log WHERE action = 'reopen' AND at >= ? AND at < ?", begin, end);
  return d;
}

SatisfactionCount ReportStore::satisfaction(Epoch begin, Epoch end, int satisfied_min) {
  sql::Statement q(db_.sql(),
                      "SELECT COUNT(satisfaction), COALESCE(SUM(CASE WHEN satisfaction >= ?3 THEN 1 ELSE 0 END), 0), "
                      "COALESCE(SUM(satisfaction), 0) "
                      "FROM revisits WHERE done_at >= ?1 AND done_at < ?2");
  bind_period(q, begin, end);
  q.bind(3, satisfied_min);
  q.step();
  return {q.column(0).int64(), q.column(1).int64(), q.column(2).int64()};
}

RevisitData ReportStore::revisits(Epoch begin, Epoch end, int satisfied_min) {
  RevisitData d;
  auto& db = db_.sql();
  {
    sql::Statement q(db,
                        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN done_at IS NULL OR done_at > due_at THEN 1 ELSE 0 END), 0) "
                        "FROM revisits "
                        "WHERE status IN ('planned', 'done') AND due_at >= ? AND due_at < ?");
    bind_period(q, begin, end);
    q.step();
    d.planned = q.column(0).int64();
    d.overdue = q.column(1).int64();
  }
  std::map<std::optional<std::int64_t>, RevisitAgentCount> agents;
  {
    sql::Statement q(db,
                        "SELECT s.id, s.number, s.name, COUNT(*), COUNT(r.satisfaction), "
                        "COALESCE(SUM(CASE WHEN r.satisfaction >= ?3 THEN 1 ELSE 0 END), 0), COALESCE(SUM(r.satisfaction), 0) "
                        "FROM revisits r LEFT JOIN staff s ON s.id = r.done_by "
                        "WHERE r.done_at >= ?1 AND r.done_at < ?2 GROUP BY r.done_by, s.id, s.number, s.name");
    bind_period(q, begin, end);
    q.bind(3, satisfied_min);
    while (q.step()) {
      auto& a = agents[sql::opt_int(q.column(0))];
      a.agent = staff_ref(q, 0);
      a.done = q.column(3).int64();
      a.scored = q.column(4).int64();
      a.satisfied = q.column(5).int64();
      a.score_sum = q.column(6).int64();
    }
  }
  {
    sql::Statement q(db,
                        "SELECT s.id, s.number, s.name, COUNT(*), COALESCE(SUM(a.reached), 0) "
                        "FROM revisit_attempts a LEFT JOIN staff s ON s.id = a.agent_id "
                        "WHERE a.at >= ? AND a.at < ? GROUP BY a.agent_id, s.id, s.number, s.name");
    bind_period(q, begin, end);
    while (q.step()) {
      auto& a = agents[sql::opt_int(q.column(0))];
      a.agent = staff_ref(q, 0);
      a.attempts = q.column(3).int64();
      a.reached = q.column(4).int64();
    }
  }
  for (auto& [id, a] : agents) {
    d.done += a.done;
    d.attempts += a.attempts;
    d.reached += a.reached;
    d.satisfaction.scored += a.scored;
    d.satisfaction.satisfied += a.satisfied;
    d.satisfaction.score_sum += a.score_sum;
    d.agents.push_back(a);
  }
  std::sort(d.agents.begin(), d.agents.end(), [](const auto& x, const auto& y) { return x.agent.number < y.agent.number; });
  {
    sql::Statement q(db,
                        "SELECT p.factor, COUNT(*) FROM revisits r JOIN revisit_problems p ON p.revisit_id = r.id "
                        "WHERE r.done_at >= ? AND r.done_at < ? GROUP BY p.factor ORDER BY COUNT(*) DESC, p.factor");
    bind_period(q, begin, end);
    while (q.step()) d.factors.emplace_back(q.column(0).text(), q.column(1).int64());
  }
  return d;
}

CustomerData ReportStore::customers(Epoch begin, Epoch end) {
  CustomerData d;
  auto& db = db_.sql();
  d.new_customers = count(db,
                          "SELECT COUNT(*) FROM customers WHERE registered_at >= ? AND registered_at < ? "
                          "AND merged_into IS NULL",
                          begin, end);
  // Lifecycle moves are read from the audit trail: each customer update keeps before and after.
  const sql::Dialect& dialect = sql::dialect_of(db_.engine());
  const std::string was = dialect.json_text("before", "category"), became = dialect.json_text("after", "category");
  sql::Statement q(db, fmt::format("SELECT {1} AS now_is, COUNT(*) FROM audit "
                                   "WHERE record_kind = 'customer' AND at >= ? AND at < ? AND after IS NOT NULL "
                                   "AND {0} IS DISTINCT FROM {1} AND {0} IS NOT NULL GROUP BY now_is",
                                   was, became));
  bind_period(q, begin, end);
  while (q.step()) {
    std::string to = text_or(q.column(0), "");
    if (to == "active") d.converted = q.column(1).int64();
    else if (to == "at-risk") d.became_at_risk = q.column(1).int64();
    else if (to == "lost") d.became_lost = q.column(1).int64();
  }
  // A customer's category at a moment is the `before` of its first category change at or after it,
  // or its category now when none followed. Counted as: the customers of the category now
  // (customers_category_registered, schema 22), corrected by those changed since the period's start
  // (few: read from the audit trail's customer index by time, joined by id).
  sql::Statement rates(
      db,
      fmt::format(
      "WITH ch AS ("
      "  SELECT record_id AS cid, at, {0} AS was, {1} AS became, "
      "         ROW_NUMBER() OVER (PARTITION BY record_id ORDER BY at, id) AS nth, "
      "         ROW_NUMBER() OVER (PARTITION BY record_id, at >= ?2 ORDER BY at, id) AS nth_side "
      "  FROM audit {2} "
      "  WHERE record_kind = 'customer' AND at >= ?1 AND after IS NOT NULL "
      "  AND {0} IS NOT NULL AND {0} IS DISTINCT FROM {1}), "
      "per AS ("
      "  SELECT cid, MAX(CASE WHEN nth = 1 THEN was END) AS at_begin, "
      "         MAX(CASE WHEN at >= ?2 AND nth_side = 1 THEN was END) AS after_end, "
      "         MAX(CASE WHEN at < ?2 AND was = 'potential' AND became = 'active' THEN 1 ELSE 0 END) AS converted "
      "  FROM ch GROUP BY cid), "
      "changed AS MATERIALIZED ("
      "  SELECT cu.category AS now_is, cu.registered_at < ?1 AS before_period, per.at_begin, "
      "         coalesce(per.after_end, cu.category) AS at_end, per.converted "
      "  FROM per JOIN customers cu ON cu.id = per.cid WHERE cu.merged_into IS NULL AND cu.registered_at < ?2), "
      "c AS ("
      "  SELECT coalesce(SUM(CASE WHEN at_begin = 'potential' THEN 1 ELSE 0 END), 0) "
      "           - coalesce(SUM(CASE WHEN now_is = 'potential' THEN 1 ELSE 0 END), 0) AS potential, "
      "         coalesce(SUM(CASE WHEN at_begin = 'potential' AND converted = 1 THEN 1 ELSE 0 END), 0) AS converted, "
      "         coalesce(SUM(CASE WHEN before_period AND at_begin = 'at-risk' THEN 1 ELSE 0 END), 0) "
      "           - coalesce(SUM(CASE WHEN before_period AND now_is = 'at-risk' THEN 1 ELSE 0 END), 0) AS at_risk, "
      "         coalesce(SUM(CASE WHEN before_period AND at_begin = 'at-risk' AND at_end = 'active' THEN 1 ELSE 0 END), "
      "           0) AS recovered "
      "  FROM changed) "
      "SELECT (SELECT COUNT(*) FROM customers WHERE category = 'potential' AND registered_at < ?2 "
      "        AND merged_into IS NULL) + potential, converted, "
      "       (SELECT COUNT(*) FROM customers WHERE category = 'at-risk' AND registered_at < ?1 "
      "        AND merged_into IS NULL) + at_risk, recovered FROM c",
      was, became, dialect.indexed_by("audit_customer_at")));
  bind_period(rates, begin, end);
  if (rates.step()) {
    d.potential = rates.column(0).int64();
    d.potential_converted = rates.column(1).int64();
    d.at_risk_at_start = rates.column(2).int64();
    d.recovered = rates.column(3).int64();
  }
  sql::Statement now(db, "SELECT category, COUNT(*) FROM customers WHERE category IN ('at-risk', 'lost') GROUP BY category");
  while (now.step())
    (now.column(0).text() == "lost" ? d.lost_now : d.at_risk_now) = now.column(1).int64();
  return d;
}

std::vector<std::pair<std::int64_t, StaffMonth>> ReportStore::staff_months(Epoch begin, Epoch end,
                                                                           const std::string& first_day,
                                                                           const std::string& last_day,
                                                                           int satisfied_min) {
  std::map<std::int64_t, StaffMonth> m;
  auto& db = db_.sql();
  {
    sql::Statement q(db,
                        "SELECT registered_by, COUNT(*) FROM customers WHERE registered_at >= ? AND registered_at < ? "
                        "AND merged_into IS NULL AND registered_by IS NOT NULL GROUP BY registered_by");
    bind_period(q, begin, end);
    while (q.step()) m[q.column(0).int64()].registrations = q.column(1).int64();
  }
  {
    // Each scored revisit counts once for every distinct person it reflects on.
    sql::Statement q(db,
                        "SELECT cu.registered_by, cu.owner_id, c.handler_id, CASE WHEN r.satisfaction >= ?3 THEN 1 ELSE 0 END "
                        "FROM revisits r JOIN customers cu ON cu.id = r.customer_id "
                        "LEFT JOIN complaints c ON c.id = r.complaint_id "
                        "WHERE r.done_at >= ?1 AND r.done_at < ?2 AND r.satisfaction IS NOT NULL");
    bind_period(q, begin, end);
    q.bind(3, satisfied_min);
    while (q.step()) {
      bool satisfied = q.column(3).integer() != 0;
      std::vector<std::int64_t> people;
      for (int i = 0; i < 3; ++i)
        if (auto id = sql::opt_int(q.column(i)); id && std::find(people.begin(), people.end(), *id) == people.end())
          people.push_back(*id);
      for (auto id : people) {
        m[id].scored += 1;
        m[id].satisfied += satisfied;
      }
    }
  }
  {
    sql::Statement q(db, "SELECT staff_id, points, kind FROM score_adjustments WHERE on_date >= ? AND on_date <= ?");
    q.bind(1, first_day);
    q.bind(2, last_day);
    while (q.step()) {
      auto& s = m[q.column(0).int64()];
      s.adjustment_points += q.column(1).real();
      s.adjustment_kinds.push_back(q.column(2).text());
    }
  }
  return {m.begin(), m.end()};
}

ScoreAdjustment ReportStore::add_adjustment(const ScoreAdjustment& a, const Actor& actor, Epoch now) {
  ScoreAdjustment out = a;
  out.number = db_.next_number("KP", now);
  out.created_at = now;
  out.operator_label = actor.label;
  sql::Statement q(db_.sql(),
                      "INSERT INTO score_adjustments (number, staff_id, on_date, points, kind, reason, operator, created_at) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
  q.bind(1, out.number);
  q.bind(2, out.staff_id);
  q.bind(3, out.on_date);
  q.bind(4, out.points);
  q.bind(5, out.kind);
  q.bind(6, out.reason);
  q.bind(7, out.operator_label);
  q.bind(8, now);
  out.id = q.run_returning_id();
  db_.audit(actor, now, AuditEntry{"score-adjustment", out.id, out.number, "create", "", out.json()});
  return out;
}

std::vector<ScoreAdjustment> ReportStore::adjustments(const std::string& first_day, const std::string& last_day,
                                                      std::optional<std::int64_t> staff_id) {
  sql::Statement q(db_.sql(),
                      "SELECT a.id, a.number, a.staff_id, s.number, s.name, a.on_date, a.points, a.kind, a.reason, "
                      "a.operator, a.created_at FROM score_adjustments a JOIN staff s ON s.id = a.staff_id "
                      "WHERE a.on_date >= ? AND a.on_date <= ? AND (CAST(? AS BIGINT) IS NULL OR a.staff_id = ?) "
                      "ORDER BY a.on_date, a.id");
  q.bind(1, first_day);
  q.bind(2, last_day);
  if (staff_id) {
    q.bind(3, *staff_id);
    q.bind(4, *staff_id);
  }
  std::vector<ScoreAdjustment> out;
  while (q.step()) out.push_back(read_adjustment(q));
  return out;
}

std::optional<FrozenReport> ReportStore::frozen(const std::string& kind, const std::string& period) {
  sql::Statement q(db_.sql(),
                      "SELECT payload, frozen_at, frozen_by, chain_rows, chain_head FROM frozen_reports WHERE kind = ? AND period = ?");
  q.bind(1, kind);
  q.bind(2, period);
  if (!q.step()) return std::nullopt;
  FrozenReport r{kind, period, q.column(0).text(), q.column(2).text(), q.column(1).int64(), {}};
  if (!q.column(3).is_null()) r.chain = {q.column(3).int64(), q.column(4).text()};
  return r;
}

void ReportStore::freeze(const FrozenReport& r, const Actor& actor, Epoch now) {
  if (auto existing = frozen(r.kind, r.period))
    fail_conflict("{} {} was already frozen at {} by {}; issued figures are not replaced", r.kind, r.period,
                  format_local(existing->frozen_at), existing->frozen_by);
  db_.write_pending_audit();  // the head includes what this transaction audited so far
  AuditHead head = db_.audit_head();
  sql::Statement q(db_.sql(),
                      "INSERT INTO frozen_reports (kind, period, payload, frozen_at, frozen_by, chain_rows, chain_head) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, r.kind);
  q.bind(2, r.period);
  q.bind(3, r.payload);
  q.bind(4, now);
  q.bind(5, actor.label);
  q.bind(6, static_cast<int64_t>(head.rows));
  q.bind(7, head.digest);
  q.run();
  JsonObject after;
  after.add("kind", r.kind).add("period", r.period).add("payload_bytes", static_cast<std::int64_t>(r.payload.size()));
  db_.audit(actor, now, AuditEntry{"report", std::nullopt, r.kind + " " + r.period, "freeze", "", after.str()});
}

}  // namespace csdesk
