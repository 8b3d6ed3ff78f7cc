"""Merging and de-duplication lose nothing (issue 12): one owner after a merge, the merged-away
customer's keys find the customer kept, a contact naming two customers' keys is reported and never
copies one onto the other, and invisible characters neither defeat matching nor reach tables."""
import json
import os
import sqlite3
import subprocess
import unittest

from harness import BIN, Desk, before_schema_8, LATEST_SCHEMA, main, connect, sqlite_only

A, B, C = "KH202611-0001", "KH202611-0002", "KH202611-0003"


def desk(test, **kw):
    d = Desk(test, **kw)
    d.ok("staff", "add", "1001", "张伟", "--roles", "consult")
    d.ok("staff", "add", "2001", "李娜", "--roles", "sales")
    d.ok("staff", "add", "2002", "赵强", "--roles", "sales")
    d.ok("staff", "add", "3001", "周主管", "--roles", "supervisor")  # merging is a supervisor's
    # Owners are given by hand here (`assign --to`), not by register (intake.assign_at_register).
    d.settings({"intake.assign_at_register": False})
    return d


def register(d, *args, now=None):
    return d.json("--as", "1001", "register", *args, now=now)


def two_customers(d):
    register(d, "--name", "王女士", "--company", "北京华信科技有限公司", "--phone", "13912345678")
    register(d, "--name", "王总", "--company", "华信科技", "--phone", "13800001111", "--email", "wang@huaxin.example.com",
             "--qq", "88001234", "--wechat", "wang_hx01")


def current(d):
    return d.sql("SELECT c.number, s.number FROM assignments a JOIN customers c ON c.id = a.customer_id "
                 "LEFT JOIN staff s ON s.id = a.staff_id WHERE a.superseded_at IS NULL ORDER BY a.id")


def told(d, kind):
    return [(s, json.loads(p)) for s, p in d.sql(
        f"SELECT s.number, n.payload FROM notifications n JOIN staff s ON s.id = n.staff_id WHERE n.kind = '{kind}' ORDER BY n.id")]


class MergeOwnership(unittest.TestCase):
    def test_both_owned_keep_owner_stays_and_the_other_is_told(self):
        d = desk(self)
        two_customers(d)
        d.ok("--as", "3001", "assign", A, "--to", "2001")
        d.ok("--as", "3001", "assign", B, "--to", "2002")
        r = d.run("--as", "3001", "customer", "merge", A, B, now="2026-11-02 11:00")
        self.assertIn("2002 赵强 no longer owns the customer", r.stderr.decode())
        self.assertIn("owner 2001 李娜", r.stderr.decode())
        self.assertEqual(current(d), [(A, "2001")])
        self.assertEqual(d.sql(f"SELECT s.number FROM customers c JOIN staff s ON s.id = c.owner_id WHERE c.number = '{A}'"),
                         [("2001",)])
        away = told(d, "reassigned-away")
        self.assertEqual([s for s, _ in away], ["2002"])
        payload = away[0][1]
        self.assertEqual((payload["customer_number"], payload["rule"]), (A, "merge"))
        self.assertIn(B, payload["note"])
        self.assertIn("2001 李娜", payload["note"])
        # Queued like any other: `assign notify` delivers it.
        out = d.run("--as", "1001", "assign", "notify", now="2026-11-02 11:01").stderr.decode()
        self.assertIn("2002 赵强 [reassigned-away]", out)
        # The superseded assignment is in the history; the customer waits for nobody.
        self.assertEqual(d.sql("SELECT count(*) FROM assignments WHERE superseded_at IS NOT NULL"), [(1,)])
        self.assertEqual(d.json("--as", "1001", "assign", now="2026-11-02 11:02"), [])

    def test_only_other_owned_its_owner_takes_the_customer_untold(self):
        d = desk(self)
        two_customers(d)
        d.ok("--as", "3001", "assign", B, "--to", "2002")
        d.ok("--as", "3001", "customer", "merge", A, B, now="2026-11-02 11:00")
        self.assertEqual(current(d), [(A, "2002")])
        self.assertEqual(d.sql(f"SELECT owner_id, in_pool FROM customers WHERE number = '{A}'"), [(3, 0)])
        self.assertEqual(told(d, "reassigned-away"), [])
        self.assertEqual(d.json("--as", "1001", "assign", now="2026-11-02 11:02"), [])

    def test_same_owner_twice_keeps_one_assignment_and_tells_nobody(self):
        d = desk(self)
        two_customers(d)
        d.ok("--as", "3001", "assign", A, "--to", "2001")
        d.ok("--as", "3001", "assign", B, "--to", "2001")
        d.ok("--as", "3001", "customer", "merge", A, B)
        self.assertEqual(current(d), [(A, "2001")])
        self.assertEqual(told(d, "reassigned-away"), [])

    def test_pool_customer_merged_with_an_owned_one_leaves_the_pool(self):
        d = desk(self)
        d.ok("staff", "deactivate", "2001")
        d.ok("staff", "deactivate", "2002")
        two_customers(d)
        d.ok("--as", "1001", "assign")  # nobody eligible: both to the pool
        d.ok("staff", "activate", "2002")
        d.ok("--as", "3001", "assign", B, "--to", "2002")
        d.ok("--as", "3001", "customer", "merge", A, B)
        self.assertEqual(current(d), [(A, "2002")])
        self.assertEqual(d.sql(f"SELECT in_pool FROM customers WHERE number = '{A}'"), [(0,)])


    def test_a_later_assignment_ends_every_current_one_a_past_merge_left(self):
        # As csdesk before schema 7 left a merge: two current assignments on the customer kept.
        d = desk(self)
        two_customers(d)
        d.ok("--as", "3001", "assign", A, "--to", "2001")
        d.ok("--as", "3001", "assign", B, "--to", "2002")
        con = connect(d.db)
        con.execute("UPDATE assignments SET customer_id = 1")
        con.execute("UPDATE customers SET merged_into = 1 WHERE id = 2")
        con.commit()
        con.close()
        d.ok("--as", "3001", "assign", A, "--to", "2002", now="2026-11-02 12:00")
        self.assertEqual(current(d), [(A, "2002")])


    @sqlite_only("SQLite's migrations from schema 5 (PostgreSQL starts at its baseline, 23)")
    def test_upgrade_ends_the_second_current_owner_a_past_merge_left(self):
        d = desk(self)
        two_customers(d)
        register(d, "--name", "陈先生", "--phone", "028-85551234")
        d.ok("--as", "3001", "assign", A, "--to", "2001")
        d.ok("--as", "3001", "assign", B, "--to", "2002")
        d.ok("--as", "3001", "assign", C, "--to", "2002")
        # As a merge of B into A before schema 7 left it.
        con = connect(d.db)
        con.execute("UPDATE assignments SET customer_id = 1 WHERE customer_id = 2")
        con.execute("UPDATE customers SET merged_into = 1 WHERE id = 2")
        before_schema_8(con)
        con.execute("PRAGMA user_version = 5")
        con.commit()
        con.close()
        d.ok("init")
        self.assertEqual(current(d), [(A, "2001"), (C, "2002")])
        away = told(d, "reassigned-away")
        self.assertEqual([(s, p["customer_number"], p["rule"]) for s, p in away], [("2002", A, "merge")])
        self.assertIn("2001 李娜", away[0][1]["note"])
        out = d.run("--as", "1001", "assign", "notify").stderr.decode()
        self.assertIn(f"2002 赵强 [reassigned-away] {A}", out)


    def test_concurrent_merges_and_assignments_leave_one_current_owner_each(self):
        d = desk(self)
        n = 12
        d.write("list.csv", "姓名,手机号\r\n" + "".join(f"客户{i},1390000{i:04d}\r\n" for i in range(n)))
        d.ok("--as", "1001", "register", "--from", d.path("list.csv"))
        d.ok("--as", "1001", "assign")  # round-robin: 2001 and 2002 alternate
        numbers = [f"KH202611-{i + 1:04d}" for i in range(n)]
        base = [BIN, "--db", d.db, "--now", d.now, "-q"]
        cmds = [base + ["--as", "3001", "customer", "merge", numbers[i], numbers[i + 1]] for i in range(0, n, 2)]
        cmds += [base + ["--as", "3001", "customer", "merge", numbers[i], numbers[i + 2]] for i in range(0, n - 2, 4)]
        cmds += [base + ["--as", "3001", "assign", numbers[i], "--to", "2002"] for i in range(1, n, 3)]
        procs = [subprocess.Popen(c, env=d.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for c in cmds]
        for c, p in zip(cmds, procs):
            # An assignment may find the customer with 2002 already (exit 5); merges all succeed.
            self.assertIn(p.wait(timeout=120), (0, 5) if "assign" in c else (0,), p.stderr.read().decode())
            p.stderr.close()
        # However they interleaved: every customer kept has one current assignment, of its owner.
        rows = d.sql("SELECT c.id, c.owner_id, count(a.id), min(a.staff_id) FROM customers c "
                     "LEFT JOIN assignments a ON a.customer_id = c.id AND a.superseded_at IS NULL "
                     "WHERE c.merged_into IS NULL GROUP BY c.id, c.owner_id")
        self.assertLess(len(rows), n)
        for cid, owner, current_count, staff in rows:
            self.assertEqual((current_count, staff), (1, owner), f"customer {cid}")
        self.assertEqual(d.sql("SELECT count(*) FROM assignments a JOIN customers c ON c.id = a.customer_id "
                               "WHERE a.superseded_at IS NULL AND c.merged_into IS NOT NULL"), [(0,)])


class MergedKeysFindTheCustomerKept(unittest.TestCase):
    def test_every_key_of_the_merged_away_customer(self):
        d = desk(self)
        two_customers(d)
        register(d, "--name", "王经理", "--phone", "13700002222", "--email", "wang2@huaxin.example.com")
        d.ok("--as", "3001", "customer", "merge", A, B)
        d.ok("--as", "3001", "customer", "merge", A, C)  # A already holds B's e-mail, QQ, WeChat now
        for key in (["--phone", "138 0000 1111"], ["--phone", "13700002222"], ["--email", "WANG@huaxin.example.com"],
                    ["--email", "wang2@huaxin.example.com"], ["--qq", "88001234"], ["--wechat", "wang_hx01"],
                    ["--company", "华信科技", "--phone", "13600009999"]):
            with self.subTest(key=key):
                r = register(d, "--name", "王总", *key)
                self.assertEqual((r["number"], r["status"]), (A, "returning"))
        self.assertEqual(d.sql("SELECT count(*) FROM customers WHERE merged_into IS NULL"), [(1,)])

    def test_batch_import_finds_the_customer_kept(self):
        d = desk(self)
        two_customers(d)
        d.ok("--as", "3001", "customer", "merge", A, B)
        d.write("list.csv", "姓名,手机号,公司名称,渠道\r\n王总,13800001111,,电话\r\n王总,13600009999,华信科技,邮件\r\n")
        s = d.json("--as", "1001", "register", "--from", d.path("list.csv"), now="2026-11-03 09:00")
        self.assertEqual((s["new"], s["returning"]), (0, 2))
        self.assertEqual(d.sql("SELECT count(*) FROM contact_log WHERE customer_id = 1 AND kind = 'returning'"), [(2,)])

    def test_a_bulk_import_finds_the_customer_kept_and_reports_duplicates(self):
        # Large enough that the import rebuilds the lookup indexes and matches from memory only.
        d = desk(self)
        two_customers(d)
        register(d, "--name", "甲", "--phone", "13700002222", "--email", "jia@example.com")
        d.ok("--as", "3001", "customer", "merge", A, B)
        pad = "请尽快回电" * 12  # ~100 bytes a row: the import expects 20,000 rows and more
        rows = [f"客户{i},15{i:09d},,{pad}\r\n" for i in range(25000)]
        rows[100] = "王总,13800001111,,\r\n"                 # B's phone: A
        rows[200] = "王女士,13912345678,jia@example.com,\r\n"  # A's phone, C's e-mail
        d.write("big.csv", "姓名,手机号,邮箱,备注\r\n" + "".join(rows))
        self.assertGreater(os.path.getsize(d.path("big.csv")) / 70, 20000)
        r = d.run("--as", "1001", "register", "--from", d.path("big.csv"), "--json", now="2026-11-03 09:00")
        s = json.loads(r.stdout)
        self.assertEqual((s["new"], s["returning"], s["possible_duplicates"]), (24998, 2, 1))
        self.assertIn(f"big.csv:202: possible duplicate: {C} 甲", r.stderr.decode())
        self.assertEqual(d.sql("SELECT count(*) FROM customers WHERE email = 'jia@example.com'"), [(1,)])

    def test_edit_refuses_a_key_of_a_customer_merged_away(self):
        d = desk(self)
        two_customers(d)
        register(d, "--name", "陈先生", "--phone", "028-85551234")
        d.ok("--as", "3001", "customer", "merge", A, B)
        # A consult agent may not see A's phone: told that another customer has it, not which (need to know).
        err = d.fails(5, "--as", "1001", "customer", "edit", C, "--phone", "13800001111",
                      says=["another customer", "customer merge"])
        self.assertNotIn(A, err)
        d.ok("staff", "add", "9001", "王经理", "--roles", "manager")
        d.fails(5, "--as", "9001", "customer", "edit", C, "--phone", "13800001111", says=[A, "customer merge"])
        # The customer kept may take its merged-away customer's phone.
        d.ok("--as", "1001", "customer", "edit", A, "--phone", "13800001111")


class PossibleDuplicates(unittest.TestCase):
    def setUp(self):
        self.d = desk(self)
        register(self.d, "--name", "甲", "--phone", "13912345678", "--email", "jia@example.com")
        register(self.d, "--name", "乙", "--phone", "13800001111")

    def test_a_contact_with_keys_of_two_customers_is_reported_and_copies_nothing(self):
        d = self.d
        r = d.run("--as", "1001", "register", "--name", "乙", "--phone", "13800001111", "--email", "jia@example.com", "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        row = json.loads(r.stdout)
        self.assertEqual((row["number"], row["matched_on"]), (B, "phone"))
        self.assertEqual(row["possible_duplicates"], f"{A} 甲 (email)")
        self.assertEqual(row["merge_command"], f"csdesk customer merge {B} {A}")
        self.assertIn("email", row["differing"])
        self.assertNotIn("email", row["filled"])
        err = r.stderr.decode()
        self.assertIn(f"possible duplicate: {A} 甲", err)
        self.assertIn(f"`csdesk customer merge {B} {A}`", err)
        self.assertEqual(d.sql("SELECT number FROM customers WHERE email = 'jia@example.com'"), [(A,)])
        # What the customer said stays in history.
        self.assertIn("jia@example.com", d.sql(f"SELECT after FROM audit WHERE action = 'contact-differs'")[0][0])
        table = d.ok("--as", "1001", "register", "--name", "乙", "--phone", "13800001111", "--email", "jia@example.com",
                     "--lang", "zh")
        self.assertIn("可能重复", table)
        self.assertIn(f"csdesk customer merge {B} {A}", table)

    def test_company_and_name_of_another_customer_is_not_filled_in(self):
        d = self.d
        register(d, "--name", "丙", "--company", "成都天府软件有限公司", "--phone", "13700002222")
        # 乙's phone with 丙's company + name: logged on 乙, the company is not copied.
        row = register(d, "--name", "丙", "--company", "成都天府软件有限公司", "--phone", "13800001111")
        self.assertEqual(row["number"], B)
        self.assertEqual(row["possible_duplicates"], f"{C} 丙 (name)")
        self.assertEqual(d.sql(f"SELECT company FROM customers WHERE number = '{B}'"), [(None,)])

    def test_complain_new_reports_a_possible_duplicate(self):
        d = self.d
        r = d.run("--as", "1001", "complain", "new", "--name", "乙", "--phone", "13800001111", "--email", "jia@example.com",
                  "--content", "发票开错了")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(f"possible duplicate: {A} 甲", r.stderr.decode())
        self.assertEqual(d.sql(f"SELECT email FROM customers WHERE number = '{B}'"), [(None,)])

    def test_ordinary_results_keep_their_columns(self):
        row = register(self.d, "--name", "乙", "--phone", "13800001111", "--email", "yi@example.com")
        self.assertNotIn("possible_duplicates", row)
        self.assertEqual(row["filled"], "email")

    def test_batch_import_counts_and_names_each_line(self):
        d = self.d
        d.write("list.csv", "姓名,手机号,邮箱\r\n乙,13800001111,jia@example.com\r\n丁,13600003333,\r\n"
                            "甲,13912345678,\r\n乙,,jia@example.com\r\n")
        r = d.run("--as", "1001", "register", "--from", d.path("list.csv"), "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        s = json.loads(r.stdout)
        self.assertEqual((s["new"], s["returning"], s["possible_duplicates"]), (1, 3, 1))
        err = r.stderr.decode()
        self.assertIn(f"list.csv:2: possible duplicate: {A} 甲", err)
        self.assertIn(f"csdesk customer merge {B} {A}", err)
        self.assertNotIn("list.csv:4", err)
        self.assertNotIn("list.csv:5", err)
        self.assertEqual(d.sql("SELECT count(*) FROM customers WHERE email = 'jia@example.com'"), [(1,)])

    def test_batch_import_sees_customers_created_earlier_in_the_file(self):
        d = self.d
        d.write("list.csv", "姓名,手机号,邮箱\r\n丙,13700002222,bing@example.com\r\n丁,13600003333,\r\n"
                            "丁,13600003333,bing@example.com\r\n")
        r = d.run("--as", "1001", "register", "--from", d.path("list.csv"), "--json")
        s = json.loads(r.stdout)
        self.assertEqual((s["new"], s["merged_in_file"], s["possible_duplicates"]), (2, 1, 1))
        self.assertIn(f"list.csv:4: possible duplicate: {C} 丙", r.stderr.decode())
        self.assertIn("csdesk customer merge KH202611-0004 KH202611-0003", r.stderr.decode())
        self.assertEqual(d.sql("SELECT number FROM customers WHERE email = 'bing@example.com'"), [(C,)])


ZW = "\u200b"


class InvisibleCharacters(unittest.TestCase):
    def test_zero_width_look_alikes_are_the_same_customer(self):
        d = desk(self)
        register(d, "--name", "王女士", "--company", "北京华信科技有限公司", "--phone", "13912345678")
        for i, name in enumerate([f"王{ZW}女士", f"王女士\u2060", f"\u200e王女士", f"王\ufeff女士", f"王\u00ad女士"]):
            with self.subTest(name=ascii(name)):
                r = register(d, "--name", name, "--company", f"北京华信{ZW}科技有限公司", "--phone", f"1370000{i:04d}")
                self.assertEqual((r["number"], r["matched_on"]), (A, "name"))
        self.assertEqual(d.sql("SELECT count(*) FROM customers"), [(1,)])

    def test_an_email_with_a_zero_width_space_is_the_same_key(self):
        d = desk(self)
        register(d, "--name", "甲", "--email", "jia@example.com")
        r = register(d, "--name", "甲", "--email", f"jia{ZW}@example.com\u200e")
        self.assertEqual((r["number"], r["matched_on"]), (A, "email"))
        self.assertEqual(d.sql("SELECT count(*) FROM customers"), [(1,)])

    def test_stored_text_holds_no_invisible_characters(self):
        d = desk(self)
        r = register(d, "--name", "\u202b王女士\u202c", "--company", "华信\u200f科技\u2066有限公司\u2069", "--phone", "13912345678",
                     "--city", "北\u061c京", "--needs", "进销存\u2028库存", "--note", "回电\u2029周一\x07", "--title", "经\u200d理")
        self.assertEqual(d.sql("SELECT name, company, city, needs, note, title FROM customers"),
                         [("王女士", "华信科技有限公司", "北京", "进销存 库存", "回电 周一", "经理")])
        self.assertEqual(r["name"], "王女士")

    def test_every_format_and_control_character_python_knows_is_stripped(self):
        # The outside reference: Python's unicodedata (Unicode 14) against utf8proc's categories.
        import unicodedata
        white = {"\t", "\n", "\v", "\f", "\r", "\x85"}
        hidden = "".join(chr(c) for c in range(1, 0x110000)
                         if unicodedata.category(chr(c)) in ("Cf", "Cc") and chr(c) not in white)
        self.assertGreater(len(hidden), 190)
        d = desk(self)
        r = register(d, "--name", f"王{hidden}女士", "--company", f"华信\u2028科技{hidden}", "--phone", "13912345678")
        self.assertEqual((r["name"], r["company"]), ("王女士", "华信 科技"))

    def test_bidi_controls_stored_before_are_escaped_in_tables(self):
        d = desk(self)
        register(d, "--name", "王女士", "--phone", "13912345678")
        con = connect(d.db)
        con.execute("UPDATE customers SET name = ?", ("\u202b王\u200f女士\u202c\u061c",))
        con.commit()
        con.close()
        for view in ((), ("--csv",)):
            out = d.ok("customer", "list", *view)
            for raw in ("\u202b", "\u200f", "\u202c", "\u061c"):
                self.assertNotIn(raw, out)
            self.assertIn("\\u202B王\\u200F女士\\u202C\\u061C", out)

    def test_invisible_only_values_are_refused_naming_the_field(self):
        d = desk(self)
        before = d.db_digest()
        d.fails(3, "--as", "1001", "register", "--name", f"{ZW}\u200c\u200d", "--phone", "13912345678",
                says=["--name", "invisible"])
        d.fails(3, "--as", "1001", "register", "--name", "王女士", "--company", "\u202a\u202c", "--phone", "13912345678",
                says=["--company", "invisible"])
        self.assertEqual(d.db_digest(), before)
        d.write("list.csv", f"姓名,手机号,公司名称\r\n{ZW},13912345678,\r\n王女士,13800001111,\u2066\u2069\r\n")
        r = d.run("--as", "1001", "register", "--from", d.path("list.csv"), "--json")
        err = r.stderr.decode()
        self.assertIn("list.csv:2: 姓名: holds only invisible characters", err)
        self.assertIn("list.csv:3: 公司名称: holds only invisible characters", err)
        self.assertEqual(json.loads(r.stdout)["rejected"], 2)

    @sqlite_only("SQLite's migrations from schema 5 (PostgreSQL starts at its baseline, 23)")
    def test_upgrade_rederives_keys_of_rows_stored_with_invisible_characters(self):
        # A schema-5 database written with a look-alike, as csdesk before schema 7 stored it.
        d = desk(self)
        register(d, "--name", "王女士", "--company", "北京华信科技有限公司", "--phone", "13912345678")
        con = connect(d.db)
        fnv = lambda key: _fnv(key)
        con.execute("UPDATE customers SET name = ?, name_hash = ?, company = ? WHERE id = 1",
                    (f"王{ZW}女士", fnv(f"北京华信科技有限公司|王{ZW}女士"), "北京华信科技有限公司"))
        before_schema_8(con)
        con.execute("PRAGMA user_version = 5")
        con.commit()
        con.close()
        d.ok("init")
        self.assertEqual(d.sql("PRAGMA user_version"), [(LATEST_SCHEMA,)])
        self.assertEqual(d.sql("SELECT name_hash FROM customers"), [(fnv("北京华信科技有限公司|王女士"),)])
        r = register(d, "--name", "王女士", "--company", "北京华信科技有限公司", "--phone", "13800001111")
        self.assertEqual((r["number"], r["matched_on"]), (A, "name"))


class OtherStoredText(unittest.TestCase):
    def test_staff_complaints_and_handovers_store_no_invisible_characters(self):
        d = desk(self)
        d.ok("staff", "add", "1003", "\u202e王\u200b芳", "--roles", "consult")
        self.assertEqual(d.sql("SELECT name FROM staff WHERE number = '1003'"), [("王芳",)])
        d.fails(3, "staff", "edit", "1003", "--name", "\u200b\u200e", says="--name")
        register(d, "--name", "王女士", "--phone", "13912345678")
        d.ok("--as", "1001", "complain", "new", "--customer", A, "--content", "发票\u200b开错了\u202c")
        self.assertEqual(d.sql("SELECT content FROM complaints"), [("发票开错了",)])
        d.fails(3, "--as", "1001", "handover", "add", "--work-done", "\u200b\u2066\u2069", says="say something")
        d.ok("--as", "1001", "handover", "add", "--work-done", "回访\u200d完成\u2028明天继续")
        self.assertEqual(d.sql("SELECT work_done FROM handovers"), [("回访完成 明天继续",)])


def _fnv(key):
    h = 0xcbf29ce484222325
    for b in key.encode("utf-8"):
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h - (1 << 64) if h >= 1 << 63 else h


if __name__ == "__main__":
    main()
