#include "report/daily.hpp"

#include <algorithm>
#include <map>

#include "config/policies.hpp"
#include "output/columns.hpp"
#include "store/staff.hpp"
#include "util/error.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

namespace csdesk {
namespace {

Value fig(metrics::Figure f) { return f ? Value{*f} : Value{}; }

std::string staff_label(const StaffRef& s) { return s.id ? s.number + " " + s.name : std::string("-"); }

std::map<std::optional<std::int64_t>, std::pair<StaffRef, std::int64_t>> per_agent(const std::vector<IntakeCount>& rows) {
  std::map<std::optional<std::int64_t>, std::pair<StaffRef, std::int64_t>> out;
  for (const auto& c : rows) {
    if (c.new_customers == 0) continue;
    auto& slot = out[c.agent.id];
    slot.first = c.agent;
    slot.second += c.new_customers;
  }
  return out;
}

template <class Record>
Table titled(const ColumnSpec<Record>& spec, const std::vector<Record>& records, std::string name, std::string en,
             std::string zh, bool single) {
  Table t = spec.table(records, Format::csv, std::move(name));
  t.title_en = std::move(en);
  t.title_zh = std::move(zh);
  t.single = single;
  return t;
}

}  // namespace

metrics::Figure DailyReport::day_share() const { return metrics::ratio(day_total, daily_target); }

double DailyReport::expected_so_far() const {
  if (working_days_in_month == 0) return 0;
  return static_cast<double>(monthly_target) * working_days_so_far / working_days_in_month;
}

metrics::Figure DailyReport::progress() const {
  double expected = expected_so_far();
  if (expected <= 0) return std::nullopt;
  return static_cast<double>(month_so_far) / expected;
}

std::int64_t DailyReport::remaining() const { return std::max<std::int64_t>(0, monthly_target - month_so_far); }

metrics::Figure DailyReport::needed_per_day_left() const {
  int left = working_days_in_month - working_days_so_far;
  if (left <= 0) return std::nullopt;
  return static_cast<double>(remaining()) / left;
}

DailyReport daily_report(Database& db, const Config& config, const std::string& date, Epoch now) {
  LocalTime d = date.empty() ? to_local(now) : parse_date(nfkc(date, "--date"), "--date");
  Epoch day_begin = from_local(d.year, d.month, d.day);
  if (day_begin > now)
    fail_invalid("--date: {} is in the future; give today or an earlier day", format_date(day_begin));
  Epoch day_end = from_local(d.year, d.month, d.day + 1);
  Epoch month_begin = from_local(d.year, d.month, 1);

  DailyReport r;
  r.date = format_date(day_begin);
  r.month = r.date.substr(0, 7);
  r.daily_target = config.integer("intake.daily_target");
  r.monthly_target = config.integer("intake.monthly_target");
  // The department's working days: the calendar's weekdays, holidays and make-up days, whether or
  // not the SLA clocks count working time only (sla.calendar).
  const WorkCalendar cal = sla_policy(config).calendar;
  r.working_day = cal.works(d.year, d.month, d.day);
  for (int day = 1; day <= days_in_month(d.year, d.month); ++day)
    if (cal.works(d.year, d.month, day)) {
      ++r.working_days_in_month;
      if (day <= d.day) ++r.working_days_so_far;
    }

  ReportStore store(db);
  const std::int64_t limit = config.integer("intake.register_limit_minutes") * 60;
  auto today = per_agent(store.intake(day_begin, day_end, limit));
  auto month = per_agent(store.intake(month_begin, day_end, limit));
  std::map<std::optional<std::int64_t>, DailyAgent> agents;
  for (const auto& s : StaffStore(db).active_with_role("consult"))
    agents[s.id].agent = StaffRef{s.id, s.number, s.name};
  for (const auto& [id, v] : month) {
    agents[id].agent = v.first;
    agents[id].month_so_far = v.second;
    r.month_so_far += v.second;
  }
  for (const auto& [id, v] : today) {
    agents[id].agent = v.first;
    agents[id].day = v.second;
    r.day_total += v.second;
  }
  for (auto& [id, a] : agents) r.agents.push_back(a);
  std::stable_sort(r.agents.begin(), r.agents.end(), [](const DailyAgent& a, const DailyAgent& b) {
    if (a.agent.id.has_value() != b.agent.id.has_value()) return a.agent.id.has_value();
    return a.agent.number < b.agent.number;
  });
  return r;
}

std::vector<Table> daily_tables(const DailyReport& r) {
  using R = DailyReport;
  static const ColumnSpec<R> department{
      {{"date", "Date", "日期"}, [](const R& x) -> Value { return x.date; }},
      {{"working_day", "Working day", "工作日"}, [](const R& x) -> Value { return x.working_day; }},
      {{"registrations", "Registrations", "登记客户数"}, [](const R& x) -> Value { return x.day_total; }},
      {{"daily_target", "Daily target", "日目标"}, [](const R& x) -> Value { return x.daily_target; }},
      {{"of_daily_target", "Of daily target", "日目标完成率", Show::percent}, [](const R& x) { return fig(x.day_share()); }},
      {{"month", "Month", "月份"}, [](const R& x) -> Value { return x.month; }},
      {{"month_registrations", "Month so far", "本月累计登记"}, [](const R& x) -> Value { return x.month_so_far; }},
      {{"working_days_so_far", "Working days so far", "本月已过工作日"}, [](const R& x) -> Value { return std::int64_t{x.working_days_so_far}; }},
      {{"working_days_in_month", "Working days in month", "本月工作日"}, [](const R& x) -> Value { return std::int64_t{x.working_days_in_month}; }},
      {{"monthly_target", "Monthly target", "月目标"}, [](const R& x) -> Value { return x.monthly_target; }},
      {{"expected_so_far", "Expected so far", "按工作日应完成", Show::plain, Personal::no, 1},
       [](const R& x) -> Value { return x.expected_so_far(); }},
      {{"progress", "Progress", "进度完成率", Show::percent}, [](const R& x) { return fig(x.progress()); }},
      {{"remaining", "Remaining", "尚差"}, [](const R& x) -> Value { return x.remaining(); }},
      {{"needed_per_day_left", "Needed per working day left", "剩余每工作日需登记", Show::plain, Personal::no, 1},
       [](const R& x) { return fig(x.needed_per_day_left()); }},
  };
  using A = DailyAgent;
  static const ColumnSpec<A> agents{
      {{"agent", "Agent", "客服"}, [](const A& a) -> Value { return staff_label(a.agent); }},
      {{"registrations", "Registrations", "当日登记"}, [](const A& a) -> Value { return a.day; }},
      {{"month_registrations", "Month so far", "本月累计"}, [](const A& a) -> Value { return a.month_so_far; }},
  };
  return {titled(department, {r}, "daily", "The department's day", "部门当日", true),
          titled(agents, r.agents, "daily_agents", "Registrations per agent", "各客服登记", false)};
}

}  // namespace csdesk
