#pragma once
// China's working calendar as people pass it around: the State Council's yearly schedule of days
// off (放假) and make-up working days (调休上班), read from the open holiday-cn JSON or from an
// iCalendar (.ics) file, and merged into the settings' lists (sla.holidays, sla.extra_workdays).
// Pure: text in, values out; no I/O, no database. Errors are invalid input (exit 3) naming the
// file, the line and the field.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace csdesk::schedule {

struct ScheduleDay {
  std::string date;  // YYYY-MM-DD
  std::string kind;  // "off" or "workday" (vocabulary calendar-day)
  std::string name;  // 春节, 春节调休, …; "" when the file gives none
  int line = 0;      // where the file says so
};

struct Schedule {
  std::optional<int> year;         // the file's own year (holiday-cn "year"), if it says
  std::vector<ScheduleDay> days;  // in date order, each date once
  // .ics events that mark neither a day off nor a working day (observances such as 情人节,
  // 母亲节 in the common Chinese calendars), left out: their SUMMARYs, once each.
  std::vector<std::string> left_out;
};

// {"year": 2026, "days": [{"name": "春节", "date": "2026-02-15", "isOffDay": true}, …]}:
// isOffDay false is a make-up working day.
Schedule parse_holiday_cn(std::string_view text, const std::string& file);

// VEVENTs with DTSTART;VALUE=DATE (DTEND exclusive or DURATION:PnD, else one day) and SUMMARY.
// A SUMMARY containing 班 (班, 补班, 上班, 调休上班) marks working days; else one containing 休 or
// 假 (休, 放假, 假期) or a statutory holiday's name (元旦, 除夕, 春节, 清明, 劳动, 五一, 端午, 中秋,
// 国庆) marks days off; any other event (情人节, 母亲节, …) is left out (Schedule::left_out).
// RFC 5545 line folding and CRLF line ends are read; nested components (VALARM) are skipped.
Schedule parse_ics(std::string_view text, const std::string& file);

// By content: JSON when the text starts with '{', iCalendar when with BEGIN:VCALENDAR.
Schedule parse_schedule(std::string_view text, const std::string& file);

// The settings' two lists after importing the days of `year` from `file`: entries of other years
// are kept as they are; with `replace` the year's entries are dropped first, else they are kept
// and the file's are added (a date already there as the same kind takes the file's name). A date
// the file gives as one kind while the other list holds it (and it is not replaced) is invalid,
// naming the file, its line, both keys and where the setting came from.
struct CalendarLists {
  std::vector<std::string> holidays, extra_workdays;
};
struct ListSources {
  std::string holidays, extra_workdays;  // where each setting came from, for the error
};
CalendarLists merge_schedule(const CalendarLists& current, const std::vector<ScheduleDay>& days, int year,
                             bool replace, const std::string& file, const ListSources& sources);

}  // namespace csdesk::schedule
