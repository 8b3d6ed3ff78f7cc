"""csdesk customer: list with filters, show with the timeline, edit, merge duplicates found later."""
import sqlite3
import unittest

from harness import Desk, golden, main, connect


def desk(test):
    d = Desk(test)
    d.ok("staff", "add", "1001", "张伟", "--roles", "consult")
    d.ok("staff", "add", "1002", "王芳", "--roles", "consult")
    d.ok("staff", "add", "2001", "李娜", "--roles", "sales")
    d.ok("staff", "add", "3001", "赵敏", "--roles", "supervisor")
    d.settings({"intake.assign_at_register": False})  # the owner is set below; the others stay unassigned
    d.ok("--as", "1001", "register", "--name", "王女士", "--company", "北京华信科技有限公司", "--phone", "13912345678",
         "--channel", "电话", "--city", "北京", "--grade", "A", "--consent", "yes", "--note", "想了解进销存")
    d.ok("--as", "1002", "register", "--name", "陈先生", "--company", "成都天府软件有限公司", "--phone", "028-85551234",
         "--channel", "活动", "--city", "成都", "--consent", "no", now="2026-11-05 15:00")
    d.ok("--as", "1001", "register", "--name", "刘女士", "--company", "上海浦东贸易有限公司", "--email", "liu@pudong.example.com",
         "--channel", "邮件", "--city", "上海", "--grade", "C", now="2026-11-09 11:00")
    con = connect(d.db)
    con.execute("UPDATE customers SET owner_id = 3 WHERE id = 1")
    con.commit()
    con.close()
    return d


def numbers(rows):
    return [r["number"] for r in rows]


class CustomerList(unittest.TestCase):
    def test_filters(self):
        d = desk(self)
        self.assertEqual(numbers(d.json("customer", "list")), ["KH202611-0001", "KH202611-0002", "KH202611-0003"])
        cases = [
            (("--owner", "2001"), ["KH202611-0001"]),
            (("--unassigned",), ["KH202611-0002", "KH202611-0003"]),
            (("--agent", "1001"), ["KH202611-0001", "KH202611-0003"]),
            (("--channel", "活动"), ["KH202611-0002"]),
            (("--city", "上海"), ["KH202611-0003"]),
            (("--grade", "a"), ["KH202611-0001"]),
            (("--category", "潜在客户"), ["KH202611-0001", "KH202611-0002", "KH202611-0003"]),
            (("--since", "2026-11-05", "--until", "2026-11-09"), ["KH202611-0002"]),
            (("--search", "天府"), ["KH202611-0002"]),
            (("--limit", "1"), ["KH202611-0001"]),
        ]
        for args, expected in cases:
            with self.subTest(args=args):
                self.assertEqual(numbers(d.json("customer", "list", *args)), expected)
        # Phone digits are searched only where the phone may be seen: the admin is no reveal role.
        self.assertEqual(numbers(d.json("customer", "list", "--search", "5551234")), [])
        d.ok("staff", "add", "9101", "王经理", "--roles", "manager")
        self.assertEqual(numbers(d.json("--as", "9101", "customer", "list", "--search", "5551234")), ["KH202611-0002"])
        d.fails(3, "customer", "list", "--category", "vip", says="--category")
        d.fails(4, "customer", "list", "--owner", "9999", says="9999")

    def test_personal_data_masked_and_no_consent_marked(self):
        d = desk(self)
        out = d.ok("customer", "list", "--lang", "zh")
        golden(self, "register/customer_list_zh.txt", out)
        rows = {r["number"]: r for r in d.json("customer", "list")}
        self.assertEqual(rows["KH202611-0002"]["consent"], "NO")
        self.assertEqual(rows["KH202611-0003"]["consent"], "not asked")
        self.assertNotIn("13912345678", out)


class CustomerShowEditMerge(unittest.TestCase):
    def test_show_has_the_timeline(self):
        d = desk(self)
        d.ok("--as", "1002", "register", "--name", "王女士", "--phone", "+86 13912345678", "--channel", "QQ", "--note", "再次咨询",
             now="2026-11-10 09:00")
        shown = d.json("customer", "show", "KH202611-0001")
        self.assertEqual(shown["customer"]["owner"], "2001 李娜")
        kinds = [(e["kind"], e["what"], e["staff"]) for e in shown["timeline"]]
        self.assertEqual(kinds[:2], [("contact", "new · phone · contact time unknown", "1001 张伟"),
                                     ("contact", "returning · qq · contact time unknown", "1002 王芳")])
        d.fails(4, "customer", "show", "KH209901-0001", says="KH209901-0001")

    def test_edit_checks_like_register_and_keeps_history(self):
        d = desk(self)
        d.ok("--as", "1001", "customer", "edit", "KH202611-0003", "--phone", "１３７ ０００１ １１１１", "--grade", "b",
             "--category", "active", "--clear", "email")
        self.assertEqual(d.sql("SELECT phone, email, grade, category FROM customers WHERE id = 3"),
                         [("13700011111", None, "B", "active")])
        self.assertIn("grade: C → B", d.ok("history", "KH202611-0003"))
        d.ok("staff", "add", "9101", "王经理", "--roles", "manager")
        before = d.db_digest()
        # The consult agent may not see whose phone it is; the manager is told.
        err = d.fails(5, "--as", "1001", "customer", "edit", "KH202611-0003", "--phone", "13912345678",
                      says=["another customer", "customer merge"])
        self.assertNotIn("KH202611-0001", err)
        d.fails(5, "--as", "9101", "customer", "edit", "KH202611-0003", "--phone", "13912345678",
                says=["KH202611-0001", "customer merge"])
        d.fails(3, "--as", "1001", "customer", "edit", "KH202611-0003", "--email", "not-an-address", says="--email")
        d.fails(3, "--as", "1001", "customer", "edit", "KH202611-0003", "--clear", "phone", says="phone, e-mail, QQ or WeChat")
        # root is admin 0000, who runs the desk but does not edit customers (permissions.customer_edit).
        d.fails(6, "customer", "edit", "KH202611-0003", "--grade", "A", says=["0000 (admin)", "permissions.customer_edit"])
        d.fails(2, "--as", "1001", "customer", "edit", "KH202611-0003", says="nothing to change")
        self.assertEqual(d.db_digest(), before)

    def test_merge_moves_everything_and_the_old_number_still_resolves(self):
        d = desk(self)
        d.ok("--as", "1001", "register", "--name", "王总", "--company", "华信科技", "--phone", "13800001111",
             "--wechat", "wang_hx01", now="2026-11-12 10:00")
        before = d.db_digest()
        d.fails(6, "--as", "1001", "customer", "merge", "KH202611-0001", "KH202611-0004",
                says=["1001 (consult)", "merge two customer records", "supervisor or manager"])
        self.assertEqual(d.db_digest(), before)
        d.ok("--as", "3001", "customer", "merge", "KH202611-0001", "KH202611-0004")
        self.assertEqual(d.sql("SELECT count(*) FROM contact_log WHERE customer_id = 1"), [(2,)])
        self.assertEqual(d.sql("SELECT wechat, phone FROM customers WHERE id = 1"), [("wang_hx01", "13912345678")])
        self.assertEqual(d.json("customer", "show", "KH202611-0004")["customer"]["number"], "KH202611-0001")
        self.assertEqual(numbers(d.json("customer", "list", "--search", "王")), ["KH202611-0001"])
        self.assertIn("merged_in: ∅ → KH202611-0004", d.ok("history", "KH202611-0001"))
        self.assertIn("kept_as: ∅ → KH202611-0001", d.ok("history", "KH202611-0004"))
        # The merged-away customer's WeChat now finds the customer kept.
        r = d.json("--as", "1001", "register", "--name", "王总", "--wechat", "WANG_HX01")
        self.assertEqual((r["number"], r["status"]), ("KH202611-0001", "returning"))
        d.fails(5, "--as", "3001", "customer", "merge", "KH202611-0001", "KH202611-0004", says="same customer")


if __name__ == "__main__":
    main()
