"""csdesk check and csdesk backup: damage is found and named; backups are consistent and private."""
import os
import sqlite3
import stat
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from harness import BIN, Desk, edit, main, on_postgres, sqlite_only  # noqa: E402



def staffed_desk(test, n=3):
    d = Desk(test)
    d.ok("staff", "add", "9001", "赵敏", "--roles", "manager,admin")
    for i in range(n):
        d.ok("staff", "add", str(1001 + i), f"张伟{i}", "--roles", "consult", "--phone", f"1391234{5670 + i}")
    return d


class Check(unittest.TestCase):
    def test_healthy_database_passes_every_check(self):
        d = staffed_desk(self)
        rows = d.json("check")
        self.assertEqual([(r["check"], r["result"]) for r in rows],
                         [("integrity", "ok"), ("foreign_keys", "ok"), ("audit_chain", "ok"), ("records", "ok")])
        self.assertIn("5 rows", rows[2]["detail"])  # the four added and init's admin
        self.assertIn("5 records", rows[3]["detail"])

    def test_edited_audit_row_is_named(self):
        d = staffed_desk(self)
        edit(d.db, "UPDATE audit SET after = replace(after, '张伟1', '李四') WHERE id = 4")  # row 1: init's admin
        before = d.db_digest()
        err = d.fails(5, "check", says=["audit row 4", "edited", "1002 create"])
        self.assertIn("restore", err)
        self.assertEqual(before, d.db_digest(), "check must not change the file it checks")

    def test_deleted_audit_row_is_named(self):
        d = staffed_desk(self)
        # (on a server the row's state snapshot must go first: its foreign key is enforced)
        edit(d.db, *(["DELETE FROM audit_states WHERE audit_id = 2"] if on_postgres() else []), "DELETE FROM audit WHERE id = 2")
        d.fails(5, "check", says=["audit row 3", "rows 2..2 are missing"])

    def test_rewritten_chain_after_an_edit_is_found_at_the_next_link(self):
        d = staffed_desk(self)
        # An intruder recomputing one row's hash still breaks the link from the row after it.
        edit(d.db, "UPDATE audit SET hash = (CASE WHEN substr(hash, 1, 1) = 'f' THEN 'e' ELSE 'f' END) || substr(hash, 2) WHERE id = 2")
        d.fails(5, "check", says="audit row 2")

    @sqlite_only("PRAGMA foreign_keys = OFF; PostgreSQL enforces every foreign key itself")
    def test_dangling_reference_is_named(self):
        d = staffed_desk(self)
        edit(d.db, "PRAGMA foreign_keys = OFF",
             "INSERT INTO customers (number, name, registered_at, owner_id) VALUES ('KH202611-0999', '王女士', 0, 999)")
        out = d.run("check").stdout.decode()
        self.assertIn("FAILED", out)
        d.fails(5, "check", says=["foreign keys", "customers row", "missing staff row"])

    @sqlite_only("SQLite's writable_schema and integrity_check")
    def test_broken_index_fails_integrity(self):
        d = staffed_desk(self)
        edit(d.db, "PRAGMA writable_schema = ON",
             "UPDATE sqlite_master SET sql = 'CREATE INDEX audit_number ON audit (actor)' WHERE name = 'audit_number'")
        d.fails(5, "check", says=["integrity", "audit_number"])

    @sqlite_only("a damaged SQLite file")
    def test_file_that_is_not_a_database_is_refused(self):
        d = Desk(self, init=False)
        d.write("csdesk.db", b"SQLite format 3\x00" + os.urandom(4096))
        r = d.run("check")
        self.assertEqual(r.returncode, 3)
        self.assertIn("csdesk.db", r.stderr.decode())


class Backup(unittest.TestCase):
    @sqlite_only("backup copies SQLite files only (PostgreSQL: pg_dump)")
    def test_backup_is_private_complete_and_checked(self):
        d = staffed_desk(self)
        out = d.path("copy.db")
        info = d.json("--as", "9001", "backup", out)
        self.assertEqual(info["integrity"], "ok")
        self.assertEqual(stat.S_IMODE(os.stat(out).st_mode), 0o600)
        self.assertFalse(os.path.exists(out + "-wal"))
        self.assertEqual(len(d.json("--db", out, "staff", "list", db=False)), 5)  # init's admin 0000, 9001 and three agents
        rows = d.json("--db", out, "check", db=False)
        self.assertTrue(all(r["result"] == "ok" for r in rows))
        # The backup itself is on record, with who took it.
        self.assertEqual(d.sql("SELECT actor, record_kind, action FROM audit ORDER BY id DESC LIMIT 1"),
                         [("9001", "export", "backup")])

    @sqlite_only("backup copies SQLite files only (PostgreSQL: pg_dump)")
    def test_existing_file_is_kept_unless_forced(self):
        d = staffed_desk(self)
        out = d.write("copy.db", "留着")
        d.fails(5, "--as", "9001", "backup", out, says=["already exists", "--force"])
        with open(out, encoding="utf-8") as f:
            self.assertEqual(f.read(), "留着")
        d.ok("--as", "9001", "backup", out, "--force")
        self.assertEqual(len(d.json("--db", out, "staff", "list", db=False)), 5)
        self.assertEqual([p for p in os.listdir(d.dir) if ".csdesk-tmp-" in p], [])

    @sqlite_only("backup copies SQLite files only (PostgreSQL: pg_dump)")
    def test_only_those_who_may_see_personal_data_take_backups(self):
        d = staffed_desk(self)
        before = d.db_digest()
        # A backup holds every phone unmasked: admins only (permissions.backup).
        d.fails(6, "--as", "1001", "backup", d.path("copy.db"), says=["1001 (consult)", "permissions.backup", "admin"])
        self.assertFalse(os.path.exists(d.path("copy.db")))
        self.assertEqual(before, d.db_digest())

    @sqlite_only("backup copies SQLite files only (PostgreSQL: pg_dump)")
    def test_bad_destinations_are_named(self):
        d = staffed_desk(self)
        d.fails(3, "--as", "9001", "backup", d.dir, says="is a directory")
        d.fails(3, "--as", "9001", "backup", d.path("nowhere/copy.db"), says="nowhere")
        d.fails(3, "--as", "9001", "backup", d.db, says="the database itself")

    @sqlite_only("backup copies SQLite files only (PostgreSQL: pg_dump)")
    def test_backups_taken_while_others_write_are_consistent(self):
        d = staffed_desk(self, n=0)
        writers = []
        for w in range(3):
            script = " && ".join(
                f"{BIN} --db {d.db} --now '2026-11-02 10:00' staff add {2000 + w * 100 + i} 员工{w}-{i} --roles sales >/dev/null"
                for i in range(25))
            writers.append(subprocess.Popen(["sh", "-c", script], env=d.env))
        copies = []
        for k in range(6):
            copies.append(d.path(f"copy{k}.db"))
            d.ok("--as", "9001", "backup", copies[-1])
        for w in writers:
            self.assertEqual(w.wait(timeout=300), 0)
        for c in copies:
            con = sqlite3.connect(c)
            staff = con.execute("SELECT count(*) FROM staff").fetchone()[0]
            created = con.execute("SELECT count(*) FROM audit WHERE record_kind = 'staff' AND action = 'create'").fetchone()[0]
            con.close()
            self.assertEqual(staff, created, f"{c}: every staff row has its audit row, nothing half-copied")
            rows = d.json("--db", c, "check", db=False)
            self.assertTrue(all(r["result"] == "ok" for r in rows), rows)
        self.assertEqual(len(d.json("staff", "list")), 77)  # with init's admin 0000


if __name__ == "__main__":
    main()
