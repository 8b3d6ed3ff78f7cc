"""The environment fails: each failure gets its true cause, the right exit code and what to do.

Mount tests need root (tests run as root here) and skip cleanly where mounting is not allowed;
permission tests run csdesk as `nobody` through setpriv, since permissions do not bind root.
"""
import os
import shutil
import sqlite3
import subprocess
import unittest

from harness import BIN, Desk, main, sqlite_only


def try_mount(test, target, *options):
    """Mounts a tmpfs at target (removed again at cleanup); skips the test when not permitted."""
    os.makedirs(target, exist_ok=True)
    r = subprocess.run(["mount", "-t", "tmpfs", *options, "tmpfs", target], capture_output=True)
    if r.returncode != 0:
        test.skipTest(f"cannot mount a tmpfs here: {r.stderr.decode().strip()}")
    test.addCleanup(subprocess.run, ["umount", "-l", target], capture_output=True)


def as_nobody(test):
    """The command prefix that runs as an unprivileged user, or skips the test."""
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        test.skipTest("needs root and setpriv to run csdesk as an unprivileged user")
    return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]


class ReadOnly(unittest.TestCase):
    def remount_read_only(self, target):
        r = subprocess.run(["mount", "-o", "remount,ro", target], capture_output=True)
        if r.returncode != 0:
            self.skipTest(f"cannot remount read-only: {r.stderr.decode().strip()}")

    @sqlite_only("a read-only mount of the database file")
    def test_read_only_mount_reads_and_refuses_writes_clearly(self):
        d = Desk(self, init=False)
        mnt = d.path("mnt")
        try_mount(self, mnt, "-o", "size=4m")
        d.db = os.path.join(mnt, "csdesk.db")
        d.ok("init")
        d.ok("staff", "add", "1001", "张伟", "--roles", "consult")
        self.remount_read_only(mnt)
        self.assertIn("audit_chain", d.ok("check"))
        self.assertEqual(["0000", "1001"], [s["number"] for s in d.json("staff", "list")])
        d.fails(5, "staff", "add", "1002", "李娜", "--roles", "consult",
                says=["read-only file system", "remount it read-write or copy it to a writable disk"])

    @sqlite_only("the file's write-ahead log on a read-only mount")
    def test_read_only_mount_with_a_write_ahead_log_says_so(self):
        d = Desk(self)
        d.ok("staff", "add", "1001", "张伟", "--roles", "consult")
        keep = sqlite3.connect(d.db)  # a reader keeps the -wal from being removed at close
        keep.execute("SELECT count(*) FROM staff").fetchall()
        d.ok("staff", "add", "1002", "李娜", "--roles", "consult")
        mnt = d.path("mnt")
        try_mount(self, mnt, "-o", "size=4m")
        for suffix in ("", "-wal"):
            shutil.copy(d.db + suffix, os.path.join(mnt, "csdesk.db" + suffix))
        keep.close()
        self.assertGreater(os.path.getsize(os.path.join(mnt, "csdesk.db-wal")), 0)
        self.remount_read_only(mnt)
        d.db = os.path.join(mnt, "csdesk.db")
        d.fails(5, "check", says=["read-only file system", "write-ahead log", "csdesk check"])


class Permissions(unittest.TestCase):
    @sqlite_only("the file's -shm index")
    def test_shm_that_cannot_be_opened_is_named(self):
        prefix = as_nobody(self)
        d = Desk(self)
        os.chmod(d.dir, 0o1777)
        os.chmod(d.db, 0o644)
        keep = sqlite3.connect(d.db)  # root holds the database open: -shm exists, owner-only
        keep.execute("SELECT count(*) FROM staff").fetchall()
        self.addCleanup(keep.close)
        os.chmod(d.db + "-shm", 0o600)
        r = subprocess.run(prefix + [BIN, "--db", d.db, "check"], env=d.env, capture_output=True)
        err = r.stderr.decode()
        self.assertEqual(5, r.returncode, err)
        self.assertIn(f"'{d.db}-shm' (its shared-memory index) is read-only for this user", err)
        self.assertIn("Permission denied", err)
        self.assertNotIn("corrupt", err)

    def test_unreadable_config_directory_is_named(self):
        prefix = as_nobody(self)
        d = Desk(self, init=False)
        os.chmod(d.dir, 0o755)
        os.makedirs(d.path(".config/csdesk"))
        os.chmod(d.path(".config"), 0o000)
        r = subprocess.run(prefix + [BIN, "--db", d.db, "config", "show"], env=d.env, capture_output=True)
        err = r.stderr.decode()
        self.assertEqual(3, r.returncode, err)
        self.assertIn(d.path(".config/csdesk/csdesk.toml"), err)
        self.assertIn("Permission denied", err)
        self.assertIn("--config FILE", err)


class DiskFull(unittest.TestCase):
    @sqlite_only("the database file on a full disk")
    def test_full_disk_is_named_with_what_to_do_and_nothing_changes(self):
        d = Desk(self, init=False)
        mnt = d.path("mnt")
        try_mount(self, mnt, "-o", "size=1m")
        d.db = os.path.join(mnt, "csdesk.db")
        d.ok("init")
        d.ok("staff", "add", "1001", "张伟", "--roles", "consult")
        filler = os.path.join(mnt, "filler")
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            while os.write(fd, b"\0" * 4096) > 0:
                pass
        except OSError:
            pass  # ENOSPC: the disk is full
        finally:
            os.close(fd)
        note = "客户需要" * 100
        err = d.fails(1, "--as", "1001", "register", "--name", "王女士", "--company", "华信科技",
                      "--phone", "13912345678", "--channel", "电话", "--note", note,
                      says=["disk holding", "is full", "rolled back", "df -h"])
        self.assertNotIn("internal error", err)
        os.remove(filler)
        self.assertIn("ok", d.ok("check"))
        self.assertEqual([], d.json("customer", "list"))


class Durability(unittest.TestCase):
    def test_synchronous_takes_full_or_normal_only(self):
        d = Desk(self)
        d.ok("staff", "add", "1001", "张伟", "--roles", "consult", env={"CSDESK_STORAGE_SYNCHRONOUS": "normal"})
        d.fails(3, "staff", "list", env={"CSDESK_STORAGE_SYNCHRONOUS": "off"},
                says=["storage.synchronous", "\"full\" or \"normal\""])
        d.write("csdesk.toml", "[storage]\nsynchronous = \"fast\"\n")
        d.fails(3, "staff", "list", says="csdesk.toml:2: storage.synchronous")


class Misuse(unittest.TestCase):
    @sqlite_only("--db naming a device instead of a file")
    def test_dev_null_is_not_a_database(self):
        d = Desk(self, init=False)
        d.db = "/dev/null"
        d.fails(3, "init", says=["'/dev/null' is not a regular file", "--db csdesk.db"])

    def test_mistyped_command_with_help_is_a_usage_error(self):
        d = Desk(self, init=False)
        d.fails(2, "payroll", "--help", says=["unknown command 'payroll'", "commands: init"])
        d.fails(2, "attendence", "--help", says="did you mean 'attendance'?")
        d.fails(2, "staff", "lsit", "--help", says="did you mean 'list'?")
        d.ok("staff", "list", "--help")


if __name__ == "__main__":
    main()
