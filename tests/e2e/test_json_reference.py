"""csdesk reads JSON as Python's json module does: \\u escapes above 0x7F and surrogate pairs are
their characters. Where Python accepts a lone or reversed surrogate, its result is no UTF-8 text
at all (encoding it fails), and csdesk refuses the text instead of inventing one.

The JSON read here is a frozen report's payload (report monthly --freeze), edited in place."""
import json
import sqlite3
import unittest

import report_month
from harness import Desk, main, connect, sqlite_only

ESCAPED = ["caf\u00e9 \u738b\u5973\u58eb", "\U0001f600 \U0001d11e \U0010ffff", "\u00a0\u07ff\u0800\uffff"]


def strings_in(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from strings_in(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings_in(v)
    elif isinstance(value, str):
        yield value


class FrozenPayloadEscapes(unittest.TestCase):
    def setUp(self):
        self.d = Desk(self)
        report_month.build(self.d.db)
        self.d.ok("report", "monthly", "--month", "2026-10", "--freeze", "--as", "9001")
        (self.payload,) = self.payload_rows()[0]
        # The first agent of the intake table ("1001 张伟"): the cell the edits below replace.
        tables = {t["name"]: t["rows"] for t in json.loads(self.payload)["tables"]}
        self.cell = tables["intake_agents"][0][0]
        self.written = json.dumps(self.cell, ensure_ascii=False)
        self.assertIn(self.written, self.payload)

    def payload_rows(self):
        return self.d.sql("SELECT payload FROM frozen_reports WHERE kind = 'report-monthly' AND period = '2026-10'")

    def store(self, payload):
        con = connect(self.d.db)
        with con:
            con.execute("UPDATE frozen_reports SET payload = ? WHERE kind = 'report-monthly'", (payload,))
        con.close()

    def test_escapes_read_as_python_reads_them(self):
        for text in ESCAPED:
            escaped = json.dumps(text, ensure_ascii=True)  # \u00e9, \ud83d\ude00 …
            self.assertNotIn(text, escaped)
            payload = self.payload.replace(self.written, escaped, 1)
            self.store(payload)
            expected = [s for s in strings_in(json.loads(payload))]
            shown = list(strings_in(self.d.json("report", "monthly", "--month", "2026-10")))
            self.assertIn(text, expected)
            self.assertIn(text, shown, f"csdesk should read {escaped} as {text!r}")
            self.assertNotIn("\ufffd", "".join(shown))

    def test_lone_and_reversed_surrogates_are_refused_where_python_has_no_utf8(self):
        for escaped in ['"\\ud83d"', '"\\ude00"', '"\\ude00\\ud83d"', '"x\\ud83d\\u0041"']:
            payload = self.payload.replace(self.written, escaped, 1)
            with self.assertRaises(UnicodeEncodeError):
                "".join(strings_in(json.loads(payload))).encode("utf-8")
            self.store(payload)
            self.d.fails(3, "report", "monthly", "--month", "2026-10", says=["frozen report payload", "damaged"])

    @sqlite_only("a byte that is not UTF-8 in a text column, which PostgreSQL's UTF8 text cannot hold")
    def test_a_byte_that_is_not_utf8_is_refused(self):
        payload = self.payload.encode("utf-8").replace(self.written.encode("utf-8"), b'"\xff"', 1)
        with self.assertRaises(UnicodeDecodeError):
            json.loads(payload.decode("utf-8"))
        con = connect(self.d.db)
        with con:
            con.execute("UPDATE frozen_reports SET payload = CAST(? AS TEXT)", (payload,))
        con.close()
        self.d.fails(3, "report", "monthly", "--month", "2026-10", says=["UTF-8", "damaged"])


if __name__ == "__main__":
    main()
