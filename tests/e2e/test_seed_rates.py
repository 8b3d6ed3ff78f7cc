"""Rates, not only counts (seed 001: 监控潜在客户、准流失客转化成功率; issue 17): the potential → active
conversion rate and the at-risk recovery rate of `report monthly`, read back from the category
changes in the audit trail, with a change after the month's end not counted in it."""
import unittest

from harness import Desk, main

def reg(d, name, when):
    d.registered = getattr(d, "registered", 0) + 1
    return d.json("--as", "1001", "register", "--name", name, "--phone", f"1391234{5600 + d.registered}", now=when)


def buy(d, customer, when):
    d.ok("--as", "2001", "purchase", "add", customer, "--item", "进销存软件", "--amount", "1000",
         "--date", when[:10], now=when)


def category(d, customer, cat, when):
    d.ok("--as", "9001", "customer", "edit", customer, "--category", cat, now=when)


def desk(test):
    d = Desk(test, now="2026-09-01 09:00")
    d.ok("staff", "add", "1001", "张伟", "--roles", "consult")
    d.ok("staff", "add", "2001", "李娜", "--roles", "sales")
    d.ok("staff", "add", "9001", "赵敏", "--roles", "supervisor")
    # September: six potential customers A–F; C, D, E, F buy (active), D, E, F then go at-risk.
    for i, name in enumerate("ABCDEF"):
        reg(d, "客户" + name, f"2026-09-0{i + 1} 10:00")
    for n in (3, 4, 5, 6):
        buy(d, f"KH202609-000{n}", f"2026-09-1{n} 11:00")
    for n in (4, 5, 6):
        category(d, f"KH202609-000{n}", "准流失", f"2026-09-2{n} 11:00")
    # October: A buys (converted), B does not (it buys on 2 November, after the month).
    # G and H are registered potential in October; G buys.
    buy(d, "KH202609-0001", "2026-10-05 10:00")
    reg(d, "客户G", "2026-10-03 10:00")
    reg(d, "客户H", "2026-10-04 10:00")
    buy(d, "KH202610-0001", "2026-10-10 10:00")
    # At-risk at 1 October: D, E, F. D comes back (active at the end); E comes back and slips
    # again; F comes back only on 2 November.
    category(d, "KH202609-0004", "现有", "2026-10-12 10:00")
    category(d, "KH202609-0005", "active", "2026-10-08 10:00")
    category(d, "KH202609-0005", "at-risk", "2026-10-20 10:00")
    buy(d, "KH202609-0002", "2026-11-02 10:00")
    category(d, "KH202609-0006", "active", "2026-11-02 11:00")
    return d


class Rates(unittest.TestCase):
    def test_october_conversion_and_recovery_rates_with_their_counts(self):
        d = desk(self)
        c = d.json("report", "customers", "--month", "2026-10", now="2026-11-03 09:00")["customers"]
        c = c[0] if isinstance(c, list) else c
        # Potential at 1 October or registered potential in it: A, B, G, H; A and G became active.
        self.assertEqual((c["potential"], c["potential_converted"]), (4, 2))
        self.assertAlmostEqual(c["conversion_rate"], 0.5)
        # At-risk at 1 October: D, E, F; only D is active at the end of October.
        self.assertEqual((c["at_risk_at_start"], c["recovered"]), (3, 1))
        self.assertAlmostEqual(c["recovery_rate"], 1 / 3, places=4)

    def test_september_has_no_one_at_risk_at_its_start(self):
        d = desk(self)
        c = d.json("report", "customers", "--month", "2026-09", now="2026-11-03 09:00")["customers"]
        c = c[0] if isinstance(c, list) else c
        self.assertEqual((c["potential"], c["potential_converted"]), (6, 4))
        self.assertAlmostEqual(c["conversion_rate"], 4 / 6, places=4)
        self.assertEqual((c["at_risk_at_start"], c["recovered"]), (0, 0))
        self.assertIsNone(c["recovery_rate"])

    def test_monthly_report_shows_the_rates_in_the_trend_in_chinese_and_html(self):
        d = desk(self)
        trend = {r["figure"]: r for r in d.json("report", "monthly", "--month", "2026-10", now="2026-11-03 09:00")["trend"]}
        self.assertAlmostEqual(trend["conversion_rate"]["current"], 50.0, places=1)
        self.assertAlmostEqual(trend["conversion_rate"]["previous"], 66.7, places=1)
        self.assertAlmostEqual(trend["recovery_rate"]["current"], 33.3, places=1)
        zh = d.ok("report", "customers", "--month", "2026-10", "--lang", "zh", now="2026-11-03 09:00")
        for heading in ("潜在客户转化率", "准流失挽回率", "期初准流失"):
            self.assertIn(heading, zh)
        page = d.path("2026-10.html")
        d.ok("report", "monthly", "--month", "2026-10", "--format", "html", "--output", page, now="2026-11-03 09:00")
        with open(page, encoding="utf-8") as f:
            html = f.read()
        self.assertIn("Conversion rate", html)
        self.assertIn("Recovery rate", html)


if __name__ == "__main__":
    main()
