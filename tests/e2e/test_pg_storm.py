"""The 16-process storm on one PostgreSQL database (issue 15): sixteen desks at once, each running
csdesk one command after another — agents registering the same callers in different spellings,
an import overlapping them, allocation runs, salespeople claiming and marking contacts, complaint
handlers working complaints through their states. Afterwards the database is checked with SQL:
one customer per phone, one current owner per customer, no record number twice, every contact
logged, every command exited 0, `csdesk check` passes.

Today every writer on the server takes one advisory lock; this test is the guard for row locks.
Needs a PostgreSQL server (CSDESK_TEST_PG, see scripts/test-pg.sh); skipped without one."""
import json
import os
import subprocess
import threading
import unittest

os.environ["CSDESK_TEST_ENGINE"] = "postgresql"  # this file is about the server: every Desk on it
from harness import BIN, Desk, connect, main  # noqa: E402

SETUP_AT = "2026-11-02 09:30"
STORM_AT = "2026-11-02 10:00"
AGENTS = ["1001", "1002", "1003", "1004", "1005", "1006"]
IMPORTER = "1007"
LEAD = "1101"
SALES = [("2001", "李娜", "北京"), ("2002", "王强", "北京"), ("2003", "刘芳", "上海"), ("2004", "陈杰", "上海")]
HANDLERS = ["3001", "3002"]
SUPERVISOR = "5001"
CALLERS = 48          # registered by three agents each, in three spellings
IMPORT_NEW = 24       # the import's own new customers, besides a third of the callers
POOL = 8              # 成都 customers nobody is eligible for: in the pool, claimed in the storm
OWNED = 8             # customers owned before the storm, marked contacted in it
COMPLAINTS_EACH = 3   # per handler, worked through in the storm
STORM_COMPLAINTS = 2  # new complaints per handler and by the supervisor in the storm
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢"
BLOCKED = ("busy", "locked", "serializ", "deadlock", "could not", "retry")


def mobile(block, i):
    return f"139{block}{i:06d}"


def spell(number, k):
    """One of six spellings of a mobile number, all stored as the same 11 digits."""
    a, b, c = number[:3], number[3:7], number[7:]
    fullwidth = "".join(chr(ord(ch) + 0xFEE0) for ch in number)
    return [number, f"{a} {b} {c}", f"{a}-{b}-{c}", f"+86 {a} {b} {c}", fullwidth, f"+86-{number}"][k % 6]


def name(i, k):
    """The caller's name in different spacing: 王女士, 王 女士, an ideographic space, spaces around."""
    surname, title = SURNAMES[i % len(SURNAMES)], "女士" if i % 2 else "先生"
    return [f"{surname}{title}", f"{surname} {title}", f"{surname}\u3000{title}", f"  {surname}{title} "][k % 4]


def city(i):
    return "北京" if i % 2 else "上海"


class Storm(unittest.TestCase):
    def setUp(self):
        d = self.d = Desk(self, now=SETUP_AT)
        for k, number in enumerate(AGENTS + [IMPORTER]):
            d.ok("staff", "add", number, f"客服{k + 1}", "--roles", "consult")
        d.ok("staff", "add", LEAD, "赵班长", "--roles", "team-lead")
        for number, person, where in SALES:
            d.ok("staff", "add", number, person, "--roles", "sales", "--city", where)
        for k, number in enumerate(HANDLERS):
            d.ok("staff", "add", number, f"投诉专员{k + 1}", "--roles", "complaint")
        d.ok("staff", "add", SUPERVISOR, "孙主管", "--roles", "supervisor")
        d.settings({"assign.rule": "region"})
        # Before the storm: 成都 customers in the pool, and customers owned by each salesperson.
        self.pool = []
        for i in range(POOL):
            r = d.json("--as", AGENTS[0], "register", "--name", f"成都客户{i}", "--phone", mobile("33", i),
                       "--city", "成都", "--channel", "电话")
            self.pool.append(r["number"])
        d.ok("--as", LEAD, "assign")
        self.assertEqual(sorted(p["customer"] for p in d.json("assign", "pool")), self.pool)
        self.owned = {}  # salesperson → customers
        for i in range(OWNED):
            r = d.json("--as", AGENTS[0], "register", "--name", f"老客户{i}", "--phone", mobile("44", i),
                       "--city", city(i), "--channel", "电话")
            self.owned.setdefault(r["owner"].split()[0], []).append(r["number"])
        self.assertEqual(sorted(self.owned), [s[0] for s in SALES], self.owned)
        customers = sorted(c for cs in self.owned.values() for c in cs)
        self.complaints = {h: [] for h in HANDLERS}
        for k in range(COMPLAINTS_EACH * len(HANDLERS)):
            handler = HANDLERS[k % len(HANDLERS)]
            c = d.json("--as", handler, "complain", "new", "--customer", customers[k], "--content", f"发票金额错误{k}",
                       "--category", "billing")
            self.complaints[handler].append(c["number"])
        self.customers_before = d.sql("SELECT count(*) FROM customers")[0][0]
        self.contacts_before = d.sql("SELECT count(*) FROM contact_log")[0][0]

    def desks(self):
        """Sixteen lists of commands, one per desk."""
        desks = []
        # Six agents: caller c is registered by three neighbouring agents, each in its own spelling.
        self.registrations = []
        for a, agent in enumerate(AGENTS):
            runs = []
            for k in range(CALLERS // 2):  # a window of half the callers, starting a sixth further each agent
                c = (a * CALLERS // len(AGENTS) + k) % CALLERS
                runs.append(("--as", agent, "register", "--name", name(c, a), "--phone", spell(mobile("11", c), a + c),
                             "--city", city(c), "--channel", "电话", "--contacted-at", "2026-11-02 09:58", "--json"))
                self.registrations.append(c)
            desks.append(runs)
        # One import: a third of the callers, spelt 0086 …, and new customers.
        rows = ["姓名,电话,城市,渠道"]
        self.imported = list(range(0, CALLERS, 3))
        for c in self.imported:
            rows.append(f"{name(c, 1)},0086 {mobile('11', c)},{city(c)},电话")
        for i in range(IMPORT_NEW):
            rows.append(f"进口客户{i},{spell(mobile('22', i), i)},{city(i)},活动")
        csv_file = self.d.write("来电名单.csv", "\n".join(rows) + "\n")
        desks.append([("--as", IMPORTER, "register", "--from", csv_file, "--json")])
        # Two allocation runs, three times each.
        desks += [[("--as", LEAD, "assign", "--json")] * 3 for _ in range(2)]
        # Four salespeople: claim two pool customers each, mark their own customers contacted.
        for s, (number, _, _) in enumerate(SALES):
            runs = [("--as", number, "assign", "claim", c, "--json") for c in self.pool[s * 2:s * 2 + 2]]
            runs += [("--as", number, "assign", "contacted", c, "--at", "2026-11-02 09:50", "--json")
                     for c in self.owned[number]]
            runs.append(("--as", number, "customer", "list", "--owner", number, "--json"))
            desks.append(runs)
        # Two handlers: every complaint of theirs through respond, update, wait, resume, resolve; new ones.
        for handler in HANDLERS:
            runs = []
            for n in self.complaints[handler]:
                runs += [("--as", handler, "complain", "respond", n, "--note", f"已致电 {n}", "--json"),
                         ("--as", handler, "complain", "update", n, "--note", f"进展 {n}", "--json"),
                         ("--as", handler, "complain", "wait", n, "--json"),
                         ("--as", handler, "complain", "resume", n, "--json"),
                         ("--as", handler, "complain", "resolve", n, "--solution", f"重开发票 {n}", "--json")]
            runs += [("--as", handler, "complain", "new", "--customer", self.pool[k], "--content", f"安装延误{handler}-{k}",
                      "--json") for k in range(STORM_COMPLAINTS)]
            desks.append(runs)
        # The supervisor: new complaints and a look at the open ones.
        desks.append([("--as", SUPERVISOR, "complain", "new", "--customer", self.pool[-1 - k], "--content",
                       f"服务态度{k}", "--json") for k in range(STORM_COMPLAINTS)]
                     + [("--as", SUPERVISOR, "complain", "list", "--json")])
        self.assertEqual(len(desks), 16)
        return desks

    def storm(self, desks):
        """Runs every desk at once, one csdesk process per desk at a time; (args, exit, stdout, stderr) per run."""
        start = threading.Barrier(len(desks))
        results = [None] * len(desks)

        def desk(k):
            start.wait()
            out = []
            for args in desks[k]:
                p = subprocess.Popen([BIN, "--db", self.d.db, "--now", STORM_AT, *args], cwd=self.d.dir,
                                     env=self.d.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                stdout, stderr = p.communicate(timeout=300)
                out.append((args, p.returncode, stdout.decode(), stderr.decode(errors="replace")))
            results[k] = out

        threads = [threading.Thread(target=desk, args=(k,)) for k in range(len(desks))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return [run for desk_runs in results for run in desk_runs]

    def test_sixteen_desks_at_once(self):
        d = self.d
        runs = self.storm(self.desks())
        failed = [(" ".join(a), code, err) for a, code, _, err in runs if code != 0]
        self.assertEqual(failed, [], "every command exits 0: a busy server is csdesk's to wait for")
        blocked = [(" ".join(a), err) for a, _, _, err in runs if any(s in err.lower() for s in BLOCKED)]
        self.assertEqual(blocked, [], "no lock or retry reaches the user")
        out = {}  # command (register, import, complain new, assign claim, …) → its parsed outputs, in order
        for args, _, stdout, _ in runs:
            command = "import" if "--from" in args else args[2] + (" " + args[3] if args[2] in ("complain", "assign") else "")
            out.setdefault(command, []).append(json.loads(stdout))
        # An allocation run after the storm hands out what the import brought in, if the storm's did not.
        d.ok("--as", LEAD, "assign", now=STORM_AT)

        con = connect(d.db)
        try:
            def rows(query, params=()):
                return con.execute(query, params).fetchall()

            # One customer per normalised phone, and every spelling found the same one.
            self.assertEqual(rows("SELECT phone, count(*) FROM customers GROUP BY phone HAVING count(*) > 1"), [])
            total = self.customers_before + CALLERS + IMPORT_NEW
            self.assertEqual(rows("SELECT count(*), count(DISTINCT phone) FROM customers"), [(total, total)])
            phone_of = dict(rows("SELECT number, phone FROM customers"))
            registered = out["register"]
            self.assertEqual(len(registered), len(self.registrations))
            for c, r in zip(self.registrations, registered):
                self.assertEqual(phone_of[r["number"]], mobile("11", c), r)
                self.assertIn(r["status"], ("new", "returning"))
            (imported,) = out["import"]
            self.assertEqual((imported["rows_read"], imported["rejected"]), (len(self.imported) + IMPORT_NEW, 0), imported)
            # Counts add up: each caller new exactly once, by an agent or the import.
            new = sum(r["status"] == "new" for r in registered) + imported["new"]
            self.assertEqual(new, CALLERS + IMPORT_NEW)
            self.assertEqual(imported["new"] + imported["returning"], len(self.imported) + IMPORT_NEW)
            # No lost update: every contact is logged, once.
            self.assertEqual(rows("SELECT count(*) FROM contact_log")[0][0],
                             self.contacts_before + len(self.registrations) + len(self.imported) + IMPORT_NEW)
            by_agent = rows("SELECT s.number, count(*) FROM contact_log l JOIN staff s ON s.id = l.agent_id "
                            "WHERE l.registered_at > (SELECT min(registered_at) FROM contact_log) "
                            "GROUP BY s.number ORDER BY s.number")
            self.assertEqual(by_agent, [(a, CALLERS // 2) for a in AGENTS] + [(IMPORTER, len(self.imported) + IMPORT_NEW)])
            for c in range(CALLERS):
                contacts = rows("SELECT count(*) FROM contact_log l JOIN customers c ON c.id = l.customer_id "
                                "WHERE c.phone = ?", (mobile("11", c),))[0][0]
                self.assertEqual(contacts, self.registrations.count(c) + (c in self.imported), f"caller {c}")

            # One current owner: at most one open assignment per customer, and it names the owner.
            self.assertEqual(rows("SELECT customer_id FROM assignments WHERE superseded_at IS NULL "
                                  "GROUP BY customer_id HAVING count(*) > 1"), [])
            self.assertEqual(rows("SELECT c.number, c.owner_id, a.staff_id FROM customers c "
                                  "LEFT JOIN assignments a ON a.customer_id = c.id AND a.superseded_at IS NULL "
                                  "WHERE c.owner_id IS DISTINCT FROM a.staff_id OR a.id IS NULL"), [])
            self.assertEqual(rows("SELECT count(*) FROM customers WHERE owner_id IS NULL"), [(0,)])
            claimed = rows("SELECT c.number, s.number FROM customers c JOIN staff s ON s.id = c.owner_id "
                           "WHERE c.city = '成都' ORDER BY c.number")
            self.assertEqual(claimed, [(c, SALES[k // 2][0]) for k, c in enumerate(self.pool)])
            self.assertEqual(rows("SELECT count(*) FROM assignments WHERE rule = 'claim'"), [(POOL,)])
            contacted = rows("SELECT c.number FROM assignments a JOIN customers c ON c.id = a.customer_id "
                             "WHERE a.superseded_at IS NULL AND a.contacted_at IS NOT NULL ORDER BY c.number")
            self.assertEqual([n for (n,) in contacted], sorted(c for cs in self.owned.values() for c in cs))

            # Complaints: each worked through every state once, its log holding each step once.
            worked = [n for ns in self.complaints.values() for n in ns]
            for n in worked:
                log = rows("SELECT l.action FROM complaint_log l JOIN complaints c ON c.id = l.complaint_id "
                           "WHERE c.number = ? ORDER BY l.id", (n,))
                self.assertEqual([a for (a,) in log], ["new", "respond", "update", "wait", "resume", "resolve"], n)
            self.assertEqual(rows("SELECT count(*) FROM complaints WHERE status = 'resolved'"), [(len(worked),)])
            storm_new = [c["number"] for c in out["complain new"]]
            self.assertEqual(len(storm_new), STORM_COMPLAINTS * (len(HANDLERS) + 1))
            self.assertEqual(rows("SELECT count(*) FROM complaints"), [(len(worked) + len(storm_new),)])
            # A resolution plans its follow-up revisit.
            self.assertEqual(rows("SELECT count(*) FROM revisits WHERE complaint_id IS NOT NULL"), [(len(worked),)])

            # No record number twice, whatever the table.
            for table in ("customers", "complaints", "revisits", "assignments"):
                self.assertEqual(rows(f"SELECT number FROM {table} GROUP BY number HAVING count(*) > 1"), [], table)
            numbers = [n for (n,) in rows("SELECT number FROM customers ORDER BY id")]
            self.assertEqual(numbers, [f"KH202611-{k:04d}" for k in range(1, total + 1)], "numbers without gaps")
        finally:
            con.close()
        check = d.json("check", now=STORM_AT)
        self.assertEqual({r["result"] for r in check}, {"ok"}, check)


if __name__ == "__main__":
    main()
