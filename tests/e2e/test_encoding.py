"""csdesk register --from: text encodings — decided on the whole file, by plausibility when two fit,
never stored as mojibake; checked against Python's codecs and glibc's iconv."""
import codecs
import hashlib
import json
import random
import subprocess
import unittest

from harness import Desk, main

# Windows' CP936 is GBK plus the euro sign at 0x80, which Python's gbk codec leaves out.
codecs.register_error("cp936_euro_decode",
                      lambda e: ("€", e.start + 1) if e.object[e.start] == 0x80 else codecs.strict_errors(e))
codecs.register_error("cp936_euro_encode",
                      lambda e: (b"\x80" * (e.end - e.start), e.end) if set(e.object[e.start:e.end]) == {"€"}
                      else codecs.strict_errors(e))

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红燕鹏辉建国新宇浩然欣怡子涵梓轩思远晨阳雨萱琪婷璐鑫"
CITIES = ["北京", "上海", "成都", "广州", "深圳", "杭州", "武汉", "南京"]
TRADES = ["华信", "天府", "浦东", "恒通", "金桥", "宏达", "远航", "博瑞"]
KINDS = ["科技", "软件", "贸易", "物流", "电子", "信息技术"]
# Traditional Chinese, for Big5 (Taiwan, Hong Kong).
TRAD_SURNAMES = "陳林黃張李王吳劉蔡楊許鄭謝洪郭邱曾廖賴徐周葉蘇莊呂江何蕭羅高潘簡朱鍾彭游詹胡施沈余盧梁趙顏柯翁魏孫戴"
TRAD_GIVEN = "志明淑芬家豪怡君俊傑雅婷建宏美玲宗翰詩涵冠宇欣妤承恩佳穎"
TRAD_COMPANIES = ["臺中網路科技股份有限公司", "臺北貿易有限公司", "高雄電子股份有限公司", "新竹軟體開發有限公司", "桃園物流有限公司"]
OUTSIDE_GBK = ["𠀀", "𠮷", "㐀"]  # GB18030's four-byte form (㐀 is CJK Extension A)
def valid_utf8_gbk_names():
    """2-character names whose GBK bytes are also valid UTF-8 (郑伟 = D6A3 CEB0 reads as ֣ΰ)."""
    names = []
    for s in SURNAMES:
        for g in GIVEN:
            try:
                (s + g).encode("gbk").decode("utf-8")
                names.append(s + g)
            except UnicodeDecodeError:
                pass
    return names


def summary(d, path, *args, **kw):
    return d.json("register", "--from", path, *args, **kw)


def stored(d):
    return sorted(d.sql("SELECT name, coalesce(company, ''), coalesce(note, '') FROM customers"))


def import_audit(d):
    """What the import's one audit row says: the digest and size of the bytes read (once, though read twice)."""
    (after,), = d.sql("SELECT after FROM audit WHERE action = 'import'")
    return json.loads(after)


def late_gbk_file(d, rows=5200):
    """ASCII for 5,000 lines, then a GBK name: the start says nothing."""
    lines = ["name,phone,note"] + [f"Wang Wei {i},139{10000000 + i},ok" for i in range(rows)] + ["张伟,13800000001,老客户"]
    return ("\r\n".join(lines) + "\r\n").encode("gbk")


class Defects(unittest.TestCase):
    def test_ascii_start_and_a_gbk_name_on_line_5202_loses_nothing(self):
        d = Desk(self)
        s = summary(d, d.write("late.csv", late_gbk_file(d)))
        self.assertEqual((s["encoding"], s["rows_read"], s["new"], s["rejected"]), ("gb18030", 5201, 5201, 0))
        self.assertEqual(d.sql("SELECT name, note FROM customers WHERE phone = '13800000001'"), [("张伟", "老客户")])
        data = late_gbk_file(d)
        self.assertIn(hashlib.sha256(data).hexdigest(), json.dumps(import_audit(d)))
        self.assertIn(str(len(data)), json.dumps(import_audit(d)))

    def test_the_same_from_stdin_which_cannot_be_read_twice(self):
        d = Desk(self)
        s = d.json("register", "--from", "-", stdin=late_gbk_file(d))
        self.assertEqual((s["encoding"], s["new"], s["rejected"]), ("gb18030", 5201, 0))
        self.assertEqual(d.sql("SELECT name FROM customers WHERE phone = '13800000001'"), [("张伟",)])
        self.assertEqual(d.sql("SELECT count(*) FROM customers"), [(5201,)])
        self.assertIn(hashlib.sha256(late_gbk_file(d)).hexdigest(), json.dumps(import_audit(d)))

    def test_a_small_gbk_file_that_is_valid_utf8_is_read_as_gbk(self):
        d = Desk(self)
        data = "name,phone\r\n郑伟,13800000002\r\n".encode("gbk")
        self.assertEqual(data.decode("utf-8"), "name,phone\r\n\u05a3\u03b0,13800000002\r\n")  # valid UTF-8: ֣ΰ
        s = summary(d, d.write("zheng.csv", data))
        self.assertEqual((s["encoding"], s["new"]), ("gb18030", 1))
        self.assertEqual(d.sql("SELECT name FROM customers"), [("郑伟",)])

    def test_big5_with_an_english_header_is_big5_and_can_be_named(self):
        d = Desk(self)
        data = "name,company,phone\r\n陳小姐,臺中網路科技股份有限公司,13800000003\r\n".encode("big5")
        self.assertEqual(data.decode("gb18030").split("\r\n")[1][4:8], "籓い呼隔")  # what main stored
        s = summary(d, d.write("big5.csv", data))
        self.assertEqual((s["encoding"], s["new"]), ("big5", 1))
        self.assertEqual(d.sql("SELECT name, company FROM customers"), [("陳小姐", "臺中網路科技股份有限公司")])
        d2 = Desk(self)
        s = summary(d2, d2.write("big5.csv", data), "--encoding", "big5")
        self.assertEqual((s["encoding"], s["new"]), ("big5", 1))
        self.assertEqual(d2.sql("SELECT company FROM customers"), [("臺中網路科技股份有限公司",)])

    def test_utf16_without_a_bom(self):
        for codec, name in (("utf-16-le", "utf-16le"), ("utf-16-be", "utf-16be")):
            with self.subTest(codec):
                d = Desk(self)
                data = "姓名,公司,电话\r\n王女士,北京华信科技有限公司,13800000004\r\n".encode(codec)
                s = summary(d, d.write("u16.csv", data))
                self.assertEqual((s["encoding"], s["new"]), (name, 1))
                self.assertEqual(d.sql("SELECT name, company FROM customers"), [("王女士", "北京华信科技有限公司")])

    def test_cp936_euro_sign_imports_detected_and_named(self):
        data = "姓名,电话,备注\r\n王女士,13800000005,报价€120\r\n".encode("gbk", "cp936_euro_encode")
        self.assertIn(b"\x80", data)
        for args, name in (((), "cp936"), (("--encoding", "gbk"), "cp936"), (("--encoding", "cp936"), "cp936")):
            with self.subTest(args):
                d = Desk(self)
                s = summary(d, d.write("euro.csv", data), *args)
                self.assertEqual((s["encoding"], s["new"]), (name, 1))
                self.assertEqual(d.sql("SELECT note FROM customers"), [("报价€120",)])

    def test_when_two_readings_fit_equally_it_stops_and_asks(self):
        d = Desk(self)
        data = "name,phone\r\n李娜,13800000006\r\n".encode("gbk")  # Big5 reads C0EE C4C8 as two common hanzi too
        before = d.db_digest()
        err = d.fails(3, "register", "--from", d.write("two.csv", data),
                      says=["two.csv", "cannot tell its encoding", "--encoding gb18030", "--encoding big5", "李娜,13800000006",
                            "line 2"])
        self.assertIn(data.decode("big5").split("\r\n")[1], err)  # the Big5 reading of the same line is shown
        self.assertEqual(before, d.db_digest())
        s = summary(d, d.path("two.csv"), "--encoding", "gbk")
        self.assertEqual(d.sql("SELECT name FROM customers"), [("李娜",)])

    def test_a_named_encoding_that_contradicts_the_byte_order_mark_is_refused(self):
        d = Desk(self)
        data = codecs.BOM_UTF8 + "编号,姓名,电话\r\n1,王女士,13800000008\r\n".encode("utf-8")
        before = d.db_digest()
        d.fails(3, "register", "--from", d.write("bom.csv", data), "--encoding", "gbk",
                says=["bom.csv", "byte-order mark of utf-8", "--encoding cp936"])
        self.assertEqual(before, d.db_digest())
        s = summary(d, d.path("bom.csv"), "--encoding", "utf-8")
        self.assertEqual((s["encoding"], s["new"]), ("utf-8", 1))

    def test_a_file_no_encoding_reads_says_where_each_fails(self):
        d = Desk(self)
        data = b"name,phone\n" + "王女士".encode("utf-8") + b"\xff,13800000007\n"
        before = d.db_digest()
        d.fails(3, "register", "--from", d.write("bad.csv", data), says=["bad.csv", "cannot be read", "utf-8 stops at line 2", "gb18030 stops at line 2"])
        self.assertEqual(before, d.db_digest())


def iconv(data, encoding):
    r = subprocess.run(["iconv", "-f", encoding, "-t", "UTF-8"], input=data, capture_output=True, check=True)
    return r.stdout.decode("utf-8")


class AgainstReferences(unittest.TestCase):
    """Files written with Python's codecs: what csdesk stores is what Python and iconv read."""

    # (label, Python codec, BOM to prepend, glibc iconv name, expected summary encoding, simplified?)
    FILES = [
        ("utf-8", "utf-8", b"", "UTF-8", "utf-8", True),
        ("utf-8 with BOM", "utf-8", codecs.BOM_UTF8, "UTF-8", "utf-8", True),
        ("gb18030", "gb18030", b"", "GB18030", "gb18030", True),
        ("gbk", "gbk", b"", "GBK", "gb18030", True),
        ("cp936 with euro", "gbk", b"", "CP936", "cp936", True),
        ("utf-16le", "utf-16-le", b"", "UTF-16LE", "utf-16le", True),
        ("utf-16be", "utf-16-be", b"", "UTF-16BE", "utf-16be", True),
        ("utf-16le with BOM", "utf-16-le", codecs.BOM_UTF16_LE, "UTF-16", "utf-16le", True),
        ("utf-16be with BOM", "utf-16-be", codecs.BOM_UTF16_BE, "UTF-16", "utf-16be", True),
        ("big5", "big5", b"", "BIG5", "big5", False),
    ]

    def rows(self, rng, label, simplified, late):
        gbk_only = label in ("gbk", "cp936 with euro", "big5")
        rows, seen = [], set()
        tricky = valid_utf8_gbk_names()
        count = 300
        phone = 13700000000
        if late:  # ASCII for 5,000 lines first
            for i in range(5000):
                phone += 1
                rows.append((f"Li Na {i}", "ACME Ltd", str(phone), ""))
        for i in range(count):
            phone += 1
            if simplified:
                name = rng.choice(tricky) if i % 5 == 0 else rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(["", rng.choice(GIVEN)])
                company = f"{rng.choice(CITIES)}{rng.choice(TRADES)}{rng.choice(KINDS)}有限公司" if rng.random() < 0.8 else ""
                note = rng.choice(["", "想了解报价", "尽快回电", "老客户介绍"])
                if label == "cp936 with euro" and i % 7 == 0:
                    note += f"报价€{rng.randint(10, 999)}"
                if not gbk_only and i % 11 == 0:
                    name = rng.choice(SURNAMES) + rng.choice(OUTSIDE_GBK)
                if not gbk_only and label != "gb18030" and i % 13 == 0:
                    note += "€"
            else:
                name = rng.choice(TRAD_SURNAMES) + "".join(rng.sample(TRAD_GIVEN, 2))
                company = rng.choice(TRAD_COMPANIES)
                note = rng.choice(["", "想瞭解報價", "盡快回電"])
            if (name, company) in seen:  # company + name would match: the same customer returning
                company = ""
                name += rng.choice(GIVEN if simplified else TRAD_GIVEN) + str(i)
            seen.add((name, company))
            rows.append((name, company, str(phone), note))
        return rows

    def encode(self, text, codec, label):
        if label == "cp936 with euro":
            return text.encode(codec, "cp936_euro_encode")
        return text.encode(codec)

    def decode(self, data, codec, bom, label):
        data = data[len(bom):]
        if label == "cp936 with euro":
            return data.decode(codec, "cp936_euro_decode")
        return data.decode(codec)

    def test_every_encoding_reads_as_python_and_iconv_do(self):
        rng = random.Random(20261201)
        for late in (False, True):
            for label, codec, bom, iconv_name, expected, simplified in self.FILES:
                if late and label.startswith("utf-16"):
                    continue  # UTF-16 ASCII is not ASCII: no "ASCII start" there
                with self.subTest(label=label, ascii_first_5000_lines=late):
                    rows = self.rows(rng, label, simplified, late)
                    header = "姓名,公司,电话,备注" if simplified and not late else "name,company,phone,note"
                    text = "\r\n".join([header] + [",".join(r) for r in rows]) + "\r\n"
                    data = bom + self.encode(text, codec, label)
                    python_text = self.decode(data, codec, bom, label)
                    self.assertEqual(python_text, text)
                    if label != "cp936 with euro":  # glibc's iconv reads 0x80 as the euro sign too, Python's gbk does not
                        self.assertEqual(iconv(data, iconv_name).lstrip("\ufeff"), python_text, f"iconv {iconv_name}")
                    else:
                        self.assertEqual(iconv(data, iconv_name), python_text, "iconv CP936")
                    d = Desk(self)
                    s = summary(d, d.write("f.csv", data))
                    self.assertEqual((s["encoding"], s["rows_read"], s["new"], s["rejected"]),
                                     (expected, len(rows), len(rows), 0))
                    want = sorted((r[0], r[1], r[3]) for r in rows)
                    self.assertEqual(stored(d), want)

    def test_small_files_are_read_right_or_refused_never_wrong(self):
        """Few rows give plausibility little to go on: a wrong answer would be mojibake with exit 0."""
        d = Desk(self)
        results = {}
        for count in (3, 10):
            for seed in range(6):
                for label, codec, bom, _, expected, simplified in self.FILES:
                    if bom or label.startswith("utf-16"):
                        continue  # a BOM decides; UTF-16 is told by its zero bytes
                    rows = self.rows(random.Random(seed), label, simplified, False)[:count]
                    text = "\r\n".join(["name,company,phone,note"] + [",".join(r) for r in rows]) + "\r\n"
                    path = d.write(f"small_{label}_{count}_{seed}.csv", self.encode(text, codec, label))
                    r = d.run("register", "--from", path, "--dry-run", "--json")
                    got = json.loads(r.stdout)["encoding"] if r.returncode == 0 else f"exit {r.returncode}"
                    results[(label, count, seed)] = got
                    self.assertIn(got, (expected, "exit 3"), f"{label}, {count} rows, seed {seed}")
        refused = [k for k, v in results.items() if v == "exit 3"]
        self.assertEqual(refused, [], "none of these is ambiguous enough to ask")


if __name__ == "__main__":
    main()
