// China's working calendar: make-up working days in the SLA calendar, the schedule parsers
// (holiday-cn JSON, iCalendar) and merging a year into the settings' lists.
#include <doctest/doctest.h>

#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include "calendar/schedule.hpp"
#include "config/config.hpp"
#include "config/policies.hpp"
#include "rules/sla.hpp"
#include "service_db.hpp"
#include "settings/settings.hpp"
#include "store/audit.hpp"
#include "store/settings.hpp"
#include "util/error.hpp"
#include "util/i18n.hpp"

using namespace csdesk;
using namespace csdesk::schedule;

namespace {
constexpr std::int64_t H = 3600;

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(CSDESK_SOURCE_DIR) + "/tests/fixtures/calendar/" + name, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The settings' lists of the 2026 schedule (the holiday-cn fixture merged into empty settings).
CalendarLists schedule_2026() {
  return merge_schedule({}, parse_schedule(fixture("holiday-cn-2026.json"), "2026.json").days, 2026, false,
                        "2026.json", {"the default", "the default"});
}

WorkCalendar office_2026(bool enabled = true) {
  set_time_zone("Asia/Shanghai");
  CalendarLists lists = schedule_2026();
  return WorkCalendar::from_settings(enabled, {"mon", "tue", "wed", "thu", "fri"}, "09:00-18:00", lists.holidays,
                                     lists.extra_workdays);
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::invalid);
    return e.what();
  }
  FAIL("no error");
  return "";
}
}  // namespace

TEST_CASE("before the Spring Festival break: 24 working hours count the make-up Saturday and skip the holiday") {
  auto cal = office_2026();
  Epoch received = parse_time("2026-02-13 17:00");  // Friday
  // Fri 17–18 (1 h), make-up Sat 14 Feb (9 h), off 15–23 Feb, Tue 24 (9 h), Wed 25 09:00 + 5 h.
  CHECK(add_working(cal, received, 24 * H) == parse_time("2026-02-25 14:00"));
  CHECK(working_between(cal, received, parse_time("2026-02-25 14:00")) == 24 * H);
  CHECK(working_between(cal, parse_time("2026-02-14 00:00"), parse_time("2026-02-15 00:00")) == 9 * H);
  CHECK(working_between(cal, parse_time("2026-02-15 00:00"), parse_time("2026-02-24 00:00")) == 0);
  // 48 h reach the second make-up Saturday, 28 Feb: 1 + 9 + 4 × 9 = 46 by Friday 27, then 2 h.
  CHECK(add_working(cal, received, 48 * H) == parse_time("2026-02-28 11:00"));

  auto days = calendar_exceptions(cal, received, parse_time("2026-02-28 11:00"));
  REQUIRE(days.size() == 8);  // Sat 14 counted, Mon 16 … Mon 23 skipped (6 weekdays), Sat 28 counted
  CHECK(days.front().date == "2026-02-14");
  CHECK(days.front().kind == "workday");
  CHECK(days.front().weekday == 6);
  CHECK(days.front().name == "春节");
  CHECK(days[1].date == "2026-02-16");
  CHECK(days[1].kind == "off");
  CHECK(days.back().date == "2026-02-28");
  CHECK(days.back().kind == "workday");
}

TEST_CASE("without the schedule the same complaint would run a day later; with sla.calendar off every hour counts") {
  set_time_zone("Asia/Shanghai");
  auto weeks = WorkCalendar::from_settings(true, {"mon", "tue", "wed", "thu", "fri"}, "09:00-18:00", {});
  Epoch received = parse_time("2026-02-13 17:00");
  CHECK(add_working(weeks, received, 24 * H) == parse_time("2026-02-18 14:00"));
  auto off = office_2026(false);
  CHECK(add_working(off, received, 24 * H) == parse_time("2026-02-14 17:00"));
  CHECK(working_between(off, received, parse_time("2026-02-16 17:00")) == 72 * H);
  CHECK(calendar_exceptions(off, received, parse_time("2026-03-01 00:00")).empty());
}

TEST_CASE("extra workdays and holidays are pure calendar facts") {
  auto cal = office_2026();
  CHECK(cal.works(2026, 1, 4));    // Sunday, 元旦调休
  CHECK_FALSE(cal.works(2026, 1, 1));  // Thursday, 元旦
  CHECK_FALSE(cal.works(2026, 1, 10));  // an ordinary Saturday
  CHECK(cal.works(2026, 1, 5));
  CHECK(cal.holidays.size() == 33);
  CHECK(cal.extra_workdays.size() == 6);
  CHECK(cal.describe() == "mon,tue,wed,thu,fri 09:00-18:00, 33 holiday(s), 6 extra working day(s)");
  CHECK(weekday_of("2026-02-14") == 6);
  CHECK(weekday_of("2026-01-04") == 0);
  CHECK(weekday_of("2000-02-29") == 2);
}

TEST_CASE("a date both off and worked is refused naming both keys") {
  set_time_zone("Asia/Shanghai");
  std::string e = error_of([] {
    WorkCalendar::from_settings(true, {"mon"}, "09:00-18:00", {"2026-02-14 春节"}, {"2026-02-14 春节调休"});
  });
  CHECK(e.find("sla.holidays") != std::string::npos);
  CHECK(e.find("sla.extra_workdays") != std::string::npos);

  Config config;
  config.set_text("sla.holidays", "2026-02-14 春节", "config set");
  config.set_text("sla.extra_workdays", "2026-02-28,2026-02-14 春节调休", "csdesk.toml:3");
  std::string problem = config.coherence_problem();
  CHECK(problem.find("2026-02-14") != std::string::npos);
  CHECK(problem.find("sla.holidays") != std::string::npos);
  CHECK(problem.find("sla.extra_workdays (\"2026-02-14 春节调休\", csdesk.toml:3)") != std::string::npos);
  CHECK_THROWS_AS(config.set_text("sla.extra_workdays", "2026-02-30", "test"), Error);
  CHECK_THROWS_AS(config.set_text("sla.holidays", "2026-02-14春节", "test"), Error);
  CHECK_NOTHROW(config.set_text("sla.holidays", "2026-02-15 春节, 2026-02-16", "test"));
  CHECK(sla_policy(config).calendar.holidays.at("2026-02-15") == "春节");
}

TEST_CASE("holiday-cn JSON: days off, make-up working days, and errors naming file, line and field") {
  Schedule s = parse_schedule(fixture("holiday-cn-2026.json"), "2026.json");
  REQUIRE(s.year);
  CHECK(*s.year == 2026);
  REQUIRE(s.days.size() == 39);
  CHECK(s.days[3].date == "2026-01-04");
  CHECK(s.days[3].kind == "workday");
  CHECK(s.days[3].name == "元旦");
  CHECK(s.days[3].line == 12);

  std::string text = "{\"year\": 2026,\n \"days\": [\n  {\"name\": \"春节\", \"date\": \"2026-02-15\", \"isOffDay\": true},\n"
                     "  {\"name\": \"春节\", \"date\": \"2026-02-30\", \"isOffDay\": true}\n]}";
  std::string e = error_of([&] { parse_holiday_cn(text, "bad.json"); });
  CHECK(e.find("bad.json:4: days[1].date") != std::string::npos);
  e = error_of([] { parse_holiday_cn("{\"days\": [\n{\"date\": \"2026-02-15\", \"isOffDay\": \"yes\"}]}", "b.json"); });
  CHECK(e.find("b.json:2: days[0].isOffDay") != std::string::npos);
  e = error_of([] { parse_holiday_cn("{\"days\": [\n{\"date\": \"2026-02-15\", \"isOffDay\": true},\n"
                                     "{\"date\": \"2026-02-15\", \"isOffDay\": false}]}", "c.json"); });
  CHECK(e.find("c.json:3: 2026-02-15") != std::string::npos);
  CHECK(error_of([] { parse_holiday_cn("{\"days\": [", "d.json"); }).find("d.json:1:11: not JSON") != std::string::npos);
  CHECK(error_of([] { parse_holiday_cn("{\"days\": [\n{\"date\": \"2026-01-01\" \"isOffDay\": true}]}", "g.json"); })
            .find("g.json:2:") != std::string::npos);
  CHECK(error_of([] { parse_holiday_cn("{\"year\": 2026}", "e.json"); }).find("\"days\"") != std::string::npos);
  CHECK(error_of([] { parse_schedule("year,date\n", "f.csv"); }).find("f.csv") != std::string::npos);
}

TEST_CASE("iCalendar: folded lines, CRLF, multi-day events, nested alarms and the 班 rule") {
  Schedule s = parse_schedule(fixture("china-2026.ics"), "cn.ics");
  CHECK_FALSE(s.year);
  REQUIRE(s.days.size() == 39);
  std::map<std::string, ScheduleDay> by_date;
  for (const auto& d : s.days) by_date[d.date] = d;
  CHECK(by_date.at("2026-02-15").name == "春节 休");  // folded inside the SUMMARY
  CHECK(by_date.at("2026-02-23").kind == "off");     // DTEND 20260224 is exclusive
  CHECK(by_date.count("2026-02-24") == 0);
  CHECK(by_date.at("2026-02-14").kind == "workday");
  CHECK(by_date.at("2026-05-01").kind == "off");      // folded inside DTSTART's parameter
  CHECK(by_date.at("2026-10-07").kind == "off");
  CHECK(by_date.at("2026-10-10").name == "国庆节调休上班");
  // Observances (情人节 on the make-up Saturday, 母亲节) are neither: left out, no conflict.
  CHECK(by_date.at("2026-02-14").name == "春节调休上班");
  CHECK(by_date.count("2026-05-10") == 0);
  CHECK(s.left_out == std::vector<std::string>{"情人节", "母亲节"});

  std::string lf = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260404\nDURATION:P3D\nSUMMARY:清明节\nEND:VEVENT\n"
                   "BEGIN:VEVENT\nDTSTART:20260509\nSUMMARY:补班\\, 劳动节\nEND:VEVENT\n"
                   "BEGIN:VEVENT\nDTSTART:20260308\nSUMMARY:妇女节\nEND:VEVENT\n"
                   "BEGIN:VEVENT\nDTSTART:20261001\nSUMMARY:放假\nEND:VEVENT\nEND:VCALENDAR\n";
  Schedule t = parse_ics(lf, "lf.ics");
  REQUIRE(t.days.size() == 5);
  CHECK(t.days[4].kind == "off");
  CHECK(t.left_out == std::vector<std::string>{"妇女节"});
  CHECK(t.days[2].date == "2026-04-06");
  CHECK(t.days[3].kind == "workday");
  CHECK(t.days[3].name == "补班、 劳动节");

  auto ics = [](const std::string& body) { return "BEGIN:VCALENDAR\r\n" + body + "END:VCALENDAR\r\n"; };
  std::string e = error_of([&] { parse_ics(ics("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260230\r\nEND:VEVENT\r\n"), "x.ics"); });
  CHECK(e.find("x.ics:3: DTSTART '20260230'") != std::string::npos);
  e = error_of([&] { parse_ics(ics("BEGIN:VEVENT\r\nDTSTART:20260215T090000\r\nEND:VEVENT\r\n"), "x.ics"); });
  CHECK(e.find("x.ics:3:") != std::string::npos);
  CHECK(e.find("date and time") != std::string::npos);
  e = error_of([&] { parse_ics(ics("BEGIN:VEVENT\r\nSUMMARY:春节\r\nEND:VEVENT\r\n"), "x.ics"); });
  CHECK(e.find("x.ics:2: this VEVENT has no DTSTART") != std::string::npos);
  e = error_of([&] {
    parse_ics(ics("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260215\r\nDTEND;VALUE=DATE:20260215\r\nEND:VEVENT\r\n"), "x.ics");
  });
  CHECK(e.find("x.ics:4: DTEND") != std::string::npos);
  e = error_of([&] { parse_ics("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20260215\r\n", "cut.ics"); });
  CHECK(e.find("cut.ics:2: this VEVENT has no END:VEVENT") != std::string::npos);
  e = error_of([&] { parse_ics(ics("BEGIN:VEVENT\r\nDTSTART:20260214\r\nSUMMARY:班\r\nEND:VEVENT\r\n"
                                   "BEGIN:VEVENT\r\nDTSTART:20260214\r\nSUMMARY:休\r\nEND:VEVENT\r\n"), "x.ics"); });
  CHECK(e.find("2026-02-14 is a day off on line 7 and a working day on line 3") != std::string::npos);
  CHECK(error_of([&] { parse_ics(ics("no colon here\r\n"), "x.ics"); }).find("x.ics:2:") != std::string::npos);
}

TEST_CASE("merging a year keeps other years; a conflict names the file's line, both keys and the setting's source") {
  std::vector<ScheduleDay> days = {{"2026-02-14", "workday", "春节", 5}, {"2026-02-15", "off", "春节", 6},
                                   {"2027-01-01", "off", "元旦", 7}};
  CalendarLists current{{"2025-10-01 国庆节", "2026-05-01"}, {"2025-09-28"}};
  CalendarLists merged = merge_schedule(current, days, 2026, false, "f.json", {"db", "db"});
  CHECK(merged.holidays == std::vector<std::string>{"2025-10-01 国庆节", "2026-02-15 春节", "2026-05-01"});
  CHECK(merged.extra_workdays == std::vector<std::string>{"2025-09-28", "2026-02-14 春节"});
  CalendarLists replaced = merge_schedule(current, days, 2026, true, "f.json", {"db", "db"});
  CHECK(replaced.holidays == std::vector<std::string>{"2025-10-01 国庆节", "2026-02-15 春节"});

  CalendarLists clash{{"2026-02-14 情人节"}, {}};
  std::string e = error_of([&] { merge_schedule(clash, days, 2026, false, "f.json", {"database (set 2026-11-02 by 0000)", "the default"}); });
  CHECK(e.find("f.json:5: 2026-02-14") != std::string::npos);
  CHECK(e.find("sla.extra_workdays") != std::string::npos);
  CHECK(e.find("sla.holidays (database (set 2026-11-02 by 0000))") != std::string::npos);
  CHECK(e.find("--replace") != std::string::npos);
  CHECK_NOTHROW(merge_schedule(clash, days, 2026, true, "f.json", {"db", "db"}));
}

TEST_CASE("describe() speaks Chinese") {
  auto cal = office_2026();
  set_language(Lang::zh);
  std::string zh = cal.describe();
  std::string clock = WorkCalendar{}.describe();
  set_language(Lang::en);
  CHECK(zh == "周一、周二、周三、周四、周五 09:00-18:00，节假日 33 天，调休上班 6 天");
  CHECK(clock == "全天候计时");
  // In a named language whatever the current one (JSON keeps the English).
  CHECK(cal.describe(Lang::zh) == zh);
  set_language(Lang::zh);
  std::string en = cal.describe(Lang::en);
  set_language(Lang::en);
  CHECK(en == "mon,tue,wed,thu,fri 09:00-18:00, 33 holiday(s), 6 extra working day(s)");
}

TEST_CASE("change_settings: several keys in one audited transaction, admins only, nothing written on error") {
  testing::ServiceDb sdb("calendar-settings");
  Database& db = sdb.db();
  Epoch now = from_local(2026, 11, 2, 10, 0);
  std::int64_t rows = AuditStore(db).count();
  auto edit = [](const Config&, Config& after) {
    after.set_text("sla.holidays", "2026-02-15 春节,2026-02-16 春节", "calendar import");
    after.set_text("sla.extra_workdays", "2026-02-14 春节", "calendar import");
  };
  CHECK_THROWS_AS(change_settings(db, Actor::with_roles("1001", 2, {"consult"}), edit, "import", now), Error);
  CHECK(SettingsStore(db).all().empty());
  CHECK(AuditStore(db).count() == rows);

  // A date in both lists: refused by coherence, nothing written.
  auto clash = [](const Config&, Config& after) {
    after.set_text("sla.holidays", "2026-02-14", "calendar import");
    after.set_text("sla.extra_workdays", "2026-02-14 春节", "calendar import");
  };
  Actor admin = Actor::with_roles("0000", 1, {"admin"});
  CHECK_THROWS_AS(change_settings(db, admin, clash, "import", now), Error);
  CHECK(SettingsStore(db).all().empty());

  auto changes = change_settings(db, admin, edit, "import", now);
  REQUIRE(changes.size() == 2);
  CHECK(AuditStore(db).count() == rows + 2);
  CHECK(AuditStore(db).for_record("sla.extra_workdays").at(0).action == "import");
  Config config;
  load_department_settings(db, config);
  CHECK(config.list("sla.extra_workdays") == std::vector<std::string>{"2026-02-14 春节"});
  CHECK(change_settings(db, admin, edit, "import", now).empty());  // already in effect
}
