"""Tamper evidence against someone who can write the database: each attack is made with Python's
sqlite3 (psycopg2 on a server), as an intruder would, and `csdesk check` must name it (exit 5)."""
import hashlib
import hmac
import os
import sqlite3
import stat
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from harness import Desk, SharedInstall, before_schema_11, connect, edit, main, on_postgres, sqlite_only  # noqa: E402



def fields_text(fields):
    return "".join(f"{len(s.encode())}:{s};" for s in fields)


def row_fields(prev, r):
    """The fields audit_hash covers, as csdesk writes them (src/store/database.cpp)."""
    return [prev, str(r["at"]), r["actor"], r["record_kind"], "" if r["record_id"] is None else str(r["record_id"]),
            r["record_number"] or "", r["action"], r["before"] or "", r["after"] or ""]


def plain_hash(prev, r):
    return hashlib.sha256(fields_text(row_fields(prev, r)).encode()).hexdigest()


def keyed_mac(key, prev, r):
    text = fields_text(row_fields(prev, r) + [r["entered_by"] or "", str(r["recorded_at"]), r["state_hash"] or ""])
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


def read_key(path):
    with open(path, encoding="ascii") as f:
        lines = f.read().split("\n")
    assert lines[0] == "csdesk audit key v1", lines
    return bytes.fromhex(lines[2].split()[1]), int(lines[1].split()[1])


def database_key(db):
    """The audit key and the first row it keys: in the file beside an SQLite database, in table audit_key on a server."""
    if not on_postgres():
        return read_key(db + ".key")
    con = connect(db)
    try:
        ((key_hex, from_row),) = con.execute("SELECT key_hex, from_row FROM audit_key").fetchall()
        return bytes.fromhex(key_hex), from_row
    finally:
        con.close()


def rows(db):
    con = connect(db)
    try:
        cur = con.execute("SELECT * FROM audit ORDER BY id")
        names = [c[0] for c in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]
    finally:
        con.close()


def recompute_plain(db, first_id):
    """The intruder's rewrite: every row from first_id rehashed with plain SHA-256, links kept."""
    all_rows = rows(db)
    con = connect(db)
    prev = "genesis"
    for r in all_rows:
        if r["id"] >= first_id:
            r["prev_hash"] = prev
            r["hash"] = plain_hash(prev, r)
            con.execute("UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?", (r["prev_hash"], r["hash"], r["id"]))
        prev = r["hash"]
    con.commit()
    con.close()


def desk(test):
    d = Desk(test)
    d.ok("staff", "add", "9001", "赵敏", "--roles", "manager,admin")
    d.ok("staff", "add", "5001", "周强", "--roles", "supervisor")
    d.ok("staff", "add", "1001", "张伟", "--roles", "consult")
    d.ok("staff", "add", "3001", "陈静", "--roles", "complaint")
    for i in range(4):
        d.ok("--as", "1001", "register", "--name", f"王女士{i}", "--company", f"北京华信{i}科技有限公司",
             "--phone", f"1391234{5670 + i}", "--channel", "电话", "--city", "北京", now="2026-10-12 10:00")
    d.ok("--as", "3001", "complain", "new", "--customer", "KH202610-0001", "--content", "发票金额错误",
         now="2026-10-13 10:00")
    d.ok("--as", "5001", "score", "adjust", "1001", "--points", "+2", "--reason", "表扬", "--date", "2026-10-05")
    return d


class KeyedChain(unittest.TestCase):
    def test_rows_carry_hmac_under_the_key_file_beside_the_database(self):
        d = desk(self)
        if not on_postgres():  # on a server the key is a row of audit_key, the server's to guard
            self.assertEqual(stat.S_IMODE(os.stat(d.db + ".key").st_mode), 0o600)
        key, from_row = database_key(d.db)
        self.assertEqual((len(key), from_row), (32, 1))
        prev = "genesis"
        for r in rows(d.db):
            self.assertEqual(r["prev_hash"], prev)
            self.assertEqual(r["hash"], keyed_mac(key, prev, r), f"row {r['id']} is HMAC-SHA-256 under the key")
            self.assertNotEqual(r["hash"], plain_hash(prev, r))
            prev = r["hash"]
        rows_check = d.json("check")
        self.assertTrue(all(c["result"] == "ok" for c in rows_check), rows_check)
        self.assertIn("every row keyed", rows_check[2]["detail"])

    def test_row_records_who_entered_it_and_the_real_time(self):
        d = desk(self)
        before = int(time.time())
        d.ok("--as", "1001", "register", "--name", "李先生", "--phone", "13800001111", "--channel", "电话",
             now="2026-10-20 09:00")
        last = rows(d.db)[-1]
        self.assertEqual((last["actor"], last["entered_by"]), ("1001", "0000"), "the person, and the admin who entered it")
        self.assertLessEqual(abs(last["recorded_at"] - before), 60, "recorded_at is the wall clock")
        self.assertNotEqual(last["recorded_at"], last["at"], "at is the effective --now")
        self.assertTrue(last["state_hash"])

    @sqlite_only("SQLite's schema 10 → 11 and its key file")
    def test_an_older_database_is_keyed_from_its_upgrade_on(self):
        d = desk(self)
        # Back to schema 10's shape: plain SHA-256 rows, no key, no new columns.
        con = sqlite3.connect(d.db)
        before_schema_11(con)
        con.execute("PRAGMA user_version = 10")
        con.commit()
        con.close()
        os.remove(d.db + ".key")
        recompute_plain(d.db, 1)
        old_rows = len(rows(d.db))
        d.ok("staff", "add", "1002", "李娜", "--roles", "consult")
        key, from_row = read_key(d.db + ".key")
        self.assertEqual(from_row, old_rows + 1)
        new = rows(d.db)[-1]
        self.assertEqual(new["hash"], keyed_mac(key, new["prev_hash"], new))
        self.assertEqual(d.json("check")[2]["result"], "ok")
        # Old rows stay verified as they were written.
        edit(d.db, "UPDATE audit SET after = replace(after, '张伟', '李四') WHERE id = 4")
        d.fails(5, "check", says=["audit row 4", "does not match its hash", "edited"])


class Attacks(unittest.TestCase):
    def test_truncated_tail_is_found_by_the_anchor(self):
        d = desk(self)
        for i in range(25):
            d.ok("staff", "add", str(2001 + i), f"员工{i}", "--roles", "sales")
        anchor = d.path("month-end.anchor")
        d.ok("check", "--write-anchor", anchor)
        with open(anchor, encoding="utf-8") as f:
            text = f.read()
        self.assertIn(f"rows {len(rows(d.db))}", text)
        total = len(rows(d.db))
        edit(d.db, "DELETE FROM audit_states WHERE audit_id > (SELECT max(id) - 20 FROM audit)",
             "DELETE FROM audit WHERE id > (SELECT max(id) - 20 FROM audit)")
        before = d.db_digest()
        d.fails(5, "check", "--anchor", anchor,
                says=[f"the anchor '{anchor}'", "truncated tail", f"chain ends at row {total - 20}"])
        self.assertEqual(before, d.db_digest(), "check changes nothing")

    def test_truncated_tail_is_found_by_an_issued_score(self):
        d = desk(self)
        d.ok("--as", "9001", "score", "--month", "2026-10", "--freeze")
        issued_at = len(rows(d.db)) - 1  # the head before the freeze's own row
        self.assertEqual(d.sql("SELECT chain_rows FROM frozen_reports")[0][0], issued_at)
        r = d.run("--as", "9001", "score", "--month", "2026-10")
        self.assertIn(f"audit chain head when issued: row {issued_at}", r.stderr.decode())
        edit(d.db, f"DELETE FROM audit_states WHERE audit_id >= {issued_at - 2}",
             f"DELETE FROM audit WHERE id >= {issued_at - 2}")
        d.fails(5, "check", says=["issued score 2026-10", "truncated tail"])

    def test_every_audit_row_deleted_leaves_records_without_a_trail(self):
        d = desk(self)
        edit(d.db, "DELETE FROM audit_states", "DELETE FROM audit")
        err = d.fails(5, "check", says=["records have no audit row at all", "customer KH202610-0001",
                                        "while the audit trail is empty"])
        self.assertNotIn("0 rows, every hash matches", err)

    def test_row_edited_and_chain_recomputed_is_a_mac_mismatch(self):
        d = desk(self)
        anchor = d.path("a.anchor")
        d.ok("check", "--write-anchor", anchor)
        edit(d.db, "UPDATE audit SET actor = '9001' WHERE record_kind = 'score-adjustment'")
        target = d.sql("SELECT id FROM audit WHERE record_kind = 'score-adjustment'")[0][0]
        recompute_plain(d.db, target)
        d.fails(5, "check", says=[f"audit row {target}", "do not carry csdesk's MAC"])
        d.fails(5, "check", "--anchor", anchor, says=["chain was rewritten", "do not carry csdesk's MAC"])

    def test_a_row_edited_in_place_is_named(self):
        d = desk(self)
        edit(d.db, "UPDATE audit SET actor = '9001' WHERE id = 3")
        d.fails(5, "check", says=["audit row 3", "does not match its MAC", "edited"])

    def test_forged_appended_row_is_named(self):
        d = desk(self)
        last = rows(d.db)[-1]
        forged = dict(last, id=last["id"] + 1, action="update", prev_hash=last["hash"], recorded_at=int(time.time()))
        forged["hash"] = plain_hash(last["hash"], forged)
        con = connect(d.db)
        cols = list(forged)
        con.execute(f"INSERT INTO audit ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", [forged[c] for c in cols])
        con.commit()
        con.close()
        d.fails(5, "check", says=[f"audit row {forged['id']}", "forged rows appended without the key"])

    def test_records_edited_directly_are_named(self):
        for table, change, says in [
            ("customers", "UPDATE customers SET phone = '13900000000' WHERE number = 'KH202610-0002'",
             "customer KH202610-0002: its state differs from its last audited state"),
            ("complaints", "UPDATE complaints SET status = 'closed'", "complaint TS"),
            ("score_adjustments", "UPDATE score_adjustments SET points = 50", "score-adjustment KP"),
            ("staff_roles", "INSERT INTO staff_roles (staff_id, role, position) "
                            "SELECT id, 'admin', 9 FROM staff WHERE number = '1001'", "staff 1001: its state differs"),
        ]:
            with self.subTest(table=table):
                d = desk(self)
                edit(d.db, change)
                d.fails(5, "check", says=[says, "changed behind csdesk's back", "audit row"])

    def test_issued_figures_edited_directly_are_named(self):
        d = desk(self)
        d.ok("--as", "9001", "report", "monthly", "--month", "2026-10", "--freeze")
        edit(d.db, "UPDATE frozen_reports SET payload = replace(payload, '4', '9')")
        d.fails(5, "check", says=["report report-monthly 2026-10", "changed behind csdesk's back"])

    def test_customer_inserted_behind_csdesks_back_has_no_trail(self):
        d = desk(self)
        edit(d.db, "INSERT INTO customers (number, name, registered_at) VALUES ('KH202610-0999', '王女士', 0)")
        d.fails(5, "check", says=["1 record has no audit row at all", "customer KH202610-0999"])


class Anchor(unittest.TestCase):
    def test_anchor_is_never_overwritten_without_force_nor_written_for_a_damaged_chain(self):
        d = desk(self)
        anchor = d.write("a.anchor", "留着")
        d.fails(5, "check", "--write-anchor", anchor, says=["already exists", "--force"])
        with open(anchor, encoding="utf-8") as f:
            self.assertEqual(f.read(), "留着")
        d.ok("check", "--write-anchor", anchor, "--force")
        d.ok("check", "--anchor", anchor)
        other = d.path("b.anchor")
        edit(d.db, "UPDATE customers SET name = '李四' WHERE number = 'KH202610-0001'")
        d.fails(5, "check", "--write-anchor", other, says="No anchor was written")
        self.assertFalse(os.path.exists(other))

    def test_a_file_that_is_not_an_anchor_is_refused(self):
        d = desk(self)
        d.fails(3, "check", "--anchor", d.write("x.anchor", "rows 3\n"), says=["x.anchor", "not a csdesk anchor"])
        d.fails(4, "check", "--anchor", d.path("missing.anchor"), says="missing.anchor")

    @sqlite_only("backup copies SQLite files only, with their key file")
    def test_backup_takes_its_key_along(self):
        d = desk(self)
        out = d.path("copy.db")
        d.ok("--as", "9001", "backup", out)
        self.assertEqual(open(out + ".key", encoding="ascii").read(), open(d.db + ".key", encoding="ascii").read())
        self.assertEqual(stat.S_IMODE(os.stat(out + ".key").st_mode), 0o600)
        self.assertTrue(all(r["result"] == "ok" for r in d.json("--db", out, "check", db=False)))
        os.remove(out + ".key")
        d.fails(5, "--db", out, "check", db=False, says="there is no key file")


class SharedKey(unittest.TestCase):
    @sqlite_only("the key file beside a shared SQLite database")
    def test_key_is_readable_by_the_service_group_only(self):
        inst = SharedInstall(self)
        agent = inst.account("1001", "张伟", "consult")
        inst.ok_as(agent, "register", "--name", "王女士", "--phone", "13912345678", "--channel", "电话")
        key_file = inst.db + ".key"
        st = os.stat(key_file)
        self.assertEqual(stat.S_IMODE(st.st_mode), 0o640)
        self.assertEqual(st.st_gid, os.stat(inst.data).st_gid, "the service group")
        r = inst.as_user(agent, program=["cat", key_file])
        self.assertNotEqual(r.returncode, 0, "a staff account cannot read the key itself")
        supervisor = inst.account("5001", "周主管", "supervisor")  # check reads the trail: permissions.audit
        self.assertIn("every row keyed", inst.ok_as(supervisor, "check"))


if __name__ == "__main__":
    main()
