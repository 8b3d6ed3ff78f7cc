// csdesk complain: complaints and feedback (投诉 / 顾客反馈) from intake to closing, with SLA
// clocks, escalation and the progress log that is the department's feedback record.
#include <CLI/CLI.hpp>

#include "care_common.hpp"
#include "commands.hpp"
#include "context.hpp"
#include "customer_flags.hpp"
#include "util/error.hpp"
#include "rules/complaint_sla.hpp"
#include "rules/complaint_state.hpp"
#include "rules/normalise.hpp"
#include "util/text.hpp"

namespace csdesk {
namespace {

struct ComplainOptions {
  std::string ref, customer, content, category, priority = "P3", received_at, handler, about;
  CustomerFlags new_customer;
  std::string note, cause, measure, solution, to, reason;
  std::string status, handler_filter, priority_filter, category_filter, customer_filter, due_within, since, until;
  bool overdue = false;
};

std::string channel_flag(const ComplainOptions& o) { return o.new_customer.raw[static_cast<size_t>(Field::channel)]; }

std::string check_category(const Context& ctx, const std::string& text, const char* flag) {
  std::string c = trim(nfkc(text, flag));
  const auto& allowed = ctx.config().list("complaint.categories");
  if (std::find(allowed.begin(), allowed.end(), c) != allowed.end()) return c;
  fail_not_one_of(flag, text, c, "complaint category", allowed, " (config complaint.categories)");
}

std::string check_priority(const std::string& text, const char* flag) {
  if (auto p = parse_priority(text)) return *p;
  fail_invalid("{}: '{}' is not a priority; use P1, P2 or P3 (紧急, 高, 普通)", flag, text);
}

std::string check_status(const std::string& text) {
  std::string s = to_lower_ascii(trim(text));
  const auto& all = complaint_statuses();
  if (std::find(all.begin(), all.end(), s) != all.end()) return s;
  fail_invalid("--status: '{}' is not a complaint status; use {}", text, join(all, ", "));
}

ComplaintTimes times_of(ComplaintStore& store, const Complaint& c) {
  return ComplaintTimes{c.priority, c.status, c.received_at, c.first_response_at, c.resolved_at, store.pauses(c.id)};
}

Table complaint_table(Context& ctx, Database& db, const std::vector<Complaint>& list, bool single) {
  ComplaintStore store(db);
  StaffNames staff(db);
  CustomerCache customers(db);
  WorkCalendar cal = sla_calendar(ctx.config());
  Table t;
  t.single = single;
  t.columns = {{"number", "Complaint", "投诉编号"},
               {"received_at", "Received", "受理时间", Show::time},
               {"customer", "Customer", "客户编号"},
               {"customer_name", "Name", "称呼"},
               {"company", "Company", "公司"},
               {"category", "Category", "类别"},
               {"priority", "Priority", "优先级"},
               {"status", "Status", "处理状态"},
               {"handler", "Handler", "处理人员"},
               {"escalation", "Escalation", "升级级别"},
               {"next_deadline", "Next deadline", "下一时限", Show::time},
               {"overdue", "Overdue", "超时"},
               {"content", "Content", "反馈内容"}};
  if (single) {
    std::vector<Column> more = {{"channel", "Channel", "渠道"},
                                {"about", "About staff", "被投诉人"},
                                {"cause", "Cause", "原因分析"},
                                {"measure", "Measures", "处理措施"},
                                {"solution", "Solution", "解决方案"},
                                {"first_response_at", "First response", "首次响应", Show::time},
                                {"resolved_at", "Resolved", "解决时间", Show::time},
                                {"closed_at", "Closed", "关闭时间", Show::time},
                                {"reopened_count", "Reopened", "重开次数"},
                                {"satisfaction", "Satisfaction", "满意度"}};
    t.columns.insert(t.columns.end(), more.begin(), more.end());
  }
  for (const auto& c : list) {
    const Customer& cu = customers.get(c.customer_id);
    ComplaintClocks clocks = complaint_clocks(ctx.config(), cal, times_of(store, c), ctx.now());
    std::vector<Value> row = {c.number,
                              c.received_at,
                              cu.number,
                              cu.name,
                              opt_value(cu.company),
                              opt_value(c.category),
                              c.priority,
                              c.status,
                              staff.label(c.handler_id),
                              fmt::format("{} {}", c.escalation_level, escalation_name(c.escalation_level)),
                              clocks.next_deadline ? Value{*clocks.next_deadline} : Value{},
                              clocks.overdue,
                              c.content};
    if (single) {
      std::vector<Value> more = {opt_value(c.channel),       staff.label(c.about_staff_id), opt_value(c.cause),
                                 opt_value(c.measure),       opt_value(c.solution),         opt_value(c.first_response_at),
                                 opt_value(c.resolved_at),   opt_value(c.closed_at),        c.reopened_count,
                                 opt_value(c.satisfaction)};
      row.insert(row.end(), more.begin(), more.end());
    }
    t.add_row(std::move(row));
  }
  return t;
}

Table clocks_table(const ComplaintClocks& clocks) {
  Table t;
  t.name = "sla";
  t.title_en = "SLA clocks";
  t.title_zh = "时限";
  t.columns = {{"clock", "Clock", "时限项"},
               {"budget", "Allowed", "时限", Show::duration},
               {"started", "Started", "起算", Show::time},
               {"deadline", "Deadline", "截止", Show::time},
               {"stopped_at", "Done at", "完成时间", Show::time},
               {"elapsed", "Elapsed (working)", "已用工作时间", Show::duration},
               {"paused", "Paused", "暂停(待客户)", Show::duration},
               {"remaining", "Remaining", "剩余", Show::duration},
               {"breached", "Breached", "超时"},
               {"over_by", "Over by", "超出", Show::duration}};
  auto row = [&](const char* name, const SlaClock& c) {
    t.add_row({std::string(name), c.budget, c.start, c.deadline, c.stopped ? Value{c.stop} : Value{}, c.elapsed,
               c.paused, c.remaining, c.breached, c.over});
  };
  row("first-response", clocks.first_response);
  row("resolution", clocks.resolution);
  return t;
}

Table log_table(Database& db, const std::vector<ComplaintLogLine>& lines) {
  StaffNames staff(db);
  Table t;
  t.name = "timeline";
  t.title_en = "Progress log";
  t.title_zh = "处理记录";
  t.columns = {{"at", "Date", "日期", Show::time},          {"action", "Action", "操作"},
               {"status", "Status", "处理状态"},            {"content", "Content", "内容"},
               {"measure", "Measures", "处理措施"},          {"handler", "Handler", "处理人员"},
               {"actor", "By", "操作人"}};
  for (const auto& l : lines)
    t.add_row({l.at, l.action, l.status_after, opt_value(l.content), opt_value(l.measure), staff.label(l.handler_id),
               l.actor});
  return t;
}

Staff active_staff(Database& db, const std::string& ref, const char* flag) {
  auto s = StaffStore(db).find(ref);
  if (!s) fail_not_found("{}: no staff member '{}'; see `csdesk staff list`", flag, ref);
  if (!s->active) fail_conflict("{}: {} {} is deactivated; choose an active staff member", flag, s->number, s->name);
  return *s;
}

void run_new(Context& ctx, const ComplainOptions& o) {
  auto content = given(o.content, "--content");
  if (!content) fail_invalid("--content: say what the customer complains about (反馈内容)");
  Complaint c;
  c.content = *content;
  if (!o.category.empty()) c.category = check_category(ctx, o.category, "--category");
  c.priority = check_priority(o.priority, "--priority");
  if (!trim(channel_flag(o)).empty()) c.channel = normalise_channel(channel_flag(o));
  c.received_at = o.received_at.empty() ? ctx.now() : parse_time(o.received_at, "--received-at");
  if (c.received_at > ctx.now())
    fail_invalid("--received-at: {} is later than now ({}); give the time the complaint came in", format_local(c.received_at),
                 format_local(ctx.now()));
  const std::string& name = o.new_customer.raw[static_cast<size_t>(Field::name)];
  if (o.customer.empty() == name.empty())
    fail_usage("complain new: name the customer with --customer KH… or register one on the spot with --name … (not both)");

  Database& db = ctx.db();
  Actor actor = ctx.actor();
  Database::Transaction tx(db);
  if (!o.handler.empty()) c.handler_id = active_staff(db, o.handler, "--handler").id;
  else if (actor.staff_id) c.handler_id = actor.staff_id;
  if (!o.about.empty()) c.about_staff_id = StaffStore(db).get(o.about).id;
  if (!o.customer.empty()) {
    c.customer_id = CustomerStore(db).get(o.customer).id;
  } else {
    Staff agent = ctx.require_operator("complain new --name registers the customer and records who took the contact");
    CustomerFlags flags = o.new_customer;
    auto& contacted = flags.raw[static_cast<size_t>(Field::contacted_at)];
    if (contacted.empty()) contacted = format_local_seconds(c.received_at);
    Intake in{actor, agent.id, ctx.now(), ctx.config().integer("intake.register_limit_minutes") * 60};
    RegisterResult r = CustomerStore(db).register_contact(flags.contact(ctx.now()), in);
    c.customer_id = r.customer.id;
    ctx.note(fmt::format("{} customer {} {}", r.returning ? "returning" : "registered", r.customer.number, r.customer.name));
    for (const auto& line : duplicate_notes(r)) ctx.warn(line);
  }
  Complaint created = ComplaintStore(db).create(c, actor, ctx.now());
  tx.commit();
  ctx.print(complaint_table(ctx, db, {created}, true));
}

// One verb on one complaint: `edit` changes the record, the store checks and logs the transition.
void apply_verb(Context& ctx, const ComplainOptions& o, const std::string& verb, ComplaintNote note,
                const std::function<void(Database&, const Complaint& before, Complaint& after)>& edit) {
  Database& db = ctx.db();
  Actor actor = ctx.actor();
  Database::Transaction tx(db);
  ComplaintStore store(db);
  Complaint before = store.get(o.ref);
  require_verb(before, verb);  // the state first, so a refusal names it before any other problem
  Complaint after = before;
  edit(db, before, after);
  after = store.change(before, after, verb, note, actor, ctx.now());
  std::optional<Revisit> followup;
  if (verb == "resolve") followup = plan_followup(ctx, db, after);
  if (verb == "reopen") {
    int cancelled = RevisitStore(db).cancel_followups(after.id, actor, ctx.now());
    if (cancelled) ctx.note(fmt::format("cancelled {} planned follow-up revisit(s)", cancelled));
  }
  tx.commit();
  if (followup)
    ctx.note(fmt::format("follow-up revisit {} due {}{}", followup->number, format_local(*followup->due_at),
                         followup->agent_id ? "" : " (not allotted: no active revisit agent)"));
  ctx.print(complaint_table(ctx, db, {after}, true));
}

void run_show(Context& ctx, const ComplainOptions& o) {
  Database& db = ctx.db();
  ComplaintStore store(db);
  Complaint c = store.get(o.ref);
  Table main = complaint_table(ctx, db, {c}, true);
  main.name = "complaint";
  main.title_en = "Complaint";
  main.title_zh = "投诉";
  WorkCalendar cal = sla_calendar(ctx.config());
  ctx.print_sections({main, clocks_table(complaint_clocks(ctx.config(), cal, times_of(store, c), ctx.now())),
                      log_table(db, store.log(c.id))});
}

void run_sla(Context& ctx, const ComplainOptions& o) {
  Database& db = ctx.db();
  ComplaintStore store(db);
  Complaint c = store.get(o.ref);
  WorkCalendar cal = sla_calendar(ctx.config());
  ComplaintTimes times = times_of(store, c);
  ComplaintClocks clocks = complaint_clocks(ctx.config(), cal, times, ctx.now());

  Table basis;
  basis.name = "basis";
  basis.title_en = "Basis";
  basis.title_zh = "计算依据";
  basis.single = true;
  basis.columns = {{"number", "Complaint", "投诉编号"},
                   {"priority", "Priority", "优先级"},
                   {"status", "Status", "处理状态"},
                   {"calendar", "Counted time", "计时方式"},
                   {"timezone", "Time zone", "时区"},
                   {"now", "Now", "当前时间", Show::time},
                   {"overdue", "Overdue", "超时"}};
  basis.add_row({c.number, c.priority, c.status, cal.describe(), ctx.config().text("timezone"), ctx.now(), clocks.overdue});

  Table pauses;
  pauses.name = "pauses";
  pauses.title_en = "Waiting on the customer (clock stopped)";
  pauses.title_zh = "待客户(暂停计时)";
  pauses.columns = {{"started", "From", "开始", Show::time},
                    {"ended", "Until", "结束", Show::time},
                    {"working_time", "Working time", "工作时间", Show::duration}};
  for (const auto& p : times.pauses)
    pauses.add_row({p.begin, p.end ? Value{*p.end} : Value{}, working_between(cal, p.begin, p.end.value_or(ctx.now()))});
  ctx.print_sections({basis, clocks_table(clocks), pauses});
}

void run_list(Context& ctx, const ComplainOptions& o) {
  Database& db = ctx.db();
  ComplaintFilter f;
  if (!o.status.empty()) f.status = check_status(o.status);
  if (!o.priority_filter.empty()) f.priority = check_priority(o.priority_filter, "--priority");
  if (!o.category_filter.empty()) f.category = check_category(ctx, o.category_filter, "--category");
  if (!o.handler_filter.empty()) f.handler_id = StaffStore(db).get(o.handler_filter).id;
  if (!o.customer_filter.empty()) f.customer_id = CustomerStore(db).get(o.customer_filter).id;
  if (!o.since.empty()) f.since = parse_time(o.since, "--since");
  if (!o.until.empty()) f.until = parse_time(o.until, "--until");
  std::optional<std::int64_t> within;
  if (!o.due_within.empty()) within = parse_duration(o.due_within, "--due-within");

  ComplaintStore store(db);
  WorkCalendar cal = sla_calendar(ctx.config());
  std::vector<Complaint> shown;
  for (const auto& c : store.list(f)) {
    if (o.overdue || within) {
      ComplaintClocks clocks = complaint_clocks(ctx.config(), cal, times_of(store, c), ctx.now());
      if (o.overdue && !clocks.overdue) continue;
      if (within && (clocks.overdue || !clocks.next_deadline || *clocks.next_deadline > ctx.now() + *within)) continue;
    }
    shown.push_back(c);
  }
  ctx.print(complaint_table(ctx, db, shown, false));
}

}  // namespace

void setup_complain(CLI::App& app, Context& ctx, CommandActions& actions) {
  auto* cmd = app.add_subcommand("complain", "Complaints and feedback (投诉/顾客反馈): intake, SLA, escalation, progress log");
  cmd->require_subcommand(1);
  cmd->footer(
      "States: open → in-progress → (pending-customer ⇄ in-progress) → resolved → closed; reopened.\n"
      "Examples:\n"
      "  csdesk --as 3001 complain new --customer KH202611-0001 --content 发票金额错误 --category billing --priority P1\n"
      "  csdesk --as 3001 complain respond TS202611-0001 --note 已致电王女士\n"
      "  csdesk complain list --overdue\n"
      "  csdesk complain sla TS202611-0001");
  auto o = std::make_shared<ComplainOptions>();
  auto ref_arg = [&](CLI::App* sub) { sub->add_option("COMPLAINT", o->ref, "Complaint number (TS202611-0001)")->required(); };
  auto note_opt = [&](CLI::App* sub, const char* help) { sub->add_option("--note", o->note, help); };

  auto* add = cmd->add_subcommand("new", "Take a complaint; --name … registers an unknown customer on the spot");
  add->add_option("--customer", o->customer, "Customer number (KH…) or id");
  add->add_option("--content", o->content, "反馈内容: what the customer complains about")->required();
  add->add_option("--category", o->category, "Category from config complaint.categories (product, billing, …)");
  add->add_option("--priority", o->priority, "P1, P2 or P3 (紧急/高/普通); default P3");
  add->add_option("--received-at", o->received_at, "When the complaint came in (default now)");
  add->add_option("--handler", o->handler, "处理人员: staff handling it (default: the operator)");
  add->add_option("--about", o->about, "The staff member complained about, if any");
  add_customer_flags(add, o->new_customer);
  add->footer(
      "--channel is the complaint's channel (and the new customer's). Examples:\n"
      "  csdesk --as 3001 complain new --customer KH202611-0001 --content 安装延误 --category delivery --priority 高\n"
      "  csdesk --as 3001 complain new --name 王女士 --company 北京华信科技有限公司 --phone 13912345678 "
      "--channel 电话 --content 客服态度差 --category service-attitude --about 1001");
  actions.bind(add, [&ctx, o] { run_new(ctx, *o); });

  auto* show = cmd->add_subcommand("show", "A complaint, its SLA clocks and its progress log");
  ref_arg(show);
  show->footer("Example:\n  csdesk complain show TS202611-0001");
  actions.bind(show, [&ctx, o] { run_show(ctx, *o); });

  auto* sla = cmd->add_subcommand("sla", "Explain the SLA computation: deadlines, working time, pauses, breach");
  ref_arg(sla);
  sla->footer("Example:\n  csdesk complain sla TS202611-0001 --json");
  actions.bind(sla, [&ctx, o] { run_sla(ctx, *o); });

  auto* list = cmd->add_subcommand("list", "List complaints (overdue is computed from the clock)");
  list->add_option("--status", o->status, "open, in-progress, pending-customer, resolved, closed, reopened");
  list->add_option("--handler", o->handler_filter, "Handler (工号 or name)");
  list->add_option("--priority", o->priority_filter, "P1, P2, P3");
  list->add_option("--category", o->category_filter, "Category");
  list->add_option("--customer", o->customer_filter, "Customer number");
  list->add_flag("--overdue", o->overdue, "Only complaints past a running SLA deadline");
  list->add_option("--due-within", o->due_within, "Only complaints whose next deadline is within this time (2h, 1d)");
  list->add_option("--since", o->since, "Received at or after this time");
  list->add_option("--until", o->until, "Received before this time");
  list->footer("Examples:\n  csdesk complain list --overdue\n  csdesk complain list --due-within 2h --priority P1 --csv");
  actions.bind(list, [&ctx, o] { run_list(ctx, *o); });

  auto* respond = cmd->add_subcommand("respond", "First response to the customer: open/reopened → in-progress");
  ref_arg(respond);
  note_opt(respond, "What was said to the customer");
  respond->footer("Example:\n  csdesk --as 3001 complain respond TS202611-0001 --note 已致电客户,说明处理流程");
  actions.bind(respond, [&ctx, o] {
    apply_verb(ctx, *o, "respond", {given(o->note, "--note"), std::nullopt}, [&](Database&, const Complaint&, Complaint& c) {
      if (!c.first_response_at) c.first_response_at = ctx.now();
    });
  });

  auto* update = cmd->add_subcommand("update", "Progress note, cause (原因分析), measures (处理措施), solution");
  ref_arg(update);
  note_opt(update, "Progress note");
  update->add_option("--cause", o->cause, "原因分析: cause analysis");
  update->add_option("--measure", o->measure, "处理措施: measures taken");
  update->add_option("--solution", o->solution, "解决方案: proposed solution");
  update->footer("Example:\n  csdesk --as 3001 complain update TS202611-0001 --cause 系统开票模板错误 --measure 已重开发票");
  actions.bind(update, [&ctx, o] {
    auto note = given(o->note, "--note"), cause = given(o->cause, "--cause"), measure = given(o->measure, "--measure"),
         solution = given(o->solution, "--solution");
    if (!note && !cause && !measure && !solution)
      fail_usage("complain update: give at least one of --note, --cause, --measure, --solution");
    std::string text = join([&] {
      std::vector<std::string> parts;
      if (note) parts.push_back(*note);
      if (cause) parts.push_back("原因: " + *cause);
      if (solution) parts.push_back("方案: " + *solution);
      return parts;
    }(), "; ");
    apply_verb(ctx, *o, "update", {text.empty() ? std::nullopt : std::optional<std::string>(text), measure},
               [&](Database&, const Complaint&, Complaint& c) {
                 if (cause) c.cause = cause;
                 if (measure) c.measure = measure;
                 if (solution) c.solution = solution;
               });
  });

  auto* assign = cmd->add_subcommand("assign", "Hand the complaint to another handler");
  ref_arg(assign);
  assign->add_option("--to", o->to, "The new handler (工号 or name)")->required();
  note_opt(assign, "Why");
  assign->footer("Example:\n  csdesk --as 3001 complain assign TS202611-0001 --to 3002 --note 交接班");
  actions.bind(assign, [&ctx, o] {
    apply_verb(ctx, *o, "assign", {given(o->note, "--note"), std::nullopt}, [&](Database& db, const Complaint& b, Complaint& c) {
      Staff to = active_staff(db, o->to, "--to");
      if (b.handler_id == to.id) fail_conflict("complaint {} is already handled by {} {}", b.number, to.number, to.name);
      c.handler_id = to.id;
    });
  });

  auto* escalate = cmd->add_subcommand("escalate", "Report upward one level: handler → supervisor → manager");
  ref_arg(escalate);
  escalate->add_option("--reason", o->reason, "Why it goes up (向上级汇报)")->required();
  escalate->add_option("--to", o->to, "Who takes it: a supervisor (level 1) or manager (level 2)");
  escalate->footer("Example:\n  csdesk --as 3001 complain escalate TS202611-0001 --reason 客户要求赔偿 --to 5001");
  actions.bind(escalate, [&ctx, o] {
    auto reason = given(o->reason, "--reason");
    if (!reason) fail_invalid("--reason: say why the complaint goes up");
    apply_verb(ctx, *o, "escalate", {reason, std::nullopt}, [&](Database& db, const Complaint& b, Complaint& c) {
      if (b.escalation_level >= kMaxEscalation)
        fail_conflict("complaint {} is already at the top level ({} {}); it cannot go higher", b.number, b.escalation_level,
                      escalation_name(b.escalation_level));
      c.escalation_level = b.escalation_level + 1;
      if (!o->to.empty()) {
        Staff to = active_staff(db, o->to, "--to");
        if (!to.has_role(escalation_role(c.escalation_level)) && !to.has_role("manager"))
          fail_invalid("--to: {} {} is not a {}; level {} goes to a {}", to.number, to.name,
                       escalation_role(c.escalation_level), c.escalation_level, escalation_role(c.escalation_level));
        c.handler_id = to.id;
      }
    });
  });

  auto* wait = cmd->add_subcommand("wait", "Waiting on the customer: the SLA clock stops (pending-customer)");
  ref_arg(wait);
  note_opt(wait, "What the customer is to provide");
  wait->footer("Example:\n  csdesk --as 3001 complain wait TS202611-0001 --note 等待客户提供发票照片");
  actions.bind(wait, [&ctx, o] {
    apply_verb(ctx, *o, "wait", {given(o->note, "--note"), std::nullopt}, [](Database&, const Complaint&, Complaint&) {});
  });

  auto* resume = cmd->add_subcommand("resume", "The customer answered: the SLA clock runs again");
  ref_arg(resume);
  note_opt(resume, "What came back");
  resume->footer("Example:\n  csdesk --as 3001 complain resume TS202611-0001 --note 客户已提供照片");
  actions.bind(resume, [&ctx, o] {
    apply_verb(ctx, *o, "resume", {given(o->note, "--note"), std::nullopt}, [](Database&, const Complaint&, Complaint&) {});
  });

  auto* resolve = cmd->add_subcommand("resolve", "Resolved with a solution; plans the follow-up revisit");
  ref_arg(resolve);
  resolve->add_option("--solution", o->solution, "解决方案: how it was solved")->required();
  resolve->add_option("--cause", o->cause, "原因分析: cause analysis");
  resolve->add_option("--measure", o->measure, "处理措施: measures taken");
  resolve->footer("Example:\n  csdesk --as 3001 complain resolve TS202611-0001 --solution 已补开正确发票并致歉");
  actions.bind(resolve, [&ctx, o] {
    auto solution = given(o->solution, "--solution"), cause = given(o->cause, "--cause"),
         measure = given(o->measure, "--measure");
    if (!solution) fail_invalid("--solution: say how the complaint was solved (解决方案)");
    apply_verb(ctx, *o, "resolve", {solution, measure}, [&](Database&, const Complaint&, Complaint& c) {
      c.solution = solution;
      if (cause) c.cause = cause;
      if (measure) c.measure = measure;
      c.resolved_at = ctx.now();
    });
  });

  auto* close = cmd->add_subcommand("close", "Close a resolved complaint");
  ref_arg(close);
  note_opt(close, "Closing note");
  close->footer("Example:\n  csdesk --as 3001 complain close TS202611-0001");
  actions.bind(close, [&ctx, o] {
    apply_verb(ctx, *o, "close", {given(o->note, "--note"), std::nullopt},
               [&](Database&, const Complaint&, Complaint& c) { c.closed_at = ctx.now(); });
  });

  auto* reopen = cmd->add_subcommand("reopen", "Reopen a resolved or closed complaint");
  ref_arg(reopen);
  reopen->add_option("--reason", o->reason, "Why it is reopened")->required();
  reopen->footer("Example:\n  csdesk --as 3001 complain reopen TS202611-0001 --reason 客户反映问题仍存在");
  actions.bind(reopen, [&ctx, o] {
    auto reason = given(o->reason, "--reason");
    if (!reason) fail_invalid("--reason: say why the complaint is reopened");
    apply_verb(ctx, *o, "reopen", {reason, std::nullopt}, [](Database&, const Complaint&, Complaint& c) {
      c.reopened_count += 1;
      c.resolved_at.reset();
      c.closed_at.reset();
    });
  });
}

}  // namespace csdesk
