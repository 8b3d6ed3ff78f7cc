"""The timezone key: a folder of zoneinfo (Asia) or a table in it (zone.tab) is no zone.

The C library reads any TZ it cannot load as UTC, so csdesk must refuse these names itself
rather than count days, weeks and months eight hours off."""
import os
import unittest

from harness import Desk, main

ZONEINFO = "/usr/share/zoneinfo"


def registered_at(d, **kw):
    d.ok("staff", "add", "1001", "张伟", "--roles", "consult", **kw)
    d.ok("--as", "1001", "register", "--name", "王女士", "--phone", "13912345678", "--channel", "电话", **kw)
    return d.json("customer", "show", "KH202611-0001", **kw)["customer"]["registered_at"]


class TimeZoneName(unittest.TestCase):
    def test_a_folder_of_zones_is_refused_naming_the_key_value_and_an_example(self):
        if not os.path.isdir(os.path.join(ZONEINFO, "Asia")):
            self.skipTest("tzdata is not installed")
        d = Desk(self)
        d.write("department.toml", "# 时区\ntimezone = \"Asia\"\n")
        before = d.db_digest()
        err = d.fails(3, "config", "import", d.path("department.toml"),
                      says=["department.toml:2", "timezone", "'Asia'", "folder", "Asia/Shanghai"])
        self.assertNotIn("internal", err)
        d.fails(3, "config", "set", "timezone", "America/Argentina", says=["timezone", "'America/Argentina'", "folder"])
        self.assertEqual(before, d.db_digest())
        d.ok("staff", "list")

    def test_a_file_of_the_zoneinfo_tree_that_is_no_zone_is_refused(self):
        if not os.path.isfile(os.path.join(ZONEINFO, "zone.tab")):
            self.skipTest("tzdata's zone.tab is not installed")
        d = Desk(self)
        d.fails(3, "config", "set", "timezone", "zone.tab", says=["'zone.tab'", "Asia/Shanghai"])

    def test_the_zone_is_the_departments_not_the_environments(self):
        d = Desk(self)
        d.fails(3, "staff", "list", env={"CSDESK_TIMEZONE": "Europe/London"},
                says=["CSDESK_TIMEZONE: timezone is a department setting", "csdesk config set timezone"])

    def test_real_zones_and_posix_strings_still_work(self):
        d = Desk(self, now="2026-11-02 10:00+08:00")
        d.ok("config", "set", "timezone", "CST-8")
        self.assertEqual(registered_at(d), "2026-11-02T10:00:00+08:00")
        if os.path.isfile(os.path.join(ZONEINFO, "Asia/Shanghai")):
            d.ok("config", "set", "timezone", "Asia/Shanghai")
            self.assertEqual(d.json("customer", "show", "KH202611-0001")["customer"]["registered_at"],
                             "2026-11-02T10:00:00+08:00")
        if os.path.isfile(os.path.join(ZONEINFO, "Europe/London")):
            d.ok("config", "set", "timezone", "Europe/London")
            self.assertEqual(d.json("customer", "show", "KH202611-0001")["customer"]["registered_at"],
                             "2026-11-02T02:00:00+00:00")


if __name__ == "__main__":
    main()
