"""Seed 001's five-minute rule whole (issue 17): 所有客户信息需在5分钟内登记完毕,并通知到负责人 — a contact is
registered and its owner notified within intake.register_limit_minutes (5) of the contact. register gives a
new customer its owner at once and delivers the notification; a contact without --contacted-at has an
unknown time and is never on time; a notifier that fails has not notified; both rates per agent and per
channel in `report monthly`; 微信 is a channel."""
import json
import unittest

from harness import Desk, main


def desk(test, **kw):
    d = Desk(test, now="2026-11-02 10:00", **kw)
    d.ok("staff", "add", "1001", "张伟", "--roles", "consult")
    d.ok("staff", "add", "1002", "王芳", "--roles", "consult")
    d.ok("staff", "add", "2001", "李娜", "--roles", "sales")
    d.ok("staff", "add", "3001", "周主管", "--roles", "supervisor")  # runs `assign` and `assign notify`
    return d


def register(d, agent, name, phone, channel, now, contacted=None, *extra):
    args = ["--as", agent, "register", "--name", name, "--phone", phone, "--channel", channel]
    if contacted:
        args += ["--contacted-at", contacted]
    return d.json(*args, *extra, now=now)


def month(d):
    return d.json("report", "monthly", "--month", "2026-11", now="2026-12-01 09:00")


class FiveMinutes(unittest.TestCase):
    def test_registered_and_owner_notified_in_time_late_and_unknown(self):
        d = desk(self)
        # 10:00 contact, registered 10:04 and its owner notified at 10:04: on time on both counts
        r = register(d, "1001", "王女士", "13912345678", "电话", "2026-11-02 10:04", "2026-11-02 10:00")
        self.assertEqual((r["owner"], r["owner_notified"], r["within_limit"], r["contact_time_known"]),
                         ("2001 李娜", True, True, True))
        self.assertEqual(r["owner_notified_at"], "2026-11-02T10:04:00+08:00")
        self.assertEqual(d.sql("SELECT kind, status, sent_at - at FROM notifications"), [("assigned", "sent", 0)])
        # 10:00 contact registered at 10:06: late on both
        r = register(d, "1002", "陈先生", "13912345679", "微信", "2026-11-02 10:06", "2026-11-02 10:00")
        self.assertEqual((r["within_limit"], r["owner"]), (False, "2001 李娜"))
        # no --contacted-at: the contact time is unknown, never on time
        r = register(d, "1001", "刘女士", "13912345670", "电话", "2026-11-02 10:10")
        self.assertEqual((r["within_limit"], r["contact_time_known"]), (False, False))
        timeline = d.ok("customer", "show", r["number"])
        self.assertIn("contact time unknown", timeline)

        report = month(d)
        self.assertEqual(report["intake"], {"new_customers": 3, "returning_contacts": 0, "contacts": 3,
                                            "within_limit": 0.33333, "owner_notified_within_limit": 0.33333,
                                            "contact_time_unknown": 1})
        agents = {a["agent"]: a for a in report["intake_agents"]}
        self.assertEqual((agents["1001 张伟"]["within_limit"], agents["1001 张伟"]["owner_notified_within_limit"],
                          agents["1001 张伟"]["contact_time_unknown"]), (0.5, 0.5, 1))
        self.assertEqual((agents["1002 王芳"]["within_limit"], agents["1002 王芳"]["owner_notified_within_limit"],
                          agents["1002 王芳"]["contact_time_unknown"]), (0, 0, 0))
        channels = {c["channel"]: c for c in report["intake_channels"]}
        self.assertEqual(set(channels), {"phone", "wechat"})
        self.assertEqual((channels["phone"]["within_limit"], channels["phone"]["owner_notified_within_limit"],
                          channels["phone"]["contact_time_unknown"]), (0.5, 0.5, 1))
        self.assertEqual((channels["wechat"]["within_limit"], channels["wechat"]["owner_notified_within_limit"]), (0, 0))
        trend = {t["figure"]: t for t in report["trend"]}
        self.assertEqual((trend["registered_within_limit"]["current"], trend["owner_notified_within_limit"]["current"]),
                         (33.333, 33.333))
        zh = d.ok("report", "monthly", "--month", "2026-11", "--lang", "zh", now="2026-12-01 09:00")
        for words in ("限时内登记率", "限时内通知负责人率", "联系时间未知", "微信"):
            self.assertIn(words, zh)

    def test_registered_in_time_but_the_notifier_fails_is_not_notified(self):
        d = desk(self)
        d.settings({"notify.command": "echo 网关不可用 >&2; exit 3"})
        r = d.run("--as", "1001", "register", "--name", "王女士", "--phone", "13912345678", "--channel", "电话",
                  "--contacted-at", "2026-11-02 10:00", "--json", now="2026-11-02 10:04")
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertIn("not delivered", r.stderr.decode())
        self.assertIn("网关不可用", r.stderr.decode())
        out = json.loads(r.stdout)
        self.assertEqual((out["within_limit"], out["owner"], out["owner_notified_at"]), (True, "2001 李娜", None))
        self.assertEqual(d.sql("SELECT kind, status, attempts, sent_at FROM notifications"), [("assigned", "pending", 1, None)])
        self.assertEqual(month(d)["intake"]["owner_notified_within_limit"], 0)
        # delivered later by `assign notify` (at 10:20): the owner was told, 20 minutes after the contact — late
        d.settings({"notify.command": "cat > /dev/null"})
        d.ok("--as", "3001", "assign", "notify", now="2026-11-02 10:20")
        self.assertEqual(d.sql("SELECT status, sent_at - at FROM notifications"), [("sent", 16 * 60)])
        intake = month(d)["intake"]
        self.assertEqual((intake["within_limit"], intake["owner_notified_within_limit"]), (1, 0))

    def test_a_returning_customer_tells_its_owner_at_once(self):
        d = desk(self)
        register(d, "1001", "王女士", "13912345678", "电话", "2026-11-02 10:04", "2026-11-02 10:00")
        r = register(d, "1002", "王女士", "139 1234 5678", "客服QQ", "2026-11-05 09:03", "2026-11-05 09:00")
        self.assertEqual((r["status"], r["owner"], r["owner_notified_at"]), ("returning", "2001 李娜", "2026-11-05T09:03:00+08:00"))
        self.assertEqual(d.sql("SELECT kind, status FROM notifications ORDER BY id"),
                         [("assigned", "sent"), ("returning", "sent")])
        intake = month(d)["intake"]
        self.assertEqual((intake["contacts"], intake["within_limit"], intake["owner_notified_within_limit"]), (2, 1, 1))
        channels = {c["channel"]: c for c in month(d)["intake_channels"]}
        self.assertEqual(channels["qq"]["owner_notified_within_limit"], 1)

    def test_no_assign_and_the_setting_leave_the_owner_to_a_batch_run(self):
        d = desk(self)
        r = register(d, "1001", "王女士", "13912345678", "电话", "2026-11-02 10:01", "2026-11-02 10:00", "--no-assign")
        self.assertEqual((r["owner"], r["owner_notified"]), (None, False))
        d.settings({"intake.assign_at_register": False})
        r = register(d, "1001", "陈先生", "13912345679", "电话", "2026-11-02 10:02", "2026-11-02 10:00")
        self.assertEqual(r["owner"], None)
        self.assertEqual(d.sql("SELECT count(*) FROM notifications"), [(0,)])
        # the batch run at 10:03 notifies both owners within the five minutes; one at 10:30 would not
        d.ok("--as", "3001", "assign", now="2026-11-02 10:03")
        self.assertEqual(month(d)["intake"]["owner_notified_within_limit"], 1)
        d.fails(2, "--as", "1001", "register", "--from", d.write("x.csv", "姓名,电话\n李四,13912345670\n"), "--no-assign",
                says="--no-assign")

    def test_nobody_in_sales_leaves_the_customer_waiting_not_in_the_pool(self):
        d = Desk(self, now="2026-11-02 10:00")
        d.ok("staff", "add", "1001", "张伟", "--roles", "consult")
        r = d.run("--as", "1001", "register", "--name", "王女士", "--phone", "13912345678", "--contacted-at",
                  "2026-11-02 09:58")
        self.assertEqual(r.returncode, 0)
        self.assertIn("no owner yet", r.stderr.decode())
        self.assertEqual(d.sql("SELECT owner_id, in_pool FROM customers"), [(None, 0)])
        self.assertEqual(month(d)["intake"]["owner_notified_within_limit"], 0)


class Imports(unittest.TestCase):
    def test_an_import_knows_the_contact_time_only_from_its_time_column(self):
        d = desk(self)
        d.write("timed.csv", "姓名,电话,渠道,联系时间\n王女士,13912345678,微信,2026-11-02 09:58\n")
        d.write("untimed.csv", "姓名,电话,渠道\n李先生,13912345679,电话\n")
        d.ok("--as", "1001", "register", "--from", d.path("timed.csv"), now="2026-11-02 10:00")
        d.ok("--as", "1001", "register", "--from", d.path("untimed.csv"), now="2026-11-02 10:00")
        rows = d.sql("SELECT c.name, k.channel, k.within_limit, k.time_known FROM contact_log k "
                     "JOIN customers c ON c.id = k.customer_id ORDER BY c.id")
        self.assertEqual(rows, [("王女士", "wechat", 1, 1), ("李先生", "phone", 0, 0)])
        # an import never allocates: no owner yet, so no owner told
        self.assertEqual(d.sql("SELECT count(*) FROM customers WHERE owner_id IS NULL"), [(2,)])
        self.assertEqual(month(d)["intake"]["contact_time_unknown"], 1)


class SeedChannels(unittest.TestCase):
    def test_wechat_and_the_seeds_channel_words(self):
        d = desk(self)
        words = {"微信": "wechat", "WeChat": "wechat", "网上客服系统": "online", "客服邮箱": "email", "邮箱": "email",
                 "客服QQ": "qq"}
        for i, word in enumerate(words):
            d.ok("--as", "1001", "register", "--name", f"客户{i}", "--phone", f"1391234{i:04d}", "--channel", word,
                 "--no-assign")
        self.assertEqual(sorted(c["channel"] for c in d.json("customer", "list")), sorted(words.values()))
        self.assertIn("微信", d.ok("customer", "list", "--channel", "wechat", "--lang", "zh"))
        d.fails(3, "--as", "1001", "register", "--name", "某人", "--phone", "13912349999", "--channel", "飞鸽",
                says=["--channel", "wechat", "微信"])


if __name__ == "__main__":
    main()
