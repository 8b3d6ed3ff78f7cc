"""Schema 8: staff roles are a set, one row each in staff_roles, not a comma list matched with LIKE."""
import sqlite3
import unittest

from harness import Desk, before_schema_8, LATEST_SCHEMA, main, on_postgres, sqlite_only


def roles_of(d, number):
    return [r for (r,) in d.sql(f"SELECT role FROM staff_roles JOIN staff ON staff.id = staff_id "
                                f"WHERE staff.number = '{number}' ORDER BY position")]


class StaffRoles(unittest.TestCase):
    def test_roles_are_rows_in_the_order_given_and_edits_change_the_rows(self):
        d = Desk(self)
        d.ok("staff", "add", "2002", "欧阳建国", "--roles", "销售，主管")
        self.assertEqual(roles_of(d, "2002"), ["sales", "supervisor"])
        d.ok("staff", "edit", "2002", "--add-role", "complaint", "--remove-role", "主管")
        self.assertEqual(roles_of(d, "2002"), ["sales", "complaint"])
        self.assertEqual(d.json("staff", "show", "2002")["roles"], "sales,complaint")
        self.assertEqual([s["number"] for s in d.json("staff", "list", "--role", "complaint")], ["2002"])
        self.assertEqual([s["number"] for s in d.json("staff", "list", "--role", "sales")], ["2002"])
        self.assertEqual(d.json("staff", "list", "--role", "supervisor"), [])
        columns = ("SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() "
                   "AND table_name = 'staff' AND column_name = 'roles'" if on_postgres() else
                   "SELECT count(*) FROM pragma_table_info('staff') WHERE name = 'roles'")
        self.assertEqual(d.sql(columns), [(0,)], "no comma list of roles beside the rows")

    def test_salesperson_who_loses_the_sales_role_has_their_customers_waiting_again(self):
        d = Desk(self)
        d.ok("staff", "add", "1001", "张伟", "--roles", "consult")
        d.ok("staff", "add", "2001", "李娜", "--roles", "sales,complaint")
        d.ok("staff", "add", "3001", "周主管", "--roles", "supervisor")
        d.ok("--as", "1001", "register", "--name", "王女士", "--phone", "13912345678", "--no-assign")
        d.ok("--as", "3001", "assign", "KH202611-0001", "--to", "2001")
        waiting = lambda: [p["customer"] for p in d.json("--as", "1001", "assign", "--dry-run")]
        self.assertEqual(waiting(), [])
        d.ok("staff", "edit", "2001", "--remove-role", "sales")
        self.assertEqual(waiting(), ["KH202611-0001"])


class UpgradeTo8(unittest.TestCase):
    @sqlite_only("SQLite's migration 7 → 8 (PostgreSQL starts at its baseline, 23)")
    def test_comma_lists_become_rows_and_staff_read_as_before(self):
        d = Desk(self)
        d.ok("staff", "add", "1002", "王芳", "--roles", "consult,回访")
        d.ok("staff", "add", "2001", "李娜", "--roles", "sales,complaint", "--city", "北京")
        d.ok("staff", "add", "9001", "赵敏", "--roles", "manager")
        listed = d.json("staff", "list", "--all")
        con = sqlite3.connect(d.db)
        before_schema_8(con)
        # A list written by hand: a role twice, spaces around one.
        con.execute("INSERT INTO staff (number, name, roles, created_at) VALUES ('3001', '陈静', 'revisit, sales,revisit', 0)")
        con.execute("PRAGMA user_version = 7")
        con.commit()
        con.close()
        out = d.json("init")
        self.assertEqual((out["state"], out["previous_version"], out["schema_version"]), ("upgraded", 7, LATEST_SCHEMA))
        columns = ("SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() "
                   "AND table_name = 'staff' AND column_name = 'roles'" if on_postgres() else
                   "SELECT count(*) FROM pragma_table_info('staff') WHERE name = 'roles'")
        self.assertEqual(d.sql(columns), [(0,)], "no comma list of roles beside the rows")
        self.assertEqual(roles_of(d, "1002"), ["consult", "revisit"])
        self.assertEqual(roles_of(d, "2001"), ["sales", "complaint"])
        self.assertEqual(roles_of(d, "3001"), ["revisit", "sales"])
        self.assertEqual([s for s in d.json("staff", "list", "--all") if s["number"] != "3001"], listed)
        self.assertEqual([s["number"] for s in d.json("staff", "list", "--role", "sales")], ["2001", "3001"])

    @sqlite_only("SQLite's migration 7 → 8 (PostgreSQL starts at its baseline, 23)")
    def test_an_unknown_role_in_a_hand_written_list_refuses_the_upgrade_untouched(self):
        d = Desk(self)
        d.ok("staff", "add", "2001", "李娜", "--roles", "sales")
        con = sqlite3.connect(d.db)
        before_schema_8(con)
        con.execute("INSERT INTO staff (number, name, roles, created_at) VALUES ('3001', '陈静', 'revisit, 销售', 0)")
        con.execute("PRAGMA user_version = 7")
        con.commit()
        con.close()
        before = d.db_digest()
        d.fails(5, "init", says=["staff member 3001 陈静 has the role '销售'", "consult, revisit, sales",
                                 "--roles", "nothing was changed"])
        self.assertEqual(d.db_digest(), before)
        self.assertEqual(d.sql("PRAGMA user_version"), [(7,)])
        self.assertEqual(d.sql("SELECT roles FROM staff WHERE number = '3001'"), [("revisit, 销售",)])


if __name__ == "__main__":
    main()
