"""Permissions by role (issue 14), with real OS accounts: each attack refused with exit 6 and nothing
written; each legitimate need met. Refusals name the action, the roles held and the roles that may."""
import hashlib
import os
import unittest

from harness import SharedInstall, main


class Attacks(unittest.TestCase):
    def setUp(self):
        self.inst = SharedInstall(self)
        self.agent = self.inst.account("1001", "张伟", "consult")
        self.sales = self.inst.account("2001", "李娜", "sales")
        self.supervisor = self.inst.account("3001", "赵主管", "supervisor")
        self.admin = self.inst.account("0001", "副管理员", "admin")
        # Staff work at the real time (no --now), so the numbers are this month's.
        self.a = self.inst.json_as(self.agent, "register", "--name", "王女士", "--company", "华信科技", "--phone",
                                   "13912345678", "--channel", "电话", "--no-assign")["number"]
        self.b = self.inst.json_as(self.agent, "register", "--name", "王总", "--company", "华信", "--phone", "13800001111",
                                   "--channel", "电话", "--no-assign")["number"]

    def digest(self):
        h = hashlib.sha256()
        for suffix in ("", "-wal"):
            if os.path.exists(self.inst.db + suffix):
                with open(self.inst.db + suffix, "rb") as f:
                    h.update(f.read())
        return h.hexdigest()

    def refused(self, login, *args, says=()):
        before = self.digest()
        err = self.inst.fails_as(login, 6, *args, says=["not permitted", *says])
        self.assertEqual(before, self.digest(), f"a refused `{' '.join(args)}` must leave the database as it was")
        return err

    def test_agent_cannot_grant_themselves_admin(self):
        err = self.refused(self.agent, "staff", "edit", "1001", "--add-role", "admin", says=["permissions.staff"])
        self.assertIn("1001 (consult)", err)
        self.assertIn("admin", err)
        roles = self.inst.json_as(self.agent, "staff", "show", "1001")["roles"]
        self.assertEqual(roles, "consult")

    def test_admin_cannot_add_a_role_to_themselves(self):
        self.refused(self.admin, "staff", "edit", "0001", "--add-role", "manager", says=["their own record"])
        self.refused(self.admin, "staff", "edit", "0001", "--login", "", says=["their own record"])
        # …nor through --as another admin: root (0000) acting as 0001 edits 0000's own roles.
        before = self.digest()
        r = self.inst.run_root("--as", "0001", "staff", "edit", "0000", "--add-role", "manager")
        self.assertEqual(r.returncode, 6, r.stderr)
        self.assertEqual(before, self.digest())
        # Another admin may.
        self.inst.ok_as(self.admin, "staff", "edit", "1001", "--add-role", "revisit")

    def test_agent_cannot_assign_to_merge_backup_or_read_history(self):
        err = self.refused(self.agent, "assign", self.a, "--to", "2001", says=["permissions.assign_to"])
        self.assertIn("supervisor or manager", err)
        self.refused(self.agent, "customer", "merge", self.a, self.b, says=["permissions.customer_merge"])
        self.refused(self.agent, "backup", os.path.join(self.inst.work, "copy.db"), says=["permissions.backup"])
        self.assertFalse(os.path.exists(os.path.join(self.inst.work, "copy.db")))
        self.refused(self.agent, "history", self.a, says=["permissions.audit"])
        self.refused(self.agent, "check", says=["permissions.audit"])

    def test_refusal_names_action_roles_held_and_roles_that_may(self):
        err = self.refused(self.sales, "customer", "merge", self.a, self.b)
        self.assertIn("2001 (sales)", err)
        self.assertIn("merge two customer records", err)
        self.assertIn("supervisor or manager", err)

    def test_salesperson_claims_their_own_customer_and_records_their_contact(self):
        self.inst.ok_as(self.supervisor, "assign", self.a, "--to", "2001")
        self.inst.ok_as(self.sales, "assign", "contacted", self.a)
        self.refused(self.agent, "assign", "claim", self.b, says=["permissions.claim"])
        self.refused(self.sales, "assign", "contacted", self.b, "--by", "3001", says=["only their own contact"])

    def test_supervisor_merges_and_reads_history_admin_backs_up(self):
        self.inst.ok_as(self.supervisor, "customer", "merge", self.a, self.b)
        self.assertIn("merge", self.inst.ok_as(self.supervisor, "history", self.a))
        copy = os.path.join(self.inst.work, "copy.db")
        self.inst.ok_as(self.admin, "backup", copy)
        self.assertTrue(os.path.exists(copy))


if __name__ == "__main__":
    main()
