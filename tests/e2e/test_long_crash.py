"""kill -9 a 60,000-row `register --from` import (large enough that its pages spill into the WAL
before it commits) at random moments until 20 kills landed mid-import
(ctest label `long`): every time integrity and the audit chain hold and none of it is in."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from harness import Desk, main  # noqa: E402
import reliability_stress as stress  # noqa: E402


class CrashFullSize(unittest.TestCase):
    def test_twenty_kills_mid_import(self):
        d = Desk(self)
        kills, interrupted, mid_write = stress.crash_storm(self, d, rows=60000, interrupted_wanted=20, seed=2026)
        print(f"\n{kills} kills, {interrupted} mid-import ({mid_write} while writing the WAL), "
              "integrity and audit chain ok after each", file=sys.stderr)
        self.assertGreaterEqual(interrupted, 20)
        self.assertGreaterEqual(mid_write, 3, "some kills must land while pages are being written")


if __name__ == "__main__":
    main()
