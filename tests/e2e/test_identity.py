"""Identity from the system (issue 14): the operator is the OS account running csdesk, mapped to a
staff member by --login; --as and --now are an admin's; an unmapped account is refused (exit 6)."""
import os
import unittest

from harness import Desk, SharedInstall


class FirstAdmin(unittest.TestCase):
    def test_init_makes_the_running_account_admin(self):
        d = Desk(self, init=False)
        out = d.json("init", "--admin-number", "9000", "--admin-name", "系统管理员")
        self.assertIn("9000 系统管理员", out[0]["admin"] if isinstance(out, list) else out["admin"])
        staff = d.json("staff", "list")
        self.assertEqual([(s["number"], s["roles"], s["login"]) for s in staff], [("9000", "admin", "root")])

    def test_second_init_adds_nobody(self):
        d = Desk(self)
        d.ok("init")
        self.assertEqual(len(d.json("staff", "list")), 1)


class RealAccounts(unittest.TestCase):
    def setUp(self):
        self.inst = SharedInstall(self)
        self.agent = self.inst.account("1001", "张伟", "consult")
        self.manager = self.inst.account("9001", "王经理", "manager")

    def test_account_acts_as_its_staff_member(self):
        self.inst.ok_as(self.agent, "register", "--name", "王女士", "--company", "华信科技", "--phone", "13912345678",
                        "--channel", "电话")
        rows = self.inst.sql_rows = self.inst.root_ok("customer", "list", "--json")
        self.assertIn("1001", rows)

    def test_unmapped_account_is_refused_with_the_fix(self):
        stranger = self.inst.os_account()
        err = self.inst.fails_as(stranger, 6, "customer", "list", says=[stranger, "staff edit"])
        self.assertIn("--login", err)

    def test_as_someone_else_is_refused_unless_admin(self):
        self.inst.fails_as(self.agent, 6, "--as", "9001", "customer", "list", says="only an admin")
        self.inst.ok_as(self.agent, "--as", "1001", "customer", "list")  # naming oneself is fine

    def test_now_is_refused_unless_admin(self):
        self.inst.fails_as(self.agent, 6, "customer", "list", now="2026-11-01 09:00", says="--now")
        self.inst.fails_as(self.agent, 6, "customer", "list", env={"CSDESK_NOW": "2026-11-01 09:00"}, says="--now")

    def test_deactivated_member_cannot_act(self):
        self.inst.root_ok("staff", "deactivate", "1001")
        self.inst.fails_as(self.agent, 6, "customer", "list", says="deactivated")

    def test_one_account_one_member(self):
        r = self.inst.run_root("staff", "add", "1002", "李四", "--roles", "consult", "--login", self.agent)
        self.assertEqual(r.returncode, 5, r.stderr)


if __name__ == "__main__":
    unittest.main()
