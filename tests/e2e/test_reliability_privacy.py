"""Personal data is shown only to those who may see it, and every unmasked showing is on record."""
import os
import stat
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from harness import Desk, main, sqlite_only  # noqa: E402


def desk(test):
    d = Desk(test)
    d.ok("staff", "add", "9001", "赵敏", "--roles", "supervisor")
    d.ok("staff", "add", "1001", "张伟", "--roles", "consult", "--phone", "１３９１２３４５６７８")
    d.ok("staff", "edit", "1001", "--phone", "13987654321")
    return d


def reveal_rows(d):
    return d.sql("SELECT actor, after FROM audit WHERE record_kind = 'export' AND action = 'reveal' ORDER BY id")


class History(unittest.TestCase):
    def test_images_are_masked_for_those_who_may_not_see_them(self):
        d = desk(self)
        # An agent may not read the audit trail at all; the admin (root) may, but sees masks.
        d.fails(6, "--as", "1001", "history", "1001", says="permissions.audit")
        for who in ([],):
            out = d.ok(*who, "history", "1001", "--csv")
            self.assertNotIn("１３９１２３４５６７８", out)
            self.assertNotIn("13912345678", out)
            self.assertNotIn("13987654321", out)
            self.assertIn("139****5678", out)  # staff phones are normalised like customers' (full-width folded)
            self.assertIn("139****4321", out)
        self.assertEqual(reveal_rows(d), [])

    def test_allowed_operator_sees_them_and_the_showing_is_audited(self):
        d = desk(self)
        out = d.ok("--as", "9001", "history", "1001", "--json")
        self.assertIn("13987654321", out)
        rows = reveal_rows(d)
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0][0], "9001")
        self.assertIn('"command":"history"', rows[0][1])
        self.assertIn('"rows":2', rows[0][1])

    def test_config_decides_who_may_see(self):
        d = desk(self)
        d.ok("config", "set", "privacy.reveal_roles", "consult")
        d.ok("config", "set", "permissions.audit", "consult,supervisor")
        self.assertIn("13987654321", d.ok("--as", "1001", "history", "1001"))
        self.assertNotIn("13987654321", d.ok("--as", "9001", "history", "1001"))


class RevealFlag(unittest.TestCase):
    def test_reveal_refused_to_others_before_anything_happens(self):
        d = desk(self)
        before = d.db_digest()
        d.fails(6, "--as", "1001", "--reveal", "history", "1001", says=["1001", "may not see personal data", "supervisor"])
        d.fails(6, "--reveal", "staff", "list", says=["0000", "may not see personal data"])  # root: admin, not in reveal_roles
        d.fails(6, "--reveal", "staff", "add", "1002", "李娜", "--roles", "sales", says="--reveal")
        self.assertEqual(before, d.db_digest(), "a refused --reveal must not write")

    def test_reveal_accepted_for_allowed_roles(self):
        d = desk(self)
        self.assertIn("13987654321", d.ok("--as", "9001", "--reveal", "history", "1001"))


class Customers(unittest.TestCase):
    def desk(self):
        d = desk(self)
        d.ok("--as", "1001", "register", "--name", "王女士", "--company", "北京华信科技有限公司",
             "--phone", "１３９１２３４５６７８", "--email", "wang@example.com")
        return d

    def test_agents_see_masked_contacts(self):
        d = self.desk()
        row = d.json("--as", "1001", "register", "--name", "王女士", "--phone", "13912345678")
        self.assertEqual(row["phone"], "139****5678")
        self.assertEqual(reveal_rows(d), [])

    def test_supervisor_sees_them_and_it_is_on_record(self):
        d = self.desk()
        row = d.json("--as", "9001", "register", "--name", "王女士", "--phone", "13912345678")
        self.assertEqual(row["phone"], "13912345678")
        rows = reveal_rows(d)
        self.assertEqual([r[0] for r in rows], ["9001"])
        self.assertIn('"command":"register"', rows[0][1])
        self.assertIn('"format":"json"', rows[0][1])


    def test_customer_listings_and_exports(self):
        d = self.desk()
        d.ok("--as", "1001", "register", "--name", "李先生", "--phone", "13800000001", "--qq", "123456789",
             "--wechat", "li_xiansheng")
        for who in ([], ["--as", "1001"]):
            out = d.ok(*who, "customer", "list", "--csv", "--bom")
            for secret in ("13912345678", "wang@example.com", "13800000001", "123456789", "li_xiansheng"):
                self.assertNotIn(secret, out)
            self.assertIn("w***@example.com", out)
        self.assertEqual(reveal_rows(d), [])
        out = d.ok("--as", "9001", "customer", "list", "--csv")
        for secret in ("13912345678", "wang@example.com", "123456789", "li_xiansheng"):
            self.assertIn(secret, out)
        rows = reveal_rows(d)
        self.assertEqual(len(rows), 1)
        self.assertIn('"command":"customer list"', rows[0][1])
        self.assertIn('"rows":2', rows[0][1])


class FormulaInjection(unittest.TestCase):
    NAMES = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1:A9)"]

    def test_csv_defuses_formulas_while_json_and_tables_show_them_as_they_are(self):
        d = desk(self)
        for i, name in enumerate(self.NAMES):
            d.ok("--as", "1001", "register", "--name", name, "--phone", f"1390000{i:04d}")
        for i, name in enumerate(self.NAMES):
            number = f"KH202611-{i + 1:04d}"
            row = d.csv("--as", "1001", "register", "--name", name, "--phone", f"1390000{i:04d}")[0]
            self.assertEqual(row["Name"], "'" + name, "Excel/WPS must not evaluate it")
            self.assertEqual(d.json("--as", "1001", "register", "--name", name, "--phone", f"1390000{i:04d}")["name"], name)
            self.assertIn(name, d.ok("--as", "1001", "register", "--name", name, "--phone", f"1390000{i:04d}"))
            self.assertEqual(d.sql(f"SELECT name FROM customers WHERE number = '{number}'"), [(name,)])
        listed = d.csv("customer", "list")
        self.assertEqual([r["Name"] for r in listed], ["'" + n for n in self.NAMES])
        self.assertEqual([r["name"] for r in d.json("customer", "list")], self.NAMES)


class Consent(unittest.TestCase):
    def test_no_consent_means_no_marketing_revisits_ever(self):
        d = Desk(self, now="2026-12-20 10:00")
        d.ok("staff", "add", "1001", "张伟", "--roles", "consult")
        d.ok("staff", "add", "4001", "刘芳", "--roles", "revisit")
        d.ok("--as", "1001", "register", "--name", "王女士", "--phone", "13900000001", "--consent", "yes", "--birthday", "12-28")
        d.ok("--as", "1001", "register", "--name", "李先生", "--phone", "13900000002", "--consent", "否",
             "--birthday", "12-28", "--grade", "A")
        d.ok("--as", "1001", "register", "--name", "张先生", "--phone", "13900000003")
        for day in ("2026-12-26 09:00", "2027-01-25 09:00", "2027-09-28 09:00"):
            d.ok("--as", "4001", "revisit", "plan", now=day)
        purposes = {}
        for name, purpose in d.sql("SELECT c.name, r.purpose FROM revisits r JOIN customers c ON c.id = r.customer_id"):
            purposes.setdefault(name, set()).add(purpose)
        marketing = {"holiday", "birthday", "promotion"}
        self.assertEqual(purposes["王女士"] & marketing, {"holiday", "birthday"})
        self.assertEqual(purposes.get("李先生", set()) & marketing, set(), "marketing for a customer who said no")
        self.assertTrue(purposes.get("李先生"), "service revisits (routine by grade) still happen")
        consent = {r["name"]: r["consent"] for r in d.json("customer", "list")}
        self.assertEqual(consent, {"王女士": "yes", "李先生": "NO", "张先生": "not asked"}, "flagged in listings")


class PrivateFiles(unittest.TestCase):
    @sqlite_only("the database file's mode, and backup (SQLite files only)")
    def test_every_file_csdesk_creates_is_owner_only(self):
        d = desk(self)  # under a permissive umask, files csdesk writes stay 0600
        old = os.umask(0o000)
        try:
            fresh = d.path("fresh.db")
            d.ok("--db", fresh, "init", db=False)
            rejects = d.path("rejects.csv")
            d.ok("--as", "1001", "register", "--from", d.write("in.csv", "name,phone\n王女士,12345\n"), "--rejects", rejects)
            d.write("report.html", "old")
            os.chmod(d.path("report.html"), 0o644)
            d.ok("report", "monthly", "--month", "2026-11", "--format", "html", "--output", d.path("report.html"), "--force")
            d.ok("backup", d.path("copy.db"))  # root: the admin
        finally:
            os.umask(old)
        for name in ("fresh.db", "rejects.csv", "report.html", "copy.db", "csdesk.db"):
            self.assertEqual(stat.S_IMODE(os.stat(d.path(name)).st_mode), 0o600, name)


if __name__ == "__main__":
    main()
