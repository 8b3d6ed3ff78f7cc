"""The corpus test of issue 12: generated tricky CSV/TSV files (seeded), each imported for real and
read back with customer list --json, every stored value compared with what Python's csv module
reads from the same file (newline='').

Agreed exceptions, each checked rather than skipped:
- A spreadsheet guard apostrophe ('=…, '\t…) is removed, as csdesk's own exports add it.
- csdesk cleans text as its rules do (NFKC, trimmed, runs of spaces/tabs/line breaks made one
  space), so Python's values are compared after the same cleaning (`clean` below); phones are
  compared as the digits they hold.
- Blank lines, and rows of only delimiters or spaces, are skipped (Python returns them as rows).
- A row holding a NUL byte, a field longer than import.max_field_bytes, or more non-empty columns
  than the header is rejected whole (Python reads it); the rest of the file is still imported.
- A quote never closed refuses the whole file (Python reads the rest of the file as one field).
"""
import csv
import io
import json
import random
import re
import unicodedata
import unittest

from harness import Desk, main

csv.field_size_limit(1 << 30)

SEED = 20261201
FILES = 120
LIMIT = 4096  # import.max_field_bytes for the corpus, so that fields near it stay small
HEADER = ["姓名", "公司", "电话", "城市", "备注"]
CHUNK = 1 << 16

PIECES = ["王", "李", "张女士", "北京华信科技有限公司", "成都", "ABC", "abc", "１２３", "Ｗｉｎ", " ", "  ", "\t", ",", '"', '""',
          "\r", "\n", "\r\n", "'", "é", "😀", "上海·浦东", "(分公司)", "x" * 40, "备注" * 20, ";", "|"]


def clean(value):
    """What csdesk's rules make of a text field: NFKC, trimmed, whitespace runs → one space."""
    v = unicodedata.normalize("NFKC", value)
    return " ".join(p for p in re.split(r"[ \t\r\n]+", v) if p)


def unguard(value):
    """The apostrophe a spreadsheet guard puts before =, +, -, @, tab or CR is not part of the value."""
    return value[1:] if len(value) >= 2 and value[0] == "'" and value[1] in "=+-@\t\r" else value


def text(rng, pieces=4):
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(0, pieces)))


def field(rng, value, delim, quote_always):
    needs = any(c in value for c in (delim, '"', "\r", "\n")) or value != value.strip(" \t")
    if needs or quote_always or rng.random() < 0.2:
        quoted = '"' + value.replace('"', '""') + '"'
        return quoted + (rng.choice([" ", "\t ", ""]) if delim != "\t" and rng.random() < 0.1 else "")
    return value


class Corpus(unittest.TestCase):
    def make(self, rng, index):
        """One file: (bytes, rows written) — what csdesk should make of it is decided from Python's reading."""
        delim = "\t" if rng.random() < 0.25 else ","
        ends = rng.choice([["\n"], ["\r\n"], ["\r"], ["\n", "\r\n", "\r"]])
        quote_always = rng.random() < 0.2
        rows = rng.choice([5, 20, 300, 900, 2500])
        out = [delim.join(HEADER)]
        for r in range(rows):
            phone = f"139{index:04d}{r:04d}"
            name = (text(rng, 3).replace("\t", " ") if delim == "\t" else text(rng, 3)) + f"客户{r}"
            note = text(rng, 6)
            roll = rng.random()
            if roll < 0.02:
                note = "长" * (LIMIT // 3 + rng.randint(-3, 3))  # 3 bytes each: just under or over the limit
            elif roll < 0.03:
                note = "n" * (LIMIT + rng.randint(-2, 2))
            elif roll < 0.035:
                note += "\x00"
            cells = [name, text(rng, 2), rng.choice(["", " ", "  "]) + phone, text(rng, 2), note]
            line = delim.join(field(rng, c, delim, quote_always) for c in cells)
            extra = rng.random()
            if extra < 0.05:
                line += delim  # a trailing delimiter: an empty sixth column
            elif extra < 0.07:
                line += delim + "多余"  # a sixth column with text: too many columns
            out.append(line)
            if rng.random() < 0.03:
                out.append(rng.choice(["", delim * 4, "   "]))  # blank lines of all kinds
        records = [line + rng.choice(ends) for line in out]
        body = self.straddle(records, rng, delim) if index % 10 == 3 else "".join(records)
        if rng.random() < 0.3:
            body = body[:-1] if body.endswith(("\n", "\r")) and not body.endswith("\r\n") else body  # no final line end
        if index % 40 == 7:
            body += ends[0] + delim.join(["未闭合", "", "13900000000", "", '"没有结束']) + ends[0] + "下一行" + ends[0]
        data = body.encode("utf-8")
        if rng.random() < 0.3:
            data = b"\xef\xbb\xbf" + data
        return data, delim

    def straddle(self, records, rng, delim):
        """Joins the records (each with its line end), putting before each 64 KiB chunk boundary a
        row whose last field (a quoted line break, a doubled quote, a quoted delimiter) or line end
        lies across it, the boundary after a random byte of it."""
        body, size, at, k = [], 0, CHUNK, 0
        for record in records:
            n = len(record.encode("utf-8"))
            if size < at - 100 <= size + n:
                k += 1
                special = rng.choice(['"a\r\nb"', '"a""b"', f'"x{delim}y"', '""', '"长\r"', "尾"]) + "\r\n"
                head = f"边界{k}{delim}{delim}139{9000 + k:04d}{k:04d}{delim}".encode("utf-8")
                cut = rng.randint(1, len(special.encode("utf-8")) - 1)
                row = head + b"p" * (at - size - cut - len(head) - 1) + delim.encode() + special.encode("utf-8")
                body.append(row.decode("utf-8"))
                size += len(row)
                at += CHUNK
            body.append(record)
            size += n
        return "".join(body)

    def expected(self, data, delim):
        """(customers by phone, rejected rows, refused) as Python's csv reads the file."""
        text = data.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delim))
        header = rows[0]
        stored, rejected = {}, 0
        for row in rows[1:]:
            if row and row[0].startswith("未闭合"):
                return None, None, True
            if all(not c.strip(" \t\r\n") for c in row):
                continue  # blank
            if len(row) > len(header) and any(c.strip() for c in row[len(header):]):
                rejected += 1  # too many columns
                continue
            if any("\x00" in c for c in row) or any(len(c.encode("utf-8")) > LIMIT for c in row):
                rejected += 1
                continue
            row = [unguard(c) for c in row] + [""] * (len(header) - len(row))
            phone = row[2].strip()
            stored[phone] = (clean(row[0]), clean(row[1]) or None, phone, clean(row[3]) or None, clean(row[4]) or None)
        return stored, rejected, False

    def test_generated_files_read_as_pythons_csv_reads_them(self):
        rng = random.Random(SEED)
        checked = refused_files = values = straddled = 0
        for index in range(FILES):
            data, delim = self.make(rng, index)
            with self.subTest(file=index):
                d = Desk(self, env={"CSDESK_IMPORT_MAX_FIELD_BYTES": str(LIMIT)})
                d.ok("staff", "add", "9001", "赵敏", "--roles", "manager,admin")
                path = d.write(f"corpus{index}.csv", data)
                stored, rejected, refused = self.expected(data, delim)
                r = d.run("register", "--from", path, "--json")
                if refused:
                    self.assertEqual(r.returncode, 3, r.stderr.decode())
                    self.assertIn("never closed", r.stderr.decode())
                    self.assertEqual(d.sql("SELECT count(*) FROM customers"), [(0,)])
                    refused_files += 1
                    continue
                self.assertEqual(r.returncode, 0, r.stderr.decode()[-2000:])
                listed = d.json("--as", "9001", "--reveal", "customer", "list", "--limit", "0")
                notes = dict(d.sql("SELECT phone, note FROM customers"))  # customer list does not show notes
                got = {c["phone"]: (c["name"], c["company"], c["phone"], c["city"], notes[c["phone"]]) for c in listed}
                self.assertEqual(len(got), len(listed), "phones are unique in the corpus")
                for phone in sorted(set(got) | set(stored)):
                    self.assertEqual(got.get(phone), stored.get(phone), f"file {index}, phone {phone}")
                    values += 5
                self.assertEqual(json.loads(r.stdout)["rejected"], rejected)
                straddled += sum(1 for phone in got if phone.startswith("1399"))
                checked += 1
        print(f"\n{checked} files imported and compared ({values} values, {straddled} rows across a chunk boundary), "
              f"{refused_files} refused", flush=True)
        self.assertGreaterEqual(checked + refused_files, 100)
        self.assertGreater(refused_files, 0)
        self.assertGreaterEqual(straddled, 20)


if __name__ == "__main__":
    main()
