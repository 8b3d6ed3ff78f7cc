// csdesk report: the monthly (and weekly) report managers hand to the executives.
#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "context.hpp"
#include "util/error.hpp"
#include "output/html_report.hpp"
#include "output/output_file.hpp"
#include "report/alerts.hpp"
#include "report/daily.hpp"
#include "report/reporting.hpp"
#include "output/columns.hpp"
#include "rules/vocabulary.hpp"

namespace csdesk {
namespace {

struct ReportOptions {
  std::string month, week, date;
  bool freeze = false, recompute = false;
};

Period chosen_period(Context& ctx, const ReportOptions& o, Span span) {
  if (span == Span::week) return o.week.empty() ? iso_week_containing(ctx.now()) : iso_week_period(o.week);
  return o.month.empty() ? previous_month(ctx.now()) : month_period(o.month);
}

void tell_issue(Context& ctx, const Report& report, const Period& period) {
  const auto& frozen = report.issue.frozen;
  if (frozen && frozen->chain.rows > 0) ctx.note(chain_head_note(frozen->chain));
  switch (report.issue.state) {
    case Issued::not_frozen: break;
    case Issued::frozen_now:
      ctx.note(report.issue_kind == "report-weekly"
                   ? trf("weekly report {} frozen: these figures are now the issued report", period.label)
                   : trf("monthly report {} frozen: these figures are now the issued report", period.label));
      break;
    case Issued::changed:
      ctx.warn(trf("{} was frozen at {} by {}; these are the issued figures. Today's data would give "
                   "different figures: --recompute shows them",
                           period.label, format_local(frozen->frozen_at), frozen->frozen_by));
      break;
    case Issued::unchanged:
      ctx.note(trf("{} was frozen at {} by {}; today's data gives the same figures", period.label,
                           format_local(frozen->frozen_at), frozen->frozen_by));
      break;
    case Issued::recomputed:
      ctx.note(trf("{} was frozen at {}; showing figures recomputed from today's data", period.label,
                           format_local(frozen->frozen_at)));
      break;
  }
}

const ColumnSpec<AlertRow>& alert_columns() {
  auto shown = [](const metrics::Figure& f, bool percent) -> Value {
    if (!f) return Value{};
    return percent ? *f * 100 : *f;
  };
  static const ColumnSpec<AlertRow> spec{
      {Column{"figure", "Figure", "指标"}.with_terms(vocab::report_figure), [](const AlertRow& r) -> Value { return r.figure; }},
      {Column{"unit", "Unit", "单位"}.with_terms(vocab::report_unit),
       [](const AlertRow& r) -> Value { return r.percent ? "%" : ""; }},
      {{"this_week", "Last 7 days", "近7天", Show::plain, Personal::no, 1}, [shown](const AlertRow& r) { return shown(r.now, r.percent); }},
      {{"trailing_mean", "Weeks before (mean)", "此前各周均值", Show::plain, Personal::no, 1},
       [shown](const AlertRow& r) { return shown(r.judgement.trailing_mean, r.percent); }},
      {{"change_rate", "Change %", "变化率", Show::percent},
       [](const AlertRow& r) -> Value { return r.judgement.change ? Value{*r.judgement.change} : Value{}; }},
      {Column{"state", "State", "判断"}.with_terms(vocab::alert_state),
       [](const AlertRow& r) -> Value { return alert_state_code(r.judgement.state); }},
  };
  return spec;
}

void run_alerts(Context& ctx) {
  AlertsReport report = watch_figures(ctx.db(), ctx.config(), ctx.now());
  Table t = alert_columns().table(report.rows, ctx.spec().format, "alerts");
  ctx.print(t);
  if (!report.attention()) {
    ctx.note(trf("no figure of {} moved beyond alerts.change_threshold against {}", report.window, report.trailing));
    return;
  }
  std::string moved;
  for (const auto& r : report.rows)
    if (needs_attention(r.judgement.state)) {
      if (!moved.empty()) moved += tr_ctx("list", ", ");
      moved += vocab::name(vocab::report_figure, r.figure);
    }
  fail(ErrorKind::attention, "needs attention: {} moved beyond alerts.change_threshold in {} against {}", moved,
       report.window, report.trailing);
}

void run_daily(Context& ctx, const ReportOptions& o) {
  DailyReport r = daily_report(ctx.db(), ctx.config(), o.date, ctx.now());
  if (!r.working_day) ctx.note(trf("{} is not a working day in the department calendar (sla.work_days, sla.holidays)", r.date));
  ctx.print_sections(daily_tables(r));
}

void run_report(Context& ctx, const ReportOptions& o, std::vector<Section> sections, std::optional<Span> full) {
  bool html = ctx.opt.format == "html";
  if (html && ctx.opt.output.empty()) fail_usage("--format html needs --output FILE (the page is written to a file)");
  if (o.freeze && o.recompute) fail_usage("--freeze and --recompute cannot be combined");
  Span span = full.value_or(o.week.empty() ? Span::month : Span::week);
  if (!o.month.empty() && !o.week.empty()) fail_usage("give --month or --week, not both");
  ReportRequest request{chosen_period(ctx, o, span), std::move(sections), span, full.has_value(), std::nullopt,
                        o.recompute};
  // Before the report is read: a destination that will be refused fails at once.
  std::optional<OutputFile> page;
  if (html) {
    page.emplace(OutputRequest{"--output", ctx.opt.output, ctx.opt.force, ctx.opt.db});
    for (const auto& stale : page->stale_removed()) ctx.note(trf("removed {}, left by a run that was killed", stale));
  }
  Database& db = ctx.db();
  if (o.freeze && full) request.freeze_as = ctx.actor();

  Report report = build_report(db, request, report_policy(ctx.config()), ctx.now());
  tell_issue(ctx, report, request.period);

  if (html) {
    Lang lang = ctx.lang();
    std::string title = trf("Customer service report {}", request.period.label);
    page->write(html_report(title, report.tables, report_charts(report, lang), lang));
    page->commit();
    ctx.note(trf("wrote {}", ctx.opt.output));
    return;
  }
  ctx.print_sections(report.tables);
}

void add_period_options(CLI::App* cmd, ReportOptions& o, bool week) {
  cmd->add_option("--month", o.month, std::string(tr("Month YYYY-MM (default: the previous month)")));
  if (week) cmd->add_option("--week", o.week, std::string(tr("ISO week YYYY-Www (default: this week)")));
}

}  // namespace

void setup_report(CLI::App& app, Context& ctx, CommandActions& actions) {
  auto* cmd = app.add_subcommand("report", std::string(tr("Monthly and weekly reports: intake, assignment, complaints, revisits, customers, trend")));
  cmd->require_subcommand(1);
  cmd->footer(
      std::string(tr("Examples:\n"
      "  csdesk report monthly --month 2026-10\n"
      "  csdesk report monthly --month 2026-10 --lang zh --csv --bom > 2026-10.csv\n"
      "  csdesk report monthly --month 2026-10 --format html --output 2026-10.html\n"
      "  csdesk report monthly --month 2026-10 --format xlsx --output 2026-10.xlsx\n"
      "  csdesk report weekly --week 2026-W44\n"
      "  csdesk report complaints --month 2026-10 --json")));
  auto o = std::make_shared<ReportOptions>();
  std::vector<Section> all;
  for (const auto& name : section_names()) all.push_back(parse_section(name));

  auto* monthly = cmd->add_subcommand("monthly", std::string(tr("The month's report: every section and the trend against last month and the targets")));
  add_period_options(monthly, *o, false);
  monthly->add_flag("--freeze", o->freeze, std::string(tr("Store these figures as the issued report; later runs show them")));
  monthly->add_flag("--recompute", o->recompute, std::string(tr("For a frozen month: show today's figures instead of the issued ones")));
  monthly->footer(
      std::string(tr("Managers freeze, and only a period that has ended; nothing is written dated inside a frozen one.\n"
      "Examples:\n  csdesk report monthly --month 2026-10\n  csdesk report monthly --month 2026-10 --freeze\n"
      "  csdesk report monthly --month 2026-10 --format html --output 2026-10.html")));
  actions.bind(monthly, [&ctx, o, all] { run_report(ctx, *o, all, Span::month); });

  auto* weekly = cmd->add_subcommand("weekly", std::string(tr("The Friday review: every section for one ISO week, against the week before")));
  add_period_options(weekly, *o, true);
  weekly->add_flag("--freeze", o->freeze, std::string(tr("Store these figures as the issued report")));
  weekly->add_flag("--recompute", o->recompute, std::string(tr("For a frozen week: show today's figures")));
  weekly->footer(std::string(tr("Example:\n  csdesk report weekly --week 2026-W44")));
  actions.bind(weekly, [&ctx, o, all] { run_report(ctx, *o, all, Span::week); });

  auto* daily = cmd->add_subcommand(
      "daily", std::string(tr("One day's registrations per agent against intake.daily_target, and the month so far against "
                              "intake.monthly_target by working days")));
  daily->add_option("--date", o->date, std::string(tr("The day YYYY-MM-DD (default: today)")));
  daily->footer(std::string(tr("New customers as the score counts them (duplicates merged away do not count). Working days come\n"
                               "from the department calendar (sla.work_days, sla.holidays, sla.extra_workdays).\n"
                               "Examples:\n  csdesk report daily\n  csdesk report daily --date 2026-09-15 --lang zh\n"
                               "  csdesk report daily --date 2026-09-15 --csv")));
  actions.bind(daily, [&ctx, o] { run_daily(ctx, *o); });

  auto* alerts = cmd->add_subcommand(
      "alerts", std::string(tr("The last 7 days against the weeks before: figures that swung (exit 7 when one did)")));
  alerts->footer(std::string(tr("For a supervisor's daily check or a cron job; settings alerts.trailing_weeks, alerts.change_threshold,\n"
                                "alerts.min_volume. Exit 0: nothing to look at; exit 7: the figures named need attention.\n"
                                "Examples:\n  csdesk report alerts\n  csdesk report alerts --json > alerts.json || echo 需要关注")));
  actions.bind(alerts, [&ctx] { run_alerts(ctx); });

  const std::vector<std::tuple<const char*, const char*, Section>> sections = {
      {"intake", tr_noop("New customers and returning contacts per agent, channel and city; share registered in time"), Section::intake},
      {"assign", tr_noop("Assignments per salesperson, urgent contacts in time, reassignments, the unclaimed pool"), Section::assign},
      {"complaints", tr_noop("Complaints opened, resolved, overdue; timeliness and resolution rates; response times"), Section::complaints},
      {"revisits", tr_noop("Revisits due and done, reach rate, satisfaction rate, CSI, problem factors"), Section::revisits},
      {"customers", tr_noop("Potential → active conversions and the conversion rate, at-risk and lost customers and the recovery rate"), Section::customers},
  };
  for (const auto& [name, help, section] : sections) {
    auto* sub = cmd->add_subcommand(name, std::string(tr(help)));
    add_period_options(sub, *o, true);
    sub->footer(trf("Examples:\n  csdesk report {0} --month 2026-10\n  csdesk report {0} --week 2026-W44 --json", name));
    Section s = section;
    actions.bind(sub, [&ctx, o, s] { run_report(ctx, *o, {s}, std::nullopt); });
  }
}

}  // namespace csdesk
