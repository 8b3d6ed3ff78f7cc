#include "score/assessment.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>

#include "config/policies.hpp"
#include "output/columns.hpp"
#include "rules/attendance.hpp"
#include "rules/metrics.hpp"
#include "store/attendance.hpp"
#include "rules/vocabulary.hpp"
#include "util/error.hpp"
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

std::string first_day(const Period& p) { return format_date(p.begin); }
std::string last_day(const Period& p) { return format_date(p.end - 1); }

}  // namespace

ScorePolicy score_policy(const Config& c) {
  ScorePolicy p;
  auto& r = p.registration;
  r.target = c.integer("score.target");
  r.base_points = c.integer("score.base_points");
  r.step = c.integer("score.step");
  r.points_per_step = c.integer("score.points_per_step");
  r.upper_threshold = c.integer("score.upper_threshold");
  r.upper_points = c.integer("score.upper_points");
  r.lower_threshold = c.integer("score.lower_threshold");
  r.lower_points = c.integer("score.lower_points");
  auto& w = p.weights;
  w.registration = c.number("score.weights.registration");
  w.timeliness = c.number("score.weights.timeliness");
  w.resolution = c.number("score.weights.resolution");
  w.satisfaction = c.number("score.weights.satisfaction");
  w.complaint_penalty = c.number("score.complaint_penalty");
  p.target_roles = c.list("score.target_roles");
  p.prorate = c.flag("score.prorate");
  p.attendance_tracked = c.flag("score.attendance_tracked");
  p.about_staff_categories = c.list("complaint.about_staff_categories");
  p.satisfied_min = static_cast<int>(c.integer("revisit.satisfied_min"));
  p.sla = sla_policy(c);
  return p;
}

MonthScores score_month(const Period& month, const std::vector<Staff>& active_staff,
                        const std::vector<std::pair<std::int64_t, StaffMonth>>& months,
                        const std::vector<ComplaintRow>& complaints_opened, const ScorePolicy& policy, Epoch now,
                        const std::map<std::int64_t, std::vector<std::string>>& attendance) {
  MonthScores out;
  out.month = month;
  out.attendance_tracked = policy.attendance_tracked;
  std::map<std::int64_t, const StaffMonth*> by_id;
  for (const auto& [id, m] : months) by_id[id] = &m;
  const auto& about_categories = policy.about_staff_categories;
  const auto& rule = policy.registration;
  // Each complaint's clock once, not once per staff member.
  std::vector<ComplaintClocks> clocks;
  clocks.reserve(complaints_opened.size());
  for (const auto& c : complaints_opened) clocks.push_back(complaint_clocks(policy.sla, c.times(), now));
  LocalTime first = to_local(month.begin);
  int month_days = days_in_month(first.year, first.month);

  for (const auto& s : active_staff) {
    PersonScore p;
    p.staff = s;
    static const StaffMonth none;
    const StaffMonth& m = by_id.count(s.id) ? *by_id[s.id] : none;
    if (holds_any(s, policy.target_roles)) {
      p.rule = "registration + indicators";
      p.registrations = m.registrations;
      p.registration_rule = policy.prorate ? scoring::prorated(rule, days_employed(s, month), month_days) : rule;
      p.indicators.registration_points = static_cast<double>(scoring::registration_points(m.registrations, *p.registration_rule));
    } else {
      p.rule = "indicators only";
    }
    for (std::size_t i = 0; i < complaints_opened.size(); ++i) {
      const auto& c = complaints_opened[i];
      if (c.handler_id == s.id) {
        ++p.complaints_handled;
        p.complaints_resolved += c.resolved_at.has_value();
        if (clocks[i].settled()) {
          ++p.complaints_due;
          p.complaints_on_time += clocks[i].on_time();
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
    p.attendance_tracked = policy.attendance_tracked;
    p.active = m.registrations > 0 || m.scored > 0 || p.complaints_handled > 0 || p.indicators.complaints > 0 ||
               !m.adjustment_kinds.empty();
    if (auto it = attendance.find(s.id); it != attendance.end()) p.attendance_kinds = it->second;
    // 全勤奖 from the register: some record in the month, none late, early, on leave or absent.
    p.full_attendance = policy.attendance_tracked && attendance::full_attendance(p.attendance_kinds, m.adjustment_kinds);
    p.combined = scoring::combined_score(p.indicators, policy.weights);
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
  for (auto i : person_of) out.people[i].in_award = true;
  for (auto& p : out.people) p.award = award;
  out.award_shared = award.shared;
  return out;
}

MonthScores score_month(Database& db, const Period& month, const ScorePolicy& policy, Epoch now) {
  ReportStore store(db);
  StaffFilter active;
  active.active = true;
  auto staff = StaffStore(db).list(active);
  // An admin who holds no service role (the installation's account) is not assessed.
  std::erase_if(staff, [](const Staff& s) { return std::all_of(s.roles.begin(), s.roles.end(), [](const std::string& r) { return r == "admin"; }); });
  auto months = store.staff_months(month.begin, month.end, first_day(month), last_day(month), policy.satisfied_min);
  auto complaints = store.complaints_opened(month.begin, month.end, now);
  auto attendance = AttendanceStore(db).kinds_by_staff(first_day(month), last_day(month));
  return score_month(month, staff, months, complaints, policy, now, attendance);
}

namespace {

Table titled(Table t, std::string title_en, std::string title_zh, bool single) {
  t.title_en = std::move(title_en);
  t.title_zh = std::move(title_zh);
  t.single = single;
  return t;
}

struct ScoreLine {
  const PersonScore* person;
  bool award_shared;
};

struct AwardLine {
  std::string award, winners, note;
};

// One line of `score explain`: what was counted, how, and what it weighed and earned.
struct ExplainLine {
  std::string item;
  Value value;
  std::string how;
  Value weight, points;
};

std::string staff_label(const Staff& s) { return s.number + " " + s.name; }

// Text of score explain: in the reader's language for table and CSV (`translate`), English for JSON.
// The messages are marked tr_noop where they are written.
template <typename... Args>
std::string say(bool translate, const char* msgid, const Args&... args) {
  if (translate) {
    try {
      return fmt::vformat(tr(msgid), fmt::make_format_args(args...));
    } catch (const fmt::format_error&) {
    }
  }
  return fmt::vformat(msgid, fmt::make_format_args(args...));
}

// Codes of `vocabulary` joined: as they are, or named in the current language.
std::string codes_text(const char* vocabulary, const std::vector<std::string>& codes, bool translate) {
  if (!translate) return join(codes, ", ");
  std::vector<std::string> names;
  for (const auto& c : codes) names.push_back(vocab::name(vocabulary, c));
  return join(names, "、");
}

// One sentence of why the person won 绩效奖 or did not (seed 003: 综合指标最高、投诉量最少).
std::string performance_reason(const PersonScore& p, bool l) {
  const auto& a = p.award;
  const std::int64_t mine = p.indicators.complaints;
  if (!p.in_award) return say(l, tr_noop("not scored this month: not in the performance award"));
  if (p.performance_award && a.shared)
    return say(l, tr_noop("shared: the fewest complaints ({}), and a combined score of {:.2f}, the highest among the {} staff with that many"),
               mine, p.combined.score, a.contenders);
  if (p.performance_award)
    return say(l, tr_noop("won: the fewest complaints ({}), and a combined score of {:.2f}, the highest among the {} staff with that many"),
               mine, p.combined.score, a.contenders);
  if (mine > a.fewest_complaints)
    return say(l, tr_noop("not won: complaints {}, more than the fewest ({}); the award goes to the highest combined score among those with the fewest complaints"),
               mine, a.fewest_complaints);
  return say(l, tr_noop("not won: the fewest complaints ({}), but a combined score of {:.2f}, below the {:.2f} of the winner"),
             mine, p.combined.score, a.best_combined);
}

}  // namespace

std::vector<Table> score_tables(const MonthScores& s) {
  using L = ScoreLine;
  // Score tables have no machine-only column: every format (and the frozen payload) has them all.
  static const ColumnSpec<L> scores{
      {{"number", "No.", "工号"}, [](const L& l) -> Value { return l.person->staff.number; }},
      {{"name", "Name", "姓名"}, [](const L& l) -> Value { return l.person->staff.name; }},
      {Column{"rule", "Rule", "考核规则"}.with_terms(vocab::score_rule), [](const L& l) -> Value { return l.person->rule; }},
      {{"registrations", "Registrations", "登记数"},
       [](const L& l) { return l.person->registrations ? Value{*l.person->registrations} : Value{}; }},
      {{"target", "Target", "任务数"},
       [](const L& l) { return l.person->registration_rule ? Value{l.person->registration_rule->target} : Value{}; }},
      {{"registration_points", "Reg. points", "登记得分"},
       [](const L& l) { return opt_value(l.person->indicators.registration_points); }},
      {{"timeliness_rate", "Timeliness", "及时率", Show::percent},
       [](const L& l) { return opt_value(l.person->indicators.timeliness); }},
      {{"resolution_rate", "Resolution", "解决率", Show::percent},
       [](const L& l) { return opt_value(l.person->indicators.resolution); }},
      {{"satisfaction_rate", "Satisfaction", "满意率", Show::percent},
       [](const L& l) { return opt_value(l.person->indicators.satisfaction); }},
      {{"complaints", "Complaints", "投诉量"}, [](const L& l) -> Value { return l.person->indicators.complaints; }},
      {{"adjustments", "Adjustments", "奖扣分", Show::plain, Personal::no, 1},
       [](const L& l) -> Value { return l.person->indicators.adjustment_points; }},
      {{"combined", "Combined", "综合得分", Show::plain, Personal::no, 2},
       [](const L& l) { return l.person->combined.applies ? Value{l.person->combined.score} : Value{}; }},
      {{"full_attendance", "Full attendance", "全勤"},
       [](const L& l) { return l.person->attendance_tracked ? Value{l.person->full_attendance} : Value{}; }},
      {{"award", "Award", "奖项"},
       [](const L& l) -> Value {
         std::vector<std::string> awards;
         if (l.person->full_attendance) awards.push_back("全勤奖");
         if (l.person->performance_award) awards.push_back(l.award_shared ? "绩效奖(并列)" : "绩效奖");
         return join(awards, " ");
       }},
  };
  static const ColumnSpec<AwardLine> awards{
      {Column{"award", "Award", "奖项"}.with_terms(vocab::award), [](const AwardLine& a) -> Value { return a.award; }},
      {{"winners", "Winners", "获奖人"}, [](const AwardLine& a) -> Value { return a.winners; }},
      {Column{"note", "Note", "说明"}.with_terms(vocab::award_note), [](const AwardLine& a) -> Value { return a.note; }},
  };
  std::vector<ScoreLine> lines;
  std::vector<std::string> full, best;
  for (const auto& p : s.people) {
    lines.push_back({&p, s.award_shared});
    if (p.full_attendance) full.push_back(staff_label(p.staff));
    if (p.performance_award) best.push_back(staff_label(p.staff));
  }
  std::vector<AwardLine> award_lines = {
      {"全勤奖 full attendance", join(full, ", "),
       s.attendance_tracked ? "no leave, absence, lateness or early leave recorded in the month" : "attendance not tracked"},
      {"绩效奖 performance", join(best, ", "),
       s.award_shared ? "shared: tied on fewest complaints and on combined score"
                      : "fewest complaints, then the highest combined score among them"}};
  return {titled(scores.table(lines, Format::csv, "scores"), "Scores " + s.month.label, s.month.label + " 考核", false),
          titled(awards.table(award_lines, Format::csv, "awards"), "Awards", "奖项", false)};
}

Table explain_table(const PersonScore& p, const ScorePolicy& policy, bool in_language) {
  const bool l = in_language;
  using E = ExplainLine;
  static const ColumnSpec<E> spec{
      {Column{"item", "Item", "项目"}.with_terms(vocab::score_item), [](const E& e) -> Value { return e.item; }},
      {{"value", "Value", "数值"}, [](const E& e) { return e.value; }},
      {{"how", "How", "计算方法"}, [](const E& e) -> Value { return e.how; }},
      {{"weight", "Weight", "权重", Show::percent}, [](const E& e) { return e.weight; }},
      {{"points", "Points", "得分", Show::plain, Personal::no, 2}, [](const E& e) { return e.points; }},
  };
  std::vector<E> lines;
  if (p.registrations) {
    const auto& r = *p.registration_rule;
    std::string how;
    if (*p.registrations >= r.upper_threshold)
      how = say(l, tr_noop("{} ≥ {} (以上) → {}"), *p.registrations, r.upper_threshold, r.upper_points);
    else if (*p.registrations <= r.lower_threshold)
      how = say(l, tr_noop("{} ≤ {} (以下) → {}"), *p.registrations, r.lower_threshold, r.lower_points);
    else
      how = say(l, tr_noop("{} + trunc(({} − {}) / {}) × {} = {}"), r.base_points, *p.registrations, r.target, r.step,
                        r.points_per_step, scoring::registration_points(*p.registrations, r));
    if (r.target != policy.registration.target) how = say(l, tr_noop("{} (target prorated to {})"), how, r.target);
    lines.push_back({"registrations", *p.registrations, how, Value{}, Value{}});
  } else {
    lines.push_back({"registrations", Value{}, say(l, tr_noop("no target role (score.target_roles): not scored on registrations")),
                     Value{}, Value{}});
  }
  for (const auto& part : p.combined.parts) {
    std::string how;
    if (part.key == "registration") how = say(l, tr_noop("registration points"));
    else if (part.key == "timeliness")
      how = say(l, tr_noop("{} of {} complaints handled responded and resolved within SLA, ×100"), p.complaints_on_time,
                        p.complaints_due);
    else if (part.key == "resolution")
      how = say(l, tr_noop("{} of {} complaints handled resolved, ×100"), p.complaints_resolved, p.complaints_handled);
    else if (part.key == "satisfaction")
      how = say(l, tr_noop("{} of {} scores ≥ {}, ×100"), p.satisfaction_satisfied, p.satisfaction_scored,
                        policy.satisfied_min);
    else if (part.key == "complaints")
      how = say(l, tr_noop("complaints about the person (categories {}) × −{}"), codes_text(vocab::complaint_category, policy.about_staff_categories, l),
                        policy.weights.complaint_penalty);
    else if (part.key == "adjustments")
      how = p.adjustment_kinds.empty() ? say(l, tr_noop("no adjustments")) : say(l, tr_noop("score adjust: {}"), codes_text(vocab::adjustment_kind, p.adjustment_kinds, l));
    lines.push_back({part.key, part.value, how, part.weight > 0 ? Value{part.weight} : Value{}, part.points});
  }
  for (const char* missing : {"timeliness", "resolution", "satisfaction"}) {
    bool present = std::any_of(p.combined.parts.begin(), p.combined.parts.end(),
                               [&](const auto& part) { return part.key == missing; });
    if (!present) lines.push_back({missing, Value{}, say(l, tr_noop("does not apply: nothing to count this month")), Value{}, Value{}});
  }
  if (p.combined.applies)
    lines.push_back({"combined", Value{}, say(l, tr_noop("weighted mean of what applies (weights renormalised) − complaints + adjustments")),
                     Value{}, p.combined.score});
  else
    lines.push_back({"combined", Value{}, say(l, tr_noop("no indicator applies this month: not scored, not in the performance award")),
                     Value{}, Value{}});
  std::string attendance_how;
  if (!p.attendance_tracked)
    attendance_how = say(l, tr_noop("attendance not tracked (score.attendance_tracked is false): not awarded"));
  else if (p.attendance_kinds.empty())
    attendance_how = say(l, tr_noop("no attendance record in the month: not awarded"));
  else if (!p.full_attendance)
    attendance_how = say(l, tr_noop("leave, absence, lateness or early leave in the register, or a late or absent adjustment: not awarded"));
  else
    attendance_how = say(l, tr_noop("no leave, absence, late or early leave in the register, and no late or absent adjustment"));
  lines.push_back({"full_attendance", p.attendance_tracked ? Value{p.full_attendance} : Value{}, attendance_how, Value{},
                   Value{}});
  lines.push_back({"performance_award", p.performance_award, performance_reason(p, l), Value{}, Value{}});
  return titled(spec.table(lines, Format::csv, "explain"), fmt::format("How {} {} was scored", p.staff.number, p.staff.name),
                fmt::format("{} {} 得分说明", p.staff.number, p.staff.name), false);
}

ScoreSheet score_sheet(Database& db, const Period& month, const ScorePolicy& policy, std::optional<Actor> freeze_as,
                       bool recompute, Epoch now) {
  ScoreSheet sheet;
  sheet.tables = score_tables(score_month(db, month, policy, now));
  sheet.issue = issue_figures(db, {"score", month, std::move(freeze_as), recompute}, sheet.tables, now);
  return sheet;
}

Table explain_score(Database& db, const Period& month, const std::string& staff_ref, const ScorePolicy& policy,
                    Epoch now, bool in_language) {
  Staff who = StaffStore(db).get(staff_ref);
  MonthScores scores = score_month(db, month, policy, now);
  for (const auto& p : scores.people)
    if (p.staff.id == who.id) return explain_table(p, policy, in_language);
  fail_conflict("{} {} is deactivated; only active staff are scored", who.number, who.name);
}

ScoreAdjustment checked_adjustment(const AdjustmentRequest& request, Epoch now) {
  ScoreAdjustment a;
  a.points = request.points;
  a.reason = trim(nfkc(request.reason, "--reason"));
  if (a.reason.empty()) fail_invalid("--reason: say why the points are given or taken");
  const auto& kinds = scoring::adjustment_kinds();
  auto kind = vocab::parse(vocab::adjustment_kind, request.kind, kinds);
  if (!kind) {
    // The codes with their Chinese names, and the closest code if it was mistyped.
    std::vector<std::string> names;
    for (const auto& k : kinds) names.push_back(term_in(vocab::adjustment_kind, k, Lang::zh));
    fail_not_one_of("--kind", request.kind, to_lower_ascii(trim(request.kind)), "kind", kinds,
                    " (" + join(names, "/") + ")");
  }
  a.kind = *kind;
  if (scoring::takes_points_away(a.kind) && a.points > 0)
    fail_invalid("--points: a {} adjustment takes points away; give a negative number such as -{}",
                 vocab::name(vocab::adjustment_kind, a.kind), a.points);
  a.on_date = request.date.empty() ? format_date(now) : format_date(parse_time(request.date, "--date"));
  return a;
}

ScoreAdjustment add_adjustment(Database& db, ScoreAdjustment a, const std::string& staff_ref, const Actor& actor,
                               Epoch now) {
  actor.require(Permission::score_adjust);
  Staff who = StaffStore(db).get(staff_ref);
  // Points decide awards and pay: whoever may give them may not give them to themselves.
  if (actor.staff_id && *actor.staff_id == who.id)
    fail_not_permitted("not permitted: {} {} ({}) may adjust scores, but no one adjusts their own score; another {} "
                       "enters it (permissions.score_adjust)",
                       who.number, who.name, join(actor.roles, ", "), join(actor.roles_for(Permission::score_adjust), " or "));
  a.staff_id = who.id;
  a.staff_number = who.number;
  a.staff_name = who.name;
  Database::Transaction tx(db);
  ScoreAdjustment created = ReportStore(db).add_adjustment(a, actor, now);
  tx.commit();
  return created;
}

std::vector<ScoreAdjustment> month_adjustments(Database& db, const Period& month, const std::string& staff_ref) {
  std::optional<std::int64_t> staff_id;
  if (!staff_ref.empty()) staff_id = StaffStore(db).get(staff_ref).id;
  return ReportStore(db).adjustments(first_day(month), last_day(month), staff_id);
}

Table adjustment_table(const std::vector<ScoreAdjustment>& list, bool single) {
  using A = ScoreAdjustment;
  static const ColumnSpec<A> spec{
      {{"number", "No.", "编号"}, [](const A& a) -> Value { return a.number; }},
      {{"staff", "Staff", "人员"}, [](const A& a) -> Value { return a.staff_number + " " + a.staff_name; }},
      {{"on_date", "Date", "日期"}, [](const A& a) -> Value { return a.on_date; }},
      {{"points", "Points", "分值", Show::plain, Personal::no, 1}, [](const A& a) -> Value { return a.points; }},
      {Column{"kind", "Kind", "类型"}.with_terms(vocab::adjustment_kind), [](const A& a) -> Value { return a.kind; }},
      {{"reason", "Reason", "原因"}, [](const A& a) -> Value { return a.reason; }},
      {{"operator", "By", "登记人"}, [](const A& a) -> Value { return a.operator_label; }},
  };
  return titled(spec.table(list, Format::csv, "adjustments"), "Score adjustments", "奖扣分记录", single);
}

}  // namespace csdesk
