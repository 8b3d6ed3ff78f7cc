// csdesk score: the monthly assessment (考核) of every active staff member, adjustments and awards.
#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "context.hpp"
#include "score/assessment.hpp"
#include "util/error.hpp"
#include "util/numbers.hpp"

namespace csdesk {
namespace {

struct ScoreOptions {
  std::string month, staff, reason, kind = "other", date, points_text;
  bool freeze = false, recompute = false;
};

Period chosen_month(Context& ctx, const ScoreOptions& o) {
  return o.month.empty() ? previous_month(ctx.now()) : month_period(o.month);
}

void run_score(Context& ctx, const ScoreOptions& o) {
  if (o.freeze && o.recompute) fail_usage("--freeze and --recompute cannot be combined");
  Period month = chosen_month(ctx, o);
  Database& db = ctx.db();
  std::optional<Actor> freeze_as;
  if (o.freeze) freeze_as = ctx.actor();
  ScoreSheet sheet = score_sheet(db, month, score_policy(ctx.config()), freeze_as, o.recompute, ctx.now());
  const auto& frozen = sheet.issue.frozen;
  if (frozen && frozen->chain.rows > 0) ctx.note(chain_head_note(frozen->chain));
  if (sheet.issue.state == Issued::frozen_now)
    ctx.note(trf("score {} frozen: these are now the issued scores", month.label));
  else if (sheet.issue.state == Issued::changed)
    ctx.warn(trf("scores for {} were frozen at {} by {}; these are the issued scores. Today's data would "
                 "give different scores: --recompute shows them",
                         month.label, format_local(frozen->frozen_at), frozen->frozen_by));
  ctx.print_sections(sheet.tables);
}

void run_explain(Context& ctx, const ScoreOptions& o) {
  Period month = chosen_month(ctx, o);
  bool in_language = ctx.spec().format != Format::json;
  ctx.print(explain_score(ctx.db(), month, o.staff, score_policy(ctx.config()), ctx.now(), in_language));
}

// Points of one adjustment: a decimal number within ±kMaxAdjustmentPoints, never 0.
constexpr double kMaxAdjustmentPoints = 100;

double parse_points(const std::string& text) {
  double v = parse_decimal_number(text, -kMaxAdjustmentPoints, kMaxAdjustmentPoints, "--points");
  if (v == 0) fail_invalid("--points: 0 changes nothing; give e.g. +2, -1 or 0.5");
  return v;
}

void run_adjust(Context& ctx, const ScoreOptions& o) {
  ScoreAdjustment checked = checked_adjustment({o.kind, o.reason, o.date, parse_points(o.points_text)}, ctx.now());
  Database& db = ctx.db();
  ctx.print(adjustment_table({add_adjustment(db, checked, o.staff, ctx.actor(), ctx.now())}, true));
}

void run_adjustments(Context& ctx, const ScoreOptions& o) {
  ctx.print(adjustment_table(month_adjustments(ctx.db(), chosen_month(ctx, o), o.staff), false));
}

}  // namespace

void setup_score(CLI::App& app, Context& ctx, CommandActions& actions) {
  auto o = std::make_shared<ScoreOptions>();
  auto* cmd = app.add_subcommand("score", std::string(tr("Monthly assessment (考核): registration points, indicators, combined score, awards")));
  cmd->add_option("--month", o->month, std::string(tr("Month YYYY-MM (default: the previous month)")));
  cmd->add_flag("--freeze", o->freeze, std::string(tr("Store these scores as issued; later runs show them")));
  cmd->add_flag("--recompute", o->recompute, std::string(tr("For a frozen month: show scores from today's data")));
  cmd->footer(
      std::string(tr("Registration points (seed 001): n >= 380 → 110; n <= 280 → 90; otherwise 100 + trunc((n − 330) / 10),\n"
      "every number from config score.*. Staff without a target role are scored on the indicators only.\n"
      "Examples:\n"
      "  csdesk score --month 2026-10\n"
      "  csdesk score --month 2026-10 --freeze      # a manager; only a month that has ended\n"
      "  csdesk score explain 1001 --month 2026-10\n"
      "  csdesk score adjust 1001 --points +2 --reason 客户表扬 --kind praise --date 2026-10-15")));
  actions.bind(cmd, [&ctx, o] { run_score(ctx, *o); });

  auto* adjust = cmd->add_subcommand("adjust", std::string(tr("Give or take points: praise, complaints, lateness, absence, inspections")));
  adjust->add_option("STAFF", o->staff, std::string(tr("Employee number or name")))->required();
  adjust->add_option("--points", o->points_text, std::string(tr("Points, e.g. +2, -1 or 0.5 (-100 to 100, not 0)")))->required()->allow_extra_args(false);
  adjust->add_option("--reason", o->reason, std::string(tr("Why")))->required();
  adjust->add_option("--kind", o->kind, std::string(tr("praise, complaint, late, absent, inspection or other (default other)")));
  adjust->add_option("--date", o->date, std::string(tr("Day it happened, YYYY-MM-DD (default today)")));
  adjust->footer(
      std::string(tr("Supervisors and managers adjust scores, never their own; a date in frozen scores is refused.\n"
      "Examples:\n  csdesk score adjust 1001 --points +2 --reason 客户来电表扬 --kind praise\n"
      "  csdesk score adjust 1002 --points -1 --reason 迟到 --kind late --date 2026-10-09")));
  actions.bind(adjust, [&ctx, o] { run_adjust(ctx, *o); });

  auto* list = cmd->add_subcommand("adjustments", std::string(tr("List the month's adjustments")));
  list->add_option("--month", o->month, std::string(tr("Month YYYY-MM (default: the previous month)")));
  list->add_option("--staff", o->staff, std::string(tr("Only this staff member")));
  list->footer(std::string(tr("Example:\n  csdesk score adjustments --month 2026-10 --staff 1001")));
  actions.bind(list, [&ctx, o] { run_adjustments(ctx, *o); });

  auto* explain = cmd->add_subcommand("explain", std::string(tr("How every point of one person's score came about")));
  explain->add_option("STAFF", o->staff, std::string(tr("Employee number or name")))->required();
  explain->add_option("--month", o->month, std::string(tr("Month YYYY-MM (default: the previous month)")));
  explain->footer(std::string(tr("Example:\n  csdesk score explain 1001 --month 2026-10")));
  actions.bind(explain, [&ctx, o] { run_explain(ctx, *o); });
}

}  // namespace csdesk
