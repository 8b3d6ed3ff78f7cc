"""Concurrent staff, short variant (the full size is test_long_concurrency.py, ctest label `long`)."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from harness import Desk, main  # noqa: E402
import reliability_stress as stress  # noqa: E402


class ConcurrentStaff(unittest.TestCase):
    def test_eight_agents_registering_then_allocating_and_complaining_at_once(self):
        d = Desk(self)
        customers = stress.register_storm(self, d, workers=8, per_worker=20)
        stress.assign_storm(self, d, workers=4, customers=customers)
        stress.complain_storm(self, d, workers=4, complaints=8, notes_each=2)
        stress.assert_whole(self, d)


if __name__ == "__main__":
    main()
