#include "store/revisits.hpp"


#include <map>

#include "store/dialect.hpp"

#include "util/error.hpp"
#include "util/json.hpp"
#include "store/customers.hpp"
#include "store/sql_values.hpp"
#include "util/text.hpp"

namespace csdesk {
namespace {

const char* kColumns =
    "id, number, customer_id, complaint_id, purpose, plan_key, planned_at, due_at, agent_id, status, attempts, method, "
    "content, result, satisfaction, done_at, done_by";

Revisit read_revisit(sql::Statement& q) {
  Revisit r;
  r.id = q.column(0).int64();
  r.number = q.column(1).text();
  r.customer_id = q.column(2).int64();
  r.complaint_id = sql::opt_int(q.column(3));
  r.purpose = q.column(4).text();
  r.plan_key = sql::opt_text(q.column(5));
  r.planned_at = sql::opt_int(q.column(6));
  r.due_at = sql::opt_int(q.column(7));
  r.agent_id = sql::opt_int(q.column(8));
  r.status = q.column(9).text();
  r.attempts = q.column(10).int64();
  r.method = sql::opt_text(q.column(11));
  r.content = sql::opt_text(q.column(12));
  r.result = sql::opt_text(q.column(13));
  r.satisfaction = sql::opt_int(q.column(14));
  r.done_at = sql::opt_int(q.column(15));
  r.done_by = sql::opt_int(q.column(16));
  return r;
}

}  // namespace

std::string Revisit::json() const {
  JsonObject o;
  o.add("number", number).add("customer_id", customer_id).add("complaint_id", complaint_id).add("purpose", purpose);
  o.add("plan_key", plan_key).add("due_at", due_at).add("agent_id", agent_id).add("status", status);
  o.add("attempts", attempts).add("method", method).add("content", content).add("result", result);
  o.add("satisfaction", satisfaction).add("done_at", done_at).add("done_by", done_by);
  o.add("problems", join(problems, ","));
  if (!opinions.empty()) {  // only where some were given: older images stay as they were
    std::vector<std::string> items;
    for (const auto& [item, opinion] : opinions) items.push_back(item + "=" + opinion);
    o.add("opinions", join(items, "; "));
  }
  return o.str();
}

bool RevisitStore::planned(const std::string& plan_key) {
  sql::Statement q(db_.sql(), "SELECT 1 FROM revisits WHERE plan_key = ?");
  q.bind(1, plan_key);
  return q.step();
}

std::map<std::int64_t, std::int64_t> RevisitStore::planned_per_agent() {
  std::map<std::int64_t, std::int64_t> load;
  sql::Statement q(db_.sql(),
                      "SELECT agent_id, COUNT(*) FROM revisits WHERE status = 'planned' AND agent_id IS NOT NULL "
                      "GROUP BY agent_id");
  while (q.step()) load[q.column(0).int64()] = q.column(1).int64();
  return load;
}

std::optional<std::int64_t> RevisitStore::last_allotted() {
  sql::Statement q(db_.sql(), "SELECT last_staff_id FROM allocation_cursors WHERE scope = 'revisit'");
  if (q.step()) return sql::opt_int(q.column(0));
  return std::nullopt;
}

void RevisitStore::set_last_allotted(std::int64_t staff_id) {
  sql::Statement cursor(db_.sql(),
                           "INSERT INTO allocation_cursors (scope, last_staff_id) VALUES ('revisit', ?) "
                           "ON CONFLICT (scope) DO UPDATE SET last_staff_id = excluded.last_staff_id");
  cursor.bind(1, static_cast<int64_t>(staff_id));
  cursor.run();
}

Revisit RevisitStore::create(const Revisit& in, const Actor& actor, Epoch now) {
  Revisit r = in;
  r.number = db_.next_number("HF", now);
  sql::Statement q(db_.sql(),
                      "INSERT INTO revisits (number, customer_id, complaint_id, purpose, plan_key, planned_at, due_at, "
                      "agent_id, status, attempts, method, content, result, satisfaction, done_at, done_by) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
  q.bind(1, r.number);
  q.bind(2, static_cast<int64_t>(r.customer_id));
  sql::bind_opt(q, 3, r.complaint_id);
  q.bind(4, r.purpose);
  sql::bind_opt(q, 5, r.plan_key);
  sql::bind_opt(q, 6, r.planned_at);
  sql::bind_opt(q, 7, r.due_at);
  sql::bind_opt(q, 8, r.agent_id);
  q.bind(9, r.status);
  q.bind(10, static_cast<int64_t>(r.attempts));
  sql::bind_opt(q, 11, r.method);
  sql::bind_opt(q, 12, r.content);
  sql::bind_opt(q, 13, r.result);
  sql::bind_opt(q, 14, r.satisfaction);
  sql::bind_opt(q, 15, r.done_at);
  sql::bind_opt(q, 16, r.done_by);
  r.id = q.run_returning_id();
  db_.audit(actor, now, AuditEntry{"revisit", r.id, r.number, r.plan_key ? "plan" : "create", "", r.json()});
  return r;
}

void RevisitStore::record(const Revisit& before, const Revisit& after, bool reached, const Actor& actor, Epoch now) {
  sql::Statement a(db_.sql(),
                      "INSERT INTO revisit_attempts (revisit_id, at, agent_id, method, reached) VALUES (?, ?, ?, ?, ?)");
  a.bind(1, static_cast<int64_t>(before.id));
  a.bind(2, static_cast<int64_t>(now));
  sql::bind_opt(a, 3, actor.staff_id);
  sql::bind_opt(a, 4, after.method);
  a.bind(5, reached ? 1 : 0);
  a.run();
  sql::Statement q(db_.sql(),
                      "UPDATE revisits SET purpose = ?, status = ?, attempts = ?, method = ?, content = ?, result = ?, "
                      "satisfaction = ?, done_at = ?, done_by = ? WHERE id = ?");
  q.bind(1, after.purpose);
  q.bind(2, after.status);
  q.bind(3, static_cast<int64_t>(after.attempts));
  sql::bind_opt(q, 4, after.method);
  sql::bind_opt(q, 5, after.content);
  sql::bind_opt(q, 6, after.result);
  sql::bind_opt(q, 7, after.satisfaction);
  sql::bind_opt(q, 8, after.done_at);
  sql::bind_opt(q, 9, after.done_by);
  q.bind(10, static_cast<int64_t>(before.id));
  q.run();
  for (const auto& factor : after.problems) {
    sql::Statement p(db_.sql(), "INSERT INTO revisit_problems (revisit_id, factor) VALUES (?, ?) ON CONFLICT DO NOTHING");
    p.bind(1, static_cast<int64_t>(before.id));
    p.bind(2, factor);
    p.run();
  }
  for (std::size_t i = 0; i < after.opinions.size(); ++i) {
    sql::Statement o(db_.sql(),
                        "INSERT INTO revisit_opinions (revisit_id, position, item, opinion) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT (revisit_id, item) DO UPDATE SET position = excluded.position, opinion = excluded.opinion");
    o.bind(1, static_cast<int64_t>(before.id));
    o.bind(2, static_cast<int64_t>(i));
    o.bind(3, after.opinions[i].first);
    o.bind(4, after.opinions[i].second);
    o.run();
  }
  db_.audit(actor, now,
            AuditEntry{"revisit", before.id, before.number, reached ? "log" : "attempt", before.json(), after.json()});
}

void RevisitStore::link_complaint(std::int64_t revisit_id, std::int64_t complaint_id) {
  sql::Statement q(db_.sql(), "INSERT INTO revisit_complaints (revisit_id, complaint_id) VALUES (?, ?)");
  q.bind(1, static_cast<int64_t>(revisit_id));
  q.bind(2, static_cast<int64_t>(complaint_id));
  q.run();
}

std::optional<std::int64_t> RevisitStore::raised_complaint(std::int64_t revisit_id) {
  sql::Statement q(db_.sql(), "SELECT complaint_id FROM revisit_complaints WHERE revisit_id = ?");
  q.bind(1, static_cast<int64_t>(revisit_id));
  if (q.step()) return q.column(0).int64();
  return std::nullopt;
}

std::optional<std::int64_t> RevisitStore::raised_in(std::int64_t complaint_id) {
  sql::Statement q(db_.sql(), "SELECT revisit_id FROM revisit_complaints WHERE complaint_id = ?");
  q.bind(1, static_cast<int64_t>(complaint_id));
  if (q.step()) return q.column(0).int64();
  return std::nullopt;
}

std::vector<std::pair<std::int64_t, std::int64_t>> RevisitStore::raised_complaints() {
  sql::Statement q(db_.sql(), "SELECT revisit_id, complaint_id FROM revisit_complaints ORDER BY complaint_id");
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  while (q.step()) out.emplace_back(q.column(0).int64(), q.column(1).int64());
  return out;
}

int RevisitStore::cancel_followups(std::int64_t complaint_id, const Actor& actor, Epoch now) {
  RevisitFilter f;
  f.complaint_id = complaint_id;
  f.status = "planned";
  auto planned = list(f);
  for (const auto& before : planned) {
    sql::Statement q(db_.sql(), "UPDATE revisits SET status = 'cancelled' WHERE id = ?");
    q.bind(1, static_cast<int64_t>(before.id));
    q.run();
    Revisit after = before;
    after.status = "cancelled";
    db_.audit(actor, now, AuditEntry{"revisit", before.id, before.number, "cancel", before.json(), after.json()});
  }
  return static_cast<int>(planned.size());
}

void RevisitStore::set_at_risk(const Customer& before, const std::string& reason, const Actor& actor, Epoch now) {
  sql::Statement q(db_.sql(), "UPDATE customers SET category = 'at-risk', updated_at = ? WHERE id = ?");
  q.bind(1, static_cast<int64_t>(now));
  q.bind(2, static_cast<int64_t>(before.id));
  q.run();
  JsonObject after_image;
  after_image.add("category", "at-risk").add("reason", reason);
  JsonObject before_image;
  before_image.add("category", before.category);
  db_.audit(actor, now, AuditEntry{"customer", before.id, before.number, "at-risk", before_image.str(), after_image.str()});
}

std::optional<Revisit> RevisitStore::find(const std::string& raw) {
  std::string ref = trim(raw);
  std::string where = is_plain_id(ref) ? "id = ?" : "number = ?";
  sql::Statement q(db_.sql(), fmt::format("SELECT {} FROM revisits WHERE {}", kColumns, where));
  if (is_plain_id(ref)) q.bind(1, static_cast<int64_t>(std::stoll(ref)));
  else q.bind(1, sql::upper_number(ref));
  if (!q.step()) return std::nullopt;
  Revisit r = read_revisit(q);
  sql::Statement p(db_.sql(), "SELECT factor FROM revisit_problems WHERE revisit_id = ? ORDER BY factor");
  p.bind(1, static_cast<int64_t>(r.id));
  while (p.step()) r.problems.push_back(p.column(0).text());
  sql::Statement o(db_.sql(), "SELECT item, opinion FROM revisit_opinions WHERE revisit_id = ? ORDER BY position, item");
  o.bind(1, static_cast<int64_t>(r.id));
  while (o.step()) r.opinions.emplace_back(o.column(0).text(), o.column(1).text());
  return r;
}

Revisit RevisitStore::get(const std::string& ref) {
  if (auto r = find(ref)) return *r;
  fail_not_found("no revisit '{}'; give a revisit number such as HF202611-0001 (`csdesk revisit list`)", ref);
}

std::vector<Revisit> RevisitStore::list(const RevisitFilter& f) {
  sql::Where where;
  where.add("status = ?", f.status).add("purpose = ?", f.purpose).add("COALESCE(done_by, agent_id) = ?", f.agent_id);
  where.add("customer_id = ?", f.customer_id).add("complaint_id = ?", f.complaint_id);
  where.add("status = 'planned' AND due_at < ?", f.due_until);
  where.add("COALESCE(done_at, due_at, planned_at) >= ?", f.since).add("COALESCE(done_at, due_at, planned_at) < ?", f.until);
  sql::Statement q(db_.sql(), fmt::format("SELECT {} FROM revisits WHERE TRUE{} ORDER BY COALESCE(done_at, due_at, "
                                             "planned_at), id", kColumns, where.sql()));
  where.bind(q);
  std::vector<Revisit> out;
  while (q.step()) out.push_back(read_revisit(q));
  std::map<std::int64_t, Revisit*> by_id;
  for (auto& r : out) by_id[r.id] = &r;
  sql::Statement p(db_.sql(), "SELECT revisit_id, factor FROM revisit_problems ORDER BY factor");
  while (p.step())
    if (auto it = by_id.find(p.column(0).int64()); it != by_id.end())
      it->second->problems.push_back(p.column(1).text());
  sql::Statement o(db_.sql(), "SELECT revisit_id, item, opinion FROM revisit_opinions ORDER BY revisit_id, position, item");
  while (o.step())
    if (auto it = by_id.find(o.column(0).int64()); it != by_id.end())
      it->second->opinions.emplace_back(o.column(1).text(), o.column(2).text());
  return out;
}

std::vector<PlanCustomer> RevisitStore::plan_customers() {
  std::string last_touch = sql::dialect_of(db_.engine()).greatest({
      "c.registered_at",
      "COALESCE(c.contacted_at, 0)",
      "COALESCE((SELECT MAX(contacted_at) FROM contacts WHERE customer_id = c.id), 0)",
      "COALESCE((SELECT MAX(received_at) FROM complaints WHERE customer_id = c.id), 0)",
      "COALESCE((SELECT MAX(done_at) FROM revisits WHERE customer_id = c.id AND status = 'done'), 0)",
  });
  sql::Statement q(db_.sql(), "SELECT c.id, c.grade, c.category, c.consent, c.birthday, " + last_touch +
                                  " FROM customers c WHERE c.merged_into IS NULL ORDER BY c.id");
  std::vector<PlanCustomer> out;
  while (q.step()) {
    PlanCustomer c;
    c.id = q.column(0).int64();
    c.grade = sql::opt_text(q.column(1));
    c.category = q.column(2).text();
    if (!q.column(3).is_null()) c.consent = q.column(3).integer() != 0;
    c.birthday = sql::opt_text(q.column(4));
    c.last_contact = q.column(5).int64();
    out.push_back(c);
  }
  return out;
}

std::vector<int> RevisitStore::recent_scores(std::int64_t customer_id) {
  sql::Statement q(db_.sql(),
                      "SELECT satisfaction FROM revisits WHERE customer_id = ? AND status = 'done' AND satisfaction "
                      "IS NOT NULL ORDER BY done_at DESC, id DESC");
  q.bind(1, static_cast<int64_t>(customer_id));
  std::vector<int> out;
  while (q.step()) out.push_back(q.column(0).integer());
  return out;
}

std::vector<ScoredRevisit> RevisitStore::scored(Epoch since, Epoch until) {
  sql::Statement q(db_.sql(),
                      "SELECT done_by, done_at, satisfaction FROM revisits WHERE status = 'done' AND "
                      "satisfaction IS NOT NULL AND done_at >= ? AND done_at < ? ORDER BY done_at");
  q.bind(1, static_cast<int64_t>(since));
  q.bind(2, static_cast<int64_t>(until));
  std::vector<ScoredRevisit> out;
  while (q.step()) out.push_back({sql::opt_int(q.column(0)), q.column(1).int64(), q.column(2).integer()});
  return out;
}

}  // namespace csdesk
