"""Score adjustments and freezing by role, and no write into a frozen period (issue 14), with real OS
accounts: adjustments by supervisors and managers, never on oneself; freezing by managers, only of a
period that has ended; once a month is frozen nobody, an admin with --now included, writes into it."""
import datetime
import hashlib
import os
import unittest
from zoneinfo import ZoneInfo

from harness import SharedInstall, main


def digest(inst):
    """Bytes of the install's database and its WAL (read as root): unchanged means untouched."""
    h = hashlib.sha256()
    for suffix in ("", "-wal"):
        p = inst.db + suffix
        if os.path.exists(p):
            with open(p, "rb") as f:
                h.update(f.read())
    return h.hexdigest()


def staff(inst):
    inst.agent = inst.account("1001", "张伟", "consult")
    inst.colleague = inst.account("1002", "王芳", "consult")
    inst.supervisor = inst.account("8001", "李主管", "supervisor")
    inst.manager = inst.account("9001", "赵经理", "manager")


class Adjustments(unittest.TestCase):
    def setUp(self):
        self.inst = SharedInstall(self)
        staff(self.inst)

    def test_only_supervisors_and_managers_adjust_and_never_their_own(self):
        i = self.inst
        before = digest(i)
        # The attacks of the issue: points for oneself, a lateness that costs a colleague the 全勤奖.
        i.fails_as(i.agent, 6, "score", "adjust", "1001", "--points", "+50", "--reason", "表扬", "--kind", "praise",
                   says=["1001 (consult)", "adjust a staff member's score", "team-lead or supervisor or inspector or manager or director"])
        i.fails_as(i.agent, 6, "score", "adjust", "1002", "--points", "-1", "--reason", "迟到", "--kind", "late",
                   says=["1001 (consult)", "permissions.score_adjust"])
        i.fails_as(i.supervisor, 6, "score", "adjust", "8001", "--points", "+5", "--reason", "表扬", "--kind", "praise",
                   says="no one adjusts their own score")
        i.fails_as(i.manager, 6, "score", "adjust", "赵经理", "--points", "+1", "--reason", "日检", "--kind", "inspection",
                   says="no one adjusts their own score")
        # An admin entering a form on the supervisor's behalf counts as the supervisor: still their own.
        r = i.run_root("--as", "8001", "score", "adjust", "8001", "--points", "+1", "--reason", "表扬")
        self.assertEqual(r.returncode, 6, r.stderr)
        self.assertIn("no one adjusts their own score", r.stderr.decode())
        # The admin is no scorer either.
        r = i.run_root("score", "adjust", "1001", "--points", "+1", "--reason", "表扬")
        self.assertEqual(r.returncode, 6, r.stderr)
        self.assertEqual(before, digest(i), "a refused adjustment must leave the database as it was")

        a = i.json_as(i.supervisor, "score", "adjust", "1001", "--points", "-1", "--reason", "迟到", "--kind", "late")
        self.assertEqual((a["staff"], a["kind"], a["points"], a["operator"]), ("1001 张伟", "late", -1.0, "8001"))
        i.ok_as(i.manager, "score", "adjust", "8001", "--points", "+2", "--reason", "客户表扬", "--kind", "praise")
        kinds = [(r["staff"], r["operator"]) for r in i.json_as(i.manager, "score", "adjustments", "--month",
                                                                 a["on_date"][:7])]
        self.assertEqual(kinds, [("1001 张伟", "8001"), ("8001 李主管", "9001")])


class Freezing(unittest.TestCase):
    def setUp(self):
        self.inst = SharedInstall(self)
        staff(self.inst)

    def test_only_a_manager_freezes_and_only_a_period_that_has_ended(self):
        i = self.inst
        before = digest(i)
        today = datetime.datetime.now(ZoneInfo("Asia/Shanghai")).date()
        future = f"{today.year + 1}-05"  # 2027-05 in the issue
        i.fails_as(i.manager, 5, "score", "--month", future, "--freeze",
                   says=[f"the scores of {future} cannot be frozen yet", f"ends at {today.year + 1}-06-01 00:00"])
        i.fails_as(i.manager, 5, "report", "monthly", "--month", future, "--freeze",
                   says=f"the monthly report {future} cannot be frozen yet")
        this_month = today.strftime("%Y-%m")
        i.fails_as(i.manager, 5, "score", "--month", this_month, "--freeze", says="cannot be frozen yet")
        week = "{}-W{:02}".format(*today.isocalendar()[:2])
        i.fails_as(i.manager, 5, "report", "weekly", "--week", week, "--freeze",
                   says=f"the weekly report {week} cannot be frozen yet")
        i.fails_as(i.supervisor, 6, "score", "--month", "2026-10", "--freeze",
                   says=["8001 (supervisor)", "freeze", "it needs the role manager"])
        i.fails_as(i.agent, 6, "report", "monthly", "--month", "2026-10", "--freeze", says="permissions.freeze")
        r = i.run_root("score", "--month", "2026-10", "--freeze")  # the admin is no manager
        self.assertEqual(r.returncode, 6, r.stderr)
        self.assertEqual(before, digest(i), "a refused freeze must leave the database as it was")
        i.ok_as(i.manager, "score", "--month", "2026-10", "--freeze")
        i.ok_as(i.manager, "report", "monthly", "--month", "2026-10", "--freeze")


class FrozenOctober(unittest.TestCase):
    """The manager issues October; then nothing is written dated inside it, by anyone."""

    def setUp(self):
        self.inst = SharedInstall(self)
        staff(self.inst)

    def register(self, at, phone):
        return self.inst.run_root("--as", "1001", "register", "--name", "刘女士", "--company", "华信科技", "--phone",
                                  phone, "--channel", "电话", now=at)

    def refused(self, r, *says):
        err = r.stderr.decode()
        self.assertEqual(r.returncode, 5, err)
        for s in says:
            self.assertIn(s, err)

    def test_no_write_dated_into_a_frozen_month(self):
        i = self.inst
        self.assertEqual(self.register("2026-10-14 10:00", "13912345678").returncode, 0)
        i.ok_as(i.manager, "report", "monthly", "--month", "2026-10", "--freeze")

        before = digest(i)
        # The admin's --now into October: refused, naming the period, when it was frozen and by whom.
        self.refused(self.register("2026-10-15 10:00", "13987654321"), "2026-10-15 10:00",
                     "inside the monthly report 2026-10, frozen at", "by 9001")
        self.assertEqual(before, digest(i))
        # The report has no adjustments: an October adjustment entered in November is still taken.
        i.root_ok("--as", "8001", "score", "adjust", "1001", "--points", "+2", "--reason", "表扬", "--kind", "praise",
                  "--date", "2026-10-05")

        i.ok_as(i.manager, "score", "--month", "2026-10", "--freeze")
        before = digest(i)
        self.refused(i.run_root("--as", "8001", "score", "adjust", "1001", "--points", "-1", "--reason", "迟到",
                                "--kind", "late", "--date", "2026-10-05"),
                     "dated 2026-10-05, inside the scores of 2026-10", "by 9001")
        self.refused(i.run_root("--as", "8001", "score", "adjust", "1001", "--points", "-1", "--reason", "迟到",
                                "--kind", "late", "--date", "2026-11-02", now="2026-10-31 18:00"),
                     "2026-10-31 18:00, inside")
        # A complaint received in October, entered today by the agent's own account, would change it too.
        err = i.fails_as(i.agent, 5, "complain", "new", "--name", "陈先生", "--phone", "13600001111", "--content",
                         "发票开错", "--received-at", "2026-10-20 09:00", says="2026-10-20 09:00, inside")
        self.assertIn("frozen at", err)
        self.assertEqual(before, digest(i), "a refused write must leave the database as it was")

        # Outside October everything goes on; the chain still checks.
        self.assertEqual(self.register("2026-11-02 11:00", "13987654321").returncode, 0)
        i.ok_as(i.supervisor, "score", "adjust", "1001", "--points", "-1", "--reason", "迟到", "--kind", "late")
        i.root_ok("check")
        self.assertEqual(i.json_as(i.manager, "score", "adjustments", "--month", "2026-10")[0]["points"], 2.0)


if __name__ == "__main__":
    main()
