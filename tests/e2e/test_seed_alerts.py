"""report alerts (issue 17; seed 002: 投诉率需实时监控,异常波动立即分析): the last 7 days against the
trailing weeks; exit 7 naming what swung, exit 0 when nothing did; thin weeks are not judged."""
import datetime
import unittest

from harness import Desk, main

START = datetime.date(2026, 10, 5)  # a Monday; five weeks of intake follow


def desk(test, complaints_last_week):
    d = Desk(test)
    d.ok("staff", "add", "1001", "张伟", "--roles", "consult")
    d.ok("staff", "add", "3001", "陈静", "--roles", "complaint")
    for week in range(5):
        day = START + datetime.timedelta(days=7 * week)
        numbers = []
        for i in range(12):
            out = d.json("--as", "1001", "register", "--name", f"客户{week}{i}", "--phone", f"139{week:04d}{i:04d}",
                         now=f"{day} 10:{i:02d}")
            numbers.append(out["customer"]["number"] if "customer" in out else out["number"])
        for i in range(complaints_last_week if week == 4 else 2):
            d.ok("--as", "3001", "complain", "new", "--customer", numbers[i], "--content", "产品有问题",
                 now=f"{day} 11:{i:02d}")
    return d


class Alerts(unittest.TestCase):
    NOW = "2026-11-03 09:00"

    def test_a_complaint_rate_swing_needs_attention(self):
        d = desk(self, complaints_last_week=8)   # 8 of 12 contacts against 2 of 12 in the weeks before
        r = d.run("report", "alerts", "--json", now=self.NOW)
        self.assertEqual(r.returncode, 7, r.stderr.decode())
        import json
        rows = {x["figure"]: x for x in json.loads(r.stdout)}
        self.assertEqual(rows["complaint_rate"]["state"], "rose")
        self.assertAlmostEqual(rows["complaint_rate"]["this_week"], 66.667, places=2)
        self.assertAlmostEqual(rows["complaint_rate"]["trailing_mean"], 16.667, places=2)
        self.assertEqual(rows["contacts"]["state"], "steady")
        self.assertIn("complaint_rate", r.stderr.decode())
        zh = d.run("--lang", "zh", "report", "alerts", now=self.NOW)
        self.assertEqual(zh.returncode, 7)
        self.assertIn("投诉率", zh.stdout.decode())
        self.assertIn("需要关注", zh.stderr.decode())

    def test_a_steady_week_exits_0(self):
        d = desk(self, complaints_last_week=2)
        r = d.run("report", "alerts", now=self.NOW)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertIn("no figure", r.stderr.decode())

    def test_the_threshold_and_the_volume_are_settings(self):
        d = desk(self, complaints_last_week=3)   # 25 % against 16.7 %: +50 %
        self.assertEqual(d.run("report", "alerts", now=self.NOW).returncode, 7)
        d.ok("config", "set", "alerts.change_threshold", "0.6")
        self.assertEqual(d.run("report", "alerts", now=self.NOW).returncode, 0)
        d.ok("config", "set", "alerts.change_threshold", "0.3")
        d.ok("config", "set", "alerts.min_volume", "20")  # 12 contacts a week: too few to judge
        rows = {x["figure"]: x["state"] for x in d.json("report", "alerts", now=self.NOW)}
        self.assertEqual(rows["complaint_rate"], "too-few")


if __name__ == "__main__":
    main()
