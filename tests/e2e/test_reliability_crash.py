"""kill -9 during a large import, short variant (the full size is test_long_crash.py, label `long`)."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from harness import Desk, main  # noqa: E402
import reliability_stress as stress  # noqa: E402


class Crash(unittest.TestCase):
    def test_killed_imports_leave_all_or_nothing(self):
        d = Desk(self)
        kills, interrupted, _ = stress.crash_storm(self, d, rows=3000, interrupted_wanted=5, seed=7)
        self.assertGreaterEqual(interrupted, 5)


if __name__ == "__main__":
    main()
