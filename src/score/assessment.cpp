#include "score/assessment.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>

#include "report/reporting.hpp"
#include "rules/metrics.hpp"
#include "util/text.hpp"

namespace csdesk {
namespace {


// Days of the month the person was employed, from joined_on / left_on (YYYY-MM-DD, inclusive).
int days_employed(const Staff& s, const Period& month) {
  LocalTime first = to_local(month.begin);
  int days = days_in_month(first.year, first.month);
  auto epoch_of = [](const std::string& date) {
    LocalTime d = parse_date(date, "staff joined/left date");
    return from_local(d.year, d.month, d.day);
  };
  int from = 1, to = days;
  if (s.joined_on) {
    Epoch t = epoch_of(*s.joined_on);
    if (t >= month.end) return 0;
    if (t >= month.begin) from = to_local(t).day;
  }
  if (s.left_on) {
    Epoch t = epoch_of(*s.left_on);
    if (t < month.begin) return 0;
    if (t < month.end) to = to_local(t).day;
  }
  return std::max(0, to - from + 1);
}

bool holds_any(const Staff& s, const StringList& roles) {
  return std::any_of(roles.begin(), roles.end(), [&](const std::string& r) { return s.has_role(r); });
}

}  // namespace

MonthScores score_month(const Period& month, const std::vector<Staff>& active_staff,
                        const std::vector<std::pair<std::int64_t, StaffMonth>>& months,
                        const std::vector<ComplaintRow>& complaints_opened, const Config& config, Epoch now) {
  MonthScores out;
  out.month = month;
  std::map<std::int64_t, const StaffMonth*> by_id;
  for (const auto& [id, m] : months) by_id[id] = &m;
  const auto& about_categories = config.list("complaint.about_staff_categories");
  ComplaintClock clock(config);
  auto rule = scoring::registration_rule(config);
  auto weights = scoring::weights(config);
  LocalTime first = to_local(month.begin);
  int month_days = days_in_month(first.year, first.month);

  for (const auto& s : active_staff) {
    PersonScore p;
    p.staff = s;
    static const StaffMonth none;
    const StaffMonth& m = by_id.count(s.id) ? *by_id[s.id] : none;
    if (holds_any(s, config.list("score.target_roles"))) {
      p.rule = "registration + indicators";
      p.registrations = m.registrations;
      p.registration_rule = config.flag("score.prorate") ? scoring::prorated(rule, days_employed(s, month), month_days) : rule;
      p.indicators.registration_points = static_cast<double>(scoring::registration_points(m.registrations, *p.registration_rule));
    } else {
      p.rule = "indicators only";
    }
    for (const auto& c : complaints_opened) {
      if (c.handler_id == s.id) {
        ++p.complaints_handled;
        p.complaints_resolved += c.resolved_at.has_value();
        if (clock.settled(c, now)) {
          ++p.complaints_due;
          p.complaints_on_time += clock.on_time(c);
        }
      }
      if (c.about_staff_id == s.id &&
          std::find(about_categories.begin(), about_categories.end(), c.category) != about_categories.end())
        ++p.indicators.complaints;
    }
    p.indicators.timeliness = metrics::timeliness_rate(p.complaints_on_time, p.complaints_due);
    p.indicators.resolution = metrics::resolution_rate(p.complaints_resolved, p.complaints_handled);
    p.satisfaction_scored = m.scored;
    p.satisfaction_satisfied = m.satisfied;
    p.indicators.satisfaction = metrics::satisfaction_rate(m.satisfied, m.scored);
    p.indicators.adjustment_points = m.adjustment_points;
    p.adjustment_kinds = m.adjustment_kinds;
    p.full_attendance = scoring::full_attendance(m.adjustment_kinds);
    p.combined = scoring::combined_score(p.indicators, weights);
    out.people.push_back(std::move(p));
  }
  // Only people with something to be scored on compete for the performance award.
  std::vector<scoring::Candidate> candidates;
  std::vector<std::size_t> person_of;
  for (std::size_t i = 0; i < out.people.size(); ++i) {
    if (!out.people[i].combined.applies) continue;
    candidates.push_back({out.people[i].combined.score, out.people[i].indicators.complaints});
    person_of.push_back(i);
  }
  auto award = scoring::performance_award(candidates);
  for (auto i : award.winners) out.people[person_of[i]].performance_award = true;
  out.award_shared = award.shared;
  return out;
}

std::vector<Table> score_tables(const MonthScores& s) {
  Table t{"scores", "Scores " + s.month.label, s.month.label + " 考核",
          {{"number", "No.", "工号"},
           {"name", "Name", "姓名"},
           {"rule", "Rule", "考核规则"},
           {"registrations", "Registrations", "登记数"},
           {"target", "Target", "任务数"},
           {"registration_points", "Reg. points", "登记得分"},
           {"timeliness_rate", "Timeliness", "及时率", Show::percent},
           {"resolution_rate", "Resolution", "解决率", Show::percent},
           {"satisfaction_rate", "Satisfaction", "满意率", Show::percent},
           {"complaints", "Complaints", "投诉量"},
           {"adjustments", "Adjustments", "奖扣分", Show::plain, Personal::no, 1},
           {"combined", "Combined", "综合得分", Show::plain, Personal::no, 2},
           {"full_attendance", "Full attendance", "全勤"},
           {"award", "Award", "奖项"}},
          {}, false};
  for (const auto& p : s.people) {
    std::vector<std::string> awards;
    if (p.full_attendance) awards.push_back("全勤奖");
    if (p.performance_award) awards.push_back(s.award_shared ? "绩效奖(并列)" : "绩效奖");
    t.add_row({p.staff.number, p.staff.name, p.rule, p.registrations ? Value{*p.registrations} : Value{},
               p.registration_rule ? Value{p.registration_rule->target} : Value{},
               opt_value(p.indicators.registration_points), opt_value(p.indicators.timeliness),
               opt_value(p.indicators.resolution), opt_value(p.indicators.satisfaction), p.indicators.complaints,
               p.indicators.adjustment_points, p.combined.applies ? Value{p.combined.score} : Value{}, p.full_attendance,
               join(awards, " ")});
  }
  Table awards{"awards", "Awards", "奖项",
               {{"award", "Award", "奖项"}, {"winners", "Winners", "获奖人"}, {"note", "Note", "说明"}}, {}, false};
  std::vector<std::string> full, best;
  for (const auto& p : s.people) {
    if (p.full_attendance) full.push_back(p.staff.number + " " + p.staff.name);
    if (p.performance_award) best.push_back(p.staff.number + " " + p.staff.name);
  }
  awards.add_row({"全勤奖 full attendance", join(full, ", "), "no late or absent adjustment in the month"});
  awards.add_row({"绩效奖 performance", join(best, ", "),
                  s.award_shared ? "shared: tied on combined score and on complaints"
                                 : "highest combined score, fewest complaints breaking ties"});
  return {t, awards};
}

Table explain_table(const PersonScore& p, const Config& config) {
  Table t{"explain", fmt::format("How {} {} was scored", p.staff.number, p.staff.name),
          fmt::format("{} {} 得分说明", p.staff.number, p.staff.name),
          {{"item", "Item", "项目"},
           {"value", "Value", "数值"},
           {"how", "How", "计算方法"},
           {"weight", "Weight", "权重", Show::percent},
           {"points", "Points", "得分", Show::plain, Personal::no, 2}},
          {}, false};
  if (p.registrations) {
    const auto& r = *p.registration_rule;
    std::string how;
    if (*p.registrations >= r.upper_threshold)
      how = fmt::format("{} ≥ {} (以上) → {}", *p.registrations, r.upper_threshold, r.upper_points);
    else if (*p.registrations <= r.lower_threshold)
      how = fmt::format("{} ≤ {} (以下) → {}", *p.registrations, r.lower_threshold, r.lower_points);
    else
      how = fmt::format("{} + trunc(({} − {}) / {}) × {} = {}", r.base_points, *p.registrations, r.target, r.step,
                        r.points_per_step, scoring::registration_points(*p.registrations, r));
    if (r.target != config.integer("score.target")) how += fmt::format(" (target prorated to {})", r.target);
    t.add_row({"registrations", *p.registrations, how, Value{}, Value{}});
  } else {
    t.add_row({"registrations", Value{}, "no target role (score.target_roles): not scored on registrations", Value{},
               Value{}});
  }
  for (const auto& part : p.combined.parts) {
    std::string how;
    Value value = part.value;
    if (part.key == "registration") how = "registration points";
    else if (part.key == "timeliness")
      how = fmt::format("{} of {} complaints handled responded and resolved within SLA, ×100", p.complaints_on_time,
                        p.complaints_due);
    else if (part.key == "resolution")
      how = fmt::format("{} of {} complaints handled resolved, ×100", p.complaints_resolved, p.complaints_handled);
    else if (part.key == "satisfaction")
      how = fmt::format("{} of {} scores ≥ {}, ×100", p.satisfaction_satisfied, p.satisfaction_scored,
                        config.integer("revisit.satisfied_min"));
    else if (part.key == "complaints")
      how = fmt::format("complaints about the person (categories {}) × −{}",
                        join(config.list("complaint.about_staff_categories"), ", "),
                        config.number("score.complaint_penalty"));
    else if (part.key == "adjustments")
      how = p.adjustment_kinds.empty() ? "no adjustments" : "score adjust: " + join(p.adjustment_kinds, ", ");
    t.add_row({part.key, value, how, part.weight > 0 ? Value{part.weight} : Value{}, part.points});
  }
  for (const char* missing : {"timeliness", "resolution", "satisfaction"}) {
    bool present = std::any_of(p.combined.parts.begin(), p.combined.parts.end(),
                               [&](const auto& part) { return part.key == missing; });
    if (!present) t.add_row({missing, Value{}, "does not apply: nothing to count this month", Value{}, Value{}});
  }
  if (p.combined.applies)
    t.add_row({"combined", Value{}, "weighted mean of what applies (weights renormalised) − complaints + adjustments",
               Value{}, p.combined.score});
  else
    t.add_row({"combined", Value{}, "no indicator applies this month: not scored, not in the performance award", Value{},
               Value{}});
  t.add_row({"full_attendance", p.full_attendance, "no late or absent adjustment", Value{}, Value{}});
  t.add_row({"performance_award", p.performance_award, "highest combined score, fewest complaints breaking ties",
             Value{}, Value{}});
  return t;
}

}  // namespace csdesk
