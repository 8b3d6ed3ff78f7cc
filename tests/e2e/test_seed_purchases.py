"""Purchase records (seed 000: 购买记录) and the repeat-purchase rate toward seed 002's 75 % in three
years (issue 17): amounts to the fen, the first purchase turning a potential customer active, the
timeline, merges, permissions, and the monthly report's targets row."""
import csv
import io
import unittest

from harness import Desk, main


def desk(test):
    d = Desk(test, now="2026-03-20 10:00")
    d.ok("staff", "add", "1001", "张伟", "--roles", "consult")
    d.ok("staff", "add", "2001", "李娜", "--roles", "sales")
    d.ok("staff", "add", "4001", "陈静", "--roles", "revisit")
    d.ok("staff", "add", "9001", "赵敏", "--roles", "supervisor")
    for i, (name, phone) in enumerate([("王女士", "13912345678"), ("李先生", "13812345678"),
                                        ("赵总", "13712345678"), ("钱经理", "13612345678")]):
        d.ok("--as", "1001", "register", "--name", name, "--phone", phone, now=f"2026-01-0{i + 1} 10:00")
    return d


def buy(d, customer, date, amount="1000", **kw):
    return d.ok("--as", "2001", "purchase", "add", customer, "--item", "进销存软件", "--amount", amount, "--date", date,
                now=kw.get("now", "2026-03-20 10:00"))


class Purchases(unittest.TestCase):
    def test_amounts_to_the_fen_and_refusals_that_write_nothing(self):
        d = desk(self)
        out = d.json("--as", "2001", "purchase", "add", "KH202601-0001", "--item", "进销存软件", "--amount", "¥1,280.5",
                     "--quantity", "２", "--date", "2026-01-15")
        self.assertEqual((out["number"], out["amount"], out["quantity"], out["date"]),
                         ("GM202603-0001", "1280.50", 2, "2026-01-15"))
        before = d.ok("purchase", "list", "--json")
        d.fails(3, "--as", "2001", "purchase", "add", "KH202601-0001", "--item", "x", "--amount", "19.999",
                says=["--amount", "19.999", "two decimals"])
        d.fails(3, "--as", "2001", "purchase", "add", "KH202601-0001", "--item", "x", "--amount", "-5", says="--amount")
        d.fails(3, "--as", "2001", "purchase", "add", "KH202601-0001", "--item", "x", "--amount", "5",
                "--date", "2026-04-01", says=["--date", "future"])
        d.fails(4, "--as", "2001", "purchase", "add", "KH209901-0001", "--item", "x", "--amount", "5")
        d.fails(6, "--as", "4001", "purchase", "add", "KH202601-0001", "--item", "x", "--amount", "5",
                says="permissions.purchase")
        self.assertEqual(d.ok("purchase", "list", "--json"), before)

    def test_first_purchase_makes_a_potential_customer_active_in_its_history(self):
        d = desk(self)
        r = d.run("--as", "2001", "purchase", "add", "KH202601-0001", "--item", "进销存软件", "--amount", "1280",
                  "--date", "2026-02-01")
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertIn("now an active customer", r.stderr.decode())
        shown = d.json("customer", "show", "KH202601-0001")
        self.assertEqual(shown["customer"]["category"] if "customer" in shown else shown["category"], "active")
        kinds = [e["kind"] for e in shown["timeline"]]
        self.assertIn("purchase", kinds)
        r = d.run("--as", "2001", "purchase", "add", "KH202601-0001", "--item", "升级", "--amount", "200")
        self.assertNotIn("now an active customer", r.stderr.decode())
        self.assertIn("购买", d.ok("customer", "show", "KH202601-0001", "--lang", "zh"))
        d.ok("check")

    def test_list_in_chinese_csv_with_the_seed_headings(self):
        d = desk(self)
        buy(d, "KH202601-0002", "2026-02-10", "800元")
        rows = list(csv.reader(io.StringIO(d.ok("purchase", "list", "--csv", "--lang", "zh"))))
        self.assertEqual(rows[0][:7], ["单号", "购买日期", "客户编号", "客户名称", "购买内容", "数量", "金额（元）"])
        self.assertEqual(rows[1][1:7], ["2026-02-10", "KH202601-0002", "李先生", "进销存软件", "1", "800.00"])
        self.assertEqual(d.json("purchase", "list", "--month", "2026-01"), [])

    def test_repeat_purchase_rate_toward_75_percent_in_three_years(self):
        d = desk(self)
        buy(d, "KH202601-0001", "2026-01-10")          # January: one buyer, no repeat → baseline 0 %
        buy(d, "KH202601-0001", "2026-02-10")          # February: A buys again
        buy(d, "KH202601-0002", "2026-02-11")
        buy(d, "KH202601-0003", "2026-02-12")
        buy(d, "KH202601-0003", "2026-02-20")          # A and C repeat, B once: 2 of 3
        targets = {t["target"]: t for t in d.json("report", "monthly", "--month", "2026-02", now="2026-03-02 09:00")["targets"]}
        row = targets["repeat_purchase_rate"]
        self.assertEqual((row["baseline_period"], row["baseline"], row["goal"]), ("2026-01", 0.0, 75.0))
        self.assertAlmostEqual(row["current"], 66.7, places=1)
        self.assertAlmostEqual(row["progress"], (2 / 3) / 0.75, places=3)
        # The goal is a department setting: reached, the progress is 100 %.
        d.ok("config", "set", "targets.repeat_purchase_rate", "0.5")
        targets = {t["target"]: t for t in d.json("report", "monthly", "--month", "2026-02", now="2026-03-02 09:00")["targets"]}
        self.assertEqual(targets["repeat_purchase_rate"]["goal"], 50.0)
        self.assertEqual(targets["repeat_purchase_rate"]["progress"], 1.0)
        zh = d.ok("report", "monthly", "--month", "2026-02", "--lang", "zh", now="2026-03-02 09:00")
        self.assertIn("复购率达到目标", zh)

    def test_no_purchases_no_row(self):
        d = desk(self)
        targets = d.json("report", "monthly", "--month", "2026-02", now="2026-03-02 09:00")["targets"]
        self.assertNotIn("repeat_purchase_rate", [t["target"] for t in targets])

    def test_purchases_move_with_a_merged_customer(self):
        d = desk(self)
        buy(d, "KH202601-0002", "2026-02-10")
        d.ok("--as", "9001", "customer", "merge", "KH202601-0001", "KH202601-0002")
        self.assertEqual([p["customer"] for p in d.json("purchase", "list")], ["KH202601-0001"])
        d.ok("check")


if __name__ == "__main__":
    main()
