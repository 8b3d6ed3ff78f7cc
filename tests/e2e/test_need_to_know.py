"""Personal data for those whose work needs it (issue 14), with real OS accounts: a salesperson sees
their own customers' contact details, a revisit agent the numbers on their own worklist, everyone
else masks in every format; --search matches contact values only where they may be seen; each
showing is audited."""
import csv
import io
import json
import os
import sqlite3
import unittest
import zipfile

from harness import SharedInstall

PHONE_A, PHONE_B = "13912345678", "13987654321"  # owned by 2001 and by 2002


def audit_reveals(inst):
    con = sqlite3.connect(inst.db)
    try:
        return con.execute("SELECT actor, after FROM audit WHERE record_kind = 'export' AND action = 'reveal' "
                           "ORDER BY id").fetchall()
    finally:
        con.close()


class NeedToKnow(unittest.TestCase):
    def setUp(self):
        self.inst = inst = SharedInstall(self)
        self.consult = inst.account("1001", "张伟", "consult")
        self.sales = inst.account("2001", "李娜", "sales")
        self.sales2 = inst.account("2002", "王强", "sales")
        self.agent = inst.account("4001", "刘洋", "revisit")
        self.agent2 = inst.account("4002", "黄丽", "revisit")
        self.manager = inst.account("9001", "王经理", "manager")
        then = "2026-09-01 10:00"
        # Two grade-A customers, one per salesperson; their routine revisits fall due a month on.
        self.a = self.register("王女士", "北京华信科技有限公司", PHONE_A, then)
        self.b = self.register("李先生", "上海远景贸易有限公司", PHONE_B, then)
        inst.root_ok("--as", "9001", "assign", self.a, "--to", "2001", now=then)
        inst.root_ok("--as", "9001", "assign", self.b, "--to", "2002", now=then)
        planned = inst.root_ok("--as", "9001", "revisit", "plan", "--json", now="2026-10-05 10:00")
        self.assertIn("4001", planned)
        self.assertIn("4002", planned)

    def register(self, name, company, phone, now):
        out = self.inst.root_ok("--as", "1001", "register", "--name", name, "--company", company, "--phone", phone,
                                "--grade", "A", "--channel", "电话", "--no-assign", "--json", now=now)
        return json.loads(out)["number"]

    def phones(self, login, *args):
        return {r["number"]: r["phone"] for r in self.inst.json_as(login, "customer", "list", *args)}

    def test_salesperson_sees_own_customers_in_every_format(self):
        inst = self.inst
        self.assertEqual(self.phones(self.sales), {self.a: PHONE_A, self.b: "139****4321"})
        self.assertEqual(self.phones(self.sales2), {self.a: "139****5678", self.b: PHONE_B})
        table = inst.ok_as(self.sales, "customer", "list")
        self.assertIn(PHONE_A, table)
        self.assertNotIn(PHONE_B, table)
        self.assertIn("139****4321", table)
        rows = {r["Customer"]: r["Phone"] for r in csv.DictReader(io.StringIO(inst.ok_as(self.sales, "customer", "list", "--csv")))}
        self.assertEqual(rows, {self.a: PHONE_A, self.b: "139****4321"})
        book = os.path.join(inst.work, f"{self.sales}.xlsx")
        inst.ok_as(self.sales, "customer", "list", "--format", "xlsx", "--output", book)
        with zipfile.ZipFile(book) as z:
            cells = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
        self.assertIn(PHONE_A, cells)
        self.assertNotIn(PHONE_B, cells)
        self.assertIn("139****4321", cells)
        try:
            import openpyxl
        except ImportError:
            return
        sheet = openpyxl.load_workbook(book).active
        header = [c.value for c in sheet[1]]
        got = {r[header.index("Customer")]: r[header.index("Phone")] for r in sheet.iter_rows(min_row=2, values_only=True)}
        self.assertEqual(got, {self.a: PHONE_A, self.b: "139****4321"})

    def test_customer_show_and_history_follow_the_same_rule(self):
        inst = self.inst
        mine = inst.json_as(self.sales, "customer", "show", self.a)
        self.assertEqual(mine["customer"]["phone"], PHONE_A)
        other = inst.json_as(self.sales, "customer", "show", self.b)
        self.assertEqual(other["customer"]["phone"], "139****4321")
        # --reveal on what is not theirs: refused, nothing shown.
        r = inst.as_user(self.sales, "--reveal", "customer", "show", self.b, "--json")
        self.assertEqual(r.returncode, 6, r.stderr)
        self.assertNotIn(PHONE_B, r.stdout.decode())
        self.assertIn("none of the personal data", r.stderr.decode())
        # History images: the manager sees them; the admin (no reveal role, no tie) sees masks.
        self.assertIn(PHONE_A, inst.ok_as(self.manager, "history", self.a, "--json"))
        self.assertNotIn(PHONE_A, inst.root_ok("history", self.a, "--json"))

    def test_revisit_agent_sees_numbers_on_own_worklist_only(self):
        inst = self.inst
        mine = inst.json_as(self.agent, "revisit", "due")
        self.assertEqual(len(mine), 1)
        phone = PHONE_A if mine[0]["customer"] == self.a else PHONE_B
        self.assertEqual(mine[0]["phone"], phone)
        colleague = inst.json_as(self.agent, "revisit", "due", "--for", "4002")
        self.assertEqual(len(colleague), 1)
        self.assertNotEqual(colleague[0]["customer"], mine[0]["customer"])
        self.assertIn("****", colleague[0]["phone"])
        self.assertNotIn(colleague[0]["phone"], (PHONE_A, PHONE_B))
        # customer show of their worklist's customer shows the number too; of the other's, a mask.
        self.assertEqual(inst.json_as(self.agent, "customer", "show", mine[0]["customer"])["customer"]["phone"], phone)
        self.assertIn("****", inst.json_as(self.agent, "customer", "show", colleague[0]["customer"])["customer"]["phone"])
        # --reveal is theirs too, and unmasks only their own row.
        both = inst.json_as(self.agent, "--reveal", "customer", "list")
        self.assertEqual(sum("****" not in c["phone"] for c in both), 1)

    def test_consult_search_cannot_recover_a_masked_phone(self):
        inst = self.inst
        self.assertEqual(self.phones(self.consult), {self.a: "139****5678", self.b: "139****4321"})
        self.assertEqual(inst.json_as(self.consult, "customer", "list", "--search", "1391234"), [])
        # The 14-query attack: each further digit tried against the mask finds nothing at all.
        known = "139"
        for position in range(4):
            hits = [d for d in "0123456789"
                    if inst.json_as(self.consult, "customer", "list", "--search", known + d)]
            self.assertEqual(hits, [], f"digit {position + 4} confirmed by --search")
        self.assertEqual(inst.json_as(self.consult, "customer", "list", "--search", PHONE_A), [])
        # Name and company still find the customer (masked).
        found = inst.json_as(self.consult, "customer", "list", "--search", "华信")
        self.assertEqual([(c["number"], c["phone"]) for c in found], [(self.a, "139****5678")])
        # A salesperson's phone search finds their own customer only; the manager's finds either.
        self.assertEqual([c["number"] for c in inst.json_as(self.sales, "customer", "list", "--search", "139")], [self.a])
        self.assertEqual(len(inst.json_as(self.manager, "customer", "list", "--search", "139")), 2)
        # --reveal for someone who may see no one's: refused.
        inst.fails_as(self.consult, 6, "--reveal", "customer", "list", says=["--reveal", "consult"])
        self.assertFalse([r for r in audit_reveals(inst) if r[0].startswith("1001")])

    def test_edit_does_not_say_whose_a_phone_is(self):
        inst = self.inst
        err = inst.fails_as(self.sales, 5, "customer", "edit", self.a, "--phone", PHONE_B, says="another customer")
        self.assertNotIn(self.b, err)
        self.assertNotIn(PHONE_B, err)
        # The manager may see both, and is told which customer to merge.
        inst.fails_as(self.manager, 5, "customer", "edit", self.a, "--phone", PHONE_B, says=self.b)

    def test_each_reveal_is_audited(self):
        inst = self.inst
        before = len(audit_reveals(inst))
        inst.ok_as(self.sales, "customer", "list", "--json")
        inst.ok_as(self.consult, "customer", "list", "--json")  # masks only: no row
        inst.ok_as(self.agent, "revisit", "due", "--json")
        rows = audit_reveals(inst)[before:]
        self.assertEqual(len(rows), 2, rows)
        self.assertTrue(rows[0][0].startswith("2001"), rows)
        self.assertIn('"rows":1', rows[0][1].replace(" ", ""))
        self.assertTrue(rows[1][0].startswith("4001"), rows)


if __name__ == "__main__":
    unittest.main()
