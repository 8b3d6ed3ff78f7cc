"""Seed 003's awards from the real binary: 绩效奖 (综合指标最高、投诉量最少) and 全勤奖 (无请假、无旷工、无迟到、无早退)."""
import unittest

import report_month
from harness import Desk, main

NOW = "2026-11-03 10:00"
SMALL = {"score.target": 3, "score.step": 1, "score.upper_threshold": 5, "score.lower_threshold": 1}


class PerformanceAward(unittest.TestCase):
    def test_fewest_complaints_first_then_the_highest_combined_score(self):
        d = Desk(self, now=NOW, settings=SMALL)
        report_month.build(d.db)
        out = d.json("score", "--month", "2026-10")
        rows = {r["number"]: r for r in out["scores"]}
        # 1001 has the highest combined score (≈90.48) but 1 complaint; 1002 has 89 and none: 1002 wins.
        self.assertEqual(rows["1001"]["complaints"], 1)
        self.assertEqual(rows["1002"]["complaints"], 0)
        self.assertGreater(rows["1001"]["combined"], rows["1002"]["combined"])
        awards = {a["award"]: a for a in out["awards"]}
        self.assertEqual(awards["绩效奖 performance"]["winners"], "1002 王芳")
        self.assertEqual(awards["绩效奖 performance"]["note"], "fewest complaints, then the highest combined score among them")
        why = {r["item"]: r for r in d.json("score", "explain", "1001", "--month", "2026-10")}["performance_award"]
        self.assertIn("not won: complaints 1, more than the fewest (0)", why["how"])
        won = {r["item"]: r for r in d.json("score", "explain", "1002", "--month", "2026-10")}["performance_award"]
        self.assertTrue(won["value"])
        self.assertIn("won: the fewest complaints (0), and a combined score of 89.00", won["how"])
        zh = d.ok("score", "explain", "1002", "--month", "2026-10", "--lang", "zh")
        self.assertIn("获奖：投诉 0 件，为最少；综合得分 89.00", zh)
        self.assertIn("投诉量最少者中综合得分最高", d.ok("score", "--month", "2026-10", "--lang", "zh"))


class FullAttendance(unittest.TestCase):
    def test_not_tracked_by_default_says_so(self):
        d = Desk(self, now=NOW, settings=SMALL)
        report_month.build(d.db)
        out = d.json("score", "--month", "2026-10")
        awards = {a["award"]: a for a in out["awards"]}
        self.assertEqual(awards["全勤奖 full attendance"]["winners"], "")
        self.assertEqual(awards["全勤奖 full attendance"]["note"], "attendance not tracked")
        self.assertTrue(all(r["full_attendance"] is None for r in out["scores"]))
        self.assertIn("未记录考勤", d.ok("score", "--month", "2026-10", "--lang", "zh"))
        self.assertIn("attendance not tracked", d.ok("score", "--month", "2026-10"))

    def test_tracked_late_or_idle_staff_do_not_get_it(self):
        d = Desk(self, now=NOW, settings=dict(SMALL, **{"score.attendance_tracked": True}))
        report_month.build(d.db)
        d.ok("staff", "add", "1003", "孙丽", "--roles", "consult")
        # 全勤奖 reads the attendance register: 1001 and 1002 signed in; 1003 has no record.
        d.ok("staff", "add", "8001", "刘强", "--roles", "team-lead")
        for who in ("1001", "1002"):
            d.ok("--as", "8001", "attendance", "add", who, "--kind", "签到", "--at", "09:00", "--date", "2026-10-08")
        rows = {r["number"]: r for r in d.json("score", "--month", "2026-10")["scores"]}
        self.assertTrue(rows["1001"]["full_attendance"])
        self.assertFalse(rows["1002"]["full_attendance"])  # late on 9 Oct
        self.assertFalse(rows["1003"]["full_attendance"])  # nothing at all in the month
        how = {r["item"]: r for r in d.json("score", "explain", "1003", "--month", "2026-10")}["full_attendance"]["how"]
        self.assertIn("no attendance record", how)


if __name__ == "__main__":
    main()
