"""Files csdesk writes (report --output, register --rejects, backup FILE) never overwrite what was
not meant: not the database, not an existing file without --force, never through a symlink; and
an interrupted write leaves no temporary copy of the personal data behind."""
import contextlib
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
import unittest

from harness import BIN, Desk, main, on_postgres, sqlite_only

TEMP = ".csdesk-tmp-"


def staffed(test):
    d = Desk(test)
    d.ok("staff", "add", "9001", "赵敏", "--roles", "manager,admin")
    d.ok("staff", "add", "1001", "张伟", "--roles", "consult")
    d.ok("--as", "1001", "register", "--name", "王女士", "--phone", "13912345678", "--channel", "电话")
    return d


def temporaries(d):
    return sorted(n for n in os.listdir(d.dir) if TEMP in n)


def intact(test, d, customers=1):
    rows = d.json("check")
    test.assertTrue(all(r["result"] == "ok" for r in rows), rows)
    test.assertEqual(d.sql("SELECT count(*) FROM customers")[0][0], customers)


def start(d, *args):
    """csdesk in the background; stderr to a file (a full pipe nobody reads would stall it)."""
    cmd = [BIN, "--db", d.db, "--now", d.now] + [str(a) for a in args]
    with open(d.path("stderr.txt"), "wb") as err:
        p = subprocess.Popen(cmd, cwd=d.dir, env=d.env, stdout=subprocess.DEVNULL, stderr=err)
    d.test.addCleanup(lambda: p.poll() is None and (p.kill(), p.wait()))
    return p


def wait_for_temporary(test, d, name, proc, min_bytes=0, limit=30.0):
    """Polls (bounded) until a temporary of `name` holding at least min_bytes exists."""
    give_up = time.monotonic() + limit
    prefix = f".{name}{TEMP}"
    while time.monotonic() < give_up:
        for n in os.listdir(d.dir):
            if n.startswith(prefix) and not n.endswith("-journal"):
                with contextlib.suppress(FileNotFoundError):
                    if os.path.getsize(d.path(n)) >= min_bytes:
                        return n
        if proc.poll() is not None:
            with open(d.path("stderr.txt"), encoding="utf-8", errors="replace") as f:
                test.fail(f"csdesk exited ({proc.returncode}) before a temporary {prefix}* appeared: {f.read()[-2000:]}")
        time.sleep(0.002)
    test.fail(f"no temporary {prefix}* appeared within {limit} s")


@contextlib.contextmanager
def database_locked(d):
    """Holds the database's write lock. In WAL mode reads go on, so csdesk reads who is acting (before
    any file is made), creates its temporary, and then waits (busy timeout) at its first write: a fixed
    point with no race, for a command that writes after creating its file. On a server, the audit table
    is locked against writes instead (reads go on): every write command waits at its audit row."""
    if on_postgres():
        import psycopg2
        con = psycopg2.connect(d.db)
        try:
            con.cursor().execute("LOCK TABLE audit IN EXCLUSIVE MODE")
            yield
        finally:
            con.rollback()
            con.close()
        return
    con = sqlite3.connect(d.db, isolation_level=None)
    test_journal = con.execute("PRAGMA journal_mode").fetchone()[0]
    assert test_journal == "wal", test_journal
    con.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        con.execute("COMMIT")
        con.close()


def grow_with_free_pages(d, megabytes=64):
    """Free pages are copied too: a backup that takes a few hundred ms, long enough to interrupt."""
    con = sqlite3.connect(d.db, isolation_level=None)
    con.execute("CREATE TABLE filler(b BLOB)")
    con.execute("BEGIN")
    for _ in range(megabytes):
        con.execute("INSERT INTO filler VALUES (randomblob(1048576))")
    con.execute("COMMIT")
    con.execute("DROP TABLE filler")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def report(*extra):
    return ("report", "monthly", "--month", "2026-11", "--format", "html", "--output") + extra


def freezing_report(name):
    """A report that writes (its freeze) after creating its page's temporary: held by database_locked."""
    return ("--as", "9001", "report", "monthly", "--month", "2026-10", "--freeze", "--format", "html", "--output", name)


class TheDatabaseIsNeverAnOutput(unittest.TestCase):
    @sqlite_only("the database file and its -wal, -shm, -journal by any name")
    def test_report_refuses_the_database_by_any_name(self):
        d = staffed(self)
        os.link(d.db, d.path("hard.db"))
        os.symlink(d.db, d.path("sym.db"))
        other = os.path.basename(d.dir)
        before = os.path.getsize(d.db)
        for force in ((), ("--force",)):
            for name in ("csdesk.db", "./csdesk.db", f"../{other}/csdesk.db", d.db, "hard.db", "sym.db"):
                d.fails(3, *report(name, *force), says=["--output", f"'{name}'", "the database itself"])
            for part in ("csdesk.db-wal", "csdesk.db-shm", "csdesk.db-journal"):  # present or not
                d.fails(3, *report(part, *force), says=["--output", part, "beside the database"])
        self.assertFalse(os.path.exists(d.path("csdesk.db-journal")))
        self.assertEqual(os.path.getsize(d.db), before)
        self.assertEqual(temporaries(d), [])
        intact(self, d)

    @sqlite_only("the database file by any name, and backup (SQLite files only)")
    def test_rejects_and_backup_refuse_the_database(self):
        d = staffed(self)
        os.symlink("csdesk.db", d.path("sym.db"))
        csv = d.write("签到.csv", "name,phone\n李先生,12345\n")
        for force in ((), ("--force",)):
            for name in ("csdesk.db", "sym.db"):
                d.fails(3, "--as", "1001", "register", "--from", csv, "--rejects", name, *force, says=["--rejects", f"'{name}'"])
            d.fails(3, "--as", "9001", "backup", "./csdesk.db-wal", *force, says=["backup FILE", "csdesk.db-wal"])
            d.fails(3, "--as", "9001", "backup", "sym.db", *force, says=["backup FILE", "the database itself"])
        intact(self, d)  # 李先生 was not imported


class ExistingFilesAndLinks(unittest.TestCase):
    @sqlite_only("includes backup, which copies SQLite files only")
    def test_existing_files_are_kept_unless_forced_and_then_replaced_not_rewritten(self):
        d = staffed(self)
        csv = d.write("签到.csv", "name,phone\n李先生,12345\n")
        for name, args in (("r.html", report("r.html")),
                           ("rej.csv", ("--as", "1001", "register", "--from", csv, "--rejects", "rej.csv")),
                           ("copy.db", ("--as", "9001", "backup", "copy.db"))):
            d.write(name, "留着")
            os.chmod(d.path(name), 0o644)
            os.link(d.path(name), d.path(name + ".other-link"))
            d.fails(5, *args, says=[f"'{name}' already exists", "--force"])
            with open(d.path(name), encoding="utf-8") as f:
                self.assertEqual(f.read(), "留着", name)
            d.ok(*args, "--force")
            self.assertEqual(stat.S_IMODE(os.stat(d.path(name)).st_mode), 0o600, name)
            # A new file took the name: the old one (another link to it) is untouched, mode and all.
            with open(d.path(name + ".other-link"), encoding="utf-8") as f:
                self.assertEqual(f.read(), "留着", name)
            self.assertEqual(stat.S_IMODE(os.stat(d.path(name + ".other-link")).st_mode), 0o644, name)
        self.assertEqual(d.sql("SELECT count(*) FROM customers")[0][0], 1, "a refused --rejects imported nothing")
        with open(d.path("rej.csv"), encoding="utf-8-sig") as f:
            self.assertIn("李先生", f.read())
        self.assertEqual(temporaries(d), [])

    @sqlite_only("includes backup, which copies SQLite files only")
    def test_a_symlink_is_never_written_through_nor_its_target_chmod_ed(self):
        d = staffed(self)
        target = d.write("theirs.txt", "别人的文件")
        os.chmod(target, 0o644)
        csv = d.write("签到.csv", "name,phone\n李先生,12345\n")
        for name, args in (("link.html", report("link.html")),
                           ("link.csv", ("--as", "1001", "register", "--from", csv, "--rejects", "link.csv")),
                           ("link.db", ("--as", "9001", "backup", "link.db"))):
            os.symlink("theirs.txt", d.path(name))
            for force in ((), ("--force",)):  # --force does not make csdesk follow a link either
                d.fails(3, *args, *force, says=[f"'{name}' is a symbolic link"])
                self.assertTrue(os.path.islink(d.path(name)))
        os.symlink("nowhere.html", d.path("dangling.html"))
        d.fails(3, *report("dangling.html"), says="symbolic link")
        self.assertFalse(os.path.exists(d.path("nowhere.html")))
        with open(target, encoding="utf-8") as f:
            self.assertEqual(f.read(), "别人的文件")
        self.assertEqual(stat.S_IMODE(os.stat(target).st_mode), 0o644)
        self.assertEqual(temporaries(d), [])
        intact(self, d)

    def test_force_goes_with_an_output_file(self):
        d = staffed(self)
        d.fails(2, "report", "monthly", "--force", says="--force goes with --output")
        d.fails(2, "--as", "1001", "register", "--from", d.write("a.csv", "name\n王\n"), "--force", says="--force goes with --rejects")


class Interrupted(unittest.TestCase):
    def test_sigterm_during_report_leaves_no_temporary(self):
        d = staffed(self)
        with database_locked(d):
            p = start(d, *freezing_report("r.html"))
            wait_for_temporary(self, d, "r.html", p)
            p.send_signal(signal.SIGTERM)
            self.assertEqual(p.wait(timeout=30), -signal.SIGTERM)
        self.assertEqual(temporaries(d), [])
        self.assertFalse(os.path.exists(d.path("r.html")))
        intact(self, d)

    def test_sigint_during_register_leaves_no_rejects_and_imports_nothing(self):
        d = staffed(self)
        csv = d.write("签到.csv", "name,phone\n李先生,12345\n赵女士,13912345679\n")
        with database_locked(d):  # held at the import's transaction, after its rejects file is made
            p = start(d, "--as", "1001", "register", "--from", csv, "--rejects", "rej.csv")
            wait_for_temporary(self, d, "rej.csv", p)
            p.send_signal(signal.SIGINT)
            self.assertEqual(p.wait(timeout=30), -signal.SIGINT)
        self.assertEqual(temporaries(d), [])
        self.assertFalse(os.path.exists(d.path("rej.csv")))
        intact(self, d, customers=1)

    def test_sigterm_in_the_middle_of_a_big_import_with_rejects(self):
        d = staffed(self)
        rows = "".join(f"客户{i},{'12345' if i % 2 else 13000000000 + i}\n" for i in range(40000))
        csv = d.write("big.csv", "name,phone\n" + rows)
        p = start(d, "--as", "1001", "register", "--from", csv, "--rejects", "rej.csv")
        wait_for_temporary(self, d, "rej.csv", p, min_bytes=64 * 1024)  # rejects are being written
        p.send_signal(signal.SIGTERM)
        self.assertEqual(p.wait(timeout=30), -signal.SIGTERM)
        self.assertEqual(temporaries(d), [])
        self.assertFalse(os.path.exists(d.path("rej.csv")))
        intact(self, d, customers=1)  # the import's transaction never committed

    @sqlite_only("backup copies SQLite files only")
    def test_sigterm_and_sigint_during_backup_leave_no_copy(self):
        d = staffed(self)
        grow_with_free_pages(d)
        for sig in (signal.SIGTERM, signal.SIGINT):
            p = start(d, "--as", "9001", "backup", "copy.db")
            wait_for_temporary(self, d, "copy.db", p)
            p.send_signal(sig)
            self.assertEqual(p.wait(timeout=30), -sig)
            self.assertEqual(temporaries(d), [], sig)
            self.assertFalse(os.path.exists(d.path("copy.db")))
        intact(self, d)

    @sqlite_only("includes backup, which copies SQLite files only")
    def test_what_kill_9_left_is_removed_by_the_next_run(self):
        d = staffed(self)
        with database_locked(d):
            p = start(d, *freezing_report("r.html"))
            left = wait_for_temporary(self, d, "r.html", p)
            p.kill()
            p.wait(timeout=30)
        self.assertEqual(temporaries(d), [left], "kill -9 cannot be caught: the temporary stays")
        err = d.fails(0, *report("r.html"))
        self.assertIn(f"removed {left}, left by a run that was killed", err)
        self.assertEqual(temporaries(d), [])
        with open(d.path("r.html"), encoding="utf-8") as f:
            page = f.read()
        self.assertTrue(page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>"))

        grow_with_free_pages(d)
        p = start(d, "--as", "9001", "backup", "copy.db")
        left = wait_for_temporary(self, d, "copy.db", p, min_bytes=1024 * 1024)
        p.kill()
        p.wait(timeout=30)
        self.assertIn(left, temporaries(d))
        d.ok("--as", "9001", "backup", "copy.db")
        self.assertEqual(temporaries(d), [])
        # The copy holds all three: init's admin 0000 (root, who reads it here), 9001 and 1001.
        self.assertEqual(len(d.json("--db", d.path("copy.db"), "staff", "list", db=False)), 3)
        intact(self, d)

    def test_only_temporaries_of_dead_processes_for_that_file_are_removed(self):
        d = staffed(self)
        dead = subprocess.Popen(["true"])
        dead.wait()
        alive = os.getpid()
        names = {f".r.html{TEMP}{dead.pid}-0a1b2c": False,      # ours, its process gone: removed
                 f".r.html{TEMP}{alive}-0a1b2c": True,          # a run still going: kept
                 f".other.html{TEMP}{dead.pid}-0a1b2c": True,   # another destination: kept
                 f".r.html{TEMP}notapid": True}                 # not our pattern: kept
        for n in names:
            d.write(n, "半截")
        d.ok(*report("r.html"))
        self.assertEqual(sorted(n for n in names if names[n]), temporaries(d))


if __name__ == "__main__":
    main()
