"""The shared install (README "Shared install", issue 14 "Enforced on one machine"): csdesk setgid to a
service group that alone may open the data directory. Staff accounts reach the records only through
csdesk, which then trusts nothing of theirs: no department setting from their files or environment, no
time zone file, no output file where they could not write themselves, no core dump."""
import contextlib
import os
import pwd
import shutil
import stat
import subprocess
import time
import unittest

from harness import BIN, SharedInstall

LIST = "name,phone\n李先生,13912345679\n赵女士,12345\n"  # one row rejected
GOOD_LIST = "name,phone\n李先生,13912345679\n"


def fifo_writer(test, fifo, proc, limit=30.0):
    """Opens the FIFO for writing once csdesk has opened it for reading: the fixed point at which csdesk
    has started, read who is acting and opened the database, and now waits for its input."""
    give_up = time.monotonic() + limit
    while time.monotonic() < give_up:
        try:
            return os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:  # ENXIO: no reader yet
            if proc.poll() is not None:
                test.fail(f"csdesk exited ({proc.returncode}) before reading {fifo}")
            time.sleep(0.002)
    test.fail(f"csdesk did not open {fifo} within {limit} s")


def reader_of(fifo, program):
    """The pid of `program` (csdesk under runuser) that has `fifo` among its arguments."""
    for pid in filter(str.isdigit, os.listdir("/proc")):
        with contextlib.suppress(OSError):
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                argv = f.read().split(b"\0")
            if argv[0] == program.encode() and fifo.encode() in argv:
                return int(pid)
    return None


class Install(unittest.TestCase):
    def setUp(self):
        self.inst = SharedInstall(self)
        self.agent = self.inst.account("1001", "张伟", "consult")
        self.other = self.inst.account("1002", "李娜", "consult")
        self.inst.ok_as(self.agent, "register", "--name", "王女士", "--company", "华信科技", "--phone", "13912345678",
                        "--channel", "电话")

    @contextlib.contextmanager
    def blocked_import(self, login, umask=None):
        """`register --from FIFO` run by `login`, held at its read of the FIFO; yields its pid. The list is
        written when the block ends, and the import must then succeed."""
        fifo = os.path.join(self.inst.own_dir(login), "名单.csv")
        os.mkfifo(fifo, 0o600)
        shutil.chown(fifo, login, login)
        err = open(os.path.join(self.inst.dir, f"stderr-{login}"), "w+b")
        self.addCleanup(err.close)
        p = self.inst.start_as(login, "register", "--from", fifo, umask=umask, stderr=err)
        fd = fifo_writer(self, fifo, p)
        try:
            pid = reader_of(fifo, self.inst.bin)
            self.assertIsNotNone(pid, "the csdesk reading the FIFO")
            yield pid
            os.set_blocking(fd, True)
            os.write(fd, GOOD_LIST.encode())
        finally:
            os.close(fd)
        self.assertEqual(p.wait(timeout=60), 0, (err.seek(0), err.read().decode(errors="replace"))[1])

    def test_staff_sqlite_cannot_open_the_database_while_csdesk_works(self):
        r = self.inst.as_user(self.agent, program=["sqlite3", self.inst.db, "select phone from customers"])
        self.assertNotEqual(r.returncode, 0)
        self.assertNotIn(b"13912345678", r.stdout)
        self.assertIn(b"unable to open", r.stderr)
        r = self.inst.as_user(self.agent, program=["cat", self.inst.db])
        self.assertNotEqual(r.returncode, 0)
        rows = self.inst.json_as(self.agent, "customer", "list")
        self.assertEqual([c["name"] for c in rows], ["王女士"])
        self.assertEqual(rows[0]["registered_by"].split()[0], "1001")  # it knows who registered

    def test_files_only_the_service_group_may_read_are_not_read_for_the_invoker(self):
        for args in (("--config", self.inst.db, "customer", "list"), ("register", "--from", self.inst.db)):
            r = self.inst.as_user(self.agent, *args)
            self.assertIn(r.returncode, (3, 4), r.stderr)
            self.assertIn("Permission denied", r.stderr.decode(errors="replace"), args)
            self.assertNotIn(b"SQLite format", r.stderr + r.stdout)

    def test_wal_and_shm_of_a_member_with_umask_077_serve_the_next_member(self):
        with self.blocked_import(self.agent, umask=0o077):
            agent_uid = pwd.getpwnam(self.agent).pw_uid
            for suffix in ("", "-wal", "-shm"):
                st = os.stat(self.inst.db + suffix)
                if suffix:
                    self.assertEqual(st.st_uid, agent_uid, f"{suffix}: made by this member's csdesk")
                self.assertEqual(st.st_gid, self.inst_gid(), suffix)
                self.assertEqual(stat.S_IMODE(st.st_mode) & 0o660, 0o660, f"{suffix}: {oct(st.st_mode)}")
                self.assertEqual(stat.S_IMODE(st.st_mode) & 0o007, 0, f"{suffix}: others may not read it")
            # While the first member's csdesk holds those files open, the next one reads and writes.
            self.inst.ok_as(self.other, "register", "--name", "陈先生", "--phone", "13812345678", "--channel", "电话",
                            umask=0o077)
        self.inst.ok_as(self.other, "register", "--name", "周女士", "--phone", "13712345678", "--channel", "电话")
        names = sorted(c["name"] for c in self.inst.json_as(self.other, "customer", "list", "--limit", "0"))
        self.assertEqual(names, sorted(["王女士", "陈先生", "周女士", "李先生"]))

    def inst_gid(self):
        import grp
        return grp.getgrnam(self.inst.group).gr_gid

    def test_no_core_dump_and_no_proc_access_for_the_invoker(self):
        with self.blocked_import(self.agent) as pid:
            with open(f"/proc/{pid}/limits", encoding="utf-8") as f:
                core = next(line for line in f if line.startswith("Max core file size")).split()
            self.assertEqual(core[4:6], ["0", "0"], core)
            # Not dumpable: its /proc entries are root's, so the invoking account cannot read its memory.
            self.assertEqual(os.stat(f"/proc/{pid}/environ").st_uid, 0)
            for entry in ("environ", "maps"):
                r = self.inst.as_user(self.agent, program=["head", "-c", "1", f"/proc/{pid}/{entry}"])
                self.assertNotEqual(r.returncode, 0, entry)
                self.assertIn(b"Permission denied", r.stderr, entry)

    def test_output_into_the_data_directory_is_refused(self):
        before = sorted(os.listdir(self.inst.data))
        for args in (("customer", "list", "--format", "xlsx", "--output", f"{self.inst.data}/客户.xlsx"),
                     ("register", "--from", self.list_file(), "--rejects", f"{self.inst.data}/rej.csv")):
            err = self.inst.fails_as(self.agent, 6, *args, says=[self.inst.data, "cannot write", self.agent])
            self.assertIn("setgid", err)
        admin = self.inst.account("0001", "管理员", "admin")
        self.inst.fails_as(admin, 6, "backup", f"{self.inst.data}/copy.db", says=[f"{self.inst.data}/copy.db", "setgid"])
        # A new database there neither: only root creates the shared one.
        r = self.inst.as_user(self.agent, program=[self.inst.bin, "--db", f"{self.inst.data}/mine.db", "init"])
        self.assertEqual(r.returncode, 6, r.stderr)
        self.assertIn(b"setgid", r.stderr)
        self.assertEqual(sorted(os.listdir(self.inst.data)), before)
        self.assertEqual(len(self.inst.json_as(self.agent, "customer", "list")), 1, "the refused import wrote nothing")

    def test_a_file_the_invoker_could_not_replace_is_refused_even_with_force(self):
        theirs = os.path.join(self.inst.work, "root.xlsx")
        with open(theirs, "wb") as f:
            f.write(b"root's")
        os.chmod(theirs, 0o644)
        self.inst.fails_as(self.agent, 6, "customer", "list", "--format", "xlsx", "--output", theirs, "--force",
                           says=[theirs, "that file"])
        with open(theirs, "rb") as f:
            self.assertEqual(f.read(), b"root's")

    def test_files_in_the_invokers_own_directory_are_the_invokers(self):
        own = self.inst.own_dir(self.agent)
        self.inst.ok_as(self.agent, "customer", "list", "--format", "xlsx", "--output", f"{own}/客户.xlsx")
        self.inst.ok_as(self.agent, "register", "--from", self.list_file(), "--rejects", f"{own}/rej.csv")
        admin = self.inst.account("0001", "管理员", "admin")
        admin_dir = self.inst.own_dir(admin)
        self.inst.ok_as(admin, "backup", f"{admin_dir}/copy.db")
        for who, path in ((self.agent, f"{own}/客户.xlsx"), (self.agent, f"{own}/rej.csv"), (admin, f"{admin_dir}/copy.db")):
            st = os.stat(path)
            account = pwd.getpwnam(who)
            self.assertEqual((st.st_uid, st.st_gid), (account.pw_uid, account.pw_gid), path)
            self.assertEqual(stat.S_IMODE(st.st_mode), 0o600, path)
        self.assertEqual(sorted(os.listdir(own)), ["rej.csv", "客户.xlsx"], "no temporary left")

    def list_file(self):
        path = os.path.join(self.inst.work, f"list-{len(os.listdir(self.inst.work))}.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write(LIST)
        os.chmod(path, 0o644)
        return path


class UntrustedEnvironment(unittest.TestCase):
    def setUp(self):
        self.inst = SharedInstall(self)
        self.agent = self.inst.account("1001", "张伟", "consult")
        self.inst.root_ok("--as", "1001", "register", "--name", "王女士", "--phone", "13912345678", "--channel", "电话")
        # A zoneinfo tree of the agent's own in which Asia/Shanghai is five hours behind UTC.
        self.zones = os.path.join(self.inst.work, "zones")
        os.makedirs(os.path.join(self.zones, "Asia"))
        shutil.copy("/usr/share/zoneinfo/Etc/GMT+5", os.path.join(self.zones, "Asia", "Shanghai"))
        shutil.copy("/usr/share/zoneinfo/Etc/GMT+5", os.path.join(self.zones, "fake"))

    def registered_at(self, result):
        import json
        self.assertEqual(result.returncode, 0, result.stderr.decode(errors="replace"))
        return json.loads(result.stdout)[0]["registered_at"]

    def test_tz_and_tzdir_are_not_used(self):
        env = {"TZ": os.path.join(self.zones, "fake"), "TZDIR": self.zones}
        shown = self.registered_at(self.inst.as_user(self.agent, "customer", "list", "--json", env=env))
        self.assertEqual("2026-11-02T10:00:00+08:00", shown)
        # The same binary without setgid does read that tree: what the shared install refuses is real.
        plain = subprocess.run([BIN, "--db", self.inst.db, "customer", "list", "--json"], cwd=self.inst.work,
                               env=self.inst.env(env), capture_output=True)
        self.assertEqual("2026-11-01T21:00:00-05:00", self.registered_at(plain))

    def test_department_settings_from_the_environment_are_refused(self):
        for var, value in (("CSDESK_TIMEZONE", "Etc/GMT+5"), ("CSDESK_PRIVACY_REVEAL_ROLES", "consult"),
                           ("CSDESK_NOTIFY_COMMAND", "touch /tmp/csdesk-owned"),
                           ("CSDESK_INTAKE_REGISTER_LIMIT_MINUTES", "999")):
            self.inst.fails_as(self.agent, 3, "customer", "list", env={var: value}, says=[var, "department setting"])
        self.assertIn("王女士", self.inst.ok_as(self.agent, "customer", "list", env={"CSDESK_LANG": "zh"}))

    def test_department_settings_from_a_config_file_are_refused_lang_is_kept(self):
        own = self.inst.own_dir(self.agent)
        for name, text in (("csdesk.toml", '[notify]\ncommand = "touch /tmp/csdesk-owned"\n'),
                           ("privacy.toml", '[privacy]\nreveal_roles = ["consult"]\n')):
            path = os.path.join(own, name)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            shutil.chown(path, self.agent, self.agent)
        self.inst.fails_as(self.agent, 3, "customer", "list", cwd=own, says=["csdesk.toml:2", "notify.command"])
        self.inst.fails_as(self.agent, 3, "--config", f"{own}/privacy.toml", "customer", "list",
                           says=["privacy.reveal_roles", "department setting"])
        self.inst.fails_as(self.agent, 3, "customer", "list", env={"CSDESK_CONFIG": f"{own}/privacy.toml"},
                           says="privacy.reveal_roles")
        with open(os.path.join(own, "csdesk.toml"), "w", encoding="utf-8") as f:
            f.write('lang = "zh"\n')
        self.assertIn("登记时间", self.inst.ok_as(self.agent, "customer", "list", cwd=own))


if __name__ == "__main__":
    unittest.main()
