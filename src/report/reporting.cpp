#include "report/reporting.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "config/policies.hpp"
#include "output/columns.hpp"
#include "rules/purchase.hpp"
#include "rules/vocabulary.hpp"
#include "store/purchases.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace csdesk {
namespace {

using metrics::Figure;

Value fig(Figure f) { return f ? Value{*f} : Value{}; }
Value count_value(std::size_t n) { return Value{static_cast<std::int64_t>(n)}; }
Figure as_figure(std::int64_t n) { return static_cast<double>(n); }
Value seconds(Figure f) { return f ? Value{static_cast<std::int64_t>(std::llround(*f))} : Value{}; }

std::string staff_label(const StaffRef& s) {
  if (!s.id) return "-";
  return s.number + " " + s.name;
}
std::string or_dash(const std::string& s) { return s.empty() ? "-" : s; }

template <typename Key, typename Row>
std::vector<std::pair<Key, Row>> sorted(const std::map<Key, Row>& m) {
  return {m.begin(), m.end()};
}

// A report table from its column spec. No report column is machine-only, so every format
// (and the frozen payload) has every column.
template <class Record>
Table report_table(const ColumnSpec<Record>& spec, const std::vector<Record>& records, std::string name,
                   std::string title_en, std::string title_zh, bool single) {
  Table t = spec.table(records, Format::csv, std::move(name));
  t.title_en = std::move(title_en);
  t.title_zh = std::move(title_zh);
  t.single = single;
  return t;
}

}  // namespace

ReportPolicy report_policy(const Config& config) {
  ReportPolicy p;
  p.sla = sla_policy(config);
  p.satisfied_min = static_cast<int>(config.integer("revisit.satisfied_min"));
  p.satisfaction_gain = config.number("targets.satisfaction_gain");
  p.efficiency_gain = config.number("targets.efficiency_gain");
  p.satisfaction_months = config.integer("targets.satisfaction_months");
  p.efficiency_months = config.integer("targets.efficiency_months");
  p.repeat_purchase_rate = config.number("targets.repeat_purchase_rate");
  p.repeat_purchase_years = config.integer("targets.repeat_purchase_years");
  p.register_limit_seconds = config.integer("intake.register_limit_minutes") * 60;
  return p;
}

const std::vector<std::string>& section_names() {
  static const std::vector<std::string> names = {"intake", "assign", "complaints", "revisits", "customers", "trend"};
  return names;
}

Section parse_section(const std::string& name) {
  const auto& names = section_names();
  auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) fail_not_one_of("", name, name, "report section", names);
  return static_cast<Section>(it - names.begin());
}

PeriodData read_period(ReportStore& store, const Period& p, const std::vector<Section>& sections,
                       const ReportPolicy& policy, Epoch now) {
  PeriodData d;
  d.period = p;
  auto wants = [&](Section s) {
    return std::find(sections.begin(), sections.end(), s) != sections.end() ||
           std::find(sections.begin(), sections.end(), Section::trend) != sections.end();
  };
  if (wants(Section::intake)) d.intake = store.intake(p.begin, p.end, policy.register_limit_seconds);
  if (wants(Section::assign)) d.assign = store.assignments(p.begin, p.end);
  if (wants(Section::complaints)) d.complaints = store.complaints(p.begin, p.end, now);
  if (wants(Section::revisits)) d.revisits = store.revisits(p.begin, p.end, policy.satisfied_min);
  if (wants(Section::customers)) d.customers = store.customers(p.begin, p.end);
  return d;
}

Headline headline(const PeriodData& d, const ReportPolicy& policy, Epoch now) {
  Headline h;
  std::int64_t new_customers = 0, returning = 0, contacts = 0, within = 0, notified = 0;
  for (const auto& c : d.intake) {
    new_customers += c.new_customers;
    returning += c.returning;
    contacts += c.contacts;
    within += c.within_limit;
    notified += c.notified_in_time;
  }
  h.owner_notified_within_limit = metrics::ratio(notified, contacts);
  h.new_customers = as_figure(new_customers);
  h.returning = as_figure(returning);
  h.within_limit = metrics::ratio(within, contacts);
  std::int64_t assigned = 0, urgent = 0, in_time = 0;
  for (const auto& s : d.assign.sales) {
    assigned += s.assigned;
    urgent += s.urgent;
    in_time += s.urgent_in_time;
  }
  h.assigned = as_figure(assigned);
  h.urgent_in_time = metrics::ratio(in_time, urgent);

  const auto& opened = d.complaints.opened;
  std::int64_t due = 0, on_time = 0, resolved = 0, first_contact = 0;
  std::vector<std::int64_t> responses, resolutions;
  for (const auto& c : opened) {
    ComplaintClocks clocks = complaint_clocks(policy.sla, c.times(), now);
    if (clocks.settled()) {
      ++due;
      on_time += clocks.on_time();
    }
    if (c.resolved_at) {
      ++resolved;
      // First-contact resolution: resolved at the first response, never escalated or reopened.
      first_contact += c.reopened_count == 0 && c.escalation_level == 0 &&
                       (!c.first_response_at || *c.first_response_at >= *c.resolved_at);
    }
    if (clocks.first_response.stopped) responses.push_back(clocks.first_response.elapsed);
    if (clocks.resolution.stopped) resolutions.push_back(clocks.resolution.elapsed);
  }
  h.complaints_opened = as_figure(static_cast<std::int64_t>(opened.size()));
  h.contacts = as_figure(contacts);
  h.complaint_rate = metrics::ratio(static_cast<std::int64_t>(opened.size()), contacts);
  h.open_at_end = as_figure(static_cast<std::int64_t>(d.complaints.open_at_end.size()));
  std::int64_t overdue = 0;
  Epoch end = std::min(d.period.end, now);
  for (const auto& c : d.complaints.open_at_end) overdue += resolution_clock_at(policy.sla, c.times(), end).breached;
  h.overdue = as_figure(overdue);
  h.timeliness = metrics::timeliness_rate(on_time, due);
  h.resolution = metrics::resolution_rate(resolved, static_cast<std::int64_t>(opened.size()));
  h.first_contact_resolution = metrics::ratio(first_contact, static_cast<std::int64_t>(opened.size()));
  h.mean_first_response = metrics::mean(responses);
  h.p90_first_response = metrics::p90(responses);
  h.mean_resolution = metrics::mean(resolutions);
  h.p90_resolution = metrics::p90(resolutions);

  const auto& r = d.revisits;
  h.revisits_done = as_figure(r.done);
  h.reach = metrics::reach_rate(r.reached, r.attempts);
  h.satisfaction = metrics::satisfaction_rate(r.satisfaction.satisfied, r.satisfaction.scored);
  h.csi = metrics::csi(r.satisfaction.score_sum, r.satisfaction.scored);
  h.converted = as_figure(d.customers.converted);
  h.conversion_rate = metrics::conversion_rate(d.customers.potential_converted, d.customers.potential);
  h.recovery_rate = metrics::recovery_rate(d.customers.recovered, d.customers.at_risk_at_start);
  return h;
}

namespace {
struct PeriodRow {
  std::string label;
  Epoch begin = 0, end = 0;
};

Table period_table(const Period& p) {
  static const ColumnSpec<PeriodRow> spec{
      {{"period", "Period", "期间"}, [](const PeriodRow& r) -> Value { return r.label; }},
      {{"from", "From", "起", Show::time}, [](const PeriodRow& r) -> Value { return r.begin; }},
      {{"until", "Until", "止", Show::time}, [](const PeriodRow& r) -> Value { return r.end; }},
  };
  return report_table(spec, {{p.label, p.begin, p.end}}, "period", "Period", "报表期间", true);
}

struct IntakeSum {
  std::string key;  // agent, channel or city; empty for the total
  std::int64_t new_customers = 0, returning = 0, contacts = 0, within = 0, unknown = 0, notified = 0;
  void add(const IntakeCount& c) {
    new_customers += c.new_customers;
    returning += c.returning;
    contacts += c.contacts;
    within += c.within_limit;
    unknown += c.time_unknown;
    notified += c.notified_in_time;
  }
};

ColumnOf<IntakeSum> intake_new() {
  return {{"new_customers", "New customers", "新客户"}, [](const IntakeSum& s) -> Value { return s.new_customers; }};
}
ColumnOf<IntakeSum> intake_returning() {
  return {{"returning_contacts", "Returning", "回头联系"}, [](const IntakeSum& s) -> Value { return s.returning; }};
}
ColumnOf<IntakeSum> intake_within() {
  return {{"within_limit", "Within limit", "限时内登记率", Show::percent},
          [](const IntakeSum& s) { return fig(metrics::ratio(s.within, s.contacts)); }};
}
// Seed 001's second half: the owner notified within intake.register_limit_minutes of the contact.
ColumnOf<IntakeSum> intake_notified() {
  return {{"owner_notified_within_limit", "Owner told within limit", "限时内通知负责人率", Show::percent},
          [](const IntakeSum& s) { return fig(metrics::ratio(s.notified, s.contacts)); }};
}
ColumnOf<IntakeSum> intake_unknown() {
  return {{"contact_time_unknown", "Contact time unknown", "联系时间未知"}, [](const IntakeSum& s) -> Value { return s.unknown; }};
}

void intake_tables(const PeriodData& d, std::vector<Table>& out) {
  std::map<std::string, IntakeSum> agents, channels, cities;
  IntakeSum total;
  for (const auto& c : d.intake) {
    agents[staff_label(c.agent)].add(c);
    channels[or_dash(c.channel)].add(c);
    cities[or_dash(c.city)].add(c);
    total.add(c);
  }
  static const ColumnSpec<IntakeSum> summary{
      intake_new(), intake_returning(),
      {{"contacts", "Contacts", "联系次数"}, [](const IntakeSum& s) -> Value { return s.contacts; }}, intake_within(),
      intake_notified(), intake_unknown()};
  out.push_back(report_table(summary, {total}, "intake", "Intake", "接待登记", true));
  auto by = [&](const char* name, const char* en, const char* zh, Column key, const std::map<std::string, IntakeSum>& m) {
    ColumnSpec<IntakeSum> spec{{key, [](const IntakeSum& s) -> Value { return s.key; }},
                               intake_new(), intake_returning(), intake_within(), intake_notified(), intake_unknown()};
    std::vector<IntakeSum> rows;
    for (auto [k, s] : m) {
      s.key = k;
      rows.push_back(s);
    }
    out.push_back(report_table(spec, rows, name, en, zh, false));
  };
  by("intake_agents", "Intake by agent", "按客服登记", {"agent", "Agent", "客服"}, agents);
  by("intake_channels", "Intake by channel", "按渠道登记", Column{"channel", "Channel", "渠道"}.with_terms(vocab::channel), channels);
  by("intake_cities", "Intake by city", "按城市登记", {"city", "City", "城市"}, cities);
}

struct AssignTotal {
  std::int64_t assigned = 0, urgent = 0, in_time = 0, away = 0, pool_at_end = 0;
};

void assign_tables(const PeriodData& d, std::vector<Table>& out) {
  static const ColumnSpec<AssignCount> per{
      {{"sales", "Salesperson", "销售"}, [](const AssignCount& s) -> Value { return staff_label(s.sales); }},
      {{"assigned", "Assigned", "分配数"}, [](const AssignCount& s) -> Value { return s.assigned; }},
      {{"urgent", "Urgent", "加急"}, [](const AssignCount& s) -> Value { return s.urgent; }},
      {{"urgent_in_time", "Urgent in time", "加急按时联系"}, [](const AssignCount& s) -> Value { return s.urgent_in_time; }},
      {{"urgent_in_time_rate", "Urgent in-time rate", "加急按时率", Show::percent},
       [](const AssignCount& s) { return fig(metrics::ratio(s.urgent_in_time, s.urgent)); }},
      {{"reassigned_away", "Reassigned away", "被转走"}, [](const AssignCount& s) -> Value { return s.reassigned_away; }},
  };
  static const ColumnSpec<AssignTotal> summary{
      {{"assigned", "Assigned", "分配数"}, [](const AssignTotal& t) -> Value { return t.assigned; }},
      {{"urgent", "Urgent", "加急"}, [](const AssignTotal& t) -> Value { return t.urgent; }},
      {{"urgent_in_time_rate", "Urgent contacted in time", "加急按时联系率", Show::percent},
       [](const AssignTotal& t) { return fig(metrics::ratio(t.in_time, t.urgent)); }},
      {{"reassigned_away", "Reassigned", "转派"}, [](const AssignTotal& t) -> Value { return t.away; }},
      {{"pool_at_end", "Unclaimed pool at end", "期末待认领"}, [](const AssignTotal& t) -> Value { return t.pool_at_end; }},
  };
  AssignTotal total;
  total.pool_at_end = d.assign.pool_at_end;
  for (const auto& s : d.assign.sales) {
    total.assigned += s.assigned;
    total.urgent += s.urgent;
    total.in_time += s.urgent_in_time;
    total.away += s.reassigned_away;
  }
  out.push_back(report_table(summary, {total}, "assign", "Assignment", "客户分配", true));
  out.push_back(report_table(per, d.assign.sales, "assign_sales", "Assignments by salesperson", "按销售分配", false));
}

struct ComplaintSummary {
  const ComplaintData* data;
  const Headline* headline;
};

struct ComplaintSum {
  std::string key;
  std::int64_t opened = 0, resolved = 0;
};

void complaint_tables(const PeriodData& d, const Headline& h, std::vector<Table>& out) {
  using S = ComplaintSummary;
  static const ColumnSpec<S> summary{
      {{"opened", "Opened", "新增"}, [](const S& s) { return count_value(s.data->opened.size()); }},
      {{"resolved", "Resolved", "解决"}, [](const S& s) -> Value { return s.data->resolved; }},
      {{"closed", "Closed", "关闭"}, [](const S& s) -> Value { return s.data->closed; }},
      {{"reopened", "Reopened", "重开"}, [](const S& s) -> Value { return s.data->reopened; }},
      {{"open_at_end", "Open at end", "期末未结"}, [](const S& s) { return count_value(s.data->open_at_end.size()); }},
      {{"overdue", "Overdue at end", "期末超时"},
       [](const S& s) -> Value { return static_cast<std::int64_t>(s.headline->overdue.value_or(0)); }},
      {{"timeliness_rate", "Timeliness rate", "及时率", Show::percent}, [](const S& s) { return fig(s.headline->timeliness); }},
      {{"resolution_rate", "Resolution rate", "解决率", Show::percent}, [](const S& s) { return fig(s.headline->resolution); }},
      {{"first_contact_resolution", "First-contact resolution", "首次解决率", Show::percent},
       [](const S& s) { return fig(s.headline->first_contact_resolution); }},
      {{"mean_first_response", "Mean first response", "平均首次响应", Show::duration},
       [](const S& s) { return seconds(s.headline->mean_first_response); }},
      {{"p90_first_response", "90th pct first response", "首次响应90分位", Show::duration},
       [](const S& s) { return seconds(s.headline->p90_first_response); }},
      {{"mean_resolution", "Mean resolution", "平均解决时长", Show::duration},
       [](const S& s) { return seconds(s.headline->mean_resolution); }},
      {{"p90_resolution", "90th pct resolution", "解决时长90分位", Show::duration},
       [](const S& s) { return seconds(s.headline->p90_resolution); }},
  };
  out.push_back(report_table(summary, {{&d.complaints, &h}}, "complaints", "Complaints", "投诉处理", true));
  std::map<std::string, ComplaintSum> categories, priorities, causes;
  for (const auto& c : d.complaints.opened) {
    for (auto* m : {&categories[or_dash(c.category)], &priorities[c.priority], &causes[or_dash(c.cause)]}) {
      m->opened += 1;
      m->resolved += c.resolved_at.has_value();
    }
  }
  auto by = [&](const char* name, const char* en, const char* zh, Column key, const std::map<std::string, ComplaintSum>& m) {
    ColumnSpec<ComplaintSum> spec{
        {key, [](const ComplaintSum& s) -> Value { return s.key; }},
        {{"opened", "Opened", "新增"}, [](const ComplaintSum& s) -> Value { return s.opened; }},
        {{"resolved", "Resolved", "解决"}, [](const ComplaintSum& s) -> Value { return s.resolved; }},
        {{"resolution_rate", "Resolution rate", "解决率", Show::percent},
         [](const ComplaintSum& s) { return fig(metrics::resolution_rate(s.resolved, s.opened)); }},
    };
    std::vector<ComplaintSum> rows;
    for (auto [k, s] : sorted(m)) {
      s.key = k;
      rows.push_back(s);
    }
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.opened > b.opened; });
    out.push_back(report_table(spec, rows, name, en, zh, false));
  };
  by("complaints_by_category", "Complaints by category", "按类别",
     Column{"category", "Category", "类别"}.with_terms(vocab::complaint_category), categories);
  by("complaints_by_priority", "Complaints by priority", "按优先级",
     Column{"priority", "Priority", "优先级"}.with_terms(vocab::priority), priorities);
  by("complaints_by_cause", "Complaints by cause", "按原因", {"cause", "Cause", "原因分析"}, causes);
}

struct FactorRow {
  std::string factor;
  std::int64_t count = 0, revisits_done = 0;
};

void revisit_tables(const PeriodData& d, std::vector<Table>& out) {
  using R = RevisitData;
  static const ColumnSpec<R> summary{
      {{"planned", "Due", "应回访"}, [](const R& r) -> Value { return r.planned; }},
      {{"done", "Done", "已回访"}, [](const R& r) -> Value { return r.done; }},
      {{"overdue", "Overdue", "逾期"}, [](const R& r) -> Value { return r.overdue; }},
      {{"attempts", "Attempts", "拨打次数"}, [](const R& r) -> Value { return r.attempts; }},
      {{"reach_rate", "Reach rate", "接通率", Show::percent},
       [](const R& r) { return fig(metrics::reach_rate(r.reached, r.attempts)); }},
      {{"scored", "Scored", "评分数"}, [](const R& r) -> Value { return r.satisfaction.scored; }},
      {{"satisfaction_rate", "Satisfaction rate", "满意率", Show::percent},
       [](const R& r) { return fig(metrics::satisfaction_rate(r.satisfaction.satisfied, r.satisfaction.scored)); }},
      {{"csi", "CSI", "满意指数CSI"},
       [](const R& r) { return fig(metrics::csi(r.satisfaction.score_sum, r.satisfaction.scored)); }},
  };
  static const ColumnSpec<FactorRow> factors{
      {{"factor", "Factor", "问题因素"}, [](const FactorRow& f) -> Value { return f.factor; }},
      {{"count", "Count", "次数"}, [](const FactorRow& f) -> Value { return f.count; }},
      {{"share_of_done", "Share of revisits", "占回访比例", Show::percent},
       [](const FactorRow& f) { return fig(metrics::ratio(f.count, f.revisits_done)); }},
  };
  using A = RevisitAgentCount;
  static const ColumnSpec<A> agents{
      {{"agent", "Agent", "回访客服"}, [](const A& a) -> Value { return staff_label(a.agent); }},
      {{"done", "Done", "已回访"}, [](const A& a) -> Value { return a.done; }},
      {{"attempts", "Attempts", "拨打次数"}, [](const A& a) -> Value { return a.attempts; }},
      {{"reach_rate", "Reach rate", "接通率", Show::percent},
       [](const A& a) { return fig(metrics::reach_rate(a.reached, a.attempts)); }},
      {{"satisfaction_rate", "Satisfaction rate", "满意率", Show::percent},
       [](const A& a) { return fig(metrics::satisfaction_rate(a.satisfied, a.scored)); }},
      {{"csi", "CSI", "满意指数CSI"}, [](const A& a) { return fig(metrics::csi(a.score_sum, a.scored)); }},
  };
  const auto& r = d.revisits;
  out.push_back(report_table(summary, {r}, "revisits", "Revisits", "回访", true));
  std::vector<FactorRow> factor_rows;
  for (const auto& [f, n] : r.factors) factor_rows.push_back({f, n, r.done});
  out.push_back(report_table(factors, factor_rows, "revisit_factors", "Problem factors raised in revisits",
                             "回访问题因素统计", false));
  out.push_back(report_table(agents, r.agents, "revisit_agents", "Revisits by agent", "按回访客服", false));
}

void customer_tables(const PeriodData& d, std::vector<Table>& out) {
  using C = CustomerData;
  static const ColumnSpec<C> spec{
      {{"new_customers", "New customers", "新客户"}, [](const C& c) -> Value { return c.new_customers; }},
      {{"converted", "Potential → active", "潜在转现有"}, [](const C& c) -> Value { return c.converted; }},
      {{"became_at_risk", "Became at-risk", "转为准流失"}, [](const C& c) -> Value { return c.became_at_risk; }},
      {{"became_lost", "Became lost", "转为流失"}, [](const C& c) -> Value { return c.became_lost; }},
      {{"at_risk_now", "At-risk now", "当前准流失"}, [](const C& c) -> Value { return c.at_risk_now; }},
      {{"lost_now", "Lost now", "当前流失"}, [](const C& c) -> Value { return c.lost_now; }},
      {{"potential", "Potential in period", "期内潜在客户"}, [](const C& c) -> Value { return c.potential; }},
      {{"potential_converted", "Of them active", "其中转现有"}, [](const C& c) -> Value { return c.potential_converted; }},
      {{"conversion_rate", "Conversion rate", "潜在客户转化率", Show::percent},
       [](const C& c) { return fig(metrics::conversion_rate(c.potential_converted, c.potential)); }},
      {{"at_risk_at_start", "At-risk at start", "期初准流失"}, [](const C& c) -> Value { return c.at_risk_at_start; }},
      {{"recovered", "Of them active at end", "其中期末转现有"}, [](const C& c) -> Value { return c.recovered; }},
      {{"recovery_rate", "Recovery rate", "准流失挽回率", Show::percent},
       [](const C& c) { return fig(metrics::recovery_rate(c.recovered, c.at_risk_at_start)); }},
  };
  out.push_back(report_table(spec, {d.customers}, "customers", "Customers", "客户", true));
}

// One trend row: counts as they are, rates in percentage points, durations in hours.
enum class Unit { count, percent, hours };
Figure scaled(Figure f, Unit u) {
  if (!f) return f;
  if (u == Unit::percent) return *f * 100;
  if (u == Unit::hours) return *f / 3600;
  return f;
}
const char* unit_name(Unit u) { return u == Unit::percent ? "%" : u == Unit::hours ? "h" : ""; }

struct TrendRow {
  const char* key;
  const char* zh;
  Unit unit;
  Figure current, previous;
  metrics::Delta change;
};

struct SeriesPoint {
  std::string period;
  Figure satisfaction;
};

struct TargetRow {
  const char* key;
  std::string baseline_period;
  Figure baseline, goal, current, progress;
};

void trend_tables(const TrendInput& t, std::vector<Table>& out) {
  static const ColumnSpec<TrendRow> trend{
      {Column{"figure", "Figure", "指标代码"}.with_terms(vocab::report_figure), [](const TrendRow& r) -> Value { return r.key; }},
      {{"name_zh", "指标", "指标"}, [](const TrendRow& r) -> Value { return r.zh; }},
      {Column{"unit", "Unit", "单位"}.with_terms(vocab::report_unit), [](const TrendRow& r) -> Value { return unit_name(r.unit); }},
      {{"current", "This period", "本期", Show::plain, Personal::no, 1}, [](const TrendRow& r) { return fig(r.current); }},
      {{"previous", "Previous", "上期", Show::plain, Personal::no, 1}, [](const TrendRow& r) { return fig(r.previous); }},
      {{"change", "Change", "变化", Show::plain, Personal::no, 1}, [](const TrendRow& r) { return fig(r.change.absolute); }},
      {{"change_rate", "Change %", "变化率", Show::percent}, [](const TrendRow& r) { return fig(r.change.relative); }},
      {{"direction", "Trend", "趋势"},
       [](const TrendRow& r) -> Value {
         const auto& a = r.change.absolute;
         return !a ? "" : *a > 1e-9 ? "▲" : *a < -1e-9 ? "▼" : "=";
       }},
  };
  struct TrendFigure {
    const char* key;
    const char* zh;
    Figure Headline::*field;
    Unit unit;
  };
  const TrendFigure figures[] = {
      {"new_customers", "新客户", &Headline::new_customers, Unit::count},
      {"returning_contacts", "回头联系", &Headline::returning, Unit::count},
      {"registered_within_limit", "限时内登记率", &Headline::within_limit, Unit::percent},
      {"owner_notified_within_limit", "限时内通知负责人率", &Headline::owner_notified_within_limit, Unit::percent},
      {"assigned", "分配数", &Headline::assigned, Unit::count},
      {"urgent_contacted_in_time", "加急按时联系率", &Headline::urgent_in_time, Unit::percent},
      {"complaints_opened", "新增投诉", &Headline::complaints_opened, Unit::count},
      {"complaints_open_at_end", "期末未结投诉", &Headline::open_at_end, Unit::count},
      {"complaints_overdue", "期末超时投诉", &Headline::overdue, Unit::count},
      {"timeliness_rate", "及时率", &Headline::timeliness, Unit::percent},
      {"resolution_rate", "解决率", &Headline::resolution, Unit::percent},
      {"first_contact_resolution", "首次解决率", &Headline::first_contact_resolution, Unit::percent},
      {"mean_first_response", "平均首次响应", &Headline::mean_first_response, Unit::hours},
      {"mean_resolution", "平均解决时长", &Headline::mean_resolution, Unit::hours},
      {"p90_resolution", "解决时长90分位", &Headline::p90_resolution, Unit::hours},
      {"revisits_done", "已回访", &Headline::revisits_done, Unit::count},
      {"reach_rate", "接通率", &Headline::reach, Unit::percent},
      {"satisfaction_rate", "满意率", &Headline::satisfaction, Unit::percent},
      {"csi", "满意指数CSI", &Headline::csi, Unit::count},
      {"potential_to_active", "潜在转现有", &Headline::converted, Unit::count},
      {"conversion_rate", "潜在客户转化率", &Headline::conversion_rate, Unit::percent},
      {"recovery_rate", "准流失挽回率", &Headline::recovery_rate, Unit::percent},
  };
  std::vector<TrendRow> rows;
  for (const auto& f : figures) {
    Figure cur = scaled(t.current.*f.field, f.unit), prev = scaled(t.previous.*f.field, f.unit);
    rows.push_back({f.key, f.zh, f.unit, cur, prev, metrics::delta(cur, prev)});
  }
  out.push_back(report_table(trend, rows, "trend", "Trend against " + t.previous_label,
                             "与 " + t.previous_label + " 相比", false));

  static const ColumnSpec<SeriesPoint> series{
      {{"period", "Period", "期间"}, [](const SeriesPoint& p) -> Value { return p.period; }},
      {{"satisfaction_rate", "Satisfaction rate", "满意率", Show::percent},
       [](const SeriesPoint& p) { return fig(p.satisfaction); }},
      {{"bar", "Bar", "图示"},
       [](const SeriesPoint& p) -> Value { return p.satisfaction ? text_bar(*p.satisfaction) : std::string(); }},
  };
  std::vector<SeriesPoint> points;
  std::vector<Figure> values;
  for (const auto& [label, f] : t.satisfaction_series) {
    points.push_back({label, f});
    values.push_back(f);
  }
  out.push_back(report_table(series, points, "satisfaction_trend", "Satisfaction rate by period " + sparkline(values),
                             "满意率走势", false));

  if (!t.satisfaction_baseline && !t.resolution_time_baseline && !t.repeat_purchase_baseline) return;
  static const ColumnSpec<TargetRow> targets{
      {Column{"target", "Target", "目标"}.with_terms(vocab::report_target), [](const TargetRow& r) -> Value { return r.key; }},
      {{"baseline_period", "Baseline period", "基期"}, [](const TargetRow& r) -> Value { return r.baseline_period; }},
      {{"baseline", "Baseline", "基期值", Show::plain, Personal::no, 1}, [](const TargetRow& r) { return fig(r.baseline); }},
      {{"goal", "Goal", "目标值", Show::plain, Personal::no, 1}, [](const TargetRow& r) { return fig(r.goal); }},
      {{"current", "Now", "本期", Show::plain, Personal::no, 1}, [](const TargetRow& r) { return fig(r.current); }},
      {{"progress", "Progress", "完成度", Show::percent}, [](const TargetRow& r) { return fig(r.progress); }},
      {{"bar", "Bar", "进度条"}, [](const TargetRow& r) -> Value { return r.progress ? text_bar(*r.progress) : std::string(); }},
  };
  std::vector<TargetRow> target_rows;
  auto add = [&](const char* key, const std::pair<std::string, Figure>& base, Figure current, double gain,
                 bool lower_is_better, Unit unit) {
    auto p = metrics::target_progress(base.second, current, gain, lower_is_better);
    target_rows.push_back(
        {key, base.first, scaled(base.second, unit), scaled(p.goal, unit), scaled(current, unit), p.progress});
  };
  if (t.satisfaction_baseline)
    add("satisfaction_rate_gain", *t.satisfaction_baseline, t.current.satisfaction, t.satisfaction_gain, false,
        Unit::percent);
  if (t.resolution_time_baseline)
    add("complaint_handling_efficiency_gain", *t.resolution_time_baseline, t.current.mean_resolution,
        t.efficiency_gain, true, Unit::hours);
  if (t.repeat_purchase_baseline) {
    const auto& [label, base] = *t.repeat_purchase_baseline;
    target_rows.push_back({"repeat_purchase_rate", label, scaled(base, Unit::percent),
                           scaled(t.repeat_purchase_goal, Unit::percent), scaled(t.repeat_purchase_now, Unit::percent),
                           progress_toward(base, t.repeat_purchase_now, t.repeat_purchase_goal)});
  }
  out.push_back(report_table(targets, target_rows, "targets", "Targets (seed 002)", "目标进度", false));
}

Period step_back(const Period& p, Span span) {
  return span == Span::month ? previous_period(p) : iso_week_containing(p.begin - 1);
}

}  // namespace

std::string text_bar(double share, int width) {
  int filled = static_cast<int>(std::lround(std::clamp(share, 0.0, 1.0) * width));
  std::string s;
  for (int i = 0; i < width; ++i) s += i < filled ? "█" : "░";
  return s;
}

std::string sparkline(const std::vector<Figure>& values) {
  static const char* levels[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  double lo = 0, hi = 0;
  bool any = false;
  for (const auto& v : values) {
    if (!v) continue;
    lo = any ? std::min(lo, *v) : *v;
    hi = any ? std::max(hi, *v) : *v;
    any = true;
  }
  std::string s;
  for (const auto& v : values) {
    if (!v) {
      s += " ";
      continue;
    }
    int level = hi > lo ? static_cast<int>(std::lround((*v - lo) / (hi - lo) * 7)) : 3;
    s += levels[level];
  }
  return s;
}

TrendInput trend_input(ReportStore& store, const PeriodData& current, Span span, const ReportPolicy& policy, Epoch now) {
  TrendInput t;
  t.current = headline(current, policy, now);
  Period prev = step_back(current.period, span);
  t.previous = headline(read_period(store, prev, {Section::trend}, policy, now), policy, now);
  t.previous_label = prev.label;
  // Six periods up to this one; the last two were read above.
  std::vector<Period> earlier{step_back(prev, span)};
  for (int i = 0; i < 3; ++i) earlier.insert(earlier.begin(), step_back(earlier.front(), span));
  for (const auto& p : earlier) {
    auto s = store.satisfaction(p.begin, p.end, policy.satisfied_min);
    t.satisfaction_series.emplace_back(p.label, metrics::satisfaction_rate(s.satisfied, s.scored));
  }
  t.satisfaction_series.emplace_back(prev.label, t.previous.satisfaction);
  t.satisfaction_series.emplace_back(current.period.label, t.current.satisfaction);
  if (span != Span::month) return t;
  t.satisfaction_gain = policy.satisfaction_gain;
  t.efficiency_gain = policy.efficiency_gain;
  auto months_back = [&](std::int64_t months) {
    Period base = current.period;
    for (auto i = months; i > 0; --i) base = previous_period(base);
    return base;
  };
  Period base = months_back(policy.satisfaction_months);
  auto known = std::find_if(t.satisfaction_series.begin(), t.satisfaction_series.end(),
                            [&](const auto& point) { return point.first == base.label; });
  if (known != t.satisfaction_series.end()) {
    t.satisfaction_baseline = *known;
  } else {
    auto s = store.satisfaction(base.begin, base.end, policy.satisfied_min);
    t.satisfaction_baseline = {base.label, metrics::satisfaction_rate(s.satisfied, s.scored)};
  }
  base = months_back(policy.efficiency_months);
  PeriodData old;
  old.period = base;
  old.complaints.opened = store.complaints_opened(base.begin, base.end, now);
  t.resolution_time_baseline = {base.label, headline(old, policy, now).mean_resolution};
  // Repeat purchases: the window ends with the month; its baseline is the month purchases began.
  PurchaseStore purchases(store.database());
  auto first = purchases.first_purchase();
  if (first && *first < current.period.end) {
    auto rate_at = [&](Epoch end) {
      LocalTime e = to_local(end);
      BuyerCounts b = purchases.buyers(from_local(e.year - static_cast<int>(policy.repeat_purchase_years), e.month, e.day), end);
      return repeat_purchase_rate(b.buyers, b.repeat_buyers);
    };
    Period began = month_containing(*first);
    t.repeat_purchase_baseline = {began.label, rate_at(began.end)};
    t.repeat_purchase_now = rate_at(current.period.end);
    t.repeat_purchase_goal = policy.repeat_purchase_rate;
  }
  return t;
}

std::vector<Table> report_tables(const PeriodData& d, const std::vector<Section>& sections, const ReportPolicy& policy,
                                 Epoch now, const std::optional<TrendInput>& trend) {
  std::vector<Table> out;
  out.push_back(period_table(d.period));
  Headline h = headline(d, policy, now);
  for (Section s : sections) {
    switch (s) {
      case Section::intake: intake_tables(d, out); break;
      case Section::assign: assign_tables(d, out); break;
      case Section::complaints: complaint_tables(d, h, out); break;
      case Section::revisits: revisit_tables(d, out); break;
      case Section::customers: customer_tables(d, out); break;
      case Section::trend:
        if (trend) trend_tables(*trend, out);
        break;
    }
  }
  return out;
}

Report build_report(Database& db, const ReportRequest& request, const ReportPolicy& policy, Epoch now) {
  ReportStore store(db);
  Report report;
  PeriodData data = read_period(store, request.period, request.sections, policy, now);
  if (std::find(request.sections.begin(), request.sections.end(), Section::trend) != request.sections.end())
    report.trend = trend_input(store, data, request.span, policy, now);
  report.tables = report_tables(data, request.sections, policy, now, report.trend);
  if (request.issued) {
    report.issue_kind = request.span == Span::month ? "report-monthly" : "report-weekly";
    report.issue = issue_figures(
        db, {report.issue_kind, request.period, request.freeze_as, request.recompute}, report.tables, now);
  }
  return report;
}

std::vector<Chart> report_charts(const Report& report, Lang lang) {
  bool zh = lang == Lang::zh;
  std::vector<Chart> charts;
  // Bars from the tables as shown (a frozen report's: the issued figures); the line from the trend.
  auto bars = [&](const char* table, const char* en, const char* zh_title, std::size_t value_column) {
    for (const auto& t : report.tables) {
      if (t.name != table) continue;
      Chart c{Chart::Kind::bars, zh ? zh_title : en, {}, false};
      for (const auto& row : t.rows) {
        auto label = std::holds_alternative<std::string>(row[0]) ? std::get<std::string>(row[0]) : std::string();
        if (t.columns[0].terms) label = term_in(t.columns[0].terms, label, lang);
        auto v = std::holds_alternative<std::int64_t>(row[value_column])
                     ? std::optional<double>(std::get<std::int64_t>(row[value_column]))
                     : std::nullopt;
        c.points.emplace_back(label, v);
      }
      charts.push_back(c);
    }
  };
  bars("intake_agents", "New customers registered per agent", "各客服新客户登记数", 1);
  bars("complaints_by_category", "Complaints by category", "投诉类别分布", 1);
  if (report.trend) {
    Chart line{Chart::Kind::line, zh ? "满意率走势" : "Satisfaction rate trend", {}, true};
    for (const auto& [label, f] : report.trend->satisfaction_series) line.points.emplace_back(label, f);
    charts.push_back(line);
  }
  return charts;
}

}  // namespace csdesk
