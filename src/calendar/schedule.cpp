#include "calendar/schedule.hpp"

#include <algorithm>
#include <map>
#include <regex>

#include "rules/sla.hpp"
#include "util/error.hpp"
#include "util/json.hpp"
#include "util/text.hpp"

namespace csdesk::schedule {
namespace {

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

// Adds a day, once per date: the same date twice as the same kind keeps the first; as both kinds
// it is invalid, naming both lines.
void add_day(std::map<std::string, ScheduleDay>& days, ScheduleDay day, const std::string& file) {
  auto [it, inserted] = days.emplace(day.date, day);
  if (inserted) return;
  if (it->second.kind != day.kind)
    fail_invalid("{0}:{1}: {2} is a day off on line {3} and a working day on line {4}; a day is either off or worked",
                 file, day.line, day.date, it->second.kind == "off" ? it->second.line : day.line,
                 it->second.kind == "off" ? day.line : it->second.line);
  if (it->second.name.empty()) it->second.name = day.name;
}

Schedule finish(std::optional<int> year, std::map<std::string, ScheduleDay> days) {
  Schedule s;
  s.year = year;
  for (auto& [date, day] : days) s.days.push_back(std::move(day));
  return s;
}

// A name as the settings keep it: one line, no commas (settings lists are comma-separated).
std::string clean_name(std::string name) {
  std::string out;
  for (char c : name) out += c == ',' ? std::string("、") : std::string(1, c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
  return trim(out);
}

// The line (1-based) at which each element of the root object's "days" array starts.
std::vector<int> day_lines(std::string_view text) {
  std::vector<int> lines;
  int line = 1, depth = 0;
  bool in_string = false, escaped = false, days_key = false, in_days = false;
  int days_depth = -1;
  std::string last_string, current;
  for (char c : text) {
    if (c == '\n') ++line;
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false, last_string = current;
      else current += c;
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        current.clear();
        break;
      case ':': days_key = depth == 1 && last_string == "days"; break;
      case '{':
      case '[':
        if (c == '[' && days_key && !in_days) in_days = true, days_depth = depth + 1;
        else if (in_days && depth == days_depth) lines.push_back(line);
        days_key = false;
        ++depth;
        break;
      case '}':
      case ']':
        --depth;
        if (in_days && depth < days_depth) in_days = false;
        break;
      case ',': days_key = false; break;
      default: break;
    }
  }
  return lines;
}

std::string date_of_digits(std::string_view v) {
  if (v.size() != 8 || !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) return "";
  std::string date = fmt::format("{}-{}-{}", v.substr(0, 4), v.substr(4, 2), v.substr(6, 2));
  return parse_calendar_entry(date) ? date : "";
}

// The date `days` after a YYYY-MM-DD date.
std::string add_days(const std::string& date, int days) {
  int y = std::stoi(date.substr(0, 4)), m = std::stoi(date.substr(5, 2)), d = std::stoi(date.substr(8, 2));
  static const int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (int i = 0; i < days; ++i) {
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (++d > month_days[m - 1] + (m == 2 && leap)) {
      d = 1;
      if (++m > 12) m = 1, ++y;
    }
  }
  return fmt::format("{:04}-{:02}-{:02}", y, m, d);
}

struct Property {
  std::string name;  // upper case
  std::vector<std::pair<std::string, std::string>> params;
  std::string value;
  int line = 0;
};

// NAME;PARAM=VALUE;…:VALUE, with quoted parameter values (which may hold ':' and ';').
std::optional<Property> parse_property(const std::string& text, int line) {
  Property p;
  p.line = line;
  std::size_t i = 0;
  while (i < text.size() && text[i] != ';' && text[i] != ':') ++i;
  if (i == text.size()) return std::nullopt;
  p.name = upper(text.substr(0, i));
  while (i < text.size() && text[i] == ';') {
    std::size_t eq = text.find('=', i + 1);
    if (eq == std::string::npos) return std::nullopt;
    std::string pname = upper(text.substr(i + 1, eq - i - 1)), pvalue;
    i = eq + 1;
    bool quoted = false;
    while (i < text.size() && (quoted || (text[i] != ';' && text[i] != ':'))) {
      if (text[i] == '"') quoted = !quoted;
      else pvalue += text[i];
      ++i;
    }
    p.params.emplace_back(pname, pvalue);
  }
  if (i >= text.size() || text[i] != ':') return std::nullopt;
  p.value = text.substr(i + 1);
  return p;
}

// RFC 5545 TEXT: \, \; \\ and \n.
std::string unescape_text(const std::string& v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '\\' && i + 1 < v.size()) {
      char n = v[++i];
      out += n == 'n' || n == 'N' ? ' ' : n;
    } else {
      out += v[i];
    }
  }
  return out;
}

struct Event {
  int line = 0;
  std::optional<Property> start, end, duration, summary;
};

// What an event's SUMMARY marks: "workday", "off", or "" (neither: an observance).
std::string kind_of(const std::string& summary) {
  if (summary.find("班") != std::string::npos) return "workday";
  for (const char* off : {"休", "假", "元旦", "除夕", "春节", "清明", "劳动", "五一", "端午", "中秋", "国庆"})
    if (summary.find(off) != std::string::npos) return "off";
  return "";
}

void add_event(std::map<std::string, ScheduleDay>& days, std::vector<std::string>& left_out, const Event& e,
               const std::string& file) {
  if (!e.start) fail_invalid("{0}:{1}: this VEVENT has no DTSTART; each day off or working day needs its date", file, e.line);
  auto date_value = [&](const Property& p) {
    std::string d = date_of_digits(trim(p.value));
    if (d.empty()) {
      if (p.value.find('T') != std::string::npos)
        fail_invalid("{0}:{1}: {2} '{3}' is a date and time; a schedule's days are whole dates, such as "
                     "{2};VALUE=DATE:20260215", file, p.line, p.name, p.value);
      fail_invalid("{0}:{1}: {2} '{3}' is not a date; use YYYYMMDD, such as {2};VALUE=DATE:20260215", file, p.line,
                   p.name, p.value);
    }
    return d;
  };
  std::string first = date_value(*e.start);
  int count = 1;
  if (e.end) {
    std::string last = date_value(*e.end);  // exclusive
    if (last <= first)
      fail_invalid("{0}:{1}: DTEND {2} is not after DTSTART {3} (DTEND is the day after the last one)", file,
                   e.end->line, last, first);
    count = 0;
    for (std::string d = first; d < last && count <= 366; d = add_days(d, 1)) ++count;
  } else if (e.duration) {
    std::string v = trim(e.duration->value);
    std::size_t n = 0;
    if (v.size() >= 3 && v[0] == 'P' && (v.back() == 'D' || v.back() == 'W'))
      for (std::size_t i = 1; i + 1 < v.size(); ++i)
        n = v[i] >= '0' && v[i] <= '9' && n < 1000 ? n * 10 + (v[i] - '0') : 100000;
    if (n == 0 || n >= 100000)
      fail_invalid("{0}:{1}: DURATION '{2}' must be whole days or weeks, such as P3D", file, e.duration->line, v);
    count = static_cast<int>(v.back() == 'W' ? n * 7 : n);
  }
  if (count > 366)
    fail_invalid("{0}:{1}: this VEVENT spans more than a year ({2} days); a holiday is a few days", file, e.line, count);
  std::string summary = e.summary ? clean_name(unescape_text(e.summary->value)) : "";
  std::string kind = kind_of(summary);
  if (kind.empty()) {
    if (std::find(left_out.begin(), left_out.end(), summary) == left_out.end()) left_out.push_back(summary);
    return;
  }
  std::string day = first;
  for (int i = 0; i < count; ++i, day = add_days(day, 1))
    add_day(days, ScheduleDay{day, kind, summary, e.start->line}, file);
}

}  // namespace

Schedule parse_holiday_cn(std::string_view text, const std::string& file) {
  std::string problem;
  auto json = parse_json(text, &problem);
  if (!json) {
    // nlohmann says where ("parse error at line 3, column 34: …"); the rest of its text is English.
    std::smatch at;
    if (std::regex_search(problem, at, std::regex("line ([0-9]+), column ([0-9]+)")))
      fail_invalid("{0}:{1}:{2}: not JSON: check the brackets, commas and quotes there", file, at[1].str(), at[2].str());
    fail_invalid("{0}: not JSON: {1}", file, problem);
  }
  if (!json->is_object() || !json->contains("days") || !(*json)["days"].is_array())
    fail_invalid("{0}: a holiday-cn schedule is an object with a \"days\" list: {{\"year\": 2026, \"days\": "
                 "[{{\"name\": \"春节\", \"date\": \"2026-02-15\", \"isOffDay\": true}}]}}", file);
  std::optional<int> year;
  if (json->contains("year")) {
    const Json& y = (*json)["year"];
    if (!y.is_number_integer() || y.get<std::int64_t>() < 1970 || y.get<std::int64_t>() > 9999)
      fail_invalid("{0}: \"year\" must be a year such as 2026, not {1}", file, json_text(y));
    year = y.get<int>();
  }
  std::vector<int> lines = day_lines(text);
  std::map<std::string, ScheduleDay> days;
  const Json& list = (*json)["days"];
  for (std::size_t i = 0; i < list.size(); ++i) {
    int line = i < lines.size() ? lines[i] : 0;
    const Json& d = list[i];
    if (!d.is_object()) fail_invalid("{0}:{1}: days[{2}] must be an object with name, date and isOffDay", file, line, i);
    if (!d.contains("date") || !d["date"].is_string() || !parse_calendar_entry(d["date"].get<std::string>()) ||
        d["date"].get<std::string>().size() != 10)
      fail_invalid("{0}:{1}: days[{2}].date must be a date YYYY-MM-DD such as \"2026-02-15\", not {3}", file, line, i,
                   d.contains("date") ? json_text(d["date"]) : std::string("(missing)"));
    if (!d.contains("isOffDay") || !d["isOffDay"].is_boolean())
      fail_invalid("{0}:{1}: days[{2}].isOffDay must be true (a day off) or false (a make-up working day), not {3}",
                   file, line, i, d.contains("isOffDay") ? json_text(d["isOffDay"]) : std::string("(missing)"));
    if (d.contains("name") && !d["name"].is_string())
      fail_invalid("{0}:{1}: days[{2}].name must be text such as \"春节\", not {3}", file, line, i, json_text(d["name"]));
    std::string name = d.contains("name") ? clean_name(d["name"].get<std::string>()) : "";
    add_day(days, ScheduleDay{d["date"].get<std::string>(), d["isOffDay"].get<bool>() ? "off" : "workday", name, line},
            file);
  }
  return finish(year, std::move(days));
}

Schedule parse_ics(std::string_view text, const std::string& file) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  // Logical lines: a physical line starting with a space or tab continues the one before.
  std::vector<std::pair<std::string, int>> lines;
  int number = 0;
  std::size_t at = 0;
  while (at <= text.size()) {
    std::size_t nl = text.find('\n', at);
    std::string_view raw = text.substr(at, nl == std::string_view::npos ? std::string_view::npos : nl - at);
    ++number;
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    if (!raw.empty() && (raw[0] == ' ' || raw[0] == '\t') && !lines.empty()) lines.back().first += raw.substr(1);
    else if (!trim(raw).empty()) lines.emplace_back(std::string(raw), number);
    if (nl == std::string_view::npos) break;
    at = nl + 1;
  }
  if (lines.empty() || upper(trim(lines.front().first)) != "BEGIN:VCALENDAR")
    fail_invalid("{0}:1: not an iCalendar file: it must start with BEGIN:VCALENDAR", file);
  std::map<std::string, ScheduleDay> days;
  std::vector<std::string> left_out;
  std::optional<Event> event;
  int nested = 0;  // components inside the VEVENT (VALARM)
  bool ended = false;
  for (const auto& [content, line] : lines) {
    auto p = parse_property(content, line);
    if (!p) fail_invalid("{0}:{1}: '{2}' is not an iCalendar line NAME:VALUE", file, line, content);
    std::string value = upper(trim(p->value));
    if (p->name == "BEGIN") {
      if (value == "VEVENT" && !event && nested == 0) event = Event{line, {}, {}, {}, {}};
      else if (event || value != "VCALENDAR" || line != lines.front().second) ++nested;
    } else if (p->name == "END") {
      if (nested > 0) --nested;
      else if (value == "VEVENT" && event) add_event(days, left_out, *event, file), event.reset();
      else if (value == "VCALENDAR" && !event) ended = true;
      else fail_invalid("{0}:{1}: END:{2} does not close the component opened before it", file, line, value);
    } else if (event && nested == 0) {
      if (p->name == "DTSTART") event->start = p;
      else if (p->name == "DTEND") event->end = p;
      else if (p->name == "DURATION") event->duration = p;
      else if (p->name == "SUMMARY") event->summary = p;
    }
  }
  if (event) fail_invalid("{0}:{1}: this VEVENT has no END:VEVENT", file, event->line);
  if (!ended) fail_invalid("{0}:{1}: the calendar has no END:VCALENDAR; is the file cut short?", file, number);
  Schedule s = finish(std::nullopt, std::move(days));
  s.left_out = std::move(left_out);
  return s;
}

Schedule parse_schedule(std::string_view text, const std::string& file) {
  std::string_view t = text;
  if (t.substr(0, 3) == "\xEF\xBB\xBF") t.remove_prefix(3);
  std::size_t first = t.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && t[first] == '{') return parse_holiday_cn(t, file);
  if (upper(std::string(t.substr(first == std::string_view::npos ? 0 : first, 15))) == "BEGIN:VCALENDAR")
    return parse_ics(t, file);
  fail_invalid("{0}: neither a holiday-cn JSON schedule ({{\"year\": …, \"days\": […]}}) nor an iCalendar file "
               "(BEGIN:VCALENDAR)", file);
}

CalendarLists merge_schedule(const CalendarLists& current, const std::vector<ScheduleDay>& days, int year,
                             bool replace, const std::string& file, const ListSources& sources) {
  std::string prefix = fmt::format("{:04}-", year);
  // date → entry, for each list; the year's entries dropped with replace.
  auto keep = [&](const std::vector<std::string>& entries) {
    std::map<std::string, std::string> kept;
    for (const auto& e : entries) {
      auto parsed = parse_calendar_entry(e);
      if (!parsed) continue;  // the settings' own check refuses such entries
      if (replace && parsed->first.rfind(prefix, 0) == 0) continue;
      kept[parsed->first] = e;
    }
    return kept;
  };
  std::map<std::string, std::string> off = keep(current.holidays), worked = keep(current.extra_workdays);
  for (const auto& d : days) {
    if (d.date.rfind(prefix, 0) != 0) continue;
    bool is_off = d.kind == "off";
    auto& into = is_off ? off : worked;
    auto& other = is_off ? worked : off;
    if (auto it = other.find(d.date); it != other.end()) {
      if (is_off)
        fail_invalid("{0}:{1}: {2} is a day off here (for sla.holidays), but sla.extra_workdays ({3}) holds it as a "
                     "working day: \"{4}\"; a day is either off or worked: import with --replace to replace {5}'s "
                     "entries, or change the setting first",
                     file, d.line, d.date, sources.extra_workdays, it->second, year);
      fail_invalid("{0}:{1}: {2} is a working day here (for sla.extra_workdays), but sla.holidays ({3}) holds it as a "
                   "day off: \"{4}\"; a day is either off or worked: import with --replace to replace {5}'s entries, "
                   "or change the setting first",
                   file, d.line, d.date, sources.holidays, it->second, year);
    }
    std::string name = d.name;
    if (name.empty())
      if (auto it = into.find(d.date); it != into.end()) name = parse_calendar_entry(it->second)->second;
    into[d.date] = calendar_entry(d.date, name);
  }
  CalendarLists out;
  for (const auto& [date, entry] : off) out.holidays.push_back(entry);
  for (const auto& [date, entry] : worked) out.extra_workdays.push_back(entry);
  return out;
}

}  // namespace csdesk::schedule
