#include "rules/sla.hpp"

#include <algorithm>
#include <cstdio>
#include <fmt/format.h>

#include "util/error.hpp"
#include "util/text.hpp"

namespace csdesk {
namespace {

// Enough to cross any realistic run of holidays; a calendar that never works fails instead of looping.
constexpr int kMaxDays = 3 * 366;

struct Day {
  int year, month, day, weekday;
};

Day day_of(Epoch t) {
  LocalTime l = to_local(t);
  return {l.year, l.month, l.day, l.weekday};
}

Day next_day(const Day& d) {
  LocalTime l = to_local(from_local(d.year, d.month, d.day + 1, 12));
  return {l.year, l.month, l.day, l.weekday};
}

// The working window of a day, if it is a working day: [begin, end).
std::optional<std::pair<Epoch, Epoch>> window(const WorkCalendar& cal, const Day& d) {
  if (!cal.work_days[d.weekday]) return std::nullopt;
  if (cal.holidays.count(fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day))) return std::nullopt;
  return std::make_pair(from_local(d.year, d.month, d.day, cal.start_minute / 60, cal.start_minute % 60),
                        from_local(d.year, d.month, d.day, cal.end_minute / 60, cal.end_minute % 60));
}

}  // namespace

WorkCalendar WorkCalendar::from_settings(bool enabled, const std::vector<std::string>& days, const std::string& hours,
                                         const std::vector<std::string>& holidays) {
  static const char* names[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  WorkCalendar cal;
  cal.enabled = enabled;
  for (const auto& d : days)
    for (int i = 0; i < 7; ++i)
      if (to_lower_ascii(trim(d)) == names[i]) cal.work_days[i] = true;
  int h1, m1, h2, m2;
  if (std::sscanf(hours.c_str(), "%d:%d-%d:%d", &h1, &m1, &h2, &m2) != 4 || h1 * 60 + m1 >= h2 * 60 + m2)
    fail_invalid("sla.work_hours: '{}' must be a time range HH:MM-HH:MM such as 09:00-18:00", hours);
  cal.start_minute = h1 * 60 + m1;
  cal.end_minute = h2 * 60 + m2;
  cal.holidays.insert(holidays.begin(), holidays.end());
  if (enabled && std::none_of(cal.work_days.begin(), cal.work_days.end(), [](bool b) { return b; }))
    fail_invalid("sla.work_days: the SLA calendar lists no working day; name at least one (mon … sun)");
  return cal;
}

std::string WorkCalendar::describe() const {
  if (!enabled) return "around the clock";
  static const char* names[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  std::vector<std::string> days;
  for (int i = 1; i <= 7; ++i)
    if (work_days[i % 7]) days.push_back(names[i % 7]);
  std::string text = fmt::format("{} {:02}:{:02}-{:02}:{:02}", join(days, ","), start_minute / 60, start_minute % 60,
                                 end_minute / 60, end_minute % 60);
  if (!holidays.empty()) text += fmt::format(", {} holiday(s)", holidays.size());
  return text;
}

std::int64_t working_between(const WorkCalendar& cal, Epoch from, Epoch to) {
  if (to <= from) return 0;
  if (!cal.enabled) return to - from;
  std::int64_t total = 0;
  Day d = day_of(from);
  Day last = day_of(to);
  for (;;) {
    if (auto w = window(cal, d)) {
      Epoch b = std::max(w->first, from), e = std::min(w->second, to);
      if (e > b) total += e - b;
    }
    if (d.year == last.year && d.month == last.month && d.day == last.day) break;
    d = next_day(d);
  }
  return total;
}

Epoch add_working(const WorkCalendar& cal, Epoch start, std::int64_t seconds) {
  if (seconds <= 0) return start;
  if (!cal.enabled) return start + seconds;
  std::int64_t left = seconds;
  Day d = day_of(start);
  for (int idle = 0; idle < kMaxDays;) {
    if (auto w = window(cal, d)) {
      Epoch b = std::max(w->first, start);
      if (w->second > b) {
        idle = 0;
        if (left <= w->second - b) return b + left;
        left -= w->second - b;
      }
    } else {
      ++idle;
    }
    d = next_day(d);
  }
  fail_invalid("sla calendar: no working time in {} days; check sla.work_days and sla.holidays", kMaxDays);
}

SlaClock sla_clock(const WorkCalendar& cal, Epoch start, std::int64_t budget, const std::vector<Interval>& pauses,
                   Epoch stop, bool stopped) {
  SlaClock c;
  c.budget = budget;
  c.start = start;
  c.stop = stop;
  c.stopped = stopped;
  std::vector<std::pair<Epoch, Epoch>> spans;
  for (const auto& p : pauses) {
    Epoch b = std::max(p.begin, start);
    Epoch e = p.end ? *p.end : stop;
    if (e > b) spans.emplace_back(b, e);
  }
  std::sort(spans.begin(), spans.end());
  c.deadline = add_working(cal, start, budget);
  for (const auto& [b, e] : spans) {
    if (b >= stop) continue;  // waiting after the event (a response given) does not concern this clock
    c.paused += working_between(cal, b, std::min(e, stop));
    if (b < c.deadline) c.deadline = add_working(cal, e, working_between(cal, b, c.deadline));
  }
  c.elapsed = working_between(cal, start, stop) - c.paused;
  c.breached = c.elapsed > budget;
  c.over = c.breached ? c.elapsed - budget : 0;
  c.remaining = c.breached ? 0 : budget - c.elapsed;
  return c;
}

}  // namespace csdesk
