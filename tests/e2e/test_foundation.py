"""Foundation: init, staff, config, history, output formats and exit codes, through the real binary."""
import csv
import io
import json
import os
import sqlite3
import stat
import unittest

from harness import Desk, golden, main, SOURCE_DIR, connect, on_postgres, sqlite_only


def add_team(d):
    d.ok("staff", "add", "1001", "张伟", "--roles", "consult,回访")
    d.ok("staff", "add", "2001", "李娜", "--roles", "sales", "--city", "北京", "--shift", "early")
    d.ok("staff", "add", "2002", "欧阳建国", "--roles", "销售,主管", "--city", "上海")
    d.ok("staff", "add", "3001", "Anna Smith", "--roles", "manager", "--phone", "１３９ 1234-5678")


class Init(unittest.TestCase):
    def test_creates_owner_only_database_and_reports_version(self):
        d = Desk(self, init=False)
        out = d.json("init")
        self.assertEqual(out["state"], "created")
        self.assertEqual(out["schema_version"], out["previous_version"] + out["schema_version"])
        if not on_postgres():  # a server database is the server's to guard
            self.assertEqual(stat.S_IMODE(os.stat(d.db).st_mode), 0o600)
        again = d.json("init")
        self.assertEqual(again["state"], "up to date")
        self.assertEqual(again["schema_version"], out["schema_version"])

    @sqlite_only("SQLite's migrations from schema 1 (PostgreSQL starts at its baseline, 23)")
    def test_upgrades_an_older_database_in_order(self):
        d = Desk(self, init=False)
        schemas = sorted(f for f in os.listdir(os.path.join(SOURCE_DIR, "schemas")) if f.endswith(".sql"))
        con = connect(d.db)
        with open(os.path.join(SOURCE_DIR, "schemas", schemas[0]), encoding="utf-8") as f:
            con.executescript(f.read())
        con.execute("PRAGMA user_version = 1")
        con.execute("INSERT INTO staff (number, name, roles, created_at) VALUES ('1001', '张伟', 'consult', 0)")
        con.commit()
        con.close()
        out = d.json("init")
        self.assertEqual(out["state"], "upgraded")
        self.assertEqual(out["previous_version"], 1)
        self.assertEqual(out["schema_version"], int(schemas[-1][:3]))
        self.assertEqual(d.json("staff", "show", "1001")["name"], "张伟", "an upgrade keeps the data")

    @sqlite_only("SQLite's migration 3 → 4 (PostgreSQL starts at its baseline, 23)")
    def test_upgrade_to_4_rebuilds_customers_and_keeps_every_link(self):
        """Version 3 → 4 rebuilds customers (name key stored as a hash, checks as comparisons)."""
        d = Desk(self, init=False)
        con = connect(d.db)
        for name in ("001_core.sql", "002_assign.sql", "003_report.sql"):
            with open(os.path.join(SOURCE_DIR, "schemas", name), encoding="utf-8") as f:
                con.executescript(f.read())
        con.execute("PRAGMA user_version = 3")
        con.execute("INSERT INTO staff (number, name, roles, created_at) VALUES ('1001', '张伟', 'consult', 0)")
        con.execute("INSERT INTO customers (number, name, company, phone, grade, name_key, registered_at, registered_by) "
                    "VALUES ('KH202610-0001', '王女士', '北京华信科技有限公司', '13912345678', 'A', "
                    "'北京华信科技有限公司|王女士', 0, 1)")
        con.execute("INSERT INTO contacts (customer_id, kind, contacted_at, registered_at, within_limit) "
                    "VALUES (1, 'new', 0, 0, 1)")
        con.commit()
        con.close()
        self.assertEqual(d.json("init")["state"], "upgraded")
        self.assertEqual(d.sql("PRAGMA foreign_key_check"), [])
        self.assertEqual(d.sql("SELECT count(*) FROM contacts WHERE customer_id = 1"), [(1,)])
        # a first contact logged in contacts before schema 5 is read once, not again from the row
        self.assertEqual(d.sql("SELECT kind FROM contact_log WHERE customer_id = 1"), [("new",)])
        # the stored key still finds the customer: same company and name, no phone given
        r = d.json("--as", "1001", "register", "--name", "王女士", "--company", "北京华信科技有限公司", "--email", "w@example.com")
        self.assertEqual((r["number"], r["status"], r["matched_on"]), ("KH202610-0001", "returning", "name"))
        self.assertEqual(d.sql("SELECT count(*) FROM customers"), [(1,)])
        # and the checks still hold
        con = connect(d.db)
        with self.assertRaises(sqlite3.IntegrityError):
            con.execute("UPDATE customers SET grade = 'D'")
        with self.assertRaises(sqlite3.IntegrityError):
            con.execute("UPDATE customers SET category = 'gone'")
        con.close()

    def test_other_commands_need_an_initialised_database(self):
        d = Desk(self, init=False)
        # On a server the command to run names the database: `csdesk --db '…' init`.
        d.fails(4, "staff", "list", says=["csdesk --db", "init"] if on_postgres() else "csdesk init")
        if on_postgres():
            self.assertEqual(d.sql("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"),
                             [(0,)], "a read must not create the schema")
        else:
            self.assertFalse(os.path.exists(d.db), "a read must not create the database")

    def test_refuses_newer_database_untouched(self):
        d = Desk(self)
        con = connect(d.db)
        con.execute("INSERT INTO schema_version (version) VALUES (999)" if on_postgres() else "PRAGMA user_version = 999")
        con.commit()
        con.close()
        before = d.db_digest()
        d.fails(5, "staff", "list", says="newer csdesk")
        d.fails(5, "init", says="newer csdesk")
        self.assertEqual(before, d.db_digest())

    @sqlite_only("a file that is not an SQLite database")
    def test_refuses_a_file_that_is_not_a_database_untouched(self):
        d = Desk(self, init=False)
        d.write("csdesk.db", b"name,phone\n\xe5\xbc\xa0,139\n" * 200)
        before = d.db_digest()
        d.fails(3, "init", says="not a csdesk database")
        d.fails(3, "staff", "list", says="not a csdesk database")
        self.assertEqual(before, d.db_digest())

    @sqlite_only("an SQLite file of another program")
    def test_refuses_a_foreign_sqlite_database_untouched(self):
        d = Desk(self, init=False)
        con = connect(d.db)
        con.execute("CREATE TABLE orders (id INTEGER)")
        con.commit()
        con.close()
        before = d.db_digest()
        d.fails(3, "init", says="not a csdesk database")
        self.assertEqual(before, d.db_digest())

    @sqlite_only("SQLite's journal mode")
    def test_wal_and_foreign_keys(self):
        d = Desk(self)
        self.assertEqual(d.sql("PRAGMA journal_mode")[0][0], "wal")


class Staff(unittest.TestCase):
    def test_table_lines_up_by_display_width(self):
        d = Desk(self)
        add_team(d)
        out = d.ok("staff", "list")
        golden(self, "foundation/staff_list.txt", out)
        lines = out.splitlines()
        # Every row's columns start at the same display column as the header's.
        import unicodedata

        def width(s):
            return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)

        header = lines[0]
        starts = [width(header[: header.index(t)]) for t in ("Name", "Roles", "Phone", "City")]
        for line in lines[2:]:
            cells = line.split("  ")
            self.assertTrue(len(cells) >= 3)
        for line in lines[2:]:
            # the Roles column starts at the same display offset in every row
            idx = [i for i, _ in enumerate(line)]
            prefix_w = 0
            col = 0
            seen_gap = 0
            for i, ch in enumerate(line):
                if line[i:i + 2] == "  " and (i + 2 < len(line) and line[i + 2] != " "):
                    seen_gap += 1
                    if seen_gap == 2:
                        col = width(line[: i + 2])
                        break
            self.assertEqual(col, starts[1], line)

    def test_phone_is_normalised_and_masked_for_agents(self):
        d = Desk(self)
        add_team(d)
        self.assertEqual(d.json("staff", "show", "3001")["phone"], "139****5678")
        self.assertEqual(d.json("staff", "show", "3001", "--as", "3001")["phone"], "13912345678")
        d.fails(3, "staff", "add", "1011", "新人", "--roles", "sales", "--phone", "12345", says="--phone")

    def test_chinese_headings(self):
        d = Desk(self)
        add_team(d)
        out = d.ok("staff", "list", "--lang", "zh")
        self.assertTrue(out.startswith("工号"))
        rows = d.json("staff", "list", "--lang", "zh")
        self.assertIn("number", rows[0], "JSON keys never change with the language")

    def test_csv_round_trips_commas_quotes_newlines(self):
        d = Desk(self)
        tricky = '王, "大" 明\n第二行'
        d.ok("staff", "add", "1009", tricky, "--roles", "consult", "--city", "北京,朝阳")
        text = d.ok("staff", "list", "--csv")
        rows = [r for r in csv.DictReader(io.StringIO(text, newline="")) if r["No."] == "1009"]
        self.assertEqual(rows[0]["Name"], tricky)
        self.assertEqual(rows[0]["City"], "北京,朝阳")
        bom = d.run("staff", "list", "--csv", "--bom").stdout
        self.assertTrue(bom.startswith(b"\xef\xbb\xbf"))
        self.assertFalse(d.ok("staff", "list", "--csv", "--no-header").startswith("No."))

    def test_json_parses_and_types_are_real(self):
        d = Desk(self)
        add_team(d)
        rows = d.json("staff", "list")
        self.assertEqual(len(rows), 5)  # the team and init's admin 0000, whose login is the account that ran init
        self.assertEqual((rows[0]["number"], rows[0]["roles"], rows[0]["login"]), ("0000", "admin", "root"))
        self.assertIs(rows[0]["active"], True)
        self.assertIsNone(rows[0]["phone"])
        self.assertIsNone(rows[1]["login"])
        one = d.json("staff", "show", "李娜")
        self.assertIsInstance(one, dict)
        self.assertEqual(one["number"], "2001")

    def test_deactivate_keeps_history_and_hides_from_list(self):
        d = Desk(self)
        add_team(d)
        d.ok("staff", "deactivate", "2001")
        self.assertNotIn("2001", [r["number"] for r in d.json("staff", "list")])
        self.assertIn("2001", [r["number"] for r in d.json("staff", "list", "--all")])
        d.fails(5, "staff", "deactivate", "2001", says="already deactivated")
        trail = d.json("history", "2001")
        self.assertEqual([t["action"] for t in trail], ["create", "deactivate"])
        self.assertEqual(trail[1]["actor"], "0000")
        self.assertIn("active: true → false", trail[1]["changes"])
        d.fails(5, "staff", "list", "--as", "2001", says="deactivated")

    def test_errors_and_exit_codes(self):
        d = Desk(self)
        add_team(d)
        before = d.db_digest()
        d.fails(5, "staff", "add", "1001", "重复", "--roles", "sales", says="1001")
        d.fails(3, "staff", "add", "1010", "新人", "--roles", "boss", says=["boss", "consult"])
        d.fails(3, "staff", "add", "1010", "新人", "--roles", "sales", "--shift", "night", says="--shift")
        d.fails(3, "staff", "add", "1010", "新人", "--roles", "sales", "--joined", "2026-02-30", says="--joined")
        d.fails(4, "staff", "show", "9999", says="9999")
        d.fails(4, "history", "KH209901-0001", says="KH209901-0001")
        d.fails(4, "staff", "list", "--as", "nobody", says="nobody")
        d.fails(2, "staf", "list", says="did you mean 'staff'")
        d.fails(2, "staff", "lsit", says="did you mean 'list'")
        d.fails(2, "staff", "list", "--bogus", says="--bogus")
        d.fails(3, "staff", "list", now="not-a-time", says="--now")
        d.fails(2, "staff", "list", "--format", "xml", says="--format")
        self.assertEqual(before, d.db_digest(), "failed commands must leave the database as it was")


class Config(unittest.TestCase):
    def show(self, d, **kw):
        return {r["key"]: r for r in d.json("config", "show", **kw)}

    def test_defaults_reproduce_domain_numbers(self):
        d = Desk(self)
        c = self.show(d)
        expect = {
            "intake.register_limit_minutes": "5", "assign.urgent_contact_minutes": "15",
            "sla.email_reply_hours": "24", "sla.delayed_feedback_hours": "24",
            "sla.decision_handover_hours": "24", "score.target": "330", "score.step": "10",
            "score.upper_threshold": "380", "score.upper_points": "110", "score.lower_threshold": "280",
            "score.lower_points": "90", "score.base_points": "100", "revisit.interval_days.A": "30",
            "revisit.interval_days.B": "90", "revisit.interval_days.C": "180", "hours.early": "09:00-16:30",
            "hours.late": "16:00-23:00", "hours.after_hours_duty_minutes": "60", "timezone": "Asia/Shanghai",
            "sla.resolution_hours.P1": "24", "sla.resolution_hours.P2": "72", "sla.resolution_hours.P3": "168",
            "targets.satisfaction_gain": "0.1", "targets.efficiency_gain": "0.2", "targets.repeat_purchase_rate": "0.75",
        }
        for k, v in expect.items():
            self.assertEqual(c[k]["value"], v, k)
            self.assertEqual(c[k]["source"], "default", k)

    def test_layering_file_env_flag(self):
        d = Desk(self)
        d.write("csdesk.toml", "lang = \"en\"\n[import]\nmax_field_bytes = 4096\n[storage]\nsynchronous = \"normal\"\n")
        c = self.show(d, env={"CSDESK_STORAGE_SYNCHRONOUS": "full"})
        self.assertEqual(c["import.max_field_bytes"]["value"], "4096")
        self.assertTrue(c["import.max_field_bytes"]["source"].endswith("csdesk.toml:3"), c["import.max_field_bytes"]["source"])
        self.assertEqual(c["storage.synchronous"]["value"], "full")
        self.assertEqual(c["storage.synchronous"]["source"], "env CSDESK_STORAGE_SYNCHRONOUS")
        c = self.show(d, env={"CSDESK_LANG": "en"})
        self.assertEqual(c["lang"]["source"], "env CSDESK_LANG")
        c = {r["key"]: r for r in json.loads(d.ok("config", "show", "--json", "--lang", "zh", env={"CSDESK_LANG": "en"}))}
        self.assertEqual(c["lang"]["value"], "zh")
        self.assertEqual(c["lang"]["source"], "flag --lang")
        # Department settings: defaults < the database.
        d.ok("config", "set", "score.target", "300", now="2026-11-05 09:00")
        c = self.show(d)
        self.assertEqual(c["score.target"]["value"], "300")
        self.assertEqual(c["score.target"]["source"], "database (set 2026-11-05 by 0000)")
        self.assertEqual(c["score.target"]["scope"], "department")
        self.assertEqual(c["lang"]["scope"], "desk")
        self.assertEqual(c["score.step"]["source"], "default")

    def test_config_search_order(self):
        d = Desk(self)
        os.makedirs(d.path(".config/csdesk"))
        d.write(".config/csdesk/csdesk.toml", "[import]\nmax_field_bytes = 1111\n")
        self.assertEqual(self.show(d)["import.max_field_bytes"]["value"], "1111")
        d.write("csdesk.toml", "[import]\nmax_field_bytes = 2222\n")
        self.assertEqual(self.show(d)["import.max_field_bytes"]["value"], "2222")
        d.write("other.toml", "[import]\nmax_field_bytes = 3333\n")
        self.assertEqual(self.show(d, env={"CSDESK_CONFIG": d.path("other.toml")})["import.max_field_bytes"]["value"], "3333")
        d.write("flag.toml", "[import]\nmax_field_bytes = 4444\n")
        c = {r["key"]: r for r in json.loads(d.ok("--config", d.path("flag.toml"), "config", "show", "--json",
                                                   env={"CSDESK_CONFIG": d.path("other.toml")}))}
        self.assertEqual(c["import.max_field_bytes"]["value"], "4444")
        d.fails(3, "--config", d.path("missing.toml"), "config", "show", says="missing.toml")

    def test_bad_config_names_file_line_and_key(self):
        d = Desk(self)
        d.write("csdesk.toml", "[import]\nmax_field_bytes = 2048\nmax_feld_bytes = 5\n")
        d.fails(3, "config", "show", says=["csdesk.toml:3", "import.max_feld_bytes", "did you mean 'import.max_field_bytes'"])
        d.write("csdesk.toml", "[storage]\n\nsynchronous = 5\n")
        d.fails(3, "config", "show", says=["csdesk.toml:3", "storage.synchronous", "string"])
        d.write("csdesk.toml", "[import]\nmax_field_bytes = -15\n")
        d.fails(3, "config", "show", says=["csdesk.toml:2", "import.max_field_bytes", "from 1024 to"])
        d.write("csdesk.toml", "[score\ntarget = 1\n")
        d.fails(3, "config", "show", says=["csdesk.toml:1", "TOML"])
        os.remove(d.path("csdesk.toml"))
        d.fails(3, "config", "show", env={"CSDESK_IMPORT_MAX_FIELD_BYTES": "lots"}, says=["CSDESK_IMPORT_MAX_FIELD_BYTES", "integer"])
        # The department's keys, through `config import` and `config set`, named the same way.
        d.write("department.toml", "[score]\ntarget = 330\ntagret = 5\n")
        d.fails(3, "config", "import", d.path("department.toml"), says=["department.toml:3", "score.tagret", "did you mean 'score.target'"])
        d.write("department.toml", "[sla]\nwork_hours = \"18:00-09:00\"\n")
        d.fails(3, "config", "import", d.path("department.toml"), says=["sla.work_hours", "HH:MM-HH:MM"])
        d.write("department.toml", "lang = \"zh\"\n")
        d.fails(3, "config", "import", d.path("department.toml"), says=["department.toml:1", "lang is a desk key", "CSDESK_LANG"])
        d.fails(3, "config", "set", "timezone", "Mars/Olympus", says="Mars/Olympus")
        d.fails(3, "config", "set", "score.target", "lots", says=["score.target", "integer"])
        d.fails(3, "config", "set", "lang", "zh", says=["lang is a desk key", "csdesk.toml"])
        d.fails(3, "config", "set", "score.tagret", "5", says="did you mean 'score.target'")

    def test_department_keys_are_refused_from_files_and_environment(self):
        d = Desk(self)
        before = d.db_digest()
        d.write("csdesk.toml", "[score]\ntarget = 300\n")
        d.fails(3, "staff", "list", says=["csdesk.toml:2", "score.target is a department setting",
                                          "csdesk config set score.target VALUE"])
        d.fails(3, "config", "show", says="csdesk.toml:2")
        os.remove(d.path("csdesk.toml"))
        d.fails(3, "staff", "list", env={"CSDESK_SCORE_TARGET": "300"},
                says=["CSDESK_SCORE_TARGET: score.target is a department setting", "unset CSDESK_SCORE_TARGET"])
        self.assertEqual(before, d.db_digest())

    def test_examples_document_every_key_with_its_default(self):
        import tomllib
        d = Desk(self)
        shown = {r["key"]: r for r in d.json("config", "show")}
        path = os.path.join(SOURCE_DIR, "examples", "csdesk.toml")
        desk = {r["key"]: r for r in d.json("--config", path, "config", "show")}
        with open(os.path.join(SOURCE_DIR, "examples", "department.toml"), "rb") as f:
            department = tomllib.load(f)

        def flat(table, prefix=""):
            for k, v in table.items():
                name = prefix + k
                if isinstance(v, dict) and name not in ("assign.region", "assign.need"):
                    yield from flat(v, name + ".")
                else:
                    yield name, v

        def text(v):
            if isinstance(v, bool):
                return "true" if v else "false"
            if isinstance(v, list):
                return ",".join(v)
            if isinstance(v, dict):
                return "; ".join(f"{k}={','.join(x)}" for k, x in v.items())
            if isinstance(v, float) and v.is_integer():
                return str(int(v))  # config show prints 2.0 as 2
            return str(v)
        documented = dict(flat(department))
        for key, row in shown.items():
            if row["scope"] == "desk":
                self.assertTrue(desk[key]["source"].startswith(path), f"examples/csdesk.toml does not set {key}")
                self.assertEqual(desk[key]["value"], row["value"], f"examples/csdesk.toml: {key} differs from the default")
                self.assertNotIn(key, documented, f"examples/department.toml sets the desk key {key}")
            else:
                self.assertIn(key, documented, f"examples/department.toml does not set {key}")
                self.assertEqual(text(documented[key]), row["value"], f"examples/department.toml: {key} differs from the default")
        # It is what `config import` takes: all defaults, so nothing changes.
        d.ok("config", "set", "score.target", "300")
        d.ok("config", "import", os.path.join(SOURCE_DIR, "examples", "department.toml"))
        self.assertEqual(self.show(d)["score.target"]["value"], "330")


class History(unittest.TestCase):
    def test_trail_records_operator_and_change(self):
        d = Desk(self)
        add_team(d)
        d.ok("staff", "edit", "2001", "--city", "成都", now="2026-11-03 09:15")
        trail = d.json("history", "2001")
        self.assertEqual(len(trail), 2)
        self.assertEqual(trail[1]["at"], "2026-11-03T09:15:00+08:00")
        self.assertEqual(trail[1]["actor"], "0000")  # root, who ran init: the admin
        self.assertEqual(trail[1]["changes"], "city: 北京 → 成都")
        self.assertEqual(json.loads(trail[1]["before"])["city"], "北京")


class Handover(unittest.TestCase):
    def test_add_and_list(self):
        d = Desk(self)
        add_team(d)
        # root is admin 0000, whose work is not a shift at the desk: no handover of its own.
        d.fails(6, "handover", "add", "--work-done", "x", says=["0000 (admin)", "permissions.handover"])
        d.fails(3, "handover", "add", "--as", "1001", says="--work-done")
        d.ok("--as", "1001", "handover", "add", "--work-done", "登记 42 个来电", "--open-issues", "等客户回复",
             now="2026-11-02 16:30")
        d.ok("--as", "2001", "handover", "add", "--staff-changes", "李娜 调休", now="2026-11-02 23:00")
        rows = d.json("handover", "list")
        self.assertEqual([r["staff"] for r in rows], ["2001 李娜", "1001 张伟"])
        self.assertEqual(rows[1]["work_done"], "登记 42 个来电")
        self.assertEqual(len(d.json("handover", "list", "--since", "2026-11-02 20:00")), 1)


if __name__ == "__main__":
    main()
