// csdesk assign: hand customers to salespeople by rule (DOMAIN "Allocation rules"), the
// unclaimed pool, the urgent-contact deadline, and notifying the owner.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <map>

#include "context.hpp"
#include "error.hpp"
#include "notify.hpp"
#include "rules/allocation.hpp"
#include "store/assignments.hpp"
#include "store/customers.hpp"
#include "text.hpp"

namespace csdesk {
namespace {

// Customers allocated per write transaction: short enough that concurrent runs interleave.
constexpr std::int64_t kBatch = 200;

const std::vector<std::string>& rule_names() {
  static const std::vector<std::string> names = {"owner",  "round-robin", "least-loaded", "region", "need",
                                                 "manual", "claim",       "reassign",     "pool"};
  return names;
}

struct AssignOptions {
  std::vector<std::string> customers;
  std::string to, by, at, since, until, rule, customer;
  bool pool = false, dry_run = false, explain = false, urgent = false, overdue = false, current = false, reassign = false;
};

// One assignment made (or planned) in this run, with what the output and notifications need.
struct Outcome {
  Assignment a;
  Customer customer;
  std::optional<Staff> staff, previous;
};

rules::AllocationSettings allocation_settings(const Config& cfg, Epoch now) {
  rules::AllocationSettings s;
  s.rule = cfg.text("assign.rule");
  s.region = cfg.list_map("assign.region");
  s.need = cfg.list_map("assign.need");
  s.only_on_shift = cfg.flag("assign.only_on_shift");
  s.early = rules::parse_shift_hours(cfg.text("hours.early"), "hours.early");
  s.late = rules::parse_shift_hours(cfg.text("hours.late"), "hours.late");
  LocalTime local = to_local(now);
  s.minute_of_day = local.hour * 60 + local.minute;
  return s;
}

// Everything allocation decisions read, loaded inside the write transaction.
struct AllocationState {
  std::vector<Staff> staff;
  std::vector<rules::SalesPerson> people;
  rules::Cursors cursors;

  // Loads are counted only for the least-loaded rule: counting scans the month's assignments.
  AllocationState(Database& db, Epoch now, const std::string& rule) {
    AssignmentStore store(db);
    Period month = month_containing(now);
    std::map<std::int64_t, std::int64_t> loads;
    if (rule == "least-loaded") loads = store.open_loads(month.begin, month.end);
    staff = StaffStore(db).list();
    for (const auto& s : staff) {
      rules::SalesPerson p;
      p.id = s.id;
      p.number = s.number;
      p.name = s.name;
      p.active = s.active;
      p.sales = s.has_role("sales");
      p.city = s.city;
      p.shift = s.shift;
      p.load = loads.count(s.id) ? loads.at(s.id) : 0;
      people.push_back(p);
    }
    cursors = store.cursors();
  }

  std::optional<Staff> staff_by_id(std::optional<std::int64_t> id) const {
    if (!id) return std::nullopt;
    for (const auto& s : staff)
      if (s.id == *id) return s;
    return std::nullopt;
  }

  // Moves the shared cursor and the chosen person's load after a decision is kept.
  void take(const rules::Decision& d, AssignmentStore& store) {
    if (!d.staff_id) return;
    if (!d.cursor_scope.empty()) store.set_cursor(d.cursor_scope, *d.staff_id);
    for (auto& p : people)
      if (p.id == *d.staff_id) ++p.load;
  }
};

// A region or need list naming someone not on the staff list is a config mistake worth saying.
void warn_unknown_numbers(const Context& ctx, const rules::AllocationSettings& s, const std::vector<Staff>& staff) {
  const ListMap* map = s.rule == "region" ? &s.region : s.rule == "need" ? &s.need : nullptr;
  if (!map) return;
  for (const auto& [key, numbers] : *map)
    for (const auto& number : numbers)
      if (std::none_of(staff.begin(), staff.end(), [&](const Staff& p) { return p.number == number; }))
        ctx.warn(fmt::format("assign.{} {} names {}, who is not on the staff list (`csdesk staff list --all`)", s.rule,
                             key, number));
}

NotificationFacts facts_for(const Outcome& o, const std::string& kind, const Staff* to, const std::string& note) {
  NotificationFacts f;
  f.kind = kind;
  if (to) {
    f.staff_number = to->number;
    f.staff_name = to->name;
  }
  const Customer& c = o.customer;
  f.customer_number = c.number;
  f.customer_name = c.name;
  f.company = c.company;
  f.phone = c.phone;
  f.email = c.email;
  f.qq = c.qq;
  f.wechat = c.wechat;
  f.channel = c.channel;
  f.city = c.city;
  f.needs = c.needs;
  f.assignment_number = o.a.number;
  f.rule = o.a.rule;
  f.reason = o.a.reason;
  f.assigned_at = o.a.at;
  f.deadline = o.a.deadline;
  f.note = note;
  return f;
}

// The notifications an assignment produces: the new owner, the previous owner ("told"), or
// an announcement for claiming when the customer went to the pool.
std::vector<std::int64_t> queue_notifications(Database& db, const Outcome& o, const Actor& actor) {
  NotificationStore store(db);
  std::vector<std::int64_t> ids;
  auto add = [&](const std::string& kind, const Staff* to, const std::string& note) {
    Notification n;
    n.at = o.a.at;
    n.staff_id = to ? std::optional<std::int64_t>(to->id) : std::nullopt;
    n.customer_id = o.customer.id;
    n.assignment_id = o.a.id;
    n.kind = kind;
    NotificationFacts facts = facts_for(o, kind, to, note);
    if (kind == "reassigned-away") facts.deadline.reset();  // the deadline is no longer theirs
    n.payload = notification_payload(facts);
    ids.push_back(store.add(n, actor));
  };
  std::string urgency =
      o.a.deadline ? fmt::format("urgent: contact within {0} minutes (加急, {0}分钟内联系)", (*o.a.deadline - o.a.at) / 60)
                   : "please get in touch (请尽快联系)";
  if (!o.staff) {
    add("pool", nullptr,
        fmt::format("unclaimed, claim with `csdesk assign claim {}` (待认领): {}", o.customer.number, o.a.reason));
    return ids;
  }
  if (o.a.rule == "claim") return ids;  // the owner did it themselves
  // register has told the owner of a returning customer already; tell again only with a deadline.
  if (o.a.rule == "owner" && !o.a.deadline &&
      AssignmentStore(db).owner_told_of_latest_contact(o.customer.id, o.staff->id))
    return ids;
  bool moved = o.previous && o.previous->id != o.staff->id;
  if (o.a.rule == "reassign") {
    add("reassigned", &*o.staff,
        fmt::format("reassigned to you from {} {} (转给您); {}", o.previous->number, o.previous->name, urgency));
  } else {
    add("assigned", &*o.staff, fmt::format("{}; {}", o.a.reason, urgency));
  }
  if (moved && o.previous->active)
    add("reassigned-away", &*o.previous,
        fmt::format("customer handed to {} {} (客户已转给 {}): {}", o.staff->number, o.staff->name, o.staff->name,
                    o.a.reason));
  return ids;
}

Outcome record_decision(Context& ctx, Database& db, const Customer& c, std::optional<std::int64_t> staff_id,
                        const std::string& rule, const std::string& reason, const AllocationState& state,
                        const Actor& actor, std::vector<std::int64_t>& notifications) {
  AssignmentStore store(db);
  bool urgent = staff_id && store.needs_urgent_contact(c);
  NewAssignment n;
  n.customer_id = c.id;
  n.staff_id = staff_id;
  n.rule = rule;
  n.reason = reason;
  n.urgent = urgent;
  if (urgent) n.deadline = ctx.now() + ctx.config().integer("assign.urgent_contact_minutes") * 60;
  Outcome o;
  o.previous = state.staff_by_id(c.owner_id);
  o.a = store.record(n, actor, ctx.now());
  o.customer = c;
  o.staff = state.staff_by_id(staff_id);
  auto ids = queue_notifications(db, o, actor);
  notifications.insert(notifications.end(), ids.begin(), ids.end());
  return o;
}

Outcome allocate_one(Context& ctx, Database& db, const Customer& c, const rules::AllocationSettings& settings,
                     AllocationState& state, const Actor& actor, std::vector<std::int64_t>& notifications) {
  AssignmentStore store(db);
  rules::CustomerFacts facts;
  facts.owner_id = c.owner_id;
  facts.returning = c.owner_id && store.has_returned(c.id);
  facts.city = c.city;
  facts.needs = c.needs;
  rules::Decision d = rules::allocate(facts, state.people, settings, state.cursors);
  state.take(d, store);
  return record_decision(ctx, db, c, d.staff_id, d.rule, d.reason, state, actor, notifications);
}

// --to and claim: an active salesperson, or why not.
Staff require_sales(const Staff& s, const std::string& what) {
  if (!s.active) fail_conflict("{}: {} {} is deactivated; choose an active salesperson (`csdesk staff list --role sales`)",
                               what, s.number, s.name);
  if (!s.has_role("sales"))
    fail_conflict("{}: {} {} is not in sales (roles: {}); choose a salesperson (`csdesk staff list --role sales`)", what,
                  s.number, s.name, join(s.roles, ","));
  return s;
}

Value opt_value(const std::optional<std::string>& s) { return s ? Value{*s} : Value{}; }
Value opt_value(const std::optional<Epoch>& t) { return t ? Value{*t} : Value{}; }

// What a run prints, filled as it goes so that a large run keeps only the rows it shows.
class Results {
 public:
  Results(bool dry_run, bool with_reason) : dry_run_(dry_run), with_reason_(with_reason) {
    table.columns = {{"assignment", "Assignment", "分配编号"},
                     {"customer", "Customer", "客户编号"},
                     {"name", "Name", "称呼"},
                     {"company", "Company", "公司"},
                     {"city", "City", "城市"},
                     {"staff", "To", "销售工号"},
                     {"staff_name", "Salesperson", "销售"},
                     {"previous", "Previous", "原负责人"},
                     {"rule", "Rule", "规则"},
                     {"urgent", "Urgent", "加急"},
                     {"deadline", "Contact by", "联系期限", Show::time}};
    if (with_reason_) table.columns.push_back({"reason", "Reason", "原因"});
  }

  void add(const Outcome& o) {
    std::vector<Value> row = {dry_run_ ? Value{} : Value{o.a.number},
                              o.customer.number,
                              o.customer.name,
                              opt_value(o.customer.company),
                              opt_value(o.customer.city),
                              o.staff ? Value{o.staff->number} : Value{},
                              o.staff ? Value{o.staff->name} : Value{},
                              o.previous ? Value{o.previous->number} : Value{},
                              o.a.rule,
                              o.a.urgent,
                              opt_value(o.a.deadline)};
    if (with_reason_) row.push_back(o.a.reason);
    table.add_row(std::move(row));
    per_[o.staff ? o.staff->number : "pool"]++;
  }

  bool empty() const { return table.rows.empty(); }

  // "30 customers: 2001 ×10, 2002 ×10, 2003 ×10" for stderr.
  std::string summary() const {
    std::vector<std::string> parts;
    for (const auto& [who, n] : per_) parts.push_back(fmt::format("{} ×{}", who, n));
    std::size_t count = table.rows.size();
    return fmt::format("{} customer{}{}{}", count, count == 1 ? "" : "s", parts.empty() ? "" : ": ", join(parts, ", "));
  }

  Table table;

 private:
  bool dry_run_, with_reason_;
  std::map<std::string, int> per_;
};

struct Delivery {
  Notification n;
  DeliveryResult result;
};

// Delivers after the assignments are committed, outside any write transaction, so a slow
// notifier never holds the database; each notification is held while it is sent so that a
// concurrent deliverer skips it. `ids`: these (just created), else every pending one.
// Printed notifications go to stderr even with --quiet: printing is their delivery.
std::vector<Delivery> deliver(Context& ctx, Database& db, const std::optional<std::vector<std::int64_t>>& ids) {
  NotificationStore store(db);
  std::vector<Notification> list;
  {
    Database::Transaction tx(db);
    list = store.claim(ids, deliverer_token(), deliverer_alive);
    tx.commit();
  }
  const std::string& command = ctx.config().text("notify.command");
  bool reveal = command.empty() && !list.empty() && ctx.may_reveal();
  if (reveal) ctx.record_reveal(list.size());
  std::vector<Delivery> out;
  for (const auto& n : list) {
    Delivery d{n, {}};
    if (command.empty()) {
      std::cerr << terminal_safe(notification_line(n.payload, reveal)) << "\n";
      d.result.ok = true;
    } else {
      d.result = run_notifier(command, n.payload);
    }
    out.push_back(std::move(d));
  }
  if (out.empty()) return out;
  Actor actor = ctx.actor();
  Database::Transaction tx(db);
  for (auto& d : out) {
    if (d.result.ok) {
      store.mark_sent(d.n.id, ctx.now(), actor);
      d.n.status = "sent";
      d.n.sent_at = ctx.now();
    } else {
      store.mark_failed(d.n.id, d.result.error, ctx.now(), actor);
      d.n.last_error = d.result.error;
    }
    d.n.attempts += 1;
  }
  tx.commit();
  std::size_t failed = std::count_if(out.begin(), out.end(), [](const Delivery& d) { return !d.result.ok; });
  if (failed)
    ctx.warn(fmt::format("{} notification{} not delivered ({}); kept pending: `csdesk assign notify` retries them", failed,
                         failed == 1 ? "" : "s",
                         std::find_if(out.begin(), out.end(), [](const Delivery& d) { return !d.result.ok; })->result.error));
  return out;
}

void run_assign(Context& ctx, const AssignOptions& o) {
  if (!o.to.empty() && o.customers.empty())
    fail_usage("--to: name the customers to hand over, e.g. `csdesk assign KH202611-0001 --to 2001`");
  Database& db = ctx.db();
  Actor actor = ctx.actor();
  auto settings = allocation_settings(ctx.config(), ctx.now());
  warn_unknown_numbers(ctx, settings, StaffStore(db).list());
  Results outcomes(o.dry_run, o.explain || ctx.spec().format != Format::table);
  std::vector<std::int64_t> notifications;

  if (!o.customers.empty()) {
    Database::Transaction tx(db);
    AllocationState state(db, ctx.now(), ctx.config().text("assign.rule"));
    CustomerStore customers(db);
    std::optional<Staff> to;
    if (!o.to.empty()) to = require_sales(StaffStore(db).get(o.to), "--to");
    std::vector<Customer> named;
    for (const auto& ref : o.customers) {
      Customer c = customers.get(ref);
      if (std::none_of(named.begin(), named.end(), [&](const Customer& n) { return n.id == c.id; })) named.push_back(c);
    }
    for (const auto& c : named) {
      if (to && c.owner_id == to->id)
        fail_conflict("{} is already assigned to {} {}; nothing to hand over", c.number, to->number, to->name);
    }
    for (const auto& c : named) {
      if (to) {
        auto previous = state.staff_by_id(c.owner_id);
        std::string reason = fmt::format("by hand ({}){}", actor.label,
                                         previous ? fmt::format("; was {} {}", previous->number, previous->name) : "");
        outcomes.add(record_decision(ctx, db, c, to->id, "manual", reason, state, actor, notifications));
      } else {
        outcomes.add(allocate_one(ctx, db, c, settings, state, actor, notifications));
      }
    }
    if (!o.dry_run) tx.commit();
  } else {
    // Each batch takes the write lock before reading who is waiting, so concurrent runs never
    // assign one customer twice or skip one. A dry run plans everything in one rolled-back batch.
    std::int64_t after = 0;
    while (true) {
      Database::Transaction tx(db);
      AssignmentStore store(db);
      auto ids = store.waiting(after, o.dry_run ? INT64_MAX : kBatch, o.pool);
      if (ids.empty()) break;
      AllocationState state(db, ctx.now(), ctx.config().text("assign.rule"));
      CustomerStore customers(db);
      for (auto id : ids) {
        auto c = customers.by_id(id);
        if (c) outcomes.add(allocate_one(ctx, db, *c, settings, state, actor, notifications));
      }
      after = ids.back();
      if (o.dry_run) break;
      tx.commit();
    }
  }

  ctx.print(outcomes.table);
  if (o.dry_run) {
    ctx.note("dry run: " + outcomes.summary() + "; nothing written");
    return;
  }
  ctx.note(outcomes.empty() ? "no customers waiting for an owner" : "assigned " + outcomes.summary());
  deliver(ctx, db, notifications);
}

Table view_table(const std::vector<AssignmentView>& rows, Epoch now) {
  Table t;
  t.columns = {{"assignment", "Assignment", "分配编号"},
               {"at", "At", "分配时间", Show::time},
               {"customer", "Customer", "客户编号"},
               {"name", "Name", "称呼"},
               {"company", "Company", "公司"},
               {"city", "City", "城市"},
               {"staff", "To", "销售工号"},
               {"staff_name", "Salesperson", "销售"},
               {"previous", "Previous", "原负责人"},
               {"rule", "Rule", "规则"},
               {"reason", "Reason", "原因"},
               {"operator", "Operator", "操作人"},
               {"urgent", "Urgent", "加急"},
               {"deadline", "Contact by", "联系期限", Show::time},
               {"contacted_at", "Contacted", "联系时间", Show::time},
               {"contacted_by", "Contacted by", "联系人"},
               {"overdue", "Overdue", "超时"},
               {"status", "Status", "状态"}};
  for (const auto& v : rows) {
    const Assignment& a = v.a;
    bool overdue = !a.superseded_at && a.urgent && a.deadline &&
                   (a.contacted_at ? *a.contacted_at > *a.deadline : now > *a.deadline);
    t.add_row({a.number, a.at, v.customer_number, v.customer_name, opt_value(v.company), opt_value(v.city),
               opt_value(v.staff_number), opt_value(v.staff_name), opt_value(v.previous_staff_number), a.rule, a.reason,
               a.operator_label, a.urgent, opt_value(a.deadline), opt_value(a.contacted_at),
               opt_value(v.contacted_by_number), overdue, a.superseded_at ? "superseded" : "current"});
  }
  return t;
}

// --until DATE includes that whole day; --until TIME is exclusive.
Epoch until_time(const std::string& text) {
  if (trim(text).size() == 10) {
    LocalTime d = parse_date(trim(text), "--until");
    return from_local(d.year, d.month, d.day + 1);
  }
  return parse_time(text, "--until");
}

void run_list(Context& ctx, const AssignOptions& o) {
  Database& db = ctx.db(Database::Open::existing);
  AssignmentFilter f;
  if (!o.to.empty()) f.staff_id = StaffStore(db).get(o.to).id;
  if (!o.customer.empty()) f.customer_id = CustomerStore(db).get(o.customer).id;
  if (!o.since.empty()) f.since = parse_time(o.since, "--since");
  if (!o.until.empty()) f.until = until_time(o.until);
  if (!o.rule.empty()) {
    if (std::find(rule_names().begin(), rule_names().end(), o.rule) == rule_names().end()) {
      std::string hint = closest_match(o.rule, rule_names());
      fail_invalid("--rule: '{}' is not a rule; use {}{}", o.rule, join(rule_names(), ", "),
                   hint.empty() ? "" : " (did you mean '" + hint + "'?)");
    }
    f.rule = o.rule;
  }
  f.urgent = o.urgent;
  f.current_only = o.current;
  if (o.overdue) f.overdue_at = ctx.now();
  ctx.print(view_table(AssignmentStore(db).list(f), ctx.now()));
}

void run_pool(Context& ctx) {
  AssignmentFilter f;
  f.rule = "pool";
  f.current_only = true;
  auto rows = AssignmentStore(ctx.db()).list(f);
  Table t;
  t.columns = {{"customer", "Customer", "客户编号"},
               {"name", "Name", "称呼"},
               {"company", "Company", "公司"},
               {"phone", "Phone", "电话", Show::plain, Personal::phone},
               {"city", "City", "城市"},
               {"needs", "Needs", "需求"},
               {"pooled_at", "In pool since", "入池时间", Show::time},
               {"reason", "Reason", "原因"}};
  for (const auto& v : rows)
    t.add_row({v.customer_number, v.customer_name, opt_value(v.company), opt_value(v.phone), opt_value(v.city),
               opt_value(v.needs), v.a.at, v.a.reason});
  ctx.print(t);
}

void run_claim(Context& ctx, const AssignOptions& o) {
  Staff me = require_sales(ctx.require_operator("assign claim: the salesperson claiming"), "--as");
  Database& db = ctx.db();
  Actor actor = ctx.actor();
  Results outcomes(false, true);
  std::vector<std::int64_t> notifications;
  Database::Transaction tx(db);
  AllocationState state(db, ctx.now(), ctx.config().text("assign.rule"));
  CustomerStore customers(db);
  std::vector<Customer> named;
  for (const auto& ref : o.customers) {
    Customer c = customers.get(ref);
    auto owner = state.staff_by_id(c.owner_id);
    if (owner && owner->id == me.id) fail_conflict("{} is already yours ({} {})", c.number, me.number, me.name);
    if (owner && owner->active && owner->has_role("sales"))
      fail_conflict("{} belongs to {} {}, not to the pool; only unclaimed customers can be claimed "
                    "(a supervisor can move it: `csdesk assign {} --to {}`)",
                    c.number, owner->number, owner->name, c.number, me.number);
    if (std::none_of(named.begin(), named.end(), [&](const Customer& n) { return n.id == c.id; })) named.push_back(c);
  }
  for (const auto& c : named) {
    std::string reason = fmt::format("claimed by {} {}{}", me.number, me.name, c.in_pool ? " from the pool" : "");
    outcomes.add(record_decision(ctx, db, c, me.id, "claim", reason, state, actor, notifications));
  }
  tx.commit();
  ctx.print(outcomes.table);
}

void run_contacted(Context& ctx, const AssignOptions& o) {
  Database& db = ctx.db();
  Actor actor = ctx.actor();
  Staff by = o.by.empty() ? ctx.require_operator("assign contacted: who made contact (or --by STAFF)")
                          : StaffStore(db).get(o.by);
  Epoch at = o.at.empty() ? ctx.now() : parse_time(o.at, "--at");
  if (at > ctx.now()) fail_invalid("--at: {} is later than now ({}); give the time contact was made", format_local(at),
                                   format_local(ctx.now()));
  Database::Transaction tx(db);
  AssignmentStore store(db);
  Customer c = CustomerStore(db).get(o.customers.front());
  auto current = store.current(c.id);
  if (!current || !current->staff_id)
    fail_conflict("{} has no salesperson (it is {}); assign or claim it first", c.number,
                  c.in_pool ? "in the unclaimed pool" : "unassigned");
  auto owner = StaffStore(db).by_id(*current->staff_id);
  if (current->contacted_at)
    fail_conflict("{}: contact was already recorded at {} on {}", c.number, format_local(*current->contacted_at),
                  current->number);
  if (*current->staff_id != by.id)
    fail_conflict("{} is assigned to {} {}, not to {} {}; record the owner's contact with --by {}", c.number,
                  owner->number, owner->name, by.number, by.name, owner->number);
  if (at < current->at)
    fail_invalid("--at: {} is before the assignment at {}; give the time contact was made", format_local(at),
                 format_local(current->at));
  Assignment a = store.record_contact(*current, by.id, at, actor, ctx.now());
  tx.commit();
  Table t;
  t.single = true;
  t.columns = {{"assignment", "Assignment", "分配编号"},
               {"customer", "Customer", "客户编号"},
               {"name", "Name", "称呼"},
               {"staff", "Salesperson", "销售"},
               {"assigned_at", "Assigned", "分配时间", Show::time},
               {"contacted_at", "Contacted", "联系时间", Show::time},
               {"taken", "Taken", "用时", Show::duration},
               {"deadline", "Contact by", "联系期限", Show::time},
               {"in_time", "In time", "按时"}};
  t.add_row({a.number, c.number, c.name, by.number + " " + by.name, a.at, at, at - a.at, opt_value(a.deadline),
             a.deadline ? Value{at <= *a.deadline} : Value{}});
  ctx.print(t);
}

void run_overdue(Context& ctx, const AssignOptions& o) {
  Database& db = ctx.db();
  AssignmentFilter f;
  f.overdue_at = ctx.now();
  if (!o.reassign) {
    auto rows = AssignmentStore(db).list(f);
    Table t;
    t.columns = {{"assignment", "Assignment", "分配编号"},
                 {"customer", "Customer", "客户编号"},
                 {"name", "Name", "称呼"},
                 {"company", "Company", "公司"},
                 {"staff", "Salesperson", "销售工号"},
                 {"staff_name", "Name", "销售"},
                 {"at", "Assigned", "分配时间", Show::time},
                 {"deadline", "Contact by", "联系期限", Show::time},
                 {"overdue_by", "Overdue by", "超时", Show::duration}};
    for (const auto& v : rows)
      t.add_row({v.a.number, v.customer_number, v.customer_name, opt_value(v.company), opt_value(v.staff_number),
                 opt_value(v.staff_name), v.a.at, opt_value(v.a.deadline), ctx.now() - *v.a.deadline});
    ctx.print(t);
    return;
  }
  Actor actor = ctx.actor();
  auto settings = allocation_settings(ctx.config(), ctx.now());
  Results outcomes(o.dry_run, true);
  std::vector<std::int64_t> notifications;
  std::vector<std::string> kept;
  {
    Database::Transaction tx(db);
    AssignmentStore store(db);
    AllocationState state(db, ctx.now(), ctx.config().text("assign.rule"));
    CustomerStore customers(db);
    for (const auto& v : store.list(f)) {
      auto c = customers.by_id(v.a.customer_id);
      rules::CustomerFacts facts;
      facts.owner_id = c->owner_id;
      facts.city = c->city;
      facts.needs = c->needs;
      rules::Decision d = rules::allocate(facts, state.people, settings, state.cursors, v.a.staff_id);
      if (!d.staff_id) {
        std::string why = d.reason.substr(0, d.reason.rfind(" → pool"));
        kept.push_back(fmt::format("{} stays with {}: {}; nobody to hand it to", c->number, v.staff_number.value_or("?"), why));
        continue;
      }
      state.take(d, store);
      std::string reason = fmt::format("not contacted by {} ({} min after {}); {}", format_local(*v.a.deadline),
                                       (*v.a.deadline - v.a.at) / 60, format_local(v.a.at), d.reason);
      outcomes.add(record_decision(ctx, db, *c, d.staff_id, "reassign", reason, state, actor, notifications));
    }
    if (!o.dry_run) tx.commit();
  }
  ctx.print(outcomes.table);
  for (const auto& k : kept) ctx.warn(k);
  if (o.dry_run) {
    ctx.note("dry run: " + outcomes.summary() + " would be reassigned; nothing written");
    return;
  }
  ctx.note(outcomes.empty() ? "nothing reassigned" : "reassigned " + outcomes.summary());
  deliver(ctx, db, notifications);
}

void run_notify(Context& ctx, const AssignOptions& o) {
  Database& db = ctx.db();
  std::vector<Delivery> results;
  if (o.dry_run) {
    for (const auto& n : NotificationStore(db).pending()) results.push_back(Delivery{n, {}});
  } else {
    results = deliver(ctx, db, std::nullopt);
  }
  StaffStore staff(db);
  CustomerStore customers(db);
  Table t;
  t.columns = {{"id", "#", "序号"},
               {"at", "At", "时间", Show::time},
               {"kind", "Kind", "类型"},
               {"staff", "To", "通知对象"},
               {"customer", "Customer", "客户编号"},
               {"status", "Status", "状态"},
               {"attempts", "Attempts", "尝试次数"},
               {"last_error", "Last error", "最近错误"}};
  for (const auto& d : results) {
    auto s = d.n.staff_id ? staff.by_id(*d.n.staff_id) : std::nullopt;
    auto c = d.n.customer_id ? customers.by_id(*d.n.customer_id) : std::nullopt;
    t.add_row({d.n.id, d.n.at, d.n.kind, s ? Value{s->number} : Value{"all sales"}, c ? Value{c->number} : Value{},
               d.n.status, d.n.attempts, opt_value(d.n.last_error)});
  }
  ctx.print(t);
  if (results.empty()) ctx.note("no pending notifications");
}

void setup_assign(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<AssignOptions>();
  auto* cmd = app.add_subcommand("assign", "Allocate customers to sales; pool, claim, urgent contact, notifications");
  cmd->require_subcommand(0, 1);
  cmd->add_option("CUSTOMER", o->customers, "Customers to allocate (KH… or id); none: every customer waiting");
  cmd->add_option("--to", o->to, "Assign by hand to this salesperson (工号 or name)");
  cmd->add_flag("--dry-run", o->dry_run, "Print the plan; write nothing");
  cmd->add_flag("--explain", o->explain, "Show the one-line reason for each customer");
  cmd->add_flag("--pool", o->pool, "Also try the unclaimed pool again (after adding staff or changing the rule)");
  cmd->footer(
      "Rules, in order: (1) a returning customer or a lead in progress stays with its owner if that owner is an\n"
      "active salesperson; (2) config assign.rule: round-robin, least-loaded, region or need, among active sales\n"
      "(only those on shift when assign.only_on_shift); (3) nobody eligible: the unclaimed pool.\n"
      "Examples:\n"
      "  csdesk --as 1001 assign --explain\n"
      "  csdesk assign KH202611-0001 KH202611-0002 --dry-run --explain\n"
      "  csdesk assign --pool --explain\n"
      "  csdesk --as 3001 assign KH202611-0001 --to 2002\n"
      "  csdesk assign overdue --reassign\n"
      "  csdesk assign list --to 2001 --since 2026-11-01 --csv");
  CommandRegistry::bind(cmd, [&ctx, o] { run_assign(ctx, *o); });

  auto* list = cmd->add_subcommand("list", "List assignments (every hand-over, current and superseded)");
  list->add_option("--to", o->to, "Only those to this salesperson");
  list->add_option("--customer", o->customer, "Only this customer's hand-overs");
  list->add_option("--since", o->since, "Assigned at or after (YYYY-MM-DD or a time)");
  list->add_option("--until", o->until, "Assigned before this time; a date includes that day");
  list->add_option("--rule", o->rule, "Only this rule: " + join(rule_names(), ", "));
  list->add_flag("--urgent", o->urgent, "Only urgent customers");
  list->add_flag("--overdue", o->overdue, "Only urgent customers past their contact deadline, not contacted");
  list->add_flag("--current", o->current, "Only current assignments (not superseded)");
  list->footer(
      "Examples:\n"
      "  csdesk assign list --since 2026-11-01 --until 2026-11-30 --rule round-robin\n"
      "  csdesk assign list --to 2001 --urgent --json\n"
      "  csdesk assign list --customer KH202611-0001");
  CommandRegistry::bind(list, [&ctx, o] { run_list(ctx, *o); });

  auto* pool = cmd->add_subcommand("pool", "List unclaimed customers (nobody eligible when they were allocated)");
  pool->footer("Example:\n  csdesk assign pool --lang zh");
  CommandRegistry::bind(pool, [&ctx] { run_pool(ctx); });

  auto* claim = cmd->add_subcommand("claim", "Claim unclaimed customers: the operator (a salesperson) becomes the owner");
  claim->add_option("CUSTOMER", o->customers, "Customers to claim")->required();
  claim->footer("Example:\n  csdesk --as 2001 assign claim KH202611-0007");
  CommandRegistry::bind(claim, [&ctx, o] { run_claim(ctx, *o); });

  auto* contacted = cmd->add_subcommand("contacted", "Record that the owner made contact with the customer");
  contacted->add_option("CUSTOMER", o->customers, "The customer contacted")->required()->expected(1);
  contacted->add_option("--by", o->by, "The salesperson who made contact (default: the operator, --as)");
  contacted->add_option("--at", o->at, "When contact was made (default: now)");
  contacted->footer(
      "Examples:\n"
      "  csdesk --as 2001 assign contacted KH202611-0001\n"
      "  csdesk --as 1001 assign contacted KH202611-0001 --by 2001 --at '2026-11-02 10:12'");
  CommandRegistry::bind(contacted, [&ctx, o] { run_contacted(ctx, *o); });

  auto* overdue = cmd->add_subcommand(
      "overdue", "Urgent customers not contacted within assign.urgent_contact_minutes (15 by default)");
  overdue->add_flag("--reassign", o->reassign,
                    "Hand each to the next eligible salesperson, tell the previous owner, start a new deadline");
  overdue->add_flag("--dry-run", o->dry_run, "With --reassign: print the plan; write nothing");
  overdue->footer(
      "Examples:\n"
      "  csdesk assign overdue\n"
      "  csdesk --as 1001 assign overdue --reassign");
  CommandRegistry::bind(overdue, [&ctx, o] { run_overdue(ctx, *o); });

  auto* notify = cmd->add_subcommand("notify", "Deliver pending notifications (those a failing notifier left)");
  notify->add_flag("--dry-run", o->dry_run, "List pending notifications; send nothing");
  notify->footer(
      "config notify.command runs with each notification's JSON on stdin; empty: printed to stderr.\n"
      "Examples:\n"
      "  csdesk assign notify\n"
      "  csdesk assign notify --dry-run --json");
  CommandRegistry::bind(notify, [&ctx, o] { run_notify(ctx, *o); });
}

}  // namespace
CSDESK_COMMAND(40, setup_assign);
}  // namespace csdesk
