"""The seeds' own words as input (issue 17): the channels, revisit methods and purposes and the posts
as seed 001 names them are accepted wherever their English codes are, and stored as those codes."""
import unittest

from harness import Desk, main


def desk(test):
    d = Desk(test, now="2026-11-02 10:00")
    d.ok("staff", "add", "1001", "张伟", "--roles", "咨询客服")
    d.ok("staff", "add", "3001", "陈静", "--roles", "回访客服")
    return d


class SeedWords(unittest.TestCase):
    def test_channels_of_seed_001(self):
        d = desk(self)
        words = {"网上客服系统": "online", "电话": "phone", "客服QQ": "qq", "客服邮箱": "email", "邮箱": "email",
                 "活动": "event", "现场": "walk-in"}
        for i, word in enumerate(words):
            d.ok("--as", "1001", "register", "--name", f"客户{i}", "--phone", f"1391234{i:04d}", "--channel", word)
        contacts = [c["channel"] for c in d.json("customer", "list")]
        self.assertEqual(sorted(contacts), sorted(words.values()))

    def test_revisit_methods_and_purposes_of_seed_001(self):
        d = desk(self)
        d.ok("--as", "1001", "register", "--name", "王女士", "--phone", "13912345678", "--consent", "yes")
        seed = [("电话回访", "优质服务活动提醒", "phone", "service-event"), ("短信回访", "会员活动邀约", "sms", "member-event"),
                ("预约登门", "保养提醒", "visit", "maintenance"), ("电话回访", "生日祝福", "phone", "birthday")]
        for method, purpose, _, _ in seed:
            d.ok("--as", "3001", "revisit", "log", "--customer", "KH202611-0001", "--method", method, "--purpose", purpose,
                 "--satisfaction", "5")
        done = [(r["method"], r["purpose"]) for r in d.json("revisit", "list", "--status", "done")]
        self.assertEqual(sorted(done), sorted((m, p) for _, _, m, p in seed))
        listing = d.ok("revisit", "list", "--status", "done", "--lang", "zh")
        for word in ("优质服务活动提醒", "会员活动邀约"):
            self.assertIn(word, listing)

    def test_the_new_purposes_need_consent_like_other_marketing(self):
        d = desk(self)
        shown = {r["key"]: r["value"] for r in d.json("config", "show")}
        self.assertIn("member-event", shown["revisit.marketing_purposes"])
        self.assertIn("service-event", shown["revisit.marketing_purposes"])

    def test_posts_of_the_seeds(self):
        d = desk(self)
        d.ok("staff", "add", "5001", "刘班长", "--roles", "班长")
        d.ok("staff", "add", "6001", "陈主任", "--roles", "主任")
        d.ok("staff", "add", "7001", "周总监", "--roles", "总监")
        d.ok("staff", "add", "8001", "吴分析", "--roles", "数据分析")
        d.ok("staff", "add", "8002", "郑培训", "--roles", "培训与发展专员")
        roles = {s["number"]: s["roles"] for s in d.json("staff", "list")}
        self.assertEqual([roles[n] for n in ("5001", "6001", "7001", "8001", "8002")],
                         ["team-lead", "inspector", "director", "analyst", "trainer"])


if __name__ == "__main__":
    main()
