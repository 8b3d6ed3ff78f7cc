// csdesk report: the monthly (and weekly) report managers hand to the executives.
#include <CLI/CLI.hpp>

#include "context.hpp"
#include "util/error.hpp"
#include "output/html_report.hpp"
#include "output/output_file.hpp"
#include "report/reporting.hpp"
#include "backup/snapshot.hpp"

namespace csdesk {
namespace {

struct ReportOptions {
  std::string month, week;
  bool freeze = false, recompute = false;
};

enum class Span { month, week };

Period step_back(const Period& p, Span span) {
  return span == Span::month ? previous_period(p) : iso_week_containing(p.begin - 1);
}

Period chosen_period(Context& ctx, const ReportOptions& o, Span span) {
  if (span == Span::week) return o.week.empty() ? iso_week_containing(ctx.now()) : iso_week_period(o.week);
  return o.month.empty() ? previous_month(ctx.now()) : month_period(o.month);
}

TrendInput trend_input(Context& ctx, ReportStore& store, const PeriodData& current, Span span) {
  const Config& config = ctx.config();
  int satisfied_min = static_cast<int>(config.integer("revisit.satisfied_min"));
  TrendInput t;
  t.current = headline(current, config, ctx.now());
  Period prev = step_back(current.period, span);
  t.previous = headline(read_period(store, prev, {Section::trend}, config, ctx.now()), config, ctx.now());
  t.previous_label = prev.label;
  // Six periods up to this one; the last two were read above.
  std::vector<Period> earlier{step_back(prev, span)};
  for (int i = 0; i < 3; ++i) earlier.insert(earlier.begin(), step_back(earlier.front(), span));
  for (const auto& p : earlier) {
    auto s = store.satisfaction(p.begin, p.end, satisfied_min);
    t.satisfaction_series.emplace_back(p.label, metrics::satisfaction_rate(s.satisfied, s.scored));
  }
  t.satisfaction_series.emplace_back(prev.label, t.previous.satisfaction);
  t.satisfaction_series.emplace_back(current.period.label, t.current.satisfaction);
  if (span == Span::month) {
    t.satisfaction_gain = config.number("targets.satisfaction_gain");
    t.efficiency_gain = config.number("targets.efficiency_gain");
    Period base = current.period;
    for (auto i = config.integer("targets.satisfaction_months"); i > 0; --i) base = previous_period(base);
    auto known = std::find_if(t.satisfaction_series.begin(), t.satisfaction_series.end(),
                              [&](const auto& point) { return point.first == base.label; });
    if (known != t.satisfaction_series.end()) {
      t.satisfaction_baseline = *known;
    } else {
      auto s = store.satisfaction(base.begin, base.end, satisfied_min);
      t.satisfaction_baseline = {base.label, metrics::satisfaction_rate(s.satisfied, s.scored)};
    }
    base = current.period;
    for (auto i = config.integer("targets.efficiency_months"); i > 0; --i) base = previous_period(base);
    PeriodData old;
    old.period = base;
    old.complaints.opened = store.complaints_opened(base.begin, base.end, ctx.now());
    t.resolution_time_baseline = {base.label, headline(old, config, ctx.now()).mean_resolution};
  }
  return t;
}

std::vector<Chart> charts_for(const std::vector<Table>& tables, const std::optional<TrendInput>& trend, Lang lang) {
  bool zh = lang == Lang::zh;
  std::vector<Chart> charts;
  auto bars = [&](const char* table, const char* en, const char* zh_title, std::size_t value_column) {
    for (const auto& t : tables) {
      if (t.name != table) continue;
      Chart c{Chart::Kind::bars, zh ? zh_title : en, {}, false};
      for (const auto& row : t.rows) {
        auto label = std::holds_alternative<std::string>(row[0]) ? std::get<std::string>(row[0]) : std::string();
        auto v = std::holds_alternative<std::int64_t>(row[value_column]) ? std::optional<double>(std::get<std::int64_t>(row[value_column]))
                                                                          : std::nullopt;
        c.points.emplace_back(label, v);
      }
      charts.push_back(c);
    }
  };
  bars("intake_agents", "New customers registered per agent", "各客服新客户登记数", 1);
  bars("complaints_by_category", "Complaints by category", "投诉类别分布", 1);
  if (trend) {
    Chart line{Chart::Kind::line, zh ? "满意率走势" : "Satisfaction rate trend", {}, true};
    for (const auto& [label, f] : trend->satisfaction_series) line.points.emplace_back(label, f);
    charts.push_back(line);
  }
  return charts;
}

void run_report(Context& ctx, const ReportOptions& o, std::vector<Section> sections, std::optional<Span> full) {
  bool html = ctx.opt.format == "html";
  if (html && ctx.opt.output.empty()) fail_usage("--format html needs --output FILE (the page is written to a file)");
  if (o.freeze && o.recompute) fail_usage("--freeze and --recompute cannot be combined");
  Span span = full.value_or(o.week.empty() ? Span::month : Span::week);
  if (!o.month.empty() && !o.week.empty()) fail_usage("give --month or --week, not both");
  Period period = chosen_period(ctx, o, span);
  // Before the report is read: a destination that will be refused fails at once.
  std::optional<OutputFile> page;
  if (html) {
    page.emplace(OutputRequest{"--output", ctx.opt.output, ctx.opt.force, ctx.opt.db});
    for (const auto& stale : page->stale_removed()) ctx.note(fmt::format("removed {}, left by a run that was killed", stale));
  }

  Database& db = ctx.db();
  ReportStore store(db);
  PeriodData data = read_period(store, period, sections, ctx.config(), ctx.now());
  std::optional<TrendInput> trend;
  if (std::find(sections.begin(), sections.end(), Section::trend) != sections.end())
    trend = trend_input(ctx, store, data, span);
  std::vector<Table> tables = report_tables(data, sections, ctx.config(), ctx.now(), trend);

  if (full) {
    std::string kind = *full == Span::month ? "report-monthly" : "report-weekly";
    std::string today = encode_rows(tables);
    if (o.freeze) {
      Actor actor = ctx.actor();
      Database::Transaction tx(db);
      store.freeze({kind, period.label, today, actor.label, ctx.now()}, actor, ctx.now());
      tx.commit();
      ctx.note(fmt::format("{} {} frozen: these figures are now the issued report", kind, period.label));
    } else if (auto frozen = store.frozen(kind, period.label); frozen && !o.recompute) {
      decode_rows(frozen->payload, tables);
      if (frozen->payload != today)
        ctx.warn(fmt::format("{} was frozen at {} by {}; these are the issued figures. Today's data would give "
                             "different figures: --recompute shows them",
                             period.label, format_local(frozen->frozen_at), frozen->frozen_by));
      else
        ctx.note(fmt::format("{} was frozen at {} by {}; today's data gives the same figures", period.label,
                             format_local(frozen->frozen_at), frozen->frozen_by));
    } else if (frozen) {
      ctx.note(fmt::format("{} was frozen at {}; showing figures recomputed from today's data", period.label,
                           format_local(frozen->frozen_at)));
    }
  }

  if (html) {
    Lang lang = ctx.lang();
    std::string title = lang == Lang::zh ? fmt::format("客服部报表 {}", period.label)
                                         : fmt::format("Customer service report {}", period.label);
    page->write(html_report(title, tables, charts_for(tables, trend, lang), lang));
    page->commit();
    ctx.note(fmt::format("wrote {}", ctx.opt.output));
    return;
  }
  ctx.print_sections(tables);
}

void add_period_options(CLI::App* cmd, ReportOptions& o, bool week) {
  cmd->add_option("--month", o.month, "Month YYYY-MM (default: the previous month)");
  if (week) cmd->add_option("--week", o.week, "ISO week YYYY-Www (default: this week)");
}

void setup_report(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("report", "Monthly and weekly reports: intake, assignment, complaints, revisits, customers, trend");
  cmd->require_subcommand(1);
  cmd->footer(
      "Examples:\n"
      "  csdesk report monthly --month 2026-10\n"
      "  csdesk report monthly --month 2026-10 --lang zh --csv --bom > 2026-10.csv\n"
      "  csdesk report monthly --month 2026-10 --format html --output 2026-10.html\n"
      "  csdesk report monthly --month 2026-10 --format xlsx --output 2026-10.xlsx\n"
      "  csdesk report weekly --week 2026-W44\n"
      "  csdesk report complaints --month 2026-10 --json");
  auto o = std::make_shared<ReportOptions>();
  std::vector<Section> all;
  for (const auto& name : section_names()) all.push_back(parse_section(name));

  auto* monthly = cmd->add_subcommand("monthly", "The month's report: every section and the trend against last month and the targets");
  add_period_options(monthly, *o, false);
  monthly->add_flag("--freeze", o->freeze, "Store these figures as the issued report; later runs show them");
  monthly->add_flag("--recompute", o->recompute, "For a frozen month: show today's figures instead of the issued ones");
  monthly->footer(
      "Examples:\n  csdesk report monthly --month 2026-10\n  csdesk report monthly --month 2026-10 --freeze --as 9001\n"
      "  csdesk report monthly --month 2026-10 --format html --output 2026-10.html");
  CommandRegistry::bind(monthly, [&ctx, o, all] { run_report(ctx, *o, all, Span::month); });

  auto* weekly = cmd->add_subcommand("weekly", "The Friday review: every section for one ISO week, against the week before");
  add_period_options(weekly, *o, true);
  weekly->add_flag("--freeze", o->freeze, "Store these figures as the issued report");
  weekly->add_flag("--recompute", o->recompute, "For a frozen week: show today's figures");
  weekly->footer("Example:\n  csdesk report weekly --week 2026-W44");
  CommandRegistry::bind(weekly, [&ctx, o, all] { run_report(ctx, *o, all, Span::week); });

  const std::vector<std::tuple<const char*, const char*, Section>> sections = {
      {"intake", "New customers and returning contacts per agent, channel and city; share registered in time", Section::intake},
      {"assign", "Assignments per salesperson, urgent contacts in time, reassignments, the unclaimed pool", Section::assign},
      {"complaints", "Complaints opened, resolved, overdue; timeliness and resolution rates; response times", Section::complaints},
      {"revisits", "Revisits due and done, reach rate, satisfaction rate, CSI, problem factors", Section::revisits},
      {"customers", "Potential → active conversions, at-risk and lost customers", Section::customers},
  };
  for (const auto& [name, help, section] : sections) {
    auto* sub = cmd->add_subcommand(name, help);
    add_period_options(sub, *o, true);
    sub->footer(fmt::format("Examples:\n  csdesk report {0} --month 2026-10\n  csdesk report {0} --week 2026-W44 --json", name));
    Section s = section;
    CommandRegistry::bind(sub, [&ctx, o, s] { run_report(ctx, *o, {s}, std::nullopt); });
  }
}

}  // namespace
CSDESK_COMMAND(80, setup_report);
}  // namespace csdesk
