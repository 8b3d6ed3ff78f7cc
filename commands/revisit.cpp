// csdesk revisit: follow-up contacts (回访) — planned idempotently, worked from a worklist,
// logged with satisfaction and problem factors; satisfaction rate and CSI per agent and month.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <map>

#include "care_common.hpp"
#include "commands.hpp"
#include "context.hpp"
#include "util/error.hpp"
#include "util/numbers.hpp"
#include "rules/complaint_state.hpp"
#include "rules/metrics.hpp"
#include "rules/revisit_plan.hpp"
#include "util/text.hpp"

namespace csdesk {
namespace {

constexpr std::int64_t kMaxStatsMonths = 120;  // ten years of monthly statistics

struct RevisitOptions {
  std::string ref, customer, method, purpose, content, result, satisfaction, problems, reached = "yes";
  std::string for_staff, within, status, agent, complaint, since, until, month;
  std::string months = "1";
};

PlanSettings plan_settings(const Config& config) {
  PlanSettings s;
  for (const char* grade : {"A", "B", "C"})
    s.interval_days[grade] = config.integer(std::string("revisit.interval_days.") + grade);
  s.occasions = parse_occasions(config.list("revisit.occasions"));
  s.lead_days = config.integer("revisit.occasion_lead_days");
  s.marketing_purposes = config.list("revisit.marketing_purposes");
  return s;
}

// The revisit table; `worklist` adds what the agent needs to make the call.
Table revisit_table(Context& ctx, Database& db, const std::vector<Revisit>& list, bool single, bool worklist = false) {
  StaffNames staff(db);
  CustomerCache customers(db);
  ComplaintStore complaints(db);
  Table t;
  t.single = single;
  t.columns = {{"number", "Revisit", "回访编号"},
               {"customer", "Customer", "客户编号"},
               {"customer_name", "Name", "称呼"},
               {"company", "Company", "公司"}};
  if (worklist)
    t.columns.insert(t.columns.end(), {{"grade", "Grade", "等级"},
                                       {"phone", "Phone", "电话", Show::plain, Personal::phone},
                                       {"overdue", "Overdue", "逾期"}});
  std::vector<Column> rest = {{"purpose", "Purpose", "目的"},
                              {"status", "Status", "状态"},
                              {"due_at", "Due", "应回访", Show::time},
                              {"agent", "Agent", "回访客服"},
                              {"attempts", "Attempts", "尝试次数"},
                              {"method", "Method", "方式"},
                              {"satisfaction", "Satisfaction", "满意度"},
                              {"result", "Result", "回访效果"},
                              {"problems", "Problems", "问题因素"},
                              {"content", "Content", "回访内容"},
                              {"done_at", "Done", "回访时间", Show::time},
                              {"complaint", "Complaint", "投诉编号"}};
  t.columns.insert(t.columns.end(), rest.begin(), rest.end());
  for (const auto& r : list) {
    const Customer& c = customers.get(r.customer_id);
    std::vector<Value> row = {r.number, c.number, c.name, opt_value(c.company)};
    if (worklist)
      row.insert(row.end(), {opt_value(c.grade), opt_value(c.phone), r.due_at && *r.due_at < ctx.now()});
    Value complaint;
    if (r.complaint_id)
      if (auto k = complaints.by_id(*r.complaint_id)) complaint = k->number;
    std::vector<Value> more = {r.purpose,
                               r.status,
                               opt_value(r.due_at),
                               staff.label(r.done_by ? r.done_by : r.agent_id),
                               r.attempts,
                               opt_value(r.method),
                               opt_value(r.satisfaction),
                               opt_value(r.result),
                               join(r.problems, ","),
                               opt_value(r.content),
                               opt_value(r.done_at),
                               complaint};
    row.insert(row.end(), more.begin(), more.end());
    t.add_row(std::move(row));
  }
  return t;
}

void run_plan(Context& ctx) {
  const Config& cfg = ctx.config();
  PlanSettings settings = plan_settings(cfg);
  Database& db = ctx.db();
  Actor actor = ctx.actor();
  Database::Transaction tx(db);
  RevisitStore store(db);
  std::vector<Revisit> planned;
  // Follow-ups of resolved complaints (normally planned when resolving).
  ComplaintFilter resolved;
  resolved.status = "resolved";
  for (const auto& c : ComplaintStore(db).list(resolved))
    if (auto r = plan_followup(ctx, db, c)) planned.push_back(*r);
  std::vector<PlanCustomer> customers = store.plan_customers();
  for (const auto& p : plan_revisits(customers, settings, ctx.now())) {
    Revisit r;
    r.customer_id = p.customer_id;
    r.purpose = p.purpose;
    r.plan_key = p.plan_key;
    r.due_at = p.due_at;
    r.content = p.content;
    if (auto added = store.plan(r, cfg.text("revisit.agent_rule"), actor, ctx.now())) planned.push_back(*added);
  }
  int at_risk = 0;
  for (const auto& c : customers)
    if (c.category != "lost" &&
        no_contact_too_long(c.last_contact, ctx.now(), cfg.integer("customer.at_risk_no_contact_days")) &&
        store.mark_at_risk(c.id, fmt::format("no contact since {}", format_date(c.last_contact)), actor, ctx.now()))
      ++at_risk;
  tx.commit();
  if (std::any_of(planned.begin(), planned.end(), [](const Revisit& r) { return !r.agent_id; }))
    ctx.warn("no active staff member has the revisit role; new revisits are not allotted (csdesk staff edit … --add-role revisit)");
  ctx.note(fmt::format("planned {} new revisit(s){}", planned.size(),
                       at_risk ? fmt::format("; {} customer(s) marked at-risk (no contact)", at_risk) : ""));
  ctx.print(revisit_table(ctx, db, planned, false));
}

void run_due(Context& ctx, const RevisitOptions& o) {
  Database& db = ctx.db();
  RevisitFilter f;
  if (!o.for_staff.empty()) {
    f.agent_id = StaffStore(db).get(o.for_staff).id;
  } else if (auto me = ctx.operator_staff(); me && me->has_role("revisit")) {
    f.agent_id = me->id;
  }
  LocalTime today = to_local(ctx.now());
  f.due_until = o.within.empty() ? from_local(today.year, today.month, today.day + 1)
                                 : ctx.now() + parse_duration(o.within, "--within");
  auto list = RevisitStore(db).list(f);
  CustomerCache customers(db);
  std::stable_sort(list.begin(), list.end(), [&](const Revisit& a, const Revisit& b) {
    return more_urgent({a.due_at.value_or(0), customers.get(a.customer_id).grade},
                       {b.due_at.value_or(0), customers.get(b.customer_id).grade}, ctx.now());
  });
  Table worklist = revisit_table(ctx, db, list, false, true);
  ctx.print(worklist, ctx.reveal_personal(worklist));
}

std::vector<std::string> parse_problems(const Context& ctx, const std::string& text) {
  std::string t = nfkc(text, "--problems");
  for (const char* sep : {"，", "、"})
    for (size_t p; (p = t.find(sep)) != std::string::npos;) t.replace(p, std::string(sep).size(), ",");
  const auto& allowed = ctx.config().list("revisit.problem_factors");
  std::vector<std::string> out;
  for (const auto& part : split(t, ',')) {
    std::string f = trim(part);
    if (f.empty()) continue;
    if (std::find(allowed.begin(), allowed.end(), f) == allowed.end())
      fail_invalid("--problems: '{}' is not a problem factor (回访问题因素); use {} (config revisit.problem_factors)", f,
                   join(allowed, ", "));
    if (std::find(out.begin(), out.end(), f) == out.end()) out.push_back(f);
  }
  return out;
}

bool parse_reached(const std::string& text) {
  std::string t = to_lower_ascii(trim(text));
  if (t == "yes" || t == "是" || t == "y" || t == "1") return true;
  if (t == "no" || t == "否" || t == "n" || t == "0") return false;
  fail_invalid("--reached: '{}' must be yes or no (是/否)", text);
}

// What a scored follow-up does to its complaint: reopen it, or record satisfaction and close it.
void settle_complaint(Context& ctx, Database& db, const Revisit& r, int score) {
  ComplaintStore complaints(db);
  auto before = complaints.by_id(*r.complaint_id);
  if (!before) return;
  const Config& cfg = ctx.config();
  FollowUpOutcome outcome = followup_outcome(score, static_cast<int>(cfg.integer("revisit.satisfaction_floor")),
                                             static_cast<int>(cfg.integer("revisit.satisfied_min")));
  if (outcome == FollowUpOutcome::keep) return;
  std::string verb = outcome == FollowUpOutcome::reopen ? "reopen" : "close";
  if (!complaint_next_status(verb, before->status)) {
    ctx.note(fmt::format("complaint {} is {}; left as it is", before->number, before->status));
    return;
  }
  Complaint after = *before;
  after.satisfaction = score;
  if (outcome == FollowUpOutcome::reopen) {
    after.reopened_count += 1;
    after.resolved_at.reset();
    after.closed_at.reset();
  } else {
    after.closed_at = ctx.now();
  }
  ComplaintNote note{fmt::format("回访 {} 满意度 {}", r.number, score), std::nullopt};
  complaints.change(*before, after, verb, note, ctx.actor(), ctx.now());
  ctx.note(fmt::format("complaint {} {} (follow-up scored {})", before->number,
                       outcome == FollowUpOutcome::reopen ? "reopened" : "closed", score));
}

void run_log(Context& ctx, const RevisitOptions& o) {
  if (o.ref.empty() == o.customer.empty())
    fail_usage("revisit log: give a planned revisit (HF…) or --customer for an unplanned one (not both)");
  const Config& cfg = ctx.config();
  auto method = parse_revisit_method(o.method);
  if (!method) fail_invalid("--method: '{}' is not a revisit method; use phone, sms or visit (电话/短信/登门)", o.method);
  bool reached = parse_reached(o.reached);
  std::optional<std::string> purpose;
  if (!o.purpose.empty()) {
    auto allowed = revisit_purposes(parse_occasions(cfg.list("revisit.occasions")));
    purpose = parse_revisit_purpose(nfkc(o.purpose, "--purpose"), allowed);
    if (!purpose) fail_invalid("--purpose: '{}' is not a revisit purpose; use {}", o.purpose, join(allowed, ", "));
  }
  std::optional<std::int64_t> score;
  if (!o.satisfaction.empty()) {
    std::string s = trim(nfkc(o.satisfaction, "--satisfaction"));
    if (s.size() != 1 || s[0] < '1' || s[0] > '5')
      fail_invalid("--satisfaction: '{}' must be a score from 1 (very dissatisfied) to 5 (very satisfied)", o.satisfaction);
    score = s[0] - '0';
  }
  std::vector<std::string> problems = parse_problems(ctx, o.problems);
  if (!reached && (score || !problems.empty()))
    fail_invalid("--reached no: a failed attempt has no --satisfaction or --problems");

  Database& db = ctx.db();
  Actor actor = ctx.actor();
  Database::Transaction tx(db);
  RevisitStore store(db);
  Revisit before;
  if (!o.ref.empty()) {
    before = store.get(o.ref);
    if (before.status != "planned")
      fail_conflict("revisit {} is {}; only a planned revisit can be logged (log a new one with --customer)",
                    before.number, before.status);
  } else {
    if (!purpose) fail_invalid("--purpose: say why the customer is being revisited ({})",
                               join(revisit_purposes(parse_occasions(cfg.list("revisit.occasions"))), ", "));
    Revisit fresh;
    fresh.customer_id = CustomerStore(db).get(o.customer).id;
    fresh.purpose = *purpose;
    fresh.agent_id = actor.staff_id;
    fresh.due_at = ctx.now();
    before = store.create(fresh, actor, ctx.now());
  }
  Revisit after = before;
  after.attempts += 1;
  after.method = method;
  if (reached) {
    if (purpose) after.purpose = *purpose;
    after.status = "done";
    after.done_at = ctx.now();
    after.done_by = actor.staff_id;
    if (auto c = given(o.content, "--content")) after.content = c;
    after.result = given(o.result, "--result");
    after.satisfaction = score;
    after.problems = problems;
  }
  store.record(before, after, reached, actor, ctx.now());
  if (reached && score) {
    if (after.complaint_id) settle_complaint(ctx, db, after, static_cast<int>(*score));
    std::int64_t in_a_row = cfg.integer("customer.at_risk_low_scores");
    if (low_scores_in_a_row(store.recent_scores(after.customer_id), in_a_row,
                            static_cast<int>(cfg.integer("revisit.satisfaction_floor"))) &&
        store.mark_at_risk(after.customer_id, fmt::format("{} low satisfaction scores in a row", in_a_row), actor,
                           ctx.now()))
      ctx.note(fmt::format("customer marked at-risk (准流失): {} low scores in a row", in_a_row));
  }
  tx.commit();
  if (!reached) ctx.note(fmt::format("not reached; {} stays due (attempt {})", after.number, after.attempts));
  ctx.print(revisit_table(ctx, db, {store.get(after.number)}, true));
}

void run_list(Context& ctx, const RevisitOptions& o) {
  Database& db = ctx.db();
  RevisitFilter f;
  if (!o.status.empty()) {
    std::string s = to_lower_ascii(trim(o.status));
    if (s != "planned" && s != "done" && s != "cancelled")
      fail_invalid("--status: '{}' is not a revisit status; use planned, done or cancelled", o.status);
    f.status = s;
  }
  if (!o.agent.empty()) f.agent_id = StaffStore(db).get(o.agent).id;
  if (!o.customer.empty()) f.customer_id = CustomerStore(db).get(o.customer).id;
  if (!o.complaint.empty()) f.complaint_id = ComplaintStore(db).get(o.complaint).id;
  if (!o.purpose.empty()) {
    auto allowed = revisit_purposes(parse_occasions(ctx.config().list("revisit.occasions")));
    f.purpose = parse_revisit_purpose(nfkc(o.purpose, "--purpose"), allowed);
    if (!f.purpose) fail_invalid("--purpose: '{}' is not a revisit purpose; use {}", o.purpose, join(allowed, ", "));
  }
  if (!o.since.empty()) f.since = parse_time(o.since, "--since");
  if (!o.until.empty()) f.until = parse_time(o.until, "--until");
  ctx.print(revisit_table(ctx, db, RevisitStore(db).list(f), false));
}

void run_stats(Context& ctx, const RevisitOptions& o) {
  auto months = parse_whole_number(o.months, 1, kMaxStatsMonths, "--months");
  Period last = o.month.empty() ? month_containing(ctx.now()) : month_period(o.month);
  Period first = last;
  for (std::int64_t i = 1; i < months; ++i) first = previous_period(first);
  Database& db = ctx.db();
  StaffNames staff(db);
  int satisfied_min = static_cast<int>(ctx.config().integer("revisit.satisfied_min"));
  // month → agent label ("" for the whole department) → scores
  std::map<std::string, std::map<std::string, std::vector<int>>> scores;
  for (const auto& s : RevisitStore(db).scored(first.begin, last.end)) {
    std::string month = month_label(s.done_at);
    Value agent = staff.label(s.agent_id);
    scores[month][std::holds_alternative<std::string>(agent) ? std::get<std::string>(agent) : "(none)"].push_back(s.score);
    scores[month][""].push_back(s.score);
  }
  Table t;
  t.columns = {{"month", "Month", "月份"},
               {"agent", "Agent", "回访客服"},
               {"scored", "Scored", "评分数"},
               {"satisfied", "Satisfied", "满意数"},
               {"satisfaction_rate", "Satisfaction rate", "满意率", Show::percent},
               {"csi", "CSI", "满意指数CSI", Show::plain, Personal::no, 1}};
  auto figure = [](metrics::Figure f) { return f ? Value{*f} : Value{}; };
  for (const auto& [month, by_agent] : scores)
    for (const auto& [agent, list] : by_agent) {
      auto satisfied = std::count_if(list.begin(), list.end(), [&](int s) { return s >= satisfied_min; });
      t.add_row({month, agent.empty() ? Value{std::string("(all)")} : Value{agent}, static_cast<std::int64_t>(list.size()),
                 static_cast<std::int64_t>(satisfied), figure(metrics::satisfaction_rate(list, satisfied_min)),
                 figure(metrics::csi(list))});
    }
  ctx.print(t);
}

}  // namespace

void setup_revisit(CLI::App& app, Context& ctx, CommandActions& actions) {
  auto* cmd = app.add_subcommand("revisit", "Revisits (回访): plan, worklist, log, list, satisfaction and CSI");
  cmd->require_subcommand(1);
  cmd->footer(
      "Examples:\n"
      "  csdesk revisit plan\n"
      "  csdesk --as 4001 revisit due\n"
      "  csdesk --as 4001 revisit log HF202611-0001 --method 电话 --satisfaction 5 --result 客户满意\n"
      "  csdesk revisit stats --month 2026-11");
  auto o = std::make_shared<RevisitOptions>();

  auto* plan = cmd->add_subcommand("plan", "Plan due revisits: complaint follow-ups, routine by grade, occasions");
  plan->footer(
      "Idempotent: planning twice plans nothing new. Also marks customers without contact for\n"
      "customer.at_risk_no_contact_days as at-risk.\nExample:\n  csdesk revisit plan --now 2026-12-25");
  actions.bind(plan, [&ctx] { run_plan(ctx); });

  auto* due = cmd->add_subcommand("due", "The worklist: overdue first, then grade A, B, C");
  due->add_option("--for", o->for_staff, "A revisit agent's list (default: the operator's, if a revisit agent)");
  due->add_option("--within", o->within, "Due within this time from now (default: by the end of today)");
  due->footer("Examples:\n  csdesk --as 4001 revisit due\n  csdesk revisit due --for 4002 --within 7d");
  actions.bind(due, [&ctx, o] { run_due(ctx, *o); });

  auto* log = cmd->add_subcommand("log", "Log a revisit: a planned one by number, or --customer for an unplanned one");
  log->add_option("REVISIT", o->ref, "Planned revisit number (HF202611-0001)");
  log->add_option("--customer", o->customer, "Customer of an unplanned revisit");
  log->add_option("--method", o->method, "phone, sms or visit (电话/短信/登门)")->required();
  log->add_option("--purpose", o->purpose, "after-sale, satisfaction, complaint-follow-up, holiday, maintenance, birthday, routine");
  log->add_option("--content", o->content, "回访内容: what was said");
  log->add_option("--result", o->result, "回访效果: the outcome");
  log->add_option("--satisfaction", o->satisfaction, "1 (very dissatisfied) … 5 (very satisfied)");
  log->add_option("--problems", o->problems, "回访问题因素, comma-separated, from config revisit.problem_factors");
  log->add_option("--reached", o->reached, "no: a failed attempt (counted; the revisit stays due)");
  log->footer(
      "Examples:\n"
      "  csdesk --as 4001 revisit log HF202611-0001 --method 电话 --satisfaction 4 --result 问题已解决\n"
      "  csdesk --as 4001 revisit log HF202611-0002 --method phone --reached no\n"
      "  csdesk --as 4001 revisit log --customer KH202611-0001 --method 登门 --purpose 售后回访 --satisfaction 3 "
      "--problems 响应速度,价格");
  actions.bind(log, [&ctx, o] { run_log(ctx, *o); });

  auto* list = cmd->add_subcommand("list", "List revisits");
  list->add_option("--status", o->status, "planned, done or cancelled");
  list->add_option("--agent", o->agent, "Revisit agent (工号 or name)");
  list->add_option("--customer", o->customer, "Customer number");
  list->add_option("--complaint", o->complaint, "Follow-ups of this complaint");
  list->add_option("--purpose", o->purpose, "Purpose");
  list->add_option("--since", o->since, "Done (or due) at or after this time");
  list->add_option("--until", o->until, "Done (or due) before this time");
  list->footer("Examples:\n  csdesk revisit list --status done --since 2026-11-01 --csv\n  csdesk revisit list --agent 4001 --json");
  actions.bind(list, [&ctx, o] { run_list(ctx, *o); });

  auto* stats = cmd->add_subcommand("stats", "Satisfaction rate and CSI per agent and month");
  stats->add_option("--month", o->month, "YYYY-MM (default: this month)");
  stats->add_option("--months", o->months, "This many months ending with --month, 1 to 120 (default 1)");
  stats->footer(
      "Satisfaction rate = revisits scored ≥ revisit.satisfied_min (4) ÷ revisits scored;\n"
      "CSI = (mean score − 1) ÷ 4 × 100.\nExample:\n  csdesk revisit stats --month 2026-11 --months 3 --lang zh");
  actions.bind(stats, [&ctx, o] { run_stats(ctx, *o); });
}

}  // namespace csdesk
