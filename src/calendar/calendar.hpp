#pragma once
// `calendar`: China's working calendar in the department's settings — `calendar import` reads a
// published schedule (calendar/schedule.hpp) into sla.holidays and sla.extra_workdays through the
// settings service (admins only, audited, one transaction); `calendar show` lists a year's days.
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "rules/sla.hpp"
#include "rules/permissions.hpp"
#include "settings/settings.hpp"
#include "store/database.hpp"

namespace csdesk {

// A day of the year's calendar: the same row the SLA explanation lists.
using CalendarDayRow = CalendarException;

// The year's days off and make-up working days in the effective settings, in date order.
std::vector<CalendarDayRow> calendar_year(const Config& config, int year);

struct CalendarImport {
  int year = 0;
  int off = 0, worked = 0;  // the file's days of the year, by kind
  int skipped = 0;          // the file's days of other years, left out
  std::vector<std::string> left_out;  // .ics events marking neither (schedule::Schedule::left_out)
  std::vector<SettingChange> changes;
};

// Reads FILE (holiday-cn JSON or .ics) and writes the days of `year` (else the file's year, else
// the one year its dates fall in) into sla.holidays and sla.extra_workdays, keeping other years'
// entries; `replace` drops the year's entries first. Bad input changes nothing (invalid, exit 3).
CalendarImport import_calendar(Database& db, const Actor& actor, const std::string& file, std::optional<int> year,
                               bool replace, Epoch now);

}  // namespace csdesk
