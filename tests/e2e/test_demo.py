"""examples/demo.sh builds its database through the real commands and every report section has numbers."""
import json
import os
import subprocess
import tempfile
import shutil
import unittest

from harness import BIN, SOURCE_DIR, main


class Demo(unittest.TestCase):
    def test_demo_builds_a_month_with_numbers_in_every_section(self):
        tmp = tempfile.mkdtemp(prefix="csdesk-demo-")
        self.addCleanup(shutil.rmtree, tmp, True)
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": tmp, "LANG": "C.UTF-8", "NO_COLOR": "1",
               "CSDESK": os.path.abspath(BIN)}
        r = subprocess.run(["bash", os.path.join(SOURCE_DIR, "examples", "demo.sh"), os.path.join(tmp, "demo")],
                           env=env, capture_output=True, timeout=600)
        out = r.stdout.decode()
        self.assertEqual(r.returncode, 0, r.stderr.decode()[-2000:])
        for heading in ("Intake by agent", "Complaints by category", "Problem factors raised in revisits",
                        "Trend against 2026-09", "Scores 2026-10", "Awards"):
            self.assertIn(heading, out)

        def csdesk(*args):
            env2 = dict(env, CSDESK_DB=os.path.join(tmp, "demo", "csdesk.db"),
                        CSDESK_CONFIG=os.path.join(tmp, "demo", "csdesk.toml"), CSDESK_NOW="2026-11-03 09:00")
            done = subprocess.run([BIN, *args, "--json"], env=env2, capture_output=True, timeout=120)
            self.assertEqual(done.returncode, 0, done.stderr.decode())
            return json.loads(done.stdout)

        report = csdesk("report", "monthly")
        self.assertEqual(report["period"]["period"], "2026-10")
        self.assertGreater(report["intake"]["new_customers"], 40)
        self.assertGreater(report["intake"]["returning_contacts"], 0)
        self.assertGreater(report["assign"]["urgent"], 0)
        self.assertGreater(report["complaints"]["opened"], 5)
        self.assertGreater(report["complaints"]["resolved"], 0)
        self.assertIsNotNone(report["complaints"]["timeliness_rate"])
        self.assertGreater(report["revisits"]["done"], 10)
        self.assertIsNotNone(report["revisits"]["csi"])
        self.assertTrue(report["revisit_factors"])
        self.assertGreater(report["customers"]["became_at_risk"], 0)
        self.assertGreater(report["customers"]["converted"], 0)
        scores = {row["number"]: row for row in csdesk("score")["scores"]}
        # The demo config scales the seed rule down (target 20, step 2, +10 at 26, −10 at 14): all three branches.
        self.assertEqual({scores[n]["registration_points"] for n in ("1001", "1002", "1003")}, {90, 100, 110})


if __name__ == "__main__":
    main()
