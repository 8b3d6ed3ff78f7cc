"""Concurrent staff at full size (ctest label `long`): 8 processes × 500 registrations, a tenth
of them the same people calling twice; then concurrent allocation and complaint updates."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from harness import Desk, main  # noqa: E402
import reliability_stress as stress  # noqa: E402


class ConcurrentStaffFullSize(unittest.TestCase):
    def test_eight_processes_times_five_hundred_registrations(self):
        d = Desk(self)
        customers = stress.register_storm(self, d, workers=8, per_worker=500)
        self.assertEqual(customers, 3600)
        stress.assign_storm(self, d, workers=8, customers=customers)
        stress.complain_storm(self, d, workers=8, complaints=40, notes_each=5)
        stress.assert_whole(self, d)


if __name__ == "__main__":
    main()
