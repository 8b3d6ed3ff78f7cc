"""csdesk score: registration points, indicators, combined score, awards, adjustments, explain, freeze."""
import json
import unittest

import report_month
from harness import Desk, main

NOW = "2026-11-03 10:00"
# The hand-built month has a handful of registrations: a small target keeps the rule visible.
SMALL = {"score.target": 3, "score.step": 1, "score.upper_threshold": 5, "score.lower_threshold": 1,
         "score.attendance_tracked": True}


def by_number(rows):
    return {r["number"]: r for r in rows}


class SeedBoundaries(unittest.TestCase):
    def test_the_seed_rule_end_to_end_with_the_default_config(self):
        d = Desk(self, now=NOW)
        counts = [279, 280, 281, 320, 321, 329, 330, 339, 340, 379, 380, 381]
        expected = [90, 90, 96, 99, 100, 100, 100, 100, 101, 104, 110, 110]
        report_month.add_agents_with_registrations(d.db, counts)
        rows = by_number(d.json("score", "--month", "2026-10")["scores"])
        for i, (n, points) in enumerate(zip(counts, expected)):
            row = rows[str(5001 + i)]
            self.assertEqual((row["registrations"], row["registration_points"]), (n, points), f"{n} registrations")
            self.assertEqual(row["target"], 330)


class HandBuiltMonth(unittest.TestCase):
    def setUp(self):
        self.d = Desk(self, now=NOW, settings=SMALL)
        report_month.build(self.d.db)
        # 全勤奖 reads the attendance register (seeds 001/003): 1001 signed in on time on 8 Oct.
        self.d.ok("staff", "add", "8001", "刘强", "--roles", "team-lead")
        self.d.ok("--as", "8001", "attendance", "add", "1001", "--kind", "签到", "--at", "09:00", "--date", "2026-10-08")
        out = self.d.json("score", "--month", "2026-10")
        self.rows = by_number(out["scores"])
        self.awards = {a["award"]: a for a in out["awards"]}

    def test_registration_agents(self):
        z = self.rows["1001"]
        # 3 registrations = target → 100. Satisfaction: revisits of his customers scored 5, 2, 4 → 2/3.
        # No complaints handled, so timeliness and resolution do not apply; weights 0.5 and 0.2 renormalised.
        self.assertEqual((z["rule"], z["registrations"], z["target"], z["registration_points"]),
                         ("registration + indicators", 3, 3, 100))
        self.assertIsNone(z["timeliness_rate"])
        self.assertAlmostEqual(z["satisfaction_rate"], 2 / 3, places=4)
        self.assertEqual(z["complaints"], 1)  # TS…0002, service-attitude, about him
        self.assertEqual(z["adjustments"], 2.0)  # praise
        combined = (100 * 0.5 + 200 / 3 * 0.2) / 0.7 - 2 + 2
        self.assertAlmostEqual(z["combined"], combined, places=2)
        w = self.rows["1002"]
        # 1 registration ≤ lower threshold 1 → 90; late on 9 Oct: −1 and no full attendance.
        self.assertEqual(w["registration_points"], 90)
        self.assertAlmostEqual(w["combined"], 89, places=2)
        self.assertFalse(w["full_attendance"])

    def test_indicator_only_staff(self):
        li = self.rows["2001"]
        # Handled TS…0001-0004: timeliness 2 of 4 due (0004's first response is late), resolution 3 of 4;
        # satisfaction 2 of 3 (owner/handler).
        self.assertEqual(li["rule"], "indicators only")
        self.assertIsNone(li["registrations"])
        self.assertIsNone(li["registration_points"])
        self.assertAlmostEqual(li["timeliness_rate"], 2 / 4, places=4)
        self.assertEqual(li["resolution_rate"], 0.75)
        expected = (50 * 0.15 + 75 * 0.15 + 200 / 3 * 0.2) / 0.5
        self.assertAlmostEqual(li["combined"], expected, places=2)

    def test_awards(self):
        self.assertTrue(self.rows["1001"]["full_attendance"])
        # Seed 003 综合指标最高、投诉量最少: 1001 scores highest but has a complaint; 1002 has none.
        self.assertNotIn("绩效奖", self.rows["1001"]["award"])
        self.assertEqual(self.awards["绩效奖 performance"]["winners"], "1002 王芳")
        self.assertNotIn("1002", self.awards["全勤奖 full attendance"]["winners"])

    def test_explain_shows_every_point(self):
        lines = {r["item"]: r for r in self.d.json("score", "explain", "1001", "--month", "2026-10")}
        self.assertIn("3 − 3", lines["registrations"]["how"])
        self.assertAlmostEqual(lines["registration"]["weight"], 0.5 / 0.7, places=4)
        self.assertIn("2 of 3", lines["satisfaction"]["how"])
        self.assertEqual(lines["complaints"]["points"], -2)
        self.assertIn("does not apply", lines["timeliness"]["how"])
        self.assertAlmostEqual(lines["combined"]["points"], self.rows["1001"]["combined"], places=2)
        sales = {r["item"]: r for r in self.d.json("score", "explain", "李娜", "--month", "2026-10")}
        self.assertIn("no target role", sales["registrations"]["how"])
        self.d.fails(4, "score", "explain", "9999", "--month", "2026-10", says="9999")


class Adjustments(unittest.TestCase):
    def test_adjust_list_audit_and_bad_input(self):
        d = Desk(self, now=NOW)
        d.ok("staff", "add", "1001", "张伟", "--roles", "consult")
        d.ok("staff", "add", "9001", "赵敏", "--roles", "manager")
        a = d.json("score", "adjust", "1001", "--points", "＋２", "--reason", "客户来电表扬", "--kind", "praise",
                   "--date", "2026-10-15", "--as", "9001")
        self.assertEqual((a["points"], a["kind"], a["on_date"], a["operator"]), (2.0, "praise", "2026-10-15", "9001"))
        self.assertTrue(a["number"].startswith("KP202611-"))
        d.ok("score", "adjust", "张伟", "--points", "-1", "--reason", "迟到", "--kind", "late", "--date", "2026-10-20",
             "--as", "9001")
        listed = d.json("score", "adjustments", "--month", "2026-10")
        self.assertEqual([r["kind"] for r in listed], ["praise", "late"])
        self.assertEqual(len(d.json("score", "adjustments", "--month", "2026-10", "--staff", "1001")), 2)
        self.assertEqual(d.sql("SELECT COUNT(*) FROM audit WHERE record_kind = 'score-adjustment'"), [(2,)])
        row = by_number(d.json("score", "--month", "2026-10")["scores"])["1001"]
        self.assertEqual(row["adjustments"], 1.0)
        self.assertFalse(row["full_attendance"])
        before = d.db_digest()
        d.fails(3, "score", "adjust", "1001", "--points", "abc", "--reason", "x", "--as", "9001", says="--points")
        d.fails(3, "score", "adjust", "1001", "--points", "+1", "--reason", "x", "--kind", "lat", "--as", "9001", says=["--kind", "late"])
        d.fails(3, "score", "adjust", "1001", "--points", "+1", "--reason", "迟到", "--kind", "late", "--as", "9001", says="negative")
        d.fails(3, "score", "adjust", "1001", "--points", "1", "--reason", " ", "--as", "9001", says="--reason")
        d.fails(3, "score", "adjust", "1001", "--points", "1", "--reason", "x", "--date", "2026-02-30", "--as", "9001", says="--date")
        d.fails(4, "score", "adjust", "7777", "--points", "1", "--reason", "x", "--as", "9001", says="7777")
        self.assertEqual(before, d.db_digest())


class FrozenScores(unittest.TestCase):
    def test_frozen_scores_do_not_change(self):
        d = Desk(self, now=NOW, settings=SMALL)
        report_month.build(d.db)
        issued = by_number(d.json("score", "--month", "2026-10", "--freeze", "--as", "9001")["scores"])
        # An adjustment dated in the frozen month is refused, for the admin too, and writes nothing.
        before = d.db_digest()
        d.fails(5, "score", "adjust", "1002", "--points", "+5", "--reason", "表扬", "--kind", "praise", "--date",
                "2026-10-30", "--as", "9001", says=["2026-10-30", "the scores of 2026-10", "by 9001"])
        self.assertEqual(before, d.db_digest())
        # What does change the month's figures: 1002 leaves, and only active staff are scored.
        d.ok("staff", "deactivate", "1002")
        r = d.run("score", "--month", "2026-10", "--json")
        self.assertEqual(by_number(json.loads(r.stdout)["scores"])["1002"]["combined"], issued["1002"]["combined"])
        self.assertIn("--recompute", r.stderr.decode())
        now = by_number(d.json("score", "--month", "2026-10", "--recompute")["scores"])
        self.assertNotIn("1002", now)
        self.assertEqual(now["1001"]["combined"], issued["1001"]["combined"])

    def test_freezing_is_for_a_manager_and_a_period_that_has_ended(self):
        d = Desk(self, now=NOW, settings=SMALL)
        report_month.build(d.db)
        before = d.db_digest()
        d.fails(6, "score", "--month", "2026-10", "--freeze", says=["0000 (admin)", "manager", "permissions.freeze"])
        d.fails(5, "score", "--month", "2026-11", "--freeze", "--as", "9001",
                says=["the scores of 2026-11 cannot be frozen yet", "ends at 2026-12-01 00:00"])
        self.assertEqual(before, d.db_digest())


if __name__ == "__main__":
    main()
