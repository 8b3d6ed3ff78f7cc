"""csdesk assign: allocation rules with reasons, the pool, the urgent-contact deadline, notifications."""
import collections
import contextlib
import json
import os
import signal
import socket
import sqlite3
import subprocess
import time
import unittest

from harness import BIN, Desk, golden, main, connect

CITIES = ["北京", "上海", "成都"]


def desk(test, sales=("2001", "2002", "2003"), **kw):
    d = Desk(test, **kw)
    d.ok("staff", "add", "1001", "张伟", "--roles", "consult")
    names = {"2001": "李娜", "2002": "王强", "2003": "赵敏", "2004": "陈静"}
    for number in sales:
        d.ok("staff", "add", number, names[number], "--roles", "sales")
    d.ok("staff", "add", "3001", "周主管", "--roles", "supervisor")  # assign --to is a supervisor's
    # These tests are of the batch run: register leaves new customers waiting for it (test_seed_intake
    # has register's own allocation, intake.assign_at_register).
    d.settings({"intake.assign_at_register": False})
    return d


def register(d, i, *extra, now=None):
    """Registers customer i (王女士i, a mobile number derived from i) and returns its number."""
    r = d.json("--as", "1001", "register", "--name", f"王女士{i}", "--company", f"北京华信科技有限公司{i}",
               "--phone", f"１３９{i:08d}", "--channel", "电话", *extra, now=now)
    return r["number"]


def register_many(d, count, start=1):
    """Imports customers start … start+count-1 (as register would name them) in one run; their numbers."""
    rows = "".join(f"王女士{i},北京华信科技有限公司{i},１３９{i:08d},电话\n" for i in range(start, start + count))
    d.write("customers.csv", "姓名,公司,电话,渠道\n" + rows)
    d.ok("--as", "1001", "register", "--from", "customers.csv")
    return [n for (n,) in d.sql(f"SELECT number FROM customers ORDER BY id DESC LIMIT {count}")][::-1]


def owners(d):
    """Current owner's employee number per customer number."""
    rows = d.sql("SELECT c.number, s.number FROM customers c LEFT JOIN staff s ON s.id = c.owner_id")
    return dict(rows)


def write_config(d, text):
    """The department's settings in `text` (TOML), set by the admin (root, 0000)."""
    d.write("department.toml", text)
    d.ok("config", "import", d.path("department.toml"))


class RoundRobin(unittest.TestCase):
    def test_thirty_customers_three_sales_ten_each(self):
        d = desk(self)
        register_many(d, 30)
        rows = d.json("--as", "1001", "assign")
        self.assertEqual(len(rows), 30)
        self.assertEqual(collections.Counter(r["staff"] for r in rows), {"2001": 10, "2002": 10, "2003": 10})
        self.assertEqual({r["rule"] for r in rows}, {"round-robin"})
        self.assertEqual(rows[0]["reason"], "round-robin: 2001 first in order")
        self.assertEqual(rows[1]["reason"], "round-robin: next after 2001")
        self.assertEqual(rows[3]["reason"], "round-robin: next after 2003")  # wraps around
        self.assertEqual(d.sql("SELECT DISTINCT operator FROM assignments"), [("1001",)])
        # Nobody is left waiting: a second run assigns nothing.
        self.assertEqual(d.json("--as", "1001", "assign"), [])

    def test_three_separate_runs_stay_fair(self):
        d = desk(self)
        counts = collections.Counter()
        for run in range(3):
            register_many(d, 10, start=run * 10 + 1)
            rows = d.json("--as", "1001", "assign", now=f"2026-11-02 1{run}:00")
            self.assertEqual(len(rows), 10)
            counts.update(r["staff"] for r in rows)
        self.assertEqual(counts, {"2001": 10, "2002": 10, "2003": 10})
        self.assertEqual(collections.Counter(owners(d).values()), {"2001": 10, "2002": 10, "2003": 10})

    def test_explain_output(self):
        d = desk(self)
        for i in range(1, 5):
            register(d, i, "--city", CITIES[i % 3])
        out = d.ok("--as", "1001", "assign", "--explain")
        golden(self, "assign/round_robin_explain.txt", out)
        self.assertNotIn("Reason", d.ok("--as", "3001", "assign", "KH202611-0001", "--to", "2002").splitlines()[0])

    def test_named_customers_only(self):
        d = desk(self)
        numbers = register_many(d, 3)
        rows = d.json("--as", "1001", "assign", numbers[1])
        self.assertEqual([r["customer"] for r in rows], [numbers[1]])
        self.assertEqual(owners(d)[numbers[0]], None)
        d.fails(4, "--as", "1001", "assign", "KH209901-0001", says="KH209901-0001")


class Owner(unittest.TestCase):
    def test_returning_customer_goes_back_to_its_owner(self):
        d = desk(self)
        numbers = register_many(d, 4)
        first = {r["customer"]: r["staff"] for r in d.json("--as", "1001", "assign")}
        owner = first[numbers[2]]
        r = d.run("--as", "1001", "register", "--name", "王女士3", "--company", "北京华信科技有限公司3", "--phone",
                  "１３９00000003", "--channel", "电话", "--note", "再次来电询问报价", "--json", now="2026-11-03 09:00")
        again = json.loads(r.stdout)["number"]
        self.assertEqual(again, numbers[2])
        # register delivered the owner's 'returning' notification at once (printed by default) …
        self.assertIn(f"[returning] {again} 王女士3", r.stderr.decode())
        # Her new contact waits for a decision; the plain run keeps her owner, saying why.
        rows = d.json("--as", "1001", "assign", now="2026-11-03 09:01")
        self.assertEqual([(r["customer"], r["staff"], r["rule"], r["reason"]) for r in rows],
                         [(again, owner, "owner", "owner of returning customer")])
        self.assertEqual(rows[0]["previous"], owner)
        self.assertEqual(d.json("--as", "1001", "assign", now="2026-11-03 09:02"), [])
        # … so the owner is not told twice.
        told = d.sql(f"SELECT kind, status FROM notifications WHERE customer_id = (SELECT id FROM customers "
                     f"WHERE number = '{again}') ORDER BY id")
        self.assertEqual(told, [("assigned", "sent"), ("returning", "sent")])
        self.assertEqual(d.sql("SELECT COUNT(*) FROM notifications WHERE status = 'pending'"), [(0,)])
        # By name, a lead in progress stays with its owner too.
        row = d.json("--as", "1001", "assign", numbers[0], "--explain", now="2026-11-03 09:05")[0]
        self.assertEqual((row["staff"], row["rule"], row["reason"]), (first[numbers[0]], "owner", "owner: lead in progress"))

    def test_urgent_returning_customer_gets_a_deadline_with_its_owner(self):
        d = desk(self)
        number = register(d, 1)
        d.ok("--as", "1001", "assign")
        register(d, 1, "--urgent", now="2026-11-03 09:00")
        row = d.json("--as", "1001", "assign", now="2026-11-03 09:00:30")[0]
        self.assertEqual((row["customer"], row["staff"], row["rule"]), (number, "2001", "owner"))
        self.assertEqual(row["deadline"], "2026-11-03T09:15:30+08:00")
        told = d.sql("SELECT kind, payload FROM notifications WHERE kind = 'assigned' ORDER BY id DESC LIMIT 1")
        self.assertEqual(json.loads(told[0][1])["deadline"], "2026-11-03T09:15:30+08:00")
        self.assertEqual([o["customer"] for o in d.json("assign", "overdue", now="2026-11-03 09:16")], [number])

    def test_deactivated_owners_returning_customer_is_reallocated_by_rule(self):
        d = desk(self)
        number = register(d, 1)
        self.assertEqual(d.json("--as", "1001", "assign")[0]["staff"], "2001")
        d.ok("staff", "deactivate", "2001")
        register(d, 1, now="2026-11-03 09:00")
        rows = d.json("--as", "1001", "assign", now="2026-11-03 09:05")  # a waiting customer again: owner deactivated
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0]["customer"], number)
        self.assertEqual(rows[0]["staff"], "2002")
        self.assertEqual(rows[0]["rule"], "round-robin")
        self.assertEqual(rows[0]["reason"], "owner 2001 is deactivated; round-robin: next after 2001")
        # The deactivated owner is not told; nobody is told twice.
        self.assertEqual(d.sql("SELECT COUNT(*) FROM notifications WHERE kind = 'reassigned-away'"), [(0,)])


class RegionNeedLoad(unittest.TestCase):
    def test_region_rule_and_unmatched_city_to_the_pool(self):
        d = desk(self)
        write_config(d, 'assign.rule = "region"\n[assign.region]\n"北京" = ["2001", "2003"]\n"上海" = ["2002"]\n')
        a = register(d, 1, "--city", "北京市")
        b = register(d, 2, "--city", "北京")
        c = register(d, 3, "--city", "上海")
        e = register(d, 4, "--city", "成都")
        rows = {r["customer"]: r for r in d.json("--as", "1001", "assign")}
        self.assertEqual(rows[a]["staff"], "2001")
        self.assertEqual(rows[a]["reason"], "region 北京 → 2001,2003; 2001 first in order")
        self.assertEqual(rows[b]["staff"], "2003")
        self.assertEqual(rows[b]["reason"], "region 北京 → 2001,2003; next after 2001")
        self.assertEqual(rows[c]["staff"], "2002")
        self.assertIsNone(rows[e]["staff"])
        self.assertEqual(rows[e]["rule"], "pool")
        self.assertEqual(rows[e]["reason"], "no active sales in 成都 → pool")
        self.assertEqual(d.sql(f"SELECT in_pool, owner_id FROM customers WHERE number = '{e}'"), [(1, None)])
        pool = d.json("assign", "pool")
        self.assertEqual([p["customer"] for p in pool], [e])
        self.assertEqual(pool[0]["phone"], "139****0004")
        # The pool is announced, and not assigned again by a plain run.
        self.assertEqual(d.sql("SELECT COUNT(*) FROM notifications WHERE kind = 'pool' AND staff_id IS NULL"), [(1,)])
        self.assertEqual(d.json("--as", "1001", "assign"), [])
        # Once 成都 has a salesperson, --pool tries the pool again.
        d.ok("staff", "add", "2004", "陈静", "--roles", "sales", "--city", "成都")
        again = d.json("--as", "1001", "assign", "--pool")
        self.assertEqual([(r["customer"], r["staff"], r["reason"]) for r in again],
                         [(e, "2004", "region 成都 (staff city) → 2004; 2004 first in order")])
        self.assertEqual([r["rule"] for r in d.json("assign", "list", "--customer", e)], ["pool", "region"])

    def test_region_list_naming_unknown_staff_is_warned_about(self):
        d = desk(self)
        write_config(d, 'assign.rule = "region"\n[assign.region]\n"北京" = ["2001", "2009"]\n')
        register(d, 1, "--city", "北京")
        r = d.run("--as", "1001", "assign")
        self.assertEqual(r.returncode, 0)
        self.assertIn("assign.region 北京 names 2009, who is not on the staff list", r.stderr.decode())

    def test_claim_from_the_pool(self):
        d = desk(self)
        write_config(d, 'assign.rule = "region"\n')
        e = register(d, 4, "--city", "成都")
        owned = register(d, 5, "--city", "成都")
        d.ok("--as", "1001", "assign", e)
        d.ok("--as", "3001", "assign", owned, "--to", "2001")
        # root is admin 0000: not a salesperson's permission; nor an agent's; a supervisor may but owns no customers.
        d.fails(6, "assign", "claim", e, says=["0000 (admin)", "permissions.claim"])
        d.fails(6, "--as", "1001", "assign", "claim", e, says=["1001 (consult)", "permissions.claim"])
        d.fails(5, "--as", "3001", "assign", "claim", e, says=["3001", "not in sales"])
        d.fails(5, "--as", "2002", "assign", "claim", owned, says=["belongs to 2001", "--to"])
        row = d.json("--as", "2002", "assign", "claim", e)[0]
        self.assertEqual((row["staff"], row["rule"]), ("2002", "claim"))
        self.assertEqual(row["reason"], "claimed by 2002 王强 from the pool")
        self.assertEqual(d.json("assign", "pool"), [])
        d.fails(5, "--as", "2002", "assign", "claim", e, says="already yours")

    def test_need_rule(self):
        d = desk(self)
        write_config(d, 'assign.rule = "need"\n[assign.need]\nERP = ["2003"]\n"网站" = ["2001", "2002"]\n')
        a = register(d, 1, "--needs", "上线ｅｒｐ，顺便做网站")
        b = register(d, 2, "--needs", "打印机维修")
        rows = {r["customer"]: r for r in d.json("--as", "1001", "assign")}
        self.assertEqual((rows[a]["staff"], rows[a]["reason"]), ("2003", "need ERP → 2003; 2003 first in order"))
        self.assertEqual(rows[b]["rule"], "pool")

    def test_least_loaded(self):
        d = desk(self)
        write_config(d, 'assign.rule = "least-loaded"\n')
        first = [register(d, i) for i in (1, 2)]
        d.ok("--as", "3001", "assign", *first, "--to", "2002")
        rows = d.json("--as", "1001", "assign", register(d, 3), register(d, 4), register(d, 5))
        self.assertEqual([r["staff"] for r in rows], ["2001", "2003", "2001"])
        self.assertEqual(rows[0]["reason"], "least-loaded: 2 tied at 0 open customers this month (2001,2003); 2001 first in order")

    def test_only_on_shift(self):
        d = desk(self)
        d.ok("staff", "edit", "2001", "--shift", "early")
        d.ok("staff", "edit", "2002", "--shift", "late")
        d.ok("staff", "edit", "2003", "--shift", "early")
        d.ok("config", "set", "assign.only_on_shift", "true")
        env = {}
        register(d, 1)
        self.assertEqual(d.json("--as", "1001", "assign", now="2026-11-02 17:00", env=env)[0]["staff"], "2002")
        register(d, 2)
        row = d.json("--as", "1001", "assign", now="2026-11-02 23:30", env=env)[0]
        self.assertEqual((row["rule"], row["reason"]), ("pool", "no active sales on shift → pool"))


class ByHand(unittest.TestCase):
    def test_to_any_active_salesperson_else_says_why(self):
        d = desk(self, sales=("2001", "2002", "2003", "2004"))
        number = register(d, 1)
        d.ok("--as", "1001", "assign", number)
        d.ok("staff", "deactivate", "2004")
        before = d.db_digest()
        d.fails(5, "--as", "3001", "assign", number, "--to", "2004", says=["2004", "deactivated"])
        d.fails(5, "--as", "3001", "assign", number, "--to", "1001", says=["1001", "not in sales"])
        d.fails(4, "--as", "3001", "assign", number, "--to", "9999", says="9999")
        d.fails(5, "--as", "3001", "assign", number, "--to", "2001", says="already assigned to 2001")
        d.fails(2, "--as", "3001", "assign", "--to", "2002", says="--to")
        self.assertEqual(before, d.db_digest())
        d.fails(6, "--as", "1001", "assign", number, "--to", "王强", says=["1001 (consult)", "permissions.assign_to"])
        self.assertEqual(before, d.db_digest())
        row = d.json("--as", "3001", "assign", number, "--to", "王强")[0]
        self.assertEqual((row["staff"], row["rule"], row["previous"]), ("2002", "manual", "2001"))
        self.assertEqual(row["reason"], "by hand (3001); was 2001 李娜")
        told = d.sql("SELECT s.number, n.kind FROM notifications n JOIN staff s ON s.id = n.staff_id "
                     "WHERE n.assignment_id = (SELECT MAX(id) FROM assignments) ORDER BY n.id")
        self.assertEqual(told, [("2002", "assigned"), ("2001", "reassigned-away")])
        hist = d.json("assign", "list")
        self.assertEqual([(h["staff"], h["status"]) for h in hist], [("2001", "superseded"), ("2002", "current")])
        self.assertIn("assign", d.ok("history", number))

    def test_dry_run_writes_nothing(self):
        d = desk(self)
        register_many(d, 3)
        before = d.db_digest()
        r = d.run("--as", "1001", "assign", "--dry-run", "--explain")
        self.assertEqual(r.returncode, 0)
        out = r.stdout.decode()
        self.assertIn("round-robin: next after 2002", out)
        self.assertIn("nothing written", r.stderr.decode())
        self.assertEqual(before, d.db_digest())
        self.assertEqual(d.sql("SELECT COUNT(*) FROM assignments"), [(0,)])


class Urgent(unittest.TestCase):
    def test_overdue_at_sixteen_minutes_reassigned_contacted_at_fourteen_not(self):
        d = desk(self)
        late = register(d, 1, "--urgent", now="2026-11-02 10:00")
        quick = register(d, 2, "--urgent", now="2026-11-02 10:00")
        calm = register(d, 3, now="2026-11-02 10:00")
        rows = {r["customer"]: r for r in d.json("--as", "1001", "assign", now="2026-11-02 10:00")}
        self.assertTrue(rows[late]["urgent"])
        self.assertEqual(rows[late]["deadline"], "2026-11-02T10:15:00+08:00")
        self.assertIsNone(rows[calm]["deadline"])
        quick_owner = rows[quick]["staff"]
        contact = d.json("--as", "3001", "assign", "contacted", quick, "--by", quick_owner, now="2026-11-02 10:14")
        self.assertEqual((contact["in_time"], contact["taken"]), (True, 14 * 60))
        # At exactly +15 nobody is overdue yet; at +16 the uncontacted one is.
        self.assertEqual(d.json("assign", "overdue", now="2026-11-02 10:15"), [])
        overdue = d.json("assign", "overdue", now="2026-11-02 10:16")
        self.assertEqual([o["customer"] for o in overdue], [late])
        self.assertEqual(overdue[0]["overdue_by"], 60)
        self.assertEqual([r["customer"] for r in d.json("assign", "list", "--overdue", now="2026-11-02 10:16")], [late])

        first_owner = rows[late]["staff"]
        moved = d.json("--as", "1001", "assign", "overdue", "--reassign", now="2026-11-02 10:16")
        self.assertEqual(len(moved), 1)
        self.assertEqual(moved[0]["customer"], late)
        self.assertNotEqual(moved[0]["staff"], first_owner)
        self.assertEqual((moved[0]["rule"], moved[0]["previous"]), ("reassign", first_owner))
        self.assertEqual(moved[0]["deadline"], "2026-11-02T10:31:00+08:00")
        self.assertTrue(moved[0]["reason"].startswith("not contacted by 2026-11-02 10:15"))
        told = d.sql("SELECT s.number, n.kind, n.payload FROM notifications n JOIN staff s ON s.id = n.staff_id "
                     "WHERE n.kind IN ('reassigned', 'reassigned-away') ORDER BY n.id")
        self.assertEqual([(t[0], t[1]) for t in told], [(moved[0]["staff"], "reassigned"), (first_owner, "reassigned-away")])
        payload = json.loads(told[0][2])
        self.assertEqual(payload["deadline"], "2026-11-02T10:31:00+08:00")
        self.assertEqual(payload["customer_number"], late)
        self.assertIsNone(json.loads(told[1][2])["deadline"])
        # The new deadline starts now: not overdue at 10:30, overdue again at 10:32.
        self.assertEqual(d.json("assign", "overdue", now="2026-11-02 10:30"), [])
        self.assertEqual([o["customer"] for o in d.json("assign", "overdue", now="2026-11-02 10:32")], [late])
        self.assertEqual(owners(d)[quick], quick_owner)

    def test_contacted_checks_who_and_when(self):
        d = desk(self)
        number = register(d, 1, "--urgent")
        d.fails(5, "--as", "2001", "assign", "contacted", number, says="unassigned")
        d.ok("--as", "1001", "assign", number)  # → 2001
        d.fails(6, "assign", "contacted", number, says=["0000 (admin)", "permissions.claim"])
        # A salesperson records their own contact, not another's.
        d.fails(6, "--as", "2002", "assign", "contacted", number, "--by", "2001", says=["2002", "only their own contact"])
        d.fails(5, "--as", "2002", "assign", "contacted", number, says=["assigned to 2001", "--by 2001"])
        d.fails(3, "--as", "2001", "assign", "contacted", number, "--at", "2026-11-02 09:00", says="--at")
        d.fails(3, "--as", "2001", "assign", "contacted", number, "--at", "2026-11-02 11:00", says="--at")
        r = d.json("--as", "2001", "assign", "contacted", number, "--at", "2026-11-02 10:20", now="2026-11-02 10:30")
        self.assertFalse(r["in_time"])
        d.fails(5, "--as", "2001", "assign", "contacted", number, says="already recorded")

    def test_nobody_else_to_take_it(self):
        d = desk(self, sales=("2001",))
        number = register(d, 1, "--urgent")
        d.ok("--as", "1001", "assign", number)
        r = d.run("--as", "1001", "assign", "overdue", "--reassign", "--json", now="2026-11-02 10:20")
        self.assertEqual(r.returncode, 0)
        self.assertEqual(json.loads(r.stdout), [])
        self.assertIn(f"{number} stays with 2001: no other active sales", r.stderr.decode())
        self.assertEqual(owners(d)[number], "2001")


class Notify(unittest.TestCase):
    def test_failing_notifier_keeps_pending_and_notify_delivers(self):
        d = desk(self)
        numbers = register_many(d, 3)
        write_config(d, '[notify]\ncommand = "echo bot offline >&2; exit 1"\n')
        r = d.run("--as", "1001", "assign", "--json")
        self.assertEqual(r.returncode, 0)  # the assignments stand
        self.assertEqual(len(json.loads(r.stdout)), 3)
        self.assertIn("kept pending", r.stderr.decode())
        self.assertEqual(set(owners(d).values()), {"2001", "2002", "2003"})
        rows = d.sql("SELECT status, attempts, last_error FROM notifications ORDER BY id")
        self.assertEqual(rows, [("pending", 1, "notify.command exited with status 1: bot offline")] * 3)

        write_config(d, '[notify]\ncommand = "cat >> delivered.jsonl"\n')
        out = d.json("--as", "1001", "assign", "notify", now="2026-11-02 10:05")
        self.assertEqual([(o["status"], o["attempts"]) for o in out], [("sent", 2)] * 3)
        with open(d.path("delivered.jsonl"), encoding="utf-8") as f:
            delivered = [json.loads(line) for line in f]
        self.assertEqual(sorted(p["customer_number"] for p in delivered), sorted(numbers))
        self.assertEqual(delivered[0]["kind"], "assigned")
        self.assertEqual(delivered[0]["staff_number"], "2001")
        self.assertEqual(delivered[0]["staff_name"], "李娜")
        self.assertRegex(delivered[0]["phone"], r"^139\d{8}$")  # the notifier gets the real number
        self.assertEqual(delivered[0]["assigned_at"], "2026-11-02T10:00:00+08:00")
        self.assertIsNone(delivered[0]["deadline"])
        self.assertEqual(d.json("--as", "1001", "assign", "notify"), [])

    def test_two_deliverers_at_once_send_each_notification_once(self):
        d = desk(self)
        register_many(d, 5)
        write_config(d, '[notify]\ncommand = "exit 1"\n')
        d.ok("--as", "1001", "assign")
        write_config(d, '[notify]\ncommand = "sleep 0.2; cat >> delivered.jsonl"\n')
        cmd = [BIN, "--db", d.db, "--now", "2026-11-02 10:05", "--as", "1001", "assign", "notify", "--json"]
        runs = [subprocess.Popen(cmd, cwd=d.dir, env=d.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                for _ in range(2)]
        sent = []
        for p in runs:
            out, err = p.communicate(timeout=60)
            self.assertEqual(p.returncode, 0, err.decode())
            sent += [r["id"] for r in json.loads(out)]
        self.assertEqual(sorted(sent), [1, 2, 3, 4, 5])
        with open(d.path("delivered.jsonl"), encoding="utf-8") as f:
            self.assertEqual(len(f.readlines()), 5)
        self.assertEqual(d.sql("SELECT COUNT(*) FROM notifications WHERE status = 'sent' AND claimed_by IS NULL"), [(5,)])

    def test_hold_of_a_live_deliverer_is_respected_and_of_a_dead_one_released(self):
        d = desk(self)
        register(d, 1)
        write_config(d, '[notify]\ncommand = "exit 1"\n')
        d.ok("--as", "1001", "assign")
        write_config(d, '[notify]\ncommand = "cat >> delivered.jsonl"\n')
        finished = subprocess.Popen(["true"])
        finished.wait()
        for holder, expected in ((os.getpid(), []), (finished.pid, [1])):
            # Simulates another deliverer holding the notification (tests only write here).
            con = connect(d.db)
            con.execute("UPDATE notifications SET claimed_by = ?", (f"{socket.gethostname()}:{holder}",))
            con.commit()
            con.close()
            self.assertEqual([r["id"] for r in d.json("--as", "1001", "assign", "notify")], expected)

    def test_notifier_that_cannot_run(self):
        d = desk(self)
        register(d, 1)
        write_config(d, '[notify]\ncommand = "/nonexistent/bot"\n')
        d.ok("--as", "1001", "assign")
        self.assertEqual(d.sql("SELECT status, last_error LIKE '%exit 127%' FROM notifications"), [("pending", 1)])
        pending = d.json("--as", "1001", "assign", "notify", "--dry-run")
        self.assertEqual([(p["status"], p["attempts"]) for p in pending], [("pending", 1)])


    def test_a_hanging_notifier_is_killed_at_the_timeout_with_what_it_started(self):
        d = desk(self)
        register(d, 1)
        write_config(d, '[notify]\ncommand = "exit 1"\n')
        d.ok("--as", "1001", "assign")
        # Hangs: never reads its input, and a child of its own holds stdout and stderr open too.
        d.write("bot.sh", "echo $$ > bot.pid\nsleep 600 &\necho $! > child.pid\necho 'connecting to WeCom' >&2\nsleep 600\n")
        self.addCleanup(kill_recorded, d, "bot.pid", "child.pid")
        write_config(d, '[notify]\ncommand = "sh bot.sh"\ntimeout_seconds = 1\n')
        cmd = [BIN, "--db", d.db, "--now", "2026-11-02 10:05", "--as", "1001", "assign", "notify", "--json"]
        started = time.monotonic()
        r = subprocess.run(cmd, cwd=d.dir, env=d.env, capture_output=True, timeout=60)  # bounded, however it fails
        took = time.monotonic() - started
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertGreaterEqual(took, 1.0)
        self.assertLess(took, 5.0, "assign notify must return at the 1-second timeout")
        [row] = json.loads(r.stdout)
        self.assertEqual((row["status"], row["attempts"]), ("pending", 2))
        error = "notify.command did not finish within 1 s and was killed: connecting to WeCom"
        self.assertIn(error, r.stderr.decode())
        self.assertEqual(d.sql("SELECT status, last_error FROM notifications"), [("pending", error)])
        for name in ("bot.pid", "child.pid"):
            self.assertTrue(process_gone(read_pid(d, name)), f"{name}: the whole process group is killed")

    def test_timeout_seconds_is_range_checked(self):
        d = desk(self)
        for bad in ("0", "3601", "-5"):
            d.fails(3, "config", "set", "notify.timeout_seconds", bad, says=["notify.timeout_seconds", "1 to 3600"])

    def test_what_a_notifier_prints_goes_to_stderr_not_into_json(self):
        d = desk(self)
        register(d, 1)
        write_config(d, '[notify]\ncommand = "echo 已发送给 李娜; cat >> delivered.jsonl"\n')
        r = d.run("--as", "1001", "assign", "--json")
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertEqual(len(json.loads(r.stdout)), 1)  # parseable: nothing of the notifier in it
        self.assertIn("已发送给 李娜", r.stderr.decode())
        register(d, 2)
        write_config(d, '[notify]\ncommand = "exit 1"\n')
        d.ok("--as", "1001", "assign")
        write_config(d, '[notify]\ncommand = "echo \'{\\"not\\": \\"ours\\"}\'; cat >> delivered.jsonl"\n')
        r = d.run("--as", "1001", "assign", "notify", "--json", now="2026-11-02 10:05")
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertEqual([o["status"] for o in json.loads(r.stdout)], ["sent"])
        self.assertIn('{"not": "ours"}', r.stderr.decode())
        with open(d.path("delivered.jsonl"), encoding="utf-8") as f:
            self.assertEqual(len(f.readlines()), 2)


def read_pid(d, name):
    with open(d.path(name), encoding="ascii") as f:
        return int(f.read())


def process_gone(pid):
    """No such process, or only its zombie (waiting for a parent that is not ours to reap it)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def kill_recorded(d, *names):
    for name in names:
        with contextlib.suppress(OSError, ValueError):
            os.kill(read_pid(d, name), signal.SIGKILL)


class Listing(unittest.TestCase):
    def test_filters_and_formats(self):
        d = desk(self)
        a = register(d, 1, "--urgent", now="2026-11-02 10:00")
        d.ok("--as", "1001", "assign", now="2026-11-02 10:00")
        b = register(d, 2, now="2026-11-05 09:00")
        d.ok("--as", "1001", "assign", now="2026-11-05 09:00")
        d.ok("--as", "3001", "assign", b, "--to", "2003", now="2026-11-05 09:30")
        self.assertEqual([r["customer"] for r in d.json("assign", "list", "--to", "2001")], [a])
        self.assertEqual([r["customer"] for r in d.json("assign", "list", "--urgent")], [a])
        self.assertEqual([r["rule"] for r in d.json("assign", "list", "--since", "2026-11-05")], ["round-robin", "manual"])
        self.assertEqual([r["customer"] for r in d.json("assign", "list", "--until", "2026-11-04")], [a])
        self.assertEqual(len(d.json("assign", "list", "--until", "2026-11-05")), 3)  # a date includes its day
        self.assertEqual([r["staff"] for r in d.json("assign", "list", "--current")], ["2001", "2003"])
        self.assertEqual(len(d.json("assign", "list", "--overdue", now="2026-11-02 10:20")), 1)
        rows = d.csv("assign", "list", "--rule", "manual", "--lang", "zh")
        self.assertEqual(rows[0]["销售工号"], "2003")
        self.assertEqual(rows[0]["原负责人"], "2002")
        d.fails(3, "assign", "list", "--rule", "round-robn", says=["round-robn", "did you mean 'round-robin'"])
        d.fails(3, "assign", "list", "--since", "yesterday", says="--since")
        d.fails(4, "assign", "list", "--to", "9999", says="9999")


class Concurrency(unittest.TestCase):
    def test_two_processes_over_a_thousand_customers_assign_each_once(self):
        d = desk(self)
        register_many(d, 1000)
        cmd = [BIN, "--db", d.db, "--now", "2026-11-02 11:00", "--as", "1001", "assign", "--json"]
        runs = [subprocess.Popen(cmd, cwd=d.dir, env=d.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                for _ in range(2)]
        outputs = [p.communicate(timeout=300) for p in runs]
        for p, (_, err) in zip(runs, outputs):
            self.assertEqual(p.returncode, 0, err.decode())
        assigned = [r["customer"] for out, _ in outputs for r in json.loads(out)]
        self.assertEqual(len(assigned), 1000)
        self.assertEqual(len(set(assigned)), 1000)
        self.assertEqual(d.sql("SELECT COUNT(*), COUNT(DISTINCT customer_id) FROM assignments"), [(1000, 1000)])
        self.assertEqual(d.sql("SELECT COUNT(*) FROM customers WHERE owner_id IS NULL"), [(0,)])
        # One cursor shared by both processes: still fair.
        counts = collections.Counter(owners(d).values())
        self.assertEqual(sorted(counts.values()), [333, 333, 334])
        self.assertEqual(d.sql("SELECT COUNT(*) FROM notifications WHERE status = 'sent'"), [(1000,)])


if __name__ == "__main__":
    main()
