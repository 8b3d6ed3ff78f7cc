"""csdesk purchase import FILE.csv (issue 17; seed 000: 购买记录): a purchase sheet as the finance
office exports it — GBK without a BOM, Chinese headers — read by the customer import's encoding
detection and CSV reader; all or nothing, every bad row named by file, line and column."""
import unittest

from harness import Desk, main

SHEET = ("客户编号,日期,产品,金额（元）,数量\n"
         "KH202611-0001,2026-11-03,进销存软件,\"1,280.50\",2\n"
         "KH202611-0002,2026/11/04,升级服务,200元,\n"
         "KH202611-0001,2026-11-10,培训,３００,1\n")


def desk(test):
    d = Desk(test, now="2026-11-20 10:00")
    d.ok("staff", "add", "1001", "张伟", "--roles", "consult")
    d.ok("staff", "add", "2001", "李娜", "--roles", "sales")
    d.ok("staff", "add", "4001", "陈静", "--roles", "revisit")
    for i, (name, phone) in enumerate([("王女士", "13912345678"), ("李先生", "13812345678"), ("赵总", "13712345678")]):
        d.ok("--as", "1001", "register", "--name", name, "--phone", phone, now=f"2026-11-0{i + 1} 10:00")
    return d


def listing(d):
    return [(p["customer"], p["date"], p["item"], p["amount"], p["quantity"]) for p in d.json("purchase", "list")]


def category(d, number):
    shown = d.json("customer", "show", number)
    return (shown.get("customer") or shown)["category"]


class PurchaseImport(unittest.TestCase):
    def test_a_gbk_sheet_without_bom_with_chinese_headers(self):
        d = desk(self)
        f = d.write("11月购买记录.csv", SHEET, encoding="gbk")
        r = d.run("--as", "2001", "purchase", "import", f, "--json")
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertIn("KH202611-0001 王女士 made a first purchase", r.stderr.decode())
        out = d.json("--as", "2001", "purchase", "import", f, "--again")
        self.assertEqual((out["rows"], out["recorded"], out["amount"], out["made_active"]), (3, 3, "1780.50", 0))
        self.assertEqual(out["encoding"], "gb18030")
        rows = listing(d)
        self.assertEqual(rows[::2], [("KH202611-0001", "2026-11-03", "进销存软件", "1280.50", 2),
                                    ("KH202611-0002", "2026-11-04", "升级服务", "200.00", 1),
                                    ("KH202611-0001", "2026-11-10", "培训", "300.00", 1)])
        self.assertEqual(rows[1::2], rows[::2])  # --again: the same three once more
        self.assertEqual((category(d, "KH202611-0001"), category(d, "KH202611-0002"), category(d, "KH202611-0003")),
                         ("active", "active", "potential"))
        d.ok("check")

    def test_a_bad_amount_names_line_and_column_and_nothing_is_written(self):
        d = desk(self)
        before = (d.ok("purchase", "list", "--json"), d.sql("SELECT COUNT(*) FROM audit"))
        bad = SHEET.replace("200元", "19.999") + "KH202699-0009,2026-11-05,培训,100,1\n" + "KH202611-0003,2026-11-05,,100,1\n"
        f = d.write("sales.csv", bad, encoding="gbk")
        err = d.fails(3, "--as", "2001", "purchase", "import", f,
                      says=["sales.csv:3: column 4 (金额（元）)", "19.999", "sales.csv:5: column 1 (客户编号)", "KH202699-0009",
                            "sales.csv:6: column 3 (产品)", "nothing was imported"])
        self.assertNotIn("sales.csv:2", err)
        self.assertEqual((d.ok("purchase", "list", "--json"), d.sql("SELECT COUNT(*) FROM audit")), before)
        self.assertEqual(category(d, "KH202611-0001"), "potential")

    def test_utf8_with_bom_english_headers_and_tsv(self):
        d = desk(self)
        f = d.write("en.csv", "\ufeffcustomer,date,item,amount,quantity,note\nKH202611-0003,2026-11-12,Licence,99.90,3,renewal\n")
        self.assertEqual(d.json("--as", "2001", "purchase", "import", f)["encoding"], "utf-8")
        t = d.write("t.tsv", "客户编号\t日期\t产品\t金额\nKH202611-0002\t2026-11-13\t耗材\t15\n", encoding="gbk")
        d.ok("--as", "2001", "purchase", "import", t)
        rows = [(p["customer"], p["item"], p["amount"], p["quantity"], p["note"]) for p in d.json("purchase", "list")]
        self.assertEqual(rows, [("KH202611-0003", "Licence", "99.90", 3, "renewal"), ("KH202611-0002", "耗材", "15.00", 1, "")])

    def test_the_same_file_twice_is_refused_and_other_refusals(self):
        d = desk(self)
        f = d.write("a.csv", SHEET, encoding="gbk")
        d.ok("--as", "2001", "purchase", "import", f)
        d.fails(5, "--as", "2001", "purchase", "import", f, says=["imported at 2026-11-20 10:00", "--again"])
        self.assertEqual(len(listing(d)), 3)
        d.fails(6, "--as", "4001", "purchase", "import", f, "--again", says="permissions.purchase")
        g = d.write("b.csv", "客户编号,日期,产品\nKH202611-0001,2026-11-03,进销存软件\n")
        d.fails(3, "--as", "2001", "purchase", "import", g, says=["b.csv:1", "金额/amount"])
        h = d.write("c.csv", "客户编号,日期,产品,金额\nKH202611-0001,2026-12-03,进销存软件,1\n")
        d.fails(3, "--as", "2001", "purchase", "import", h, says=["c.csv:2: column 2 (日期)", "future"])
        d.fails(4, "--as", "2001", "purchase", "import", d.path("missing.csv"))
        self.assertEqual(len(listing(d)), 3)


if __name__ == "__main__":
    main()
