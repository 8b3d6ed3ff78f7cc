#include "store/assignments.hpp"


#include "store/sql_values.hpp"

#include <variant>

#include "util/error.hpp"
#include "util/json.hpp"

namespace csdesk {
namespace {

using sql::bind_opt;

const char* kColumns =
    "a.id, a.number, a.customer_id, a.staff_id, a.previous_staff_id, a.at, a.operator, a.rule, a.reason, a.urgent, "
    "a.deadline, a.contacted_at, a.contacted_by, a.superseded_at";


Assignment read_assignment(sql::Statement& q) {
  Assignment a;
  a.id = q.column(0).int64();
  a.number = q.column(1).text();
  a.customer_id = q.column(2).int64();
  a.staff_id = sql::opt_int(q.column(3));
  a.previous_staff_id = sql::opt_int(q.column(4));
  a.at = q.column(5).int64();
  a.operator_label = q.column(6).text();
  a.rule = q.column(7).text();
  a.reason = q.column(8).text();
  a.urgent = q.column(9).integer() != 0;
  a.deadline = sql::opt_int(q.column(10));
  a.contacted_at = sql::opt_int(q.column(11));
  a.contacted_by = sql::opt_int(q.column(12));
  a.superseded_at = sql::opt_int(q.column(13));
  return a;
}

std::string notification_json(const Notification& n) {
  JsonObject o;
  o.add("kind", n.kind).add("staff_id", n.staff_id).add("customer_id", n.customer_id);
  o.add("assignment_id", n.assignment_id).add("status", n.status).add("attempts", n.attempts);
  o.add("last_error", n.last_error);
  return o.str();
}

Notification read_notification(sql::Statement& q) {
  Notification n;
  n.id = q.column(0).int64();
  n.at = q.column(1).int64();
  n.staff_id = sql::opt_int(q.column(2));
  n.customer_id = sql::opt_int(q.column(3));
  n.assignment_id = sql::opt_int(q.column(4));
  n.kind = q.column(5).text();
  n.payload = q.column(6).text();
  n.status = q.column(7).text();
  n.attempts = q.column(8).int64();
  n.last_error = sql::opt_text(q.column(9));
  n.sent_at = sql::opt_int(q.column(10));
  return n;
}

const char* kNotificationColumns =
    "id, at, staff_id, customer_id, assignment_id, kind, payload, status, attempts, last_error, sent_at";

std::optional<Notification> notification_by_id(Database& db, std::int64_t id) {
  sql::Statement q(db.sql(), fmt::format("SELECT {} FROM notifications WHERE id = ?", kNotificationColumns));
  q.bind(1, static_cast<int64_t>(id));
  if (q.step()) return read_notification(q);
  return std::nullopt;
}

}  // namespace

std::string Assignment::json() const {
  JsonObject o;
  o.add("number", number).add("customer_id", customer_id).add("staff_id", staff_id);
  o.add("previous_staff_id", previous_staff_id).add("at", at).add("operator", operator_label);
  o.add("rule", rule).add("reason", reason).add("urgent", urgent).add("deadline", deadline);
  o.add("contacted_at", contacted_at).add("contacted_by", contacted_by).add("superseded_at", superseded_at);
  return o.str();
}

std::vector<std::int64_t> AssignmentStore::waiting(std::int64_t after_id, std::int64_t limit, bool include_pool) {
  sql::Statement q(db_.sql(),
                      "SELECT c.id FROM customers c LEFT JOIN staff s ON s.id = c.owner_id "
                      "WHERE c.merged_into IS NULL AND c.id > ? AND ((c.owner_id IS NULL AND (c.in_pool = 0 OR ? = 1)) "
                      "OR s.active = 0 OR (s.id IS NOT NULL AND NOT EXISTS "
                      "  (SELECT 1 FROM staff_roles r WHERE r.staff_id = s.id AND r.role = 'sales')) "
                      "OR EXISTS (SELECT 1 FROM contacts k WHERE k.customer_id = c.id AND k.registered_at > "
                      "  COALESCE((SELECT MAX(a.at) FROM assignments a WHERE a.customer_id = c.id), k.registered_at))) "
                      "ORDER BY c.id LIMIT ?");
  q.bind(1, static_cast<int64_t>(after_id));
  q.bind(2, include_pool ? 1 : 0);
  q.bind(3, static_cast<int64_t>(limit));
  std::vector<std::int64_t> ids;
  while (q.step()) ids.push_back(q.column(0).int64());
  return ids;
}

bool AssignmentStore::has_returned(std::int64_t customer_id) {
  sql::Statement q(db_.sql(), "SELECT 1 FROM contacts WHERE customer_id = ? AND kind = 'returning' LIMIT 1");
  q.bind(1, static_cast<int64_t>(customer_id));
  return q.step();
}

bool AssignmentStore::owner_told_of_latest_contact(std::int64_t customer_id, std::int64_t staff_id) {
  sql::Statement q(db_.sql(),
                      "SELECT 1 FROM notifications WHERE customer_id = ? AND staff_id = ? AND kind = 'returning' "
                      "AND at >= (SELECT MAX(registered_at) FROM contact_log WHERE customer_id = ?) LIMIT 1");
  q.bind(1, static_cast<int64_t>(customer_id));
  q.bind(2, static_cast<int64_t>(staff_id));
  q.bind(3, static_cast<int64_t>(customer_id));
  return q.step();
}

bool AssignmentStore::needs_urgent_contact(const Customer& c) {
  if (!c.urgent) return false;
  sql::Statement last(db_.sql(), "SELECT MAX(registered_at) FROM contact_log WHERE customer_id = ? AND urgent = 1");
  last.bind(1, static_cast<int64_t>(c.id));
  Epoch asked = c.registered_at;
  if (last.step() && !last.column(0).is_null()) asked = last.column(0).int64();
  sql::Statement done(db_.sql(),
                         "SELECT 1 FROM assignments WHERE customer_id = ? AND contacted_at IS NOT NULL AND contacted_at >= ? "
                         "LIMIT 1");
  done.bind(1, static_cast<int64_t>(c.id));
  done.bind(2, static_cast<int64_t>(asked));
  return !done.step();
}

std::map<std::int64_t, std::int64_t> AssignmentStore::open_loads(Epoch begin, Epoch end) {
  sql::Statement q(db_.sql(),
                      "SELECT a.staff_id, COUNT(*) FROM assignments a JOIN customers c ON c.id = a.customer_id "
                      "WHERE a.superseded_at IS NULL AND a.staff_id IS NOT NULL AND a.at >= ? AND a.at < ? "
                      "AND c.category <> 'lost' GROUP BY a.staff_id");
  q.bind(1, static_cast<int64_t>(begin));
  q.bind(2, static_cast<int64_t>(end));
  std::map<std::int64_t, std::int64_t> loads;
  while (q.step()) loads[q.column(0).int64()] = q.column(1).int64();
  return loads;
}

std::map<std::string, std::string> AssignmentStore::cursors() {
  sql::Statement q(db_.sql(),
                      "SELECT ac.scope, s.number FROM allocation_cursors ac JOIN staff s ON s.id = ac.last_staff_id");
  std::map<std::string, std::string> out;
  while (q.step()) out[q.column(0).text()] = q.column(1).text();
  return out;
}

void AssignmentStore::set_cursor(const std::string& scope, std::int64_t staff_id) {
  sql::Statement q(db_.sql(),
                      "INSERT INTO allocation_cursors (scope, last_staff_id) VALUES (?, ?) "
                      "ON CONFLICT (scope) DO UPDATE SET last_staff_id = excluded.last_staff_id");
  q.bind(1, scope);
  q.bind(2, static_cast<int64_t>(staff_id));
  q.run();
}

std::optional<Assignment> AssignmentStore::current(std::int64_t customer_id) {
  sql::Statement q(db_.sql(), fmt::format("SELECT {} FROM assignments a WHERE a.customer_id = ? AND "
                                             "a.superseded_at IS NULL ORDER BY a.id DESC LIMIT 1",
                                             kColumns));
  q.bind(1, static_cast<int64_t>(customer_id));
  if (q.step()) return read_assignment(q);
  return std::nullopt;
}

Assignment AssignmentStore::record(const NewAssignment& n, const Actor& actor, Epoch now) {
  CustomerStore customers(db_);
  auto before = customers.by_id(n.customer_id);
  if (!before) fail_not_found("no customer with id {}", n.customer_id);
  // Every current one, not only the newest: a merge before schema 7 could leave two.
  std::vector<Assignment> replaced;
  {
    sql::Statement q(db_.sql(), fmt::format("SELECT {} FROM assignments a WHERE a.customer_id = ? AND "
                                               "a.superseded_at IS NULL ORDER BY a.id",
                                               kColumns));
    q.bind(1, static_cast<int64_t>(n.customer_id));
    while (q.step()) replaced.push_back(read_assignment(q));
  }
  for (const auto& cur : replaced) {
    Assignment ended = cur;
    ended.superseded_at = now;
    sql::Statement q(db_.sql(), "UPDATE assignments SET superseded_at = ? WHERE id = ?");
    q.bind(1, static_cast<int64_t>(now));
    q.bind(2, static_cast<int64_t>(cur.id));
    q.run();
    db_.audit(actor, now, AuditEntry{"assignment", cur.id, cur.number, "supersede", cur.json(), ended.json()});
  }
  Assignment a;
  a.number = db_.next_number("FP", now);
  a.customer_id = n.customer_id;
  a.staff_id = n.staff_id;
  a.previous_staff_id = before->owner_id;
  a.at = now;
  a.operator_label = actor.label;
  a.rule = n.rule;
  a.reason = n.reason;
  a.urgent = n.urgent;
  a.deadline = n.deadline;
  sql::Statement ins(db_.sql(),
                        "INSERT INTO assignments (number, customer_id, staff_id, previous_staff_id, at, operator, rule, "
                        "reason, urgent, deadline) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
  ins.bind(1, a.number);
  ins.bind(2, static_cast<int64_t>(a.customer_id));
  bind_opt(ins, 3, a.staff_id);
  bind_opt(ins, 4, a.previous_staff_id);
  ins.bind(5, static_cast<int64_t>(a.at));
  ins.bind(6, a.operator_label);
  ins.bind(7, a.rule);
  ins.bind(8, a.reason);
  ins.bind(9, a.urgent ? 1 : 0);
  bind_opt(ins, 10, a.deadline);
  a.id = ins.run_returning_id();
  db_.audit(actor, now, AuditEntry{"assignment", a.id, a.number, "create", "", a.json()});

  Customer after = *before;
  after.owner_id = n.staff_id;
  after.in_pool = !n.staff_id;
  sql::Statement upd(db_.sql(), "UPDATE customers SET owner_id = ?, in_pool = ?, updated_at = ? WHERE id = ?");
  bind_opt(upd, 1, after.owner_id);
  upd.bind(2, after.in_pool ? 1 : 0);
  upd.bind(3, static_cast<int64_t>(now));
  upd.bind(4, static_cast<int64_t>(after.id));
  upd.run();
  db_.audit(actor, now, AuditEntry{"customer", after.id, after.number, "assign", before->json(), after.json()});
  return a;
}

std::vector<Assignment> AssignmentStore::keep_one_current(std::int64_t customer_id, const std::optional<std::int64_t>& owner,
                                                          const Actor& actor, Epoch now) {
  sql::Statement q(db_.sql(), fmt::format("SELECT {} FROM assignments a WHERE a.customer_id = ? AND a.superseded_at IS NULL "
                                             "ORDER BY a.staff_id IS NOT DISTINCT FROM ? DESC, a.id DESC",
                                             kColumns));
  q.bind(1, static_cast<int64_t>(customer_id));
  bind_opt(q, 2, owner);
  std::vector<Assignment> current;
  while (q.step()) current.push_back(read_assignment(q));
  std::vector<Assignment> ended;
  for (size_t i = 0; i < current.size(); ++i) {
    // The first is the newest of the owner's, if the owner has one; every other one ends.
    if (i == 0 && current[0].staff_id == owner) continue;
    Assignment replaced = current[i];
    replaced.superseded_at = now;
    sql::Statement upd(db_.sql(), "UPDATE assignments SET superseded_at = ? WHERE id = ?");
    upd.bind(1, static_cast<int64_t>(now));
    upd.bind(2, static_cast<int64_t>(replaced.id));
    upd.run();
    db_.audit(actor, now, AuditEntry{"assignment", replaced.id, replaced.number, "supersede", current[i].json(), replaced.json()});
    ended.push_back(replaced);
  }
  return ended;
}

Assignment AssignmentStore::record_contact(const Assignment& a, std::int64_t by, Epoch at, const Actor& actor, Epoch now) {
  Assignment after = a;
  after.contacted_at = at;
  after.contacted_by = by;
  sql::Statement q(db_.sql(), "UPDATE assignments SET contacted_at = ?, contacted_by = ? WHERE id = ?");
  q.bind(1, static_cast<int64_t>(at));
  q.bind(2, static_cast<int64_t>(by));
  q.bind(3, static_cast<int64_t>(a.id));
  q.run();
  db_.audit(actor, now, AuditEntry{"assignment", a.id, a.number, "contact", a.json(), after.json()});
  return after;
}

std::vector<AssignmentView> AssignmentStore::list(const AssignmentFilter& f) {
  std::string sql = fmt::format(
      "SELECT {}, c.number, c.name, c.company, c.city, c.needs, c.phone, s.number, s.name, p.number, cb.number "
      "FROM assignments a JOIN customers c ON c.id = a.customer_id "
      "LEFT JOIN staff s ON s.id = a.staff_id LEFT JOIN staff p ON p.id = a.previous_staff_id "
      "LEFT JOIN staff cb ON cb.id = a.contacted_by WHERE TRUE",
      kColumns);
  std::vector<std::variant<std::int64_t, std::string>> args;
  if (f.staff_id) {
    sql += " AND a.staff_id = ?";
    args.emplace_back(*f.staff_id);
  }
  if (f.customer_id) {
    sql += " AND a.customer_id = ?";
    args.emplace_back(*f.customer_id);
  }
  if (f.since) {
    sql += " AND a.at >= ?";
    args.emplace_back(*f.since);
  }
  if (f.until) {
    sql += " AND a.at < ?";
    args.emplace_back(*f.until);
  }
  if (f.rule) {
    sql += " AND a.rule = ?";
    args.emplace_back(*f.rule);
  }
  if (f.urgent) sql += " AND a.urgent = 1";
  if (f.current_only) sql += " AND a.superseded_at IS NULL";
  if (f.overdue_at) {
    sql += " AND a.superseded_at IS NULL AND a.urgent = 1 AND a.contacted_at IS NULL AND a.staff_id IS NOT NULL "
           "AND a.deadline < ?";
    args.emplace_back(*f.overdue_at);
  }
  sql += " ORDER BY a.at, a.id";
  sql::Statement q(db_.sql(), sql);
  for (size_t i = 0; i < args.size(); ++i) {
    int at = static_cast<int>(i + 1);
    if (const auto* n = std::get_if<std::int64_t>(&args[i])) q.bind(at, static_cast<int64_t>(*n));
    else q.bind(at, std::get<std::string>(args[i]));
  }
  std::vector<AssignmentView> out;
  while (q.step()) {
    AssignmentView v;
    v.a = read_assignment(q);
    v.customer_number = q.column(14).text();
    v.customer_name = q.column(15).text();
    v.company = sql::opt_text(q.column(16));
    v.city = sql::opt_text(q.column(17));
    v.needs = sql::opt_text(q.column(18));
    v.phone = sql::opt_text(q.column(19));
    v.staff_number = sql::opt_text(q.column(20));
    v.staff_name = sql::opt_text(q.column(21));
    v.previous_staff_number = sql::opt_text(q.column(22));
    v.contacted_by_number = sql::opt_text(q.column(23));
    out.push_back(std::move(v));
  }
  return out;
}

std::int64_t NotificationStore::add(const Notification& n, const Actor& actor) {
  sql::Statement q(db_.sql(),
                      "INSERT INTO notifications (at, staff_id, customer_id, assignment_id, kind, payload, status) "
                      "VALUES (?, ?, ?, ?, ?, ?, 'pending') RETURNING id");
  q.bind(1, static_cast<int64_t>(n.at));
  bind_opt(q, 2, n.staff_id);
  bind_opt(q, 3, n.customer_id);
  bind_opt(q, 4, n.assignment_id);
  q.bind(5, n.kind);
  q.bind(6, n.payload);
  std::int64_t id = q.run_returning_id();
  Notification created = n;
  created.status = "pending";
  db_.audit(actor, n.at, AuditEntry{"notification", id, "", "create", "", notification_json(created)});
  return id;
}

std::vector<Notification> NotificationStore::pending() {
  sql::Statement q(db_.sql(), fmt::format("SELECT {} FROM notifications WHERE status = 'pending' ORDER BY id",
                                             kNotificationColumns));
  std::vector<Notification> out;
  while (q.step()) out.push_back(read_notification(q));
  return out;
}

std::vector<Notification> NotificationStore::claim(const std::optional<std::vector<std::int64_t>>& ids,
                                                  const std::string& token, bool (*alive)(const std::string& token)) {
  std::vector<Notification> candidates;
  if (ids) {
    for (auto id : *ids)
      if (auto n = notification_by_id(db_, id); n && n->status == "pending") candidates.push_back(*n);
  } else {
    candidates = pending();
  }
  sql::Statement holder(db_.sql(), "SELECT claimed_by FROM notifications WHERE id = ?");
  sql::Statement take(db_.sql(), "UPDATE notifications SET claimed_by = ? WHERE id = ?");
  std::vector<Notification> out;
  for (const auto& n : candidates) {
    holder.reset();
    holder.bind(1, static_cast<int64_t>(n.id));
    if (holder.step() && !holder.column(0).is_null()) {
      std::string held = holder.column(0).text();
      if (held != token && alive(held)) continue;
    }
    take.reset();
    take.bind(1, token);
    take.bind(2, static_cast<int64_t>(n.id));
    take.run();
    out.push_back(n);
  }
  return out;
}

void NotificationStore::mark_sent(std::int64_t id, Epoch at, const Actor& actor) {
  auto before = notification_by_id(db_, id);
  if (!before) fail_not_found("no notification {}", id);
  Notification after = *before;
  after.status = "sent";
  after.attempts += 1;
  after.sent_at = at;
  after.last_error.reset();
  sql::Statement q(db_.sql(),
                      "UPDATE notifications SET status = 'sent', attempts = attempts + 1, sent_at = ?, last_error = NULL, "
                      "claimed_by = NULL WHERE id = ?");
  q.bind(1, static_cast<int64_t>(at));
  q.bind(2, static_cast<int64_t>(id));
  q.run();
  db_.audit(actor, at, AuditEntry{"notification", id, "", "sent", notification_json(*before), notification_json(after)});
}

void NotificationStore::mark_failed(std::int64_t id, const std::string& error, Epoch at, const Actor& actor) {
  auto before = notification_by_id(db_, id);
  if (!before) fail_not_found("no notification {}", id);
  Notification after = *before;
  after.attempts += 1;
  after.last_error = error;
  sql::Statement q(db_.sql(),
                      "UPDATE notifications SET attempts = attempts + 1, last_error = ?, claimed_by = NULL WHERE id = ?");
  q.bind(1, error);
  q.bind(2, static_cast<int64_t>(id));
  q.run();
  db_.audit(actor, at, AuditEntry{"notification", id, "", "failed", notification_json(*before), notification_json(after)});
}

}  // namespace csdesk
