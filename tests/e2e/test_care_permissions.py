"""Permissions by role in complaints and revisits (issue 14), with real OS accounts: who may open, work,
escalate and resolve a complaint; the three-level review (三级审核) as a sign-off (`complain approve`);
who may plan and log revisits. Every refusal exits 6 (or 5 for a missing sign-off) and writes nothing."""
import hashlib
import json
import os
import sqlite3
import unittest

from harness import SharedInstall, main


def digest(inst):
    """The database's bytes: unchanged means untouched."""
    h = hashlib.sha256()
    for suffix in ("", "-wal"):
        if os.path.exists(inst.db + suffix):
            with open(inst.db + suffix, "rb") as f:
                h.update(f.read())
    return h.hexdigest()


def sql(inst, query):
    con = sqlite3.connect(f"file:{inst.db}?mode=ro", uri=True)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


class Department(unittest.TestCase):
    def setUp(self):
        self.inst = SharedInstall(self)
        acc = self.inst.account
        self.agent = acc("1001", "张伟", "consult")
        self.sales = acc("2001", "李娜", "sales")
        self.handler = acc("3001", "陈静", "complaint")
        self.revisit = acc("4001", "刘洋", "revisit")
        self.supervisor = acc("5001", "赵敏", "supervisor")
        self.manager = acc("6001", "孙经理", "manager")
        self.customer = self.inst.json_as(self.agent, "register", "--name", "王女士", "--company", "北京华信科技有限公司",
                                          "--phone", "13912345678", "--channel", "电话")["number"]

    def complaint(self, by=None):
        return self.inst.json_as(by or self.handler, "complain", "new", "--customer", self.customer,
                                 "--content", "发票金额错误", "--category", "billing")["number"]

    def refused(self, login, code, *args, says):
        """`args` run by `login` exit `code`, saying `says`, and leave the database as it was."""
        before = digest(self.inst)
        err = self.inst.fails_as(login, code, *args, says=says)
        self.assertEqual(before, digest(self.inst), f"a refused {' '.join(args)} must write nothing")
        return err

    def escalated(self, levels):
        n = self.complaint()
        self.inst.ok_as(self.handler, "complain", "respond", n, "--note", "已致电王女士")
        for _ in range(levels):
            self.inst.ok_as(self.handler, "complain", "escalate", n, "--reason", "客户要求赔偿")
        return n


class Complaints(Department):
    def test_an_agent_opens_a_complaint_but_cannot_work_it(self):
        n = self.complaint(by=self.agent)
        for verb, args in [("respond", ["--note", "x"]), ("update", ["--note", "x"]), ("wait", []),
                           ("resolve", ["--solution", "x"]), ("close", [])]:
            with self.subTest(verb=verb):
                self.refused(self.agent, 6, "complain", verb, n, *args,
                             says=["not permitted", "1001 (consult)", "complaint or supervisor or manager or director",
                                   "permissions.complain_handle"])
        self.refused(self.agent, 6, "complain", "escalate", n, "--reason", "x", says="permissions.complain_escalate")
        self.refused(self.agent, 6, "complain", "approve", n, says="permissions.approve_level1")
        # Nor is the admin a complaint handler: 0000 acts on someone's behalf with --as.
        r = self.inst.run_root("complain", "respond", n, now="")
        self.assertEqual(r.returncode, 6, r.stderr)
        self.assertIn("0000 (admin)", r.stderr.decode())
        self.inst.root_ok("--as", "3001", "complain", "respond", n, now="")
        self.assertEqual(sql(self.inst, f"SELECT status FROM complaints WHERE number = '{n}'"), [("in-progress",)])

    def test_level_one_is_resolved_only_after_a_supervisor_approves(self):
        n = self.escalated(1)
        self.refused(self.handler, 5, "complain", "resolve", n, "--solution", "赔偿50元",
                     says=[n, "level 1 (supervisor)", "csdesk complain approve", "supervisor or manager"])
        self.refused(self.handler, 6, "complain", "approve", n,
                     says=["3001 (complaint)", "supervisor or manager", "permissions.approve_level1"])
        self.refused(self.agent, 6, "complain", "approve", n, says="1001 (consult)")
        approved = self.inst.json_as(self.supervisor, "complain", "approve", n, "--note", "同意赔偿")
        self.assertEqual([(c["number"], c["status"]) for c in approved], [(n, "in-progress")])
        self.refused(self.supervisor, 5, "complain", "approve", n, says="already approved")
        self.inst.ok_as(self.handler, "complain", "resolve", n, "--solution", "赔偿50元")
        timeline = json.loads(self.inst.root_ok("complain", "show", n, "--json", now=""))["timeline"]
        self.assertEqual([line["action"] for line in timeline], ["new", "respond", "escalate", "approve", "resolve"])
        self.assertEqual((timeline[3]["actor"], timeline[3]["content"]), ("5001", "主管审核通过 (level 1); 同意赔偿"))
        self.assertEqual(sql(self.inst, f"SELECT actor FROM audit WHERE action = 'approve' AND record_number = '{n}'"),
                         [("5001",)])

    def test_level_two_needs_the_manager_and_a_new_escalation_a_new_approval(self):
        n = self.escalated(1)
        self.inst.ok_as(self.supervisor, "complain", "approve", n)
        self.inst.ok_as(self.supervisor, "complain", "escalate", n, "--reason", "超出主管权限", "--to", "6001")
        self.refused(self.handler, 5, "complain", "resolve", n, "--solution", "全额退款",
                     says=["level 2 (manager)", "a manager or director approves"])
        self.refused(self.supervisor, 6, "complain", "approve", n,
                     says=["5001 (supervisor)", "permissions.approve_level2"])
        self.inst.ok_as(self.manager, "complain", "approve", n, "--note", "同意退款")
        self.inst.ok_as(self.manager, "complain", "resolve", n, "--solution", "全额退款")
        self.assertEqual(sql(self.inst, f"SELECT status, escalation_level FROM complaints WHERE number = '{n}'"),
                         [("resolved", 2)])

    def test_approving_several_is_all_or_none(self):
        a, b = self.escalated(1), self.escalated(2)
        # b is at level 2, beyond a supervisor: a is not approved either.
        self.refused(self.supervisor, 6, "complain", "approve", a, b, says="permissions.approve_level2")
        plain = self.complaint()
        self.refused(self.manager, 5, "complain", "approve", a, plain, says=[plain, "not escalated"])
        approved = self.inst.json_as(self.manager, "complain", "approve", a, b)
        self.assertEqual(sorted(c["number"] for c in approved), sorted([a, b]))
        self.assertEqual(sql(self.inst, "SELECT COUNT(*) FROM complaint_log WHERE action = 'approve'"), [(2,)])
        # Level 0 needs no sign-off: its handler resolves it.
        self.inst.ok_as(self.handler, "complain", "respond", plain)
        self.inst.ok_as(self.handler, "complain", "resolve", plain, "--solution", "重开发票")


class Revisits(Department):
    def test_a_revisit_agent_logs_a_revisit_a_salesperson_cannot(self):
        log = ("revisit", "log", "--customer", self.customer, "--method", "电话", "--purpose", "after-sale",
               "--satisfaction", "5", "--result", "客户满意")
        self.refused(self.sales, 6, *log, says=["2001 (sales)", "revisit or supervisor or manager or director",
                                                "permissions.revisit_log"])
        self.refused(self.sales, 6, "revisit", "plan", says="permissions.revisit_plan")
        self.refused(self.agent, 6, *log, says="1001 (consult)")
        done = self.inst.json_as(self.revisit, *log)
        self.assertEqual((done["status"], done["agent"]), ("done", "4001 刘洋"))
        self.inst.ok_as(self.revisit, "revisit", "plan")


if __name__ == "__main__":
    main()
