"""The server enforces what it can: the grants `init` makes on PostgreSQL, tried with psql as an
agent's own role, and `staff add --login ROLE --create-role`.

Needs a PostgreSQL server: CSDESK_TEST_PG is a libpq connection string to it whose user is a
superuser (scripts/pg-cluster.sh); without it the file skips (77)."""
import os
import subprocess
import sys
import unittest
import uuid

os.environ["CSDESK_TEST_ENGINE"] = "postgresql"  # this file is about the server, whichever suite runs it

from harness import BIN, PG, SKIPPED, Desk, as_role, dbname_of, pg_role, staff_group  # noqa: E402


def psql_as(conninfo, statement):
    """psql run with `conninfo` (one statement, stopping at the first error): the CompletedProcess."""
    return subprocess.run(["psql", conninfo, "-X", "-v", "ON_ERROR_STOP=1", "-qAtc", statement],
                          capture_output=True, text=True, timeout=60)


def rows(conninfo, statement):
    r = psql_as(conninfo, statement)
    if r.returncode != 0:
        raise AssertionError(f"psql {statement!r} exited {r.returncode}: {r.stderr}")
    return [line for line in r.stdout.splitlines() if line]


class Grants(unittest.TestCase):
    def setUp(self):
        # Desk made by the superuser, who is admin 0000 and owns the schema; an agent with a role of
        # their own, created by `staff add --create-role`.
        self.d = Desk(self, as_staff_role=False)
        self.group = staff_group(dbname_of(self.d.db))
        self.agent = f"agent_{uuid.uuid4().hex[:10]}"
        self.addCleanup(psql_as, PG, f'DROP ROLE IF EXISTS "{self.agent}"')
        err = self.d.run("staff", "add", "1001", "张伟", "--roles", "consult", "--login", self.agent, "--create-role")
        self.assertEqual(0, err.returncode, err.stderr.decode())
        self.agent_db = as_role(self.d.db, self.agent)
        self.d.ok("register", "--phone", "13912345678", "--name", "王先生", "--company", "华信科技", "--channel", "phone",
                  "--as", "1001")

    def refused(self, statement):
        r = psql_as(self.agent_db, statement)
        self.assertNotEqual(0, r.returncode, f"{statement!r} should be refused to {self.agent}; it gave {r.stdout!r}")
        self.assertTrue(any(why in r.stderr for why in ("permission denied", "must be owner", "must have admin option",
                                                            "must be superuser")),
                        f"{statement!r} failed, but not for want of a privilege: {r.stderr}")
        return r.stderr

    def test_the_role_is_a_login_in_the_staff_group(self):
        self.assertEqual(["t|f|f|f"], rows(PG, f"SELECT rolcanlogin, rolsuper, rolcreaterole, rolcreatedb "
                                               f"FROM pg_roles WHERE rolname = '{self.agent}'"))
        self.assertEqual(["t"], rows(PG, f"SELECT pg_has_role('{self.agent}', '{self.group}', 'MEMBER')"))
        self.assertEqual(["f"], rows(PG, f"SELECT rolcanlogin FROM pg_roles WHERE rolname = '{self.group}'"))

    def test_the_audit_trail_is_insert_only_for_the_agent(self):
        self.assertIn("permission denied for table audit", self.refused("DELETE FROM audit"))
        self.refused("UPDATE audit SET actor = '1001'")
        self.refused("TRUNCATE audit")
        self.refused("DELETE FROM audit_states")
        self.refused("UPDATE audit_states SET state_hash = ''")
        self.refused("UPDATE audit_key SET key_hex = ''")
        self.refused("DELETE FROM audit_key")
        self.refused("DELETE FROM schema_version")
        # The rows are all still there: check walks the chain unbroken.
        self.d.ok("check")

    def test_no_ddl_no_owner_no_granting_oneself(self):
        owner = rows(self.d.db, "SELECT tableowner FROM pg_tables WHERE tablename = 'audit'")[0]
        r = psql_as(self.agent_db, f'SET ROLE "{owner}"')
        self.assertNotEqual(0, r.returncode)
        self.assertIn("permission denied to set role", r.stderr)
        self.refused("DROP TABLE audit")
        self.refused("ALTER TABLE audit DISABLE TRIGGER ALL")
        self.refused("CREATE TABLE mine (x int)")
        # Granting oneself what the group lacks grants nothing (the group holds no grant option).
        r = psql_as(self.agent_db, f'GRANT UPDATE, DELETE ON audit TO "{self.agent}"')
        self.assertIn("no privileges were granted", r.stderr)
        self.refused("DELETE FROM audit")
        self.refused(f'GRANT "{self.group}" TO "{self.agent}" WITH ADMIN OPTION')
        self.refused(f'GRANT "{owner}" TO "{self.agent}"')
        self.refused(f'CREATE ROLE "{self.agent}_2" LOGIN')
        # With psql the agent is just a member of the group: the grants are the group's.
        r = psql_as(self.agent_db, "SELECT count(*) FROM audit")
        self.assertEqual(0, r.returncode, r.stderr)

    def test_csdesk_as_the_agent_still_works(self):
        r = subprocess.run([BIN, "--db", self.agent_db, "register", "--phone", "13800001111", "--name", "李女士",
                            "--company", "远航贸易", "--channel", "phone"], cwd=self.d.dir, env=self.d.env,
                           capture_output=True, timeout=120)
        self.assertEqual(0, r.returncode, r.stderr.decode())
        number = rows(self.d.db, "SELECT number FROM customers WHERE company = '远航贸易'")[0]
        r = subprocess.run([BIN, "--db", self.agent_db, "customer", "show", number, "--json"], cwd=self.d.dir,
                           env=self.d.env, capture_output=True, timeout=120)
        self.assertEqual(0, r.returncode, r.stderr.decode())
        self.assertIn("远航贸易", r.stdout.decode())
        # Every row the agent's csdesk wrote is in the chain, which the admin's check walks.
        self.d.ok("check")

    def test_create_role_without_createrole_prints_the_sql_and_creates_nothing(self):
        # A second admin whose role may not create roles.
        admin2 = f"admin_{uuid.uuid4().hex[:10]}"
        self.addCleanup(psql_as, PG, f'DROP ROLE IF EXISTS "{admin2}"')
        self.d.ok("staff", "add", "0002", "赵敏", "--roles", "admin", "--login", admin2, "--create-role")
        newcomer = f"agent_{uuid.uuid4().hex[:10]}"
        self.addCleanup(psql_as, PG, f'DROP ROLE IF EXISTS "{newcomer}"')
        r = subprocess.run([BIN, "--db", as_role(self.d.db, admin2), "staff", "add", "1002", "李娜", "--roles",
                            "consult", "--login", newcomer, "--create-role"], cwd=self.d.dir, env=self.d.env,
                           capture_output=True, timeout=120)
        self.assertEqual(0, r.returncode, r.stderr.decode())
        err = r.stderr.decode()
        self.assertIn("CREATEROLE", err)
        self.assertIn(f'CREATE ROLE "{newcomer}" LOGIN;', err)
        self.assertIn(f'GRANT "{self.group}" TO "{newcomer}";', err)
        self.assertEqual(["0"], rows(PG, f"SELECT count(*) FROM pg_roles WHERE rolname = '{newcomer}'"))
        # The SQL printed is what a DBA runs; after it, the newcomer works.
        for statement in (f'CREATE ROLE "{newcomer}" LOGIN', f'GRANT "{self.group}" TO "{newcomer}"'):
            rows(self.d.db, statement)
        r = subprocess.run([BIN, "--db", as_role(self.d.db, newcomer), "staff", "show", "1002", "--json"],
                           cwd=self.d.dir, env=self.d.env, capture_output=True, timeout=120)
        self.assertEqual(0, r.returncode, r.stderr.decode())

    def test_without_create_role_the_sql_is_printed(self):
        login = f"agent_{uuid.uuid4().hex[:10]}"
        r = self.d.run("staff", "add", "1003", "孙丽", "--roles", "sales", "--login", login)
        self.assertEqual(0, r.returncode, r.stderr.decode())
        self.assertIn(f'CREATE ROLE "{login}" LOGIN;', r.stderr.decode())
        self.assertEqual(["0"], rows(PG, f"SELECT count(*) FROM pg_roles WHERE rolname = '{login}'"))

    def test_deactivate_takes_login_away_and_activate_gives_it_back(self):
        self.d.ok("staff", "deactivate", "1001")
        self.assertEqual(["f"], rows(PG, f"SELECT rolcanlogin FROM pg_roles WHERE rolname = '{self.agent}'"))
        r = psql_as(self.agent_db, "SELECT 1")
        self.assertNotEqual(0, r.returncode)
        self.assertIn("not permitted to log in", r.stderr)
        self.d.ok("staff", "activate", "1001")
        self.assertEqual(["t"], rows(PG, f"SELECT rolcanlogin FROM pg_roles WHERE rolname = '{self.agent}'"))

    # Not yet: the personal-data columns are granted to the staff group like the others (README, "Not yet").
    # This fails until they are kept from staff roles and read through a need-to-know function.
    @unittest.expectedFailure
    def test_personal_columns_are_not_readable_directly(self):
        for column in ("phone", "email", "qq", "wechat"):
            self.refused(f"SELECT {column} FROM customers")

    def test_create_role_is_refused_when_the_role_cannot_be_made_and_nothing_is_written(self):
        before = rows(self.d.db, "SELECT count(*) FROM staff")
        self.d.fails(3, "staff", "add", "1004", "周杰", "--roles", "consult", "--create-role", says="--login")
        self.assertEqual(before, rows(self.d.db, "SELECT count(*) FROM staff"))


class OnAFile(unittest.TestCase):
    def test_create_role_is_refused_on_sqlite(self):
        import tempfile
        with tempfile.TemporaryDirectory() as where:
            db = os.path.join(where, "csdesk.db")
            env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": where, "LANG": "C.UTF-8", "NO_COLOR": "1"}
            subprocess.run([BIN, "--db", db, "init"], env=env, check=True, capture_output=True)
            r = subprocess.run([BIN, "--db", db, "staff", "add", "1001", "张伟", "--roles", "consult", "--login", "zw",
                                "--create-role"], env=env, capture_output=True)
            self.assertEqual(3, r.returncode)
            self.assertIn("SQLite", r.stderr.decode())
            r = subprocess.run([BIN, "--db", db, "staff", "list", "--json"], env=env, capture_output=True)
            self.assertNotIn("1001", r.stdout.decode())


if __name__ == "__main__":
    if not PG:
        print("skipped: CSDESK_TEST_PG names no PostgreSQL server (see scripts/test-pg.sh)")
        sys.exit(SKIPPED)
    unittest.main(verbosity=2)
