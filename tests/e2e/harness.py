"""Shared helpers for end-to-end tests: run the real csdesk binary in a temporary directory.

Each test file is a unittest module run by ctest (see tests/CMakeLists.txt). Use:

    from harness import Desk, golden
    class T(unittest.TestCase):
        def test_x(self):
            d = Desk(self)                       # fresh temp dir + database, fixed clock
            d.ok("staff", "add", "1001", "张伟", "--roles", "consult")
            r = d.run("staff", "show", "9999")   # returns CompletedProcess, no check
            d.fails(4, "staff", "show", "9999", says="9999")
            rows = d.json("staff", "list")       # parsed JSON
"""
import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import uuid

BIN = os.environ.get("CSDESK_BIN") or os.path.join(os.path.dirname(__file__), "..", "..", "build", "csdesk")
SOURCE_DIR = os.environ.get("CSDESK_SOURCE_DIR") or os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
GOLDEN_DIR = os.path.join(SOURCE_DIR, "tests", "golden")
FIXTURES = os.path.join(SOURCE_DIR, "tests", "fixtures")
# The schema version a new database gets: the highest schemas/NNN_*.sql.
LATEST_SCHEMA = max(int(f[:3]) for f in os.listdir(os.path.join(SOURCE_DIR, "schemas")) if f.endswith(".sql"))
UPDATE_GOLDEN = os.environ.get("CSDESK_UPDATE_GOLDEN") == "1"
# The engine under test: SQLite files (the default), or with CSDESK_TEST_ENGINE=postgresql a new
# database per Desk on the PostgreSQL server CSDESK_TEST_PG names (a libpq key=value string, e.g.
# the one scripts/pg-cluster.sh prints). ctest's pg_* tests run each e2e file that way.
ENGINE = os.environ.get("CSDESK_TEST_ENGINE", "sqlite")
PG = os.environ.get("CSDESK_TEST_PG", "")
SKIPPED = 77  # ctest's SKIP_RETURN_CODE for the pg_* tests


def on_postgres():
    return ENGINE == "postgresql"


def psql(conninfo, statement):
    subprocess.run(["psql", conninfo, "-v", "ON_ERROR_STOP=1", "-qAtc", statement], check=True,
                   stdout=subprocess.DEVNULL)


def with_dbname(conninfo, name):
    kept = [part for part in conninfo.split() if not part.startswith("dbname=")]
    return " ".join(kept + [f"dbname={name}"])


def new_pg_database(test):
    """A new, empty database on the test server, dropped when the test ends; its connection string.
    The staff group role `init` makes for it (NAME_staff) is dropped too."""
    name = "csdesk_e2e_" + uuid.uuid4().hex[:16]
    psql(PG, f'CREATE DATABASE "{name}"')
    test.addCleanup(psql, PG, f'DROP ROLE IF EXISTS "{staff_group(name)}"')
    test.addCleanup(psql, PG, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return with_dbname(PG, name)


# Run every Desk's csdesk as a plain role instead of the cluster's superuser (CSDESK_TEST_PG_AS_STAFF=1,
# or Desk(…, as_staff_role=True)): what the grants `init` makes must be enough for every command.
AS_STAFF_ROLE = os.environ.get("CSDESK_TEST_PG_AS_STAFF") == "1"


def staff_group(dbname):
    """The group role of a database's staff, as csdesk names it (the name cut to 57 bytes + _staff)."""
    return dbname.encode()[:57].decode(errors="ignore") + "_staff"


def dbname_of(conninfo):
    return next(part[len("dbname="):] for part in conninfo.split() if part.startswith("dbname="))


def as_role(conninfo, role):
    """The connection string `conninfo` for the role `role` (the test server trusts local connections)."""
    kept = [part for part in conninfo.split() if not part.startswith("user=")]
    return " ".join(kept + [f"user={role}"])


def pg_role(test, name, *attributes, member_of=()):
    """A role on the test server (e.g. pg_role(self, "agent1", "LOGIN")), dropped when the test ends (after
    the databases it has privileges in: register it before them, or it is dropped with DROP OWNED)."""
    psql(PG, f'CREATE ROLE "{name}" {" ".join(attributes)}')
    for group in member_of:
        psql(PG, f'GRANT "{group}" TO "{name}"')
    test.addCleanup(psql, PG, f'DROP ROLE IF EXISTS "{name}"')
    return name


def init_as_staff_role(desk):
    """`init` run so that admin 0000 is a plain LOGIN role in the staff group, and the schema belongs to
    another (NOLOGIN) role: the role is a superuser only while init runs (which makes it admin 0000 and the
    owner), then the owner's objects pass to the schema owner and the role keeps only the staff group's
    grants. Returns the connection string csdesk uses from then on."""
    name = dbname_of(desk.db)
    owner, staff = f"{name}_owner", f"{name}_admin"
    pg_role(desk.test, owner, "NOLOGIN")
    pg_role(desk.test, staff, "LOGIN", "SUPERUSER")
    desk.test.addCleanup(psql, desk.db, f'DROP OWNED BY "{staff}", "{owner}" CASCADE')  # before the roles go
    conninfo = as_role(desk.db, staff)
    # Named as the superuser's admin is (its login), so tables of staff look the same.
    r = subprocess.run([BIN, "--db", conninfo, "--now", desk.now, "init", "--admin-name", "root"], cwd=desk.dir, env=desk.env,
                       capture_output=True, timeout=600)
    if r.returncode != 0:
        desk.test.fail(f"csdesk init as {staff} exited {r.returncode}\nstderr: {r.stderr.decode(errors='replace')}")
    psql(desk.db, f'REASSIGN OWNED BY "{staff}" TO "{owner}"')
    psql(PG, f'ALTER ROLE "{staff}" NOSUPERUSER')
    psql(PG, f'GRANT "{staff_group(name)}" TO "{staff}"')
    return conninfo


class Desk:
    """A temporary working directory with its own database and a fixed clock."""

    def __init__(self, test, now="2026-11-02 10:00", init=True, env=None, settings=None, as_staff_role=None):
        self.test = test
        self.dir = tempfile.mkdtemp(prefix="csdesk-e2e-")
        test.addCleanup(shutil.rmtree, self.dir, True)
        self.db = new_pg_database(test) if on_postgres() else os.path.join(self.dir, "csdesk.db")
        # With as_staff_role, csdesk's connection string (the tests' own reads and writes keep self.db).
        self.staff_role_db = None
        self.now = now
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": self.dir,
            "XDG_CONFIG_HOME": os.path.join(self.dir, ".config"),
            "LANG": "C.UTF-8",
            "NO_COLOR": "1",
            "TZ": "UTC",
        }
        if env:
            self.env.update(env)
        as_staff_role = AS_STAFF_ROLE if as_staff_role is None else as_staff_role
        if init and on_postgres() and as_staff_role:
            self.staff_role_db = init_as_staff_role(self)
        elif init:
            self.ok("init")
        if settings:
            self.settings(settings)

    def settings(self, values, **kw):
        """Sets department settings ({"score.target": 3, …}) as the admin (root, 0000), all at once
        (`config import`), since several may only agree together."""
        self.ok("config", "import", self.write("settings.toml", toml_text(values)), **kw)

    def path(self, name):
        return os.path.join(self.dir, name)

    def write(self, name, content, encoding="utf-8"):
        p = self.path(name)
        mode = "wb" if isinstance(content, bytes) else "w"
        with open(p, mode, **({} if isinstance(content, bytes) else {"encoding": encoding, "newline": ""})) as f:
            f.write(content)
        return p

    def run(self, *args, now=None, env=None, stdin=None, db=True):
        cmd = [BIN]
        if db:
            cmd += ["--db", self.staff_role_db or self.db]
        n = self.now if now is None else now
        if n:
            cmd += ["--now", n]
        cmd += [str(a) for a in args]
        e = dict(self.env)
        if env:
            e.update(env)
        data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
        return subprocess.run(cmd, cwd=self.dir, env=e, input=data, capture_output=True, timeout=600)

    def ok(self, *args, **kw):
        r = self.run(*args, **kw)
        if r.returncode != 0:
            self.test.fail(f"csdesk {' '.join(map(str, args))} exited {r.returncode}\nstdout: {r.stdout.decode(errors='replace')}\nstderr: {r.stderr.decode(errors='replace')}")
        return r.stdout.decode("utf-8")

    def fails(self, code, *args, says=None, **kw):
        r = self.run(*args, **kw)
        err = r.stderr.decode("utf-8", errors="replace")
        if r.returncode != code:
            self.test.fail(f"csdesk {' '.join(map(str, args))}: expected exit {code}, got {r.returncode}\nstdout: {r.stdout.decode(errors='replace')}\nstderr: {err}")
        if says is not None:
            for s in ([says] if isinstance(says, str) else says):
                self.test.assertIn(s, err, f"stderr should mention {s!r}")
        return err

    def json(self, *args, **kw):
        return json.loads(self.ok(*args, "--json", **kw))

    def csv(self, *args, **kw):
        return list(csv.DictReader(io.StringIO(self.ok(*args, "--csv", **kw))))

    def db_digest(self):
        """Bytes of the database (after a checkpoint-free read): unchanged means untouched. On a server,
        every row of every table instead (the sequences aside: a rolled-back insert still advances them)."""
        h = hashlib.sha256()
        if on_postgres() and not os.path.exists(self.db):
            for table, rows in self.sql_rows_by_table():
                h.update(table.encode())
                for row in rows:
                    h.update(row.encode())
            return h.hexdigest()
        for suffix in ("", "-wal"):
            p = self.db + suffix
            if os.path.exists(p):
                with open(p, "rb") as f:
                    h.update(f.read())
        return h.hexdigest()

    def sql_rows_by_table(self):
        """(table, its rows as text, sorted) for every table of the server database."""
        import psycopg2
        con = psycopg2.connect(self.db)
        try:
            with con.cursor() as cur:
                cur.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                            "AND table_type = 'BASE TABLE' ORDER BY table_name")
                out = []
                for (table,) in cur.fetchall():
                    cur.execute(f'SELECT t::text FROM "{table}" t ORDER BY 1')
                    out.append((table, [row for (row,) in cur.fetchall()]))
                return out
        finally:
            con.close()

    def sql(self, query):
        """Read-only look at the database with Python's sqlite3 or psycopg2 (tests only)."""
        if on_postgres():
            import psycopg2
            con = psycopg2.connect(self.db)
            try:
                with con.cursor() as cur:
                    cur.execute(query)
                    return cur.fetchall()
            finally:
                con.close()
        import sqlite3
        con = sqlite3.connect(f"file:{self.db}?mode=ro", uri=True)
        try:
            return con.execute(query).fetchall()
        finally:
            con.close()


def toml_text(values):
    """{"score.target": 3, "sla.calendar": True, "sla.work_days": ["mon"]} as TOML (dotted keys)."""
    def value(v):
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (int, float)):
            return repr(v)
        if isinstance(v, (list, tuple)):
            return "[" + ", ".join(value(x) for x in v) + "]"
        if isinstance(v, dict):
            return "{" + ", ".join(f"{json.dumps(k, ensure_ascii=False)} = {value(x)}" for k, x in v.items()) + "}"
        return json.dumps(str(v), ensure_ascii=False)
    return "".join(f"{k} = {value(v)}\n" for k, v in values.items())


class _ServerConnection:
    """psycopg2 behind the few sqlite3 calls the tests make (`?` parameters, `with con:`, execute, executemany).
    Each identity is moved past the ids already given (csdesk gives audit ids itself) and, at a commit, past
    those the test inserted, as SQLite's rowids continue from the largest by themselves."""

    def __init__(self, db):
        import psycopg2
        self.con = psycopg2.connect(db)
        self._advance_identities()

    @staticmethod
    def _sql(query):
        return query.replace("%", "%%").replace("?", "%s")

    def execute(self, query, params=()):
        cur = self.con.cursor()
        cur.execute(self._sql(query), tuple(params))
        return cur

    def executemany(self, query, rows):
        cur = self.con.cursor()
        cur.executemany(self._sql(query), [tuple(r) for r in rows])
        return cur

    def commit(self):
        self._advance_identities()
        self.con.commit()

    def _advance_identities(self):
        self.con.cursor().execute(
            "DO $$ DECLARE t record; BEGIN FOR t IN SELECT table_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND column_name = 'id' AND is_identity = 'YES' LOOP "
            "EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, ''id''), (SELECT coalesce(max(id), 0) + 1 FROM %I), "
            "false)', t.table_name, t.table_name); END LOOP; END $$")

    def rollback(self):
        self.con.rollback()

    def close(self):
        self.con.close()

    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb):
        if kind is None:
            self.commit()
        else:
            self.rollback()
        return False


def connect(db):
    """A connection to the database a Desk made: Python's sqlite3 for a file, psycopg2 (as above) on a server."""
    if on_postgres() and not os.path.exists(db):
        return _ServerConnection(db)
    import sqlite3
    return sqlite3.connect(db)


def edit(db, *statements):
    """Changes the database behind csdesk's back (Python's sqlite3, or psycopg2 on a server), as an intruder or a
    broken disk would."""
    if on_postgres() and not os.path.exists(db):
        import psycopg2
        con = psycopg2.connect(db)
        try:
            with con.cursor() as cur:
                for s in statements:
                    cur.execute(s)
            con.commit()
        finally:
            con.close()
        return
    import sqlite3
    con = sqlite3.connect(db)
    try:
        for s in statements:
            con.execute(s)
        con.commit()
    finally:
        con.close()


def after_schema_11(con):
    """Undoes what the schemas after 11 added (tables, columns and indexes; 017 only widened a CHECK) on a database
    this csdesk created, for tests that fake a database from version 11 or before."""
    con.execute("DROP TABLE IF EXISTS purchases")
    con.execute("DROP INDEX IF EXISTS customers_category_registered")
    con.execute("DROP TABLE IF EXISTS complaint_handovers")
    columns = {row[1] for row in con.execute("PRAGMA table_info(complaints)")}
    for column in ("crisis_at", "crisis_plan", "crisis_plan_at", "expected_by", "confirmed_by"):
        if column in columns:
            con.execute(f"ALTER TABLE complaints DROP COLUMN {column}")
    con.execute("DROP TABLE IF EXISTS revisit_opinions")
    con.execute("DROP TABLE IF EXISTS revisit_complaints")
    # 020: the contact-time flags, the contact log that shows them, the notifications' customer index.
    con.execute("DROP INDEX IF EXISTS notifications_customer")
    con.execute("DROP VIEW IF EXISTS contact_log")
    for table, column in (("contacts", "time_known"), ("customers", "first_time_known")):
        if any(row[1] == column for row in con.execute(f"PRAGMA table_info({table})")):
            con.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    con.execute(
        "CREATE VIEW contact_log (id, customer_id, kind, channel, agent_id, contacted_at, registered_at, within_limit, "
        "urgent, note) AS SELECT id, customer_id, kind, channel, agent_id, contacted_at, registered_at, within_limit, "
        "urgent, note FROM contacts UNION ALL SELECT NULL, id, 'new', first_channel, registered_by, contacted_at, "
        "registered_at, first_within_limit, first_urgent, first_note FROM customers WHERE first_within_limit IS NOT NULL")
    con.execute("DROP TABLE IF EXISTS attendance")
    con.execute("DROP TABLE IF EXISTS duty_rota")
    for column in ("receiver_id", "confirmed_at"):
        if any(row[1] == column for row in con.execute("PRAGMA table_info(handovers)")):
            con.execute(f"ALTER TABLE handovers DROP COLUMN {column}")


def before_schema_11(con):
    """Undoes schema 11 (the keyed audit columns and audit_states) on a database this csdesk created."""
    after_schema_11(con)
    con.execute("DROP TABLE IF EXISTS audit_states")
    for column in ("entered_by", "recorded_at", "state_hash"):
        con.execute(f"ALTER TABLE audit DROP COLUMN {column}")
    for column in ("chain_rows", "chain_head"):
        con.execute(f"ALTER TABLE frozen_reports DROP COLUMN {column}")


def before_schema_10(con):
    """Undoes schema 10 on a database this csdesk created: no settings table."""
    con.execute("DROP TABLE settings")


def before_schema_9(con):
    """Undoes schemas 11, 10 and 9 on a database this csdesk created: no logins, and so no first admin (row 0,
    made by init), as in a database from before csdesk took the operator from the system."""
    before_schema_11(con)
    before_schema_10(con)
    con.execute("DROP INDEX staff_login")
    con.execute("DELETE FROM staff_roles WHERE staff_id = 0")
    con.execute("DELETE FROM staff WHERE id = 0")
    con.execute("ALTER TABLE staff DROP COLUMN login")


def before_schema_8(con):
    """Undoes schemas 9 and 8 on a database this csdesk created, for tests that fake an older version:
    staff roles back in the comma list they were kept in before (schemas/008_staff_roles.sql)."""
    before_schema_9(con)
    con.execute("ALTER TABLE staff ADD COLUMN roles TEXT NOT NULL DEFAULT ''")
    con.execute("UPDATE staff SET roles = coalesce((SELECT group_concat(role, ',') FROM "
                "(SELECT role FROM staff_roles r WHERE r.staff_id = staff.id ORDER BY position)), '')")
    con.execute("DROP TABLE staff_roles")


def golden(test, name, actual):
    """Compares text with tests/golden/NAME; CSDESK_UPDATE_GOLDEN=1 rewrites it."""
    path = os.path.join(GOLDEN_DIR, name)
    if UPDATE_GOLDEN or not os.path.exists(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(actual)
        if not UPDATE_GOLDEN:
            test.fail(f"golden file {name} did not exist; written now — check it and commit it")
        return
    with open(path, encoding="utf-8", newline="") as f:
        expected = f.read()
    test.assertEqual(expected, actual, f"output differs from tests/golden/{name} (CSDESK_UPDATE_GOLDEN=1 to accept)")


def sqlite_only(why):
    """Marks a test about the SQLite file itself (its bytes, -wal, PRAGMAs, a backup file): on
    PostgreSQL it is skipped, and main() reports it so, with `why`."""
    def mark(test):
        return unittest.skipIf(on_postgres(), f"SQLite only: {why}")(test)
    return mark


def main(engines=("sqlite", "postgresql")):
    """Runs the file's tests; `engines` names those it is about (("sqlite",) for the file itself:
    its modes, its -wal, tampering with it through sqlite3). Tests marked sqlite_only are skipped on
    PostgreSQL with their reason; there, a run where every test skipped exits SKIPPED (pg_* tests take
    it as a skip)."""
    if ENGINE not in engines:
        print(f"skipped: these tests are about the {' and '.join(engines)} engine, not {ENGINE}")
        sys.exit(SKIPPED)
    if on_postgres() and not PG:
        print("skipped: CSDESK_TEST_PG names no PostgreSQL server (see scripts/test-pg.sh)")
        sys.exit(SKIPPED)
    result = unittest.main(verbosity=2, exit=False).result
    for test, reason in result.skipped:
        print(f"skipped on {ENGINE}: {test.id()}: {reason}")
    if not result.wasSuccessful():
        sys.exit(1)
    if on_postgres() and result.testsRun and len(result.skipped) == result.testsRun:
        sys.exit(SKIPPED)


class SharedInstall:
    """The shared install of README "Shared install", in a temporary directory, with real OS accounts.

    csdesk is copied setgid to a fresh service group; the data directory is that group's only (2770);
    `init` runs as root, who becomes admin 0000. Each `account()` is a real OS account (useradd) mapped
    to a staff member with `staff add … --login`; `as_user(login, …)` runs csdesk as that account with
    runuser, the way a member of staff would. Everything is removed at cleanup. Needs root: tests skip
    otherwise.

        inst = SharedInstall(self)
        agent = inst.account("1001", "张伟", "consult")
        inst.fails_as(agent, 6, "staff", "edit", "1001", "--add-role", "admin", says="not permitted")
    """

    _serial = 0

    def __init__(self, test, now="2026-11-02 10:00"):
        if os.geteuid() != 0:
            test.skipTest("real OS accounts need root (useradd, runuser)")
        for tool in ("useradd", "userdel", "groupadd", "groupdel", "runuser"):
            if not shutil.which(tool):
                test.skipTest(f"{tool} is not installed")
        self.test = test
        self.now = now
        SharedInstall._serial += 1
        tag = f"{os.getpid() % 100000}{SharedInstall._serial}"
        self.group = f"csdg{tag}"
        self.accounts = []
        self.dir = tempfile.mkdtemp(prefix="csdesk-shared-")
        test.addCleanup(self._cleanup)
        os.chmod(self.dir, 0o755)
        subprocess.run(["groupadd", "--system", self.group], check=True, capture_output=True)
        self.bin = os.path.join(self.dir, "csdesk")
        shutil.copy(BIN, self.bin)
        shutil.chown(self.bin, "root", self.group)
        os.chmod(self.bin, 0o2755)
        self.data = os.path.join(self.dir, "data")
        os.mkdir(self.data)
        shutil.chown(self.data, "root", self.group)
        os.chmod(self.data, 0o2770)
        self.db = os.path.join(self.data, "csdesk.db")
        self.work = os.path.join(self.dir, "work")  # a working directory any account may use
        os.mkdir(self.work)
        os.chmod(self.work, 0o1777)
        self._tag = tag
        self.root_ok("init")

    def _cleanup(self):
        for login in self.accounts:
            subprocess.run(["userdel", "--force", login], capture_output=True)
        subprocess.run(["groupdel", self.group], capture_output=True)
        shutil.rmtree(self.dir, True)

    def env(self, extra=None):
        e = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8", "NO_COLOR": "1", "TZ": "UTC", "HOME": self.work}
        if extra:
            e.update(extra)
        return e

    def _args(self, args, now):
        cmd = [self.bin, "--db", self.db]
        if now:
            cmd += ["--now", now]
        return cmd + [str(a) for a in args]

    def run_root(self, *args, now=None, env=None, stdin=None):
        """csdesk run by root, the install's admin 0000 (with the install's fixed clock unless now="")."""
        cmd = self._args(args, self.now if now is None else now)
        return subprocess.run(cmd, cwd=self.work, env=self.env(env), input=_bytes(stdin), capture_output=True, timeout=600)

    def root_ok(self, *args, **kw):
        return _expect_ok(self.test, self.run_root(*args, **kw), args)

    def account(self, number, name, roles, login=None):
        """A new OS account, added as staff member NUMBER with ROLES (comma list) and that login."""
        login = login or f"csd{self._tag}n{number}"[:32]
        subprocess.run(["useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", login], check=True, capture_output=True)
        self.accounts.append(login)
        self.root_ok("staff", "add", number, name, "--roles", roles, "--login", login)
        return login

    def os_account(self, login=None):
        """A new OS account that is not on the staff list."""
        login = login or f"csd{self._tag}x{len(self.accounts)}"[:32]
        subprocess.run(["useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", login], check=True, capture_output=True)
        self.accounts.append(login)
        return login

    def _as(self, login, args, now, program, umask):
        cmd = program if program is not None else self._args(args, now)
        if umask is not None:  # the account's own umask, e.g. 0o077
            cmd = ["sh", "-c", f'umask {umask:03o} && exec "$@"', "sh"] + cmd
        return ["runuser", "-u", login, "--"] + cmd

    def as_user(self, login, *args, now="", env=None, stdin=None, cwd=None, program=None, umask=None):
        """Runs csdesk (or `program`, a list, e.g. ["sqlite3", db, "…"]) as the OS account `login`.
        No --now by default: only admins may set the clock."""
        return subprocess.run(self._as(login, args, now, program, umask), cwd=cwd or self.work, env=self.env(env),
                              input=_bytes(stdin), capture_output=True, timeout=600)

    def start_as(self, login, *args, env=None, cwd=None, umask=None, stderr=None):
        """As as_user, in the background (stdout discarded, stderr to the open file `stderr`); killed at cleanup."""
        p = subprocess.Popen(self._as(login, args, "", None, umask), cwd=cwd or self.work, env=self.env(env),
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr or subprocess.DEVNULL)
        self.test.addCleanup(lambda: p.poll() is None and (p.kill(), p.wait()))
        return p

    def own_dir(self, login, name=None):
        """A directory only `login` may write (0700), as a home directory would be."""
        path = os.path.join(self.dir, name or f"own-{login}")
        os.mkdir(path)
        shutil.chown(path, login, login)
        os.chmod(path, 0o700)
        return path

    def ok_as(self, login, *args, **kw):
        return _expect_ok(self.test, self.as_user(login, *args, **kw), args)

    def json_as(self, login, *args, **kw):
        return json.loads(self.ok_as(login, *args, "--json", **kw))

    def fails_as(self, login, code, *args, says=None, **kw):
        r = self.as_user(login, *args, **kw)
        err = r.stderr.decode("utf-8", errors="replace")
        if r.returncode != code:
            self.test.fail(f"{login}: csdesk {' '.join(map(str, args))}: expected exit {code}, got {r.returncode}\n"
                           f"stdout: {r.stdout.decode(errors='replace')}\nstderr: {err}")
        for s in ([says] if isinstance(says, str) else (says or [])):
            self.test.assertIn(s, err, f"stderr should mention {s!r}")
        return err


def _bytes(stdin):
    return stdin.encode("utf-8") if isinstance(stdin, str) else stdin


def _expect_ok(test, r, args):
    if r.returncode != 0:
        test.fail(f"csdesk {' '.join(map(str, args))} exited {r.returncode}\nstdout: {r.stdout.decode(errors='replace')}\n"
                  f"stderr: {r.stderr.decode(errors='replace')}")
    return r.stdout.decode("utf-8")
