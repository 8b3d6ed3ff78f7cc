"""Personal data is shown only to those who may see it, and every unmasked showing is on record."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from harness import Desk, main  # noqa: E402


def desk(test):
    d = Desk(test)
    d.ok("staff", "add", "9001", "赵敏", "--roles", "supervisor")
    d.ok("staff", "add", "1001", "张伟", "--roles", "consult", "--phone", "１３９１２３４５６７８")
    d.ok("staff", "edit", "1001", "--phone", "13987654321")
    return d


def reveal_rows(d):
    return d.sql("SELECT actor, after FROM audit WHERE record_kind = 'export' AND action = 'reveal' ORDER BY id")


class History(unittest.TestCase):
    def test_images_are_masked_for_those_who_may_not_see_them(self):
        d = desk(self)
        for who in ([], ["--as", "1001"]):
            out = d.ok(*who, "history", "1001", "--csv")
            self.assertNotIn("１３９１２３４５６７８", out)
            self.assertNotIn("13987654321", out)
            self.assertIn("１３９****５６７８", out)  # staff phones are stored as typed; masked by character
            self.assertIn("139****4321", out)
        self.assertEqual(reveal_rows(d), [])

    def test_allowed_operator_sees_them_and_the_showing_is_audited(self):
        d = desk(self)
        out = d.ok("--as", "9001", "history", "1001", "--json")
        self.assertIn("13987654321", out)
        rows = reveal_rows(d)
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0][0], "9001")
        self.assertIn('"command":"history"', rows[0][1])
        self.assertIn('"rows":2', rows[0][1])

    def test_config_decides_who_may_see(self):
        d = desk(self)
        d.write("csdesk.toml", '[privacy]\nreveal_roles = ["consult"]\n')
        self.assertIn("13987654321", d.ok("--as", "1001", "history", "1001"))
        self.assertNotIn("13987654321", d.ok("--as", "9001", "history", "1001"))


class RevealFlag(unittest.TestCase):
    def test_reveal_refused_to_others_before_anything_happens(self):
        d = desk(self)
        before = d.db_digest()
        d.fails(5, "--as", "1001", "--reveal", "history", "1001", says=["1001", "may not see personal data", "supervisor"])
        d.fails(5, "--reveal", "staff", "list", says="--as")
        d.fails(5, "--as", "1001", "--reveal", "staff", "add", "1002", "李娜", "--roles", "sales", says="--reveal")
        self.assertEqual(before, d.db_digest(), "a refused --reveal must not write")

    def test_reveal_accepted_for_allowed_roles(self):
        d = desk(self)
        self.assertIn("13987654321", d.ok("--as", "9001", "--reveal", "history", "1001"))


if __name__ == "__main__":
    main()
