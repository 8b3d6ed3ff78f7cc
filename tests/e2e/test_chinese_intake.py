"""Chinese first (issue 16) for intake, customers, staff, revisits, reports and scores: under --lang zh
(or LANG=zh_CN.UTF-8) the headings, the codes in table and CSV, the notes, the errors and every --help
are Chinese, and the Chinese names of codes are accepted as input; JSON keeps the English codes, and
the same commands in English are unchanged."""
import unittest

from harness import Desk, main

ZH = ("--lang", "zh")


def desk(test, **kw):
    d = Desk(test, now="2026-11-02 10:00", **kw)
    d.ok("staff", "add", "1001", "张伟", "--roles", "consult", "--shift", "早班")
    d.ok("staff", "add", "2001", "李娜", "--roles", "sales,complaint", "--shift", "晚班")
    d.ok("staff", "add", "3001", "陈静", "--roles", "revisit")
    d.ok("staff", "add", "9001", "赵敏", "--roles", "supervisor")
    return d


def register(d, *args, lang=ZH, **kw):
    return d.run("--as", "1001", *lang, "register", *args, **kw)


class Staff(unittest.TestCase):
    def test_shifts_and_roles_in_chinese(self):
        d = desk(self)
        out = d.ok("staff", "show", "1001", *ZH)
        self.assertIn("班次", out)
        self.assertIn("早班", out)
        self.assertIn("咨询客服", out)
        listing = d.ok("staff", "list", *ZH)
        self.assertIn("销售、投诉处理", listing)
        self.assertIn("晚班", listing)
        # JSON keeps the codes, in either language.
        for lang in ((), ZH):
            rows = {r["number"]: r for r in d.json("staff", "list", *lang)}
            self.assertEqual(rows["1001"]["shift"], "early")
            self.assertEqual(rows["2001"]["shift"], "late")
            self.assertEqual(rows["2001"]["roles"], "sales,complaint")
        # English: as before.
        out = d.ok("staff", "show", "2001")
        self.assertIn("Shift", out)
        self.assertIn("late", out)
        self.assertIn("sales,complaint", out)
        self.assertNotIn("晚班", out)

    def test_a_shift_that_is_none_is_refused_in_chinese(self):
        d = desk(self)
        err = d.fails(3, "staff", "edit", "1001", "--shift", "夜班", *ZH, says=["--shift", "夜班", "早班", "晚班"])
        self.assertIn("可选值", err)
        d.fails(3, "staff", "edit", "1001", "--shift", "night", says=["--shift", "early", "late"])
        d.ok("staff", "edit", "1001", "--shift", "LATE")
        self.assertEqual({r["number"]: r["shift"] for r in d.json("staff", "list")}["1001"], "late")


class Register(unittest.TestCase):
    def test_new_and_returning_in_chinese(self):
        d = desk(self)
        r = register(d, "--name", "王女士", "--company", "北京华信科技有限公司", "--phone", "13912345678",
                     "--channel", "电话")
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        out = r.stdout.decode()
        self.assertIn("状态", out)
        self.assertIn("新客户", out)
        self.assertNotIn(" new", out)
        r = register(d, "--name", "王女士", "--phone", "139 1234 5678", "--channel", "电话")
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertIn("老客户", r.stdout.decode())
        # register gave her an owner and tells the owner at once, again when she is back
        self.assertIn("老客户 KH202611-0001；已通知负责人 2001 李娜", r.stderr.decode())
        self.assertIn("[老客户来电]", r.stderr.decode())
        # English: unchanged.
        r = register(d, "--name", "王女士", "--phone", "13912345678", lang=())
        self.assertIn("returning", r.stdout.decode())
        self.assertIn("returning customer KH202611-0001; owner 2001 李娜 notified", r.stderr.decode())
        # JSON: the code in either language.
        self.assertEqual(d.json("--as", "1001", *ZH, "register", "--name", "王女士", "--phone", "13912345678")["status"],
                         "returning")

    def test_register_errors_in_chinese(self):
        d = desk(self)
        d.fails(2, "--as", "1001", *ZH, "register", "--name", "王女士", "--phone", "13912345678", "--dry-run",
                says="--dry-run 和 --map 须与 --from 文件 一起使用")
        d.fails(2, "--as", "1001", "register", "--name", "王女士", "--phone", "13912345678", "--dry-run",
                says="--dry-run and --map go with --from FILE")


class Customers(unittest.TestCase):
    def setUp(self):
        self.d = desk(self)
        for name, phone, channel in (("王女士", "13912345678", "电话"), ("李先生", "13912345679", "活动")):
            r = register(self.d, "--name", name, "--phone", phone, "--channel", channel, "--grade", "A",
                         "--consent", "是")
            self.assertEqual(r.returncode, 0, r.stderr.decode())

    def test_categories_in_chinese_both_ways(self):
        d = self.d
        d.ok("--as", "1001", "customer", "edit", "KH202611-0002", "--category", "准流失客户")
        listing = d.ok("customer", "list", "--category", "潜在客户", *ZH)
        self.assertIn("潜在客户", listing)
        self.assertIn("KH202611-0001", listing)
        self.assertNotIn("KH202611-0002", listing)
        self.assertIn("A类", listing)
        self.assertIn("同意", listing)
        self.assertIn("电话", listing)
        self.assertNotIn("potential", listing)
        rows = d.json("customer", "list", "--category", "准流失", *ZH)
        self.assertEqual([(r["number"], r["category"], r["channel"], r["consent"]) for r in rows],
                         [("KH202611-0002", "at-risk", "event", "yes")])
        d.fails(3, "customer", "list", "--category", "老主顾", *ZH, says=["--category", "潜在客户", "准流失客户"])
        # English: as before.
        listing = d.ok("customer", "list")
        self.assertIn("potential", listing)
        self.assertIn("at-risk", listing)

    def test_timeline_in_chinese(self):
        out = self.d.ok("customer", "show", "KH202611-0001", *ZH)
        self.assertIn("客户记录", out)
        self.assertIn("联系", out)
        self.assertIn("新客户 · 电话 · 联系时间未知", out)  # registered without --contacted-at
        out = self.d.ok("customer", "show", "KH202611-0001")
        self.assertIn("new · phone · contact time unknown", out)
        timeline = self.d.json("customer", "show", "KH202611-0001", *ZH)["timeline"]
        self.assertEqual([(e["kind"], e["what"]) for e in timeline],
                         [("contact", "new · phone · contact time unknown"), ("assignment", "round-robin")])


class Revisits(unittest.TestCase):
    def test_log_list_and_stats_in_chinese(self):
        d = desk(self)
        register(d, "--name", "王女士", "--phone", "13912345678")
        r = d.run("--as", "3001", *ZH, "revisit", "log", "--customer", "KH202611-0001", "--method", "电话",
                  "--purpose", "售后回访", "--satisfaction", "5", "--result", "客户满意")
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        out = r.stdout.decode()
        for word in ("目的", "售后回访", "已回访", "电话回访"):
            self.assertIn(word, out)
        listing = d.ok("revisit", "list", "--status", "已回访", *ZH)
        self.assertIn("HF202611-0001", listing)
        self.assertIn("售后回访", listing)
        self.assertEqual([(x["status"], x["purpose"], x["method"]) for x in d.json("revisit", "list", "--status", "已回访")],
                         [("done", "after-sale", "phone")])
        stats = d.ok("revisit", "stats", "--month", "2026-11", *ZH)
        self.assertIn("（全部）", stats)
        self.assertIn("(all)", d.ok("revisit", "stats", "--month", "2026-11"))
        # A failed attempt, the reached flag in Chinese; notes in Chinese.
        r = d.run("--as", "3001", *ZH, "revisit", "log", "--customer", "KH202611-0001", "--method", "短信",
                  "--purpose", "满意度调查", "--reached", "否")
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertIn("未联系上", r.stderr.decode())
        d.fails(3, "--as", "3001", *ZH, "revisit", "log", "--customer", "KH202611-0001", "--method", "微信",
                says=["--method", "微信", "不是回访方式", "电话回访"])
        d.fails(3, "--as", "3001", "revisit", "log", "--customer", "KH202611-0001", "--method", "fax",
                says="is not a revisit method")

    def test_plan_says_it_in_chinese(self):
        d = desk(self)
        register(d, "--name", "王女士", "--phone", "13912345678", "--grade", "A", now="2026-09-01 10:00")
        r = d.run("--as", "3001", *ZH, "revisit", "plan")
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertIn("新计划回访 1 条", r.stderr.decode())
        self.assertIn("例行回访", r.stdout.decode())
        self.assertIn("A类客户每 30 天回访一次", r.stdout.decode())


class Scores(unittest.TestCase):
    def test_adjust_explain_and_sheet_in_chinese(self):
        d = desk(self)
        register(d, "--name", "王女士", "--phone", "13912345678", now="2026-10-10 10:00")
        out = d.ok("--as", "9001", *ZH, "score", "adjust", "1001", "--points", "-1", "--reason", "迟到",
                   "--kind", "迟到", "--date", "2026-10-09")
        self.assertIn("类型", out)
        self.assertIn("迟到", out)
        self.assertEqual([a["kind"] for a in d.json("score", "adjustments", "--month", "2026-10")], ["late"])
        d.fails(3, "--as", "9001", *ZH, "score", "adjust", "1001", "--points", "+1", "--reason", "迟到",
                "--kind", "迟到", says=["--points", "迟到", "负数"])
        sheet = d.ok("score", "--month", "2026-10", *ZH)
        for word in ("考核规则", "登记数 + 指标", "仅考核指标", "全勤奖", "未记录考勤"):
            self.assertIn(word, sheet)
        self.assertNotIn("indicators only", sheet)
        explain = d.ok("score", "explain", "1001", "--month", "2026-10", *ZH)
        for word in ("计算方法", "登记数", "不适用：本月没有可计的数据", "奖扣分：迟到", "全勤奖"):
            self.assertIn(word, explain)
        # JSON keeps the English codes and texts; English is unchanged.
        rows = d.json("score", "explain", "1001", "--month", "2026-10", *ZH)
        self.assertEqual(rows[0]["item"], "registrations")
        self.assertIn("score adjust: late", [r["how"] for r in rows])
        self.assertEqual({r["number"]: r["rule"] for r in d.json("score", "--month", "2026-10", *ZH)["scores"]}["2001"],
                         "indicators only")
        english = d.ok("score", "explain", "1001", "--month", "2026-10")
        self.assertIn("does not apply: nothing to count this month", english)
        self.assertIn("indicators only", d.ok("score", "--month", "2026-10"))


class Reports(unittest.TestCase):
    def test_monthly_in_chinese(self):
        d = desk(self)
        register(d, "--name", "王女士", "--phone", "13912345678", "--channel", "电话", now="2026-10-10 10:00")
        out = d.ok("report", "monthly", "--month", "2026-10", *ZH)
        self.assertIn("按渠道登记", out)
        self.assertIn("电话", out)
        self.assertIn("小时", out)
        self.assertIn("满意度提升", out)
        english = d.ok("report", "monthly", "--month", "2026-10")
        self.assertIn("Intake by channel", english)
        self.assertIn("satisfaction_rate_gain", english)
        channels = d.json("report", "intake", "--month", "2026-10", *ZH)["intake_channels"]
        self.assertEqual([c["channel"] for c in channels], ["phone"])
        d.fails(2, "report", "monthly", "--month", "2026-10", "--freeze", "--recompute", *ZH,
                says="--freeze 和 --recompute 不能同时使用")


class Help(unittest.TestCase):
    COMMANDS = [
        (("staff", "add"), ["新增员工", "工号，不可重复", "早班"]),
        (("register",), ["登记一次来电来访", "导入", "客户信息", "示例："]),
        (("customer", "list"), ["列出客户", "只列出没有负责人的客户"]),
        (("revisit", "log"), ["登记一次回访", "回访效果：结果如何"]),
        (("report", "monthly"), ["月度报表", "月份 YYYY-MM（默认：上个月）"]),
        (("report", "complaints"), ["新增、解决、超时的投诉", "示例："]),
        (("score", "adjust"), ["加分或扣分", "原因"]),
        (("score",), ["月度考核", "登记得分"]),
    ]

    def test_every_help_in_chinese(self):
        d = Desk(self, init=False)
        for words, expected in self.COMMANDS:
            for env in ({}, {"LANG": "zh_CN.UTF-8"}):
                args = (*words, "--help") + (() if env else ZH)
                out = d.ok(*args, db=False, now="", env=env)
                for e in ["用法", "选项", "显示本帮助并退出"] + expected:
                    self.assertIn(e, out, f"csdesk {' '.join(args)} --help")
            english = d.ok(*words, "--help", db=False, now="")
            self.assertIn("Usage", english)
            self.assertIn("Print this help message and exit", english)
            self.assertNotIn("用法", english)

    def test_main_help_and_unknown_commands(self):
        d = Desk(self, init=False)
        out = d.ok("--help", *ZH, db=False, now="")
        for e in ("客服部工作记录", "全局选项", "子命令", "退出码", "数据库文件"):
            self.assertIn(e, out)
        err = d.fails(2, *ZH, "stafff", "list", db=False, now="", says=["stafff", "staff"])
        self.assertIn("没有命令", err)
        self.assertIn("查看用法", err)
        d.fails(2, "stafff", "list", db=False, now="", says="unknown command 'stafff' for csdesk (did you mean 'staff'?)")

    def test_parse_errors_in_chinese(self):
        d = Desk(self)
        d.fails(2, *ZH, "staff", "add", "1001", "张伟", says=["缺少必填项 --roles", "查看用法"])
        d.fails(2, *ZH, "staff", "list", "extra", says="多余的参数：extra")
        d.fails(2, *ZH, "staff", says="需要给出子命令")
        d.fails(2, "staff", "add", "1001", "张伟", says="--roles is required")
        d.fails(2, "staff", "list", "--role", says="--role: 1 required TEXT missing")


if __name__ == "__main__":
    main()
