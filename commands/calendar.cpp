// csdesk calendar: China's working calendar (days off and make-up working days, 调休) for the SLA
// clocks — import the published schedule, show a year.
#include <CLI/CLI.hpp>

#include "calendar/calendar.hpp"
#include "commands.hpp"
#include "context.hpp"
#include "output/columns.hpp"
#include "rules/vocabulary.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace csdesk {
// The columns of a calendar day, for calendar show and complain sla's days skipped and counted.
const ColumnSpec<CalendarException>& calendar_day_columns() {
  static const ColumnSpec<CalendarException> spec{
      {{"date", "Date", "日期"}, member(&CalendarException::date)},
      {Column{"weekday", "Weekday", "星期"}.with_terms(vocab::weekday),
       [](const CalendarException& d) -> Value { return vocab::codes(vocab::weekday).at(d.weekday); }},
      {Column{"kind", "Kind", "类型"}.with_terms(vocab::calendar_day), member(&CalendarException::kind)},
      {{"name", "Name", "名称"}, [](const CalendarException& d) { return text_or_null(d.name); }},
  };
  return spec;
}

namespace {

struct CalendarOptions {
  std::string file;
  int year = 0;  // 0: not given
  bool replace = false;
};


int year_of(Context& ctx, const CalendarOptions& o) {
  if (o.year && (o.year < 1970 || o.year > 9999)) fail_usage("--year: {} is not a year from 1970 to 9999", o.year);
  return o.year ? o.year : to_local(ctx.now()).year;
}

void note_calendar_off(Context& ctx) {
  if (!ctx.config().flag("sla.calendar"))
    ctx.note(std::string(tr("sla.calendar is false: SLA time counts around the clock and these days change nothing; "
                            "`csdesk config set sla.calendar true` counts working time only")));
}

void run_show(Context& ctx, const CalendarOptions& o) {
  int year = year_of(ctx, o);
  auto days = calendar_year(ctx.config(), year);
  if (days.empty())
    ctx.note(trf("no day off or make-up working day of {0} in sla.holidays and sla.extra_workdays; "
                 "`csdesk calendar import FILE` reads the published schedule",
                 year));
  else
    note_calendar_off(ctx);
  ctx.print(calendar_day_columns().table(days, ctx.spec().format));
}

void run_import(Context& ctx, const CalendarOptions& o) {
  std::optional<int> year;
  if (o.year) year = year_of(ctx, o);
  CalendarImport result = import_calendar(ctx.db(), ctx.actor(), o.file, year, o.replace, ctx.now());
  ctx.note(trf("{0}: {1} day(s) off and {2} make-up working day(s) of {3}", o.file, result.off, result.worked,
               result.year));
  if (result.skipped) ctx.note(trf("left out {0} day(s) of other years than {1}", result.skipped, result.year));
  if (!result.left_out.empty())
    ctx.note(trf("left out {0} event(s) that mark neither a day off nor a working day: {1}", result.left_out.size(),
                 join(result.left_out, tr_ctx("weekday-list", ","))));
  if (result.changes.empty()) ctx.note(std::string(tr("nothing changed: every day is already in the settings")));
  else note_calendar_off(ctx);
  // The settings as they are now, read back through the same path as `calendar show`.
  Config config = ctx.config();
  load_department_settings(ctx.db(), config);
  ctx.print(calendar_day_columns().table(calendar_year(config, result.year), ctx.spec().format));
}

}  // namespace

void setup_calendar(CLI::App& app, Context& ctx, CommandActions& actions) {
  auto* cmd = app.add_subcommand(
      "calendar", std::string(tr("China's working calendar for the SLA clocks: days off and make-up working days (调休)")));
  cmd->require_subcommand(1);
  cmd->footer(std::string(
      tr("The days live in two department settings, sla.holidays (not worked) and sla.extra_workdays (worked with\n"
         "the normal hours although a weekend day), entries \"YYYY-MM-DD\" or \"YYYY-MM-DD NAME\". They count when\n"
         "sla.calendar is true.\n"
         "Examples:\n"
         "  csdesk calendar import 2026.json\n"
         "  csdesk calendar import cn_zh.ics --year 2026 --replace\n"
         "  csdesk calendar show --year 2026")));
  auto o = std::make_shared<CalendarOptions>();
  auto* import = cmd->add_subcommand(
      "import", std::string(tr("Admins: read a published schedule (holiday-cn JSON or .ics) into the settings (audited)")));
  import->add_option("FILE", o->file, std::string(tr("holiday-cn JSON ({\"year\": 2026, \"days\": […]}) or an iCalendar .ics file")))
      ->required();
  import->add_option("--year", o->year, std::string(tr("The year to import (default: the file's year, else the one year of its dates)")));
  import->add_flag("--replace", o->replace,
                   std::string(tr("Drop the year's entries already in the settings first (default: add to them)")));
  import->footer(std::string(
      tr("Days of other years already in the settings are kept. In an .ics file a SUMMARY containing 班\n"
         "(班, 补班, 上班, 调休上班) marks working days; else one containing 休, 假 or a statutory holiday's\n"
         "name (元旦, 除夕, 春节, 清明, 劳动, 五一, 端午, 中秋, 国庆) marks days off; other events (情人节, …)\n"
         "are left out. DTEND is exclusive.\n"
         "A date the file gives as one kind while the settings hold it as the other is refused, naming both.\n"
         "Examples:\n"
         "  csdesk calendar import 2026.json\n"
         "  csdesk calendar import holidays.ics --year 2026 --replace")));
  actions.bind(import, [&ctx, o] { run_import(ctx, *o); });
  auto* show = cmd->add_subcommand("show", std::string(tr("A year's days off and make-up working days")));
  show->add_option("--year", o->year, std::string(tr("The year (default: this year)")));
  show->footer(std::string(tr("Examples:\n  csdesk calendar show --year 2026\n  csdesk calendar show --year 2026 --csv")));
  actions.bind(show, [&ctx, o] { run_show(ctx, *o); });
}

}  // namespace csdesk
