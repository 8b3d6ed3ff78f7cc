"""csdesk register --from: every row a file holds and no row it does not — line endings, field
limits, NUL bytes, workbooks, the rejects file, and csdesk's own export read back."""
import csv
import io
import os
import subprocess
import unittest
import zipfile

from harness import BIN, Desk, main

csv.field_size_limit(1 << 30)

HEADER = "姓名,公司,电话,城市,备注"


def customers(d):
    """name, company, phone, city of every customer, as customer list --json shows them (phones revealed)."""
    rows = d.json("--as", "9001", "--reveal", "customer", "list", "--limit", "0")
    return [(r["name"], r["company"], r["phone"], r["city"]) for r in rows]


def desk(test, **kw):
    d = Desk(test, **kw)
    d.ok("staff", "add", "9001", "赵敏", "--roles", "manager,admin")
    return d


class LineEnds(unittest.TestCase):
    def test_a_cr_only_file_is_read_row_by_row_with_its_line_numbers(self):
        d = desk(self)
        f = d.write("mac.csv", "\r".join([HEADER, "王女士,华信,13900000001,北京,", "李先生,天府,12345,成都,",
                                          "", "张先生,,13900000003,,\"两行\r备注\""]) + "\r")
        r = d.run("register", "--from", f, "--json")
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertIn("mac.csv:3: 电话:", r.stderr.decode())
        self.assertEqual(customers(d), [("王女士", "华信", "13900000001", "北京"), ("张先生", None, "13900000003", None)])
        self.assertEqual(d.sql("SELECT note FROM customers WHERE phone = '13900000003'"), [("两行 备注",)])

    def test_a_lone_cr_in_an_lf_file_ends_a_row(self):
        d = desk(self)
        f = d.write("mixed.csv", HEADER + "\n王女士,,13900000001,,\r李先生,,13900000002,,\r\n张先生,,1390000000x,,\n")
        err = d.fails(0, "register", "--from", f)
        self.assertIn("mixed.csv:4: 电话:", err)  # CR, CRLF: the third row starts on line 4
        self.assertEqual([c[0] for c in customers(d)], ["王女士", "李先生"])


class Limits(unittest.TestCase):
    def test_an_over_long_quoted_field_is_rejected_whole_and_its_lines_never_become_customers(self):
        d = desk(self)
        inside = "".join(f"冒充{i},,1390000{i:04d},,\n" for i in range(3)) + "x" * (1 << 20)
        f = d.write("long.csv", f'{HEADER}\n王女士,,13900009001,,"{inside}"\n李先生,,13900009002,,\n')
        r = d.run("register", "--from", f, "--rejects", d.path("rejects.csv"), "--json")
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertIn("long.csv:2: 备注: the field is longer than 1 MiB (import.max_field_bytes)", r.stderr.decode())
        self.assertEqual([c[0] for c in customers(d)], ["李先生"])
        with open(d.path("rejects.csv"), encoding="utf-8-sig", newline="") as fh:
            rejected = list(csv.reader(fh))
        self.assertEqual(len(rejected), 2)
        self.assertEqual(rejected[1][-1], "2")

    def test_the_field_limit_is_a_config_key_for_unquoted_fields_too(self):
        d = desk(self)
        d.write("csdesk.toml", "[import]\nmax_field_bytes = 2048\n")
        cfg = ("--config", d.path("csdesk.toml"))
        f = d.write("big.csv", f"{HEADER}\n{'王' * 1000},,13900000001,,\n{'李' * 600},,13900000002,,\n")
        err = d.fails(0, *cfg, "register", "--from", f)
        self.assertIn("big.csv:2: 姓名: the field is longer than 2 KiB (import.max_field_bytes)", err)
        self.assertEqual([c[2] for c in customers(d)], ["13900000002"])
        d.write("csdesk.toml", "[import]\nmax_field_bytes = 10\n")
        d.fails(3, *cfg, "register", "--from", f, says=["import.max_field_bytes", "1024"])

    def test_an_endless_input_ends_with_a_clear_error(self):
        d = desk(self)
        before = d.db_digest()
        r = subprocess.run([BIN, "--db", d.db, "--now", d.now, "register", "--from", "/dev/zero"], env=d.env,
                           capture_output=True, timeout=60)
        self.assertEqual(r.returncode, 3, r.stderr.decode())
        self.assertIn("/dev/zero:1:", r.stderr.decode())
        self.assertIn("does not end within 256 MiB", r.stderr.decode())
        self.assertNotIn(b"\x00", r.stderr)
        self.assertEqual(before, d.db_digest())

    def test_the_rejects_file_cuts_a_long_field_on_a_character_boundary_and_says_so(self):
        d = desk(self)
        f = d.write("cjk.csv", f"{HEADER}\n王女士,,13900000001,,{'备' * 700000}\n李先生,,13900000002,,\n")
        d.ok("register", "--from", f, "--rejects", d.path("rejects.csv"))
        with open(d.path("rejects.csv"), "rb") as fh:
            data = fh.read()
        text = data.decode("utf-8")  # strict: raises on a cut character
        row = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))[1]
        self.assertEqual(row[4], "备" * ((1 << 20) // 3))
        self.assertIn("cut there", row[-2])
        self.assertEqual([c[0] for c in customers(d)], ["李先生"])


class Workbooks(unittest.TestCase):
    def check_refused(self, d, path, *says, stdin=None):
        before = d.db_digest()
        r = d.run("register", "--from", path, stdin=stdin)
        err = r.stderr.decode("utf-8")
        self.assertEqual(r.returncode, 3, err)
        for s in says:
            self.assertIn(s, err)
        self.assertFalse(any(b < 0x20 and b != 0x0A for b in r.stderr), f"control bytes in {r.stderr!r}")
        self.assertEqual(before, d.db_digest())

    def test_xlsx_and_xls_are_named_as_workbooks_whatever_their_file_name(self):
        d = desk(self)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("xl/workbook.xml", "<workbook/>")
            z.writestr("xl/worksheets/sheet1.xml", "<sheetData><row><c><v>姓名</v></c></row></sheetData>")
        # Read as a workbook whatever its name; this one lacks the part naming its sheets.
        for name in ("客户.xlsx", "客户.csv"):
            self.check_refused(d, d.write(name, buf.getvalue()), "xl/_rels/workbook.xml.rels", "damaged")
        self.check_refused(d, "-", "stdin: this is an Excel workbook (.xlsx", "--from FILE.xlsx", stdin=buf.getvalue())
        ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "姓名".encode("utf-16-le")
        self.check_refused(d, d.write("客户.xls", ole), "Excel 97–2003 workbook (.xls)", "Excel 工作簿(*.xlsx)",
                           "CSV UTF-8(逗号分隔)")

    def test_no_message_holds_a_raw_nul_or_control_byte_of_the_input(self):
        d = desk(self)
        f = d.write("nul.csv", b"na\x00me,ph\x1bone\n\xe7\x8e\x8b,13900000001\n")
        r = d.run("register", "--from", f)
        self.assertEqual(r.returncode, 3)
        self.assertIn("nul.csv:1: the header row cannot be read (column 1): a NUL byte (\\x00)", r.stderr.decode())
        self.assertFalse(any(b < 0x20 and b != 0x0A for b in r.stderr), f"control bytes in {r.stderr!r}")
        f = d.write("esc.csv", b"name,phone,x\x00y\n")
        err = d.fails(3, "register", "--from", f)
        self.assertNotIn("\x00", err)


class RoundTrip(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        import tempfile
        cls.dir = tempfile.mkdtemp(prefix="csdesk-demo-")
        script = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "demo.sh")
        subprocess.run(["bash", script, cls.dir], env={**os.environ, "CSDESK": BIN}, check=True, capture_output=True)

    @classmethod
    def tearDownClass(cls):
        import shutil
        shutil.rmtree(cls.dir, True)

    def export(self, db, lang):
        env = {**os.environ, "CSDESK_DB": db, "CSDESK_CONFIG": os.path.join(self.dir, "csdesk.toml"),
               "TZ": "Asia/Shanghai", "NO_COLOR": "1"}
        r = subprocess.run([BIN, "--now", "2026-11-03 09:00", "--lang", lang, "--as", "9001", "--reveal", "customer",
                            "list", "--csv", "--limit", "0"], env=env, capture_output=True, check=True)
        return r.stdout.decode("utf-8")

    def test_customer_list_csv_in_english_and_chinese_imports_back_to_the_same_values(self):
        for lang in ("en", "zh"):
            with self.subTest(lang):
                exported = self.export(os.path.join(self.dir, "csdesk.db"), lang)
                d = desk(self, now="2026-11-03 10:00")
                f = d.write(f"export_{lang}.csv", exported)
                s = d.json("--lang", lang, "register", "--from", f)
                rows = list(csv.reader(io.StringIO(exported, newline="")))
                self.assertEqual((s["rows_read"], s["new"], s["rejected"]), (len(rows) - 1, len(rows) - 1, 0))
                again = list(csv.reader(io.StringIO(self.export(d.db, lang), newline="")))
                # What an import carries; number, category, owner and who registered when belong to the database.
                carried = [i for i, h in enumerate(rows[0]) if h not in (
                    "Customer", "Category", "Owner", "Registered by", "Registered", "客户编号", "类别", "负责人", "登记人",
                    "登记时间")]
                self.assertEqual(len(carried), 11)
                self.assertEqual([[r[i] for i in carried] for r in again], [[r[i] for i in carried] for r in rows])
                # An unknown consent reads "not asked" (in Chinese 未询问), and comes back unknown.
                self.assertTrue(any(r[rows[0].index("Consent" if lang == "en" else "同意联系")] ==
                                    ("not asked" if lang == "en" else "未询问") for r in rows[1:]))

    def test_guarded_and_quoted_values_come_back_without_the_guard(self):
        d = desk(self)
        for name, company, phone in (("=SUM(A1)", '华信, "北京"\n分公司', "13900000001"), ("-李先生", "@天府", "13900000002")):
            d.ok("--as", "9001", "register", "--name", name, "--company", company, "--phone", phone, "--consent", "no")
        exported = d.ok("--as", "9001", "--reveal", "customer", "list", "--csv", "--limit", "0")
        self.assertIn("'=SUM(A1)", exported)
        fresh = desk(self)
        fresh.ok("register", "--from", fresh.write("export.csv", exported))
        self.assertEqual(customers(fresh), customers(d))
        consent = [r["consent"] for r in fresh.json("--as", "9001", "customer", "list")]
        self.assertEqual(consent, ["NO", "NO"])

if __name__ == "__main__":
    main()
