"""csdesk register --from FILE.xlsx: workbooks written here with openpyxl (and, for what openpyxl
cannot write — inline and rich-text strings, cached formula results — with the parts written by
hand), imported and compared with the same sheet as openpyxl reads it, imported as CSV. Then the
hostile ones: zip bombs, a DOCTYPE, deep nesting, Excel's 1,048,576 rows, damaged archives."""
import os
import sys

try:
    import openpyxl
except ImportError:  # Debian's python3-openpyxl serves /usr/bin/python3, which may not be first on PATH
    if os.path.exists("/usr/bin/python3") and os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3", *sys.argv])
    raise

import csv
import datetime
import io
import json
import resource
import struct
import time
import unittest
import zipfile
import zlib

import re
import subprocess

from harness import BIN, Desk, main

csv.field_size_limit(1 << 30)

COLUMNS = "name, company, phone, city, contacted_at, birthday, note, urgent, consent"


def desk(test):
    d = Desk(test)
    d.ok("staff", "add", "9001", "赵敏", "--roles", "manager,admin")
    return d


def stored(d):
    return d.sql(f"SELECT {COLUMNS} FROM customers ORDER BY id")


def cell_text(v):
    """A cell as a person reads it in Excel: what a CSV saved from it would hold."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, datetime.datetime) and v.time() == datetime.time(0):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, datetime.datetime):
        return v.strftime("%Y-%m-%d %H:%M" + (":%S" if v.second else ""))
    if isinstance(v, datetime.date):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, datetime.time):
        return v.strftime("%H:%M")
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def run_bounded(d, *args, mib=160):
    """csdesk in at most `mib` MiB of address space: a reader that held the sheet would run out."""
    limit = mib << 20
    # AddressSanitizer reserves terabytes of shadow address space, so under it the bound cannot be
    # set; the Release run of this test is the one that holds the reader to it.
    bounded = os.environ.get("CSDESK_SANITIZED") != "1"
    return subprocess.run([BIN, "--db", d.db, "--now", d.now, *args], cwd=d.dir, env=d.env, capture_output=True,
                          timeout=600,
                          preexec_fn=(lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit))) if bounded else None)


def ooxml_unescaped(text):
    """_xHHHH_ as Excel reads it (openpyxl 3.0 leaves these escapes as written)."""
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), text)


def as_csv(path, sheet=None):
    """The sheet as openpyxl reads it (cached values of formulas), written as CSV text."""
    wb = openpyxl.load_workbook(path, data_only=True)
    ws = wb[sheet] if sheet else wb.worksheets[0]
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    for row in ws.iter_rows(values_only=True):
        w.writerow([ooxml_unescaped(cell_text(v)) for v in row])
    return out.getvalue()


def zip_parts(parts, compression=zipfile.ZIP_DEFLATED, path=None):
    """A zip archive of the parts; a part given as a list of strings is written piece by piece."""
    buf = open(path, "wb") if path else io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, data in parts.items():
            if isinstance(data, list):
                with z.open(name, "w", force_zip64=True) as part:
                    for piece in data:
                        part.write(piece.encode())
            else:
                z.writestr(name, data)
    if path:
        buf.close()
        return None
    return buf.getvalue()


NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def workbook_parts(sheet_xml, shared=None, styles=None, date1904=False, sheets=("Sheet1",)):
    """The parts of a minimal workbook, as Excel lays them out, around hand-written sheet XML."""
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    overrides = [("/xl/workbook.xml", "sheet.main"), ("/xl/sharedStrings.xml", "sharedStrings"), ("/xl/styles.xml", "styles")]
    overrides += [(f"/xl/worksheets/sheet{i + 1}.xml", "worksheet") for i in range(len(sheets))]
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                               '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                               '<Default Extension="xml" ContentType="application/xml"/>'
                               + "".join(f'<Override PartName="{p}" ContentType="{ct}.{t}+xml"/>' for p, t in overrides
                                         if (p != "/xl/sharedStrings.xml" or shared is not None) and (p != "/xl/styles.xml" or styles is not None))
                               + "</Types>",
        "_rels/.rels": f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                       f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0"?><workbook {NS}><workbookPr date1904="{1 if date1904 else 0}"/><sheets>'
                           + "".join(f'<sheet name="{n}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, n in enumerate(sheets))
                           + "</sheets></workbook>",
    }
    rels = "".join(f'<Relationship Id="rId{i + 1}" Type="{rel}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
                   for i in range(len(sheets)))
    if shared is not None:
        rels += f'<Relationship Id="rS" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
        parts["xl/sharedStrings.xml"] = f'<?xml version="1.0"?><sst {NS}>{shared}</sst>'
    if styles is not None:
        rels += f'<Relationship Id="rT" Type="{rel}/styles" Target="styles.xml"/>'
        parts["xl/styles.xml"] = f'<?xml version="1.0"?><styleSheet {NS}>{styles}</styleSheet>'
    parts["xl/_rels/workbook.xml.rels"] = \
        f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>'
    for i in range(len(sheets)):
        parts[f"xl/worksheets/sheet{i + 1}.xml"] = sheet_xml if i == 0 else f'<worksheet {NS}><sheetData/></worksheet>'
    return parts


def sheet(rows_xml, tail=""):
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet {NS}><sheetData>{rows_xml}</sheetData>{tail}</worksheet>'


def padded(rows_xml, spaces):
    """A sheet with `spaces` of white space among its rows: it deflates about a thousand times."""
    return sheet(rows_xml + " " * spaces)


def inline(ref, text):
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


HEADER_ROW = '<row r="1">' + inline("A1", "姓名") + inline("B1", "电话") + inline("C1", "备注") + "</row>"


class CellTypes(unittest.TestCase):
    def import_both_ways(self, d, path, *flags, sheet=None):
        """Imports the workbook, and the same sheet as openpyxl reads it as CSV into a second desk."""
        d.ok("--as", "9001", "register", "--from", path, *flags)
        ref = desk(self)
        ref.ok("--as", "9001", "register", "--from", ref.write("same.csv", as_csv(path, sheet)), *flags)
        self.assertEqual(stored(d), stored(ref))
        return stored(d)

    def test_openpyxl_workbook_imports_as_the_same_sheet_saved_as_csv(self):
        d = desk(self)
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "客户名单"
        ws.append(["姓名", "公司名称", "手机号", "城市", "联系时间", "生日", "备注", "紧急", "同意联系"])
        ws.append(["王女士", "北京华信科技有限公司", 13912345678, "北京", datetime.datetime(2026, 11, 1, 9, 58), datetime.date(1990, 5, 1),
                   "𠀀𠮷 outside the BMP", True, "是"])
        ws.append(["𠮷野家 李先生", "上海𠀀贸易", "139 0000 0002", "上海", datetime.datetime(2026, 10, 31, 18, 5, 30), None, 3.25, False, None])
        ws.append([None] * 9)  # an empty row
        ws.append(["张工", None, 8613900000003, "成都", None, None, 1234567890123, None, "否"])
        ws["E3"].number_format = "yyyy\"年\"m\"月\"d\"日\" h:mm:ss"
        ws["F2"].number_format = "yyyy-mm-dd"
        for col in "ABCDEFGHIJKL":  # styled empty cells past the data: trailing empty columns
            ws[f"{col}8"].number_format = "@"
        path = d.path("客户名单.xlsx")
        wb.save(path)
        rows = self.import_both_ways(d, path)
        self.assertEqual(len(rows), 3)
        self.assertEqual(rows[0][:4], ("王女士", "北京华信科技有限公司", "13912345678", "北京"))
        self.assertEqual(rows[0][5:9], ("05-01", "𠀀𠮷 outside the BMP", 1, 1))
        self.assertEqual(rows[1][0], "𠮷野家 李先生")
        self.assertEqual(rows[1][6], "3.25")
        self.assertEqual(rows[2][2], "13900000003")
        self.assertEqual(rows[2][6], "1234567890123")  # a number as typed: no exponent, no .0
        out = d.json("--as", "9001", "register", "--from", path, "--dry-run")
        self.assertEqual((out["format"], out["new"], out["returning"]), ("xlsx", 0, 3))  # idempotent

    def test_dates_in_the_1904_system(self):
        for epoch in (openpyxl.utils.datetime.CALENDAR_MAC_1904, openpyxl.utils.datetime.CALENDAR_WINDOWS_1900):
            d = desk(self)
            wb = openpyxl.Workbook()
            wb.epoch = epoch
            ws = wb.active
            ws.append(["姓名", "电话", "联系时间", "生日"])
            ws.append(["王女士", "13912345678", datetime.datetime(2026, 3, 1, 8, 30), datetime.datetime(1988, 2, 29)])
            ws["D2"].number_format = "m/d/yy"
            path = d.path("mac.xlsx")
            wb.save(path)
            rows = self.import_both_ways(d, path)
            self.assertEqual(rows[0][5], "02-29")

    def test_shared_inline_rich_text_phonetic_and_cached_formulas(self):
        d = desk(self)
        shared = ('<si><t>姓名</t></si><si><t>电话</t></si><si><t>备注</t></si>'
                  '<si><r><rPr><b/></rPr><t>王</t></r><r><t xml:space="preserve">女士</t></r>'
                  '<rPh sb="0" eb="1"><t>ワン</t></rPh></si>'
                  '<si><t>第一行_x000D_\n第二行</t></si>')
        rows = ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>'
                '<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2"><f>13912345600+78</f><v>13912345678</v></c>'
                '<c r="C2" t="s"><v>4</v></c></row>'
                '<row r="3"><c r="A3" t="inlineStr"><is><r><t>李</t></r><r><t>先生</t></r></is></c>'
                '<c r="B3" t="str"><f>"139"&amp;"00000002"</f><v>13900000002</v></c>'
                '<c r="C3" t="b"><v>1</v></c></row>'
                '<row r="5"><c r="A5" t="inlineStr"><is><t>赵总</t></is></c><c r="B5" t="n"><v>1.3900000003E10</v></c></row>')
        path = d.write("hand.xlsx", zip_parts(workbook_parts(sheet(rows), shared=shared)))
        got = self.import_both_ways(d, path)
        self.assertEqual([r[:3] for r in got], [("王女士", None, "13912345678"), ("李先生", None, "13900000002"),
                                                ("赵总", None, "13900000003")])
        self.assertEqual([r[6] for r in got], ["第一行 第二行", "TRUE", None])

    def test_a_formula_never_calculated_and_an_error_cell_reject_their_rows(self):
        d = desk(self)
        rows = (HEADER_ROW +
                '<row r="2">' + inline("A2", "王女士") + '<c r="B2"><f>A1&amp;"x"</f></c></row>'
                '<row r="3">' + inline("A3", "李先生") + '<c r="B3" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>'
                '<row r="4">' + inline("A4", "张工") + '<c r="B4"><v>13900000004</v></c></row>')
        path = d.write("f.xlsx", zip_parts(workbook_parts(sheet(rows))))
        r = d.run("--as", "9001", "register", "--from", path, "--rejects", d.path("rejects.csv"))
        err = r.stderr.decode()
        self.assertEqual(r.returncode, 0, err)
        self.assertIn('f.xlsx:2: 电话: cell B2 holds the formula =A1&"x" without a saved result', err)
        self.assertIn("f.xlsx:3: 电话: cell B3 holds the error #DIV/0!", err)
        with open(d.path("rejects.csv"), encoding="utf-8-sig", newline="") as f:
            rejected = list(csv.reader(f))
        self.assertEqual([row[0] for row in rejected], ["姓名", "王女士", "李先生"])
        self.assertEqual([row[-1] for row in rejected[1:]], ["2", "3"])
        self.assertEqual([r[0] for r in stored(d)], ["张工"])

    def test_a_landline_that_lost_its_leading_zero_is_rejected_not_guessed(self):
        d = desk(self)
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["姓名", "联系电话", "备注"])
        ws.append(["王女士", 2188886666, "021 typed as a number"])
        ws.append(["李先生", "021-88886666", "typed as text"])
        ws.append(["400 热线", 4008001234, "no leading 0 to lose"])
        ws.append(["张工", 13912345678, "mobile"])
        path = d.path("座机.xlsx")
        wb.save(path)
        r = d.run("--as", "9001", "register", "--from", path, "--rejects", d.path("rejects.csv"))
        err = r.stderr.decode()
        self.assertEqual(r.returncode, 0, err)
        self.assertIn("座机.xlsx:2: 联系电话: 2188886666 was typed as a number, so Excel dropped its leading 0 "
                      "(it may be the landline 021-88886666); csdesk does not guess", err)
        with open(d.path("rejects.csv"), encoding="utf-8-sig", newline="") as f:
            rejected = list(csv.reader(f))
        self.assertEqual(rejected[1][:2], ["王女士", "2188886666"])
        self.assertEqual([(r[0], r[2]) for r in stored(d)],
                         [("李先生", "021-88886666"), ("400 热线", "400-800-1234"), ("张工", "13912345678")])

    def test_a_merged_title_row_above_the_header_is_skipped(self):
        d = desk(self)
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["2026年11月 活动签到表"])
        ws.merge_cells("A1:D1")
        ws.append(["姓名", "电话", "城市", "备注"])
        ws.append(["王女士", "13912345678", "北京", None])
        path = d.path("签到.xlsx")
        wb.save(path)
        r = d.run("--as", "9001", "register", "--from", path)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertIn("title row '2026年11月 活动签到表'", r.stderr.decode())
        self.assertEqual([r[:4] for r in stored(d)], [("王女士", None, "13912345678", "北京")])

    def test_sheet_by_name_map_dry_run_and_abort(self):
        d = desk(self)
        wb = openpyxl.Workbook()
        wb.active.title = "说明"
        wb.active.append(["这张表是说明"])
        ws = wb.create_sheet("十一月")
        ws.append(["客户", "手机", "客户来源"])
        ws.append(["王女士", 13912345678, "活动"])
        ws.append(["李先生", 12345, "电话"])
        path = d.path("book.xlsx")
        wb.save(path)
        before = d.db_digest()
        d.fails(4, "register", "--from", path, "--sheet", "十二月", says=["no sheet '十二月'", "'说明', '十一月'"])
        d.fails(3, "register", "--from", path, "--on-error", "abort", "--sheet", "十一月", "--map", "客户=name",
                "--map", "客户来源=channel", says="1 of 2 rows rejected, so nothing was imported")
        out = d.json("--as", "9001", "register", "--from", path, "--sheet", "十一月", "--map", "客户=name",
                     "--map", "客户来源=channel", "--dry-run")
        self.assertEqual((out["new"], out["rejected"], out["imported"]), (1, 1, False))
        self.assertEqual(before, d.db_digest())
        d.ok("--as", "9001", "register", "--from", path, "--sheet", "十一月", "--map", "客户=name", "--map", "客户来源=channel")
        self.assertEqual(d.sql("SELECT name, phone, channel FROM customers"), [("王女士", "13912345678", "event")])
        # The first sheet has no header csdesk knows: said with the headers found.
        d.fails(3, "register", "--from", path, says="这张表是说明")

    def test_flags_that_do_not_fit_a_workbook(self):
        d = desk(self)
        wb = openpyxl.Workbook()
        wb.active.append(["姓名", "电话"])
        path = d.path("a.xlsx")
        wb.save(path)
        d.fails(2, "register", "--from", path, "--encoding", "gbk", says="--encoding goes with CSV")
        d.fails(2, "register", "--from", d.write("a.csv", "姓名,电话\n"), "--sheet", "x", says="--sheet goes with a workbook")


class Hostile(unittest.TestCase):
    def refused(self, d, data, *says, seconds=20):
        before = d.db_digest()
        path = d.write("hostile.xlsx", data)
        started = time.monotonic()
        r = run_bounded(d, "register", "--from", path)
        err = r.stderr.decode()
        self.assertEqual(r.returncode, 3, err)
        for s in ("hostile.xlsx", *says):
            self.assertIn(s, err)
        self.assertLess(time.monotonic() - started, seconds)
        self.assertEqual(before, d.db_digest())
        return err

    def test_a_zip_bomb_is_refused_by_its_declared_size(self):
        d = desk(self)
        xml = padded(HEADER_ROW, 200 << 20)  # 200 MiB deflate to ~200 KiB
        self.refused(d, zip_parts(workbook_parts(xml)), "xl/worksheets/sheet1.xml says it holds 209715", "more than 250 times",
                     "zip bomb")

    def test_a_zip_bomb_that_understates_its_size_is_refused_as_it_inflates(self):
        d = desk(self)
        data = bytearray(zip_parts(workbook_parts(padded(HEADER_ROW, 64 << 20))))
        # Rewrite the sheet's uncompressed size in its local and central headers to 1 KiB.
        name = b"xl/worksheets/sheet1.xml"
        for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
            at = 0
            while (at := data.find(sig, at)) >= 0:
                name_at = at + (30 if sig == b"PK\x03\x04" else 46)
                if data[name_at:name_at + len(name)] == name:
                    struct.pack_into("<I", data, at + offset, 1024)
                at += 4
        self.refused(d, bytes(data), "xl/worksheets/sheet1.xml inflates to 16448 KiB", "zip bomb")

    def test_entity_expansion_is_refused(self):
        d = desk(self)
        laughs = '<!DOCTYPE x [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        xml = f'<?xml version="1.0"?>{laughs}<worksheet {NS}><sheetData><row r="1">{inline("A1", "&b;")}</row></sheetData></worksheet>'
        self.refused(d, zip_parts(workbook_parts(xml)), "declares a DOCTYPE")

    def test_deep_nesting_is_refused(self):
        d = desk(self)
        xml = sheet(HEADER_ROW + "<x>" * 100000 + "</x>" * 100000)
        self.refused(d, zip_parts(workbook_parts(xml)), "nests elements more than 64 deep")

    def test_a_tag_without_end_is_refused(self):
        d = desk(self)
        xml = sheet(HEADER_ROW).replace("<sheetData>", '<sheetData><row r="0" x="' + "a" * (8 << 20))
        self.refused(d, zip_parts(workbook_parts(xml)), "a tag runs on for more than 4 MiB")

    def test_damaged_and_missing_parts(self):
        d = desk(self)
        good = zip_parts(workbook_parts(sheet(HEADER_ROW)))
        self.refused(d, good[:len(good) // 2], "cannot be opened as an Excel workbook")
        self.refused(d, zip_parts({"word/document.xml": "<w/>"}), "not an Excel workbook", "xl/workbook.xml")
        parts = workbook_parts(sheet(HEADER_ROW))
        del parts["xl/worksheets/sheet1.xml"]
        self.refused(d, zip_parts(parts), "has no part xl/worksheets/sheet1.xml")
        self.refused(d, zip_parts(workbook_parts(sheet(HEADER_ROW + "<row r='2'><c r='A2'"))), "the XML is damaged")
        stored_parts = zip_parts(workbook_parts(sheet(HEADER_ROW)), zipfile.ZIP_STORED)
        flipped = bytearray(stored_parts)
        flipped[flipped.find(b"<sheetData>") + 2] ^= 0x20  # the CRC no longer matches
        self.refused(d, bytes(flipped), "hostile.xlsx")

    def test_excel_s_whole_million_rows_stream_in_bounded_memory(self):
        d = desk(self)
        head, tail = sheet("@").split("@")
        rows = [head, HEADER_ROW, '<row r="2">', inline("A2", "王女士"), inline("B2", "13912345678"), "</row>"]
        rows += ["".join(f'<row r="{n}"><c r="A{n}" s="1"/></row>' for n in range(k, min(k + 10000, 1048576)))
                 for k in range(3, 1048576, 10000)]
        rows += ['<row r="1048576">' + inline("A1048576", "李先生") + inline("B1048576", "13900000002") + "</row>", tail]
        path = d.path("million.xlsx")
        zip_parts(workbook_parts(rows), path=path)
        with zipfile.ZipFile(path) as z:
            self.assertGreater(z.getinfo("xl/worksheets/sheet1.xml").file_size, 40 << 20)
        r = run_bounded(d, "--as", "9001", "register", "--from", path, "--json")
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        out = json.loads(r.stdout)
        self.assertEqual((out["rows_read"], out["new"]), (2, 2))
        past = sheet(HEADER_ROW + '<row r="1048577">' + inline("A1048577", "x") + "</row>")
        self.refused(d, zip_parts(workbook_parts(past)), "row number '1048577' is not one of Excel's rows")


if __name__ == "__main__":
    main()
