"""Attendance (seeds 001/003: 签到, 迟到, 早退, 请假, 旷工, 每月休息4天): own sign-in, lateness and early leave
from the shift hours (早班 09:00-16:30), leave with an approver, the clock-in import all or nothing, and the
month's summary flagging more than 4 rest days."""
import csv
import io
import unittest

from harness import Desk, main


def desk(test):
    d = Desk(test, now="2026-11-30 18:00")
    d.ok("staff", "add", "1001", "张伟", "--roles", "consult", "--shift", "early")
    d.ok("staff", "add", "1002", "王芳", "--roles", "consult", "--shift", "late")
    d.ok("staff", "add", "8001", "刘强", "--roles", "team-lead")
    d.ok("staff", "add", "9001", "赵敏", "--roles", "supervisor")
    return d


class Attendance(unittest.TestCase):
    def test_own_sign_in_late_from_the_early_shift(self):
        d = desk(self)
        out = d.json("--as", "1001", "attendance", "add", "--kind", "签到", "--at", "09:12", "--date", "2026-11-02")
        self.assertEqual([(r["kind"], r["minutes"]) for r in out], [("sign-in", None), ("late", 12)])
        out = d.json("--as", "1002", "attendance", "add", "--kind", "签退", "--at", "22:30", "--date", "2026-11-02")
        self.assertEqual([(r["kind"], r["minutes"]) for r in out], [("sign-out", None), ("early-leave", 30)])
        d.fails(5, "--as", "1001", "attendance", "add", "--kind", "签到", "--at", "09:00", "--date", "2026-11-02",
                says="already")
        d.fails(6, "--as", "1001", "attendance", "add", "1002", "--kind", "签到", "--at", "09:00",
                says="permissions.attendance_manage")
        d.fails(6, "--as", "1001", "attendance", "add", "--kind", "旷工", "--date", "2026-11-03",
                says="permissions.attendance_manage")
        d.fails(3, "--as", "1001", "attendance", "add", "--kind", "签到", "--at", "25:00", "--date", "2026-11-04",
                says="--at")
        d.fails(3, "--as", "1001", "attendance", "add", "--kind", "打卡", says="--kind")

    def test_leave_needs_an_approver_who_may_approve(self):
        d = desk(self)
        d.fails(3, "--as", "8001", "attendance", "add", "1001", "--kind", "请假", "--date", "2026-11-05", says="--approver")
        d.fails(6, "--as", "8001", "attendance", "add", "1001", "--kind", "请假", "--date", "2026-11-05",
                "--approver", "1002", says="may not approve")
        d.fails(6, "--as", "9001", "attendance", "add", "9001", "--kind", "请假", "--date", "2026-11-05",
                "--approver", "9001", says="own leave")
        out = d.json("--as", "8001", "attendance", "add", "1001", "--kind", "请假", "--date", "2026-11-05",
                     "--approver", "9001")
        self.assertEqual((out[0]["kind"], out[0]["approver"]), ("leave", "9001"))
        self.assertEqual(len(d.json("attendance", "list", "--month", "2026-11")), 1)

    def test_import_all_or_nothing_then_the_month_summary(self):
        d = desk(self)
        bad = d.write("bad.csv", "工号,日期,签到,签退\n1001,2026-11-03,08:55,16:30\n1001,2026-11-04,9点,16:30\n1009,2026-11-05,09:00,16:30\n")
        d.fails(3, "--as", "9001", "attendance", "import", bad, says=["bad.csv:3", "签到", "bad.csv:4", "工号", "nothing imported"])
        self.assertEqual(d.json("attendance", "list"), [])
        good = d.write("打卡.csv", "工号,日期,签到,签退\n1001,2026-11-03,08:55,16:30\n1001,2026-11-04,09:20,16:10\n"
                                    "1002,2026-11-03,16:00,23:00\n1002,2026-11-04,,\n")
        d.fails(6, "--as", "1001", "attendance", "import", good, says="permissions.attendance_manage")
        r = d.json("--as", "9001", "attendance", "import", good)
        self.assertEqual((r["rows"], r["records"], r["late"], r["early_leave"], r["skipped"]), (4, 8, 1, 1, 1))
        for day in ("2026-11-08", "2026-11-09", "2026-11-15", "2026-11-16", "2026-11-22"):
            d.ok("--as", "8001", "attendance", "add", "1002", "--kind", "休息", "--date", day)
        rows = {r["staff"]: r for r in d.json("attendance", "summary", "--month", "2026-11")}
        self.assertEqual((rows["1001"]["days_worked"], rows["1001"]["late"], rows["1001"]["early_leave"]), (2, 1, 1))
        self.assertEqual((rows["1002"]["days_worked"], rows["1002"]["rest"], rows["1002"]["rest_over"]), (1, 5, True))
        self.assertFalse(rows["1001"]["rest_over"])
        zh = list(csv.reader(io.StringIO(d.ok("attendance", "summary", "--month", "2026-11", "--csv", "--lang", "zh"))))
        self.assertEqual(zh[0][:6], ["工号", "姓名", "班次", "出勤天数", "迟到", "早退"])
        listed = list(csv.reader(io.StringIO(d.ok("attendance", "list", "--staff", "1001", "--csv", "--lang", "zh"))))
        self.assertIn("迟到", [row[3] for row in listed])
        d.ok("check")

    def test_full_attendance_award_from_the_register(self):
        d = desk(self)
        d.ok("config", "set", "score.attendance_tracked", "true")
        d.ok("--as", "9001", "attendance", "import", d.write("十一月.csv", "工号,日期,签到,签退\n"
                                                               "1001,2026-11-03,08:58,16:35\n1002,2026-11-03,16:00,22:40\n"))
        d.ok("--as", "8001", "attendance", "add", "9001", "--kind", "请假", "--date", "2026-11-04", "--approver", "8001")
        rows = {r["number"]: r for r in d.json("score", "--month", "2026-11")["scores"]}
        self.assertTrue(rows["1001"]["full_attendance"])    # on time both ways
        self.assertFalse(rows["1002"]["full_attendance"])   # 早退 20 minutes before 23:00
        self.assertFalse(rows["9001"]["full_attendance"])   # 请假
        self.assertFalse(rows["8001"]["full_attendance"])   # no record at all
        how = {r["item"]: r for r in d.json("score", "explain", "8001", "--month", "2026-11")}
        self.assertIn("no attendance record", how["full_attendance"]["how"])
        awards = {a["award"]: a for a in d.json("score", "--month", "2026-11")["awards"]}
        self.assertEqual(awards["全勤奖 full attendance"]["winners"], "1001 张伟")


if __name__ == "__main__":
    main()
