// csdesk complain: complaints and feedback (投诉 / 顾客反馈) from intake to closing, with SLA
// clocks, escalation and the progress log that is the department's feedback record.
#include <CLI/CLI.hpp>

#include "care_common.hpp"
#include "complain/complaints.hpp"
#include "commands.hpp"
#include "context.hpp"
#include "customer_flags.hpp"
#include "output/columns.hpp"
#include "rules/complaint_state.hpp"
#include "rules/vocabulary.hpp"

namespace csdesk {
const ColumnSpec<CalendarException>& calendar_day_columns();  // commands/calendar.cpp

namespace {

struct ComplainOptions {
  std::vector<std::string> approve;  // the complaints `complain approve` signs off
  NewComplaint intake;
  CustomerFlags new_customer;
  ComplaintVerb verb;
  ComplaintQuery query;
};

std::vector<ColumnOf<ComplaintView>> complaint_list_columns() {
  return {
      {{"number", "Complaint", "投诉编号"}, [](const ComplaintView& r) -> Value { return r.complaint.number; }},
      {{"received_at", "Received", "受理时间", Show::time}, [](const ComplaintView& r) -> Value { return r.complaint.received_at; }},
      {{"customer", "Customer", "客户编号"}, [](const ComplaintView& r) -> Value { return r.customer.number; }},
      {{"customer_name", "Name", "称呼"}, [](const ComplaintView& r) -> Value { return r.customer.name; }},
      {{"company", "Company", "公司"}, [](const ComplaintView& r) { return opt_value(r.customer.company); }},
      {Column{"category", "Category", "类别"}.with_terms(vocab::complaint_category),
       [](const ComplaintView& r) { return opt_value(r.complaint.category); }},
      {Column{"priority", "Priority", "优先级"}.with_terms(vocab::priority),
       [](const ComplaintView& r) -> Value { return r.complaint.priority; }},
      {Column{"status", "Status", "处理状态"}.with_terms(vocab::complaint_status),
       [](const ComplaintView& r) -> Value { return r.complaint.status; }},
      {{"handler", "Handler", "处理人员"}, [](const ComplaintView& r) { return opt_value(r.handler); }},
      {Column{"escalation", "Escalation", "升级级别"}.with_terms(vocab::escalation_level),
       [](const ComplaintView& r) -> Value {
         return fmt::format("{} {}", r.complaint.escalation_level, escalation_name(r.complaint.escalation_level));
       }},
      {{"next_deadline", "Next deadline", "下一时限", Show::time},
       [](const ComplaintView& r) { return opt_value(r.clocks.next_deadline); }},
      {{"overdue", "Overdue", "超时"}, [](const ComplaintView& r) -> Value { return r.clocks.overdue; }},
      {{"content", "Content", "反馈内容"}, [](const ComplaintView& r) -> Value { return r.complaint.content; }},
  };
}

const ColumnSpec<ComplaintView>& complaint_list() {
  static const ColumnSpec<ComplaintView> spec(complaint_list_columns());
  return spec;
}

// One complaint: the list's columns and the rest of the record.
const ColumnSpec<ComplaintView>& complaint_detail() {
  static const ColumnSpec<ComplaintView> spec([] {
    auto columns = complaint_list_columns();
    columns.insert(columns.end(), {
        {Column{"channel", "Channel", "渠道"}.with_terms(vocab::channel), [](const ComplaintView& r) { return opt_value(r.complaint.channel); }},
        {{"about", "About staff", "被投诉人"}, [](const ComplaintView& r) { return opt_value(r.about); }},
        {{"cause", "Cause", "原因分析"}, [](const ComplaintView& r) { return opt_value(r.complaint.cause); }},
        {{"measure", "Measures", "处理措施"}, [](const ComplaintView& r) { return opt_value(r.complaint.measure); }},
        {{"solution", "Solution", "解决方案"}, [](const ComplaintView& r) { return opt_value(r.complaint.solution); }},
        {{"first_response_at", "First response", "首次响应", Show::time},
         [](const ComplaintView& r) { return opt_value(r.complaint.first_response_at); }},
        {{"resolved_at", "Resolved", "解决时间", Show::time},
         [](const ComplaintView& r) { return opt_value(r.complaint.resolved_at); }},
        {{"closed_at", "Closed", "关闭时间", Show::time}, [](const ComplaintView& r) { return opt_value(r.complaint.closed_at); }},
        {{"reopened_count", "Reopened", "重开次数"}, [](const ComplaintView& r) -> Value { return r.complaint.reopened_count; }},
        {{"satisfaction", "Satisfaction", "满意度"}, [](const ComplaintView& r) { return opt_value(r.complaint.satisfaction); }},
        {{"expected_by", "Expected by", "预计处理", Show::time},
         [](const ComplaintView& r) { return opt_value(r.complaint.expected_by); }},
        {{"crisis_at", "Crisis since", "危机事件", Show::time}, [](const ComplaintView& r) { return opt_value(r.complaint.crisis_at); }},
        {{"crisis_plan", "Response plan", "应急方案"}, [](const ComplaintView& r) { return opt_value(r.complaint.crisis_plan); }},
        {{"confirmed_by", "Confirmed by", "客户确认"}, [](const ComplaintView& r) { return opt_value(r.complaint.confirmed_by); }},
    });
    return columns;
  }());
  return spec;
}

struct ClockRow {
  const char* name;
  SlaClock clock;
  std::string of;  // a handover's department
};

const ColumnSpec<ClockRow>& clock_columns() {
  static const ColumnSpec<ClockRow> spec{
      {Column{"clock", "Clock", "时限项"}.with_terms(vocab::sla_clock), [](const ClockRow& r) -> Value { return std::string(r.name); }},
      {{"of", "For", "对象"}, [](const ClockRow& r) { return r.of.empty() ? Value{} : Value{r.of}; }},
      {{"budget", "Allowed", "时限", Show::duration}, [](const ClockRow& r) -> Value { return r.clock.budget; }},
      {{"started", "Started", "起算", Show::time}, [](const ClockRow& r) -> Value { return r.clock.start; }},
      {{"deadline", "Deadline", "截止", Show::time}, [](const ClockRow& r) -> Value { return r.clock.deadline; }},
      {{"stopped_at", "Done at", "完成时间", Show::time},
       [](const ClockRow& r) { return r.clock.stopped ? Value{r.clock.stop} : Value{}; }},
      {{"elapsed", "Elapsed (working)", "已用工作时间", Show::duration}, [](const ClockRow& r) -> Value { return r.clock.elapsed; }},
      {{"paused", "Paused", "暂停(待客户)", Show::duration}, [](const ClockRow& r) -> Value { return r.clock.paused; }},
      {{"remaining", "Remaining", "剩余", Show::duration}, [](const ClockRow& r) -> Value { return r.clock.remaining; }},
      {{"breached", "Breached", "超时"}, [](const ClockRow& r) -> Value { return r.clock.breached; }},
      {{"over_by", "Over by", "超出", Show::duration}, [](const ClockRow& r) -> Value { return r.clock.over; }},
  };
  return spec;
}

// Every clock the complaint runs, in the order they start; handovers name their department.
Table clocks_table(const ComplaintClocks& clocks, const std::vector<ComplaintHandover>& handovers, Format format) {
  std::vector<ClockRow> rows{{"first-response", clocks.first_response, ""}};
  if (clocks.email_reply) rows.push_back({"email-reply", *clocks.email_reply, ""});
  rows.push_back({"resolution", clocks.resolution, ""});
  if (clocks.feedback) rows.push_back({"feedback", *clocks.feedback, ""});
  if (clocks.crisis_plan) rows.push_back({"crisis-plan", *clocks.crisis_plan, ""});
  for (size_t i = 0; i < clocks.handovers.size(); ++i)
    rows.push_back({"handover", clocks.handovers[i], i < handovers.size() ? handovers[i].department : ""});
  Table t = clock_columns().table(rows, format, "sla");
  t.title_en = "SLA clocks";
  t.title_zh = "时限";
  return t;
}

const ColumnSpec<ComplaintLogRow>& log_columns() {
  static const ColumnSpec<ComplaintLogRow> spec{
      {{"at", "Date", "日期", Show::time}, [](const ComplaintLogRow& r) -> Value { return r.line.at; }},
      {Column{"action", "Action", "操作"}.with_terms(vocab::complaint_action), [](const ComplaintLogRow& r) -> Value { return r.line.action; }},
      {Column{"status", "Status", "处理状态"}.with_terms(vocab::complaint_status), [](const ComplaintLogRow& r) -> Value { return r.line.status_after; }},
      {{"content", "Content", "内容"}, [](const ComplaintLogRow& r) { return opt_value(r.line.content); }},
      {{"measure", "Measures", "处理措施"}, [](const ComplaintLogRow& r) { return opt_value(r.line.measure); }},
      {{"handler", "Handler", "处理人员"}, [](const ComplaintLogRow& r) { return opt_value(r.handler); }},
      {{"actor", "By", "操作人"}, [](const ComplaintLogRow& r) -> Value { return r.line.actor; }},
  };
  return spec;
}

const ColumnSpec<ComplaintSla>& basis_columns() {
  static const ColumnSpec<ComplaintSla> spec{
      {{"number", "Complaint", "投诉编号"}, [](const ComplaintSla& s) -> Value { return s.complaint.number; }},
      {Column{"priority", "Priority", "优先级"}.with_terms(vocab::priority), [](const ComplaintSla& s) -> Value { return s.complaint.priority; }},
      {Column{"status", "Status", "处理状态"}.with_terms(vocab::complaint_status), [](const ComplaintSla& s) -> Value { return s.complaint.status; }},
      {{"calendar", "Counted time", "计时方式"}, [](const ComplaintSla& s) -> Value { return s.calendar; }},
      {{"timezone", "Time zone", "时区"}, [](const ComplaintSla& s) -> Value { return s.timezone; }},
      {{"now", "Now", "当前时间", Show::time}, [](const ComplaintSla& s) -> Value { return s.now; }},
      {{"overdue", "Overdue", "超时"}, [](const ComplaintSla& s) -> Value { return s.clocks.overdue; }},
      {{"feedback_breaches", "Feedback intervals over", "反馈超时次数"},
       [](const ComplaintSla& s) -> Value { return static_cast<std::int64_t>(s.clocks.feedback_breaches); }},
  };
  return spec;
}

const ColumnSpec<ComplaintHandover>& handover_columns() {
  static const ColumnSpec<ComplaintHandover> spec{
      {{"department", "Department", "责任部门"}, [](const ComplaintHandover& h) -> Value { return h.department; }},
      {{"decision", "Decision", "决议事项"}, [](const ComplaintHandover& h) -> Value { return h.decision; }},
      {{"decided_at", "Decided", "决议时间", Show::time}, [](const ComplaintHandover& h) -> Value { return h.decided_at; }},
      {{"handed_at", "Handed over", "移交时间", Show::time}, [](const ComplaintHandover& h) { return opt_value(h.handed_at); }},
      {{"answer", "Answer", "部门答复"}, [](const ComplaintHandover& h) { return opt_value(h.answer); }},
      {{"answered_at", "Answered", "答复时间", Show::time}, [](const ComplaintHandover& h) { return opt_value(h.answered_at); }},
  };
  return spec;
}

const ColumnSpec<PauseRow>& pause_columns() {
  static const ColumnSpec<PauseRow> spec{
      {{"started", "From", "开始", Show::time}, [](const PauseRow& p) -> Value { return p.pause.begin; }},
      {{"ended", "Until", "结束", Show::time}, [](const PauseRow& p) { return opt_value(p.pause.end); }},
      {{"working_time", "Working time", "工作时间", Show::duration}, [](const PauseRow& p) -> Value { return p.working_time; }},
  };
  return spec;
}

Table titled(Table t, const char* en, const char* zh) {
  t.title_en = en;
  t.title_zh = zh;
  return t;
}

void print_changed(Context& ctx, const ComplaintChanged& changed) {
  if (changed.cancelled_followups)
    ctx.note(trf("cancelled {} planned follow-up revisit(s)", changed.cancelled_followups));
  if (const auto& f = changed.followup) {
    if (f->agent_id)
      ctx.note(trf("follow-up revisit {} due {}", f->number, format_local(*f->due_at)));
    else
      ctx.note(trf("follow-up revisit {} due {} (not allotted: no active revisit agent)", f->number, format_local(*f->due_at)));
  }
  ctx.print(complaint_detail().single(changed.row, ctx.spec().format));
}

using Verb = ComplaintChanged (*)(const CareScope&, const ComplaintVerb&);

void run_verb(Context& ctx, const ComplainOptions& o, Verb verb) { print_changed(ctx, verb(writing_scope(ctx), o.verb)); }

void run_new(Context& ctx, const ComplainOptions& o) {
  NewComplaint request = o.intake;
  request.new_customer = o.new_customer.typed();
  ComplaintTaken taken = take_complaint(writing_scope(ctx), request);
  if (const auto& r = taken.registered) {
    if (r->returning)
      ctx.note(trf("returning customer {} {}", r->customer.number, r->customer.name));
    else
      ctx.note(trf("registered customer {} {}", r->customer.number, r->customer.name));
    for (const auto& line : duplicate_notes(*r)) ctx.warn(line);
  }
  ctx.print(complaint_detail().single(taken.row, ctx.spec().format));
}

void run_approve(Context& ctx, const ComplainOptions& o) {
  auto approved = approve_complaints(writing_scope(ctx), o.approve, o.verb.note);
  ctx.note(trf("approved {} complaint(s) at their escalation level", approved.size()));
  ctx.print(complaint_list().table(approved, ctx.spec().format));
}

void run_show(Context& ctx, const ComplainOptions& o) {
  ComplaintDetail d = show_complaint(reading_scope(ctx), o.verb.complaint);
  Format format = ctx.spec().format;
  auto detail = complaint_detail();
  // A complaint raised during a revisit (回访客户投诉) names it; others show as they always did.
  if (d.row.raised_in_revisit)
    detail = detail.with({{{"raised_in_revisit", "Raised in revisit", "来自回访"},
                           [](const ComplaintView& r) { return opt_value(r.raised_in_revisit); }}});
  std::vector<Table> sections{titled(detail.single(d.row, format, "complaint"), "Complaint", "投诉"),
                              clocks_table(d.row.clocks, d.handovers, format),
                              titled(log_columns().table(d.log, format, "timeline"), "Progress log", "处理记录")};
  if (!d.handovers.empty())
    sections.push_back(titled(handover_columns().table(d.handovers, format, "handovers"),
                              "Decision items handed to departments", "决议事项移交"));
  ctx.print_sections(sections);
}

void run_sla(Context& ctx, const ComplainOptions& o) {
  ComplaintSla sla = explain_sla(reading_scope(ctx), o.verb.complaint);
  Format format = ctx.spec().format;
  if (format == Format::json) sla.calendar = sla.calendar_en;  // JSON is the same in every language
  std::vector<Table> sections{titled(basis_columns().single(sla, format, "basis"), "Basis", "计算依据"),
                      clocks_table(sla.clocks, sla.handovers, format),
                      titled(pause_columns().table(sla.pauses, format, "pauses"), "Waiting on the customer (clock stopped)",
                             "待客户(暂停计时)")};
  // Only with a calendar that departs from its weeks there (the output is otherwise as before).
  if (!sla.calendar_days.empty())
    sections.push_back(titled(calendar_day_columns().table(sla.calendar_days, format, "calendar_days"),
                              "Holidays skipped and make-up working days counted", "跳过的节假日与计入的调休上班日"));
  ctx.print_sections(sections);
}

void run_list(Context& ctx, const ComplainOptions& o) {
  ctx.print(complaint_list().table(list_complaints(reading_scope(ctx), o.query), ctx.spec().format));
}

}  // namespace

void setup_complain(CLI::App& app, Context& ctx, CommandActions& actions) {
  auto* cmd = app.add_subcommand("complain", std::string(tr("Complaints and feedback (投诉/顾客反馈): intake, SLA, escalation, progress log")));
  cmd->require_subcommand(1);
  cmd->footer(
      std::string(tr("States: open → in-progress → (pending-customer ⇄ in-progress) → resolved → closed; reopened.\n"
      "Examples:\n"
      "  csdesk --as 3001 complain new --customer KH202611-0001 --content 发票金额错误 --category billing --priority P1\n"
      "  csdesk --as 3001 complain respond TS202611-0001 --note 已致电王女士\n"
      "  csdesk --as 5001 complain approve TS202611-0001 --note 同意补偿方案\n"
      "  csdesk --as 3001 complain inform TS202611-0001 --note 技术部正在排查 --expected-by \"2026-11-05 18:00\"\n"
      "  csdesk --as 3001 complain transfer TS202611-0001 --to-dept 技术部 --note 开票系统故障\n"
      "  csdesk complain list --overdue\n"
      "  csdesk complain sla TS202611-0001")));
  auto o = std::make_shared<ComplainOptions>();
  auto ref_arg = [&](CLI::App* sub) {
    sub->add_option("COMPLAINT", o->verb.complaint, std::string(tr("Complaint number (TS202611-0001)")))->required();
  };
  auto note_opt = [&](CLI::App* sub, const std::string& help) { sub->add_option("--note", o->verb.note, help); };

  auto* add = cmd->add_subcommand("new", std::string(tr("Take a complaint; --name … registers an unknown customer on the spot")));
  add->add_option("--customer", o->intake.customer, std::string(tr("Customer number (KH…) or id")));
  add->add_option("--content", o->intake.content, std::string(tr("反馈内容: what the customer complains about")))->required();
  add->add_option("--category", o->intake.category, std::string(tr("Category from config complaint.categories (product, billing, …)")));
  add->add_option("--priority", o->intake.priority, std::string(tr("P1, P2 or P3 (紧急/高/普通); default P3")));
  add->add_option("--received-at", o->intake.received_at, std::string(tr("When the complaint came in (default now)")));
  add->add_option("--handler", o->intake.handler, std::string(tr("处理人员: staff handling it (default: the operator)")));
  add->add_option("--about", o->intake.about, std::string(tr("The staff member complained about, if any")));
  add_customer_flags(add, o->new_customer);
  add->footer(
      std::string(tr("--channel is the complaint's channel (and the new customer's). Examples:\n"
      "  csdesk --as 3001 complain new --customer KH202611-0001 --content 安装延误 --category delivery --priority 高\n"
      "  csdesk --as 3001 complain new --name 王女士 --company 北京华信科技有限公司 --phone 13912345678 "
      "--channel 电话 --content 客服态度差 --category service-attitude --about 1001")));
  actions.bind(add, [&ctx, o] { run_new(ctx, *o); });

  auto* show = cmd->add_subcommand("show", std::string(tr("A complaint, its SLA clocks and its progress log")));
  ref_arg(show);
  show->footer(std::string(tr("Example:\n  csdesk complain show TS202611-0001")));
  actions.bind(show, [&ctx, o] { run_show(ctx, *o); });

  auto* sla = cmd->add_subcommand("sla", std::string(tr("Explain the SLA computation: deadlines, working time, pauses, breach")));
  ref_arg(sla);
  sla->footer(std::string(tr("Example:\n  csdesk complain sla TS202611-0001 --json")));
  actions.bind(sla, [&ctx, o] { run_sla(ctx, *o); });

  auto* list = cmd->add_subcommand("list", std::string(tr("List complaints (overdue is computed from the clock)")));
  list->add_option("--status", o->query.status, std::string(tr("open, in-progress, pending-customer, resolved, closed, reopened")));
  list->add_option("--handler", o->query.handler, std::string(tr("Handler (工号 or name)")));
  list->add_option("--priority", o->query.priority, std::string(tr("P1, P2, P3")));
  list->add_option("--category", o->query.category, std::string(tr("Category")));
  list->add_option("--customer", o->query.customer, std::string(tr("Customer number")));
  list->add_flag("--overdue", o->query.overdue, std::string(tr("Only complaints past a running SLA deadline")));
  list->add_option("--due-within", o->query.due_within, std::string(tr("Only complaints whose next deadline is within this time (2h, 1d)")));
  list->add_option("--since", o->query.since, std::string(tr("Received at or after this time")));
  list->add_option("--until", o->query.until, std::string(tr("Received before this time")));
  list->footer(std::string(tr("Examples:\n  csdesk complain list --overdue\n  csdesk complain list --due-within 2h --priority P1 --csv")));
  actions.bind(list, [&ctx, o] { run_list(ctx, *o); });

  auto* respond = cmd->add_subcommand("respond", std::string(tr("First response to the customer: open/reopened → in-progress")));
  ref_arg(respond);
  note_opt(respond, std::string(tr("What was said to the customer")));
  respond->add_option("--expected-by", o->verb.expected_by, std::string(tr("The handling time told to the customer (告知客户预计处理时间)")));
  respond->footer(std::string(tr("Example:\n  csdesk --as 3001 complain respond TS202611-0001 --note 已致电客户,说明处理流程")));
  actions.bind(respond, [&ctx, o] { run_verb(ctx, *o, respond_to_complaint); });

  auto* update = cmd->add_subcommand("update", std::string(tr("Progress note, cause (原因分析), measures (处理措施), solution")));
  ref_arg(update);
  note_opt(update, std::string(tr("Progress note")));
  update->add_option("--cause", o->verb.cause, std::string(tr("原因分析: cause analysis")));
  update->add_option("--measure", o->verb.measure, std::string(tr("处理措施: measures taken")));
  update->add_option("--solution", o->verb.solution, std::string(tr("解决方案: proposed solution")));
  update->add_flag("--told-customer", o->verb.told_customer,
                   std::string(tr("The note was told to the customer: restarts the feedback clock (sla.delayed_feedback_hours)")));
  update->add_option("--expected-by", o->verb.expected_by, std::string(tr("The handling time told to the customer (告知客户预计处理时间)")));
  update->footer(std::string(tr("Example:\n  csdesk --as 3001 complain update TS202611-0001 --cause 系统开票模板错误 --measure 已重开发票")));
  actions.bind(update, [&ctx, o] { run_verb(ctx, *o, update_complaint); });

  auto* assign = cmd->add_subcommand("assign", std::string(tr("Hand the complaint to another handler")));
  ref_arg(assign);
  assign->add_option("--to", o->verb.to, std::string(tr("The new handler (工号 or name)")))->required();
  note_opt(assign, std::string(tr("Why")));
  assign->footer(std::string(tr("Example:\n  csdesk --as 3001 complain assign TS202611-0001 --to 3002 --note 交接班")));
  actions.bind(assign, [&ctx, o] { run_verb(ctx, *o, assign_complaint); });

  auto* escalate = cmd->add_subcommand("escalate", std::string(tr("Report upward one level: handler → supervisor → manager")));
  ref_arg(escalate);
  escalate->add_option("--reason", o->verb.reason, std::string(tr("Why it goes up (向上级汇报)")))->required();
  escalate->add_option("--to", o->verb.to, std::string(tr("Who takes it: a supervisor (level 1) or manager (level 2)")));
  escalate->footer(std::string(tr("Example:\n  csdesk --as 3001 complain escalate TS202611-0001 --reason 客户要求赔偿 --to 5001")));
  actions.bind(escalate, [&ctx, o] { run_verb(ctx, *o, escalate_complaint); });

  auto* approve = cmd->add_subcommand(
      "approve", std::string(tr("三级审核: sign off the solution of complaints escalated to a supervisor (level 1) or manager (level 2)")));
  approve->add_option("COMPLAINT", o->approve, std::string(tr("Complaint numbers (TS202611-0001 …); all or none are approved")))->required();
  note_opt(approve, std::string(tr("What was approved, or on what condition")));
  approve->footer(
      std::string(tr("A complaint escalated to level 1 is resolved only after a supervisor or manager approves it,\n"
      "one at level 2 after a manager (permissions.approve_level1, permissions.approve_level2);\n"
      "escalating again or reopening needs a new approval. Example:\n"
      "  csdesk --as 5001 complain approve TS202611-0001 TS202611-0003 --note 同意补偿方案")));
  actions.bind(approve, [&ctx, o] { run_approve(ctx, *o); });

  auto* wait = cmd->add_subcommand("wait", std::string(tr("Waiting on the customer: the SLA clock stops (pending-customer)")));
  ref_arg(wait);
  note_opt(wait, std::string(tr("What the customer is to provide")));
  wait->footer(std::string(tr("Example:\n  csdesk --as 3001 complain wait TS202611-0001 --note 等待客户提供发票照片")));
  actions.bind(wait, [&ctx, o] { run_verb(ctx, *o, wait_on_customer); });

  auto* resume = cmd->add_subcommand("resume", std::string(tr("The customer answered: the SLA clock runs again")));
  ref_arg(resume);
  note_opt(resume, std::string(tr("What came back")));
  resume->footer(std::string(tr("Example:\n  csdesk --as 3001 complain resume TS202611-0001 --note 客户已提供照片")));
  actions.bind(resume, [&ctx, o] { run_verb(ctx, *o, resume_complaint); });

  auto* resolve = cmd->add_subcommand("resolve", std::string(tr("Resolved with a solution; plans the follow-up revisit")));
  ref_arg(resolve);
  resolve->add_option("--solution", o->verb.solution, std::string(tr("解决方案: how it was solved")))->required();
  resolve->add_option("--cause", o->verb.cause, std::string(tr("原因分析: cause analysis")));
  resolve->add_option("--measure", o->verb.measure, std::string(tr("处理措施: measures taken")));
  resolve->footer(std::string(tr("Example:\n  csdesk --as 3001 complain resolve TS202611-0001 --solution 已补开正确发票并致歉")));
  actions.bind(resolve, [&ctx, o] { run_verb(ctx, *o, resolve_complaint); });

  auto* close = cmd->add_subcommand("close", std::string(tr("Close a resolved complaint")));
  ref_arg(close);
  note_opt(close, std::string(tr("Closing note")));
  close->add_option("--confirmed-by", o->verb.confirmed_by, std::string(tr("Who confirmed the outcome for the customer (客户确认)")));
  close->footer(std::string(tr("Example:\n  csdesk --as 3001 complain close TS202611-0001 --confirmed-by 王女士")));
  actions.bind(close, [&ctx, o] { run_verb(ctx, *o, close_complaint); });

  auto* reopen = cmd->add_subcommand("reopen", std::string(tr("Reopen a resolved or closed complaint")));
  ref_arg(reopen);
  reopen->add_option("--reason", o->verb.reason, std::string(tr("Why it is reopened")))->required();
  reopen->footer(std::string(tr("Example:\n  csdesk --as 3001 complain reopen TS202611-0001 --reason 客户反映问题仍存在")));
  actions.bind(reopen, [&ctx, o] { run_verb(ctx, *o, reopen_complaint); });

  auto* inform = cmd->add_subcommand(
      "inform", std::string(tr("Tell the customer of progress on a delayed problem: restarts the feedback clock")));
  ref_arg(inform);
  inform->add_option("--note", o->verb.note, std::string(tr("What the customer was told")))->required();
  inform->add_option("--expected-by", o->verb.expected_by, std::string(tr("The handling time told to the customer (告知客户预计处理时间)")));
  inform->footer(std::string(tr("The customer hears of an unresolved complaint at least every sla.delayed_feedback_hours\n"
                                "(24 working hours); `complain update --told-customer` is the same. Example:\n"
                                "  csdesk --as 3001 complain inform TS202611-0001 --note 技术部正在排查 --expected-by \"2026-11-05 18:00\"")));
  actions.bind(inform, [&ctx, o] { run_verb(ctx, *o, inform_customer); });

  auto* crisis = cmd->add_subcommand(
      "crisis", std::string(tr("Mark a crisis (危机事件): to the manager at once, a response plan due within sla.crisis_response_hours")));
  ref_arg(crisis);
  crisis->add_option("--reason", o->verb.reason, std::string(tr("What makes it a crisis")))->required();
  crisis->add_option("--to", o->verb.to, std::string(tr("The manager who takes it")));
  crisis->footer(std::string(tr("The plan's clock counts elapsed hours, whatever the calendar. Example:\n"
                                "  csdesk --as 3001 complain crisis TS202611-0001 --reason 媒体曝光 --to 9001")));
  actions.bind(crisis, [&ctx, o] { run_verb(ctx, *o, mark_crisis); });

  auto* plan = cmd->add_subcommand("plan", std::string(tr("Record a crisis's quick-response plan: stops its clock")));
  ref_arg(plan);
  plan->add_option("--plan", o->verb.plan, std::string(tr("The response plan (应急方案)")))->required();
  plan->footer(std::string(tr("Example:\n  csdesk --as 9001 complain plan TS202611-0001 --plan 当日致电道歉,48小时内上门更换")));
  actions.bind(plan, [&ctx, o] { run_verb(ctx, *o, record_crisis_plan); });

  auto* decide = cmd->add_subcommand(
      "decide", std::string(tr("A decision item for a department: to be handed over within sla.decision_handover_hours")));
  ref_arg(decide);
  decide->add_option("--dept", o->verb.department, std::string(tr("The responsible department (config complaint.departments)")))->required();
  decide->add_option("--decision", o->verb.decision, std::string(tr("What the department is to do (决议事项)")))->required();
  decide->footer(std::string(tr("Example:\n  csdesk --as 3001 complain decide TS202611-0001 --dept 财务部 --decision 退还多收款项")));
  actions.bind(decide, [&ctx, o] { run_verb(ctx, *o, decide_for_department); });

  auto* transfer = cmd->add_subcommand(
      "transfer", std::string(tr("Hand a complaint's decision item to its department: stops the handover clock")));
  ref_arg(transfer);
  transfer->add_option("--to-dept", o->verb.department, std::string(tr("The responsible department (config complaint.departments)")))->required();
  note_opt(transfer, std::string(tr("What is handed over (with nothing decided yet, this is the decision)")));
  transfer->footer(std::string(tr("Example:\n  csdesk --as 3001 complain transfer TS202611-0001 --to-dept 财务部")));
  actions.bind(transfer, [&ctx, o] { run_verb(ctx, *o, transfer_to_department); });

  auto* answer = cmd->add_subcommand("answer", std::string(tr("Record a department's answer to what it was handed")));
  ref_arg(answer);
  answer->add_option("--from-dept", o->verb.department, std::string(tr("The department answering")))->required();
  answer->add_option("--note", o->verb.note, std::string(tr("Its answer")))->required();
  answer->footer(std::string(tr("Example:\n  csdesk --as 3001 complain answer TS202611-0001 --from-dept 财务部 --note 已退款")));
  actions.bind(answer, [&ctx, o] { run_verb(ctx, *o, record_department_answer); });
}

}  // namespace csdesk
