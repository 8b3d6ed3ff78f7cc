"""csdesk calendar: China's working calendar — importing the 2026 schedule (holiday-cn JSON and
iCalendar), showing a year, the SLA clocks and `complain sla` across the Spring Festival break,
conflicts, bad input, permissions, Chinese."""
import os
import unittest

from harness import Desk, FIXTURES, main
from test_chinese_everywhere import words

JSON_2026 = os.path.join(FIXTURES, "calendar", "holiday-cn-2026.json")
ICS_2026 = os.path.join(FIXTURES, "calendar", "china-2026.ics")
CALENDAR = {"sla.calendar": True, "sla.work_days": ["mon", "tue", "wed", "thu", "fri"], "sla.work_hours": "09:00-18:00"}
WORKDAYS = ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]


def desk(test, now="2026-02-13 17:00", **kw):
    d = Desk(test, now=now, **kw)
    d.ok("staff", "add", "3001", "陈静", "--roles", "complaint")
    d.ok("--as", "3001", "register", "--name", "王女士", "--phone", "13912345678", "--channel", "电话")
    return d


def days(d, year="2026", **kw):
    return d.json("calendar", "show", "--year", year, **kw)


class Import(unittest.TestCase):
    def test_both_forms_give_the_same_year(self):
        d = desk(self)
        err = d.run("calendar", "import", JSON_2026).stderr.decode()
        self.assertIn("33 day(s) off and 6 make-up working day(s) of 2026", err)
        from_json = days(d)
        self.assertEqual([x["date"] for x in from_json if x["kind"] == "workday"], WORKDAYS)
        self.assertEqual(len([x for x in from_json if x["kind"] == "off"]), 33)
        self.assertEqual(from_json[0], {"date": "2026-01-01", "weekday": "thu", "kind": "off", "name": "元旦"})
        self.assertIn({"date": "2026-02-14", "weekday": "sat", "kind": "workday", "name": "春节"}, from_json)
        self.assertIn({"date": "2026-09-20", "weekday": "sun", "kind": "workday", "name": "国庆节"}, from_json)

        e = desk(self)
        err = e.run("calendar", "import", ICS_2026).stderr.decode()
        self.assertIn("left out 2 event(s) that mark neither a day off nor a working day: 情人节,母亲节", err)
        from_ics = days(e)
        self.assertEqual([(x["date"], x["kind"]) for x in from_ics], [(x["date"], x["kind"]) for x in from_json])
        self.assertIn({"date": "2026-02-15", "weekday": "sun", "kind": "off", "name": "春节 休"}, from_ics)
        self.assertIn({"date": "2026-10-10", "weekday": "sat", "kind": "workday", "name": "国庆节调休上班"}, from_ics)

        # Written as department settings, audited like config set.
        rows = {r["key"]: r for r in e.json("config", "show")}
        self.assertIn("2026-02-14 春节调休上班", rows["sla.extra_workdays"]["value"])
        self.assertTrue(rows["sla.holidays"]["source"].startswith("database"))
        trail = e.json("history", "sla.extra_workdays")
        self.assertEqual([t["action"] for t in trail][-1:], ["import"])

        # Again: nothing changes.
        self.assertIn("nothing changed", e.run("calendar", "import", ICS_2026).stderr.decode())

    def test_other_years_are_kept_and_replace_drops_the_year(self):
        d = desk(self)
        d.ok("config", "set", "sla.holidays", "2025-10-01 国庆节,2026-03-02 公司年会")
        d.ok("config", "set", "sla.extra_workdays", "2025-09-28 国庆节调休")
        d.ok("calendar", "import", JSON_2026)
        rows = {r["key"]: r["value"] for r in d.json("config", "show")}
        self.assertIn("2025-10-01 国庆节", rows["sla.holidays"])
        self.assertIn("2026-03-02 公司年会", rows["sla.holidays"])
        self.assertIn("2025-09-28 国庆节调休", rows["sla.extra_workdays"])
        d.ok("calendar", "import", ICS_2026, "--replace")
        rows = {r["key"]: r["value"] for r in d.json("config", "show")}
        self.assertIn("2025-10-01 国庆节", rows["sla.holidays"])
        self.assertNotIn("公司年会", rows["sla.holidays"])
        self.assertEqual(days(d, "2025"), [
            {"date": "2025-09-28", "weekday": "sun", "kind": "workday", "name": "国庆节调休"},
            {"date": "2025-10-01", "weekday": "wed", "kind": "off", "name": "国庆节"}])

    def test_a_conflicting_date_names_both_sources_and_changes_nothing(self):
        d = desk(self)
        d.ok("config", "set", "sla.holidays", "2026-02-14 情人节")
        before = d.db_digest()
        d.fails(3, "calendar", "import", JSON_2026,
                says=[f"{JSON_2026}:13: 2026-02-14", "sla.extra_workdays", "sla.holidays (database (set", "情人节", "--replace"])
        d.fails(3, "calendar", "import", ICS_2026, says=[f"{ICS_2026}:", "2026-02-14", "sla.holidays (database"])
        self.assertEqual(d.db_digest(), before)
        d.ok("calendar", "import", JSON_2026, "--replace")  # the year's entries replaced: no conflict
        # config set refuses a date in both lists too, naming both keys.
        d.fails(3, "config", "set", "sla.holidays", "2026-02-14", says=["2026-02-14", "sla.holidays", "sla.extra_workdays"])

    def test_bad_input_names_file_line_and_field(self):
        d = desk(self)
        before = d.db_digest()
        bad = d.write("bad.json", '{"year": 2026,\n "days": [\n  {"name": "春节", "date": "2026-02-15", "isOffDay": true},\n'
                                  '  {"name": "春节", "date": "2026-02-30", "isOffDay": true}\n]}\n')
        d.fails(3, "calendar", "import", bad, says=["bad.json:4: days[1].date", "2026-02-30"])
        bad = d.write("bad.ics", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260215\r\n"
                                 "DTEND;VALUE=DATE:20260210\r\nSUMMARY:春节\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
        d.fails(3, "calendar", "import", bad, says=["bad.ics:4: DTEND 2026-02-10 is not after DTSTART 2026-02-15"])
        d.fails(3, "calendar", "import", d.write("x.csv", "date,kind\n"), says=["x.csv", "iCalendar"])
        d.fails(3, "calendar", "import", d.path("missing.json"), says=["missing.json"])
        d.fails(3, "calendar", "import", JSON_2026, "--year", "2025", says=["no day of 2025"])
        self.assertEqual(d.db_digest(), before)

    def test_admins_only(self):
        d = desk(self)
        d.fails(6, "--as", "3001", "calendar", "import", JSON_2026)
        self.assertEqual(days(d), [])


class Clocks(unittest.TestCase):
    def test_spring_festival_break(self):
        d = desk(self, settings=CALENDAR)
        d.ok("calendar", "import", JSON_2026)
        n = d.json("--as", "3001", "complain", "new", "--customer", "KH202602-0001", "--content", "系统无法登录",
                   "--priority", "P1")["number"]
        out = d.json("complain", "sla", n, now="2026-02-24 12:00")
        clocks = {c["clock"]: c for c in out["sla"]}
        # Fri 17-18 (1 h), make-up Sat 14 Feb (9 h), 15-23 Feb off, Tue 24 (9 h), Wed 25 09:00 + 5 h.
        self.assertEqual(clocks["resolution"]["deadline"], "2026-02-25T14:00:00+08:00")
        self.assertEqual(clocks["resolution"]["elapsed"], 13 * 3600)  # 1 + 9 + 3 h
        self.assertEqual(out["basis"]["calendar"], "mon,tue,wed,thu,fri 09:00-18:00, 33 holiday(s), 6 extra working day(s)")
        named = [(x["date"], x["kind"]) for x in out["calendar_days"]]
        self.assertEqual(named[0], ("2026-02-14", "workday"))
        self.assertEqual(named[1:], [(f"2026-02-{day}", "off") for day in (16, 17, 18, 19, 20, 23)])
        self.assertEqual(out["calendar_days"][0]["name"], "春节")

        # JSON is the same in both languages, the calendar's description included.
        self.assertEqual(d.json("--lang", "zh", "complain", "sla", n, now="2026-02-24 12:00"), out)
        text = d.ok("complain", "sla", n, now="2026-02-24 12:00")
        self.assertIn("Holidays skipped and make-up working days counted", text)
        zh = d.ok("--lang", "zh", "complain", "sla", n, now="2026-02-24 12:00")
        self.assertIn("跳过的节假日与计入的调休上班日", zh)
        self.assertIn("2026-02-14  周六  班    春节", zh)
        self.assertIn("周一、周二、周三、周四、周五 09:00-18:00，节假日 33 天，调休上班 6 天", zh)

    def test_without_the_calendar_every_hour_counts_and_nothing_is_listed(self):
        d = desk(self)
        d.ok("calendar", "import", JSON_2026)
        self.assertIn("sla.calendar is false", d.run("calendar", "show", "--year", "2026").stderr.decode())
        n = d.json("--as", "3001", "complain", "new", "--customer", "KH202602-0001", "--content", "系统无法登录",
                   "--priority", "P1")["number"]
        out = d.json("complain", "sla", n, now="2026-02-24 12:00")
        clocks = {c["clock"]: c for c in out["sla"]}
        self.assertEqual(clocks["resolution"]["deadline"], "2026-02-14T17:00:00+08:00")
        self.assertEqual(out["basis"]["calendar"], "around the clock")
        self.assertNotIn("calendar_days", out)


class Chinese(unittest.TestCase):
    def test_show_in_chinese_and_unchanged_in_english(self):
        d = desk(self)
        d.ok("calendar", "import", JSON_2026)
        zh = d.ok("--lang", "zh", "calendar", "show", "--year", "2026")
        self.assertTrue(zh.startswith("日期        星期  类型  名称"), zh)
        self.assertIn("2026-02-14  周六  班    春节", zh)
        self.assertIn("2026-02-15  周日  休    春节", zh)
        en = d.ok("calendar", "show", "--year", "2026")
        self.assertIn("2026-02-14  sat      workday  春节", en)
        csv_zh = d.ok("--lang", "zh", "calendar", "show", "--year", "2026", "--csv")
        self.assertIn("2026-05-09,周六,班,劳动节", csv_zh)
        # JSON keeps the codes in every language.
        self.assertEqual(d.json("--lang", "zh", "calendar", "show", "--year", "2026"), days(d))
        # No English word left in the Chinese listing and its notes (names, codes and keys aside).
        for year in ("2026", "2031"):
            r = d.run("--lang", "zh", "calendar", "show", "--year", year)
            for line in (r.stdout + r.stderr).decode().splitlines():
                self.assertEqual(words(line), [], line)
        err = d.fails(3, "--lang", "zh", "calendar", "import", d.write("x.csv", "date\n"))
        self.assertIn("既不是 holiday-cn JSON 放假安排", err)
        self.assertIn("调休上班日", d.ok("--lang", "zh", "calendar", "--help", db=False, now=""))


if __name__ == "__main__":
    main()
