// csdesk revisit: follow-up contacts (回访) — planned idempotently, worked from a worklist,
// logged with satisfaction and problem factors; satisfaction rate and CSI per agent and month.
#include <CLI/CLI.hpp>

#include "care_common.hpp"
#include "commands.hpp"
#include "context.hpp"
#include "output/columns.hpp"
#include "revisit/revisits.hpp"
#include "rules/vocabulary.hpp"
#include "util/text.hpp"

namespace csdesk {
namespace {

struct RevisitOptions {
  RevisitLog log;
  WorklistQuery worklist;
  RevisitQuery query;
  std::string month, months = "1";
};

using RevisitColumns = std::vector<ColumnOf<RevisitView>>;

RevisitColumns who_columns() {
  return {
      {{"number", "Revisit", "回访编号"}, [](const RevisitView& r) -> Value { return r.revisit.number; }},
      {{"customer", "Customer", "客户编号"}, [](const RevisitView& r) -> Value { return r.customer.number; }},
      {{"customer_name", "Name", "称呼"}, [](const RevisitView& r) -> Value { return r.customer.name; }},
      {{"company", "Company", "公司"}, [](const RevisitView& r) { return opt_value(r.customer.company); }},
  };
}

// `names`: generated contents in the language (table and CSV); JSON keeps them as stored.
RevisitColumns what_columns(bool names) {
  return {
      {Column{"purpose", "Purpose", "目的"}.with_terms(vocab::revisit_purpose),
       [](const RevisitView& r) -> Value { return r.revisit.purpose; }},
      {Column{"status", "Status", "状态"}.with_terms(vocab::revisit_status),
       [](const RevisitView& r) -> Value { return r.revisit.status; }},
      {{"due_at", "Due", "应回访", Show::time}, [](const RevisitView& r) { return opt_value(r.revisit.due_at); }},
      {{"agent", "Agent", "回访客服"}, [](const RevisitView& r) { return opt_value(r.agent); }},
      {{"attempts", "Attempts", "尝试次数"}, [](const RevisitView& r) -> Value { return r.revisit.attempts; }},
      {Column{"method", "Method", "方式"}.with_terms(vocab::revisit_method),
       [](const RevisitView& r) { return opt_value(r.revisit.method); }},
      {{"satisfaction", "Satisfaction", "满意度"}, [](const RevisitView& r) { return opt_value(r.revisit.satisfaction); }},
      {{"result", "Result", "回访效果"}, [](const RevisitView& r) { return opt_value(r.revisit.result); }},
      {{"problems", "Problems", "问题因素"}, [](const RevisitView& r) -> Value { return join(r.revisit.problems, ","); }},
      {{"content", "Content", "回访内容"},
       [names](const RevisitView& r) {
         if (!names || !r.revisit.content) return opt_value(r.revisit.content);
         return Value{planned_content_text(*r.revisit.content)};
       }},
      {{"done_at", "Done", "回访时间", Show::time}, [](const RevisitView& r) { return opt_value(r.revisit.done_at); }},
      {{"complaint", "Complaint", "投诉编号"}, [](const RevisitView& r) { return opt_value(r.complaint); }},
  };
}

ColumnSpec<RevisitView> revisit_columns(bool names) {
  auto columns = who_columns();
  auto what = what_columns(names);
  columns.insert(columns.end(), what.begin(), what.end());
  return ColumnSpec<RevisitView>(std::move(columns));
}

// The worklist: what the agent needs to make the call, between who and what.
ColumnSpec<RevisitView> worklist_columns(bool names) {
  auto columns = who_columns();
  columns.insert(columns.end(), {
      {Column{"grade", "Grade", "等级"}.with_terms(vocab::grade), [](const RevisitView& r) { return opt_value(r.customer.grade); }},
      {{"phone", "Phone", "电话", Show::plain, Personal::phone}, [](const RevisitView& r) { return opt_value(r.customer.phone); }},
      {{"overdue", "Overdue", "逾期"}, [](const RevisitView& r) -> Value { return r.overdue; }},
  });
  auto what = what_columns(names);
  columns.insert(columns.end(), what.begin(), what.end());
  return ColumnSpec<RevisitView>(std::move(columns));
}

// Generated texts in the reader's language: table and CSV under --lang zh, never JSON.
bool names_for(Context& ctx) { return ctx.spec().format != Format::json && ctx.lang() == Lang::zh; }

Value figure(const metrics::Figure& f) { return f ? Value{*f} : Value{}; }

const ColumnSpec<SatisfactionRow>& stats_columns() {
  static const ColumnSpec<SatisfactionRow> spec{
      {{"month", "Month", "月份"}, [](const SatisfactionRow& r) -> Value { return r.month; }},
      {Column{"agent", "Agent", "回访客服"}.with_terms(vocab::summary_row),
       [](const SatisfactionRow& r) -> Value { return r.agent.value_or("(all)"); }},
      {{"scored", "Scored", "评分数"}, [](const SatisfactionRow& r) -> Value { return r.scored; }},
      {{"satisfied", "Satisfied", "满意数"}, [](const SatisfactionRow& r) -> Value { return r.satisfied; }},
      {{"satisfaction_rate", "Satisfaction rate", "满意率", Show::percent},
       [](const SatisfactionRow& r) { return figure(r.satisfaction_rate); }},
      {{"csi", "CSI", "满意指数CSI", Show::plain, Personal::no, 1}, [](const SatisfactionRow& r) { return figure(r.csi); }},
  };
  return spec;
}

// 回访客户意见: "product=满意; suggestions=…" (codes as they are in JSON; `names`: named in the language).
ColumnOf<RevisitView> opinions_column(bool names) {
  return {{"opinions", "Opinions", "客户意见"}, [names](const RevisitView& r) -> Value {
            std::vector<std::string> parts;
            for (const auto& [item, opinion] : r.revisit.opinions)
              parts.push_back((names ? vocab::name(vocab::opinion_item, item) : item) + "=" + opinion);
            return join(parts, "; ");
          }};
}

ColumnOf<RevisitView> raised_column() {
  return {{"raised_complaint", "Complaint raised", "回访投诉"}, [](const RevisitView& r) { return opt_value(r.raised_complaint); }};
}

void run_plan(Context& ctx) {
  RevisitsPlanned result = plan_due_revisits(writing_scope(ctx));
  if (result.unallotted)
    ctx.warn(std::string(tr("no active staff member has the revisit role; new revisits are not allotted (csdesk staff "
                            "edit … --add-role revisit)")));
  ctx.note(result.marked_at_risk
               ? trf("planned {} new revisit(s); {} customer(s) marked at-risk (no contact)", result.planned.size(),
                     result.marked_at_risk)
               : trf("planned {} new revisit(s)", result.planned.size()));
  ctx.print(revisit_columns(names_for(ctx)).table(result.planned, ctx.spec().format));
}

void run_due(Context& ctx, const RevisitOptions& o) {
  CareScope scope = reading_scope(ctx);
  WorklistQuery query = o.worklist;
  // The operator is looked up only when no agent is named, so --for works whoever runs it.
  if (query.for_staff.empty()) query.operator_staff = ctx.operator_staff();
  // The phone is shown where the call is the operator's to make: their own worklist, not a colleague's.
  Table worklist = worklist_columns(names_for(ctx)).table(revisit_worklist(scope, query), ctx.spec().format, {},
                                            [&ctx](const RevisitView& r) { return ctx.sees_contacts_of(r.customer.id); });
  ctx.print(worklist, ctx.reveal_personal(worklist));
}

void run_log(Context& ctx, const RevisitOptions& o) {
  RevisitLogged logged = log_revisit(writing_scope(ctx), o.log);
  if (const auto& s = logged.settled) {
    if (!s->changed)
      ctx.note(trf("complaint {} is {}; left as it is", s->complaint, vocab::name(vocab::complaint_status, s->status)));
    else if (s->outcome == FollowUpOutcome::reopen)
      ctx.note(trf("complaint {} reopened (follow-up scored {})", s->complaint, s->score));
    else
      ctx.note(trf("complaint {} closed (follow-up scored {})", s->complaint, s->score));
  }
  if (logged.at_risk_after_low_scores)
    ctx.note(trf("customer marked at-risk (准流失): {} low scores in a row", *logged.at_risk_after_low_scores));
  if (!logged.reached)
    ctx.note(trf("not reached; {} stays due (attempt {})", logged.row.revisit.number, logged.row.revisit.attempts));
  if (logged.raised)
    ctx.note(trf("complaint {} taken from this revisit (channel revisit, 回访); `csdesk complain show {}`",
                 logged.raised->number, logged.raised->number));
  auto spec = revisit_columns(names_for(ctx));
  // What only some revisits bring back, shown when they do (the log is otherwise as it always was).
  if (!logged.row.revisit.opinions.empty()) spec = spec.with({opinions_column(names_for(ctx))});
  if (logged.row.raised_complaint) spec = spec.with({raised_column()});
  ctx.print(spec.single(logged.row, ctx.spec().format));
}

void run_list(Context& ctx, const RevisitOptions& o) {
  ctx.print(revisit_columns(names_for(ctx)).table(list_revisits(reading_scope(ctx), o.query), ctx.spec().format));
}

void run_stats(Context& ctx, const RevisitOptions& o) {
  ctx.print(stats_columns().table(satisfaction_by_agent(reading_scope(ctx), o.month, o.months), ctx.spec().format));
}

}  // namespace

void setup_revisit(CLI::App& app, Context& ctx, CommandActions& actions) {
  auto* cmd = app.add_subcommand("revisit", std::string(tr("Revisits (回访): plan, worklist, log, list, satisfaction and CSI")));
  cmd->require_subcommand(1);
  cmd->footer(
      std::string(tr("Examples:\n"
      "  csdesk --as 4001 revisit plan\n"
      "  csdesk --as 4001 revisit due\n"
      "  csdesk --as 4001 revisit log HF202611-0001 --method 电话 --satisfaction 5 --result 客户满意\n"
      "  csdesk revisit stats --month 2026-11")));
  auto o = std::make_shared<RevisitOptions>();

  auto* plan = cmd->add_subcommand("plan", std::string(tr("Plan due revisits: complaint follow-ups, routine by grade, occasions")));
  plan->footer(
      std::string(tr("Idempotent: planning twice plans nothing new. Also marks customers without contact for\n"
      "customer.at_risk_no_contact_days as at-risk. For revisit agents, supervisors and managers\n"
      "(permissions.revisit_plan).\nExample:\n  csdesk --as 4001 revisit plan --now 2026-12-25")));
  actions.bind(plan, [&ctx] { run_plan(ctx); });

  auto* due = cmd->add_subcommand("due", std::string(tr("The worklist: overdue first, then grade A, B, C")));
  due->add_option("--for", o->worklist.for_staff, std::string(tr("A revisit agent's list (default: the operator's, if a revisit agent)")));
  due->add_option("--within", o->worklist.within, std::string(tr("Due within this time from now (default: by the end of today)")));
  due->footer(std::string(tr("Examples:\n  csdesk --as 4001 revisit due\n  csdesk revisit due --for 4002 --within 7d")));
  actions.bind(due, [&ctx, o] { run_due(ctx, *o); });

  auto* log = cmd->add_subcommand("log", std::string(tr("Log a revisit: a planned one by number, or --customer for an unplanned one")));
  log->add_option("REVISIT", o->log.revisit, std::string(tr("Planned revisit number (HF202611-0001)")));
  log->add_option("--customer", o->log.customer, std::string(tr("Customer of an unplanned revisit")));
  log->add_option("--method", o->log.method, std::string(tr("phone, sms or visit (电话/短信/登门)")))->required();
  log->add_option("--purpose", o->log.purpose, std::string(tr("after-sale, satisfaction, complaint-follow-up, holiday, maintenance, birthday, routine")));
  log->add_option("--content", o->log.content, std::string(tr("回访内容: what was said")));
  log->add_option("--result", o->log.result, std::string(tr("回访效果: the outcome")));
  log->add_option("--satisfaction", o->log.satisfaction, std::string(tr("1 (very dissatisfied) … 5 (very satisfied)")));
  log->add_option("--problems", o->log.problems, std::string(tr("回访问题因素, comma-separated, from config revisit.problem_factors")));
  log->add_option("--reached", o->log.reached, std::string(tr("no: a failed attempt (counted; the revisit stays due)")));
  log->add_option("--opinion", o->log.opinions,
                  std::string(tr("回访客户意见: ITEM=TEXT, an item of config revisit.opinion_items (product, service, delivery, "
                                 "suggestions; 产品=满意); repeat for each item")));
  log->add_option("--complaint", o->log.complaint,
                  std::string(tr("回访客户投诉: a complaint the customer raised in this revisit (its content); taken with "
                                 "channel revisit (回访), handled by the operator, linked to the revisit")));
  log->footer(
      std::string(tr("Examples:\n"
      "  csdesk --as 4001 revisit log HF202611-0001 --method 电话 --satisfaction 4 --result 问题已解决\n"
      "  csdesk --as 4001 revisit log HF202611-0002 --method phone --reached no\n"
      "  csdesk --as 4001 revisit log --customer KH202611-0001 --method 登门 --purpose 售后回访 --satisfaction 3 "
      "--problems 响应速度,价格\n"
      "  csdesk --as 4001 revisit log HF202611-0003 --method 电话 --satisfaction 2 --opinion 产品=经常卡顿 "
      "--opinion 建议=希望上门培训 --complaint 软件升级后无法打印")));
  actions.bind(log, [&ctx, o] { run_log(ctx, *o); });

  auto* list = cmd->add_subcommand("list", std::string(tr("List revisits")));
  list->add_option("--status", o->query.status, std::string(tr("planned, done or cancelled")));
  list->add_option("--agent", o->query.agent, std::string(tr("Revisit agent (工号 or name)")));
  list->add_option("--customer", o->query.customer, std::string(tr("Customer number")));
  list->add_option("--complaint", o->query.complaint, std::string(tr("Follow-ups of this complaint")));
  list->add_option("--purpose", o->query.purpose, std::string(tr("Purpose")));
  list->add_option("--since", o->query.since, std::string(tr("Done (or due) at or after this time")));
  list->add_option("--until", o->query.until, std::string(tr("Done (or due) before this time")));
  list->footer(std::string(tr("Examples:\n  csdesk revisit list --status done --since 2026-11-01 --csv\n  csdesk revisit list --agent 4001 --json")));
  actions.bind(list, [&ctx, o] { run_list(ctx, *o); });

  auto* stats = cmd->add_subcommand("stats", std::string(tr("Satisfaction rate and CSI per agent and month")));
  stats->add_option("--month", o->month, std::string(tr("YYYY-MM (default: this month)")));
  stats->add_option("--months", o->months, std::string(tr("This many months ending with --month, 1 to 120 (default 1)")));
  stats->footer(
      std::string(tr("Satisfaction rate = revisits scored ≥ revisit.satisfied_min (4) ÷ revisits scored;\n"
      "CSI = (mean score − 1) ÷ 4 × 100.\nExample:\n  csdesk revisit stats --month 2026-11 --months 3 --lang zh")));
  actions.bind(stats, [&ctx, o] { run_stats(ctx, *o); });
}

}  // namespace csdesk
