#include "forms/forms.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "complain/complaints.hpp"
#include "output/columns.hpp"
#include "revisit/revisits.hpp"
#include "rules/metrics.hpp"
#include "rules/revisit_plan.hpp"
#include "rules/vocabulary.hpp"
#include "score/assessment.hpp"
#include "store/customers.hpp"
#include "store/revisits.hpp"
#include "store/reports.hpp"
#include "store/staff.hpp"
#include "util/error.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

namespace csdesk {

const std::vector<FormInfo>& forms() {
  static const std::vector<FormInfo> list = {
      {"customer-details", "Customer details", "客户详细信息表"},
      {"revisit-tracking", "Revisit tracking worksheet", "回访跟踪工作表"},
      {"revisit-opinions", "Revisit customer opinions", "回访客户意见表"},
      {"revisit-complaints", "Complaints raised in revisits", "回访客户投诉表"},
      {"revisit-factors", "Revisit problem factors", "回访问题因素统计表"},
      {"csi", "Revisit customer satisfaction index (CSI)", "回访顾客满意指数CSI统计表"},
      {"feedback", "Customer feedback and handling record", "顾客反馈及处理记录表"},
      {"assessment", "Customer service staff assessment", "客服人员考核表"},
  };
  return list;
}

namespace {

const FormInfo& find_form(const std::string& name) {
  std::string given = to_lower_ascii(trim(name));
  for (const auto& f : forms())
    if (f.name == given || f.title_zh == trim(name)) return f;
  std::vector<std::string> names;
  for (const auto& f : forms()) names.push_back(f.name);
  fail_not_one_of("FORM", name, given, "form", names);
}

// The time span a form covers, as typed: --month, or --since/--until, or the form's default.
struct Span {
  std::optional<Epoch> since, until;
  std::string label;  // 2026-11, or "2026-11-05 – 2026-11-20"; empty for no span
  bool given = false;
};

Span chosen_span(const FormRequest& r, const std::optional<Period>& fallback) {
  if (!r.month.empty() && (!r.since.empty() || !r.until.empty()))
    fail_usage("--month and --since/--until cannot be combined; give one or the other");
  Span s;
  if (!r.month.empty()) {
    Period p = month_period(r.month, "--month");
    s = {p.begin, p.end, p.label, true};
  } else if (!r.since.empty() || !r.until.empty()) {
    s.given = true;
    if (!r.since.empty()) s.since = parse_time(r.since, "--since");
    if (!r.until.empty()) s.until = parse_time(r.until, "--until");
    if (s.since && s.until && *s.until <= *s.since) fail_invalid("--until: must be after --since");
    s.label = (s.since ? format_date(*s.since) : std::string("…")) + " – " +
              (s.until ? format_date(*s.until - 1) : std::string("…"));
  } else if (fallback) {
    s = {fallback->begin, fallback->end, fallback->label, false};
  }
  return s;
}

// A form that is by month only: --since/--until refused.
Period month_only(const FormRequest& r, const FormInfo& form, const Period& fallback) {
  if (!r.since.empty() || !r.until.empty())
    fail_usage("--since/--until: the form {} is kept by month; give --month YYYY-MM", form.name);
  return r.month.empty() ? fallback : month_period(r.month, "--month");
}

// A span as the text filters of the list services take it.
std::string since_text(const Span& s, const FormRequest& r) {
  if (!r.since.empty()) return r.since;
  return s.since ? format_iso(*s.since) : std::string();
}
std::string until_text(const Span& s, const FormRequest& r) {
  if (!r.until.empty()) return r.until;
  return s.until ? format_iso(*s.until) : std::string();
}

void refuse_filter(const std::string& value, const char* flag, const FormInfo& form) {
  if (!value.empty()) fail_usage("{}: the form {} has no such filter", flag, form.name);
}

Table titled(Table t, const FormInfo& form, const std::string& label) {
  t.title_en = label.empty() ? form.title_en : form.title_en + " " + label;
  t.title_zh = label.empty() ? form.title_zh : form.title_zh + " " + label;
  return t;
}

std::string table_name(const FormInfo& form) {
  std::string name = form.name;
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

Value figure(const metrics::Figure& f) { return f ? Value{*f} : Value{}; }

// 《客户详细信息表》: every field of each customer.
Table customer_details(const CareScope& scope, const FormRequest& r, const FormInfo& form, Format format,
                       const SeesCustomer& sees) {
  refuse_filter(r.status, "--status", form);
  Database& db = scope.db;
  Span span = chosen_span(r, std::nullopt);
  CustomerFilter f;
  if (!r.agent.empty()) f.agent_id = StaffStore(db).get(r.agent).id;
  if (!r.owner.empty()) f.owner_id = StaffStore(db).get(r.owner).id;
  if (!r.category.empty()) f.category = vocab::require(vocab::customer_category, r.category, "--category");
  f.since = span.since;
  f.until = span.until;
  std::vector<Customer> list;
  if (!r.customer.empty()) {
    Customer c = CustomerStore(db).get(r.customer);
    list.push_back(c);
  } else {
    list = CustomerStore(db).list(f);
  }
  StaffNames staff(db);
  struct Row {
    Customer c;
    std::optional<std::string> owner, registered_by;
  };
  std::vector<Row> rows;
  for (auto& c : list) rows.push_back({c, staff.label(c.owner_id), staff.label(c.registered_by)});
  static const ColumnSpec<Row> spec{
      {{"number", "Customer", "客户编号"}, [](const Row& r) -> Value { return r.c.number; }},
      {{"name", "Name", "称呼"}, [](const Row& r) -> Value { return r.c.name; }},
      {{"company", "Company", "公司名称"}, [](const Row& r) { return opt_value(r.c.company); }},
      {{"title", "Title", "职位"}, [](const Row& r) { return opt_value(r.c.title); }},
      {{"phone", "Phone", "电话", Show::plain, Personal::phone}, [](const Row& r) { return opt_value(r.c.phone); }},
      {{"email", "E-mail", "邮箱", Show::plain, Personal::email}, [](const Row& r) { return opt_value(r.c.email); }},
      {{"qq", "QQ", "QQ", Show::plain, Personal::qq}, [](const Row& r) { return opt_value(r.c.qq); }},
      {{"wechat", "WeChat", "微信", Show::plain, Personal::wechat}, [](const Row& r) { return opt_value(r.c.wechat); }},
      {{"pcs", "PCs", "电脑台数"}, [](const Row& r) { return opt_value(r.c.pcs); }},
      {{"needs", "Needs", "功能需求"}, [](const Row& r) { return opt_value(r.c.needs); }},
      {Column{"channel", "Channel", "来源渠道"}.with_terms(vocab::channel), [](const Row& r) { return opt_value(r.c.channel); }},
      {{"city", "City", "城市"}, [](const Row& r) { return opt_value(r.c.city); }},
      {Column{"grade", "Grade", "等级"}.with_terms(vocab::grade), [](const Row& r) { return opt_value(r.c.grade); }},
      {Column{"category", "Category", "类别"}.with_terms(vocab::customer_category),
       [](const Row& r) -> Value { return r.c.category; }},
      {{"birthday", "Birthday", "生日"}, [](const Row& r) { return opt_value(r.c.birthday); }},
      {{"owner", "Owner", "负责人"}, [](const Row& r) { return opt_value(r.owner); }},
      {{"registered_by", "Registered by", "登记人"}, [](const Row& r) { return opt_value(r.registered_by); }},
      {{"registered_at", "Registered", "登记时间", Show::time}, [](const Row& r) -> Value { return r.c.registered_at; }},
      {Column{"consent", "Consent", "同意联系"}.with_terms(vocab::consent),
       [](const Row& r) -> Value { return std::string(!r.c.consent ? "not asked" : *r.c.consent ? "yes" : "NO"); }},
      {{"note", "Note", "备注"}, [](const Row& r) { return opt_value(r.c.note); }},
  };
  return titled(spec.table(rows, format, table_name(form), [&sees](const Row& r) { return sees && sees(r.c.id); }), form,
                span.label);
}

// 《回访跟踪工作表》: each revisit with its time, content, purpose and effect.
Table revisit_tracking(const CareScope& scope, const FormRequest& r, const FormInfo& form, Format format,
                       bool in_language, const SeesCustomer& sees) {
  refuse_filter(r.owner, "--owner", form);
  refuse_filter(r.category, "--category", form);
  Span span = chosen_span(r, month_containing(scope.now));
  RevisitQuery q;
  q.status = r.status;
  q.agent = r.agent;
  q.customer = r.customer;
  q.since = since_text(span, r);
  q.until = until_text(span, r);
  using V = RevisitView;
  ColumnSpec<V> spec{
      {{"number", "Revisit", "回访编号"}, [](const V& v) -> Value { return v.revisit.number; }},
      {{"customer", "Customer", "客户编号"}, [](const V& v) -> Value { return v.customer.number; }},
      {{"customer_name", "Name", "客户名称"}, [](const V& v) -> Value { return v.customer.name; }},
      {{"company", "Company", "公司"}, [](const V& v) { return opt_value(v.customer.company); }},
      {{"phone", "Phone", "联系电话", Show::plain, Personal::phone}, [](const V& v) { return opt_value(v.customer.phone); }},
      {Column{"purpose", "Purpose", "回访目的"}.with_terms(vocab::revisit_purpose),
       [](const V& v) -> Value { return v.revisit.purpose; }},
      {{"due_at", "Due", "计划回访时间", Show::time}, [](const V& v) { return opt_value(v.revisit.due_at); }},
      {{"done_at", "Revisited", "回访时间", Show::time}, [](const V& v) { return opt_value(v.revisit.done_at); }},
      {Column{"method", "Method", "回访方式"}.with_terms(vocab::revisit_method),
       [](const V& v) { return opt_value(v.revisit.method); }},
      {{"content", "Content", "回访内容"},
       [in_language](const V& v) {
         if (!in_language || !v.revisit.content) return opt_value(v.revisit.content);
         return Value{planned_content_text(*v.revisit.content)};
       }},
      {{"result", "Effect", "回访效果"}, [](const V& v) { return opt_value(v.revisit.result); }},
      {{"satisfaction", "Satisfaction", "满意度"}, [](const V& v) { return opt_value(v.revisit.satisfaction); }},
      {{"problems", "Problems", "问题因素"}, [](const V& v) -> Value { return join(v.revisit.problems, ","); }},
      {{"agent", "Agent", "回访专员"}, [](const V& v) { return opt_value(v.agent); }},
      {Column{"status", "Status", "状态"}.with_terms(vocab::revisit_status), [](const V& v) -> Value { return v.revisit.status; }},
      {{"attempts", "Attempts", "回访次数"}, [](const V& v) -> Value { return v.revisit.attempts; }},
      {{"complaint", "Complaint", "投诉编号"}, [](const V& v) { return opt_value(v.complaint); }},
      {{"raised_complaint", "Complaint raised", "回访投诉"}, [](const V& v) { return opt_value(v.raised_complaint); }},
  };
  return titled(spec.table(list_revisits(scope, q), format, table_name(form),
                           [&sees](const V& v) { return sees && sees(v.customer.id); }),
                form, span.label);
}

// 《回访客户意见表》: the revisits that brought opinions back, a column per item of revisit.opinion_items.
Table revisit_opinions(const CareScope& scope, const FormRequest& r, const FormInfo& form, Format format) {
  refuse_filter(r.owner, "--owner", form);
  refuse_filter(r.category, "--category", form);
  refuse_filter(r.status, "--status", form);
  Span span = chosen_span(r, month_containing(scope.now));
  RevisitQuery q;
  q.status = "done";
  q.agent = r.agent;
  q.customer = r.customer;
  q.since = since_text(span, r);
  q.until = until_text(span, r);
  std::vector<RevisitView> rows;
  for (auto& v : list_revisits(scope, q))
    if (!v.revisit.opinions.empty()) rows.push_back(std::move(v));
  using V = RevisitView;
  std::vector<ColumnOf<V>> columns = {
      {{"number", "Revisit", "回访编号"}, [](const V& v) -> Value { return v.revisit.number; }},
      {{"done_at", "Revisited", "回访时间", Show::time}, [](const V& v) { return opt_value(v.revisit.done_at); }},
      {{"customer", "Customer", "客户编号"}, [](const V& v) -> Value { return v.customer.number; }},
      {{"customer_name", "Name", "客户名称"}, [](const V& v) -> Value { return v.customer.name; }},
      {{"company", "Company", "公司"}, [](const V& v) { return opt_value(v.customer.company); }},
      {Column{"method", "Method", "回访方式"}.with_terms(vocab::revisit_method),
       [](const V& v) { return opt_value(v.revisit.method); }},
      {{"agent", "Agent", "回访专员"}, [](const V& v) { return opt_value(v.agent); }},
      {{"satisfaction", "Satisfaction", "满意度"}, [](const V& v) { return opt_value(v.revisit.satisfaction); }},
  };
  // Every configured item, also one no revisit answered yet; an item dropped from the setting
  // since stays shown where it was answered.
  std::vector<std::string> items = opinion_items(scope.config);
  for (const auto& v : rows)
    for (const auto& [item, _] : v.revisit.opinions)
      if (std::find(items.begin(), items.end(), item) == items.end()) items.push_back(item);
  for (const auto& item : items) {
    std::string en = term_in(vocab::opinion_item, item, Lang::en);
    if (!en.empty() && en[0] >= 'a' && en[0] <= 'z') en[0] = static_cast<char>(en[0] - 'a' + 'A');
    columns.push_back({{item, en, term_in(vocab::opinion_item, item, Lang::zh)}, [item](const V& v) -> Value {
                         for (const auto& [i, opinion] : v.revisit.opinions)
                           if (i == item) return opinion;
                         return Value{};
                       }});
  }
  columns.push_back({{"raised_complaint", "Complaint raised", "回访投诉"}, [](const V& v) { return opt_value(v.raised_complaint); }});
  return titled(ColumnSpec<V>(std::move(columns)).table(rows, format, table_name(form)), form, span.label);
}

// The complaints a complaint form lists: its filters and span as `complain list` takes them.
ComplaintQuery complaint_query(const FormRequest& r, const Span& span) {
  ComplaintQuery q;
  q.status = r.status;
  q.handler = r.agent;
  q.customer = r.customer;
  q.since = since_text(span, r);
  q.until = until_text(span, r);
  return q;
}

// 《回访客户投诉表》: each complaint raised during a revisit, with the revisit.
Table revisit_complaints(const CareScope& scope, const FormRequest& r, const FormInfo& form, Format format) {
  refuse_filter(r.owner, "--owner", form);
  refuse_filter(r.category, "--category", form);
  Span span = chosen_span(r, month_containing(scope.now));
  ComplaintQuery q = complaint_query(r, span);
  RevisitStore revisits(scope.db);
  std::map<std::int64_t, std::int64_t> revisit_of;
  for (const auto& [revisit, complaint] : revisits.raised_complaints()) revisit_of[complaint] = revisit;
  struct Row {
    ComplaintView v;
    Revisit revisit;
  };
  std::vector<Row> rows;
  for (auto& v : list_complaints(scope, q))
    if (auto it = revisit_of.find(v.complaint.id); it != revisit_of.end())
      if (auto rv = revisits.find(std::to_string(it->second))) rows.push_back({std::move(v), *rv});
  static const ColumnSpec<Row> spec{
      {{"number", "Complaint", "投诉编号"}, [](const Row& r) -> Value { return r.v.complaint.number; }},
      {{"received_at", "Received", "投诉时间", Show::time}, [](const Row& r) -> Value { return r.v.complaint.received_at; }},
      {{"revisit", "Revisit", "回访编号"}, [](const Row& r) -> Value { return r.revisit.number; }},
      {Column{"purpose", "Revisit purpose", "回访目的"}.with_terms(vocab::revisit_purpose),
       [](const Row& r) -> Value { return r.revisit.purpose; }},
      {{"customer", "Customer", "客户编号"}, [](const Row& r) -> Value { return r.v.customer.number; }},
      {{"customer_name", "Name", "客户名称"}, [](const Row& r) -> Value { return r.v.customer.name; }},
      {{"content", "Content", "投诉内容"}, [](const Row& r) -> Value { return r.v.complaint.content; }},
      {Column{"category", "Category", "类别"}.with_terms(vocab::complaint_category),
       [](const Row& r) { return opt_value(r.v.complaint.category); }},
      {{"handler", "Handler", "处理人员"}, [](const Row& r) { return opt_value(r.v.handler); }},
      {Column{"status", "Status", "处理状态"}.with_terms(vocab::complaint_status),
       [](const Row& r) -> Value { return r.v.complaint.status; }},
      {{"measure", "Measures", "处理措施"}, [](const Row& r) { return opt_value(r.v.complaint.measure); }},
      {{"solution", "Solution", "解决方案"}, [](const Row& r) { return opt_value(r.v.complaint.solution); }},
  };
  return titled(spec.table(rows, format, table_name(form)), form, span.label);
}

struct FactorRow {
  std::string factor;
  std::int64_t count = 0, revisits_done = 0;
};

// 《回访问题因素统计表》: the problem factors of the revisits done, as the monthly report counts them.
Table revisit_factors(const CareScope& scope, const FormRequest& r, const FormInfo& form, Format format) {
  for (auto [value, flag] : {std::pair{&r.agent, "--agent"}, {&r.owner, "--owner"}, {&r.customer, "--customer"},
                             {&r.status, "--status"}, {&r.category, "--category"}})
    refuse_filter(*value, flag, form);
  Span span = chosen_span(r, month_containing(scope.now));
  int satisfied_min = static_cast<int>(scope.config.integer("revisit.satisfied_min"));
  RevisitData data = ReportStore(scope.db).revisits(span.since.value_or(0), span.until.value_or(scope.now + 1), satisfied_min);
  std::vector<FactorRow> rows;
  for (const auto& [f, n] : data.factors) rows.push_back({f, n, data.done});
  static const ColumnSpec<FactorRow> spec{
      {{"factor", "Factor", "问题因素"}, [](const FactorRow& f) -> Value { return f.factor; }},
      {{"count", "Count", "次数"}, [](const FactorRow& f) -> Value { return f.count; }},
      {{"revisits_done", "Revisits done", "回访数"}, [](const FactorRow& f) -> Value { return f.revisits_done; }},
      {{"share_of_done", "Share of revisits", "占回访比例", Show::percent},
       [](const FactorRow& f) { return figure(metrics::ratio(f.count, f.revisits_done)); }},
  };
  return titled(spec.table(rows, format, table_name(form)), form, span.label);
}

// 《回访顾客满意指数CSI统计表》: satisfaction rate and CSI per month and agent, as `revisit stats`.
Table csi(const CareScope& scope, const FormRequest& r, const FormInfo& form, Format format) {
  for (auto [value, flag] : {std::pair{&r.agent, "--agent"}, {&r.owner, "--owner"}, {&r.customer, "--customer"},
                             {&r.status, "--status"}, {&r.category, "--category"}})
    refuse_filter(*value, flag, form);
  Period month = month_only(r, form, month_containing(scope.now));
  using S = SatisfactionRow;
  static const ColumnSpec<S> spec{
      {{"month", "Month", "月份"}, [](const S& s) -> Value { return s.month; }},
      {Column{"agent", "Agent", "回访专员"}.with_terms(vocab::summary_row),
       [](const S& s) -> Value { return s.agent.value_or("(all)"); }},
      {{"scored", "Scored", "评分数"}, [](const S& s) -> Value { return s.scored; }},
      {{"satisfied", "Satisfied", "满意数"}, [](const S& s) -> Value { return s.satisfied; }},
      {{"satisfaction_rate", "Satisfaction rate", "满意率", Show::percent}, [](const S& s) { return figure(s.satisfaction_rate); }},
      {{"csi", "CSI", "满意指数CSI", Show::plain, Personal::no, 1}, [](const S& s) { return figure(s.csi); }},
  };
  return titled(spec.table(satisfaction_by_agent(scope, month.label, "1"), format, table_name(form)), form, month.label);
}

// 《顾客反馈及处理记录表》: each complaint with its date, content, measures, handler and status.
Table feedback(const CareScope& scope, const FormRequest& r, const FormInfo& form, Format format) {
  refuse_filter(r.owner, "--owner", form);
  refuse_filter(r.category, "--category", form);
  Span span = chosen_span(r, month_containing(scope.now));
  ComplaintQuery q = complaint_query(r, span);
  struct Row {
    ComplaintView v;
    std::string measures;  // the progress log's measures, each with its date
  };
  std::vector<Row> rows;
  for (auto& v : list_complaints(scope, q)) {
    std::vector<std::string> measures;
    for (const auto& line : show_complaint(scope, v.complaint.number).log)
      if (line.line.measure && !line.line.measure->empty())
        measures.push_back(format_date(line.line.at) + " " + *line.line.measure);
    if (measures.empty() && v.complaint.measure) measures.push_back(*v.complaint.measure);
    rows.push_back({std::move(v), join(measures, "；")});
  }
  static const ColumnSpec<Row> spec{
      {{"number", "Complaint", "投诉编号"}, [](const Row& r) -> Value { return r.v.complaint.number; }},
      {{"date", "Date", "日期", Show::time}, [](const Row& r) -> Value { return r.v.complaint.received_at; }},
      {{"customer", "Customer", "客户编号"}, [](const Row& r) -> Value { return r.v.customer.number; }},
      {{"customer_name", "Name", "顾客"}, [](const Row& r) -> Value { return r.v.customer.name; }},
      {Column{"channel", "Channel", "渠道"}.with_terms(vocab::channel), [](const Row& r) { return opt_value(r.v.complaint.channel); }},
      {{"content", "Feedback", "顾客反馈内容"}, [](const Row& r) -> Value { return r.v.complaint.content; }},
      {{"measures", "Measures", "处理措施"}, [](const Row& r) { return text_or_null(r.measures); }},
      {{"solution", "Solution", "解决方案"}, [](const Row& r) { return opt_value(r.v.complaint.solution); }},
      {{"handler", "Handler", "处理人员"}, [](const Row& r) { return opt_value(r.v.handler); }},
      {Column{"status", "Status", "处理状态"}.with_terms(vocab::complaint_status),
       [](const Row& r) -> Value { return r.v.complaint.status; }},
      {{"resolved_at", "Resolved", "解决时间", Show::time}, [](const Row& r) { return opt_value(r.v.complaint.resolved_at); }},
      {{"satisfaction", "Satisfaction", "满意度"}, [](const Row& r) { return opt_value(r.v.complaint.satisfaction); }},
  };
  return titled(spec.table(rows, format, table_name(form)), form, span.label);
}

// The points one part of the combined score contributed (score service's parts), if it applied.
Value part_points(const PersonScore& p, const char* key) {
  for (const auto& part : p.combined.parts)
    if (part.key == key) return part.points;
  return Value{};
}

// 客服人员考核表: each assessed staff member's indicators and points, from the score service.
Table assessment(const CareScope& scope, const FormRequest& r, const FormInfo& form, Format format) {
  for (auto [value, flag] : {std::pair{&r.owner, "--owner"}, {&r.customer, "--customer"}, {&r.status, "--status"},
                             {&r.category, "--category"}})
    refuse_filter(*value, flag, form);
  Period month = month_only(r, form, previous_month(scope.now));
  MonthScores scores = score_month(scope.db, month, score_policy(scope.config), scope.now);
  std::optional<std::int64_t> only;
  if (!r.agent.empty()) only = StaffStore(scope.db).get(r.agent).id;
  struct Row {
    const PersonScore* p;
    std::string month, date;
  };
  std::vector<Row> rows;
  const std::string today = format_date(scope.now);
  for (const auto& p : scores.people)
    if (!only || p.staff.id == *only) rows.push_back({&p, month.label, today});
  static const ColumnSpec<Row> spec{
      {{"name", "Assessed", "被考核人"}, [](const Row& r) -> Value { return r.p->staff.name; }},
      {{"number", "Employee no.", "工号"}, [](const Row& r) -> Value { return r.p->staff.number; }},
      {{"month", "Month assessed", "考核月份"}, [](const Row& r) -> Value { return r.month; }},
      {{"date", "Assessment date", "考核日期"}, [](const Row& r) -> Value { return r.date; }},
      {Column{"rule", "Rule", "考核规则"}.with_terms(vocab::score_rule), [](const Row& r) -> Value { return r.p->rule; }},
      {{"registrations", "Registrations", "登记数"}, [](const Row& r) { return opt_value(r.p->registrations); }},
      {{"target", "Target", "任务数"},
       [](const Row& r) { return r.p->registration_rule ? Value{r.p->registration_rule->target} : Value{}; }},
      {{"registration_points", "Reg. points", "登记得分"}, [](const Row& r) { return opt_value(r.p->indicators.registration_points); }},
      {{"registration_counted", "Reg. counted", "登记计分", Show::plain, Personal::no, 2},
       [](const Row& r) { return part_points(*r.p, "registration"); }},
      {{"timeliness_rate", "Timeliness", "及时率", Show::percent}, [](const Row& r) { return opt_value(r.p->indicators.timeliness); }},
      {{"timeliness_counted", "Timeliness counted", "及时率计分", Show::plain, Personal::no, 2},
       [](const Row& r) { return part_points(*r.p, "timeliness"); }},
      {{"resolution_rate", "Resolution", "解决率", Show::percent}, [](const Row& r) { return opt_value(r.p->indicators.resolution); }},
      {{"resolution_counted", "Resolution counted", "解决率计分", Show::plain, Personal::no, 2},
       [](const Row& r) { return part_points(*r.p, "resolution"); }},
      {{"satisfaction_rate", "Satisfaction", "满意率", Show::percent},
       [](const Row& r) { return opt_value(r.p->indicators.satisfaction); }},
      {{"satisfaction_counted", "Satisfaction counted", "满意率计分", Show::plain, Personal::no, 2},
       [](const Row& r) { return part_points(*r.p, "satisfaction"); }},
      {{"complaints", "Complaints", "投诉量"}, [](const Row& r) -> Value { return r.p->indicators.complaints; }},
      {{"complaints_counted", "Complaints counted", "投诉扣分", Show::plain, Personal::no, 2},
       [](const Row& r) { return part_points(*r.p, "complaints"); }},
      {{"adjustments", "Adjustments", "奖扣分", Show::plain, Personal::no, 1},
       [](const Row& r) -> Value { return r.p->indicators.adjustment_points; }},
      {{"combined", "Combined", "综合得分", Show::plain, Personal::no, 2},
       [](const Row& r) { return r.p->combined.applies ? Value{r.p->combined.score} : Value{}; }},
      {{"award", "Award", "奖项"},
       [](const Row& r) -> Value {
         std::vector<std::string> awards;
         if (r.p->full_attendance) awards.push_back("全勤奖");
         if (r.p->performance_award) awards.push_back("绩效奖");
         return join(awards, " ");
       }},
  };
  return titled(spec.table(rows, format, table_name(form)), form, month.label);
}

}  // namespace

Table form_table(const CareScope& scope, const FormRequest& request, Format format, bool in_language,
                 const SeesCustomer& sees) {
  const FormInfo& form = find_form(request.form);
  if (form.name == "customer-details") return customer_details(scope, request, form, format, sees);
  if (form.name == "revisit-tracking") return revisit_tracking(scope, request, form, format, in_language, sees);
  if (form.name == "revisit-opinions") return revisit_opinions(scope, request, form, format);
  if (form.name == "revisit-complaints") return revisit_complaints(scope, request, form, format);
  if (form.name == "revisit-factors") return revisit_factors(scope, request, form, format);
  if (form.name == "csi") return csi(scope, request, form, format);
  if (form.name == "feedback") return feedback(scope, request, form, format);
  return assessment(scope, request, form, format);
}

}  // namespace csdesk
