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
        d.write("csdesk.toml", "# 时区\ntimezone = \"Asia\"\n")
        before = d.db_digest()
        err = d.fails(3, "staff", "list", says=["csdesk.toml:2", "timezone", "'Asia'", "folder", "Asia/Shanghai"])
        self.assertNotIn("internal", err)
        d.fails(3, "config", "show", says=["csdesk.toml:2", "'Asia'"])
        d.fails(3, "staff", "add", "1001", "张伟", "--roles", "consult", says="'Asia'")
        self.assertEqual(before, d.db_digest())
        os.remove(d.path("csdesk.toml"))
        d.fails(3, "staff", "list", env={"CSDESK_TIMEZONE": "America/Argentina"},
                says=["CSDESK_TIMEZONE", "'America/Argentina'", "folder"])

    def test_a_file_of_the_zoneinfo_tree_that_is_no_zone_is_refused(self):
        if not os.path.isfile(os.path.join(ZONEINFO, "zone.tab")):
            self.skipTest("tzdata's zone.tab is not installed")
        d = Desk(self)
        d.fails(3, "staff", "list", env={"CSDESK_TIMEZONE": "zone.tab"}, says=["'zone.tab'", "Asia/Shanghai"])

    def test_real_zones_and_posix_strings_still_work(self):
        d = Desk(self, now="2026-11-02 10:00+08:00")
        self.assertEqual(registered_at(d, env={"CSDESK_TIMEZONE": "CST-8"}), "2026-11-02T10:00:00+08:00")
        if os.path.isfile(os.path.join(ZONEINFO, "Asia/Shanghai")):
            d.write("csdesk.toml", "timezone = \"Asia/Shanghai\"\n")
            self.assertEqual(d.json("customer", "show", "KH202611-0001")["customer"]["registered_at"],
                             "2026-11-02T10:00:00+08:00")
        if os.path.isfile(os.path.join(ZONEINFO, "Europe/London")):
            d.write("csdesk.toml", "timezone = \"Europe/London\"\n")
            self.assertEqual(d.json("customer", "show", "KH202611-0001")["customer"]["registered_at"],
                             "2026-11-02T02:00:00+00:00")


if __name__ == "__main__":
    main()
