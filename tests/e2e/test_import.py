"""csdesk register --from: batch import — encodings, CSV edge cases, rejects, idempotence, nothing half-written."""
import hashlib
import json
import os
import sqlite3
import stat
import unittest

from harness import Desk, FIXTURES, main, on_postgres

BOM_FILE = os.path.join(FIXTURES, "register", "customers_utf8_bom.csv")

# Physical lines of the rejected rows in customers_utf8_bom.csv and what the message must name.
EXPECTED_REJECTS = {
    8: ["unbalanced quote"],
    9: ["手机号", "'12345'"],
    10: ["姓名", "required"],
    11: ["too many columns"],
}


def gbk_file(d, name="crm_gbk.csv"):
    rows = ["姓名,公司,电话,城市,来源", "王女士,北京华信科技有限公司,13912345678,北京,电话",
            "陈先生,成都天府软件有限公司,０２８-８５５５１２３４,成都,网上客服", "刘女士,上海浦东贸易有限公司,13911112222,上海,活动"]
    return d.write(name, ("\r\n".join(rows) + "\r\n").encode("gbk"))


def summary(d, *args, **kw):
    return d.json("register", "--from", *args, **kw)


class ImportFiles(unittest.TestCase):
    def test_utf8_bom_file_imports_good_rows_and_rejects_bad_ones_by_line(self):
        d = Desk(self)
        r = d.run("register", "--from", BOM_FILE, "--rejects", d.path("rejects.csv"), "--json")
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        s = json.loads(r.stdout)
        self.assertEqual({k: s[k] for k in ("rows_read", "new", "returning", "merged_in_file", "rejected")},
                         {"rows_read": 10, "new": 4, "returning": 0, "merged_in_file": 2, "rejected": 4})
        self.assertEqual(s["encoding"], "utf-8")
        self.assertIsInstance(s["seconds"], (int, float))
        err = r.stderr.decode()
        for line, says in EXPECTED_REJECTS.items():
            reported = [l for l in err.splitlines() if f"customers_utf8_bom.csv:{line}:" in l]
            self.assertEqual(len(reported), 1, f"line {line} should be reported once in:\n{err}")
            for word in says:
                self.assertIn(word, reported[0])
        rows = d.sql("SELECT name, company, phone, email, qq, channel, needs, note FROM customers ORDER BY id")
        self.assertEqual(rows[0], ("王女士", "北京华信科技有限公司", "13912345678", "wang@huaxin.example.com", None, "phone",
                                   "进销存,财务", "第一次来电 想要试用"))
        # 王小姐 (same phone) merged into 王女士; Li Lei (李先生's phone) filled his e-mail.
        self.assertEqual(rows[1][:5], ("李先生", "成都天府软件有限公司", "13812345678", "lilei@tianfu.example.com", "12345678"))
        self.assertEqual(rows[2][1], '上海浦东"新区"贸易公司')
        self.assertEqual(rows[3][2], "010-87654321")
        self.assertEqual(len(rows), 4)

    def test_rejects_file_is_private_and_can_be_corrected_and_imported(self):
        d = Desk(self)
        rejects = d.path("rejects.csv")
        d.ok("register", "--from", BOM_FILE, "--rejects", rejects)
        self.assertEqual(stat.S_IMODE(os.stat(rejects).st_mode), 0o600)
        with open(rejects, encoding="utf-8-sig", newline="") as f:
            text = f.read()
        lines = text.split("\r\n")
        self.assertTrue(lines[0].startswith("姓名,公司名称,手机号"))
        self.assertTrue(lines[0].endswith(",reason,line"))
        self.assertEqual([l.rsplit(",", 1)[1] for l in lines[1:] if l], ["8", "9", "10", "11"])
        fixed = text.replace("孙先生,上海浦东贸易有限公司,12345", "孙先生,上海浦东贸易有限公司,13511112222")
        d.write("fixed.csv", fixed)
        s = summary(d, d.path("fixed.csv"))
        # 孙先生 corrected; 钱女士's row comes back cut into its columns, so it imports as well.
        self.assertEqual((s["new"], s["rejected"]), (2, 2))
        self.assertEqual(d.sql("SELECT phone FROM customers WHERE name = '孙先生'"), [("13511112222",)])

    def test_gbk_file_with_crlf_is_detected(self):
        d = Desk(self)
        s = summary(d, gbk_file(d))
        self.assertEqual((s["encoding"], s["new"], s["rejected"]), ("gb18030", 3, 0))
        self.assertEqual(d.sql("SELECT name, company, phone, channel FROM customers ORDER BY id")[1],
                         ("陈先生", "成都天府软件有限公司", "028-85551234", "online"))

    def test_forced_encoding(self):
        d = Desk(self)
        s = summary(d, gbk_file(d), "--encoding", "GBK")
        self.assertEqual((s["encoding"], s["new"]), ("cp936", 3))  # GBK means what Windows means
        d.fails(3, "register", "--from", gbk_file(d), "--encoding", "latin-9", says="--encoding")

    def test_tsv_from_stdin(self):
        d = Desk(self)
        tsv = "称呼\t单位\t联系电话\t微信\n王女士\t北京华信科技有限公司\t139 1234 5678\tWang_HX01\n\n李先生\t\t\tli_lei_88\n"
        s = summary(d, "-", stdin=tsv)
        self.assertEqual((s["format"], s["file"], s["new"]), ("tsv", "stdin", 2))
        self.assertEqual(d.sql("SELECT wechat FROM customers ORDER BY id"), [("wang_hx01",), ("li_lei_88",)])

    def test_map_names_other_columns_and_missing_columns_are_listed(self):
        d = Desk(self)
        d.write("odd.csv", "客户,号码,客户来源\n王女士,13912345678,活动\n")
        err = d.fails(3, "register", "--from", d.path("odd.csv"), says=["'客户'", "'号码'", "'客户来源'", "--map"])
        self.assertIn("odd.csv:1", err)
        s = summary(d, d.path("odd.csv"), "--map", "客户=name", "--map", "号码=phone", "--map", "客户来源=channel")
        self.assertEqual(s["new"], 1)
        self.assertEqual(d.sql("SELECT channel FROM customers"), [("event",)])
        d.fails(3, "register", "--from", d.path("odd.csv"), "--map", "客户=fax", says="'fax' is not a customer field")
        d.fails(3, "register", "--from", d.path("odd.csv"), "--map", "地址=name", says="no column '地址'")

    def test_missing_file_and_empty_file(self):
        d = Desk(self)
        d.fails(4, "register", "--from", d.path("nope.csv"), says="nope.csv")
        d.write("empty.csv", "")
        d.fails(3, "register", "--from", d.path("empty.csv"), says="empty")


class ImportMatching(unittest.TestCase):
    def test_importing_twice_creates_no_new_customers(self):
        d = Desk(self)
        first = summary(d, BOM_FILE)
        count = d.sql("SELECT count(*) FROM customers")
        second = summary(d, BOM_FILE, now="2026-11-03 10:00")
        self.assertEqual(first["new"], 4)
        self.assertEqual((second["new"], second["returning"], second["merged_in_file"]), (0, 6, 0))
        self.assertEqual(d.sql("SELECT count(*) FROM customers"), count)
        self.assertEqual(d.sql("SELECT count(*) FROM sequences WHERE prefix = 'KH' AND last = 4"), [(1,)])

    def test_same_contacts_again_change_nothing(self):
        d = Desk(self)
        summary(d, BOM_FILE)
        before = d.db_digest()
        contacts = d.sql("SELECT count(*) FROM contact_log")
        summary(d, BOM_FILE)
        self.assertEqual(d.sql("SELECT count(*) FROM contact_log"), contacts)

    def test_duplicates_against_the_database_are_returning_and_owner_notified(self):
        d = Desk(self)
        d.ok("staff", "add", "1001", "张伟", "--roles", "consult")
        d.ok("staff", "add", "2001", "李娜", "--roles", "sales")
        d.ok("--as", "1001", "register", "--name", "王女士", "--phone", "13912345678")  # given to 2001, told at once
        s = summary(d, gbk_file(d), "--as", "1001")
        self.assertEqual((s["new"], s["returning"]), (2, 1))
        self.assertEqual(d.sql("SELECT company, city FROM customers WHERE id = 1"), [("北京华信科技有限公司", "北京")])
        # the import queues the returning customer's notification for `assign notify`; its new customers wait for `assign`
        self.assertEqual(d.sql("SELECT kind, staff_id, status FROM notifications ORDER BY id"),
                         [("assigned", 2, "sent"), ("returning", 2, "pending")])
        self.assertEqual(d.sql("SELECT count(*) FROM customers WHERE owner_id IS NULL"), [(2,)])
        self.assertEqual(d.sql("SELECT count(*) FROM contact_log WHERE agent_id = 1"), [(4,)])

    def test_audit_chain_stays_whole(self):
        d = Desk(self)
        d.ok("staff", "add", "1001", "张伟", "--roles", "consult")
        summary(d, BOM_FILE)
        d.ok("--as", "1001", "register", "--name", "新客户", "--phone", "13300001111")
        rows = d.sql("SELECT prev_hash, hash FROM audit ORDER BY id")
        for (_, prev), (link, _) in zip(rows, rows[1:]):
            self.assertEqual(link, prev)
        # The imported customers share the import's one audit row: source, digest, number range.
        # (written when the import commits, so after the rows of contacts merged within the file)
        history = d.json("history", "KH202611-0001")
        imports = [r for r in history if r["action"] == "import"]
        self.assertEqual(len(imports), 1)
        self.assertIn("customers_utf8_bom.csv", imports[0]["after"])
        self.assertIn("KH202611-0001..KH202611-", imports[0]["record"])
        with open(BOM_FILE, "rb") as f:
            self.assertIn(hashlib.sha256(f.read()).hexdigest(), imports[0]["after"])
        created = json.loads(imports[0]["after"])
        self.assertEqual(created["new"], created["last_id"] - created["first_id"] + 1)
        for (number,) in d.sql(f"SELECT number FROM customers WHERE id BETWEEN {created['first_id']} AND {created['last_id']}"):
            self.assertEqual([r["action"] for r in d.json("history", number)].count("import"), 1, number)
        self.assertIn("create", d.ok("history", d.sql("SELECT max(number) FROM customers")[0][0]))


class ImportLeavesNothingHalfDone(unittest.TestCase):
    def test_on_error_abort_writes_nothing(self):
        d = Desk(self)
        summary(d, gbk_file(d))
        before = d.db_digest()
        err = d.fails(3, "register", "--from", BOM_FILE, "--on-error", "abort", says=["nothing was imported", ":8:"])
        self.assertIn("customers_utf8_bom.csv:9:", err)
        self.assertEqual(d.db_digest(), before)

    def test_dry_run_writes_nothing_but_counts(self):
        d = Desk(self)
        summary(d, gbk_file(d))
        before = d.db_digest()
        s = summary(d, BOM_FILE, "--dry-run")
        self.assertEqual((s["new"], s["returning"], s["rejected"], s["imported"]), (3, 2, 4, False))
        self.assertEqual(d.db_digest(), before)

    def test_bad_on_error_value(self):
        d = Desk(self)
        d.fails(2, "register", "--from", BOM_FILE, "--on-error", "ignore", says="skip")

    def test_no_progress_bar_when_stderr_is_not_a_terminal(self):
        d = Desk(self)
        r = d.run("register", "--from", BOM_FILE)
        self.assertNotIn(b"\r", r.stderr)
        self.assertNotIn(b"%", r.stderr)


INDEXES = ("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname"
           if on_postgres() else "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name")


def explain(query):
    return f"EXPLAIN {query}" if on_postgres() else f"EXPLAIN QUERY PLAN {query}"


def indexed_by(index):
    return "" if on_postgres() else f"INDEXED BY {index}"


class LargeImport(unittest.TestCase):
    def test_large_import_rebuilds_indexes_and_dry_run_leaves_nothing(self):
        """At least 20000 rows (estimated from the file size) rebuild the lookup indexes at the end."""
        d = Desk(self)
        d.ok("staff", "add", "1001", "张伟", "--roles", "consult")
        d.ok("--as", "1001", "register", "--name", "老客户", "--email", "old@example.com", "--phone", "13800000001")
        # The first row has a phone only: the company and e-mail keys first appear further down,
        # so their indexes are dropped mid-import (after statements have run).
        lines = ["姓名,公司,手机,邮箱,备注"] + [
            f"客户{i},{'成都天府软件有限公司' if i else ''},139{i:08d},{'c%d@example.com' % i if i % 3 == 0 and i else ''},"
            "想了解报价，尽快回电"
            for i in range(21000)]
        lines.append("客户7,成都天府软件有限公司,13900000007,,")  # a duplicate within the file
        lines.append("老客户,,,OLD@example.com,")  # a customer already stored, found by e-mail
        path = d.write("big.csv", "\r\n".join(lines) + "\r\n")
        indexes = d.sql(INDEXES)
        before = d.db_digest()
        s = summary(d, path, "--dry-run")
        self.assertEqual((s["new"], s["merged_in_file"]), (21000, 1))
        self.assertEqual(d.db_digest(), before)
        s = summary(d, path)
        self.assertEqual((s["new"], s["merged_in_file"], s["returning"], s["rejected"]), (21000, 1, 1, 0))
        self.assertEqual(d.sql(INDEXES), indexes)
        self.assertEqual({r["result"] for r in d.json("check")}, {"ok"})
        # the rebuilt indexes answer lookups: the planner uses them and they hold every row
        # (SQLite is made to read through them; PostgreSQL's planner chooses by its statistics)
        self.assertIn("customers_phone", str(d.sql(explain("SELECT id FROM customers WHERE phone = '13900020999'"))))
        self.assertEqual(d.sql("SELECT count(*) FROM customers WHERE phone = '13900020999'"), [(1,)])
        self.assertEqual(d.sql(f"SELECT count(*) FROM customers {indexed_by('customers_email')} WHERE email IS NOT NULL"), [(7000,)])
        self.assertEqual(d.sql(f"SELECT count(*) FROM customers {indexed_by('customers_name_hash')} WHERE name_hash IS NOT NULL"), [(20999,)])
        r = d.json("register", "--from", "-", stdin="姓名,手机\n新客户,13900020999\n")
        self.assertEqual((r["new"], r["returning"]), (0, 1))


if __name__ == "__main__":
    main()
