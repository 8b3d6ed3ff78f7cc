#include "store/complaints.hpp"


#include "util/error.hpp"
#include "util/json.hpp"
#include "store/sql_values.hpp"
#include "util/text.hpp"

namespace csdesk {
namespace {

const char* kColumns =
    "id, number, customer_id, content, category, priority, channel, received_at, handler_id, about_staff_id, status, "
    "escalation_level, cause, measure, solution, first_response_at, resolved_at, closed_at, reopened_count, "
    "satisfaction, created_at, crisis_at, crisis_plan, crisis_plan_at, expected_by, confirmed_by";

Complaint read_complaint(sql::Statement& q) {
  Complaint c;
  c.id = q.column(0).int64();
  c.number = q.column(1).text();
  c.customer_id = q.column(2).int64();
  c.content = q.column(3).text();
  c.category = sql::opt_text(q.column(4));
  c.priority = q.column(5).text();
  c.channel = sql::opt_text(q.column(6));
  c.received_at = q.column(7).int64();
  c.handler_id = sql::opt_int(q.column(8));
  c.about_staff_id = sql::opt_int(q.column(9));
  c.status = q.column(10).text();
  c.escalation_level = q.column(11).integer();
  c.cause = sql::opt_text(q.column(12));
  c.measure = sql::opt_text(q.column(13));
  c.solution = sql::opt_text(q.column(14));
  c.first_response_at = sql::opt_int(q.column(15));
  c.resolved_at = sql::opt_int(q.column(16));
  c.closed_at = sql::opt_int(q.column(17));
  c.reopened_count = q.column(18).int64();
  c.satisfaction = sql::opt_int(q.column(19));
  c.created_at = q.column(20).int64();
  c.crisis_at = sql::opt_int(q.column(21));
  c.crisis_plan = sql::opt_text(q.column(22));
  c.crisis_plan_at = sql::opt_int(q.column(23));
  c.expected_by = sql::opt_int(q.column(24));
  c.confirmed_by = sql::opt_text(q.column(25));
  return c;
}

}  // namespace

std::string Complaint::json() const {
  JsonObject o;
  o.add("number", number).add("customer_id", customer_id).add("content", content).add("category", category);
  o.add("priority", priority).add("channel", channel).add("received_at", received_at);
  o.add("handler_id", handler_id).add("about_staff_id", about_staff_id).add("status", status);
  o.add("escalation_level", escalation_level).add("cause", cause).add("measure", measure).add("solution", solution);
  o.add("first_response_at", first_response_at).add("resolved_at", resolved_at).add("closed_at", closed_at);
  o.add("reopened_count", reopened_count).add("satisfaction", satisfaction);
  // Added by schema 18: only when set, so an earlier complaint's image reads as it did.
  if (crisis_at) o.add("crisis_at", crisis_at);
  if (crisis_plan) o.add("crisis_plan", crisis_plan);
  if (crisis_plan_at) o.add("crisis_plan_at", crisis_plan_at);
  if (expected_by) o.add("expected_by", expected_by);
  if (confirmed_by) o.add("confirmed_by", confirmed_by);
  return o.str();
}

Complaint ComplaintStore::create(const Complaint& in, const Actor& actor, Epoch now) {
  Complaint c = in;
  c.number = db_.next_number("TS", now);
  c.status = "open";
  c.created_at = now;
  sql::Statement q(db_.sql(),
                      "INSERT INTO complaints (number, customer_id, content, category, priority, channel, received_at, "
                      "handler_id, about_staff_id, status, created_at, crisis_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
  q.bind(1, c.number);
  q.bind(2, static_cast<int64_t>(c.customer_id));
  q.bind(3, c.content);
  sql::bind_opt(q, 4, c.category);
  q.bind(5, c.priority);
  sql::bind_opt(q, 6, c.channel);
  q.bind(7, static_cast<int64_t>(c.received_at));
  sql::bind_opt(q, 8, c.handler_id);
  sql::bind_opt(q, 9, c.about_staff_id);
  q.bind(10, c.status);
  q.bind(11, static_cast<int64_t>(now));
  sql::bind_opt(q, 12, c.crisis_at);
  c.id = q.run_returning_id();
  write_log(c, "new", ComplaintNote{c.content, std::nullopt}, actor, now);
  db_.audit(actor, now, AuditEntry{"complaint", c.id, c.number, "create", "", c.json()});
  return c;
}

void ComplaintStore::open_pause(std::int64_t complaint_id, Epoch now) {
  sql::Statement p(db_.sql(),
                      "INSERT INTO complaint_pauses (complaint_id, started_at) VALUES (?, ?) "
                      "ON CONFLICT (complaint_id, started_at) DO UPDATE SET ended_at = NULL");
  p.bind(1, static_cast<int64_t>(complaint_id));
  p.bind(2, static_cast<int64_t>(now));
  p.run();
}

void ComplaintStore::end_pause(std::int64_t complaint_id, Epoch now) {
  sql::Statement p(db_.sql(), "UPDATE complaint_pauses SET ended_at = ? WHERE complaint_id = ? AND ended_at IS NULL");
  p.bind(1, static_cast<int64_t>(now));
  p.bind(2, static_cast<int64_t>(complaint_id));
  p.run();
}

void ComplaintStore::change(const Complaint& before, const Complaint& after, const std::string& verb,
                            const ComplaintNote& note, const Actor& actor, Epoch now) {
  sql::Statement q(db_.sql(),
                      "UPDATE complaints SET category = ?, priority = ?, handler_id = ?, status = ?, escalation_level = ?, "
                      "cause = ?, measure = ?, solution = ?, first_response_at = ?, resolved_at = ?, closed_at = ?, "
                      "reopened_count = ?, satisfaction = ?, crisis_at = ?, crisis_plan = ?, crisis_plan_at = ?, "
                      "expected_by = ?, confirmed_by = ? WHERE id = ?");
  sql::bind_opt(q, 1, after.category);
  q.bind(2, after.priority);
  sql::bind_opt(q, 3, after.handler_id);
  q.bind(4, after.status);
  q.bind(5, after.escalation_level);
  sql::bind_opt(q, 6, after.cause);
  sql::bind_opt(q, 7, after.measure);
  sql::bind_opt(q, 8, after.solution);
  sql::bind_opt(q, 9, after.first_response_at);
  sql::bind_opt(q, 10, after.resolved_at);
  sql::bind_opt(q, 11, after.closed_at);
  q.bind(12, static_cast<int64_t>(after.reopened_count));
  sql::bind_opt(q, 13, after.satisfaction);
  sql::bind_opt(q, 14, after.crisis_at);
  sql::bind_opt(q, 15, after.crisis_plan);
  sql::bind_opt(q, 16, after.crisis_plan_at);
  sql::bind_opt(q, 17, after.expected_by);
  sql::bind_opt(q, 18, after.confirmed_by);
  q.bind(19, static_cast<int64_t>(before.id));
  q.run();
  write_log(after, verb, note, actor, now);
  db_.audit(actor, now, AuditEntry{"complaint", before.id, before.number, verb, before.json(), after.json()});
}

void ComplaintStore::write_log(const Complaint& c, const std::string& action, const ComplaintNote& note,
                               const Actor& actor, Epoch now) {
  sql::Statement q(db_.sql(),
                      "INSERT INTO complaint_log (complaint_id, at, actor, action, status_after, content, measure, handler_id) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, static_cast<int64_t>(c.id));
  q.bind(2, static_cast<int64_t>(now));
  q.bind(3, actor.label);
  q.bind(4, action);
  q.bind(5, c.status);
  sql::bind_opt(q, 6, note.content);
  sql::bind_opt(q, 7, note.measure);
  sql::bind_opt(q, 8, c.handler_id);
  q.run();
}

std::optional<Complaint> ComplaintStore::by_id(std::int64_t id) {
  sql::Statement q(db_.sql(), fmt::format("SELECT {} FROM complaints WHERE id = ?", kColumns));
  q.bind(1, static_cast<int64_t>(id));
  if (q.step()) return read_complaint(q);
  return std::nullopt;
}

std::optional<Complaint> ComplaintStore::find(const std::string& raw) {
  std::string ref = trim(raw);
  if (is_plain_id(ref)) return by_id(std::stoll(ref));
  sql::Statement q(db_.sql(), fmt::format("SELECT {} FROM complaints WHERE number = ?", kColumns));
  q.bind(1, sql::upper_number(ref));
  if (q.step()) return read_complaint(q);
  return std::nullopt;
}

Complaint ComplaintStore::get(const std::string& ref) {
  if (auto c = find(ref)) return *c;
  fail_not_found("no complaint '{}'; give a complaint number such as TS202611-0001 (`csdesk complain list`)", ref);
}

std::vector<Complaint> ComplaintStore::list(const ComplaintFilter& f) {
  sql::Where where;
  where.add("status = ?", f.status).add("priority = ?", f.priority).add("category = ?", f.category);
  where.add("handler_id = ?", f.handler_id).add("customer_id = ?", f.customer_id);
  where.add("received_at >= ?", f.since).add("received_at < ?", f.until);
  sql::Statement q(db_.sql(),
                      fmt::format("SELECT {} FROM complaints WHERE TRUE{} ORDER BY received_at, id", kColumns, where.sql()));
  where.bind(q);
  std::vector<Complaint> out;
  while (q.step()) out.push_back(read_complaint(q));
  return out;
}

std::vector<ComplaintLogLine> ComplaintStore::log(std::int64_t complaint_id) {
  sql::Statement q(db_.sql(),
                      "SELECT at, actor, action, status_after, content, measure, handler_id FROM complaint_log "
                      "WHERE complaint_id = ? ORDER BY at, id");
  q.bind(1, static_cast<int64_t>(complaint_id));
  std::vector<ComplaintLogLine> out;
  while (q.step()) {
    ComplaintLogLine l;
    l.at = q.column(0).int64();
    l.actor = q.column(1).text();
    l.action = q.column(2).text();
    l.status_after = q.column(3).text();
    l.content = sql::opt_text(q.column(4));
    l.measure = sql::opt_text(q.column(5));
    l.handler_id = sql::opt_int(q.column(6));
    out.push_back(l);
  }
  return out;
}

std::vector<std::string> ComplaintStore::actions(std::int64_t complaint_id) {
  sql::Statement q(db_.sql(), "SELECT action FROM complaint_log WHERE complaint_id = ? ORDER BY id");
  q.bind(1, static_cast<int64_t>(complaint_id));
  std::vector<std::string> out;
  while (q.step()) out.push_back(q.column(0).text());
  return out;
}

std::vector<Interval> ComplaintStore::pauses(std::int64_t complaint_id) {
  sql::Statement q(db_.sql(),
                      "SELECT started_at, ended_at FROM complaint_pauses WHERE complaint_id = ? ORDER BY started_at");
  q.bind(1, static_cast<int64_t>(complaint_id));
  std::vector<Interval> out;
  while (q.step()) out.push_back(Interval{q.column(0).int64(), sql::opt_int(q.column(1))});
  return out;
}

std::vector<Epoch> ComplaintStore::feedback_marks(std::int64_t complaint_id) {
  sql::Statement q(db_.sql(),
                      "SELECT at FROM complaint_log WHERE complaint_id = ? AND action IN ('respond', 'inform', 'reopen') "
                      "ORDER BY at, id");
  q.bind(1, static_cast<int64_t>(complaint_id));
  std::vector<Epoch> out;
  while (q.step()) out.push_back(q.column(0).int64());
  return out;
}

std::vector<ComplaintHandover> ComplaintStore::handovers(std::int64_t complaint_id) {
  sql::Statement q(db_.sql(),
                      "SELECT id, complaint_id, department, decision, decided_at, handed_at, answered_at, answer "
                      "FROM complaint_handovers WHERE complaint_id = ? ORDER BY decided_at, id");
  q.bind(1, static_cast<int64_t>(complaint_id));
  std::vector<ComplaintHandover> out;
  while (q.step()) {
    ComplaintHandover h;
    h.id = q.column(0).int64();
    h.complaint_id = q.column(1).int64();
    h.department = q.column(2).text();
    h.decision = q.column(3).text();
    h.decided_at = q.column(4).int64();
    h.handed_at = sql::opt_int(q.column(5));
    h.answered_at = sql::opt_int(q.column(6));
    h.answer = sql::opt_text(q.column(7));
    out.push_back(h);
  }
  return out;
}

ComplaintHandover ComplaintStore::add_handover(const ComplaintHandover& in) {
  sql::Statement q(db_.sql(),
                      "INSERT INTO complaint_handovers (complaint_id, department, decision, decided_at, handed_at) "
                      "VALUES (?, ?, ?, ?, ?) RETURNING id");
  q.bind(1, static_cast<int64_t>(in.complaint_id));
  q.bind(2, in.department);
  q.bind(3, in.decision);
  q.bind(4, static_cast<int64_t>(in.decided_at));
  sql::bind_opt(q, 5, in.handed_at);
  ComplaintHandover h = in;
  h.id = q.run_returning_id();
  return h;
}

void ComplaintStore::mark_handed(std::int64_t handover_id, Epoch at) {
  sql::Statement q(db_.sql(), "UPDATE complaint_handovers SET handed_at = ? WHERE id = ?");
  q.bind(1, static_cast<int64_t>(at));
  q.bind(2, static_cast<int64_t>(handover_id));
  q.run();
}

void ComplaintStore::mark_answered(std::int64_t handover_id, const std::string& answer, Epoch at) {
  sql::Statement q(db_.sql(), "UPDATE complaint_handovers SET answer = ?, answered_at = ? WHERE id = ?");
  q.bind(1, answer);
  q.bind(2, static_cast<int64_t>(at));
  q.bind(3, static_cast<int64_t>(handover_id));
  q.run();
}

}  // namespace csdesk
