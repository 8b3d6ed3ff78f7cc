"""register --from FILE --rejects REJECTS.xlsx: the rejected rows as a workbook, read back with
openpyxl (Debian's python3-openpyxl) and compared cell by cell with the rejects CSV of the same
import — from a CSV and from a workbook — then corrected and imported again."""
import csv
import os
import signal
import stat
import sys
import unittest

# openpyxl is Debian's package: it serves /usr/bin/python3, which may not be the first python3.
try:
    import openpyxl
except ImportError:
    if os.path.exists("/usr/bin/python3") and os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3", os.path.abspath(__file__)] + sys.argv[1:])
    raise

from harness import SOURCE_DIR, Desk, main
from test_output_files import database_locked, start, temporaries, wait_for_temporary

# Two good rows and four rejected ones: no name, a phone that is none, a landline typed without its 0
# (kept as the text read), and a note that looks like a formula. Characters outside the BMP included.
LIST = ("姓名,电话,公司,备注\r\n"
        "王女士,13912345678,北京华信科技有限公司,老客户\r\n"
        ",13900000001,𠮷野家,没有称呼\r\n"
        "李先生,abc,上海𠀀贸易,电话不对\r\n"
        "赵总,0213,深圳,=SUM(A1:A9)\r\n"
        "张工,13900000005,,\r\n")


def desk(test):
    d = Desk(test)
    d.ok("staff", "add", "9001", "赵敏", "--roles", "manager,admin")
    return d


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def read_sheet(path):
    """Every cell of the only sheet as openpyxl reads it: (value, data_type)."""
    wb = openpyxl.load_workbook(path)
    self_check = wb.sheetnames
    assert len(self_check) == 1, self_check
    ws = wb.worksheets[0]
    return ws, [[(c.value, c.data_type) for c in row] for row in ws.iter_rows()]


def as_text(cells):
    return [["" if v is None else str(v) for v, _ in row] for row in cells]


def unguarded(rows):
    """The CSV guards a leading = + - @ with a quote (a spreadsheet would run it); a workbook's text cell needs none."""
    return [[f[1:] if f.startswith("'") and f[1:2] in ("=", "+", "-", "@") else f for f in row] for row in rows]


class RejectsWorkbook(unittest.TestCase):
    def import_both_ways(self, d, source, *extra):
        """The same import (dry runs) with the rejects as CSV and as a workbook."""
        d.ok("--as", "9001", "register", "--from", source, "--dry-run", "--rejects", d.path("rejects.csv"), *extra)
        d.ok("--as", "9001", "register", "--from", source, "--dry-run", "--rejects", d.path("rejects.xlsx"), *extra)
        return read_csv(d.path("rejects.csv")), read_sheet(d.path("rejects.xlsx"))

    def check_same_as_csv(self, csv_rows, ws, cells):
        self.assertEqual(as_text(cells), unguarded(csv_rows))
        self.assertEqual(cells[0][-2:], [("reason", "s"), ("line", "s")])
        for row in cells[1:]:
            self.assertEqual(row[-1][1], "n", row)  # the line is a number
            self.assertIsInstance(row[-1][0], int)
            for value, kind in row[:-1]:  # every field as read, as text (never a formula, a number or a date)
                self.assertIn(kind, ("s", "n") if value is None else ("s",), row)
        self.assertEqual(ws.freeze_panes, "A2")
        self.assertTrue(ws["A1"].font.b)

    def test_from_a_csv_the_workbook_holds_what_the_csv_holds(self):
        d = desk(self)
        source = d.write("名单.csv", LIST)
        before = d.db_digest()
        csv_rows, (ws, cells) = self.import_both_ways(d, source)
        self.assertEqual(before, d.db_digest())
        self.check_same_as_csv(csv_rows, ws, cells)
        self.assertEqual([r[0][0] for r in cells[1:]], [None, "李先生", "赵总"])
        self.assertEqual([r[-1][0] for r in cells[1:]], [3, 4, 5])
        self.assertEqual(cells[1][2][0], "𠮷野家")
        self.assertEqual(cells[2][2][0], "上海𠀀贸易")
        self.assertEqual(cells[3][1], ("0213", "s"))  # the leading 0 kept
        self.assertEqual(cells[3][3], ("=SUM(A1:A9)", "s"))  # text, not a formula
        self.assertTrue(cells[1][4][0].startswith("姓名: "), cells[1][4])
        self.assertTrue(cells[2][4][0].startswith("电话: 'abc' is not a phone number"), cells[2][4])
        self.assertEqual(stat.S_IMODE(os.stat(d.path("rejects.xlsx")).st_mode), 0o600)

    def test_from_a_workbook_with_an_upper_case_name(self):
        d = desk(self)
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["姓名", "手机", "城市"])
        ws.append(["王女士", 13912345678, "北京"])
        ws.append(["李先生", 2188886666, "上海"])  # a landline that lost its 0: rejected, not guessed
        ws.append([None, "13900000003", "𠮷林"])
        source = d.path("名单.xlsx")
        wb.save(source)
        d.ok("--as", "9001", "register", "--from", source, "--rejects", d.path("REJECTS.XLSX"))
        ws, cells = read_sheet(d.path("REJECTS.XLSX"))
        d.ok("--as", "9001", "register", "--from", source, "--dry-run", "--rejects", d.path("rejects.csv"))
        self.check_same_as_csv(read_csv(d.path("rejects.csv")), ws, cells)
        self.assertEqual(cells[1][:2], [("李先生", "s"), ("2188886666", "s")])
        self.assertIn("Excel dropped its leading 0", cells[1][3][0])
        self.assertEqual(cells[2][2][0], "𠮷林")
        self.assertEqual(d.sql("SELECT name FROM customers"), [("王女士",)])

    def test_corrected_and_imported_again(self):
        d = desk(self)
        source = d.write("名单.csv", LIST)
        d.ok("--as", "9001", "register", "--from", source, "--rejects", d.path("rejects.xlsx"))
        wb = openpyxl.load_workbook(d.path("rejects.xlsx"))
        ws = wb.worksheets[0]
        ws["A2"] = "孙女士"
        ws["B3"] = "13900000003"
        ws["B4"] = "021-88886666"
        fixed = d.path("fixed.xlsx")
        wb.save(fixed)
        err = d.fails(0, "--as", "9001", "register", "--from", fixed, "--rejects", d.path("again.xlsx"))
        self.assertIn("columns not imported: reason, line", err)
        self.assertEqual(d.sql("SELECT name, phone, note FROM customers ORDER BY id"),
                         [("王女士", "13912345678", "老客户"), ("张工", "13900000005", None), ("孙女士", "13900000001", "没有称呼"),
                          ("李先生", "13900000003", "电话不对"), ("赵总", "021-88886666", "=SUM(A1:A9)")])
        self.assertEqual(read_sheet(d.path("again.xlsx"))[1], [[("姓名", "s"), ("电话", "s"), ("公司", "s"), ("备注", "s"),
                                                               ("reason", "s"), ("line", "s")]])

    def test_a_rejects_csv_imported_again_gets_new_reasons_in_place_of_the_old(self):
        d = desk(self)
        d.ok("--as", "9001", "register", "--from", d.write("名单.csv", LIST), "--dry-run", "--rejects", d.path("r1.csv"))
        d.ok("--as", "9001", "register", "--from", d.path("r1.csv"), "--dry-run", "--rejects", d.path("r2.csv"))
        first, again = read_csv(d.path("r1.csv")), read_csv(d.path("r2.csv"))
        self.assertEqual(again[0], ["姓名", "电话", "公司", "备注", "reason", "line"])
        self.assertEqual([r[:5] for r in again], [r[:5] for r in first])
        self.assertEqual([r[-1] for r in again[1:]], ["2", "3", "4"])

    def test_an_existing_file_is_kept_unless_forced_and_nothing_is_left_on_an_error(self):
        d = desk(self)
        source = d.write("名单.csv", LIST)
        d.write("rejects.xlsx", "keep me")
        before = d.db_digest()
        d.fails(5, "--as", "9001", "register", "--from", source, "--rejects", d.path("rejects.xlsx"),
                says=["rejects.xlsx", "already exists", "--force"])
        self.assertEqual(before, d.db_digest())
        with open(d.path("rejects.xlsx")) as f:
            self.assertEqual(f.read(), "keep me")
        d.ok("--as", "9001", "register", "--from", source, "--rejects", d.path("rejects.xlsx"), "--force")
        self.assertEqual(len(read_sheet(d.path("rejects.xlsx"))[1]), 4)
        # A field longer than a workbook cell holds: refused naming the row and column, nothing imported.
        long_list = "姓名,电话,备注\r\n王女士,abc," + "长" * 40000 + "\r\n"
        before = d.db_digest()
        d.fails(3, "--as", "9001", "register", "--from", d.write("long.csv", long_list), "--rejects", d.path("long.xlsx"),
                says=["--rejects", "long.xlsx", "row 2", "备注", "32,767", ".csv"])
        self.assertEqual(before, d.db_digest())
        self.assertEqual([n for n in os.listdir(d.dir) if "long.xlsx" in n], [])

    def test_interrupted_leaves_no_workbook_and_imports_nothing(self):
        d = desk(self)
        source = d.write("名单.csv", LIST)
        for sig in (signal.SIGINT, signal.SIGTERM):
            with database_locked(d):  # held at the import's transaction, after its rejects file is made
                p = start(d, "--as", "9001", "register", "--from", source, "--rejects", "rej.xlsx")
                wait_for_temporary(self, d, "rej.xlsx", p)
                p.send_signal(sig)
                self.assertEqual(p.wait(timeout=30), -sig)
            self.assertEqual(temporaries(d), [])
            self.assertFalse(os.path.exists(d.path("rej.xlsx")))
            self.assertEqual(d.sql("SELECT count(*) FROM customers"), [(0,)])


class ExcelDocs(unittest.TestCase):
    def test_help_and_readme_show_workbooks_in_both_directions(self):
        d = Desk(self, init=False)
        main_help = d.ok("--help")
        self.assertIn("table, csv, json, or xlsx", main_help)
        self.assertIn("--format xlsx --output 客户.xlsx", main_help)
        self.assertIn("register --from 客户名单.xlsx", main_help)
        self.assertIn("a workbook if FILE ends in .xlsx", d.ok("register", "--help"))
        with open(os.path.join(SOURCE_DIR, "README.md"), encoding="utf-8") as f:
            readme = f.read()
        excel = readme[readme.index('<a id="excel-workbooks">'):readme.index("### init")]
        for example in ("register --from 客户名单.xlsx --rejects 待改.xlsx", "--format xlsx --output 客户.xlsx",
                        "report monthly --month 2026-10 --format xlsx"):
            self.assertIn(example, excel)
        self.assertNotIn("a `.xlsx` name is refused", readme)


if __name__ == "__main__":
    main()
