#include "report/alerts.hpp"

#include "store/reports.hpp"
#include "util/time.hpp"

namespace csdesk {
namespace {

constexpr Epoch kWeek = 7 * 24 * 3600;

std::int64_t count_of(const metrics::Figure& f) { return f ? static_cast<std::int64_t>(*f) : 0; }

struct Watched {
  const char* figure;
  metrics::Figure Headline::*value;
  metrics::Figure Headline::*volume;  // the records the figure rests on
  bool percent;
};

}  // namespace

bool AlertsReport::attention() const {
  for (const auto& r : rows)
    if (needs_attention(r.judgement.state)) return true;
  return false;
}

AlertsReport watch_figures(Database& db, const Config& config, Epoch now) {
  ReportPolicy policy = report_policy(config);
  AlertSettings settings;
  settings.change_threshold = config.number("alerts.change_threshold");
  settings.min_volume = config.integer("alerts.min_volume");
  auto weeks = static_cast<std::size_t>(config.integer("alerts.trailing_weeks"));
  ReportStore store(db);
  auto window = [&](std::size_t back) {
    Period p;
    p.end = now - static_cast<Epoch>(back) * kWeek;
    p.begin = p.end - kWeek;
    p.label = format_local(p.begin) + " – " + format_local(p.end);
    return headline(read_period(store, p, {Section::trend}, policy, now), policy, now);
  };
  Headline current = window(0);
  std::vector<Headline> before;
  for (std::size_t k = 1; k <= weeks; ++k) before.push_back(window(k));
  static const Watched watched[] = {
      {"contacts", &Headline::contacts, &Headline::contacts, false},
      {"complaints_opened", &Headline::complaints_opened, &Headline::complaints_opened, false},
      {"complaint_rate", &Headline::complaint_rate, &Headline::contacts, true},
      {"registered_within_limit", &Headline::within_limit, &Headline::contacts, true},
      {"timeliness_rate", &Headline::timeliness, &Headline::complaints_opened, true},
      {"satisfaction_rate", &Headline::satisfaction, &Headline::revisits_done, true},
  };
  AlertsReport out;
  out.window = format_local(now - kWeek) + " – " + format_local(now);
  out.trailing = format_local(now - static_cast<Epoch>(weeks + 1) * kWeek) + " – " + format_local(now - kWeek);
  for (const auto& w : watched) {
    std::vector<metrics::Figure> values;
    std::int64_t volume_before = 0;
    for (const auto& h : before) {
      values.push_back(h.*w.value);
      volume_before += count_of(h.*w.volume);
    }
    AlertRow row{w.figure, w.percent, current.*w.value,
                 judge_figure(current.*w.value, values, count_of(current.*w.volume), volume_before, weeks, settings)};
    out.rows.push_back(row);
  }
  return out;
}

}  // namespace csdesk
