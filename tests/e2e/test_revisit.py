"""csdesk revisit: idempotent planning, allotment, the worklist, logging, follow-ups that reopen or
close complaints, at-risk customers, satisfaction rate and CSI."""
import unittest

from harness import Desk, golden, main


def desk(test, now="2026-10-05 10:00", agents=("4001", "4002")):
    d = Desk(test, now=now)
    d.ok("staff", "add", "1001", "张伟", "--roles", "consult,complaint")
    for n, name in zip(agents, ["刘洋", "黄丽"]):
        d.ok("staff", "add", n, name, "--roles", "revisit")
    return d


def register(d, name, phone, *args, now):
    return d.json("--as", "1001", "register", "--name", name, "--phone", phone, *args, now=now)["number"]


def log(d, *args, agent="4001", **kw):
    return d.json("--as", agent, "revisit", "log", *args, **kw)


def resolved_complaint(d, customer, now):
    n = d.json("--as", "1001", "complain", "new", "--customer", customer, "--content", "安装延误", now=now)["number"]
    d.ok("--as", "1001", "complain", "respond", n, now=now)
    d.ok("--as", "1001", "complain", "resolve", n, "--solution", "已重新安排安装", now=now)
    return n


class Planning(unittest.TestCase):
    def test_routine_by_grade_and_planning_twice_plans_nothing(self):
        d = desk(self)
        a = register(d, "王女士", "13900000001", "--grade", "A", now="2026-09-01 10:00")
        register(d, "李先生", "13900000002", "--grade", "B", now="2026-09-01 10:00")
        first = d.json("--as", "4001", "revisit", "plan")
        self.assertEqual([(r["customer"], r["purpose"], r["due_at"]) for r in first],
                         [(a, "routine", "2026-10-01T10:00:00+08:00")])
        self.assertEqual(d.json("--as", "4001", "revisit", "plan"), [])
        self.assertEqual(d.sql("SELECT COUNT(*) FROM revisits"), [(1,)])
        # Done: the next routine revisit counts from this contact.
        log(d, first[0]["number"], "--method", "电话", "--satisfaction", "5", now="2026-10-06 10:00")
        self.assertEqual(d.json("--as", "4001", "revisit", "plan", now="2026-11-04 10:00"), [])
        again = d.json("--as", "4001", "revisit", "plan", now="2026-11-05 10:00")
        self.assertEqual([(r["customer"], r["due_at"]) for r in again], [(a, "2026-11-05T10:00:00+08:00")])

    def test_intervals_come_from_config(self):
        d = desk(self)
        register(d, "李先生", "13900000002", "--grade", "B", now="2026-09-01 10:00")
        self.assertEqual(d.json("--as", "4001", "revisit", "plan"), [])
        d.ok("config", "set", "revisit.interval_days.B", "30")
        self.assertEqual(len(d.json("--as", "4001", "revisit", "plan")), 1)

    def test_occasions_and_birthdays_respect_consent(self):
        d = desk(self, now="2026-12-26 10:00")
        yes = register(d, "王女士", "13900000001", "--consent", "是", "--birthday", "12-30", now="2026-12-20 10:00")
        register(d, "李先生", "13900000002", "--consent", "否", "--birthday", "12-30", now="2026-12-20 10:00")
        plans = d.json("--as", "4001", "revisit", "plan")
        self.assertEqual(sorted((r["customer"], r["purpose"], r["due_at"][:10]) for r in plans),
                         [(yes, "birthday", "2026-12-30"), (yes, "holiday", "2027-01-01")])
        keys = [k for (k,) in d.sql("SELECT plan_key FROM revisits ORDER BY plan_key")]
        self.assertEqual(keys, ["birthday:2026-12-30:1", "occasion:2027-01-01:holiday:1"])
        self.assertEqual(d.json("--as", "4001", "revisit", "plan"), [])
        # Maintenance reminders are not marketing: both customers get them.
        d.ok("config", "set", "revisit.occasions", "12-28 maintenance 年度保养提醒")
        self.assertEqual(len(d.json("--as", "4001", "revisit", "plan")), 2)

    def test_round_robin_and_least_loaded_allotment(self):
        d = desk(self)
        for i in range(3):
            register(d, f"客户{i}", f"1390000000{i}", "--grade", "A", now="2026-09-01 10:00")
        self.assertEqual([r["agent"] for r in d.json("--as", "4001", "revisit", "plan")], ["4001 刘洋", "4002 黄丽", "4001 刘洋"])
        register(d, "客户9", "13900000009", "--grade", "A", now="2026-09-01 10:00")
        register(d, "客户8", "13900000008", "--grade", "A", now="2026-09-01 10:00")
        # 4001 has two planned, 4002 one: least-loaded gives both new ones to 4002 until level, then the lower number.
        d.ok("config", "set", "revisit.agent_rule", "least-loaded")
        out = d.json("--as", "4001", "revisit", "plan")
        self.assertEqual([r["agent"] for r in out], ["4002 黄丽", "4001 刘洋"])

    def test_without_revisit_agents_revisits_are_planned_unallotted(self):
        d = desk(self, agents=())
        d.ok("staff", "add", "5001", "赵敏", "--roles", "supervisor")  # a supervisor plans for a team without agents
        register(d, "王女士", "13900000001", "--grade", "A", now="2026-09-01 10:00")
        r = d.run("--as", "5001", "revisit", "plan", "--json")
        self.assertEqual(r.returncode, 0)
        self.assertIn("revisit role", r.stderr.decode())
        self.assertEqual(d.sql("SELECT agent_id FROM revisits"), [(None,)])

    def test_no_contact_for_too_long_marks_at_risk(self):
        d = desk(self)
        c = register(d, "王女士", "13900000001", now="2026-04-08 10:00")
        d.ok("--as", "4001", "revisit", "plan", now="2026-10-04 10:00")
        self.assertEqual(d.sql("SELECT category FROM customers"), [("potential",)])
        d.ok("--as", "4001", "revisit", "plan", now="2026-10-05 10:00")  # 180 days
        self.assertEqual(d.sql("SELECT category FROM customers"), [("at-risk",)])
        self.assertEqual(d.sql(f"SELECT action FROM audit WHERE record_number = '{c}' AND action = 'at-risk'"), [("at-risk",)])


class Worklist(unittest.TestCase):
    def test_overdue_first_then_grade(self):
        d = desk(self)
        a = register(d, "甲", "13900000001", "--grade", "A", now="2026-09-01 10:00")  # due 10-01
        b = register(d, "乙", "13900000002", "--grade", "B", now="2026-06-01 10:00")  # due 08-30
        c = register(d, "丙", "13900000003", "--grade", "C", now="2026-04-01 10:00")  # due 09-28
        a2 = register(d, "丁", "13900000004", "--grade", "A", now="2026-10-04 10:00")
        d.ok("--as", "4001", "revisit", "plan")
        resolved_complaint(d, a2, now="2026-10-05 10:00")  # follow-up due 10-08, not overdue
        due = d.json("revisit", "due", "--within", "7d")
        self.assertEqual([(r["customer"], r["overdue"]) for r in due], [(a, True), (b, True), (c, True), (a2, False)])
        self.assertEqual(due[0]["phone"], "139****0001")
        self.assertEqual([r["customer"] for r in d.json("revisit", "due")], [a, b, c])
        mine = d.json("--as", "4002", "revisit", "due", "--within", "7d")
        self.assertTrue(mine and all(r["agent"] == "4002 黄丽" for r in mine))
        self.assertEqual(len(d.json("revisit", "due", "--for", "4001", "--within", "7d")) + len(mine), 4)


class Logging(unittest.TestCase):
    def planned(self, d):
        register(d, "王女士", "13900000001", "--grade", "A", now="2026-09-01 10:00")
        return d.json("--as", "4001", "revisit", "plan")[0]["number"]

    def test_failed_attempt_stays_due(self):
        d = desk(self)
        n = self.planned(d)
        r = log(d, n, "--method", "phone", "--reached", "no")
        self.assertEqual((r["status"], r["attempts"]), ("planned", 1))
        self.assertEqual([x["number"] for x in d.json("revisit", "due")], [n])
        r = log(d, n, "--method", "短信", "--satisfaction", "４", "--problems", "价格，响应速度", "--result", "已解决",
                "--content", "询问使用情况")
        self.assertEqual((r["status"], r["attempts"], r["method"], r["satisfaction"], r["problems"]),
                         ("done", 2, "sms", 4, "价格,响应速度"))
        self.assertEqual(d.sql("SELECT reached, agent_id FROM revisit_attempts ORDER BY id"), [(0, 2), (1, 2)])
        self.assertEqual(d.json("revisit", "due"), [])
        d.fails(5, "--as", "4001", "revisit", "log", n, "--method", "phone", says=[n, "done"])

    def test_bad_input_changes_nothing(self):
        d = desk(self)
        n = self.planned(d)
        before = d.db_digest()
        d.fails(3, "--as", "4001", "revisit", "log", n, "--method", "fax", says="--method")
        d.fails(3, "--as", "4001", "revisit", "log", n, "--method", "phone", "--satisfaction", "6", says="--satisfaction")
        d.fails(3, "--as", "4001", "revisit", "log", n, "--method", "phone", "--problems", "天气", says=["--problems", "服务态度"])
        d.fails(3, "--as", "4001", "revisit", "log", n, "--method", "phone", "--reached", "no", "--satisfaction", "3",
                says="--reached")
        d.fails(2, "--as", "4001", "revisit", "log", n, "--customer", "KH202609-0001", "--method", "phone")
        d.fails(3, "--as", "4001", "revisit", "log", "--customer", "KH202609-0001", "--method", "phone", says="--purpose")
        d.fails(4, "--as", "4001", "revisit", "log", "HF202610-0099", "--method", "phone", says="HF202610-0099")
        self.assertEqual(before, d.db_digest())

    def test_unplanned_revisit(self):
        d = desk(self)
        c = register(d, "王女士", "13900000001", now="2026-09-01 10:00")
        r = log(d, "--customer", c, "--method", "登门", "--purpose", "售后回访", "--satisfaction", "5")
        self.assertEqual((r["purpose"], r["method"], r["status"], r["agent"]), ("after-sale", "visit", "done", "4001 刘洋"))
        self.assertEqual(d.sql("SELECT plan_key FROM revisits"), [(None,)])


class FollowUps(unittest.TestCase):
    def follow_up(self, d, score):
        c = register(d, "王女士", "13900000001", now="2026-10-01 10:00")
        n = resolved_complaint(d, c, now="2026-10-05 10:00")
        r = d.json("revisit", "list", "--complaint", n)
        self.assertEqual(len(r), 1)
        self.assertEqual(r[0]["due_at"], "2026-10-08T10:00:00+08:00")
        log(d, r[0]["number"], "--method", "phone", "--satisfaction", str(score), now="2026-10-08 11:00")
        return n, d.sql(f"SELECT status, satisfaction, reopened_count FROM complaints WHERE number = '{n}'")[0]

    def test_dissatisfied_follow_up_reopens_the_complaint(self):
        d = desk(self)
        n, row = self.follow_up(d, 2)
        self.assertEqual(row, ("reopened", 2, 1))
        timeline = d.json("complain", "show", n)["timeline"]
        self.assertEqual((timeline[-1]["action"], timeline[-1]["actor"]), ("reopen", "4001"))
        self.assertIn("满意度 2", timeline[-1]["content"])
        # Resolving again plans a second follow-up.
        d.ok("--as", "1001", "complain", "respond", n, now="2026-10-08 12:00")
        d.ok("--as", "1001", "complain", "resolve", n, "--solution", "更换设备", now="2026-10-09 12:00")
        self.assertEqual(len(d.json("revisit", "list", "--complaint", n, "--status", "planned")), 1)

    def test_satisfied_follow_up_closes_it(self):
        d = desk(self)
        _, row = self.follow_up(d, 4)
        self.assertEqual(row, ("closed", 4, 0))

    def test_middling_score_leaves_it_resolved(self):
        d = desk(self)
        _, row = self.follow_up(d, 3)
        self.assertEqual(row, ("resolved", None, 0))

    def test_low_scores_in_a_row_mark_the_customer_at_risk(self):
        d = desk(self)
        c = register(d, "王女士", "13900000001", now="2026-10-01 10:00")
        log(d, "--customer", c, "--method", "phone", "--purpose", "satisfaction", "--satisfaction", "1")
        self.assertEqual(d.sql("SELECT category FROM customers"), [("potential",)])
        log(d, "--customer", c, "--method", "phone", "--purpose", "satisfaction", "--satisfaction", "2")
        self.assertEqual(d.sql("SELECT category FROM customers"), [("at-risk",)])


class Satisfaction(unittest.TestCase):
    def test_rate_and_csi_of_known_scores(self):
        d = desk(self, now="2026-11-10 10:00")
        c = register(d, "王女士", "13900000001", now="2026-10-01 10:00")
        for agent, score, when in [("4001", 5, "2026-11-02"), ("4001", 4, "2026-11-03"), ("4001", 3, "2026-11-04"),
                                   ("4002", 2, "2026-11-05"), ("4002", 5, "2026-11-06"), ("4002", 1, "2026-10-20")]:
            log(d, "--customer", c, "--method", "phone", "--purpose", "satisfaction", "--satisfaction", str(score),
                agent=agent, now=when + " 10:00")
        rows = {(r["month"], r["agent"]): r for r in d.json("revisit", "stats", "--month", "2026-11")}
        # 4001: 5,4,3 → 2 of 3 satisfied, mean 4 → CSI 75; 4002: 2,5 → 1 of 2, mean 3.5 → 62.5;
        # all: 5,4,3,2,5 → 3 of 5, mean 3.8 → 70.
        expected = {("2026-11", "4001 刘洋"): (3, 2, 2 / 3, 75.0), ("2026-11", "4002 黄丽"): (2, 1, 0.5, 62.5),
                    ("2026-11", "(all)"): (5, 3, 0.6, 70.0)}
        self.assertEqual(set(rows), set(expected))
        for key, (scored, satisfied, rate, csi) in expected.items():
            r = rows[key]
            self.assertEqual((r["scored"], r["satisfied"]), (scored, satisfied), key)
            self.assertAlmostEqual(r["satisfaction_rate"], rate, places=4)
            self.assertAlmostEqual(r["csi"], csi, places=9)
        two = d.json("revisit", "stats", "--month", "2026-11", "--months", "2")
        october = [r for r in two if r["month"] == "2026-10"]
        self.assertEqual([(r["agent"], r["scored"], r["satisfaction_rate"], r["csi"]) for r in october],
                         [("(all)", 1, 0.0, 0.0), ("4002 黄丽", 1, 0.0, 0.0)])
        table = d.ok("--lang", "zh", "revisit", "stats", "--month", "2026-11")
        self.assertIn("满意率", table)
        self.assertIn("66.7%", table)

    def test_list_filters_and_csv(self):
        d = desk(self)
        c = register(d, "王女士", "13900000001", "--grade", "A", now="2026-09-01 10:00")
        d.ok("--as", "4001", "revisit", "plan")
        log(d, "--customer", c, "--method", "phone", "--purpose", "after-sale", "--satisfaction", "5", agent="4002")
        self.assertEqual([r["status"] for r in d.json("revisit", "list", "--status", "done")], ["done"])
        self.assertEqual([r["purpose"] for r in d.json("revisit", "list", "--purpose", "例行回访")], ["routine"])
        self.assertEqual(len(d.json("revisit", "list", "--agent", "4002")), 1)
        self.assertEqual(len(d.json("revisit", "list", "--customer", c)), 2)
        self.assertEqual(len(d.csv("revisit", "list")), 2)
        d.fails(3, "revisit", "list", "--status", "open", says="--status")

    def test_every_view_is_golden(self):
        # Each heading over its own value, in every format: the worklist, the list, a log, the figures.
        d = desk(self)
        a = register(d, "王女士", "13900000001", "--grade", "A", "--company", "北京华信科技有限公司", now="2026-09-01 10:00")
        register(d, "李先生", "13900000002", "--grade", "B", now="2026-06-01 10:00")
        d.ok("--as", "4001", "revisit", "plan")
        resolved_complaint(d, a, now="2026-10-05 10:00")
        out = []
        def run(*args, now="2026-10-05 11:00"):
            out.append("$ csdesk " + " ".join(args) + "\n" + d.ok(*args, now=now))
        run("revisit", "due", "--within", "7d")
        run("--csv", "revisit", "due", "--within", "7d")
        run("--json", "--lang", "zh", "revisit", "due", "--within", "7d")
        run("--as", "4001", "revisit", "log", "HF202610-0003", "--method", "电话", "--satisfaction", "2",
            "--result", "仍不满意", "--problems", "响应速度,价格", now="2026-10-08 10:00")
        run("--as", "4002", "revisit", "log", "--customer", a, "--method", "sms", "--purpose", "满意度调查",
            "--satisfaction", "5", "--json", now="2026-10-08 11:00")
        run("revisit", "list", now="2026-10-09 10:00")
        run("--json", "revisit", "list", now="2026-10-09 10:00")
        run("--lang", "zh", "revisit", "stats", "--month", "2026-10", now="2026-10-09 10:00")
        run("--csv", "revisit", "stats", "--month", "2026-10", now="2026-10-09 10:00")
        golden(self, "revisit/views.txt", "\n".join(out))


if __name__ == "__main__":
    main()
