#pragma once
// SLA clocks: working-time arithmetic over a calendar (work days, work hours, holidays) or
// around the clock, with pending-customer pauses excluded. Pure: no I/O, no database.
#include <array>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "util/time.hpp"

namespace csdesk {

struct WorkCalendar {
  bool enabled = false;                // false: every second counts
  std::array<bool, 7> work_days{};     // by weekday, 0 = Sunday
  int start_minute = 9 * 60;           // minutes after local midnight
  int end_minute = 18 * 60;
  std::set<std::string> holidays;      // YYYY-MM-DD, local

  // From config values: sla.calendar, sla.work_days ("mon"…), sla.work_hours ("09:00-18:00"), sla.holidays.
  static WorkCalendar from_settings(bool enabled, const std::vector<std::string>& days, const std::string& hours,
                                    const std::vector<std::string>& holidays);
  std::string describe() const;  // "mon-fri 09:00-18:00, 2 holidays" or "around the clock"
};

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
