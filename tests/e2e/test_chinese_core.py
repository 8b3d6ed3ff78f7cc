"""Chinese first, the core: an import's rejects file gives its reasons in Chinese (headings 原因, 行号)
and accepts Chinese codes, `config show` explains every key in Chinese, errors of the settings,
the rules and the permission table speak Chinese with their usual exit codes, and English output
is what it always was."""
import csv
import os
import sys
import unittest

# openpyxl (Debian's python3-openpyxl, for the workbook rejects file) serves /usr/bin/python3,
# which may not be the first python3.
try:
    import openpyxl
except ImportError:
    if os.path.exists("/usr/bin/python3") and os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3", os.path.abspath(__file__)] + sys.argv[1:])
    openpyxl = None

from harness import Desk, edit, main

ROWS = [
    "姓名,公司,电话,来源,等级,同意联系,QQ",
    "王女士,北京华信科技有限公司,13912345678,现场接待,A类,同意,",
    ",北京华信科技有限公司,13912345679,电话,,,",
    "李先生,上海浦东贸易有限公司,12345,电话,,,",
    "张先生,成都天府软件有限公司,13912345670,飞鸽,,,",
    "赵女士,广州白云商贸有限公司,13912345671,网络,C,否,0123",
]


def read_rejects(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def table_lines(text):
    return [line for line in text.splitlines() if line.strip()]


class Rejects(unittest.TestCase):
    def imported(self, *lang):
        d = Desk(self)
        source = d.write("customers.csv", "\r\n".join(ROWS) + "\r\n")
        rejects = d.path("rejects.csv")
        summary = d.json(*lang, "register", "--from", source, "--rejects", rejects)
        return d, summary, read_rejects(rejects)

    def test_reasons_in_chinese(self):
        d, summary, rows = self.imported("--lang", "zh")
        self.assertEqual((summary["new"], summary["rejected"]), (1, 4))
        self.assertEqual(rows[0], ["姓名", "公司", "电话", "来源", "等级", "同意联系", "QQ", "原因", "行号"])
        reasons = {int(r[-1]): r[-2] for r in rows[1:]}
        self.assertEqual(sorted(reasons), [3, 4, 5, 6])
        self.assertEqual(reasons[3], "姓名：必须填写姓名或称呼（例如 王女士）")
        self.assertIn("电话：'12345' 没有区号；请填大陆手机号", reasons[4])
        self.assertIn("来源：'飞鸽' 不是来源渠道", reasons[5])
        self.assertIn("QQ：'0123' 不是 QQ 号", reasons[6])
        # The Chinese names of codes are accepted: 现场接待 (walk-in), A类, 同意, 网络 (online), 否.
        customers = d.json("customer", "list")
        self.assertEqual([(c["name"], c["grade"]) for c in customers], [("王女士", "A")])

    def test_a_chinese_rejects_file_imports_again(self):
        d, _, rows = self.imported("--lang", "zh")
        fixed = [r[:-2] for r in rows]
        fixed[1][0] = "孙先生"
        fixed[2][2] = "021-88886666"
        fixed[3][3] = "活动"
        fixed[4][6] = "12345678"
        again = d.write("fixed.csv", "\r\n".join(",".join(r) for r in fixed) + "\r\n")
        summary = d.json("--lang", "zh", "register", "--from", again, "--rejects", d.path("again.csv"))
        self.assertEqual((summary["new"], summary["rejected"]), (4, 0))
        # A rejects file as written (with its 原因 and 行号) is read again, those two columns replaced.
        d2, _, _ = self.imported("--lang", "zh")
        d2.ok("--lang", "zh", "register", "--from", d2.path("rejects.csv"), "--rejects", d2.path("twice.csv"))
        twice = read_rejects(d2.path("twice.csv"))
        self.assertEqual(twice[0][-2:], ["原因", "行号"])
        self.assertEqual(len(twice[0]), 9)

    @unittest.skipUnless(openpyxl, "needs openpyxl (python3-openpyxl)")
    def test_workbook_rejects_in_chinese(self):
        d = Desk(self)
        source = d.write("customers.csv", "\r\n".join(ROWS) + "\r\n")
        d.ok("--lang", "zh", "register", "--from", source, "--rejects", d.path("待改.xlsx"))
        wb = openpyxl.load_workbook(d.path("待改.xlsx"))
        self.assertEqual(wb.sheetnames, ["拒收记录"])
        rows = list(wb.active.iter_rows(values_only=True))
        self.assertEqual(list(rows[0][-2:]), ["原因", "行号"])
        self.assertEqual((rows[1][-2], rows[1][-1]), ("姓名：必须填写姓名或称呼（例如 王女士）", 3))

    def test_english_unchanged(self):
        _, summary, rows = self.imported()
        self.assertEqual(summary["rejected"], 4)
        self.assertEqual(rows[0][-2:], ["reason", "line"])
        reasons = {int(r[-1]): r[-2] for r in rows[1:]}
        self.assertEqual(reasons[3], "姓名: a name or form of address (称呼, e.g. 王女士) is required")
        self.assertTrue(reasons[4].startswith("电话: '12345' has no area code; use a mainland mobile number"))
        self.assertEqual(reasons[5], "来源: '飞鸽' is not a channel; use phone, online, qq, email, wechat, walk-in, "
                                     "event (or 电话, 在线, QQ, 邮件, 微信, 现场, 活动)")


class ConfigShow(unittest.TestCase):
    def test_config_show_in_chinese(self):
        d = Desk(self)
        out = d.ok("--lang", "zh", "config", "show")
        head = table_lines(out)[0]
        for heading in ("配置项", "取值", "来源", "范围", "取值范围", "说明"):
            self.assertIn(heading, head)
        early = next(l for l in table_lines(out) if l.startswith("hours.early "))
        self.assertIn("早班", early)
        self.assertIn("默认值", early)
        self.assertIn("部门", early)
        lang = next(l for l in table_lines(out) if l.startswith("lang "))
        self.assertIn("本机", lang)
        self.assertIn("本机的界面语言", lang)
        target = next(l for l in table_lines(out) if l.startswith("score.target "))
        self.assertIn("1 至 100000", target)
        perm = next(l for l in table_lines(out) if l.startswith("permissions.complain_new "))
        self.assertIn("可以登记投诉的角色", perm)

    def test_config_show_in_english_and_json_unchanged(self):
        d = Desk(self)
        out = d.ok("config", "show")
        early = next(l for l in table_lines(out) if l.startswith("hours.early "))
        self.assertIn("Early shift", early)
        self.assertIn("default", early)
        self.assertIn("department", early)
        perm = next(l for l in table_lines(out) if l.startswith("permissions.complain_new "))
        self.assertIn("Roles that may record a complaint", perm)
        # JSON keeps the English codes, sources, ranges and help in every language (lang itself aside).
        d.ok("config", "set", "score.target", "300")
        self.assertEqual([r for r in d.json("--lang", "zh", "config", "show") if r["key"] != "lang"],
                         [r for r in d.json("config", "show") if r["key"] != "lang"])
        self.assertEqual(d.json("--lang", "zh", "config", "set", "score.target", "310")[0]["before_source"],
                         "database (set 2026-11-02 by 0000)")

    def test_config_set_in_chinese(self):
        d = Desk(self)
        d.ok("config", "set", "score.target", "300")
        rows = d.csv("--lang", "zh", "config", "show")
        target = next(r for r in rows if r["配置项"] == "score.target")
        self.assertEqual(target["取值"], "300")
        self.assertTrue(target["来源"].startswith("数据库（"), target["来源"])
        self.assertIn("数据库（2026-11-02 由 0000 设置）", d.ok("--lang", "zh", "config", "set", "score.target", "310"))
        # A yes/no setting takes 是/否 as well as true/false.
        d.ok("config", "set", "assign.only_on_shift", "是")
        shift = next(r for r in d.json("config", "show") if r["key"] == "assign.only_on_shift")
        self.assertEqual(shift["value"], "true")
        err = d.fails(0, "--lang", "zh", "config", "unset", "score.step")
        self.assertIn("没有改动：每个值都已生效", err)


class Errors(unittest.TestCase):
    def test_errors_in_chinese_with_their_exit_codes(self):
        d = Desk(self)
        d.fails(3, "--lang", "zh", "config", "set", "score.targit", "300",
                says=["未知的配置项 'score.targit'", "是不是 'score.target'", "全部配置项见 `csdesk config show`"])
        d.fails(3, "--lang", "zh", "config", "set", "hours.early", "18:00-09:00",
                says="必须是同一天内的时间段 HH:MM-HH:MM")
        d.fails(3, "--lang", "zh", "config", "set", "score.target", "abc",
                says="必须是用十进制数字书写的 1 至 100000 的整数，不能是 'abc'")
        d.fails(3, "--lang", "zh", "config", "set", "lang", "zh", says="是本机配置项")
        d.fails(3, "--lang", "zh", "register", "--name", "王女士", "--phone", "12345", says="--phone：'12345' 没有区号")
        d.fails(3, "--lang", "zh", "register", "--name", "王女士", "--phone", "13912345678", "--channel", "飞鸽",
                says="'飞鸽' 不是来源渠道")
        # The admin is not a complaint handler: refused (6), naming the permission in Chinese.
        d.ok("staff", "add", "1001", "张伟", "--roles", "咨询客服")
        d.fails(6, "--lang", "zh", "--as", "1001", "config", "set", "score.target", "300",
                says=["无权操作：1001（咨询客服）", "不能修改部门设置（`config set`、`config import`）",
                      "需要以下角色：管理员（permissions.config）"])

    def test_errors_in_english_unchanged(self):
        d = Desk(self)
        d.fails(3, "config", "set", "score.targit", "300",
                says="unknown key 'score.targit' (did you mean 'score.target'?); see `csdesk config show` for every key")
        d.fails(3, "config", "set", "score.target", "abc",
                says="score.target must be an integer in decimal digits from 1 to 100000, not 'abc'")
        d.ok("staff", "add", "1001", "张伟", "--roles", "consult")
        d.fails(6, "--as", "1001", "config", "set", "score.target", "300",
                says=["not permitted: 1001 (consult)", "is not allowed to change the department's settings "
                      "(config set, config import); it needs the role admin (permissions.config)"])

    def test_check_names_a_record_changed_behind_csdesks_back_in_chinese(self):
        d = Desk(self)
        d.ok("staff", "add", "1001", "张伟", "--roles", "consult")
        d.ok("--as", "1001", "register", "--name", "王女士", "--phone", "13912345678")
        edit(d.db, "INSERT INTO customers (number, name, registered_at) VALUES ('KH202611-0999', '李先生', 0)")
        d.fails(5, "--lang", "zh", "check", says=["1 条记录完全没有审计行（customer KH202611-0999）"])
        d.fails(5, "check", says="1 record has no audit row at all (customer KH202611-0999)")

    def test_roles_in_chinese(self):
        d = Desk(self)
        d.ok("staff", "add", "1002", "李娜", "--roles", "班长,回访客服")
        staff = {s["number"]: s for s in d.json("staff", "list")}
        self.assertEqual(sorted(staff["1002"]["roles"].split(",") if isinstance(staff["1002"]["roles"], str)
                                else staff["1002"]["roles"]), ["revisit", "team-lead"])
        d.fails(3, "--lang", "zh", "staff", "add", "1003", "王强", "--roles", "老板", says="'老板' 不是有效的角色")


if __name__ == "__main__":
    main()
