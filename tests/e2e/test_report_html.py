"""csdesk report --format html: one self-contained page with the tables and inline SVG charts."""
import os
import re
import shutil
import stat
import subprocess
import unittest

import report_month
from harness import Desk, main

CHROMIUM = shutil.which("chromium")
IN_CI = os.environ.get("CI") == "true"


def html_desk(test):
    d = Desk(test, now="2026-11-03 10:00")
    report_month.build(d.db)
    d.ok("report", "monthly", "--month", "2026-10", "--format", "html", "--output", "report.html")
    with open(d.path("report.html"), encoding="utf-8") as f:
        return d, f.read()


class HtmlReport(unittest.TestCase):
    def test_self_contained_with_charts_and_figures(self):
        d, page = html_desk(self)
        self.assertTrue(page.startswith("<!DOCTYPE html>"))
        for outside in ("http://", "https://", "src=", "<link", "@import", "url("):
            self.assertNotIn(outside, page, f"the page must not refer to anything outside it ({outside})")
        self.assertEqual(page.count("<svg"), 3)  # registrations per agent, complaints by category, satisfaction
        for figure in ("1001 张伟", "66.7%", "80.0%", "service-attitude", "Problem factors",
                       "2026-10", "9h 30m"):
            self.assertIn(figure, page)
        # The bar of 张伟's three registrations is three times 王芳's one.
        widths = [float(w) for w in re.findall(r'<rect x="200" y="\d+" width="([\d.]+)"', page)[:2]]
        self.assertAlmostEqual(widths[0], 3 * widths[1], places=0)
        self.assertEqual(stat.S_IMODE(os.stat(d.path("report.html")).st_mode), 0o600)

    def test_chinese_page(self):
        d = Desk(self, now="2026-11-03 10:00")
        report_month.build(d.db)
        d.ok("report", "monthly", "--month", "2026-10", "--format", "html", "--output", "zh.html", "--lang", "zh")
        with open(d.path("zh.html"), encoding="utf-8") as f:
            page = f.read()
        for heading in ('lang="zh-CN"', "客服部报表 2026-10", "满意率走势", "回访问题因素统计", "各客服新客户登记数"):
            self.assertIn(heading, page)

    def test_an_existing_file_is_kept_unless_forced_and_then_owner_only(self):
        d = Desk(self, now="2026-11-03 10:00")
        path = d.write("open.html", "old")
        os.chmod(path, 0o644)
        d.fails(5, "report", "monthly", "--format", "html", "--output", "open.html", says=["open.html", "--force"])
        with open(path, encoding="utf-8") as f:
            self.assertEqual(f.read(), "old")
        d.ok("report", "monthly", "--format", "html", "--output", "open.html", "--force")
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
        d.fails(3, "report", "monthly", "--format", "html", "--output", d.path("no/such/dir/x.html"), says="--output")

    # CI installs chromium and a CJK font (scripts/packages.txt): there the test fails rather than skips.
    @unittest.skipUnless(CHROMIUM or IN_CI, "chromium is not installed")
    def test_headless_chromium_draws_the_charts(self):
        self.assertTrue(CHROMIUM, "chromium is not installed: scripts/install-deps.sh installs it (scripts/packages.txt)")
        fonts = subprocess.run(["fc-list", ":lang=zh-cn", "family"], capture_output=True, text=True).stdout
        self.assertTrue(fonts.strip(), "no font draws Chinese: scripts/install-deps.sh installs fonts-noto-cjk")
        d = Desk(self, now="2026-11-03 10:00")
        report_month.build(d.db)
        d.ok("report", "monthly", "--month", "2026-10", "--format", "html", "--output", "zh.html", "--lang", "zh")
        shot = d.path("shot.png")
        run = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--screenshot={shot}",
                              "--window-size=1200,1600", "file://" + d.path("zh.html")],
                             capture_output=True, timeout=120, env={**os.environ, "HOME": d.dir})
        self.assertTrue(os.path.exists(shot), run.stderr.decode(errors="replace")[-2000:])
        with open(shot, "rb") as f:
            png = f.read()
        self.assertTrue(png.startswith(b"\x89PNG"))
        self.assertGreater(len(png), 20000)  # a blank page compresses to a few kilobytes

if __name__ == "__main__":
    main()
