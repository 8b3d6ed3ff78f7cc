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

BIN = os.environ.get("CSDESK_BIN") or os.path.join(os.path.dirname(__file__), "..", "..", "build", "csdesk")
SOURCE_DIR = os.environ.get("CSDESK_SOURCE_DIR") or os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
GOLDEN_DIR = os.path.join(SOURCE_DIR, "tests", "golden")
FIXTURES = os.path.join(SOURCE_DIR, "tests", "fixtures")
UPDATE_GOLDEN = os.environ.get("CSDESK_UPDATE_GOLDEN") == "1"


class Desk:
    """A temporary working directory with its own database and a fixed clock."""

    def __init__(self, test, now="2026-11-02 10:00", init=True, env=None):
        self.test = test
        self.dir = tempfile.mkdtemp(prefix="csdesk-e2e-")
        test.addCleanup(shutil.rmtree, self.dir, True)
        self.db = os.path.join(self.dir, "csdesk.db")
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
        if init:
            self.ok("init")

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
            cmd += ["--db", self.db]
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
        """Bytes of the database (after a checkpoint-free read): unchanged means untouched."""
        h = hashlib.sha256()
        for suffix in ("", "-wal"):
            p = self.db + suffix
            if os.path.exists(p):
                with open(p, "rb") as f:
                    h.update(f.read())
        return h.hexdigest()

    def sql(self, query):
        """Read-only look at the database with Python's sqlite3 (tests only)."""
        import sqlite3
        con = sqlite3.connect(f"file:{self.db}?mode=ro", uri=True)
        try:
            return con.execute(query).fetchall()
        finally:
            con.close()


def before_schema_8(con):
    """Undoes schema 8 on a database this csdesk created, for tests that fake an older version:
    staff roles back in the comma list they were kept in before (schemas/008_staff_roles.sql)."""
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


def main():
    unittest.main(verbosity=2)
