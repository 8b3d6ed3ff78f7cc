"""The seeds' time limits that act (issue 17): the e-mail reply (seeds 000, 001: 24 h), feedback to the
customer on a delayed problem (seed 003: every 24 h), decision items handed to the responsible
department (seed 002: within 24 h) and a crisis's plan (seed 002: X hours, 2 by default) — each in
`complain sla`, `complain list --overdue` / `--due-within`, and the report's timeliness rate."""
import unittest

from harness import Desk, main


def desk(test):
    d = Desk(test, now="2026-11-02 10:00")
    d.ok("staff", "add", "3001", "陈静", "--roles", "complaint")
    d.ok("staff", "add", "9001", "赵敏", "--roles", "manager")
    d.ok("staff", "add", "1001", "张伟", "--roles", "consult")
    return d


def complaint(d, channel="电话", now="2026-11-02 10:00", phone="13912345678"):
    out = d.json("--as", "3001", "complain", "new", "--name", "王女士", "--phone", phone, "--channel", channel,
                 "--content", "发票金额错误", now=now)
    return out["number"] if "number" in out else out["complaint"]["number"]


def clocks(d, number, now):
    return {(c["clock"], c["of"]): c for c in d.json("complain", "sla", number, now=now)["sla"]}


def overdue(d, now):
    return [c["number"] for c in d.json("complain", "list", "--overdue", now=now)]


class EmailReply(unittest.TestCase):
    def test_an_email_is_answered_within_its_limit_and_the_setting_moves_it(self):
        d = desk(self)
        mail = complaint(d, "客服邮箱")
        call = complaint(d, "电话", phone="13812345678")
        c = clocks(d, mail, "2026-11-02 11:00")
        self.assertEqual(c[("email-reply", None)]["deadline"], "2026-11-03T10:00:00+08:00")  # 24 h
        self.assertNotIn(("email-reply", None), clocks(d, call, "2026-11-02 11:00"))
        d.ok("config", "set", "sla.email_reply_hours", "2")
        c = clocks(d, mail, "2026-11-02 13:00")
        self.assertEqual(c[("email-reply", None)]["deadline"], "2026-11-02T12:00:00+08:00")
        self.assertTrue(c[("email-reply", None)]["breached"])
        self.assertEqual(overdue(d, "2026-11-02 13:00"), [mail])  # the phone call has its 24 h
        due = [c["number"] for c in d.json("complain", "list", "--due-within", "2h", now="2026-11-02 10:30")]
        self.assertEqual(due, [mail])
        d.ok("--as", "3001", "complain", "respond", mail, "--note", "已回复邮件", now="2026-11-02 13:30")
        self.assertEqual(overdue(d, "2026-11-02 14:00"), [])
        self.assertTrue(clocks(d, mail, "2026-11-02 14:00")[("email-reply", None)]["breached"])  # on the record


class DelayedFeedback(unittest.TestCase):
    def test_the_customer_hears_every_24_hours_until_resolved(self):
        d = desk(self)
        n = complaint(d)
        d.ok("--as", "3001", "complain", "respond", n, "--note", "已致电", "--expected-by", "2026-11-06 18:00",
             now="2026-11-02 11:00")
        self.assertEqual(overdue(d, "2026-11-03 10:59"), [])
        self.assertEqual(overdue(d, "2026-11-03 11:01"), [n])  # 48 h later it would still be silent: overdue now
        c = clocks(d, n, "2026-11-03 11:01")[("feedback", None)]
        self.assertEqual((c["started"], c["deadline"], c["breached"]),
                         ("2026-11-02T11:00:00+08:00", "2026-11-03T11:00:00+08:00", True))
        d.ok("--as", "3001", "complain", "update", n, "--told-customer", "--note", "技术部正在排查",
             "--expected-by", "2026-11-08 18:00", now="2026-11-03 12:00")
        self.assertEqual(overdue(d, "2026-11-04 11:00"), [])
        d.ok("--as", "3001", "complain", "inform", n, "--note", "明日给出方案", now="2026-11-04 11:30")
        shown = d.json("complain", "show", n, now="2026-11-04 12:00")
        self.assertEqual(shown["complaint"]["expected_by"], "2026-11-08T18:00:00+08:00")
        self.assertEqual([l["action"] for l in shown["timeline"]], ["new", "respond", "inform", "inform"])
        basis = d.json("complain", "sla", n, now="2026-11-04 12:00")["basis"]
        self.assertEqual(basis["feedback_breaches"], 1)  # 11:00 → 12:00 next day was 25 h
        self.assertIn("进展反馈", d.ok("complain", "sla", n, "--lang", "zh", now="2026-11-04 12:00"))
        d.fails(3, "--as", "3001", "complain", "update", n, "--told-customer", says="--note")
        d.fails(3, "--as", "3001", "complain", "inform", n, "--note", "x", "--expected-by", "2026-11-01 10:00",
                says="--expected-by", now="2026-11-04 12:00")
        fresh = complaint(d, phone="13712345678", now="2026-11-04 12:00")
        d.fails(5, "--as", "3001", "complain", "inform", fresh, "--note", "x", says="inform", now="2026-11-04 12:10")

    def test_the_late_interval_counts_against_the_timeliness_rate(self):
        d = desk(self)
        told, silent = complaint(d), complaint(d, phone="13812345678")
        for n in (told, silent):
            d.ok("--as", "3001", "complain", "respond", n, "--note", "已致电", now="2026-11-02 11:00")
        d.ok("--as", "3001", "complain", "inform", told, "--note", "处理中", now="2026-11-03 10:00")
        for n in (told, silent):
            d.ok("--as", "3001", "complain", "resolve", n, "--solution", "重开发票", now="2026-11-04 09:00")
        report = d.json("report", "monthly", "--month", "2026-11", now="2026-11-30 18:00")
        self.assertEqual(report["complaints"]["timeliness_rate"], 0.5)


class Departments(unittest.TestCase):
    def test_decisions_are_handed_over_within_24_hours_and_answered(self):
        d = desk(self)
        n = complaint(d)
        d.ok("--as", "3001", "complain", "respond", n, "--note", "已致电", now="2026-11-02 10:30")
        d.ok("--as", "3001", "complain", "decide", n, "--dept", "财务部", "--decision", "退还多收款项",
             now="2026-11-02 11:00")
        c = clocks(d, n, "2026-11-02 12:00")[("handover", "财务部")]
        self.assertEqual(c["deadline"], "2026-11-03T11:00:00+08:00")
        d.ok("--as", "3001", "complain", "inform", n, "--note", "财务部处理中", now="2026-11-03 10:00")
        self.assertIn(n, overdue(d, "2026-11-03 11:30"))
        d.ok("--as", "3001", "complain", "transfer", n, "--to-dept", "财务部", now="2026-11-03 11:40")
        self.assertEqual(overdue(d, "2026-11-03 11:45"), [])
        d.fails(5, "--as", "3001", "complain", "answer", n, "--from-dept", "技术部", "--note", "x", says="技术部")
        d.ok("--as", "3001", "complain", "answer", n, "--from-dept", "财务部", "--note", "已退款", now="2026-11-03 15:00")
        shown = d.json("complain", "show", n, now="2026-11-03 15:00")
        self.assertEqual([(h["department"], h["decision"], h["answer"]) for h in shown["handovers"]],
                         [("财务部", "退还多收款项", "已退款")])
        self.assertEqual([l["action"] for l in shown["timeline"]][-4:], ["decide", "inform", "transfer", "answer"])
        # A transfer with nothing decided is decided and handed over at once.
        d.ok("--as", "3001", "complain", "transfer", n, "--to-dept", "技术部", "--note", "开票系统故障",
             now="2026-11-03 16:00")
        c = clocks(d, n, "2026-11-03 16:00")[("handover", "技术部")]
        self.assertEqual((c["elapsed"], c["breached"]), (0, False))
        d.fails(3, "--as", "3001", "complain", "transfer", n, "--to-dept", "法务部", says=["法务部", "complaint.departments"])
        d.ok("config", "set", "complaint.departments", "市场部,技术部,财务部,销售部,法务部")
        d.ok("--as", "3001", "complain", "transfer", n, "--to-dept", "法务部", now="2026-11-03 16:10")
        d.fails(6, "--as", "1001", "complain", "decide", n, "--dept", "财务部", "--decision", "x", says="complain_handle")
        d.ok("check")


class Crisis(unittest.TestCase):
    def test_a_crisis_goes_to_the_manager_and_needs_its_plan_in_2_hours_around_the_clock(self):
        d = desk(self)
        d.ok("config", "set", "sla.calendar", "true")  # the plan's clock ignores it
        n = complaint(d, now="2026-11-06 19:00")  # a Friday evening
        d.ok("--as", "3001", "complain", "respond", n, "--note", "已致电", now="2026-11-06 19:10")
        d.fails(6, "--as", "1001", "complain", "crisis", n, "--reason", "媒体曝光", says="complain_escalate")
        d.fails(3, "--as", "3001", "complain", "crisis", n, "--reason", "媒体曝光", "--to", "3001", says="--to")
        out = d.json("--as", "3001", "complain", "crisis", n, "--reason", "媒体曝光", "--to", "9001", now="2026-11-06 19:20")
        self.assertEqual((out["escalation"], out["handler"]), ("2 manager", "9001 赵敏"))
        c = clocks(d, n, "2026-11-06 21:30")[("crisis-plan", None)]
        self.assertEqual((c["deadline"], c["breached"]), ("2026-11-06T21:20:00+08:00", True))
        self.assertEqual(overdue(d, "2026-11-06 21:30"), [n])
        d.fails(5, "--as", "3001", "complain", "crisis", n, "--reason", "again", says="already a crisis")
        d.ok("--as", "9001", "complain", "plan", n, "--plan", "当日致电道歉,48小时内上门更换", now="2026-11-06 21:40")
        self.assertEqual(overdue(d, "2026-11-06 21:45"), [])
        other = complaint(d, phone="13812345678", now="2026-11-06 19:00")
        d.fails(5, "--as", "9001", "complain", "plan", other, "--plan", "x", says="not a crisis")
        d.ok("check")


class Confirmation(unittest.TestCase):
    def test_the_customer_confirms_the_close(self):
        d = desk(self)
        n = complaint(d)
        d.ok("--as", "3001", "complain", "respond", n, "--note", "已致电", now="2026-11-02 10:30")
        d.ok("--as", "3001", "complain", "resolve", n, "--solution", "重开发票", now="2026-11-02 12:00")
        d.ok("--as", "3001", "complain", "close", n, "--confirmed-by", "王女士", now="2026-11-02 12:30")
        shown = d.json("complain", "show", n, now="2026-11-02 13:00")
        self.assertEqual(shown["complaint"]["confirmed_by"], "王女士")
        self.assertIn("客户确认: 王女士", shown["timeline"][-1]["content"])
        self.assertIn("客户确认", d.ok("complain", "show", n, "--lang", "zh", now="2026-11-02 13:00"))


if __name__ == "__main__":
    main()
