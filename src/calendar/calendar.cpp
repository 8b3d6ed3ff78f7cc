#include "calendar/calendar.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include "calendar/schedule.hpp"
#include "rules/sla.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace csdesk {
namespace {

std::string read_whole(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) fail_invalid("{0}: cannot read the schedule file: {1}", file, std::strerror(errno));
  std::ostringstream out;
  out << in.rdbuf();
  if (in.bad()) fail_invalid("{0}: cannot read the schedule file: {1}", file, std::strerror(errno));
  return out.str();
}

std::string shown_source(const std::string& source) {
  return source == "default" ? std::string(tr("the default")) : source;
}

}  // namespace

std::vector<CalendarDayRow> calendar_year(const Config& config, int year) {
  std::string prefix = fmt::format("{:04}-", year);
  std::vector<CalendarDayRow> rows;
  for (const auto& [key, kind] : {std::pair{"sla.holidays", "off"}, std::pair{"sla.extra_workdays", "workday"}})
    for (const auto& entry : config.list(key))
      if (auto d = parse_calendar_entry(entry); d && d->first.rfind(prefix, 0) == 0)
        rows.push_back({d->first, weekday_of(d->first), kind, d->second});
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.date < b.date; });
  return rows;
}

CalendarImport import_calendar(Database& db, const Actor& actor, const std::string& file, std::optional<int> year,
                               bool replace, Epoch now) {
  actor.require(Permission::config_change);
  schedule::Schedule s = schedule::parse_schedule(read_whole(file), file);
  CalendarImport result;
  result.left_out = s.left_out;
  if (year) {
    result.year = *year;
  } else if (s.year) {
    result.year = *s.year;
  } else {
    std::set<std::string> years;
    for (const auto& d : s.days) years.insert(d.date.substr(0, 4));
    if (years.size() != 1)
      fail_invalid("{0}: its dates fall in {1} years ({2}); name the one to import with --year", file, years.size(),
                   join(std::vector<std::string>(years.begin(), years.end()), ", "));
    result.year = std::stoi(*years.begin());
  }
  std::string prefix = fmt::format("{:04}-", result.year);
  for (const auto& d : s.days) {
    if (d.date.rfind(prefix, 0) != 0) ++result.skipped;
    else if (d.kind == "off") ++result.off;
    else ++result.worked;
  }
  if (result.off + result.worked == 0)
    fail_invalid("{0}: no day of {1} in the file; name the year it covers with --year", file, result.year);
  result.changes = change_settings(
      db, actor,
      [&](const Config& before, Config& after) {
        schedule::CalendarLists lists = schedule::merge_schedule(
            {before.list("sla.holidays"), before.list("sla.extra_workdays")}, s.days, result.year, replace, file,
            {shown_source(before.source("sla.holidays")), shown_source(before.source("sla.extra_workdays"))});
        std::string source = fmt::format("calendar import {}", file);
        after.set_text("sla.holidays", join(lists.holidays, ","), source);
        after.set_text("sla.extra_workdays", join(lists.extra_workdays, ","), source);
      },
      "import", now);
  return result;
}

}  // namespace csdesk
