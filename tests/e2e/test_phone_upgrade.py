"""Schema 6: stored phone numbers re-read as libphonenumber reads them; a collision refuses the upgrade."""
import sqlite3
import unittest

from harness import Desk, before_schema_8, main


def at_version_5(d, customers, staff_phone=None):
    """A database as an older csdesk left it: these (number, phone) customers, schema version 5."""
    d.ok("init")
    d.ok("staff", "add", "1001", "张伟", "--roles", "consult")
    con = sqlite3.connect(d.db)
    for number, phone in customers:
        con.execute("INSERT INTO customers (number, name, phone, registered_at, registered_by) VALUES (?, '王女士', ?, 0, 1)",
                    (number, phone))
    if staff_phone:
        con.execute("UPDATE staff SET phone = ? WHERE number = '1001'", (staff_phone,))
    before_schema_8(con)
    con.execute("PRAGMA user_version = 5")
    con.commit()
    con.close()


class PhoneFormsUpgrade(unittest.TestCase):
    def test_service_numbers_stored_with_a_trunk_0_are_rewritten_and_the_rest_kept(self):
        d = Desk(self, init=False)
        at_version_5(d, [("KH202610-0001", "0400-1234567"), ("KH202610-0002", "0800-9588404"),
                         ("KH202610-0003", "0950-7149465"), ("KH202610-0004", "010-12345678"),
                         ("KH202610-0005", "13912345678"), ("KH202610-0006", "15412345678"),
                         ("KH202610-0007", "010-6543210")], staff_phone="0400-7654321")
        out = d.json("init")
        self.assertEqual((out["state"], out["previous_version"]), ("upgraded", 5))
        self.assertEqual(d.sql("SELECT number, phone FROM customers ORDER BY number"), [
            ("KH202610-0001", "400-123-4567"), ("KH202610-0002", "800-958-8404"), ("KH202610-0003", "950-7149465"),
            ("KH202610-0004", "010-12345678"), ("KH202610-0005", "13912345678"),
            # numbers libphonenumber rejects stay as the older csdesk stored them: nothing is lost
            ("KH202610-0006", "15412345678"), ("KH202610-0007", "010-6543210")])
        self.assertEqual(d.sql("SELECT phone FROM staff WHERE number = '1001'"), [("400-765-4321",)])
        # the rewritten number is the key that finds the customer again
        r = d.json("--as", "1001", "register", "--name", "王女士", "--phone", "400 123 4567")
        self.assertEqual((r["number"], r["status"], r["matched_on"]), ("KH202610-0001", "returning", "phone"))

    def test_two_customers_that_would_share_a_number_refuse_the_upgrade_untouched(self):
        d = Desk(self, init=False)
        at_version_5(d, [("KH202610-0001", "0400-1234567"), ("KH202610-0002", "400-123-4567"),
                         ("KH202610-0003", "0800-1234567")])
        before = d.db_digest()
        d.fails(5, "init", says=["KH202610-0001 and KH202610-0002 would both have 400-123-4567", "nothing was changed"])
        self.assertEqual(d.db_digest(), before)
        self.assertEqual(d.sql("PRAGMA user_version"), [(5,)])


if __name__ == "__main__":
    main()
