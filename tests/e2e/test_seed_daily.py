"""The daily workload (seed 001: 客服人员每月登记客户660个, 按照22个工作日计算, 平均一天30个; issue 17):
`report daily --date` with the day's registrations per agent and the department against
intake.daily_target (30), and the month so far against intake.monthly_target (660) prorated by the
working days of the department calendar. September 2026 has 22 working days (Monday to Friday)."""
import csv
import io
import unittest

from harness import Desk, main

HEADER = "姓名,公司,电话,城市,备注"
# The working days of September 2026 up to the 14th: 1–4, 7–11, 14.
BEFORE = [1, 2, 3, 4, 7, 8, 9, 10, 11, 14]


def sign_up(d, agent, day, count, hour=10):
    """`agent` imports a sheet of `count` new customers on September `day`."""
    a = agent[-1]
    rows = [f"客户{day}-{a}-{i},,1390{day:02d}{a}{i:04d},北京," for i in range(count)]
    f = d.write(f"s{day}-{a}-{hour}.csv", "\n".join([HEADER] + rows) + "\n")
    d.ok("--as", agent, "register", "--from", f, now=f"2026-09-{day:02d} {hour}:00")


def desk(test):
    d = Desk(test, now="2026-09-01 09:00")
    d.ok("staff", "add", "1001", "张伟", "--roles", "consult")
    d.ok("staff", "add", "1002", "王芳", "--roles", "consult")
    d.ok("staff", "add", "1003", "刘洋", "--roles", "consult")
    d.ok("staff", "add", "2001", "李娜", "--roles", "sales")
    # Ten working days at the seed's 30 a day: 18 by 张伟, 12 by 王芳 → 300.
    for day in BEFORE:
        sign_up(d, "1001", day, 18)
        sign_up(d, "1002", day, 12)
    # The 15th: 20 + 7 = 27 new customers; a returning customer's call does not count.
    sign_up(d, "1001", 15, 20)
    sign_up(d, "1002", 15, 7)
    d.ok("--as", "1002", "register", "--name", "客户1-1-0", "--phone", "13900110000", now="2026-09-15 16:00")
    return d


def daily(d, *args, now="2026-09-15 18:00"):
    return d.json("report", "daily", *args, now=now)


class Daily(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.holder = unittest.TestCase()  # owns the shared desk's directory
        cls.d = desk(cls.holder)

    @classmethod
    def tearDownClass(cls):
        cls.holder.doCleanups()

    def test_the_day_against_30_and_the_month_against_660_by_working_days(self):
        r = daily(self.d, "--date", "2026-09-15")
        day = r["daily"]
        self.assertEqual((day["date"], day["working_day"], day["registrations"], day["daily_target"]),
                         ("2026-09-15", True, 27, 30))
        self.assertAlmostEqual(day["of_daily_target"], 0.9)
        self.assertEqual((day["month"], day["month_registrations"], day["monthly_target"]), ("2026-09", 327, 660))
        self.assertEqual((day["working_days_so_far"], day["working_days_in_month"]), (11, 22))
        self.assertAlmostEqual(day["expected_so_far"], 330.0)  # 660 × 11 ÷ 22
        self.assertAlmostEqual(day["progress"], 327 / 330, places=4)
        self.assertEqual(day["remaining"], 333)
        self.assertAlmostEqual(day["needed_per_day_left"], 333 / 11, places=2)
        agents = {a["agent"]: a for a in r["daily_agents"]}
        self.assertEqual((agents["1001 张伟"]["registrations"], agents["1001 张伟"]["month_registrations"]), (20, 200))
        self.assertEqual((agents["1002 王芳"]["registrations"], agents["1002 王芳"]["month_registrations"]), (7, 127))
        # An agent with nothing registered is listed at 0; sales staff are not agents.
        self.assertEqual((agents["1003 刘洋"]["registrations"], agents["1003 刘洋"]["month_registrations"]), (0, 0))
        self.assertNotIn("2001 李娜", agents)

    def test_default_is_today(self):
        self.assertEqual(daily(self.d)["daily"]["date"], "2026-09-15")

    def test_a_sunday_is_not_a_working_day_and_says_so(self):
        r = self.d.run("report", "daily", "--date", "2026-09-13", "--json", now="2026-09-15 18:00")
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertIn("not a working day", r.stderr.decode())
        day = daily(self.d, "--date", "2026-09-13")["daily"]
        self.assertEqual((day["working_day"], day["registrations"], day["working_days_so_far"]), (False, 0, 9))
        self.assertEqual(day["month_registrations"], 270)

    def test_holidays_and_make_up_days_of_the_calendar_count(self):
        # The National Day week: 1–7 October off, Sunday 27 September and Saturday 10 October worked.
        d = Desk(self, now="2026-10-12 18:00", settings={
            "sla.holidays": ["2026-10-01 国庆节", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07"],
            "sla.extra_workdays": ["2026-09-27 国庆调休", "2026-10-10 国庆调休"]})
        r = d.json("report", "daily", "--date", "2026-10-12")["daily"]
        # October: 22 weekdays, 5 of them holidays, Saturday the 10th worked → 18; by the 12th: 8, 9, 10, 12.
        self.assertEqual((r["working_days_so_far"], r["working_days_in_month"]), (4, 18))
        self.assertAlmostEqual(r["expected_so_far"], 660 * 4 / 18, places=2)
        r = d.json("report", "daily", "--date", "2026-09-30")["daily"]
        self.assertEqual(r["working_days_in_month"], 23)

    def test_table_csv_and_chinese(self):
        zh = self.d.ok("report", "daily", "--date", "2026-09-15", "--lang", "zh", now="2026-09-15 18:00")
        for text in ("登记客户数", "日目标", "本月工作日", "进度完成率", "各客服登记", "张伟", "99.1%"):
            self.assertIn(text, zh)
        en = self.d.ok("report", "daily", "--date", "2026-09-15", now="2026-09-15 18:00")
        self.assertIn("Working days in month", en)
        out = self.d.ok("report", "daily", "--date", "2026-09-15", "--csv", now="2026-09-15 18:00")
        rows = list(csv.reader(io.StringIO(out)))
        self.assertIn("1001 张伟", [r[0] for r in rows if r])

    def test_a_future_day_is_refused(self):
        self.d.fails(3, "report", "daily", "--date", "2026-09-16", now="2026-09-15 18:00", says=["--date", "future"])
        self.d.fails(3, "report", "daily", "--date", "2026-09-31", now="2026-10-15 18:00", says="--date")


if __name__ == "__main__":
    main()
