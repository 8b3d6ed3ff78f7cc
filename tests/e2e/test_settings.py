"""Settings that decide security (issue 14): the department's settings live in the database, the same for
every desk, and only an admin changes them (`config set`, `config import`, audited). Config files in the
working directory, a user's own config file and CSDESK_* variables are refused when they name one."""
import hashlib
import json
import os
import unittest

from harness import SharedInstall, main

REGISTER = ("register", "--name", "王女士", "--company", "华信科技", "--phone", "13912345678", "--channel", "电话")


class DepartmentSettings(unittest.TestCase):
    def setUp(self):
        self.inst = SharedInstall(self)
        self.agent = self.inst.account("1001", "张伟", "consult")
        self.other = self.inst.account("1002", "李娜", "consult")

    def digest(self):
        h = hashlib.sha256()
        for suffix in ("", "-wal"):
            p = self.inst.db + suffix
            if os.path.exists(p):
                with open(p, "rb") as f:
                    h.update(f.read())
        return h.hexdigest()

    def customers(self):
        return json.loads(self.inst.root_ok("customer", "list", "--json"))

    def desk_dir(self, name, config):
        """A working directory of the agent's with a csdesk.toml in it."""
        d = os.path.join(self.inst.work, name)
        os.mkdir(d)
        with open(os.path.join(d, "csdesk.toml"), "w", encoding="utf-8") as f:
            f.write(config)
        return d

    def test_environment_naming_a_department_setting_is_refused(self):
        before = self.digest()
        for var, value, key in (("CSDESK_INTAKE_REGISTER_LIMIT_MINUTES", "999", "intake.register_limit_minutes"),
                                ("CSDESK_PRIVACY_REVEAL_ROLES", "consult", "privacy.reveal_roles")):
            with self.subTest(var):
                err = self.inst.fails_as(self.agent, 3, *REGISTER, env={var: value},
                                         says=[f"{var}: {key} is a department setting", f"csdesk config set {key}",
                                               "an admin", f"unset {var}"])
                self.assertNotIn("internal", err)
        self.inst.fails_as(self.agent, 3, "customer", "list", env={"CSDESK_PRIVACY_REVEAL_ROLES": "consult"},
                           says="CSDESK_PRIVACY_REVEAL_ROLES")
        self.assertEqual(before, self.digest(), "nothing was done")
        self.assertEqual(self.customers(), [])

    def test_config_file_in_the_working_directory_is_refused(self):
        reveal = self.desk_dir("reveal", '[privacy]\nreveal_roles = ["consult"]\n')
        marker = os.path.join(self.inst.work, "notified")
        notify = self.desk_dir("notify", f'[notify]\ncommand = "touch {marker}"\n')
        before = self.digest()
        self.inst.fails_as(self.agent, 3, "customer", "list", cwd=reveal,
                           says=["csdesk.toml:2", "privacy.reveal_roles is a department setting",
                                 "csdesk config set privacy.reveal_roles"])
        self.inst.fails_as(self.agent, 3, *REGISTER, cwd=notify,
                           says=["csdesk.toml:2", "notify.command is a department setting"])
        self.inst.fails_as(self.agent, 3, "assign", "notify", cwd=notify, says="notify.command")
        self.assertFalse(os.path.exists(marker), "the working directory's notify command never runs")
        self.assertEqual(before, self.digest())
        self.assertEqual(self.customers(), [])

    def test_desk_keys_still_come_from_the_file_and_environment(self):
        zh = self.desk_dir("zh", 'lang = "zh"\n')
        rows = {r["key"]: r for r in json.loads(self.inst.ok_as(self.agent, "config", "show", "--json", cwd=zh))}
        self.assertEqual((rows["lang"]["value"], rows["lang"]["source"]), ("zh", "csdesk.toml:1"))
        rows = {r["key"]: r for r in json.loads(self.inst.ok_as(self.agent, "config", "show", "--json",
                                                                 env={"CSDESK_LANG": "en"}))}
        self.assertEqual(rows["lang"]["source"], "env CSDESK_LANG")

    def test_only_an_admin_changes_a_setting(self):
        before = self.digest()
        for args in (("config", "set", "privacy.reveal_roles", "consult"),
                     ("config", "set", "intake.register_limit_minutes", "999"),
                     ("config", "unset", "privacy.reveal_roles")):
            with self.subTest(args):
                self.inst.fails_as(self.agent, 6, *args, says=["config", "consult", "admin"])
        path = os.path.join(self.inst.work, "mine.toml")
        with open(path, "w", encoding="utf-8") as f:
            f.write('[privacy]\nreveal_roles = ["consult"]\n')
        self.inst.fails_as(self.agent, 6, "config", "import", path, says="admin")
        self.assertEqual(before, self.digest())

    def test_an_admins_setting_holds_for_every_desk_and_is_audited(self):
        self.inst.root_ok("config", "set", "intake.register_limit_minutes", "10", now="2026-11-02 09:00")
        for login, cwd in ((self.agent, None), (self.other, self.desk_dir("elsewhere", 'lang = "en"\n'))):
            with self.subTest(login):
                rows = {r["key"]: r for r in json.loads(self.inst.ok_as(login, "config", "show", "--json", cwd=cwd))}
                self.assertEqual(rows["intake.register_limit_minutes"]["value"], "10")
                self.assertEqual(rows["intake.register_limit_minutes"]["source"], "database (set 2026-11-02 by 0000)")
                self.assertEqual(rows["intake.register_limit_minutes"]["scope"], "department")
        trail = json.loads(self.inst.root_ok("history", "intake.register_limit_minutes", "--json"))
        self.assertEqual([(t["actor"], t["action"]) for t in trail], [("0000", "set")])
        self.assertIn("5 → 10", trail[0]["changes"])
        # The setting is in force: a contact registered 9 minutes after it came in is within the limit.
        r = json.loads(self.inst.root_ok("--as", "1001", *REGISTER, "--contacted-at", "2026-11-02 09:51", "--json",
                                         now="2026-11-02 10:00"))
        self.assertTrue(r["within_limit"])
        self.inst.root_ok("config", "unset", "intake.register_limit_minutes")
        trail = json.loads(self.inst.root_ok("history", "intake.register_limit_minutes", "--json"))
        self.assertEqual([t["action"] for t in trail], ["set", "unset"])
        rows = {r["key"]: r for r in json.loads(self.inst.ok_as(self.agent, "config", "show", "--json"))}
        self.assertEqual((rows["intake.register_limit_minutes"]["value"], rows["intake.register_limit_minutes"]["source"]),
                         ("5", "default"))


if __name__ == "__main__":
    main()
