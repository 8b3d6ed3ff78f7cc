"""csdesk report: every figure of the monthly report for a hand-built October 2026.

The month (tests/e2e/report_month.py): agents 1001 张伟 and 1002 王芳 register customers,
salespeople 2001 李娜 and 2002 刘洋 receive them, 2001 handles the complaints, 3001 陈静 revisits.
Each expected value below is worked out by hand from those records.
"""
import os
import unittest

import report_month
from harness import Desk, golden, main

NOW = "2026-11-03 10:00"
HOUR = 3600


def month_desk(test, **kw):
    d = Desk(test, now=NOW, **kw)
    report_month.build(d.db)
    return d


def by(rows, key):
    return {r[key]: r for r in rows}


class MonthlyReport(unittest.TestCase):

    def setUp(self):
        self.d = month_desk(self)
        self.r = self.d.json("report", "monthly", "--month", "2026-10")

    def test_period(self):
        self.assertEqual(self.r["period"], {"period": "2026-10", "from": "2026-10-01T00:00:00+08:00",
                                            "until": "2026-11-01T00:00:00+08:00"})

    def test_intake(self):
        # New: KH…0001-0004 (0003 at 23:30 on 31 Oct is October's; 11-01 00:10 and 09-30 23:59 are not;
        # the duplicate merged into 0001 does not count). Returning: 王芳 took 王女士's second call, 10 min late.
        # The month's data holds no notifications: no owner was told of any contact (test_seed_intake has them).
        self.assertEqual(self.r["intake"], {"new_customers": 4, "returning_contacts": 1, "contacts": 5, "within_limit": 0.8,
                                            "owner_notified_within_limit": 0, "contact_time_unknown": 0})
        agents = by(self.r["intake_agents"], "agent")
        self.assertEqual(agents["1001 张伟"], {"agent": "1001 张伟", "new_customers": 3, "returning_contacts": 0, "within_limit": 1.0,
                                             "owner_notified_within_limit": 0, "contact_time_unknown": 0})
        self.assertEqual(agents["1002 王芳"], {"agent": "1002 王芳", "new_customers": 1, "returning_contacts": 1, "within_limit": 0.5,
                                             "owner_notified_within_limit": 0, "contact_time_unknown": 0})
        channels = by(self.r["intake_channels"], "channel")
        self.assertEqual((channels["phone"]["new_customers"], channels["phone"]["returning_contacts"]), (2, 1))
        self.assertAlmostEqual(channels["phone"]["within_limit"], 2 / 3, places=4)
        self.assertEqual(channels["online"]["new_customers"], 1)
        self.assertEqual(channels["qq"]["new_customers"], 1)
        cities = by(self.r["intake_cities"], "city")
        self.assertEqual({c: (v["new_customers"], v["returning_contacts"]) for c, v in cities.items()},
                         {"北京": (2, 1), "上海": (1, 0), "成都": (1, 0)})

    def test_assignment(self):
        # 李娜: 王女士 (urgent, 10 min) and 李先生 after reassignment (urgent, 9 min); 刘洋: 李先生 (urgent,
        # 35 min: too late, reassigned away) and 刘女士. 张总 went to the pool at 23:31 on 31 Oct.
        self.assertEqual(self.r["assign"]["assigned"], 4)
        self.assertEqual(self.r["assign"]["urgent"], 3)
        self.assertAlmostEqual(self.r["assign"]["urgent_in_time_rate"], 2 / 3, places=4)
        self.assertEqual(self.r["assign"]["reassigned_away"], 1)
        self.assertEqual(self.r["assign"]["pool_at_end"], 1)
        sales = by(self.r["assign_sales"], "sales")
        self.assertEqual(sales["2001 李娜"], {"sales": "2001 李娜", "assigned": 2, "urgent": 2, "urgent_in_time": 2,
                                            "urgent_in_time_rate": 1.0, "reassigned_away": 0})
        self.assertEqual(sales["2002 刘洋"], {"sales": "2002 刘洋", "assigned": 2, "urgent": 1, "urgent_in_time": 0,
                                            "urgent_in_time_rate": 0.0, "reassigned_away": 1})

    def test_complaints(self):
        c = self.r["complaints"]
        # Opened: TS…0001-0004. Resolved in October: 0001, 0002 and September's 0005. Closed: 0001.
        # Reopened: 0005 on 4 Oct. Open at end: 0003 (resolved 2 Nov), 0004, September's 0006 (P1, overdue).
        self.assertEqual({k: c[k] for k in ("opened", "resolved", "closed", "reopened", "open_at_end", "overdue")},
                         {"opened": 4, "resolved": 3, "closed": 1, "reopened": 1, "open_at_end": 3, "overdue": 1})
        # Due (settled): 0001 on time (2 h / 2 h), 0002 late (P1: 26 h response), 0003 on time (192 h − 48 h
        # paused = 144 h ≤ 168 h, its customer told every day); 0004, still within its 72 h to resolve, has gone
        # unanswered past its 24 h first response, so it is known late already. Timeliness 2/4.
        self.assertAlmostEqual(c["timeliness_rate"], 2 / 4, places=4)
        self.assertEqual(c["resolution_rate"], 0.75)  # 3 of the 4 opened are resolved
        self.assertEqual(c["first_contact_resolution"], 0.25)  # 0001, resolved at its first response
        # First response 2 h, 26 h, 0.5 h: mean 9.5 h, 90th percentile (nearest rank) 26 h.
        self.assertEqual(c["mean_first_response"], int(9.5 * HOUR))
        self.assertEqual(c["p90_first_response"], 26 * HOUR)
        # Resolution 2 h, 27 h, 144 h (pause excluded): mean 57 h 40 m, 90th percentile 144 h.
        self.assertEqual(c["mean_resolution"], (2 + 27 + 144) * HOUR // 3)
        self.assertEqual(c["p90_resolution"], 144 * HOUR)
        cats = by(self.r["complaints_by_category"], "category")
        self.assertEqual({k: (v["opened"], v["resolved"]) for k, v in cats.items()},
                         {"product": (2, 1), "service-attitude": (1, 1), "delivery": (1, 1)})
        self.assertEqual(self.r["complaints_by_category"][0]["category"], "product")  # most opened first
        pri = by(self.r["complaints_by_priority"], "priority")
        self.assertEqual({k: v["opened"] for k, v in pri.items()}, {"P1": 1, "P2": 2, "P3": 1})
        causes = by(self.r["complaints_by_cause"], "cause")
        self.assertEqual(set(causes), {"软件缺陷", "态度问题", "物流延误", "-"})

    def test_revisits(self):
        v = self.r["revisits"]
        # Due in October: HF…0001, 0002, 0003, 0005 (0006 cancelled, 0004 due in November).
        # Overdue: 0002 done a day late, 0003 never done. Attempts 5, reached 3. Scores 5, 2, 4.
        self.assertEqual({k: v[k] for k in ("planned", "done", "overdue", "attempts", "scored")},
                         {"planned": 4, "done": 3, "overdue": 2, "attempts": 5, "scored": 3})
        self.assertEqual(v["reach_rate"], 0.6)
        self.assertAlmostEqual(v["satisfaction_rate"], 2 / 3, places=4)  # 5 and 4 are ≥ 4
        self.assertAlmostEqual(v["csi"], (11 / 3 - 1) / 4 * 100, places=1)
        factors = by(self.r["revisit_factors"], "factor")
        self.assertEqual({k: f["count"] for k, f in factors.items()}, {"服务态度": 1, "响应速度": 1, "价格": 1})
        self.assertAlmostEqual(factors["价格"]["share_of_done"], 1 / 3, places=4)
        agents = by(self.r["revisit_agents"], "agent")
        self.assertEqual(agents["3001 陈静"]["done"], 2)
        self.assertEqual(agents["3001 陈静"]["attempts"], 4)
        self.assertEqual(agents["3001 陈静"]["reach_rate"], 0.5)
        self.assertEqual(agents["3001 陈静"]["satisfaction_rate"], 0.5)
        self.assertEqual(agents["3001 陈静"]["csi"], 62.5)
        self.assertEqual(agents["1002 王芳"]["csi"], 75.0)

    def test_customers(self):
        self.assertEqual(self.r["customers"], {"new_customers": 4, "converted": 1, "became_at_risk": 1,
                                               "became_lost": 0, "at_risk_now": 1, "lost_now": 1,
                                               # October's four new customers, one of them bought;
                                               # nobody was at-risk on 1 October
                                               "potential": 4, "potential_converted": 1, "conversion_rate": 0.25,
                                               "at_risk_at_start": 0, "recovered": 0, "recovery_rate": None})

    def test_trend_against_september(self):
        trend = by(self.r["trend"], "figure")
        # September: one new customer, two complaints (both late), one revisit scored 3.
        self.assertEqual(trend["new_customers"]["previous"], 1)
        self.assertEqual(trend["new_customers"]["change"], 3)
        self.assertEqual(trend["new_customers"]["direction"], "▲")
        self.assertAlmostEqual(trend["satisfaction_rate"]["current"], 200 / 3, places=1)
        self.assertEqual(trend["satisfaction_rate"]["previous"], 0)
        self.assertEqual(trend["satisfaction_rate"]["unit"], "%")
        self.assertEqual(trend["complaints_overdue"]["direction"], "▼")
        series = by(self.r["satisfaction_trend"], "period")
        self.assertEqual(list(series), ["2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"])
        targets = by(self.r["targets"], "target")
        self.assertEqual(targets["satisfaction_rate_gain"]["baseline_period"], "2026-07")
        self.assertEqual(targets["complaint_handling_efficiency_gain"]["baseline_period"], "2026-04")

    def test_default_month_is_the_previous_one(self):
        self.assertEqual(self.d.json("report", "monthly")["period"]["period"], "2026-10")

    def test_table_view_is_golden(self):
        golden(self, "report/monthly-2026-10.txt", self.d.ok("report", "monthly", "--month", "2026-10"))

    def test_chinese_headings(self):
        out = self.d.ok("report", "revisits", "--month", "2026-10", "--lang", "zh")
        for heading in ("满意率", "满意指数CSI", "回访问题因素统计", "接通率"):
            self.assertIn(heading, out)

    def test_each_section_alone(self):
        self.assertEqual(list(self.d.json("report", "intake", "--month", "2026-10")),
                         ["period", "intake", "intake_agents", "intake_channels", "intake_cities"])
        self.assertEqual(self.d.json("report", "complaints", "--month", "2026-10")["complaints"]["opened"], 4)
        rows = self.d.csv("report", "customers", "--month", "2026-10")
        self.assertTrue(rows)

    def test_weekly_review(self):
        # ISO week 2026-W43 is 19–25 Oct: 刘女士 (20 Oct) is new, 王女士 called again; TS…0003 opened on the 25th.
        w = self.d.json("report", "weekly", "--week", "2026-W43")
        self.assertEqual(w["period"]["period"], "2026-W43")
        self.assertEqual(w["intake"]["new_customers"], 1)
        self.assertEqual(w["intake"]["returning_contacts"], 1)
        self.assertEqual(w["complaints"]["opened"], 1)
        self.assertEqual(by(w["trend"], "figure")["new_customers"]["previous"], 1)  # W42: 李先生 on 12 Oct
        self.assertNotIn("targets", w)

    def test_bad_month_and_flags(self):
        self.d.fails(3, "report", "monthly", "--month", "2026-13", says="2026-13")
        self.d.fails(2, "report", "monthly", "--format", "html", says="--output")
        self.d.fails(2, "report", "monthly", "--freeze", "--recompute", says="--recompute")
        self.d.fails(2, "report", "monthyl")


class WorkingTime(unittest.TestCase):
    def test_sla_calendar_counts_working_hours_only(self):
        # Mon–Fri 09:00–18:00. TS…0001 (Tue): 2 h and 2 h. TS…0002 came in on Saturday and was answered and
        # resolved on Sunday: 0 working time. TS…0003 (Sun → Mon 2 Nov): Mon–Fri 26–30 Oct = 45 h, less the
        # pause Mon 09:00 – Wed 09:00 (18 working hours) = 27 h; its response on Sunday took 0.
        d = month_desk(self)
        d.ok("config", "set", "sla.calendar", "true")
        c = d.json("report", "complaints", "--month", "2026-10")["complaints"]
        self.assertEqual(c["mean_first_response"], 2 * HOUR // 3)
        self.assertEqual(c["mean_resolution"], (2 + 0 + 27) * HOUR // 3)
        self.assertEqual(c["p90_resolution"], 27 * HOUR)


class FrozenReport(unittest.TestCase):
    def test_frozen_month_does_not_change_after_a_later_edit(self):
        d = month_desk(self)
        issued = d.json("report", "monthly", "--month", "2026-10", "--freeze", "--as", "9001")
        self.assertEqual(issued["intake"]["new_customers"], 4)
        # A backdated registration lands after the report was issued.
        report_month.add_customer(d.db, "KH202610-0099", "2026-10-30 10:00")
        r = d.run("report", "monthly", "--month", "2026-10", "--json")
        self.assertEqual(r.returncode, 0)
        import json
        self.assertEqual(json.loads(r.stdout)["intake"]["new_customers"], 4)
        self.assertIn("frozen", r.stderr.decode())
        self.assertIn("--recompute", r.stderr.decode())
        self.assertEqual(d.json("report", "monthly", "--month", "2026-10")["intake"], issued["intake"])
        self.assertEqual(d.json("report", "monthly", "--month", "2026-10", "--recompute")["intake"]["new_customers"], 5)
        # Table and CSV views of a frozen report show the issued figures too.
        self.assertIn("New customers            4", d.ok("report", "monthly", "--month", "2026-10"))
        # Freezing again is refused, and the refusal changes nothing.
        before = d.db_digest()
        d.fails(5, "report", "monthly", "--month", "2026-10", "--freeze", "--as", "9001", says="already frozen")
        self.assertEqual(before, d.db_digest())
        self.assertEqual(d.sql("SELECT action, record_number FROM audit WHERE record_kind = 'report'"),
                         [("freeze", "report-monthly 2026-10")])

    def test_unchanged_data_says_so(self):
        d = month_desk(self)
        d.ok("report", "monthly", "--month", "2026-10", "--freeze", "--as", "9001")
        r = d.run("report", "monthly", "--month", "2026-10")
        self.assertIn("same figures", r.stderr.decode())


class MonthBoundary(unittest.TestCase):
    def test_half_past_eleven_on_the_last_day_belongs_to_the_month(self):
        d = Desk(self, now="2026-11-03 10:00")
        d.ok("staff", "add", "1001", "张伟", "--roles", "consult")
        con_sql = [("KH202610-0001", "2026-10-31 23:30"), ("KH202611-0001", "2026-11-01 00:00"),
                   ("KH202609-0001", "2026-09-30 23:59")]
        for number, at in con_sql:
            report_month.add_customer(d.db, number, at)
        # The machine's TZ is UTC in the harness: the month is still Asia/Shanghai's.
        self.assertEqual(d.json("report", "intake", "--month", "2026-10")["intake"]["new_customers"], 1)
        self.assertEqual(d.json("report", "intake", "--month", "2026-11")["intake"]["new_customers"], 1)
        self.assertEqual(d.json("report", "intake", "--month", "2026-09")["intake"]["new_customers"], 1)


if __name__ == "__main__":
    main()
