"""One --force: "replace the files I named", wherever it is given (before or after the command) and
whichever files the command writes — --output, register --rejects, backup FILE — and never a
conflict between a command's own files and --output."""
import os
import sqlite3
import stat
import unittest

from harness import Desk, main, sqlite_only


def staffed(test):
    d = Desk(test)
    d.ok("staff", "add", "9001", "赵敏", "--roles", "manager,admin")
    d.ok("--as", "9001", "register", "--name", "王女士", "--phone", "13912345678", "--channel", "电话")
    return d


def is_workbook(path):
    with open(path, "rb") as f:
        return f.read(4) == b"PK\x03\x04"


def old_files(d, *names):
    for name in names:
        d.write(name, "留着")


def kept(test, d, *names):
    for name in names:
        with open(d.path(name), encoding="utf-8") as f:
            test.assertEqual(f.read(), "留着", name)


class OneForce(unittest.TestCase):
    def test_register_replaces_its_rejects_and_its_workbook_with_one_force_wherever_given(self):
        d = staffed(self)
        source = d.write("签到.csv", "姓名,电话\n李先生,12345\n张工,13900000002\n")
        for n, where in enumerate(("after", "before")):
            old_files(d, "rej.csv", "summary.xlsx")
            args = ["register", "--from", source, "--rejects", "rej.csv", "--format", "xlsx", "--output", "summary.xlsx"]
            before = d.db_digest()
            d.fails(5, "--as", "9001", *args, says=["already exists", "--force"])
            self.assertEqual(before, d.db_digest())
            kept(self, d, "rej.csv", "summary.xlsx")
            d.ok("--as", "9001", *(args + ["--force"] if where == "after" else ["--force"] + args))
            with open(d.path("rej.csv"), encoding="utf-8-sig") as f:
                self.assertIn("李先生", f.read(), where)
            self.assertTrue(is_workbook(d.path("summary.xlsx")), where)
            self.assertEqual(stat.S_IMODE(os.stat(d.path("summary.xlsx")).st_mode), 0o600)

    def test_register_with_only_a_workbook_to_replace(self):
        d = staffed(self)
        source = d.write("签到.csv", "姓名,电话\n张工,13900000002\n")
        old_files(d, "summary.xlsx", "one.xlsx")
        d.ok("--as", "9001", "register", "--from", source, "--format", "xlsx", "--output", "summary.xlsx", "--force")
        self.assertTrue(is_workbook(d.path("summary.xlsx")))
        d.ok("--as", "9001", "register", "--name", "赵总", "--phone", "13900000003", "--format", "xlsx", "--output",
             "one.xlsx", "--force")
        self.assertTrue(is_workbook(d.path("one.xlsx")))

    @sqlite_only("backup copies SQLite files only (PostgreSQL: pg_dump)")
    def test_backup_replaces_its_copy_and_its_workbook_with_one_force(self):
        d = staffed(self)
        for where in ("after", "before"):
            old_files(d, "copy.db", "backup.xlsx")
            args = ["backup", "copy.db", "--format", "xlsx", "--output", "backup.xlsx"]
            d.fails(5, "--as", "9001", *args, says=["already exists", "--force"])
            kept(self, d, "copy.db", "backup.xlsx")
            d.ok("--as", "9001", *(args + ["--force"] if where == "after" else ["--force"] + args))
            con = sqlite3.connect(f"file:{d.path('copy.db')}?mode=ro", uri=True)
            self.assertEqual(con.execute("SELECT name FROM customers").fetchall(), [("王女士",)])
            con.close()
            self.assertTrue(is_workbook(d.path("backup.xlsx")), where)

    def test_force_with_nothing_to_replace_is_a_usage_error(self):
        d = staffed(self)
        before = d.db_digest()
        d.fails(2, "customer", "list", "--force", says="--force goes with --output FILE")
        d.fails(2, "--as", "9001", "register", "--from", d.write("a.csv", "姓名,电话\n王,13900000009\n"), "--force",
                says="--force goes with --rejects FILE or --output FILE")
        d.fails(2, "--as", "9001", "register", "--name", "赵总", "--phone", "13900000003", "--force",
                says=["--force goes with --output FILE", "--rejects"])
        self.assertEqual(before, d.db_digest())

    def test_help_says_what_force_replaces(self):
        d = Desk(self, init=False)
        self.assertIn("--rejects and --output", d.ok("register", "--help"))
        self.assertIn("--output's file", d.ok("backup", "--help"))
        main_help = d.ok("--help")
        self.assertIn("register --rejects", main_help)


if __name__ == "__main__":
    main()
