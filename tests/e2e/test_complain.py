"""csdesk complain: the complaint lifecycle, SLA clocks (around the clock and by calendar), pauses, escalation."""
import unittest

from harness import Desk, golden, main

CALENDAR = {"sla.calendar": True, "sla.work_days": ["mon", "tue", "wed", "thu", "fri"], "sla.work_hours": "09:00-18:00"}


def desk(test, now="2026-11-02 10:00"):
    d = Desk(test, now=now)
    d.ok("staff", "add", "3001", "陈静", "--roles", "complaint")
    d.ok("staff", "add", "3002", "周强", "--roles", "complaint")
    d.ok("staff", "add", "5001", "赵敏", "--roles", "supervisor")
    d.ok("staff", "add", "6001", "孙经理", "--roles", "manager")
    d.ok("staff", "add", "4001", "刘洋", "--roles", "revisit")
    d.ok("--as", "3001", "register", "--name", "王女士", "--company", "北京华信科技有限公司",
         "--phone", "１３９１２３４５６７８", "--channel", "电话", "--city", "北京", "--grade", "A")
    return d


def new(d, *args, now=None):
    return d.json("--as", "3001", "complain", "new", "--customer", "KH202611-0001", *args, now=now)["number"]


def status(d, number):
    return d.sql(f"SELECT status FROM complaints WHERE number = '{number}'")[0][0]


def verb(d, name, number, *args, **kw):
    return d.json("--as", "3001", "complain", name, number, *args, **kw)


def sla(d, number, now=None, **kw):
    out = d.json("complain", "sla", number, now=now, **kw)
    return {c["clock"]: c for c in out["sla"]}, out


class Lifecycle(unittest.TestCase):
    REFUSALS = {
        # status: verbs refused there (each names the status, exit 5)
        "open": ["wait", "resume", "resolve", "close", "reopen"],
        "in-progress": ["respond", "resume", "close", "reopen"],
        "pending-customer": ["respond", "wait", "resolve", "close", "reopen"],
        "resolved": ["respond", "update", "assign", "escalate", "wait", "resume", "resolve"],
        "closed": ["respond", "update", "assign", "escalate", "wait", "resume", "resolve", "close"],
        "reopened": ["wait", "resume", "resolve", "close", "reopen"],
    }
    ARGS = {"update": ["--note", "x"], "assign": ["--to", "3002"], "escalate": ["--reason", "x"],
            "resolve": ["--solution", "x"], "reopen": ["--reason", "x"]}

    def refuse_all(self, d, number):
        current = status(d, number)
        before = d.db_digest()
        for v in self.REFUSALS[current]:
            with self.subTest(status=current, verb=v):
                d.fails(5, "--as", "3001", "complain", v, number, *self.ARGS.get(v, []), says=[number, f"is {current}"])
        self.assertEqual(before, d.db_digest(), "a refused verb must leave the database unchanged")

    def test_every_transition_and_every_refusal(self):
        d = desk(self)
        n = new(d, "--content", "发票金额错误", "--category", "billing", "--priority", "P1")
        path = [
            ("update", ["--note", "已登记", "--cause", "开票模板错误"], "open"),
            ("assign", ["--to", "3002"], "open"),
            ("escalate", ["--reason", "金额较大"], "open"),
            ("respond", ["--note", "已致电王女士"], "in-progress"),
            ("wait", ["--note", "等待发票照片"], "pending-customer"),
            ("update", ["--measure", "已联系财务"], "pending-customer"),
            ("resume", [], "in-progress"),
            ("approve", [], "in-progress"),  # escalated to the supervisor: her sign-off first
            ("resolve", ["--solution", "重开发票"], "resolved"),
            ("reopen", ["--reason", "金额仍有误"], "reopened"),
            ("respond", [], "in-progress"),
            ("approve", ["--note", "同意再次重开"], "in-progress"),  # a new solution, a new sign-off
            ("resolve", ["--solution", "再次重开"], "resolved"),
            ("close", [], "closed"),
            ("reopen", ["--reason", "客户再次来电"], "reopened"),
        ]
        self.refuse_all(d, n)
        for name, args, expected in path:
            if name == "approve":
                out = d.json("--as", "5001", "complain", "approve", n, *args)[0]
            else:
                out = verb(d, name, n, *args)
            self.assertEqual(out["status"], expected, name)
            self.assertEqual(status(d, n), expected)
            self.refuse_all(d, n)
        log = d.json("complain", "show", n)["timeline"]
        self.assertEqual([line["action"] for line in log], ["new"] + [p[0] for p in path])
        self.assertEqual([line["status"] for line in log], ["open"] + [p[2] for p in path])
        self.assertEqual(log[6]["measure"], "已联系财务")
        self.assertEqual(log[8]["content"], "主管审核通过 (level 1)")
        self.assertEqual((log[12]["content"], log[12]["actor"]), ("主管审核通过 (level 1); 同意再次重开", "5001"))
        audit = d.sql(f"SELECT COUNT(*) FROM audit WHERE record_kind = 'complaint' AND record_number = '{n}'")[0][0]
        self.assertEqual(audit, 1 + len(path))
        # Waiting again in the same second as resuming continues the same pause.
        m = new(d, "--content", "x")
        for v in ("respond", "wait", "resume", "wait"):
            verb(d, v, m)
        self.assertEqual(d.sql("SELECT COUNT(*), COUNT(*) - COUNT(ended_at) FROM complaint_pauses WHERE complaint_id = 2"), [(1, 1)])
        row = d.sql(f"SELECT reopened_count, resolved_at, closed_at, cause, handler_id FROM complaints WHERE number = '{n}'")
        self.assertEqual(row, [(2, None, None, "开票模板错误", 2)])

    def test_unknown_complaint_is_not_found(self):
        d = desk(self)
        d.fails(4, "--as", "3001", "complain", "respond", "TS202611-0099", says="TS202611-0099")


class Intake(unittest.TestCase):
    def test_new_with_known_customer(self):
        d = desk(self)
        c = d.json("--as", "3001", "complain", "new", "--customer", "KH202611-0001", "--content", "安装延误",
                   "--category", "delivery", "--priority", "高", "--channel", "QQ", "--about", "3002",
                   "--received-at", "2026-11-02 09:30")
        self.assertEqual((c["number"], c["priority"], c["status"], c["handler"], c["about"], c["channel"]),
                         ("TS202611-0001", "P2", "open", "3001 陈静", "3002 周强", "qq"))
        self.assertEqual(c["received_at"], "2026-11-02T09:30:00+08:00")
        self.assertEqual(d.sql("SELECT about_staff_id, handler_id FROM complaints"), [(2, 1)])

    def test_unknown_customer_registered_on_the_spot(self):
        d = desk(self)
        c = d.json("--as", "3001", "complain", "new", "--name", "李先生", "--phone", "13800001111", "--channel", "电话",
                   "--content", "客服态度差", "--category", "service-attitude")
        self.assertEqual(c["customer"], "KH202611-0002")
        self.assertEqual(d.sql("SELECT name, phone FROM customers WHERE number = 'KH202611-0002'"), [("李先生", "13800001111")])
        # The same phone again is the same customer, not a new one.
        c2 = d.json("--as", "3001", "complain", "new", "--name", "李先生", "--phone", "138 0000 1111",
                    "--content", "仍未处理")
        self.assertEqual(c2["customer"], "KH202611-0002")
        self.assertEqual(d.sql("SELECT COUNT(*) FROM customers"), [(2,)])

    def test_bad_input_changes_nothing(self):
        d = desk(self)
        before = d.db_digest()
        base = ["--as", "3001", "complain", "new", "--customer", "KH202611-0001", "--content", "x"]
        d.fails(3, *base, "--category", "biling", says=["--category", "billing"])
        d.fails(3, *base, "--priority", "P9", says=["--priority", "P1"])
        d.fails(3, *base, "--received-at", "2026-11-03 10:00", says="--received-at")
        d.fails(4, "--as", "3001", "complain", "new", "--customer", "KH202611-0077", "--content", "x", says="KH202611-0077")
        d.fails(4, *base, "--handler", "9999", says="9999")
        d.fails(2, "--as", "3001", "complain", "new", "--content", "x", says="--customer")
        d.fails(3, *base[:-1], "  ", says="--content")
        self.assertEqual(before, d.db_digest())

    def test_categories_come_from_config(self):
        d = desk(self)
        d.ok("config", "set", "complaint.categories", "质量,服务")
        d.fails(3, "--as", "3001", "complain", "new", "--customer", "KH202611-0001", "--content", "x",
                "--category", "billing", says="质量")
        n = d.json("--as", "3001", "complain", "new", "--customer", "KH202611-0001", "--content", "x",
                   "--category", "质量")
        self.assertEqual(n["category"], "质量")


class Escalation(unittest.TestCase):
    def test_three_levels_then_refused(self):
        d = desk(self)
        n = new(d, "--content", "要求赔偿")
        d.fails(3, "--as", "3001", "complain", "escalate", n, "--reason", "x", "--to", "3002", says=["3002", "supervisor"])
        e1 = verb(d, "escalate", n, "--reason", "客户要求赔偿", "--to", "5001")
        self.assertEqual((e1["escalation"], e1["handler"]), ("1 supervisor", "5001 赵敏"))
        d.fails(3, "--as", "3001", "complain", "escalate", n, "--reason", "x", "--to", "5001", says=["5001", "manager"])
        e2 = verb(d, "escalate", n, "--reason", "主管无法决定", "--to", "6001")
        self.assertEqual((e2["escalation"], e2["handler"]), ("2 manager", "6001 孙经理"))
        d.fails(5, "--as", "3001", "complain", "escalate", n, "--reason", "x", says=["manager", n])
        self.assertEqual(d.sql("SELECT escalation_level FROM complaints"), [(2,)])
        reasons = [l["content"] for l in d.json("complain", "show", n)["timeline"] if l["action"] == "escalate"]
        self.assertEqual(reasons, ["客户要求赔偿", "主管无法决定"])


class Clocks(unittest.TestCase):
    def test_p1_answered_at_23h_is_within_at_25h_breached(self):
        d = desk(self)
        a = new(d, "--content", "A", "--priority", "P1")
        b = new(d, "--content", "B", "--priority", "P1")
        verb(d, "respond", a, now="2026-11-03 09:00")
        verb(d, "respond", b, now="2026-11-03 11:00")
        clocks, _ = sla(d, a, now="2026-11-03 12:00")
        self.assertFalse(clocks["first-response"]["breached"])
        self.assertEqual(clocks["first-response"]["elapsed"], 23 * 3600)
        self.assertEqual(clocks["first-response"]["remaining"], 3600)
        clocks, _ = sla(d, b, now="2026-11-03 12:00")
        self.assertTrue(clocks["first-response"]["breached"])
        self.assertEqual(clocks["first-response"]["over_by"], 3600)
        self.assertEqual(clocks["first-response"]["deadline"], "2026-11-03T10:00:00+08:00")

    def test_friday_17h_with_calendar_is_due_wednesday_14h(self):
        d = desk(self, now="2026-11-20 17:00")
        d.settings(CALENDAR)
        n = new(d, "--content", "系统无法登录", "--priority", "P1")
        clocks, out = sla(d, n, now="2026-11-23 12:00")
        self.assertEqual(out["basis"]["calendar"], "mon,tue,wed,thu,fri 09:00-18:00")
        self.assertEqual(clocks["resolution"]["deadline"], "2026-11-25T14:00:00+08:00")
        self.assertEqual(clocks["first-response"]["deadline"], "2026-11-25T14:00:00+08:00")
        self.assertEqual(clocks["resolution"]["elapsed"], 4 * 3600)  # 1 h Friday + 3 h Monday
        # Just before and after the deadline.
        self.assertFalse(sla(d, n, now="2026-11-25 14:00")[0]["resolution"]["breached"])
        late, _ = sla(d, n, now="2026-11-25 14:30")
        self.assertEqual((late["resolution"]["breached"], late["resolution"]["over_by"]), (True, 1800))

    def test_sla_explanation_reads_like_the_manual(self):
        d = desk(self, now="2026-11-20 17:00")
        d.settings(CALENDAR)
        n = new(d, "--content", "系统无法登录", "--priority", "P1")
        d.ok("--as", "3001", "complain", "respond", n, now="2026-11-23 10:00")
        d.ok("--as", "3001", "complain", "wait", n, now="2026-11-23 11:00")
        d.ok("--as", "3001", "complain", "resume", n, now="2026-11-23 15:00")
        golden(self, "complain/sla_calendar_zh.txt", d.ok("--lang", "zh", "complain", "sla", n, now="2026-11-25 17:00"))

    def test_overdue_follows_the_calendar(self):
        d = desk(self, now="2026-11-20 17:00")
        n = new(d, "--content", "系统无法登录", "--priority", "P1")
        monday = "2026-11-23 12:00"
        # Around the clock 67 h have passed; by the office calendar only 4 h.
        self.assertEqual([c["number"] for c in d.json("complain", "list", "--overdue", now=monday)], [n])
        d.settings(CALENDAR)
        self.assertEqual(d.json("complain", "list", "--overdue", now=monday), [])
        self.assertEqual([c["number"] for c in d.json("complain", "list", "--due-within", "3d", now=monday)], [n])
        self.assertEqual(d.json("complain", "list", "--due-within", "2d", now=monday), [])  # due in 50 h
        self.assertEqual(d.json("complain", "list", "--due-within", "1h", now=monday), [])
        self.assertEqual(d.json("complain", "list", "--overdue", now="2026-11-25 14:01")[0]["number"], n)

    def test_pending_customer_time_is_excluded(self):
        d = desk(self)
        n = new(d, "--content", "发票", "--priority", "P1")
        verb(d, "respond", n, now="2026-11-02 11:00")
        verb(d, "wait", n, now="2026-11-02 12:00")
        # While waiting, the clock stands still: a day later still 2 h used.
        clocks, out = sla(d, n, now="2026-11-03 12:00")
        self.assertEqual(clocks["resolution"]["elapsed"], 2 * 3600)
        self.assertFalse(out["basis"]["overdue"])
        self.assertEqual(out["pauses"][0]["ended"], None)
        verb(d, "resume", n, now="2026-11-03 12:00")
        clocks, out = sla(d, n, now="2026-11-03 13:00")
        self.assertEqual(clocks["resolution"]["paused"], 24 * 3600)
        self.assertEqual(clocks["resolution"]["elapsed"], 3 * 3600)
        self.assertEqual(clocks["resolution"]["deadline"], "2026-11-04T10:00:00+08:00")
        self.assertEqual(out["pauses"][0]["working_time"], 24 * 3600)
        self.assertEqual(d.json("complain", "list", "--overdue", now="2026-11-03 13:00"), [])
        self.assertEqual(len(d.json("complain", "list", "--overdue", now="2026-11-04 10:01")), 1)

    def test_budgets_per_priority_from_config(self):
        d = desk(self)
        n = new(d, "--content", "x", "--priority", "P3")
        clocks, _ = sla(d, n)
        self.assertEqual(clocks["resolution"]["budget"], 7 * 24 * 3600)
        d.ok("config", "set", "sla.resolution_hours.P3", "48")
        clocks, _ = sla(d, n)
        self.assertEqual(clocks["resolution"]["deadline"], "2026-11-04T10:00:00+08:00")


class Listing(unittest.TestCase):
    def test_filters(self):
        d = desk(self)
        a = new(d, "--content", "A", "--priority", "P1", "--category", "billing")
        b = new(d, "--content", "B", "--priority", "P2", "--category", "delivery", now="2026-11-02 11:00")
        d.ok("--as", "3001", "complain", "assign", b, "--to", "3002")
        verb(d, "respond", a)

        def numbers(*args):
            return [c["number"] for c in d.json("complain", "list", *args)]

        self.assertEqual(numbers(), [a, b])
        self.assertEqual(numbers("--status", "in-progress"), [a])
        self.assertEqual(numbers("--priority", "紧急"), [a])
        self.assertEqual(numbers("--category", "delivery"), [b])
        self.assertEqual(numbers("--handler", "3002"), [b])
        self.assertEqual(numbers("--customer", "KH202611-0001"), [a, b])
        self.assertEqual(numbers("--since", "2026-11-02 10:30"), [b])
        self.assertEqual(numbers("--until", "2026-11-02 10:30"), [a])
        d.fails(3, "complain", "list", "--status", "done", says=["--status", "pending-customer"])
        d.fails(3, "complain", "list", "--due-within", "soon", says="--due-within")
        rows = d.csv("complain", "list")
        self.assertEqual(rows[0]["Complaint"], a)

    def test_resolve_plans_a_follow_up_revisit(self):
        d = desk(self)
        n = new(d, "--content", "A", "--priority", "P1")
        verb(d, "respond", n)
        verb(d, "resolve", n, "--solution", "已处理", now="2026-11-02 15:00")
        rows = d.sql("SELECT purpose, plan_key, due_at - (SELECT resolved_at FROM complaints), agent_id, status FROM revisits")
        self.assertEqual(rows, [("complaint-follow-up", "complaint:1", 3 * 86400, 5, "planned")])
        # Reopened by hand: the follow-up still planned is cancelled; the next resolution plans another.
        verb(d, "reopen", n, "--reason", "仍有问题")
        verb(d, "respond", n)
        d.ok("config", "set", "revisit.after_resolution_days", "5")
        verb(d, "resolve", n, "--solution", "再处理")
        rows = d.sql("SELECT plan_key, status, due_at FROM revisits ORDER BY id")
        self.assertEqual([r[:2] for r in rows], [("complaint:1", "cancelled"), ("complaint:1:1", "planned")])
        self.assertEqual(rows[1][2] - d.sql("SELECT resolved_at FROM complaints")[0][0], 5 * 86400)

    def test_show_in_chinese(self):
        d = desk(self)
        n = new(d, "--content", "发票金额错误", "--priority", "P1")
        out = d.ok("--lang", "zh", "complain", "show", n)
        for text in ["投诉编号", "处理记录", "反馈内容", "发票金额错误", "时限"]:
            self.assertIn(text, out)

    def test_every_view_is_golden(self):
        # Each heading over its own value, in every format: the detail, its clocks and log, the list.
        d = desk(self)
        n = new(d, "--content", "发票金额错误", "--category", "billing", "--priority", "P1")
        verb(d, "update", n, "--note", "已登记", "--cause", "开票模板错误", now="2026-11-02 10:10")
        verb(d, "escalate", n, "--reason", "金额较大", "--to", "5001", now="2026-11-02 10:20")
        verb(d, "respond", n, "--note", "已致电王女士", now="2026-11-02 10:30")
        verb(d, "wait", n, "--note", "等待发票照片", now="2026-11-02 11:00")
        verb(d, "resume", n, now="2026-11-02 13:00")
        d.ok("--as", "5001", "complain", "approve", n, "--note", "同意重开", now="2026-11-02 14:00")
        verb(d, "resolve", n, "--solution", "重开发票", "--measure", "已联系财务", now="2026-11-02 15:00")
        new(d, "--content", "安装延误", "--category", "delivery", now="2026-11-02 16:00")
        out = []
        for args in [("complain", "show", n), ("--csv", "complain", "show", n), ("--json", "complain", "show", n),
                     ("--lang", "zh", "complain", "list"), ("--csv", "complain", "list"), ("--json", "complain", "list"),
                     ("--json", "complain", "sla", n)]:
            out.append("$ csdesk " + " ".join(args) + "\n" + d.ok(*args, now="2026-11-03 10:00"))
        golden(self, "complain/views.txt", "\n".join(out))


if __name__ == "__main__":
    main()
