"""One department on both engines: the demo (examples/demo.sh: staff, registrations, an import,
allocation, complaints through their states, revisits, score adjustments) built on SQLite and on
PostgreSQL gives byte-identical --json for report monthly, score, customer show and history; and
`csdesk copy --to` moves it from one engine to the other and back with `check` passing on every
end. Needs a PostgreSQL server (CSDESK_TEST_PG); skipped without one."""
import json
import os
import shutil
import subprocess
import tempfile
import unittest
import uuid

from harness import BIN, PG, SKIPPED, SOURCE_DIR, new_pg_database, psql, with_dbname

NOW = "2026-11-03 09:00"


class Department:
    """One database (an SQLite file or a PostgreSQL database) and how to run csdesk on it."""

    def __init__(self, test, tmp, db):
        self.test, self.tmp, self.db = test, tmp, db
        self.env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": tmp, "LANG": "C.UTF-8", "NO_COLOR": "1",
                    "TZ": "Asia/Shanghai", "CSDESK_CONFIG": os.path.join(tmp, "csdesk.toml")}

    def run(self, *args, now=NOW):
        return subprocess.run([BIN, "--db", self.db, "--now", now, *args], env=self.env, capture_output=True,
                              timeout=600)

    def ok(self, *args, **kw):
        r = self.run(*args, **kw)
        if r.returncode != 0:
            raise AssertionError(f"csdesk {' '.join(args)} on {self.db} exited {r.returncode}: {r.stderr.decode()}")
        return r.stdout

    def fails(self, code, *args, says):
        r = self.run(*args)
        self.test.assertEqual(r.returncode, code, f"csdesk {' '.join(args)}: {r.stdout.decode()} {r.stderr.decode()}")
        self.test.assertIn(says, r.stderr.decode())


def build_demo(test, db, cleanup):
    """The demo department built by examples/demo.sh on `db` (None: a file in a new directory)."""
    tmp = tempfile.mkdtemp(prefix="csdesk-engines-")
    cleanup(shutil.rmtree, tmp, True)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": tmp, "LANG": "C.UTF-8", "NO_COLOR": "1",
           "CSDESK": os.path.abspath(BIN)}
    if db:
        env["CSDESK_DEMO_DB"] = db
    demo = os.path.join(tmp, "demo")
    r = subprocess.run(["bash", os.path.join(SOURCE_DIR, "examples", "demo.sh"), demo], env=env,
                       capture_output=True, timeout=900)
    if r.returncode != 0:
        raise AssertionError(f"examples/demo.sh on {db or 'a file'} failed: {r.stderr.decode()[-3000:]}")
    department = Department(test, demo, db or os.path.join(demo, "csdesk.db"))
    return department


# What the issue names, and a little more: the month's report and scores, one customer's card,
# the audit trail of a customer, of a complaint, and the whole trail.
def views(department):
    first_customer = json.loads(department.ok("customer", "list", "--json"))
    numbers = sorted(c["number"] for c in first_customer)
    complaints = sorted(c["number"] for c in json.loads(department.ok("complain", "list", "--json")))
    queries = [("report", "monthly", "--month", "2026-10"), ("report", "monthly", "--month", "2026-09"),
               ("score", "--month", "2026-10"), ("customer", "show", numbers[0]), ("customer", "show", numbers[-1]),
               ("history", numbers[3]), ("history", numbers[-1]), ("history", complaints[0]), ("history", complaints[-1]),
               ("history", "1001"), ("history", "3001")]
    return {" ".join(q): department.ok(*q, "--json") for q in queries}


class BothEngines(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not PG:
            raise unittest.SkipTest("CSDESK_TEST_PG names no PostgreSQL server")
        # Built once (about 20 s each); each test works on its own copy of the file's.
        cls.file_demo = build_demo(cls, None, cls.addClassCleanup)
        name = "csdesk_e2e_" + uuid.uuid4().hex[:16]
        psql(PG, f'CREATE DATABASE "{name}"')
        cls.addClassCleanup(psql, PG, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cls.server_demo = build_demo(cls, with_dbname(PG, name), cls.addClassCleanup)

    def demo_on_file(self):
        """A copy of the demo's directory (its database, key and desk config) for this test alone."""
        tmp = tempfile.mkdtemp(prefix="csdesk-engines-")
        self.addCleanup(shutil.rmtree, tmp, True)
        demo = os.path.join(tmp, "demo")
        shutil.copytree(self.file_demo.tmp, demo)
        return Department(self, demo, os.path.join(demo, "csdesk.db"))

    def test_the_demo_gives_byte_identical_json_on_both_engines(self):
        file_views, server_views = views(self.file_demo), views(self.server_demo)
        self.assertGreater(len(json.loads(file_views["history 1001"])), 0)
        for query, expected in file_views.items():
            self.assertEqual(expected.decode(), server_views[query].decode(), f"csdesk {query} --json differs")

    def test_copy_moves_the_department_to_postgresql_and_back(self):
        on_file = self.demo_on_file()
        before = views(on_file)
        server_db = new_pg_database(self)
        copied = json.loads(on_file.ok("copy", "--to", server_db, "--json"))
        self.assertEqual(copied["engine"], "postgresql")
        self.assertTrue(copied["key_carried"])
        on_server = Department(self, on_file.tmp, server_db)
        on_server.ok("check")
        on_file.ok("check")
        after = views(on_server)
        for query in ("report monthly --month 2026-10", "score --month 2026-10", "customer show"):
            for key in before:
                if key.startswith(query):
                    self.assertEqual(before[key].decode(), after[key].decode(), f"csdesk {key} --json differs after copy")

        # And back: the server's department into a new SQLite file (the offline snapshot).
        snapshot = os.path.join(on_file.tmp, "snapshot.db")
        back = json.loads(on_server.ok("copy", "--to", snapshot, "--json"))
        self.assertEqual(back["engine"], "sqlite")
        self.assertEqual(back["rows"], copied["rows"])
        self.assertEqual(back["audit_rows"], copied["audit_rows"])
        self.assertEqual(oct(os.stat(snapshot).st_mode & 0o777), "0o600")
        self.assertTrue(os.path.exists(snapshot + ".key"))
        on_snapshot = Department(self, on_file.tmp, snapshot)
        on_snapshot.ok("check")
        again = views(on_snapshot)
        for query in ("report monthly --month 2026-10", "score --month 2026-10"):
            self.assertEqual(before[query].decode(), again[query].decode(), f"csdesk {query} --json differs after copying back")

    def test_copy_refuses_a_database_that_holds_a_department_and_changes_nothing(self):
        on_file = self.demo_on_file()
        server_db = new_pg_database(self)
        on_file.ok("copy", "--to", server_db)
        on_server = Department(self, on_file.tmp, server_db)
        check = json.loads(on_server.ok("check", "--json"))
        on_file.fails(5, "copy", "--to", server_db, says="already holds a department")
        self.assertEqual(check, json.loads(on_server.ok("check", "--json")))
        existing = os.path.join(on_file.tmp, "taken.db")
        with open(existing, "w") as f:
            f.write("mine")
        on_file.fails(5, "copy", "--to", existing, says="--force")
        with open(existing) as f:
            self.assertEqual(f.read(), "mine")
        # Only those who may take a backup may copy: every customer's personal data goes with it.
        on_file.fails(6, "--as", "1001", "copy", "--to", os.path.join(on_file.tmp, "mine.db"), says="backup")
        self.assertFalse(os.path.exists(os.path.join(on_file.tmp, "mine.db")))

    def test_backup_of_a_server_is_an_sqlite_file_that_checks(self):
        on_file = self.demo_on_file()
        server_db = new_pg_database(self)
        on_file.ok("copy", "--to", server_db)
        on_server = Department(self, on_file.tmp, server_db)
        dest = os.path.join(on_server.tmp, "kefu.db")
        result = json.loads(on_server.ok("backup", dest, "--json"))
        self.assertGreater(result["audit_rows"], 300)
        on_copy = Department(self, on_server.tmp, dest)
        on_copy.ok("check")
        self.assertEqual(on_server.ok("report", "monthly", "--month", "2026-10", "--json"),
                         on_copy.ok("report", "monthly", "--month", "2026-10", "--json"))

    def test_a_password_in_db_never_reaches_a_message(self):
        department = self.demo_on_file()
        unreachable = Department(self, department.tmp, "postgresql://kefu_admin:sekrit-42@127.0.0.1:1/kefu")
        r = unreachable.run("report", "monthly")
        self.assertEqual(r.returncode, 3, r.stderr.decode())  # invalid: the --db given cannot be used
        self.assertIn("postgresql://kefu_admin:***@127.0.0.1:1/kefu", r.stderr.decode())
        self.assertNotIn("sekrit", r.stderr.decode() + r.stdout.decode())
        # A role the server lets in (the test server trusts every role) that csdesk does not: refused by
        # the server's grants or by the staff list, the message names no password either way.
        server_db = new_pg_database(self)
        department.ok("copy", "--to", server_db)
        psql(server_db, "CREATE ROLE csdesk_e2e_stranger LOGIN")
        self.addCleanup(psql, PG, "DROP ROLE IF EXISTS csdesk_e2e_stranger")
        stranger = Department(self, department.tmp, server_db + " user=csdesk_e2e_stranger password=sekrit-42")
        r = stranger.run("report", "monthly")
        self.assertIn(r.returncode, (3, 6), r.stderr.decode())  # no CONNECT for it (3), or no staff member (6)
        self.assertNotIn("sekrit", r.stderr.decode() + r.stdout.decode())


if __name__ == "__main__":
    if not PG:
        print("skipped: CSDESK_TEST_PG names no PostgreSQL server (see scripts/test-pg.sh)")
        raise SystemExit(SKIPPED)
    unittest.main(verbosity=2)
