"""--format xlsx --output FILE: every listing and report as an Excel workbook, read back with openpyxl
(Debian's python3-openpyxl) and compared cell by cell, value and type, with the command's --json."""
import datetime
import os
import re
import shutil
import stat
import subprocess
import sys
import unittest
import zipfile

# openpyxl is Debian's package: it serves /usr/bin/python3, which may not be the first python3.
try:
    import openpyxl
except ImportError:
    if os.path.exists("/usr/bin/python3") and os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3", os.path.abspath(__file__)] + sys.argv[1:])
    raise

import report_month
from harness import Desk, main, connect

# Listings and reports of the October 2026 in report_month, as (arguments, sections?).
LISTINGS = [
    (["staff", "list"], False),
    (["staff", "show", "1001"], False),
    (["customer", "list"], False),
    (["customer", "show", "KH202610-0001"], True),
    (["complain", "list"], False),
    (["assign", "list"], False),
    (["assign", "pool"], False),
    (["revisit", "list"], False),
    (["revisit", "stats", "--month", "2026-10"], False),
    (["handover", "list"], False),
    (["score", "--month", "2026-10"], True),
    (["score", "adjustments", "--month", "2026-10"], False),
    (["report", "monthly", "--month", "2026-10"], True),
    (["report", "weekly", "--week", "2026-W43"], True),
    (["report", "intake", "--month", "2026-10"], True),
    (["report", "assign", "--month", "2026-10"], True),
    (["report", "complaints", "--month", "2026-10"], True),
    (["report", "revisits", "--month", "2026-10"], True),
    (["report", "customers", "--month", "2026-10"], True),
]

ISO_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
ISO_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")


def month_desk(test):
    d = Desk(test, now="2026-11-03 10:00")
    report_month.build(d.db)
    return d


FORMULA = '=HYPERLINK("http://x","点我")'
ASTRAL_COMPANY = "𠮷野家（北京）餐饮管理有限公司"


def cli_desk(test):
    """Records made through csdesk itself, so that they have phones and an audit trail."""
    d = Desk(test, now="2026-11-03 10:00")
    d.ok("staff", "add", "9001", "赵敏", "--roles", "manager,admin")
    d.ok("staff", "add", "1001", "张伟", "--roles", "consult")
    d.ok("--as", "1001", "register", "--name", "王女士", "--company", "北京华信科技有限公司", "--phone", "13912345678",
         "--channel", "电话", "--email", "wang@example.com")
    d.ok("--as", "1001", "register", "--name", FORMULA, "--company", ASTRAL_COMPANY, "--phone", "02161234567",
         "--channel", "QQ", now="2026-11-03 09:00")
    return d


def as_tables(data, sections):
    """The JSON output as [(name, rows)], each row a dict in column order."""
    if not sections:
        data = {"": data}
    return [(name, rows if isinstance(rows, list) else [rows]) for name, rows in data.items()]


def sheet_rows(ws):
    return [list(r) for r in ws.iter_rows()]


def catalogue_names(vocabulary):
    """{code: Chinese name} of a vocabulary, from po/zh_CN.po (msgctxt = the vocabulary)."""
    from test_catalogue import PO, entries, read
    return {msgid: msgstr for ctx, msgid, msgstr, _ in entries(read(PO)) if ctx == vocabulary and msgstr}


class Compare:
    """Cell-by-cell comparison of one workbook with one --json output. `terms`: {JSON key: vocabulary} of
    the columns whose codes a Chinese workbook shows by their Chinese names (JSON keeps the codes)."""

    def __init__(self, test, terms=None):
        self.test = test
        self.names = {key: catalogue_names(vocabulary) for key, vocabulary in (terms or {}).items()}

    def cell(self, where, cell, expected):
        t = self.test
        value = cell.value
        if expected is None:
            t.assertIsNone(value, where)
        elif isinstance(expected, bool):
            t.assertIs(value, expected, where)
            t.assertEqual(cell.data_type, "b", where)
        elif expected == "":
            t.assertIsNone(value, f"{where}: an empty text is an empty cell")
        elif isinstance(expected, str):
            if isinstance(value, datetime.datetime):
                # Dates and times: Excel dates in the configured zone (the JSON carries its offset).
                if ISO_TIME.match(expected):
                    t.assertEqual(value, datetime.datetime.fromisoformat(expected).replace(tzinfo=None), where)
                    t.assertIn("hh:mm", cell.number_format, where)
                else:
                    t.assertRegex(expected, ISO_DATE, where)
                    t.assertEqual(value, datetime.datetime.fromisoformat(expected), where)
                    t.assertEqual(cell.number_format, "yyyy-mm-dd", where)
            else:
                t.assertEqual(cell.data_type, "s", f"{where}: text must be a text cell, never a formula or number")
                t.assertEqual(value, expected, where)
        else:
            t.assertIsInstance(value, (int, float), where)
            t.assertNotIsInstance(value, bool, where)
            if '" h"' in cell.number_format:  # a duration: hours in the workbook, seconds in JSON
                t.assertAlmostEqual(value * 3600, expected, delta=0.01, msg=where)
            elif isinstance(expected, int) and cell.number_format == "General":
                t.assertEqual(value, expected, where)
            else:  # JSON rounds to a few places more than the column shows
                t.assertAlmostEqual(value, expected, delta=1e-3 + 1e-9 * abs(expected), msg=where)

    def workbook(self, path, data, sections, header=True):
        wb = openpyxl.load_workbook(path)
        tables = as_tables(data, sections)
        self.test.assertEqual(len(wb.worksheets), len(tables), f"{path}: one sheet per table {[n for n, _ in tables]}")
        for ws, (name, rows) in zip(wb.worksheets, tables):
            got = sheet_rows(ws)
            first = 1 if header else 0
            if header:
                self.test.assertEqual(ws.freeze_panes, "A2", f"sheet {ws.title}: the heading row is frozen")
            self.test.assertEqual(len(got) - first, len(rows), f"sheet {ws.title} ({name}): rows")
            for r, expected in enumerate(rows):
                keys = list(expected)
                for c, key in enumerate(keys):
                    cell = ws.cell(row=r + first + 1, column=c + 1)
                    value = expected[key]
                    if key in self.names and isinstance(value, str):
                        value = self.names[key].get(value, value)
                    self.cell(f"{path} sheet {ws.title!r} row {r + first + 1} column {key}", cell, value)
        return wb


class ExportEveryListing(unittest.TestCase):
    def test_every_listing_and_report_reads_back_as_its_json(self):
        d = month_desk(self)
        compare = Compare(self)
        for n, (args, sections) in enumerate(LISTINGS):
            with self.subTest(command=" ".join(args)):
                data = d.json(*args)
                name = f"out{n}.xlsx"
                d.ok(*args, "--format", "xlsx", "--output", name)
                compare.workbook(d.path(name), data, sections)
                self.assertEqual(stat.S_IMODE(os.stat(d.path(name)).st_mode), 0o600)

    def test_listings_of_records_made_through_csdesk(self):
        d = cli_desk(self)
        compare = Compare(self)
        for n, args in enumerate([["customer", "list"], ["history", "KH202611-0001"], ["history", "1001"], ["check"],
                                  ["staff", "list"]]):
            with self.subTest(command=" ".join(args)):
                data = d.json(*args)
                d.ok(*args, "--format", "xlsx", "--output", f"cli{n}.xlsx")
                compare.workbook(d.path(f"cli{n}.xlsx"), data, False)

    def test_headings_follow_lang_as_the_csv_header_does(self):
        d = month_desk(self)
        for lang in ("zh", "en"):
            d.ok("--lang", lang, "customer", "list", "--format", "xlsx", "--output", f"{lang}.xlsx")
            header_line = d.ok("--lang", lang, "customer", "list", "--csv").splitlines()[0]
            ws = openpyxl.load_workbook(d.path(f"{lang}.xlsx")).worksheets[0]
            self.assertEqual([c.value for c in ws[1]], header_line.split(","))
            self.assertTrue(all(c.font.b for c in ws[1]), "headings are bold")
        self.assertIn("称呼", header_line if lang == "zh" else d.ok("--lang", "zh", "customer", "list", "--csv"))

    def test_typed_cells_masking_widths_and_formula_guard(self):
        d = cli_desk(self)
        d.ok("customer", "list", "--format", "xlsx", "--output", "c.xlsx")
        rows = d.json("customer", "list")
        wb = Compare(self).workbook(d.path("c.xlsx"), rows, False)
        ws = wb.worksheets[0]
        keys = list(rows[0])
        col = {k: i + 1 for i, k in enumerate(keys)}
        new = next(i for i, r in enumerate(rows) if r["name"].startswith("="))
        row = new + 2
        guarded = ws.cell(row=row, column=col["name"])
        self.assertEqual(guarded.data_type, "s")
        self.assertEqual(guarded.value, FORMULA)
        self.assertEqual(ws.cell(row=row, column=col["company"]).value, rows[new]["company"])
        self.assertTrue(rows[new]["company"].startswith("𠮷野家"))
        phone = ws.cell(row=row, column=col["phone"])
        self.assertEqual((phone.data_type, phone.value), ("s", "021****4567"), "masked as in every format")
        self.assertIsInstance(ws.cell(row=row, column=col["number"]).value, str)
        registered = ws.cell(row=row, column=col["registered_at"]).value
        self.assertEqual(registered, datetime.datetime(2026, 11, 3, 9, 0), "local time of Asia/Shanghai")
        with zipfile.ZipFile(d.path("c.xlsx")) as z:
            sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
        self.assertNotIn("<f>", sheet, "no cell is a formula")
        # Widths from display width: 𠮷野家(北京)餐饮管理有限公司 is 13 wide characters and 2 narrow ones.
        letter = openpyxl.utils.get_column_letter(col["company"])
        self.assertGreaterEqual(ws.column_dimensions[letter].width, 28)
        self.assertLess(ws.column_dimensions[letter].width, 34)

    def test_control_characters_are_shown_as_in_csv(self):
        d = cli_desk(self)
        # Written past csdesk's own input checks (which strip them), as an old database might hold.
        import sqlite3
        con = connect(d.db)
        con.execute("UPDATE customers SET company = ? WHERE number = 'KH202611-0001'", ("华信\x1b[31m红\x01字\n第二行",))
        con.commit()
        con.close()
        d.ok("customer", "list", "--format", "xlsx", "--output", "c.xlsx")
        ws = openpyxl.load_workbook(d.path("c.xlsx")).worksheets[0]
        shown = next(list(r.values())[2] for r in d.csv("customer", "list") if list(r.values())[0] == "KH202611-0001")
        self.assertEqual(shown, "华信\\x1B[31m红\\x01字\n第二行")
        self.assertEqual(ws["C2"].value, shown)

    def test_revealed_phones_are_text(self):
        d = cli_desk(self)
        d.ok("--as", "9001", "--reveal", "customer", "list", "--format", "xlsx", "--output", "r.xlsx")
        rows = d.json("--as", "9001", "--reveal", "customer", "list")
        ws = Compare(self).workbook(d.path("r.xlsx"), rows, False).worksheets[0]
        phones = [c for c in ws[openpyxl.utils.get_column_letter(list(rows[0]).index("phone") + 1)][1:] if c.value]
        self.assertTrue(phones)
        for c in phones:
            self.assertEqual(c.data_type, "s")
            self.assertNotIn("*", c.value)
        audit = d.sql("SELECT after FROM audit WHERE action = 'reveal'")
        self.assertEqual(sum('"format":"xlsx"' in a for (a,) in audit), 1, f"the workbook's reveal is on record: {audit}")

    def test_no_header(self):
        d = month_desk(self)
        d.ok("staff", "list", "--no-header", "--format", "xlsx", "--output", "s.xlsx")
        Compare(self).workbook(d.path("s.xlsx"), d.json("staff", "list"), False, header=False)


class MonthlyWorkbook(unittest.TestCase):
    def test_sheets_per_section_with_trend_targets_and_charts(self):
        d = month_desk(self)
        d.ok("report", "monthly", "--month", "2026-10", "--lang", "zh", "--format", "xlsx", "--output", "2026-10.xlsx")
        data = d.json("report", "monthly", "--month", "2026-10", "--lang", "zh")
        for key in ("trend", "targets", "satisfaction_trend", "intake_channels", "complaints_by_category"):
            self.assertIn(key, data)
        # The Chinese workbook names the codes in Chinese, as its table and CSV do.
        terms = {"channel": "channel", "category": "complaint-category", "priority": "priority", "unit": "report-unit",
                 "target": "report-target", "figure": "report-figure"}
        wb = Compare(self, terms).workbook(d.path("2026-10.xlsx"), data, True)
        titles = [ws.title for ws in wb.worksheets]
        self.assertIn("按渠道登记", titles)
        self.assertIn("目标进度", titles)
        with zipfile.ZipFile(d.path("2026-10.xlsx")) as z:
            charts = sorted(n for n in z.namelist() if re.match(r"xl/charts/chart\d+\.xml$", n))
            self.assertEqual(len(charts), 3, z.namelist())
            xml = [z.read(n).decode("utf-8") for n in charts]
        kinds = sorted("line" if "<c:lineChart>" in x else "bar" if "<c:barChart>" in x else "?" for x in xml)
        self.assertEqual(kinds, ["bar", "bar", "line"])
        joined = "\n".join(xml)
        for title, sheet in (("各渠道新客户", "按渠道登记"), ("投诉类别分布", "按类别"), ("满意率走势", "满意率走势")):
            self.assertIn(title, joined)
            self.assertIn(f"'{sheet}'!$A$2", joined, f"the chart plots the sheet {sheet}")

    def test_english_sheet_names_are_valid_and_unique(self):
        d = month_desk(self)
        d.ok("report", "monthly", "--month", "2026-10", "--lang", "en", "--format", "xlsx", "--output", "en.xlsx")
        titles = [ws.title for ws in openpyxl.load_workbook(d.path("en.xlsx")).worksheets]
        self.assertEqual(len({t.lower() for t in titles}), len(titles))
        for t in titles:
            self.assertLessEqual(len(t), 31)
            self.assertFalse(set(t) & set("[]:*?/\\"), t)


class Refusals(unittest.TestCase):
    def test_a_workbook_needs_output(self):
        d = month_desk(self)
        d.fails(2, "customer", "list", "--format", "xlsx", says="--output")
        d.fails(2, "customer", "list", "--csv", "--output", "x.csv", says="--format xlsx")
        d.fails(2, "customer", "list", "--force", says="--output")

    def test_never_over_an_existing_file_or_the_database(self):
        d = month_desk(self)
        d.write("old.xlsx", b"keep me")
        before = d.db_digest()
        d.fails(5, "customer", "list", "--format", "xlsx", "--output", "old.xlsx", says=["old.xlsx", "--force"])
        with open(d.path("old.xlsx"), "rb") as f:
            self.assertEqual(f.read(), b"keep me")
        d.fails(3, "customer", "list", "--format", "xlsx", "--output", d.db, "--force", says="database")
        d.fails(3, "customer", "list", "--format", "xlsx", "--output", d.db + "-wal", "--force", says="SQLite")
        self.assertEqual(d.db_digest(), before)
        d.ok("customer", "list", "--format", "xlsx", "--output", "old.xlsx", "--force")
        self.assertEqual(len(openpyxl.load_workbook(d.path("old.xlsx")).worksheets[0]["A"]), 1 + len(d.json("customer", "list")))
        self.assertEqual(stat.S_IMODE(os.stat(d.path("old.xlsx")).st_mode), 0o600)
        self.assertEqual([n for n in os.listdir(d.dir) if ".csdesk-tmp-" in n], [])

    def test_refused_before_a_change_is_made(self):
        d = month_desk(self)
        d.write("taken.xlsx", b"x")
        d.ok("staff", "add", "1009", "周杰", "--roles", "consult")
        before = d.db_digest()
        d.fails(5, "staff", "add", "1010", "吴磊", "--roles", "consult", "--format", "xlsx", "--output", "taken.xlsx")
        self.assertEqual(d.db_digest(), before)


class RoundTrip(unittest.TestCase):
    def test_exported_customers_import_into_an_empty_database(self):
        d = Desk(self)
        d.ok("staff", "add", "1001", "张伟", "--roles", "consult")
        people = [("王女士", "北京华信科技有限公司", "13912345678"), ("𠮷田先生", "上海𠀀贸易有限公司", "02161234567"),
                  ("=SUM(1)", "成都蓉城电子有限公司", "13800138000")]
        for name, company, phone in people:
            d.ok("--as", "1001", "register", "--name", name, "--company", company, "--phone", phone, "--channel", "电话")
        d.ok("staff", "add", "9001", "赵敏", "--roles", "manager,admin")
        d.ok("--as", "9001", "--reveal", "customer", "list", "--format", "xlsx", "--output", "customers.xlsx")
        fresh = Desk(self)
        fresh.ok("staff", "add", "1001", "张伟", "--roles", "consult")
        r = fresh.run("--as", "1001", "register", "--from", d.path("customers.xlsx"))
        self.assertEqual(r.returncode, 0, r.stderr.decode("utf-8", "replace"))
        got = sorted((c["name"], c["company"]) for c in fresh.json("customer", "list"))
        self.assertEqual(got, sorted((n, c) for n, c, _ in people))
        # The stored forms (021-61234567), as the source database holds them.
        phones = sorted(p for (p,) in fresh.sql("SELECT phone FROM customers"))
        self.assertEqual(phones, sorted(p for (p,) in d.sql("SELECT phone FROM customers")))
        self.assertIn("021-61234567", phones)


@unittest.skipUnless(shutil.which("soffice"), "LibreOffice (libreoffice-calc) is not installed")
class LibreOffice(unittest.TestCase):
    def test_soffice_converts_the_workbook_to_the_csv_csdesk_writes(self):
        d = month_desk(self)
        d.ok("staff", "list", "--format", "xlsx", "--output", "staff.xlsx")
        # Filter options 44,34,76: comma, double quote, UTF-8 (the default follows the locale).
        subprocess.run(["soffice", "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76",
                        "--outdir", d.dir, d.path("staff.xlsx")],
                       check=True, capture_output=True, timeout=300, env=dict(os.environ, HOME=d.dir))
        with open(d.path("staff.csv"), encoding="utf-8") as f:
            theirs = f.read().splitlines()
        ours = d.ok("staff", "list", "--csv").splitlines()
        # The workbook holds yes/no as Excel booleans, which LibreOffice writes as TRUE/FALSE.
        theirs = [re.sub(r"(?<=,)TRUE(?=,|$)", "yes", re.sub(r"(?<=,)FALSE(?=,|$)", "no", line)) for line in theirs]
        self.assertEqual(theirs, ours)


if __name__ == "__main__":
    main()
