"""The seeds' other posts as roles (issue 17, SEED-RULES 9, 37, 67, 68), with real OS accounts:
班长 (team-lead) does the daily check, 主任 (inspector) spot-checks, 总监 (director) may what a
manager may, 数据分析 (analyst) reads figures with personal data masked and writes nothing."""
import unittest

from harness import SharedInstall, main

PHONE = "13912345678"


class SeedRoles(unittest.TestCase):
    def setUp(self):
        i = self.inst = SharedInstall(self)
        i.agent = i.account("1001", "张伟", "咨询客服")
        i.lead = i.account("1101", "刘班长", "班长,咨询客服")
        i.inspector = i.account("7001", "陈主任", "主任")
        i.director = i.account("9901", "周总监", "总监")
        i.analyst = i.account("8801", "吴分析", "数据分析")
        i.ok_as(i.agent, "register", "--name", "王女士", "--phone", PHONE, "--channel", "电话")

    def test_roles_are_stored_by_their_codes(self):
        staff = {s["number"]: s["roles"] for s in self.inst.json_as(self.inst.director, "staff", "list")}
        self.assertEqual([staff[n] for n in ("1101", "7001", "9901", "8801")],
                         ["team-lead,consult", "inspector", "director", "analyst"])

    def test_team_lead_gives_the_daily_points_but_does_not_freeze_or_merge(self):
        i = self.inst
        i.ok_as(i.lead, "score", "adjust", "1001", "--points", "-1", "--reason", "迟到", "--kind", "迟到")
        i.fails_as(i.lead, 6, "score", "adjust", "1101", "--points", "+5", "--reason", "表扬", "--kind", "praise",
                   says="no one adjusts their own score")
        i.fails_as(i.lead, 6, "report", "monthly", "--month", "2026-10", "--freeze", says="permissions.freeze")
        i.fails_as(i.lead, 6, "history", "1001", says="permissions.audit")

    def test_inspector_spot_checks(self):
        i = self.inst
        i.ok_as(i.inspector, "score", "adjust", "1001", "--points", "-2", "--reason", "抽查：登记不全", "--kind", "inspection")
        i.ok_as(i.inspector, "check")
        i.fails_as(i.inspector, 6, "register", "--name", "李先生", "--phone", "13800001111", says="permissions.register")

    def test_director_may_what_a_manager_may(self):
        i = self.inst
        i.ok_as(i.director, "report", "monthly", "--month", "2026-10", "--freeze")
        shown = i.json_as(i.director, "customer", "list")
        self.assertEqual([c["phone"] for c in shown], [PHONE])

    def test_analyst_reads_figures_masked_and_writes_nothing(self):
        i = self.inst
        i.ok_as(i.analyst, "report", "monthly", "--month", "2026-11")
        i.ok_as(i.analyst, "score", "--month", "2026-11")
        shown = i.json_as(i.analyst, "customer", "list")
        self.assertEqual([c["phone"] for c in shown], ["139****5678"])
        i.fails_as(i.analyst, 6, "register", "--name", "李先生", "--phone", "13800001111", says="analyst")
        i.fails_as(i.analyst, 6, "score", "adjust", "1001", "--points", "+1", "--reason", "x", "--kind", "praise",
                   says="permissions.score_adjust")
        i.fails_as(i.analyst, 6, "check", says="permissions.audit")


if __name__ == "__main__":
    main()
