#pragma once
// SLA clocks: working-time arithmetic over a calendar (work days, work hours, holidays and
// make-up working days) or around the clock, with pending-customer pauses excluded. Pure: no I/O,
// no database.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "util/i18n.hpp"
#include "util/time.hpp"

namespace csdesk {

struct WorkCalendar {
  bool enabled = false;                // false: every second counts
  std::array<bool, 7> work_days{};     // by weekday, 0 = Sunday
  int start_minute = 9 * 60;           // minutes after local midnight
  int end_minute = 18 * 60;
  // Local dates (YYYY-MM-DD) → their name ("" when none, else e.g. 春节 or 春节调休).
  std::map<std::string, std::string> holidays;        // not worked, whatever the weekday
  std::map<std::string, std::string> extra_workdays;  // worked with the normal hours, whatever the weekday

  // From config values: sla.calendar, sla.work_days ("mon"…), sla.work_hours ("09:00-18:00"),
  // sla.holidays and sla.extra_workdays (entries "YYYY-MM-DD" or "YYYY-MM-DD NAME"). A date in
  // both lists is invalid, naming both keys.
  static WorkCalendar from_settings(bool enabled, const std::vector<std::string>& days, const std::string& hours,
                                    const std::vector<std::string>& holidays,
                                    const std::vector<std::string>& extra_workdays = {});
  // In the current language: "mon,tue,wed,thu,fri 09:00-18:00, 2 holiday(s), 1 extra working
  // day(s)" or "around the clock".
  std::string describe() const;
  std::string describe(Lang lang) const;  // in `lang`, whatever the current language
  // Whether the local date is a working day: an extra workday, else not a holiday and a work day.
  bool works(int year, int month, int day) const;
};

// "YYYY-MM-DD" or "YYYY-MM-DD NAME" (sla.holidays, sla.extra_workdays): the date and the name
// ("" when none), or nullopt when the entry does not start with a valid date.
std::optional<std::pair<std::string, std::string>> parse_calendar_entry(std::string_view entry);
// "2026-02-14" or "2026-02-14 春节调休": an entry as the settings hold it.
std::string calendar_entry(const std::string& date, const std::string& name);
// The weekday (0 = Sunday) of a valid YYYY-MM-DD date; pure civil arithmetic, no time zone.
int weekday_of(std::string_view date);

// A day on which the calendar departs from its weekly rule: a holiday on a work day (skipped) or
// an extra workday on a day off (counted).
struct CalendarException {
  std::string date;  // YYYY-MM-DD
  int weekday = 0;   // 0 = Sunday
  std::string kind;  // "off" or "workday" (vocabulary calendar-day)
  std::string name;  // "" when none
};
// Those whose day overlaps [from, to), in date order; none when the calendar is off.
std::vector<CalendarException> calendar_exceptions(const WorkCalendar& cal, Epoch from, Epoch to);

struct Interval {
  Epoch begin = 0;
  std::optional<Epoch> end;  // open: still running
};

// Working seconds in [from, to); 0 when to <= from.
std::int64_t working_between(const WorkCalendar& cal, Epoch from, Epoch to);
// The earliest time at which `seconds` working seconds have passed since `start`.
Epoch add_working(const WorkCalendar& cal, Epoch start, std::int64_t seconds);

// One SLA clock (first response or resolution) as seen at `stop`: the time the clock was
// stopped by the event, or now while the event has not happened.
struct SlaClock {
  std::int64_t budget = 0;   // working seconds allowed
  Epoch start = 0;
  Epoch deadline = 0;        // moved later by pauses; an open pause counts up to `stop`
  Epoch stop = 0;
  bool stopped = false;      // the event happened (stop is its time)
  std::int64_t elapsed = 0;  // working seconds used up to stop, pauses excluded
  std::int64_t paused = 0;   // working seconds inside pauses up to stop
  bool breached = false;     // elapsed > budget
  std::int64_t over = 0;     // elapsed − budget when breached, else 0
  std::int64_t remaining = 0;  // budget − elapsed when not breached, else 0
};

SlaClock sla_clock(const WorkCalendar& cal, Epoch start, std::int64_t budget, const std::vector<Interval>& pauses,
                   Epoch stop, bool stopped);

}  // namespace csdesk
