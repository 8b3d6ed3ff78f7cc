"""csdesk register: one contact at a time — normalised, de-duplicated, owner told, 5-minute rule."""
import json
import unittest

from harness import Desk, golden, main


def desk(test):
    d = Desk(test)
    d.ok("staff", "add", "1001", "张伟", "--roles", "consult")
    d.ok("staff", "add", "2001", "李娜", "--roles", "sales", "--city", "北京")
    return d


def register(d, *args, **kw):
    return d.json("--as", "1001", "register", *args, **kw)


WANG = ("--name", "王女士", "--company", "北京华信科技有限公司", "--phone", "１３９ １２３４ ５６７８", "--channel", "电话")



def fnv1a64(key):
    """The stored company + name key hash (64-bit FNV-1a as a signed integer), computed independently."""
    h = 0xcbf29ce484222325
    for b in key.encode("utf-8"):
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h - (1 << 64) if h >= 1 << 63 else h

class RegisterNew(unittest.TestCase):
    def test_new_customer_is_stored_normalised(self):
        d = desk(self)
        r = register(d, *WANG, "--city", "北京", "--grade", "a", "--pcs", "２０台", "--consent", "是",
                     "--contacted-at", "2026-11-02 09:57")
        self.assertEqual(r["number"], "KH202611-0001")
        self.assertEqual(r["status"], "new")
        self.assertTrue(r["within_limit"])
        self.assertEqual(r["phone"], "139****5678")  # personal data masked in output
        row = d.sql("SELECT phone, channel, grade, pcs, consent, name_hash, registered_by FROM customers")[0]
        self.assertEqual(row, ("13912345678", "phone", "A", 20, 1, fnv1a64("北京华信科技有限公司|王女士"), 1))
        contact = d.sql("SELECT kind, channel, agent_id, within_limit FROM contact_log")
        self.assertEqual(contact, [("new", "phone", 1, 1)])
        self.assertIn("create", d.ok("history", "KH202611-0001"))

    def test_table_output(self):
        d = desk(self)
        out = d.ok("--as", "1001", "--lang", "zh", "register", *WANG, "--contacted-at", "2026-11-02 09:50")
        golden(self, "register/new_zh.txt", out)

    def test_late_registration_breaks_the_five_minute_rule(self):
        d = desk(self)
        r = register(d, *WANG, "--contacted-at", "2026-11-02 09:54")
        self.assertFalse(r["within_limit"])
        self.assertEqual(d.sql("SELECT within_limit FROM contact_log"), [(0,)])

    def test_limit_comes_from_config(self):
        d = desk(self)
        d.ok("config", "set", "intake.register_limit_minutes", "10")
        r = register(d, *WANG, "--contacted-at", "2026-11-02 09:54")
        self.assertTrue(r["within_limit"])

    def test_urgent_marks_customer_and_contact(self):
        d = desk(self)
        register(d, *WANG, "--urgent")
        self.assertEqual(d.sql("SELECT c.urgent, k.urgent FROM customers c JOIN contact_log k ON k.customer_id = c.id"), [(1, 1)])

    def test_landline_and_other_ways_to_reach(self):
        d = desk(self)
        register(d, "--name", "赵先生", "--phone", "(010) 1234 5678", "--email", "Zhao@Example.COM", "--qq", "１２３４５６",
                 "--wechat", "Zhao_Wei88", "--channel", "网上客服")
        self.assertEqual(d.sql("SELECT phone, email, qq, wechat, channel FROM customers"),
                         [("010-12345678", "zhao@example.com", "123456", "zhao_wei88", "online")])


class RegisterReturning(unittest.TestCase):
    def test_same_phone_is_the_same_customer(self):
        d = desk(self)
        register(d, *WANG)
        r = register(d, "--name", "王小姐", "--phone", "+86 139-1234-5678", "--email", "wang@example.com", "--channel", "QQ")
        self.assertEqual((r["number"], r["status"], r["matched_on"]), ("KH202611-0001", "returning", "phone"))
        self.assertEqual(r["filled"], "email")
        self.assertEqual(r["differing"], "name")
        self.assertEqual(d.sql("SELECT count(*), min(name), min(email), min(channel) FROM customers"),
                         [(1, "王女士", "wang@example.com", "phone")])
        self.assertEqual(d.sql("SELECT kind, channel FROM contact_log ORDER BY id NULLS FIRST"), [("new", "phone"), ("returning", "qq")])
        history = d.ok("history", "KH202611-0001")
        self.assertIn("contact-differs", history)
        self.assertIn("王女士 → 王小姐", history)

    def test_matches_on_email_qq_wechat_and_company_name(self):
        d = desk(self)
        register(d, "--name", "陈先生", "--company", "成都天府软件有限公司", "--email", "chen@example.com", "--qq", "888888",
                 "--wechat", "chen_tf01")
        for args, key in [(("--name", "陈", "--email", "CHEN@example.com"), "email"),
                          (("--name", "陈", "--qq", "８８８８８８"), "qq"),
                          (("--name", "陈", "--wechat", "Chen_TF01"), "wechat"),
                          (("--name", "陈先生", "--company", "成都天府软件有限公司 ", "--phone", "13812345678"), "name")]:
            r = register(d, *args)
            self.assertEqual((r["status"], r["matched_on"]), ("returning", key))
        self.assertEqual(d.sql("SELECT count(*), min(phone) FROM customers"), [(1, "13812345678")])

    def test_same_name_at_another_company_is_someone_else(self):
        d = desk(self)
        register(d, *WANG)
        r = register(d, "--name", "王女士", "--company", "上海浦东贸易有限公司", "--phone", "13700001111")
        self.assertEqual(r["status"], "new")

    def test_owner_is_named_and_notified(self):
        d = desk(self)
        first = register(d, *WANG)
        # register gave the new customer its owner (assign.rule) and told her at once
        self.assertEqual((first["owner"], first["owner_notified"], first["owner_notified_at"]),
                         ("2001 李娜", True, "2026-11-02T10:00:00+08:00"))
        r = d.run("--as", "1001", "register", "--name", "王女士", "--phone", "13912345678", "--note", "想了解报价", "--json",
                  now="2026-11-02 10:30")
        self.assertEqual(r.returncode, 0)
        out = json.loads(r.stdout)
        self.assertEqual(out["owner"], "2001 李娜")
        self.assertTrue(out["owner_notified"])
        self.assertEqual(out["owner_notified_at"], "2026-11-02T10:30:00+08:00")
        self.assertIn("2001 李娜", r.stderr.decode())
        self.assertIn("[returning]", r.stderr.decode())  # delivered (printed: no notify.command)
        (staff_id, kind, status, payload), = d.sql("SELECT staff_id, kind, status, payload FROM notifications "
                                                   "WHERE kind = 'returning'")
        self.assertEqual((staff_id, kind, status), (2, "returning", "sent"))
        p = json.loads(payload)
        self.assertEqual(set(p), {"kind", "staff_number", "staff_name", "customer_number", "customer_name", "company",
                                  "phone", "channel", "contacted_at", "deadline", "note"})
        self.assertEqual((p["staff_number"], p["customer_number"], p["phone"], p["note"], p["deadline"]),
                         ("2001", "KH202611-0001", "13912345678", "想了解报价", None))
        self.assertEqual(p["contacted_at"], "2026-11-02T10:30:00+08:00")


class RegisterRefuses(unittest.TestCase):
    def test_bad_values_name_the_field_and_change_nothing(self):
        d = desk(self)
        register(d, *WANG)
        before = d.db_digest()
        cases = [
            (("--name", "李", "--phone", "12345"), ["--phone", "010-12345678"]),
            (("--name", "李", "--phone", "12912345678"), ["--phone", "13–19"]),
            (("--name", "李", "--email", "li@example"), ["--email", "name@example.com"]),
            (("--name", "李", "--qq", "0123"), ["--qq", "5 to 11 digits"]),
            (("--name", "李", "--phone", "13800001111", "--channel", "传真"), ["--channel", "电话"]),
            (("--name", "李", "--phone", "13800001111", "--grade", "D"), ["--grade", "A, B or C"]),
            (("--name", "李"), ["phone, e-mail, QQ or WeChat"]),
            (("--name", "  ", "--phone", "13800001111"), ["--name", "required"]),
            (("--name", "李", "--phone", "13800001111", "--contacted-at", "2026-11-02 11:00"), ["--contacted-at", "later than now"]),
        ]
        for args, says in cases:
            with self.subTest(args=args):
                d.fails(3, "--as", "1001", "register", *args, says=says)
        self.assertEqual(d.db_digest(), before)

    def test_operator_required(self):
        d = desk(self)
        # root is admin 0000, who runs the desk but takes no contacts (permissions.register).
        d.fails(6, "register", *WANG, says=["0000 (admin)", "register a contact", "permissions.register"])
        d.fails(4, "--as", "9999", "register", *WANG, says="9999")
        self.assertEqual(d.sql("SELECT count(*) FROM customers"), [(0,)])


if __name__ == "__main__":
    main()
