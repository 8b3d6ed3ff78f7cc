"""The forms of seed 001 (客服管理表格) under their own titles (issue 17): `csdesk form NAME` lays out
what the customer, revisit, complaint, report and score services keep — 《客户详细信息表》 with 职位,
电脑台数 and 功能需求, 《回访跟踪工作表》, 《回访问题因素统计表》, 《回访顾客满意指数CSI统计表》,
《顾客反馈及处理记录表》 and the 客服人员考核表 (被考核人, 工号, 考核日期) — with the seed's titles and
columns in Chinese and English, in table, CSV and JSON, personal data masked for whoever may not see it."""
import csv
import io
import unittest

from harness import Desk, main

NOW = "2026-11-20 10:00"


def desk(test):
    d = Desk(test, now=NOW)
    d.ok("staff", "add", "1001", "张伟", "--roles", "consult")
    d.ok("staff", "add", "3001", "王芳", "--roles", "complaint")
    d.ok("staff", "add", "4001", "陈静", "--roles", "revisit")
    d.ok("--as", "1001", "register", "--name", "王女士", "--company", "华南贸易", "--phone", "13912345678",
         "--title", "采购经理", "--pcs", "12", "--needs", "进销存,财务", "--channel", "客服QQ", "--city", "广州")
    d.ok("--as", "1001", "register", "--name", "李先生", "--phone", "13812345678", "--channel", "电话")
    d.ok("--as", "3001", "complain", "new", "--customer", "KH202611-0001", "--content", "发票金额错误",
         "--channel", "电话")
    d.ok("--as", "3001", "complain", "respond", "TS202611-0001", "--note", "已致电客户", now="2026-11-20 10:30")
    d.ok("--as", "3001", "complain", "update", "TS202611-0001", "--measure", "重开发票", now="2026-11-20 11:00")
    d.ok("--as", "3001", "complain", "resolve", "TS202611-0001", "--solution", "已重开发票", now="2026-11-20 12:00")
    d.ok("--as", "4001", "revisit", "log", "HF202611-0001", "--method", "电话",
         "--satisfaction", "4", "--problems", "响应速度,价格", "--result", "客户满意", "--content", "询问使用情况",
         now="2026-11-20 14:00")
    d.ok("--as", "4001", "revisit", "log", "--customer", "KH202611-0002", "--method", "短信", "--purpose", "售后回访",
         "--satisfaction", "5", "--problems", "价格", now="2026-11-20 15:00")
    d.ok("--as", "3001", "complain", "new", "--customer", "KH202611-0002", "--content", "软件无法登录",
         "--channel", "客服邮箱", now="2026-11-20 16:00")
    return d


# Each form: its name, the seed's title, its Chinese and English headings (the first ones), the JSON keys.
FORMS = [
    ("customer-details", "客户详细信息表", "Customer details",
     ["客户编号", "称呼", "公司名称", "职位", "电话", "邮箱", "QQ", "微信", "电脑台数", "功能需求"],
     ["Customer", "Name", "Company", "Title", "Phone", "E-mail", "QQ", "WeChat", "PCs", "Needs"]),
    ("revisit-tracking", "回访跟踪工作表", "Revisit tracking worksheet",
     ["回访编号", "客户编号", "客户名称", "公司", "联系电话", "回访目的", "计划回访时间", "回访时间", "回访方式", "回访内容", "回访效果"],
     ["Revisit", "Customer", "Name", "Company", "Phone", "Purpose", "Due", "Revisited", "Method", "Content", "Effect"]),
    ("revisit-opinions", "回访客户意见表", "Revisit customer opinions",
     ["回访编号", "回访时间", "客户编号", "客户名称", "公司", "回访方式", "回访专员", "满意度", "产品", "服务", "交付", "建议", "回访投诉"],
     ["Revisit", "Revisited", "Customer", "Name", "Company", "Method", "Agent", "Satisfaction", "Product", "Service",
      "Delivery", "Suggestions", "Complaint raised"]),
    ("revisit-complaints", "回访客户投诉表", "Complaints raised in revisits",
     ["投诉编号", "投诉时间", "回访编号", "回访目的", "客户编号", "客户名称", "投诉内容", "类别", "处理人员", "处理状态"],
     ["Complaint", "Received", "Revisit", "Revisit purpose", "Customer", "Name", "Content", "Category", "Handler", "Status"]),
    ("revisit-factors", "回访问题因素统计表", "Revisit problem factors",
     ["问题因素", "次数", "回访数", "占回访比例"], ["Factor", "Count", "Revisits done", "Share of revisits"]),
    ("csi", "回访顾客满意指数CSI统计表", "Revisit customer satisfaction index (CSI)",
     ["月份", "回访专员", "评分数", "满意数", "满意率", "满意指数CSI"],
     ["Month", "Agent", "Scored", "Satisfied", "Satisfaction rate", "CSI"]),
    ("feedback", "顾客反馈及处理记录表", "Customer feedback and handling record",
     ["投诉编号", "日期", "客户编号", "顾客", "渠道", "顾客反馈内容", "处理措施", "解决方案", "处理人员", "处理状态"],
     ["Complaint", "Date", "Customer", "Name", "Channel", "Feedback", "Measures", "Solution", "Handler", "Status"]),
    ("assessment", "客服人员考核表", "Customer service staff assessment",
     ["被考核人", "工号", "考核月份", "考核日期", "考核规则", "登记数", "任务数", "登记得分"],
     ["Assessed", "Employee no.", "Month assessed", "Assessment date", "Rule", "Registrations", "Target", "Reg. points"]),
]


def month_of(form):
    return ["--month", "2026-11"]


def csv_rows(text):
    return list(csv.reader(io.StringIO(text)))


class Forms(unittest.TestCase):
    def setUp(self):
        self.d = desk(self)

    def test_each_form_under_its_title_with_its_columns_in_both_languages(self):
        d = self.d
        for name, zh_title, en_title, zh_heads, en_heads in FORMS:
            with self.subTest(form=name):
                zh = d.ok("form", name, *month_of(name), "--lang", "zh").splitlines()
                self.assertEqual(zh[0], f"{zh_title} 2026-11")
                self.assertEqual(zh[1].split()[:len(zh_heads)], zh_heads)
                en = d.ok("form", name, *month_of(name), "--lang", "en").splitlines()
                self.assertTrue(en[0].startswith(en_title), en[0])
                rows = csv_rows(d.ok("form", name, *month_of(name), "--csv", "--lang", "zh"))
                self.assertEqual(rows[0], [f"{zh_title} 2026-11"])
                self.assertEqual(rows[1][:len(zh_heads)], zh_heads)
                rows = csv_rows(d.ok("form", name, *month_of(name), "--csv"))
                self.assertEqual(rows[1][:len(en_heads)], en_heads)
                j = d.json("form", name, *month_of(name))
                self.assertEqual(list(j), [name.replace("-", "_")])
        # The seed's Chinese title names the form too.
        self.assertIn("回访跟踪工作表", d.ok("form", "回访跟踪工作表", "--lang", "zh"))

    def test_customer_details_every_field_and_masked_for_a_role_without_reveal(self):
        d = self.d
        rows = d.json("form", "customer-details")["customer_details"]
        wang = rows[0]
        self.assertEqual((wang["number"], wang["name"], wang["company"], wang["title"], wang["pcs"], wang["needs"],
                          wang["channel"], wang["city"], wang["category"], wang["registered_by"]),
                         ("KH202611-0001", "王女士", "华南贸易", "采购经理", 12, "进销存,财务", "qq", "广州", "potential",
                          "1001 张伟"))
        # The revisit agent may not see these customers' contact details: masked in every format.
        self.assertEqual(wang["phone"], "139****5678")
        masked = d.json("--as", "4001", "form", "customer-details")["customer_details"]
        self.assertEqual([r["phone"] for r in masked], ["139****5678", "138****5678"])
        self.assertNotIn("13912345678", d.ok("--as", "4001", "form", "customer-details", "--csv"))
        d.fails(6, "--as", "4001", "--reveal", "form", "customer-details", says="--reveal")
        # The complaint handler sees the customer whose open complaint is theirs, and only that one.
        seen = d.json("--as", "3001", "form", "customer-details")["customer_details"]
        self.assertEqual([r["phone"] for r in seen], ["139****5678", "13812345678"])
        zh = d.ok("form", "customer-details", "--lang", "zh")
        for text in ("采购经理", "进销存,财务", "QQ", "广州", "潜在客户", "未询问"):
            self.assertIn(text, zh)
        only = d.json("form", "customer-details", "--customer", "KH202611-0002")["customer_details"]
        self.assertEqual([r["number"] for r in only], ["KH202611-0002"])
        self.assertEqual(d.json("form", "customer-details", "--month", "2026-10")["customer_details"], [])

    def test_revisit_tracking_factors_and_csi_as_the_report_counts_them(self):
        d = self.d
        track = d.json("form", "revisit-tracking", "--month", "2026-11")["revisit_tracking"]
        self.assertEqual([(r["number"], r["customer"], r["method"], r["satisfaction"], r["agent"]) for r in track],
                         [("HF202611-0001", "KH202611-0001", "phone", 4, "4001 陈静"),
                          ("HF202611-0002", "KH202611-0002", "sms", 5, "4001 陈静")])
        self.assertEqual((track[0]["content"], track[0]["result"], track[0]["purpose"]), ("询问使用情况", "客户满意", "complaint-follow-up"))
        self.assertEqual(track[0]["complaint"], "TS202611-0001")
        zh = d.ok("form", "revisit-tracking", "--lang", "zh")
        for text in ("电话回访", "短信回访", "售后回访", "已回访"):
            self.assertIn(text, zh)
        factors = d.json("form", "revisit-factors", "--month", "2026-11")["revisit_factors"]
        self.assertEqual([(f["factor"], f["count"], f["revisits_done"], f["share_of_done"]) for f in factors],
                         [("价格", 2, 2, 1.0), ("响应速度", 1, 2, 0.5)])
        report = d.json("report", "revisits", "--month", "2026-11")
        self.assertEqual([(f["factor"], f["count"]) for f in report["revisit_factors"]],
                         [(f["factor"], f["count"]) for f in factors])
        csi = d.json("form", "csi", "--month", "2026-11")["csi"]
        self.assertEqual([(r["agent"], r["scored"], r["satisfied"], r["satisfaction_rate"], r["csi"]) for r in csi],
                         [("(all)", 2, 2, 1.0, 87.5), ("4001 陈静", 2, 2, 1.0, 87.5)])  # (4.5 − 1) ÷ 4 × 100
        self.assertIn("（全部）", d.ok("form", "csi", "--lang", "zh"))
        self.assertEqual(d.json("form", "revisit-tracking", "--agent", "4001", "--month", "2026-10")["revisit_tracking"], [])

    def test_feedback_record_with_date_content_measures_handler_status(self):
        d = self.d
        rows = d.json("form", "feedback", "--month", "2026-11")["feedback"]
        self.assertEqual([r["number"] for r in rows], ["TS202611-0001", "TS202611-0002"])
        r = rows[0]
        self.assertEqual((r["number"], r["content"], r["measures"], r["solution"], r["handler"], r["status"]),
                         ("TS202611-0001", "发票金额错误", "2026-11-20 重开发票", "已重开发票", "3001 王芳", "closed"))
        self.assertEqual(r["date"], "2026-11-20T10:00:00+08:00")
        zh = d.ok("form", "feedback", "--lang", "zh")
        self.assertIn("已关闭", zh)
        self.assertEqual([r["number"] for r in d.json("form", "feedback", "--status", "open")["feedback"]],
                         ["TS202611-0002"])
        self.assertEqual([r["channel"] for r in rows], ["phone", "email"])
        self.assertIn("邮件", zh)
        self.assertEqual(d.json("form", "feedback", "--since", "2026-11-21")["feedback"], [])
        self.assertEqual(d.json("form", "feedback", "--agent", "3001", "--customer", "KH202611-0002")["feedback"][0]["number"],
                         "TS202611-0002")

    def test_assessment_names_the_assessed_their_number_the_date_and_every_indicator(self):
        d = self.d
        rows = d.json("form", "assessment", "--month", "2026-11", now="2026-12-01 09:00")["assessment"]
        zhang = next(r for r in rows if r["number"] == "1001")
        # Seed 001: 2 registrations, at or below 280 → 90 points.
        self.assertEqual((zhang["name"], zhang["month"], zhang["date"], zhang["registrations"], zhang["target"],
                          zhang["registration_points"]), ("张伟", "2026-11", "2026-12-01", 2, 330, 90.0))
        wang = next(r for r in rows if r["number"] == "3001")
        self.assertEqual((wang["name"], wang["timeliness_rate"], wang["resolution_rate"]), ("王芳", 0.5, 0.5))
        score = {s["number"]: s for s in d.json("score", "--month", "2026-11", now="2026-12-01 09:00")["scores"]}
        for r in rows:  # the score service's figures, not counted again
            for key in ("registrations", "timeliness_rate", "resolution_rate", "satisfaction_rate", "complaints", "combined"):
                self.assertEqual(r[key], score[r["number"]][key], (r["number"], key))
        # The previous month by default, as `score`.
        self.assertEqual(d.ok("form", "assessment", "--lang", "zh", now="2026-12-01 09:00").splitlines()[0],
                         "客服人员考核表 2026-11")
        only = d.json("form", "assessment", "--agent", "1001", "--month", "2026-11")["assessment"]
        self.assertEqual([r["number"] for r in only], ["1001"])

    def test_refusals_name_the_flag(self):
        d = self.d
        d.fails(3, "form", "客户表", says=["customer-details", "assessment"])
        d.fails(2, "form", "csi", "--since", "2026-11-01", says="--month")
        d.fails(2, "form", "feedback", "--month", "2026-11", "--since", "2026-11-01", says="--month")
        d.fails(2, "form", "revisit-factors", "--agent", "4001", says="--agent")
        d.fails(3, "form", "feedback", "--month", "2026-13", says="--month")
        d.fails(4, "form", "revisit-tracking", "--agent", "9999")


class RevisitOpinionsAndComplaints(unittest.TestCase):
    """《回访客户意见表》 and 《回访客户投诉表》: what a revisit brings back besides its score."""

    def test_opinion_items_recorded_per_revisit_and_shown_a_column_each(self):
        d = desk(self)
        out = d.json("--as", "4001", "revisit", "log", "--customer", "KH202611-0002", "--method", "电话", "--purpose",
                     "满意度调查", "--satisfaction", "3", "--opinion", "建议=希望上门培训", "--opinion", "产品=经常卡顿",
                     "--opinion", "service=态度很好", now="2026-11-21 10:00")
        self.assertEqual(out["opinions"], "product=经常卡顿; service=态度很好; suggestions=希望上门培训")  # the items' order
        rows = d.json("form", "revisit-opinions", "--month", "2026-11", now="2026-11-21 11:00")["revisit_opinions"]
        self.assertEqual(len(rows), 1)  # only the revisit that brought opinions back
        r = rows[0]
        self.assertEqual((r["customer"], r["product"], r["service"], r["delivery"], r["suggestions"], r["satisfaction"]),
                         ("KH202611-0002", "经常卡顿", "态度很好", None, "希望上门培训", 3))
        zh = d.ok("form", "revisit-opinions", "--lang", "zh", now="2026-11-21 11:00")
        self.assertIn("经常卡顿", zh)
        # A department's own items: named as written, their own column.
        d.settings({"revisit.opinion_items": ["product", "安装", "suggestions"]})
        d.ok("--as", "4001", "revisit", "log", "--customer", "KH202611-0001", "--method", "登门", "--purpose", "售后回访",
             "--opinion", "安装=师傅很专业", now="2026-11-22 10:00")
        rows = csv.reader(io.StringIO(d.ok("form", "revisit-opinions", "--csv", "--lang", "zh", now="2026-11-23 10:00")))
        rows = list(rows)
        self.assertEqual(rows[1][8:], ["产品", "安装", "建议", "服务", "回访投诉"])  # service: answered before, still shown
        self.assertEqual(rows[3][9], "师傅很专业")

    def test_opinions_refused_when_not_an_item_or_malformed_and_nothing_written(self):
        d = desk(self)
        before = d.ok("revisit", "list", "--json")
        log = ("--as", "4001", "revisit", "log", "--customer", "KH202611-0002", "--method", "电话", "--purpose", "售后回访")
        d.fails(3, *log, "--opinion", "价格=太贵", says=["--opinion", "价格", "revisit.opinion_items"])
        d.fails(3, *log, "--opinion", "产品", says=["--opinion", "ITEM=TEXT"])
        d.fails(3, *log, "--opinion", "产品=", says="--opinion")
        d.fails(3, *log, "--opinion", "产品=好", "--opinion", "product=很好", says="twice")
        d.fails(3, *log, "--reached", "no", "--opinion", "产品=好", says="--reached no")
        d.fails(3, "--lang", "zh", *log, "--opinion", "价格=太贵", says=["不是意见项目", "产品"])
        self.assertEqual(d.ok("revisit", "list", "--json"), before)

    def test_complaint_raised_in_a_revisit_is_linked_both_ways(self):
        d = desk(self)
        r = d.run("--as", "4001", "revisit", "log", "--customer", "KH202611-0002", "--method", "电话", "--purpose", "售后回访",
                  "--satisfaction", "2", "--complaint", "软件升级后无法打印", "--json", now="2026-11-21 10:00")
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        logged = json_of(r)
        self.assertEqual(logged["raised_complaint"], "TS202611-0003")
        self.assertIn("TS202611-0003", r.stderr.decode())
        shown = d.json("complain", "show", "TS202611-0003", now="2026-11-21 10:05")["complaint"]
        self.assertEqual((shown["channel"], shown["content"], shown["handler"], shown["raised_in_revisit"], shown["status"]),
                         ("revisit", "软件升级后无法打印", "4001 陈静", logged["number"], "open"))
        self.assertIn("来自回访", d.ok("--lang", "zh", "complain", "show", "TS202611-0003", now="2026-11-21 10:05"))
        feedback = d.ok("--lang", "zh", "form", "feedback", now="2026-11-21 10:05")
        self.assertIn("李先生  回访", feedback)  # the channel by its Chinese name
        rows = d.json("form", "revisit-complaints", "--month", "2026-11", now="2026-11-21 10:05")["revisit_complaints"]
        self.assertEqual([(x["number"], x["revisit"], x["customer"], x["content"], x["status"]) for x in rows],
                         [("TS202611-0003", logged["number"], "KH202611-0002", "软件升级后无法打印", "open")])
        track = d.json("form", "revisit-tracking", "--customer", "KH202611-0002", now="2026-11-21 10:05")["revisit_tracking"]
        self.assertEqual([t["raised_complaint"] for t in track], [None, "TS202611-0003"])
        # Complaints taken otherwise are not revisit complaints; the feedback record has them all.
        self.assertEqual(len(d.json("form", "feedback", now="2026-11-21 10:05")["feedback"]), 3)
        # Who may not take complaints may not raise one in a revisit; a failed attempt raises none.
        d.ok("staff", "add", "9001", "赵敏", "--roles", "revisit")
        d.settings({"permissions.complain_new": ["complaint"]})
        d.fails(6, "--as", "9001", "revisit", "log", "--customer", "KH202611-0001", "--method", "电话", "--purpose",
                "售后回访", "--complaint", "x", says="permissions.complain_new", now="2026-11-21 11:00")
        d.ok("check", now="2026-11-21 11:00")


def json_of(result):
    import json
    return json.loads(result.stdout.decode())


if __name__ == "__main__":
    main()
