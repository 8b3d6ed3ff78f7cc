"""Chinese first for complaints, allocation, history and check: with --lang zh the headings, the
codes' names, the reasons and the messages are Chinese, Chinese inputs are accepted, JSON keeps the
English codes, and the same run in English is unchanged."""
import unittest

from harness import Desk, main


def desk(test):
    d = Desk(test)
    d.ok("staff", "add", "3001", "陈静", "--roles", "complaint")
    d.ok("staff", "add", "5001", "赵敏", "--roles", "supervisor")
    d.ok("staff", "add", "2001", "李雷", "--roles", "sales")
    d.ok("staff", "add", "2002", "韩梅", "--roles", "sales")
    # Allocation below is the batch run's: register leaves her waiting for it.
    d.ok("--as", "3001", "register", "--name", "王女士", "--phone", "13912345678", "--channel", "电话", "--city", "北京",
         "--no-assign")
    return d


def zh(d, *args, **kw):
    return d.ok("--lang", "zh", *args, **kw)


class Complaints(unittest.TestCase):
    def test_lifecycle_in_chinese(self):
        d = desk(self)
        # Chinese names of the default categories and priorities are accepted, and stored as codes.
        out = zh(d, "--as", "3001", "complain", "new", "--customer", "KH202611-0001", "--content", "客服态度差",
                 "--category", "服务态度", "--priority", "高")
        for text in ("投诉编号", "处理状态  待处理", "类别      服务态度", "优先级    高", "升级级别  0 处理人"):
            self.assertIn(text, out)
        self.assertEqual(d.sql("SELECT category, priority FROM complaints")[0], ("service-attitude", "P2"))
        zh(d, "--as", "3001", "complain", "respond", "TS202611-0001", "--note", "已致电客户")
        out = zh(d, "--as", "3001", "complain", "escalate", "TS202611-0001", "--reason", "客户要求赔偿", "--to", "5001")
        self.assertIn("1 主管", out)

        # Status filters in Chinese: 处理中 is in-progress, 已解决 resolved.
        listed = zh(d, "complain", "list", "--status", "处理中")
        self.assertIn("TS202611-0001", listed)
        self.assertIn("处理中", listed)
        self.assertNotIn("in-progress", listed)
        self.assertNotIn("TS202611-0001", zh(d, "complain", "list", "--status", "已解决"))
        self.assertEqual(d.json("--lang", "zh", "complain", "list", "--status", "处理中")[0]["status"], "in-progress")

        # Resolving before the supervisor's sign-off: a Chinese message naming the level in Chinese.
        err = d.fails(5, "--lang", "zh", "--as", "3001", "complain", "resolve", "TS202611-0001", "--solution", "补偿",
                      says=["已升级到 1 级(主管)", "尚未经该级审核"])
        self.assertNotIn("escalated", err)
        zh(d, "--as", "5001", "complain", "approve", "TS202611-0001", "--note", "同意")
        zh(d, "--as", "3001", "complain", "resolve", "TS202611-0001", "--solution", "补偿")
        self.assertIn("TS202611-0001", zh(d, "complain", "list", "--status", "已解决"))

        # The progress log: actions and statuses in Chinese; JSON keeps the codes.
        shown = zh(d, "complain", "show", "TS202611-0001")
        for text in ("处理记录", "受理", "首次响应", "升级", "审核通过", "已解决", "时限项"):
            self.assertIn(text, shown)
        j = d.json("--lang", "zh", "complain", "show", "TS202611-0001")
        self.assertEqual([line["action"] for line in j["timeline"]], ["new", "respond", "escalate", "approve", "resolve"])
        self.assertEqual(j["complaint"]["escalation"], "1 supervisor")
        self.assertEqual(j["complaint"]["category"], "service-attitude")

    def test_refusals_in_chinese_and_english(self):
        d = desk(self)
        d.fails(3, "--lang", "zh", "--as", "3001", "complain", "new", "--customer", "KH202611-0001", "--content", "x",
                "--category", "态度不好", says=["不是投诉类别", "服务态度"])
        d.fails(3, "--lang", "zh", "complain", "list", "--status", "进行中", says=["不是投诉处理状态", "处理中"])
        # English: the messages as they always were.
        d.fails(3, "--as", "3001", "complain", "new", "--customer", "KH202611-0001", "--content", "x",
                "--category", "态度不好",
                says="--category: '态度不好' is not a complaint category; use product, service-attitude, delivery, billing, "
                     "after-sale, other (config complaint.categories)")
        d.fails(3, "complain", "list", "--status", "进行中",
                says="--status: '进行中' is not a complaint status; use open, in-progress, pending-customer, resolved, "
                     "closed, reopened")

    def test_configured_category_is_shown_as_written(self):
        d = desk(self)
        d.settings({"complaint.categories": ["安装问题", "billing"]})
        out = zh(d, "--as", "3001", "complain", "new", "--customer", "KH202611-0001", "--content", "x",
                 "--category", "安装问题")
        self.assertIn("安装问题", out)
        out = zh(d, "--as", "3001", "complain", "new", "--customer", "KH202611-0001", "--content", "x",
                 "--category", "账单发票")
        self.assertIn("账单发票", out)
        self.assertEqual(sorted(r[0] for r in d.sql("SELECT category FROM complaints")), ["billing", "安装问题"])
        d.fails(3, "--lang", "zh", "--as", "3001", "complain", "new", "--customer", "KH202611-0001", "--content", "x",
                "--category", "服务态度", says="不是投诉类别")

    def test_english_unchanged(self):
        d = desk(self)
        out = d.ok("--as", "3001", "complain", "new", "--customer", "KH202611-0001", "--content", "x",
                   "--category", "service-attitude", "--priority", "P2")
        for text in ("Complaint", "Status          open", "Escalation      0 handler", "service-attitude"):
            self.assertIn(text, out)
        # Chinese inputs are accepted in English too, and shown as the codes.
        out = d.ok("--as", "3001", "complain", "new", "--customer", "KH202611-0001", "--content", "y",
                   "--category", "物流配送", "--priority", "紧急")
        self.assertIn("delivery", out)
        self.assertIn("P1", out)


class Allocation(unittest.TestCase):
    def test_reasons_and_notes_in_chinese(self):
        d = desk(self)
        r = d.run("--lang", "zh", "--as", "5001", "assign", "--explain")
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        out, err = r.stdout.decode(), r.stderr.decode()
        for text in ("规则", "原因", "轮流分配", "轮流分配:按顺序由 2001 开始"):
            self.assertIn(text, out)
        self.assertIn("已分配 1 位客户:2001 ×1", err)
        self.assertIn("[新分配]", err)
        listed = zh(d, "assign", "list", "--rule", "轮流分配")
        self.assertIn("FP202611-0001", listed)
        self.assertIn("当前", listed)
        j = d.json("assign", "list", "--rule", "round-robin")
        self.assertEqual((j[0]["rule"], j[0]["status"]), ("round-robin", "current"))

    def test_reasons_in_english_unchanged(self):
        d = desk(self)
        r = d.run("--as", "5001", "assign", "--explain")
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertIn("round-robin: 2001 first in order", r.stdout.decode())
        self.assertIn("assigned 1 customer: 2001 ×1", r.stderr.decode())

    def test_pool_in_chinese(self):
        d = desk(self)
        d.ok("staff", "deactivate", "2001")
        d.ok("staff", "deactivate", "2002")
        out = zh(d, "--as", "5001", "assign", "--explain")
        self.assertIn("待认领池", out)
        self.assertIn("没有在职销售 → 进入待认领池", out)
        # The reason is stored in English whatever the language of the run, so JSON is the same for
        # everyone; a Chinese reader reads it in Chinese.
        row = d.json("assign", "list")[0]
        self.assertEqual((row["rule"], row["reason"]), ("pool", "no active sales → pool"))
        self.assertIn("没有在职销售 → 进入待认领池", zh(d, "assign", "list"))

    def test_pool_in_english_unchanged(self):
        d = desk(self)
        d.ok("staff", "deactivate", "2001")
        d.ok("staff", "deactivate", "2002")
        d.ok("--as", "5001", "assign")
        self.assertEqual(d.json("assign", "list")[0]["reason"], "no active sales → pool")


class Trail(unittest.TestCase):
    def test_history_and_check_in_chinese(self):
        d = desk(self)
        d.ok("--as", "3001", "complain", "new", "--customer", "KH202611-0001", "--content", "x")
        d.ok("--as", "3001", "complain", "respond", "TS202611-0001")
        out = zh(d, "history", "TS202611-0001")
        for text in ("操作", "变更", "新建", "首次响应", "状态: 待处理 → 处理中", "优先级=普通"):
            self.assertIn(text, out)
        self.assertIn("角色: 销售 → 销售,咨询客服",
                      zh(d, "staff", "edit", "2001", "--roles", "sales,consult") and zh(d, "history", "2001"))
        self.assertIn("roles: sales → sales,consult", d.ok("history", "2001"))
        rows = d.json("--lang", "zh", "history", "TS202611-0001")
        self.assertEqual([r["action"] for r in rows], ["create", "respond"])
        self.assertIn("status: open → in-progress", rows[1]["changes"])
        english = d.ok("history", "TS202611-0001")
        self.assertIn("respond", english)
        self.assertIn("status: open → in-progress", english)

        out = zh(d, "check")
        for text in ("检查项", "结果", "完整性", "正常", "所有引用均有效", "操作日志链"):
            self.assertIn(text, out)
        english = d.ok("check")
        for text in ("integrity", "ok", "every reference resolves", "audit_chain"):
            self.assertIn(text, english)
        self.assertEqual({r["result"] for r in d.json("--lang", "zh", "check")}, {"ok"})

    def test_help_in_chinese(self):
        d = desk(self)
        self.assertIn("投诉与顾客反馈", zh(d, "complain", "--help"))
        self.assertIn("把客户分配给销售", zh(d, "assign", "--help"))
        self.assertIn("Complaints and feedback", d.ok("complain", "--help"))


if __name__ == "__main__":
    main()
