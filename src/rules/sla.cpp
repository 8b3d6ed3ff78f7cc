#include "rules/sla.hpp"

#include <algorithm>
#include <cstdio>
#include <fmt/format.h>

#include "util/error.hpp"
#include "util/i18n.hpp"
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

std::string date_text(int year, int month, int day) { return fmt::format("{:04}-{:02}-{:02}", year, month, day); }

// The working window of a day, if it is a working day: [begin, end).
std::optional<std::pair<Epoch, Epoch>> window(const WorkCalendar& cal, const Day& d) {
  if (!cal.works(d.year, d.month, d.day)) return std::nullopt;
  return std::make_pair(from_local(d.year, d.month, d.day, cal.start_minute / 60, cal.start_minute % 60),
                        from_local(d.year, d.month, d.day, cal.end_minute / 60, cal.end_minute % 60));
}

// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
std::int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

std::optional<std::array<int, 3>> civil_date(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (t[i] < '0' || t[i] > '9') return std::nullopt;
  auto num = [&](std::size_t at, std::size_t n) {
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) v = v * 10 + (t[i] - '0');
    return v;
  };
  int y = num(0, 4), m = num(5, 2), d = num(8, 2);
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1970 || m < 1 || m > 12 || d < 1 || d > days[m - 1] + (m == 2 && leap(y))) return std::nullopt;
  return std::array<int, 3>{y, m, d};
}

void add_entries(std::map<std::string, std::string>& into, const std::vector<std::string>& entries, const char* key) {
  for (const auto& e : entries) {
    auto parsed = parse_calendar_entry(e);
    if (!parsed) fail_invalid("{}: '{}' must read \"YYYY-MM-DD\" or \"YYYY-MM-DD NAME\", such as \"2026-10-01 国庆节\"", key, e);
    into[parsed->first] = parsed->second;
  }
}

}  // namespace

std::optional<std::pair<std::string, std::string>> parse_calendar_entry(std::string_view entry) {
  std::string text = trim(std::string(entry));
  std::string_view date = std::string_view(text).substr(0, std::min<std::size_t>(10, text.size()));
  if (!civil_date(date)) return std::nullopt;
  std::string rest = text.substr(date.size());
  if (!rest.empty() && rest[0] != ' ' && rest[0] != '\t') return std::nullopt;
  return std::make_pair(std::string(date), trim(rest));
}

std::string calendar_entry(const std::string& date, const std::string& name) {
  return name.empty() ? date : date + " " + name;
}

int weekday_of(std::string_view date) {
  auto d = civil_date(date);
  if (!d) fail(ErrorKind::internal, "weekday_of: '{}' is not a date", date);
  std::int64_t z = days_from_civil((*d)[0], (*d)[1], (*d)[2]);
  return static_cast<int>(((z % 7) + 7 + 4) % 7);  // 1970-01-01 was a Thursday
}

bool WorkCalendar::works(int year, int month, int day) const {
  std::string date = date_text(year, month, day);
  if (extra_workdays.count(date)) return true;
  if (holidays.count(date)) return false;
  return work_days[weekday_of(date)];
}

std::vector<CalendarException> calendar_exceptions(const WorkCalendar& cal, Epoch from, Epoch to) {
  std::vector<CalendarException> out;
  if (!cal.enabled || to <= from) return out;
  std::string first = format_date(from), last = format_date(to - 1);
  // Both lists are in date order; a date is in one of them only.
  auto take = [&](const std::map<std::string, std::string>& days, const char* kind, bool weekly) {
    for (auto it = days.lower_bound(first); it != days.end() && it->first <= last; ++it) {
      int wd = weekday_of(it->first);
      if (cal.work_days[wd] == weekly) out.push_back({it->first, wd, kind, it->second});
    }
  };
  take(cal.holidays, "off", true);
  take(cal.extra_workdays, "workday", false);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.date < b.date; });
  return out;
}

WorkCalendar WorkCalendar::from_settings(bool enabled, const std::vector<std::string>& days, const std::string& hours,
                                         const std::vector<std::string>& holidays,
                                         const std::vector<std::string>& extra_workdays) {
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
  add_entries(cal.holidays, holidays, "sla.holidays");
  add_entries(cal.extra_workdays, extra_workdays, "sla.extra_workdays");
  for (const auto& [date, name] : cal.extra_workdays)
    if (cal.holidays.count(date))
      fail_invalid("{} is in both sla.holidays and sla.extra_workdays; a day is either off or worked: remove it from "
                   "one of them", date);
  if (enabled && std::none_of(cal.work_days.begin(), cal.work_days.end(), [](bool b) { return b; }))
    fail_invalid("sla.work_days: the SLA calendar lists no working day; name at least one (mon … sun)");
  return cal;
}

std::string WorkCalendar::describe() const { return describe(language()); }

std::string WorkCalendar::describe(Lang lang) const {
  // The message in `lang` (the catalogue's Chinese, else the English source), whatever the
  // current language: JSON carries the English one in every language.
  auto in = [lang](const char* context, const char* msgid) -> std::string {
    if (lang == Lang::zh)
      if (auto zh = zh_of(context, msgid)) return std::string(*zh);
    return msgid;
  };
  auto sentence = [&](const char* msgid, const auto&... args) {
    try {
      return fmt::format(fmt::runtime(in("", msgid)), args...);
    } catch (const fmt::format_error&) {
      return fmt::format(fmt::runtime(msgid), args...);
    }
  };
  if (!enabled) return in("", tr_noop("around the clock"));
  static const char* names[] = {tr_ctx_noop("weekday", "sun"), tr_ctx_noop("weekday", "mon"),
                                tr_ctx_noop("weekday", "tue"), tr_ctx_noop("weekday", "wed"),
                                tr_ctx_noop("weekday", "thu"), tr_ctx_noop("weekday", "fri"),
                                tr_ctx_noop("weekday", "sat")};
  std::vector<std::string> days;
  for (int i = 1; i <= 7; ++i)
    if (work_days[i % 7]) days.push_back(in("weekday", names[i % 7]));
  std::string hours = fmt::format("{:02}:{:02}-{:02}:{:02}", start_minute / 60, start_minute % 60, end_minute / 60,
                                  end_minute % 60);
  std::string list = join(days, in("weekday-list", tr_ctx_noop("weekday-list", ",")));
  std::size_t off = holidays.size(), worked = extra_workdays.size();
  // Whole sentences for each case, so that a translation may order them as it needs.
  if (off && worked)
    return sentence(tr_noop("{0} {1}, {2} holiday(s), {3} extra working day(s)"), list, hours, off, worked);
  if (off) return sentence(tr_noop("{0} {1}, {2} holiday(s)"), list, hours, off);
  if (worked) return sentence(tr_noop("{0} {1}, {2} extra working day(s)"), list, hours, worked);
  return sentence(tr_noop("{0} {1}"), list, hours);
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
  fail_invalid("sla calendar: no working time in {} days; check sla.work_days, sla.holidays and sla.extra_workdays",
               kMaxDays);
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
