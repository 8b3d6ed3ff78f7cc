// csdesk assign: hand customers to salespeople by rule (DOMAIN "Allocation rules"), the
// unclaimed pool, the urgent-contact deadline, and notifying the owner.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <map>

#include "assign/allocator.hpp"
#include "commands.hpp"
#include "context.hpp"
#include "notify_common.hpp"
#include "output/columns.hpp"
#include "rules/vocabulary.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace csdesk {
namespace {

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

// What a run prints, filled as it goes so that a large run keeps only the rows it shows.
// The columns of allocation outcomes. A dry run has no assignment numbers; the reason is shown in
// the terminal only when explained (--explain), in CSV and JSON always.
ColumnSpec<AllocationOutcome> outcome_columns(bool dry_run, bool explain) {
  using O = AllocationOutcome;
  return {
      {{"assignment", "Assignment", "分配编号"}, [dry_run](const O& o) { return dry_run ? Value{} : Value{o.a.number}; }},
      {{"customer", "Customer", "客户编号"}, [](const O& o) -> Value { return o.customer.number; }},
      {{"name", "Name", "称呼"}, [](const O& o) -> Value { return o.customer.name; }},
      {{"company", "Company", "公司"}, [](const O& o) { return opt_value(o.customer.company); }},
      {{"city", "City", "城市"}, [](const O& o) { return opt_value(o.customer.city); }},
      {{"staff", "To", "销售工号"}, [](const O& o) { return o.staff ? Value{o.staff->number} : Value{}; }},
      {{"staff_name", "Salesperson", "销售"}, [](const O& o) { return o.staff ? Value{o.staff->name} : Value{}; }},
      {{"previous", "Previous", "原负责人"}, [](const O& o) { return o.previous ? Value{o.previous->number} : Value{}; }},
      {Column{"rule", "Rule", "规则"}.with_terms(vocab::assign_rule), [](const O& o) -> Value { return o.a.rule; }},
      {{"urgent", "Urgent", "加急"}, [](const O& o) -> Value { return o.a.urgent; }},
      {{"deadline", "Contact by", "联系期限", Show::time}, [](const O& o) { return opt_value(o.a.deadline); }},
      {Column{"reason", "Reason", "原因"}.with_terms("allocation-reason"), [](const O& o) -> Value { return o.a.reason; },
       explain ? Shown::everywhere : Shown::machine_only},
  };
}

class Results {
 public:
  Results(bool dry_run, bool explain, Format format)
      : columns_(outcome_columns(dry_run, explain)), format_(format), table_(columns_.empty(format)) {}

  void add(const AllocationOutcome& o) {
    columns_.append(table_, o, format_);
    per_[o.staff ? o.staff->number : "pool"]++;
  }

  bool empty() const { return table_.rows.empty(); }

  std::size_t count() const { return table_.rows.size(); }
  // "2001 ×10, 2002 ×10, 2003 ×10": who got how many, for stderr ("pool" for the unclaimed).
  std::string per_person() const {
    std::vector<std::string> parts;
    for (const auto& [who, n] : per_)
      parts.push_back(fmt::format("{} ×{}", who == "pool" ? vocab::name(vocab::assign_rule, "pool") : who, n));
    return join(parts, language() == Lang::zh ? "、" : ", ");
  }

  const Table& table() const { return table_; }

 private:
  ColumnSpec<AllocationOutcome> columns_;
  Format format_;
  Table table_;
  std::map<std::string, int> per_;
};

// The notifications a run just queued.
void deliver(Context& ctx, Database& db, const std::vector<std::int64_t>& ids) {
  warn_undelivered(ctx, deliver_notifications(db, notification_channel(ctx), ctx.now(), ctx.actor(), ids));
}

void run_assign(Context& ctx, const AssignOptions& o) {
  if (!o.to.empty() && o.customers.empty())
    fail_usage("--to: name the customers to hand over, e.g. `csdesk assign KH202611-0001 --to 2001`");
  Database& db = ctx.db();
  auto settings = allocation_settings(ctx.config(), ctx.now());
  for (const auto& warning : unknown_staff_warnings(settings, StaffStore(db).list())) ctx.warn(warning);
  Results outcomes(o.dry_run, o.explain, ctx.spec().format);
  AllocateRequest request;
  request.customers = o.customers;
  request.pool = o.pool;
  request.dry_run = o.dry_run;
  request.to = o.to;
  auto notifications = allocate_customers(db, ctx.config(), ctx.now(), ctx.actor(), settings, request,
                                          [&](const AllocationOutcome& a) { outcomes.add(a); });
  ctx.print(outcomes.table());
  std::size_t n = outcomes.count();
  if (o.dry_run) {
    if (n == 0) ctx.note(std::string(tr("dry run: 0 customers; nothing written")));
    else if (n == 1) ctx.note(trf("dry run: 1 customer: {}; nothing written", outcomes.per_person()));
    else ctx.note(trf("dry run: {} customers: {}; nothing written", n, outcomes.per_person()));
    return;
  }
  if (n == 0) ctx.note(std::string(tr("no customers waiting for an owner")));
  else if (n == 1) ctx.note(trf("assigned 1 customer: {}", outcomes.per_person()));
  else ctx.note(trf("assigned {} customers: {}", n, outcomes.per_person()));
  deliver(ctx, db, notifications);
}

// Assignments as listed at `now` (which decides what is overdue).
ColumnSpec<AssignmentView> view_columns(Epoch now) {
  using V = AssignmentView;
  return {
      {{"assignment", "Assignment", "分配编号"}, [](const V& v) -> Value { return v.a.number; }},
      {{"at", "At", "分配时间", Show::time}, [](const V& v) -> Value { return v.a.at; }},
      {{"customer", "Customer", "客户编号"}, member(&V::customer_number)},
      {{"name", "Name", "称呼"}, member(&V::customer_name)},
      {{"company", "Company", "公司"}, member(&V::company)},
      {{"city", "City", "城市"}, member(&V::city)},
      {{"staff", "To", "销售工号"}, member(&V::staff_number)},
      {{"staff_name", "Salesperson", "销售"}, member(&V::staff_name)},
      {{"previous", "Previous", "原负责人"}, member(&V::previous_staff_number)},
      {Column{"rule", "Rule", "规则"}.with_terms(vocab::assign_rule), [](const V& v) -> Value { return v.a.rule; }},
      {Column{"reason", "Reason", "原因"}.with_terms("allocation-reason"), [](const V& v) -> Value { return v.a.reason; }},
      {{"operator", "Operator", "操作人"}, [](const V& v) -> Value { return v.a.operator_label; }},
      {{"urgent", "Urgent", "加急"}, [](const V& v) -> Value { return v.a.urgent; }},
      {{"deadline", "Contact by", "联系期限", Show::time}, [](const V& v) { return opt_value(v.a.deadline); }},
      {{"contacted_at", "Contacted", "联系时间", Show::time}, [](const V& v) { return opt_value(v.a.contacted_at); }},
      {{"contacted_by", "Contacted by", "联系人"}, member(&V::contacted_by_number)},
      {{"overdue", "Overdue", "超时"},
       [now](const V& v) -> Value {
         return allocation::missed_contact_deadline(!v.a.superseded_at, v.a.urgent, v.a.deadline, v.a.contacted_at, now);
       }},
      {Column{"status", "Status", "状态"}.with_terms(vocab::assignment_status), [](const V& v) -> Value { return std::string(v.a.superseded_at ? "superseded" : "current"); }},
  };
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
    auto rule = vocab::parse(vocab::assign_rule, o.rule, rule_names());
    if (!rule)
      fail_invalid("--rule: '{}' is not a rule; use {}{}", o.rule,
                   language() == Lang::zh ? vocab::listed(vocab::assign_rule, rule_names()) : join(rule_names(), ", "),
                   did_you_mean(o.rule, rule_names()));
    f.rule = *rule;
  }
  f.urgent = o.urgent;
  f.current_only = o.current;
  if (o.overdue) f.overdue_at = ctx.now();
  ctx.print(view_columns(ctx.now()).table(AssignmentStore(db).list(f), ctx.spec().format));
}

void run_pool(Context& ctx) {
  AssignmentFilter f;
  f.rule = "pool";
  f.current_only = true;
  auto rows = AssignmentStore(ctx.db()).list(f);
  using V = AssignmentView;
  static const ColumnSpec<V> pool_columns{
      {{"customer", "Customer", "客户编号"}, member(&V::customer_number)},
      {{"name", "Name", "称呼"}, member(&V::customer_name)},
      {{"company", "Company", "公司"}, member(&V::company)},
      {{"phone", "Phone", "电话", Show::plain, Personal::phone}, member(&V::phone)},
      {{"city", "City", "城市"}, member(&V::city)},
      {{"needs", "Needs", "需求"}, member(&V::needs)},
      {{"pooled_at", "In pool since", "入池时间", Show::time}, [](const V& v) -> Value { return v.a.at; }},
      {Column{"reason", "Reason", "原因"}.with_terms("allocation-reason"), [](const V& v) -> Value { return v.a.reason; }},
  };
  Table t = pool_columns.table(rows, ctx.spec().format, {}, [&ctx](const V& v) { return ctx.sees_contacts_of(v.a.customer_id); });
  ctx.print(t, ctx.reveal_personal(t));
}

void run_claim(Context& ctx, const AssignOptions& o) {
  Staff me = ctx.require_operator("assign claim: the salesperson claiming");
  Results outcomes(false, true, ctx.spec().format);
  claim_customers(ctx.db(), ctx.config(), ctx.now(), ctx.actor(), me, o.customers,
                  [&](const AllocationOutcome& a) { outcomes.add(a); });
  ctx.print(outcomes.table());
}

void run_contacted(Context& ctx, const AssignOptions& o) {
  Database& db = ctx.db();
  Staff by = o.by.empty() ? ctx.require_operator("assign contacted: who made contact (or --by STAFF)")
                          : StaffStore(db).get(o.by);
  Epoch at = o.at.empty() ? ctx.now() : parse_time(o.at, "--at");
  if (at > ctx.now()) fail_invalid("--at: {} is later than now ({}); give the time contact was made", format_local(at),
                                   format_local(ctx.now()));
  auto [a, c] = record_contact(db, ctx.now(), ctx.actor(), o.customers.front(), by, at);
  // The contact made `at`, on the assignment it answers.
  struct Contact {
    const Assignment& a;
    const Customer& c;
    const Staff& by;
    Epoch at;
  };
  static const ColumnSpec<Contact> contact_columns{
      {{"assignment", "Assignment", "分配编号"}, [](const Contact& k) -> Value { return k.a.number; }},
      {{"customer", "Customer", "客户编号"}, [](const Contact& k) -> Value { return k.c.number; }},
      {{"name", "Name", "称呼"}, [](const Contact& k) -> Value { return k.c.name; }},
      {{"staff", "Salesperson", "销售"}, [](const Contact& k) -> Value { return k.by.number + " " + k.by.name; }},
      {{"assigned_at", "Assigned", "分配时间", Show::time}, [](const Contact& k) -> Value { return k.a.at; }},
      {{"contacted_at", "Contacted", "联系时间", Show::time}, [](const Contact& k) -> Value { return k.at; }},
      {{"taken", "Taken", "用时", Show::duration}, [](const Contact& k) -> Value { return k.at - k.a.at; }},
      {{"deadline", "Contact by", "联系期限", Show::time}, [](const Contact& k) { return opt_value(k.a.deadline); }},
      {{"in_time", "In time", "按时"},
       [](const Contact& k) { return k.a.deadline ? Value{k.at <= *k.a.deadline} : Value{}; }},
  };
  ctx.print(contact_columns.single(Contact{a, c, by, at}, ctx.spec().format));
}

void run_overdue(Context& ctx, const AssignOptions& o) {
  Database& db = ctx.db();
  AssignmentFilter f;
  f.overdue_at = ctx.now();
  if (!o.reassign) {
    auto rows = AssignmentStore(db).list(f);
    using V = AssignmentView;
    Epoch now = ctx.now();
    ColumnSpec<V> overdue_columns{
        {{"assignment", "Assignment", "分配编号"}, [](const V& v) -> Value { return v.a.number; }},
        {{"customer", "Customer", "客户编号"}, member(&V::customer_number)},
        {{"name", "Name", "称呼"}, member(&V::customer_name)},
        {{"company", "Company", "公司"}, member(&V::company)},
        {{"staff", "Salesperson", "销售工号"}, member(&V::staff_number)},
        {{"staff_name", "Name", "销售"}, member(&V::staff_name)},
        {{"at", "Assigned", "分配时间", Show::time}, [](const V& v) -> Value { return v.a.at; }},
        {{"deadline", "Contact by", "联系期限", Show::time}, [](const V& v) { return opt_value(v.a.deadline); }},
        // Listed only when past a deadline, so there is one.
        {{"overdue_by", "Overdue by", "超时", Show::duration}, [now](const V& v) -> Value { return now - *v.a.deadline; }},
    };
    ctx.print(overdue_columns.table(rows, ctx.spec().format));
    return;
  }
  Results outcomes(o.dry_run, true, ctx.spec().format);
  auto result = reassign_overdue(db, ctx.config(), ctx.now(), ctx.actor(), o.dry_run,
                                 [&](const AllocationOutcome& a) { outcomes.add(a); });
  ctx.print(outcomes.table());
  for (const auto& k : result.kept) ctx.warn(k);
  std::size_t n = outcomes.count();
  if (o.dry_run) {
    if (n == 0) ctx.note(std::string(tr("dry run: 0 customers would be reassigned; nothing written")));
    else if (n == 1) ctx.note(trf("dry run: 1 customer: {} would be reassigned; nothing written", outcomes.per_person()));
    else ctx.note(trf("dry run: {} customers: {} would be reassigned; nothing written", n, outcomes.per_person()));
    return;
  }
  if (n == 0) ctx.note(std::string(tr("nothing reassigned")));
  else if (n == 1) ctx.note(trf("reassigned 1 customer: {}", outcomes.per_person()));
  else ctx.note(trf("reassigned {} customers: {}", n, outcomes.per_person()));
  deliver(ctx, db, result.notifications);
}

void run_notify(Context& ctx, const AssignOptions& o) {
  Database& db = ctx.db();
  std::vector<Delivery> results = deliver_pending(db, notification_channel(ctx), ctx.now(), ctx.actor(), o.dry_run);
  if (!o.dry_run) warn_undelivered(ctx, results);
  StaffStore staff(db);
  CustomerStore customers(db);
  ColumnSpec<Delivery> delivery_columns{
      {{"id", "#", "序号"}, [](const Delivery& d) -> Value { return d.n.id; }},
      {{"at", "At", "时间", Show::time}, [](const Delivery& d) -> Value { return d.n.at; }},
      {Column{"kind", "Kind", "类型"}.with_terms(vocab::notification_kind), [](const Delivery& d) -> Value { return d.n.kind; }},
      {Column{"staff", "To", "通知对象"}.with_terms(vocab::notification_target),
       [&staff](const Delivery& d) {
         auto s = d.n.staff_id ? staff.by_id(*d.n.staff_id) : std::nullopt;
         return s ? Value{s->number} : Value{"all sales"};
       }},
      {{"customer", "Customer", "客户编号"},
       [&customers](const Delivery& d) {
         auto c = d.n.customer_id ? customers.by_id(*d.n.customer_id) : std::nullopt;
         return c ? Value{c->number} : Value{};
       }},
      {Column{"status", "Status", "状态"}.with_terms(vocab::notification_status), [](const Delivery& d) -> Value { return d.n.status; }},
      {{"attempts", "Attempts", "尝试次数"}, [](const Delivery& d) -> Value { return d.n.attempts; }},
      {{"last_error", "Last error", "最近错误"}, [](const Delivery& d) { return opt_value(d.n.last_error); }},
  };
  ctx.print(delivery_columns.table(results, ctx.spec().format));
  if (results.empty()) ctx.note(std::string(tr("no pending notifications")));
}

}  // namespace

void setup_assign(CLI::App& app, Context& ctx, CommandActions& actions) {
  auto o = std::make_shared<AssignOptions>();
  auto* cmd = app.add_subcommand("assign", std::string(tr("Allocate customers to sales; pool, claim, urgent contact, notifications")));
  cmd->require_subcommand(0, 1);
  cmd->add_option("CUSTOMER", o->customers, std::string(tr("Customers to allocate (KH… or id); none: every customer waiting")));
  cmd->add_option("--to", o->to, std::string(tr("Assign by hand to this salesperson (工号 or name)")));
  cmd->add_flag("--dry-run", o->dry_run, std::string(tr("Print the plan; write nothing")));
  cmd->add_flag("--explain", o->explain, std::string(tr("Show the one-line reason for each customer")));
  cmd->add_flag("--pool", o->pool, std::string(tr("Also try the unclaimed pool again (after adding staff or changing the rule)")));
  cmd->footer(
      std::string(tr("Rules, in order: (1) a returning customer or a lead in progress stays with its owner if that owner is an\n"
      "active salesperson; (2) config assign.rule: round-robin, least-loaded, region or need, among active sales\n"
      "(only those on shift when assign.only_on_shift); (3) nobody eligible: the unclaimed pool.\n"
      "Examples:\n"
      "  csdesk --as 1001 assign --explain\n"
      "  csdesk assign KH202611-0001 KH202611-0002 --dry-run --explain\n"
      "  csdesk assign --pool --explain\n"
      "  csdesk --as 3001 assign KH202611-0001 --to 2002\n"
      "  csdesk assign overdue --reassign\n"
      "  csdesk assign list --to 2001 --since 2026-11-01 --csv")));
  actions.bind(cmd, [&ctx, o] { run_assign(ctx, *o); });

  auto* list = cmd->add_subcommand("list", std::string(tr("List assignments (every hand-over, current and superseded)")));
  list->add_option("--to", o->to, std::string(tr("Only those to this salesperson")));
  list->add_option("--customer", o->customer, std::string(tr("Only this customer's hand-overs")));
  list->add_option("--since", o->since, std::string(tr("Assigned at or after (YYYY-MM-DD or a time)")));
  list->add_option("--until", o->until, std::string(tr("Assigned before this time; a date includes that day")));
  list->add_option("--rule", o->rule, trf("Only this rule: {}", join(rule_names(), ", ")));
  list->add_flag("--urgent", o->urgent, std::string(tr("Only urgent customers")));
  list->add_flag("--overdue", o->overdue, std::string(tr("Only urgent customers past their contact deadline, not contacted")));
  list->add_flag("--current", o->current, std::string(tr("Only current assignments (not superseded)")));
  list->footer(
      std::string(tr("Examples:\n"
      "  csdesk assign list --since 2026-11-01 --until 2026-11-30 --rule round-robin\n"
      "  csdesk assign list --to 2001 --urgent --json\n"
      "  csdesk assign list --customer KH202611-0001")));
  actions.bind(list, [&ctx, o] { run_list(ctx, *o); });

  auto* pool = cmd->add_subcommand("pool", std::string(tr("List unclaimed customers (nobody eligible when they were allocated)")));
  pool->footer(std::string(tr("Example:\n  csdesk assign pool --lang zh")));
  actions.bind(pool, [&ctx] { run_pool(ctx); });

  auto* claim = cmd->add_subcommand("claim", std::string(tr("Claim unclaimed customers: the operator (a salesperson) becomes the owner")));
  claim->add_option("CUSTOMER", o->customers, std::string(tr("Customers to claim")))->required();
  claim->footer(std::string(tr("Example:\n  csdesk --as 2001 assign claim KH202611-0007")));
  actions.bind(claim, [&ctx, o] { run_claim(ctx, *o); });

  auto* contacted = cmd->add_subcommand("contacted", std::string(tr("Record that the owner made contact with the customer")));
  contacted->add_option("CUSTOMER", o->customers, std::string(tr("The customer contacted")))->required()->expected(1);
  contacted->add_option("--by", o->by, std::string(tr("The salesperson who made contact (default: the operator, --as)")));
  contacted->add_option("--at", o->at, std::string(tr("When contact was made (default: now)")));
  contacted->footer(
      std::string(tr("Examples:\n"
      "  csdesk --as 2001 assign contacted KH202611-0001\n"
      "  csdesk --as 1001 assign contacted KH202611-0001 --by 2001 --at '2026-11-02 10:12'")));
  actions.bind(contacted, [&ctx, o] { run_contacted(ctx, *o); });

  auto* overdue = cmd->add_subcommand(
      "overdue", std::string(tr("Urgent customers not contacted within assign.urgent_contact_minutes (15 by default)")));
  overdue->add_flag("--reassign", o->reassign,
                    std::string(tr("Hand each to the next eligible salesperson, tell the previous owner, start a new deadline")));
  overdue->add_flag("--dry-run", o->dry_run, std::string(tr("With --reassign: print the plan; write nothing")));
  overdue->footer(
      std::string(tr("Examples:\n"
      "  csdesk assign overdue\n"
      "  csdesk --as 1001 assign overdue --reassign")));
  actions.bind(overdue, [&ctx, o] { run_overdue(ctx, *o); });

  auto* notify = cmd->add_subcommand("notify", std::string(tr("Deliver pending notifications (those a failing notifier left)")));
  notify->add_flag("--dry-run", o->dry_run, std::string(tr("List pending notifications; send nothing")));
  notify->footer(
      std::string(tr("config notify.command runs with each notification's JSON on stdin; empty: printed to stderr.\n"
      "Examples:\n"
      "  csdesk assign notify\n"
      "  csdesk assign notify --dry-run --json")));
  actions.bind(notify, [&ctx, o] { run_notify(ctx, *o); });
}

}  // namespace csdesk
