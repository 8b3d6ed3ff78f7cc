"""Numbers from flags, config files and CSDESK_* variables: decimal, finite, in range, coherent.

Each case below was accepted by earlier builds: 1e306 points made `score --json` print `inf`,
0x10 was stored as 16, INT64_MAX minutes overflowed, inverted thresholds gave 19 registrations
110 points, a penalty of 1e308 printed -inf.
"""
import json
import os
import re
import unittest

from harness import Desk, main, SOURCE_DIR


class Numbers(unittest.TestCase):
    def desk(self):
        d = Desk(self)
        d.ok("staff", "add", "1001", "张伟", "--roles", "consult")
        d.ok("staff", "add", "8001", "李强", "--roles", "supervisor")  # adjusts scores (--as 8001)
        return d

    def test_points_must_be_decimal_finite_and_in_range(self):
        d = self.desk()
        before = d.db_digest()
        for text in ("1e306", "0x10", "inf", "nan", "1e3", "101", "-100.5", "0"):
            with self.subTest(points=text):
                d.fails(3, "score", "adjust", "1001", "--points", text, "--reason", "表扬", "--as", "8001", says="--points")
        self.assertEqual(before, d.db_digest(), "a refused adjustment must leave the database as it was")
        d.fails(3, "score", "adjust", "1001", "--points", "0x10", "--reason", "表扬", "--as", "8001", says=["'0x10'", "-100 to 100"])
        d.ok("score", "adjust", "1001", "--points", "+２", "--reason", "表扬", "--date", "2026-10-05", "--as", "8001")
        rows = d.json("score", "--month", "2026-10")["scores"]
        self.assertEqual(2, rows[0]["adjustments"])

    def test_score_json_is_json_at_the_largest_adjustments(self):
        d = self.desk()
        for day in range(1, 29):
            d.ok("score", "adjust", "1001", "--points", "100", "--reason", "表扬", "--date", f"2026-10-{day:02}",
                 "--as", "8001")
        out = d.ok("score", "--month", "2026-10", "--json")
        self.assertNotIn("inf", out)
        self.assertEqual(2800, json.loads(out)["scores"][0]["adjustments"])

    def test_integer_flags_refuse_hex_exponents_and_overflow(self):
        d = self.desk()
        d.fails(3, "customer", "list", "--limit", "0x10", says=["--limit", "'0x10'", "0 to 1000000"])
        d.fails(3, "customer", "list", "--limit", "99999999999999999999", says=["--limit", "out of range"])
        d.fails(3, "revisit", "stats", "--months", "1e3", says=["--months", "1 to 120"])
        d.ok("customer", "list", "--limit", "０")  # full-width zero: all customers

    def test_config_file_numbers_name_file_line_and_key(self):
        d = self.desk()
        cases = {
            "[score]\ntarget = 0x10\n": "department.toml:2: score.target = 0x10 must be written in decimal digits (as 16)",
            "[score]\ncomplaint_penalty = 1e308\n": "department.toml:2: score.complaint_penalty must be a number from 0 to 100",
            "[intake]\nregister_limit_minutes = 9223372036854775807\n":
                "department.toml:2: intake.register_limit_minutes must be a whole number from 1 to 1440",
            "[score]\nlower_threshold = 400\nupper_threshold = 100\n":
                "department.toml:2: score.lower_threshold = 400 must be below score.target = 330 (the default)",
            "[revisit]\nsatisfaction_floor = 4\n": "revisit.satisfaction_floor = 4 must be below revisit.satisfied_min = 4",
            "[sla.resolution_hours]\nP1 = 12\n": "department.toml:2: sla.resolution_hours.P1 = 12 must not be below sla.first_response_hours.P1 = 24",
            "[revisit]\noccasions = [\"+1-01 holiday 元旦问候\"]\n": "department.toml:2: revisit.occasions '+1-01 holiday 元旦问候' must read",
            "[sla]\nwork_hours = \"+9:00-18:00\"\n": "department.toml:2: sla.work_hours must be a time range",
        }
        before = d.db_digest()
        for text, message in cases.items():
            with self.subTest(config=text):
                d.write("department.toml", text)
                d.fails(3, "config", "import", d.path("department.toml"), says=message)
        self.assertEqual(before, d.db_digest(), "a refused import wrote nothing")

    def test_config_set_refuses_keys_that_disagree(self):
        d = self.desk()
        d.fails(3, "config", "set", "score.lower_threshold", "400",
                says="config set: score.lower_threshold = 400 must be below score.target = 330 (the default)")
        d.ok("config", "set", "score.target", "350")
        d.fails(3, "config", "set", "score.upper_threshold", "340",
                says=["database (set 2026-11-02 by 0000): score.target = 350 must be below score.upper_threshold = 340 (config set)"])
        rows = {row["key"]: row for row in d.json("config", "show")}
        self.assertEqual("280", rows["score.lower_threshold"]["value"])
        self.assertEqual("1 to 1440", rows["intake.register_limit_minutes"]["range"])

    def test_config_set_numbers_are_decimal_and_coherent(self):
        d = self.desk()
        d.fails(3, "config", "set", "assign.urgent_contact_minutes", "9223372036854775807",
                says="config set: assign.urgent_contact_minutes must be a whole number from 1 to 1440")
        d.fails(3, "config", "set", "score.complaint_penalty", "inf", says="score.complaint_penalty")
        d.fails(3, "config", "set", "score.target", "0x10", says="in decimal digits")
        d.fails(3, "config", "set", "score.upper_threshold", "10",
                says="config set: score.upper_threshold = 10 must be above score.target = 330")

    def test_month_errors_name_the_flag(self):
        d = self.desk()
        d.fails(3, "report", "monthly", "--month", "1969-12", says="--month: '1969-12' is not a month")
        d.fails(3, "score", "--month", "2026-13", says="--month: '2026-13'")
        d.fails(3, "report", "weekly", "--week", "2026-W60", says="--week: '2026-W60'")

    def test_every_range_is_documented(self):
        d = Desk(self, init=False)
        with open(os.path.join(SOURCE_DIR, "README.md"), encoding="utf-8") as f:
            readme = f.read()
        example = ""
        for name in ("csdesk.toml", "department.toml"):
            with open(os.path.join(SOURCE_DIR, "examples", name), encoding="utf-8") as f:
                example += f.read()
        ranged = [r for r in d.json("config", "show", db=False, now="") if r["range"]]
        self.assertGreater(len(ranged), 30)
        for row in ranged:
            with self.subTest(key=row["key"]):
                self.assertIn(f"| `{row['key']}` | {row['range']} |", readme)
                leaf = row["key"].rsplit(".", 1)[-1]
                self.assertRegex(example, rf"(?m)^{re.escape(leaf)} = \S+  # {re.escape(row['range'])}$")


if __name__ == "__main__":
    main()
