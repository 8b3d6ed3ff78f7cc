#include "report/reporting.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "util/error.hpp"
#include "util/text.hpp"

namespace csdesk {
namespace {

using metrics::Figure;

Value fig(Figure f) { return f ? Value{*f} : Value{}; }
Value count_value(std::int64_t n) { return Value{n}; }
Figure as_figure(std::int64_t n) { return static_cast<double>(n); }

std::string staff_label(const StaffRef& s) {
  if (!s.id) return "-";
  return s.number + " " + s.name;
}
std::string or_dash(const std::string& s) { return s.empty() ? "-" : s; }

template <typename Key, typename Row>
std::vector<std::pair<Key, Row>> sorted(const std::map<Key, Row>& m) {
  return {m.begin(), m.end()};
}

}  // namespace

ComplaintClock::ComplaintClock(const Config& config)
    : config_(config),
      calendar_(WorkCalendar::from_settings(config.flag("sla.calendar"), config.list("sla.work_days"),
                                            config.text("sla.work_hours"), config.list("sla.holidays"))) {}

std::int64_t ComplaintClock::response_limit(const std::string& priority) const {
  return config_.integer("sla.first_response_hours." + priority) * 3600;
}
std::int64_t ComplaintClock::resolution_limit(const std::string& priority) const {
  return config_.integer("sla.resolution_hours." + priority) * 3600;
}
SlaClock ComplaintClock::clock(const ComplaintRow& c, std::int64_t budget, Epoch stop, bool stopped) const {
  std::vector<Interval> pauses;
  for (auto [begin, end] : c.pauses) pauses.push_back({begin, end});
  return sla_clock(calendar_, c.received_at, budget, pauses, stop, stopped);
}
std::int64_t ComplaintClock::elapsed(const ComplaintRow& c, Epoch to) const {
  return clock(c, resolution_limit(c.priority), to, false).elapsed;
}
std::optional<std::int64_t> ComplaintClock::first_response(const ComplaintRow& c) const {
  if (!c.first_response_at) return std::nullopt;
  return clock(c, response_limit(c.priority), *c.first_response_at, true).elapsed;
}
std::optional<std::int64_t> ComplaintClock::resolution(const ComplaintRow& c) const {
  if (!c.resolved_at) return std::nullopt;
  return clock(c, resolution_limit(c.priority), *c.resolved_at, true).elapsed;
}
bool ComplaintClock::on_time(const ComplaintRow& c) const {
  if (!c.first_response_at || !c.resolved_at) return false;
  return !clock(c, response_limit(c.priority), *c.first_response_at, true).breached &&
         !clock(c, resolution_limit(c.priority), *c.resolved_at, true).breached;
}
bool ComplaintClock::settled(const ComplaintRow& c, Epoch now) const {
  return c.resolved_at || clock(c, resolution_limit(c.priority), now, false).breached;
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

PeriodData read_period(ReportStore& store, const Period& p, const std::vector<Section>& sections, const Config& config,
                       Epoch now) {
  PeriodData d;
  d.period = p;
  auto wants = [&](Section s) {
    return std::find(sections.begin(), sections.end(), s) != sections.end() ||
           std::find(sections.begin(), sections.end(), Section::trend) != sections.end();
  };
  if (wants(Section::intake)) d.intake = store.intake(p.begin, p.end);
  if (wants(Section::assign)) d.assign = store.assignments(p.begin, p.end);
  if (wants(Section::complaints)) d.complaints = store.complaints(p.begin, p.end, now);
  if (wants(Section::revisits))
    d.revisits = store.revisits(p.begin, p.end, static_cast<int>(config.integer("revisit.satisfied_min")));
  if (wants(Section::customers)) d.customers = store.customers(p.begin, p.end);
  return d;
}

Headline headline(const PeriodData& d, const Config& config, Epoch now) {
  Headline h;
  ComplaintClock clock(config);
  std::int64_t new_customers = 0, returning = 0, contacts = 0, within = 0;
  for (const auto& c : d.intake) {
    new_customers += c.new_customers;
    returning += c.returning;
    contacts += c.contacts;
    within += c.within_limit;
  }
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
    if (clock.settled(c, now)) {
      ++due;
      on_time += clock.on_time(c);
    }
    if (c.resolved_at) {
      ++resolved;
      // First-contact resolution: resolved at the first response, never escalated or reopened.
      first_contact += c.reopened_count == 0 && c.escalation_level == 0 &&
                       (!c.first_response_at || *c.first_response_at >= *c.resolved_at);
    }
    if (auto fr = clock.first_response(c)) responses.push_back(*fr);
    if (auto res = clock.resolution(c)) resolutions.push_back(*res);
  }
  h.complaints_opened = as_figure(static_cast<std::int64_t>(opened.size()));
  h.open_at_end = as_figure(static_cast<std::int64_t>(d.complaints.open_at_end.size()));
  std::int64_t overdue = 0;
  for (const auto& c : d.complaints.open_at_end) overdue += clock.elapsed(c, std::min(d.period.end, now)) > clock.resolution_limit(c.priority);
  h.overdue = as_figure(overdue);
  h.timeliness = metrics::timeliness_rate(on_time, due);
  h.resolution = metrics::resolution_rate(resolved, static_cast<std::int64_t>(opened.size()));
  h.first_contact_resolution = metrics::ratio(first_contact, static_cast<std::int64_t>(opened.size()));
  h.mean_first_response = metrics::mean(responses);
  h.mean_resolution = metrics::mean(resolutions);
  h.p90_resolution = metrics::p90(resolutions);

  const auto& r = d.revisits;
  h.revisits_done = as_figure(r.done);
  h.reach = metrics::reach_rate(r.reached, r.attempts);
  h.satisfaction = metrics::satisfaction_rate(r.satisfaction.satisfied, r.satisfaction.scored);
  h.csi = metrics::csi(r.satisfaction.score_sum, r.satisfaction.scored);
  h.converted = as_figure(d.customers.converted);
  return h;
}

namespace {

void intake_tables(const PeriodData& d, std::vector<Table>& out) {
  struct Sum {
    std::int64_t new_customers = 0, returning = 0, contacts = 0, within = 0;
    void add(const IntakeCount& c) {
      new_customers += c.new_customers;
      returning += c.returning;
      contacts += c.contacts;
      within += c.within_limit;
    }
  };
  std::map<std::string, Sum> agents, channels, cities;
  Sum total;
  for (const auto& c : d.intake) {
    agents[staff_label(c.agent)].add(c);
    channels[or_dash(c.channel)].add(c);
    cities[or_dash(c.city)].add(c);
    total.add(c);
  }
  Column new_col{"new_customers", "New customers", "新客户"}, ret_col{"returning_contacts", "Returning", "回头联系"},
      share_col{"within_limit", "Within limit", "限时内登记率", Show::percent};
  Table summary{"intake", "Intake", "接待登记", {new_col, ret_col, {"contacts", "Contacts", "联系次数"}, share_col}, {}, true};
  summary.add_row({total.new_customers, total.returning, total.contacts, fig(metrics::ratio(total.within, total.contacts))});
  out.push_back(summary);
  auto by = [&](const char* name, const char* en, const char* zh, Column key, const std::map<std::string, Sum>& m) {
    Table t{name, en, zh, {key, new_col, ret_col, share_col}, {}, false};
    for (const auto& [k, s] : m) t.add_row({k, s.new_customers, s.returning, fig(metrics::ratio(s.within, s.contacts))});
    out.push_back(t);
  };
  by("intake_agents", "Intake by agent", "按客服登记", {"agent", "Agent", "客服"}, agents);
  by("intake_channels", "Intake by channel", "按渠道登记", {"channel", "Channel", "渠道"}, channels);
  by("intake_cities", "Intake by city", "按城市登记", {"city", "City", "城市"}, cities);
}

void assign_tables(const PeriodData& d, std::vector<Table>& out) {
  Table per{"assign_sales", "Assignments by salesperson", "按销售分配",
            {{"sales", "Salesperson", "销售"},
             {"assigned", "Assigned", "分配数"},
             {"urgent", "Urgent", "加急"},
             {"urgent_in_time", "Urgent in time", "加急按时联系"},
             {"urgent_in_time_rate", "Urgent in-time rate", "加急按时率", Show::percent},
             {"reassigned_away", "Reassigned away", "被转走"}},
            {}, false};
  std::int64_t assigned = 0, urgent = 0, in_time = 0, away = 0;
  for (const auto& s : d.assign.sales) {
    per.add_row({staff_label(s.sales), s.assigned, s.urgent, s.urgent_in_time,
                 fig(metrics::ratio(s.urgent_in_time, s.urgent)), s.reassigned_away});
    assigned += s.assigned;
    urgent += s.urgent;
    in_time += s.urgent_in_time;
    away += s.reassigned_away;
  }
  Table summary{"assign", "Assignment", "客户分配",
                {{"assigned", "Assigned", "分配数"},
                 {"urgent", "Urgent", "加急"},
                 {"urgent_in_time_rate", "Urgent contacted in time", "加急按时联系率", Show::percent},
                 {"reassigned_away", "Reassigned", "转派"},
                 {"pool_at_end", "Unclaimed pool at end", "期末待认领"}},
                {}, true};
  summary.add_row({assigned, urgent, fig(metrics::ratio(in_time, urgent)), away, d.assign.pool_at_end});
  out.push_back(summary);
  out.push_back(per);
}

void complaint_tables(const PeriodData& d, const Headline& h, const Config& config, std::vector<Table>& out) {
  Table summary{"complaints", "Complaints", "投诉处理",
                {{"opened", "Opened", "新增"},
                 {"resolved", "Resolved", "解决"},
                 {"closed", "Closed", "关闭"},
                 {"reopened", "Reopened", "重开"},
                 {"open_at_end", "Open at end", "期末未结"},
                 {"overdue", "Overdue at end", "期末超时"},
                 {"timeliness_rate", "Timeliness rate", "及时率", Show::percent},
                 {"resolution_rate", "Resolution rate", "解决率", Show::percent},
                 {"first_contact_resolution", "First-contact resolution", "首次解决率", Show::percent},
                 {"mean_first_response", "Mean first response", "平均首次响应", Show::duration},
                 {"p90_first_response", "90th pct first response", "首次响应90分位", Show::duration},
                 {"mean_resolution", "Mean resolution", "平均解决时长", Show::duration},
                 {"p90_resolution", "90th pct resolution", "解决时长90分位", Show::duration}},
                {}, true};
  ComplaintClock clock(config);
  std::vector<std::int64_t> responses;
  for (const auto& c : d.complaints.opened)
    if (auto fr = clock.first_response(c)) responses.push_back(*fr);
  auto seconds = [](Figure f) { return f ? Value{static_cast<std::int64_t>(std::llround(*f))} : Value{}; };
  summary.add_row({count_value(d.complaints.opened.size()), d.complaints.resolved, d.complaints.closed,
                   d.complaints.reopened, count_value(d.complaints.open_at_end.size()),
                   static_cast<std::int64_t>(h.overdue.value_or(0)), fig(h.timeliness), fig(h.resolution),
                   fig(h.first_contact_resolution), seconds(h.mean_first_response), seconds(metrics::p90(responses)),
                   seconds(h.mean_resolution), seconds(h.p90_resolution)});
  out.push_back(summary);
  struct Sum {
    std::int64_t opened = 0, resolved = 0, due = 0, on_time = 0;
  };
  std::map<std::string, Sum> categories, priorities, causes;
  for (const auto& c : d.complaints.opened) {
    for (auto* m : {&categories[or_dash(c.category)], &priorities[c.priority], &causes[or_dash(c.cause)]}) {
      m->opened += 1;
      m->resolved += c.resolved_at.has_value();
    }
  }
  auto by = [&](const char* name, const char* en, const char* zh, Column key, const std::map<std::string, Sum>& m) {
    Table t{name, en, zh,
            {key, {"opened", "Opened", "新增"}, {"resolved", "Resolved", "解决"},
             {"resolution_rate", "Resolution rate", "解决率", Show::percent}},
            {}, false};
    auto rows = sorted(m);
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second.opened > b.second.opened; });
    for (const auto& [k, s] : rows) t.add_row({k, s.opened, s.resolved, fig(metrics::resolution_rate(s.resolved, s.opened))});
    out.push_back(t);
  };
  by("complaints_by_category", "Complaints by category", "按类别", {"category", "Category", "类别"}, categories);
  by("complaints_by_priority", "Complaints by priority", "按优先级", {"priority", "Priority", "优先级"}, priorities);
  by("complaints_by_cause", "Complaints by cause", "按原因", {"cause", "Cause", "原因分析"}, causes);
}

void revisit_tables(const PeriodData& d, std::vector<Table>& out) {
  const auto& r = d.revisits;
  Table summary{"revisits", "Revisits", "回访",
                {{"planned", "Due", "应回访"},
                 {"done", "Done", "已回访"},
                 {"overdue", "Overdue", "逾期"},
                 {"attempts", "Attempts", "拨打次数"},
                 {"reach_rate", "Reach rate", "接通率", Show::percent},
                 {"scored", "Scored", "评分数"},
                 {"satisfaction_rate", "Satisfaction rate", "满意率", Show::percent},
                 {"csi", "CSI", "满意指数CSI"}},
                {}, true};
  summary.add_row({r.planned, r.done, r.overdue, r.attempts, fig(metrics::reach_rate(r.reached, r.attempts)),
                   r.satisfaction.scored,
                   fig(metrics::satisfaction_rate(r.satisfaction.satisfied, r.satisfaction.scored)),
                   fig(metrics::csi(r.satisfaction.score_sum, r.satisfaction.scored))});
  out.push_back(summary);
  Table factors{"revisit_factors", "Problem factors raised in revisits", "回访问题因素统计",
                {{"factor", "Factor", "问题因素"},
                 {"count", "Count", "次数"},
                 {"share_of_done", "Share of revisits", "占回访比例", Show::percent}},
                {}, false};
  for (const auto& [f, n] : r.factors) factors.add_row({f, n, fig(metrics::ratio(n, r.done))});
  out.push_back(factors);
  Table agents{"revisit_agents", "Revisits by agent", "按回访客服",
               {{"agent", "Agent", "回访客服"},
                {"done", "Done", "已回访"},
                {"attempts", "Attempts", "拨打次数"},
                {"reach_rate", "Reach rate", "接通率", Show::percent},
                {"satisfaction_rate", "Satisfaction rate", "满意率", Show::percent},
                {"csi", "CSI", "满意指数CSI"}},
               {}, false};
  for (const auto& a : r.agents)
    agents.add_row({staff_label(a.agent), a.done, a.attempts, fig(metrics::reach_rate(a.reached, a.attempts)),
                    fig(metrics::satisfaction_rate(a.satisfied, a.scored)), fig(metrics::csi(a.score_sum, a.scored))});
  out.push_back(agents);
}

void customer_tables(const PeriodData& d, std::vector<Table>& out) {
  const auto& c = d.customers;
  Table t{"customers", "Customers", "客户",
          {{"new_customers", "New customers", "新客户"},
           {"converted", "Potential → active", "潜在转现有"},
           {"became_at_risk", "Became at-risk", "转为准流失"},
           {"became_lost", "Became lost", "转为流失"},
           {"at_risk_now", "At-risk now", "当前准流失"},
           {"lost_now", "Lost now", "当前流失"}},
          {}, true};
  t.add_row({c.new_customers, c.converted, c.became_at_risk, c.became_lost, c.at_risk_now, c.lost_now});
  out.push_back(t);
}

// One trend row: counts as they are, rates in percentage points, durations in hours.
enum class Unit { count, percent, hours };
Figure scaled(Figure f, Unit u) {
  if (!f) return f;
  if (u == Unit::percent) return *f * 100;
  if (u == Unit::hours) return *f / 3600;
  return f;
}

void trend_tables(const TrendInput& t, std::vector<Table>& out) {
  Table trend{"trend", "Trend against " + t.previous_label, "与 " + t.previous_label + " 相比",
              {{"figure", "Figure", "指标代码"},
               {"name_zh", "指标", "指标"},
               {"unit", "Unit", "单位"},
               {"current", "This period", "本期", Show::plain, Personal::no, 1},
               {"previous", "Previous", "上期", Show::plain, Personal::no, 1},
               {"change", "Change", "变化", Show::plain, Personal::no, 1},
               {"change_rate", "Change %", "变化率", Show::percent},
               {"direction", "Trend", "趋势"}},
              {}, false};
  struct Row {
    const char* key;
    const char* zh;
    Figure Headline::*field;
    Unit unit;
  };
  const Row rows[] = {
      {"new_customers", "新客户", &Headline::new_customers, Unit::count},
      {"returning_contacts", "回头联系", &Headline::returning, Unit::count},
      {"registered_within_limit", "限时内登记率", &Headline::within_limit, Unit::percent},
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
  };
  for (const auto& r : rows) {
    Figure cur = scaled(t.current.*r.field, r.unit), prev = scaled(t.previous.*r.field, r.unit);
    auto d = metrics::delta(cur, prev);
    std::string arrow = !d.absolute ? "" : *d.absolute > 1e-9 ? "▲" : *d.absolute < -1e-9 ? "▼" : "=";
    const char* unit = r.unit == Unit::percent ? "%" : r.unit == Unit::hours ? "h" : "";
    trend.add_row({r.key, r.zh, unit, fig(cur), fig(prev), fig(d.absolute), fig(d.relative), arrow});
  }
  out.push_back(trend);

  Table series{"satisfaction_trend", "Satisfaction rate by period " + sparkline([&] {
                 std::vector<Figure> v;
                 for (const auto& p : t.satisfaction_series) v.push_back(p.second);
                 return v;
               }()),
               "满意率走势",
               {{"period", "Period", "期间"}, {"satisfaction_rate", "Satisfaction rate", "满意率", Show::percent},
                {"bar", "Bar", "图示"}},
               {}, false};
  for (const auto& [label, f] : t.satisfaction_series) series.add_row({label, fig(f), f ? text_bar(*f) : std::string()});
  out.push_back(series);

  if (!t.satisfaction_baseline && !t.resolution_time_baseline) return;
  Table targets{"targets", "Targets (seed 002)", "目标进度",
                {{"target", "Target", "目标"},
                 {"baseline_period", "Baseline period", "基期"},
                 {"baseline", "Baseline", "基期值", Show::plain, Personal::no, 1},
                 {"goal", "Goal", "目标值", Show::plain, Personal::no, 1},
                 {"current", "Now", "本期", Show::plain, Personal::no, 1},
                 {"progress", "Progress", "完成度", Show::percent},
                 {"bar", "Bar", "进度条"}},
                {}, false};
  auto add = [&](const char* key, const std::pair<std::string, Figure>& base, Figure current, double gain,
                 bool lower_is_better, Unit unit) {
    auto p = metrics::target_progress(base.second, current, gain, lower_is_better);
    targets.add_row({key, base.first, fig(scaled(base.second, unit)), fig(scaled(p.goal, unit)), fig(scaled(current, unit)),
                     fig(p.progress), p.progress ? text_bar(*p.progress) : std::string()});
  };
  if (t.satisfaction_baseline)
    add("satisfaction_rate_gain", *t.satisfaction_baseline, t.current.satisfaction, t.satisfaction_gain, false,
        Unit::percent);
  if (t.resolution_time_baseline)
    add("complaint_handling_efficiency_gain", *t.resolution_time_baseline, t.current.mean_resolution,
        t.efficiency_gain, true, Unit::hours);
  out.push_back(targets);
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

std::vector<Table> report_tables(const PeriodData& d, const std::vector<Section>& sections, const Config& config,
                                 Epoch now, const std::optional<TrendInput>& trend) {
  std::vector<Table> out;
  Table period{"period", "Period", "报表期间",
               {{"period", "Period", "期间"}, {"from", "From", "起"}, {"until", "Until", "止", Show::time}}, {}, true};
  period.columns[1].show = Show::time;
  period.add_row({d.period.label, d.period.begin, d.period.end});
  out.push_back(period);
  Headline h = headline(d, config, now);
  for (Section s : sections) {
    switch (s) {
      case Section::intake: intake_tables(d, out); break;
      case Section::assign: assign_tables(d, out); break;
      case Section::complaints: complaint_tables(d, h, config, out); break;
      case Section::revisits: revisit_tables(d, out); break;
      case Section::customers: customer_tables(d, out); break;
      case Section::trend:
        if (trend) trend_tables(*trend, out);
        break;
    }
  }
  return out;
}

}  // namespace csdesk
