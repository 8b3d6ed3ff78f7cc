// csdesk score: the monthly assessment (考核) of every active staff member, adjustments and awards.
#include <CLI/CLI.hpp>


#include "score/assessment.hpp"
#include "commands.hpp"
#include "context.hpp"
#include "util/error.hpp"
#include "util/numbers.hpp"
#include "backup/snapshot.hpp"
#include "util/text.hpp"

namespace csdesk {
namespace {

struct ScoreOptions {
  std::string month, staff, reason, kind = "other", date, points_text;
  bool freeze = false, recompute = false;
};

Period chosen_month(Context& ctx, const ScoreOptions& o) {
  return o.month.empty() ? previous_month(ctx.now()) : month_period(o.month);
}
std::string first_day(const Period& p) { return format_date(p.begin); }
std::string last_day(const Period& p) { return format_date(p.end - 1); }

MonthScores compute(Context& ctx, const Period& month) {
  Database& db = ctx.db();
  ReportStore store(db);
  StaffFilter active;
  active.active = true;
  auto staff = StaffStore(db).list(active);
  int satisfied_min = static_cast<int>(ctx.config().integer("revisit.satisfied_min"));
  auto months = store.staff_months(month.begin, month.end, first_day(month), last_day(month), satisfied_min);
  auto complaints = store.complaints_opened(month.begin, month.end, ctx.now());
  return score_month(month, staff, months, complaints, ctx.config(), ctx.now());
}

void run_score(Context& ctx, const ScoreOptions& o) {
  if (o.freeze && o.recompute) fail_usage("--freeze and --recompute cannot be combined");
  Period month = chosen_month(ctx, o);
  std::vector<Table> tables = score_tables(compute(ctx, month));
  Database& db = ctx.db();
  ReportStore store(db);
  std::string today = encode_rows(tables);
  if (o.freeze) {
    Actor actor = ctx.actor();
    Database::Transaction tx(db);
    store.freeze({"score", month.label, today, actor.label, ctx.now()}, actor, ctx.now());
    tx.commit();
    ctx.note(fmt::format("score {} frozen: these are now the issued scores", month.label));
  } else if (auto frozen = store.frozen("score", month.label); frozen && !o.recompute) {
    decode_rows(frozen->payload, tables);
    if (frozen->payload != today)
      ctx.warn(fmt::format("scores for {} were frozen at {} by {}; these are the issued scores. Today's data would "
                           "give different scores: --recompute shows them",
                           month.label, format_local(frozen->frozen_at), frozen->frozen_by));
  }
  ctx.print_sections(tables);
}

void run_explain(Context& ctx, const ScoreOptions& o) {
  Period month = chosen_month(ctx, o);
  Staff who = StaffStore(ctx.db()).get(o.staff);
  MonthScores scores = compute(ctx, month);
  for (const auto& p : scores.people)
    if (p.staff.id == who.id) return ctx.print(explain_table(p, ctx.config()));
  fail_conflict("{} {} is deactivated; only active staff are scored", who.number, who.name);
}

const std::vector<std::string>& adjustment_kinds() {
  static const std::vector<std::string> kinds = {"praise", "complaint", "late", "absent", "inspection", "other"};
  return kinds;
}

Table adjustment_table(const std::vector<ScoreAdjustment>& list, bool single) {
  Table t{"adjustments", "Score adjustments", "奖扣分记录",
          {{"number", "No.", "编号"},
           {"staff", "Staff", "人员"},
           {"on_date", "Date", "日期"},
           {"points", "Points", "分值", Show::plain, Personal::no, 1},
           {"kind", "Kind", "类型"},
           {"reason", "Reason", "原因"},
           {"operator", "By", "登记人"}},
          {}, single};
  for (const auto& a : list)
    t.add_row({a.number, a.staff_number + " " + a.staff_name, a.on_date, a.points, a.kind, a.reason, a.operator_label});
  return t;
}

// Points of one adjustment: a decimal number within ±kMaxAdjustmentPoints, never 0.
constexpr double kMaxAdjustmentPoints = 100;

double parse_points(const std::string& text) {
  double v = parse_decimal_number(text, -kMaxAdjustmentPoints, kMaxAdjustmentPoints, "--points");
  if (v == 0) fail_invalid("--points: 0 changes nothing; give e.g. +2, -1 or 0.5");
  return v;
}

void run_adjust(Context& ctx, const ScoreOptions& o) {
  ScoreAdjustment a;
  a.points = parse_points(o.points_text);
  a.reason = trim(nfkc(o.reason, "--reason"));
  if (a.reason.empty()) fail_invalid("--reason: say why the points are given or taken");
  a.kind = to_lower_ascii(trim(o.kind));
  const auto& kinds = adjustment_kinds();
  if (std::find(kinds.begin(), kinds.end(), a.kind) == kinds.end()) fail_not_one_of("--kind", o.kind, a.kind, "kind", kinds);
  if ((a.kind == "complaint" || a.kind == "late" || a.kind == "absent") && a.points > 0)
    fail_invalid("--points: a {} adjustment takes points away; give a negative number such as -{}", a.kind, a.points);
  a.on_date = o.date.empty() ? format_date(ctx.now()) : format_date(parse_time(o.date, "--date"));
  Database& db = ctx.db();
  Staff who = StaffStore(db).get(o.staff);
  a.staff_id = who.id;
  a.staff_number = who.number;
  a.staff_name = who.name;
  Actor actor = ctx.actor();
  Database::Transaction tx(db);
  ScoreAdjustment created = ReportStore(db).add_adjustment(a, actor, ctx.now());
  tx.commit();
  ctx.print(adjustment_table({created}, true));
}

void run_adjustments(Context& ctx, const ScoreOptions& o) {
  Period month = chosen_month(ctx, o);
  Database& db = ctx.db();
  std::optional<std::int64_t> staff_id;
  if (!o.staff.empty()) staff_id = StaffStore(db).get(o.staff).id;
  ctx.print(adjustment_table(ReportStore(db).adjustments(first_day(month), last_day(month), staff_id), false));
}

}  // namespace

void setup_score(CLI::App& app, Context& ctx, CommandActions& actions) {
  auto o = std::make_shared<ScoreOptions>();
  auto* cmd = app.add_subcommand("score", "Monthly assessment (考核): registration points, indicators, combined score, awards");
  cmd->add_option("--month", o->month, "Month YYYY-MM (default: the previous month)");
  cmd->add_flag("--freeze", o->freeze, "Store these scores as issued; later runs show them");
  cmd->add_flag("--recompute", o->recompute, "For a frozen month: show scores from today's data");
  cmd->footer(
      "Registration points (seed 001): n >= 380 → 110; n <= 280 → 90; otherwise 100 + trunc((n − 330) / 10),\n"
      "every number from config score.*. Staff without a target role are scored on the indicators only.\n"
      "Examples:\n"
      "  csdesk score --month 2026-10\n"
      "  csdesk score --month 2026-10 --freeze --as 9001\n"
      "  csdesk score explain 1001 --month 2026-10\n"
      "  csdesk score adjust 1001 --points +2 --reason 客户表扬 --kind praise --date 2026-10-15");
  actions.bind(cmd, [&ctx, o] { run_score(ctx, *o); });

  auto* adjust = cmd->add_subcommand("adjust", "Give or take points: praise, complaints, lateness, absence, inspections");
  adjust->add_option("STAFF", o->staff, "Employee number or name")->required();
  adjust->add_option("--points", o->points_text, "Points, e.g. +2, -1 or 0.5 (-100 to 100, not 0)")->required()->allow_extra_args(false);
  adjust->add_option("--reason", o->reason, "Why")->required();
  adjust->add_option("--kind", o->kind, "praise, complaint, late, absent, inspection or other (default other)");
  adjust->add_option("--date", o->date, "Day it happened, YYYY-MM-DD (default today)");
  adjust->footer(
      "Examples:\n  csdesk score adjust 1001 --points +2 --reason 客户来电表扬 --kind praise\n"
      "  csdesk score adjust 1002 --points -1 --reason 迟到 --kind late --date 2026-10-09");
  actions.bind(adjust, [&ctx, o] { run_adjust(ctx, *o); });

  auto* list = cmd->add_subcommand("adjustments", "List the month's adjustments");
  list->add_option("--month", o->month, "Month YYYY-MM (default: the previous month)");
  list->add_option("--staff", o->staff, "Only this staff member");
  list->footer("Example:\n  csdesk score adjustments --month 2026-10 --staff 1001");
  actions.bind(list, [&ctx, o] { run_adjustments(ctx, *o); });

  auto* explain = cmd->add_subcommand("explain", "How every point of one person's score came about");
  explain->add_option("STAFF", o->staff, "Employee number or name")->required();
  explain->add_option("--month", o->month, "Month YYYY-MM (default: the previous month)");
  explain->footer("Example:\n  csdesk score explain 1001 --month 2026-10");
  actions.bind(explain, [&ctx, o] { run_explain(ctx, *o); });
}

}  // namespace csdesk
