#include "revisit/revisits.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "complain/complaints.hpp"
#include "rules/complaint_state.hpp"
#include "rules/vocabulary.hpp"
#include "util/error.hpp"
#include "util/numbers.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

namespace csdesk {
namespace {

constexpr std::int64_t kMaxStatsMonths = 120;  // ten years of monthly statistics

PlanSettings plan_settings(const Config& config) {
  PlanSettings s;
  for (const char* grade : {"A", "B", "C"})
    s.interval_days[grade] = config.integer(std::string("revisit.interval_days.") + grade);
  s.occasions = parse_occasions(config.list("revisit.occasions"));
  s.lead_days = config.integer("revisit.occasion_lead_days");
  s.marketing_purposes = config.list("revisit.marketing_purposes");
  return s;
}

std::vector<std::string> allowed_purposes(const Config& config) {
  return revisit_purposes(parse_occasions(config.list("revisit.occasions")));
}

std::string check_purpose(const Config& config, const std::string& text) {
  auto allowed = allowed_purposes(config);
  auto purpose = parse_revisit_purpose(nfkc(text, "--purpose"), allowed);
  if (!purpose) fail_invalid("--purpose: '{}' is not a revisit purpose; use {}", text, vocab::listed(vocab::revisit_purpose, allowed));
  return *purpose;
}

std::vector<std::string> parse_problems(const Config& config, const std::string& text) {
  std::string t = nfkc(text, "--problems");
  for (const char* sep : {"，", "、"})
    for (size_t p; (p = t.find(sep)) != std::string::npos;) t.replace(p, std::string(sep).size(), ",");
  const auto& allowed = config.list("revisit.problem_factors");
  std::vector<std::string> out;
  for (const auto& part : split(t, ',')) {
    std::string f = trim(part);
    if (f.empty()) continue;
    if (std::find(allowed.begin(), allowed.end(), f) == allowed.end())
      fail_invalid("--problems: '{}' is not a problem factor (回访问题因素); use {} (config revisit.problem_factors)", f,
                   join(allowed, ", "));
    if (std::find(out.begin(), out.end(), f) == out.end()) out.push_back(f);
  }
  return out;
}

// --opinion ITEM=TEXT, each an item of revisit.opinion_items (its code or Chinese name) once; in
// the items' order.
std::vector<std::pair<std::string, std::string>> parse_opinions(const Config& config, const std::vector<std::string>& given) {
  const auto items = opinion_items(config);
  std::map<std::string, std::string> by_item;
  for (const auto& raw : given) {
    std::string t = nfkc(raw, "--opinion");
    auto eq = t.find('=');
    if (eq == std::string::npos)
      fail_invalid("--opinion: '{}' has no '='; give ITEM=TEXT, e.g. --opinion product=满意 (items: {})", raw,
                   vocab::listed(vocab::opinion_item, items));
    std::string key = trim(t.substr(0, eq)), text = trim(t.substr(eq + 1));
    auto item = vocab::parse(vocab::opinion_item, key, items);
    if (!item)
      fail_invalid("--opinion: '{}' is not an opinion item; use {} (config revisit.opinion_items){}", key,
                   vocab::listed(vocab::opinion_item, items), did_you_mean(key, items));
    if (text.empty()) fail_invalid("--opinion: say what the customer thinks of {} (ITEM=TEXT)", vocab::name(vocab::opinion_item, *item));
    if (by_item.count(*item))
      fail_invalid("--opinion: {} is given twice; give each item once", vocab::name(vocab::opinion_item, *item));
    by_item[*item] = text;
  }
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& item : items)
    if (auto it = by_item.find(item); it != by_item.end()) out.emplace_back(item, it->second);
  return out;
}

bool parse_reached(const std::string& text) {
  return vocab::require(vocab::yes_no, text, "--reached") == "yes";
}

std::optional<std::int64_t> parse_score(const std::string& text) {
  if (text.empty()) return std::nullopt;
  std::string s = trim(nfkc(text, "--satisfaction"));
  if (s.size() != 1 || s[0] < '1' || s[0] > '5')
    fail_invalid("--satisfaction: '{}' must be a score from 1 (very dissatisfied) to 5 (very satisfied)", text);
  return s[0] - '0';
}

// Builds the rows of revisit tables, looking each person and complaint up once.
class Rows {
 public:
  explicit Rows(const CareScope& scope) : scope_(scope), staff_(scope.db), customers_(scope.db), complaints_(scope.db) {
    for (const auto& [revisit, complaint] : RevisitStore(scope.db).raised_complaints()) raised_[revisit] = complaint;
  }

  RevisitView row(const Revisit& r) {
    RevisitView row{r, customers_.get(r.customer_id), staff_.label(r.done_by ? r.done_by : r.agent_id), std::nullopt,
                   r.due_at && *r.due_at < scope_.now};
    if (r.complaint_id) {
      row.complaint = number_of(*r.complaint_id);
    }
    if (auto it = raised_.find(r.id); it != raised_.end()) row.raised_complaint = number_of(it->second);
    return row;
  }

  std::vector<RevisitView> rows(const std::vector<Revisit>& list) {
    std::vector<RevisitView> out;
    out.reserve(list.size());
    for (const auto& r : list) out.push_back(row(r));
    return out;
  }

  CustomerCache& customers() { return customers_; }

 private:
  std::optional<std::string> number_of(std::int64_t complaint_id) {
    auto it = complaint_numbers_.find(complaint_id);
    if (it == complaint_numbers_.end()) {
      auto k = complaints_.by_id(complaint_id);
      it = complaint_numbers_.emplace(complaint_id, k ? std::optional<std::string>(k->number) : std::nullopt).first;
    }
    return it->second;
  }
  std::map<std::int64_t, std::int64_t> raised_;  // revisit id → the complaint raised during it
  const CareScope& scope_;
  StaffNames staff_;
  CustomerCache customers_;
  ComplaintStore complaints_;
  std::map<std::int64_t, std::optional<std::string>> complaint_numbers_;
};

// The agent for a new revisit, remembered for the next round-robin; nothing when nobody active
// holds the revisit role.
std::optional<std::int64_t> allot_agent(const CareScope& scope, RevisitStore& store) {
  std::vector<std::int64_t> agents;
  for (const auto& s : StaffStore(scope.db).active_with_role("revisit")) agents.push_back(s.id);
  if (agents.empty()) return std::nullopt;
  std::int64_t chosen = scope.config.text("revisit.agent_rule") == "least-loaded"
                            ? least_loaded_agent(agents, store.planned_per_agent())
                            : round_robin_agent(agents, store.last_allotted());
  store.set_last_allotted(chosen);
  return chosen;
}

// Plans a revisit unless one with its plan_key exists, allotting it when it names no agent.
std::optional<Revisit> plan_revisit(const CareScope& scope, const Revisit& in) {
  RevisitStore store(scope.db);
  if (in.plan_key && store.planned(*in.plan_key)) return std::nullopt;
  Revisit r = in;
  r.status = "planned";
  r.planned_at = scope.now;
  if (!r.agent_id) r.agent_id = allot_agent(scope, store);
  return store.create(r, scope.actor, scope.now);
}

// What a scored follow-up does to its complaint: reopen it, or record satisfaction and close it.
std::optional<ComplaintSettled> settle_complaint(const CareScope& scope, const Revisit& r, int score) {
  ComplaintStore complaints(scope.db);
  auto before = complaints.by_id(*r.complaint_id);
  if (!before) return std::nullopt;
  const Config& cfg = scope.config;
  FollowUpOutcome outcome = followup_outcome(score, static_cast<int>(cfg.integer("revisit.satisfaction_floor")),
                                             static_cast<int>(cfg.integer("revisit.satisfied_min")));
  if (outcome == FollowUpOutcome::keep) return std::nullopt;
  ComplaintSettled settled{before->number, before->status, outcome, score, false};
  std::string verb = outcome == FollowUpOutcome::reopen ? "reopen" : "close";
  if (!complaint_next_status(verb, before->status)) return settled;
  Complaint after = *before;
  after.satisfaction = score;
  if (outcome == FollowUpOutcome::reopen) mark_reopened(after);
  else mark_closed(after, scope.now);
  ComplaintNote note{fmt::format("回访 {} 满意度 {}", r.number, score), std::nullopt};
  after = transition(scope, *before, after, verb, note);
  settled.status = after.status;
  settled.changed = true;
  return settled;
}

}  // namespace

std::optional<Revisit> plan_followup(const CareScope& scope, const Complaint& complaint) {
  Revisit r;
  r.customer_id = complaint.customer_id;
  r.complaint_id = complaint.id;
  r.purpose = "complaint-follow-up";
  r.plan_key = followup_plan_key(complaint.id, complaint.reopened_count);
  r.due_at = complaint.resolved_at.value_or(scope.now) + scope.config.integer("revisit.after_resolution_days") * 86400;
  r.content = fmt::format("投诉回访 {}", complaint.number);
  return plan_revisit(scope, r);
}

std::int64_t round_robin_agent(const std::vector<std::int64_t>& agents, std::optional<std::int64_t> last) {
  auto it = last ? std::find(agents.begin(), agents.end(), *last) : agents.end();
  if (it == agents.end() || std::next(it) == agents.end()) return agents.front();
  return *std::next(it);
}

std::int64_t least_loaded_agent(const std::vector<std::int64_t>& agents, const std::map<std::int64_t, std::int64_t>& planned) {
  auto load = [&](std::int64_t id) {
    auto it = planned.find(id);
    return it == planned.end() ? 0 : it->second;
  };
  return *std::min_element(agents.begin(), agents.end(), [&](std::int64_t a, std::int64_t b) { return load(a) < load(b); });
}

bool turns_at_risk(const std::string& category) { return category != "at-risk" && category != "lost"; }

bool mark_at_risk(const CareScope& scope, std::int64_t customer_id, const std::string& reason) {
  auto customer = CustomerStore(scope.db).by_id(customer_id);
  if (!customer || !turns_at_risk(customer->category)) return false;
  RevisitStore(scope.db).set_at_risk(*customer, reason, scope.actor, scope.now);
  return true;
}

RevisitsPlanned plan_due_revisits(const CareScope& scope) {
  scope.actor.require(Permission::revisit_plan);
  const Config& cfg = scope.config;
  PlanSettings settings = plan_settings(cfg);
  Database& db = scope.db;
  Database::Transaction tx(db);
  RevisitStore store(db);
  std::vector<Revisit> planned;
  // Follow-ups of resolved complaints (normally planned when resolving).
  ComplaintFilter resolved;
  resolved.status = "resolved";
  for (const auto& c : ComplaintStore(db).list(resolved))
    if (auto r = plan_followup(scope, c)) planned.push_back(*r);
  std::vector<PlanCustomer> customers = store.plan_customers();
  for (const auto& p : plan_revisits(customers, settings, scope.now)) {
    Revisit r;
    r.customer_id = p.customer_id;
    r.purpose = p.purpose;
    r.plan_key = p.plan_key;
    r.due_at = p.due_at;
    r.content = p.content;
    if (auto added = plan_revisit(scope, r)) planned.push_back(*added);
  }
  RevisitsPlanned result;
  std::int64_t no_contact_days = cfg.integer("customer.at_risk_no_contact_days");
  for (const auto& c : customers)
    if (turns_at_risk(c.category) && no_contact_too_long(c.last_contact, scope.now, no_contact_days) &&
        mark_at_risk(scope, c.id, fmt::format("no contact since {}", format_date(c.last_contact))))
      ++result.marked_at_risk;
  tx.commit();
  result.unallotted = std::any_of(planned.begin(), planned.end(), [](const Revisit& r) { return !r.agent_id; });
  result.planned = Rows(scope).rows(planned);
  return result;
}

std::vector<RevisitView> revisit_worklist(const CareScope& scope, const WorklistQuery& q) {
  RevisitFilter f;
  if (!q.for_staff.empty()) {
    f.agent_id = StaffStore(scope.db).get(q.for_staff).id;
  } else if (q.operator_staff && q.operator_staff->has_role("revisit")) {
    f.agent_id = q.operator_staff->id;
  }
  LocalTime today = to_local(scope.now);
  f.due_until = q.within.empty() ? from_local(today.year, today.month, today.day + 1)
                                 : scope.now + parse_duration(q.within, "--within");
  auto list = RevisitStore(scope.db).list(f);
  Rows rows(scope);
  std::stable_sort(list.begin(), list.end(), [&](const Revisit& a, const Revisit& b) {
    return more_urgent({a.due_at.value_or(0), rows.customers().get(a.customer_id).grade},
                       {b.due_at.value_or(0), rows.customers().get(b.customer_id).grade}, scope.now);
  });
  return rows.rows(list);
}

RevisitLogged log_revisit(const CareScope& scope, const RevisitLog& in) {
  scope.actor.require(Permission::revisit_log);
  if (in.revisit.empty() == in.customer.empty())
    fail_usage("revisit log: give a planned revisit (HF…) or --customer for an unplanned one (not both)");
  const Config& cfg = scope.config;
  auto method = parse_revisit_method(in.method);
  if (!method)
    fail_invalid("--method: '{}' is not a revisit method; use {}", in.method, vocab::listed(vocab::revisit_method));
  RevisitLogged logged;
  logged.reached = parse_reached(in.reached);
  std::optional<std::string> purpose;
  if (!in.purpose.empty()) purpose = check_purpose(cfg, in.purpose);
  std::optional<std::int64_t> score = parse_score(in.satisfaction);
  std::vector<std::string> problems = parse_problems(cfg, in.problems);
  auto opinions = parse_opinions(cfg, in.opinions);
  std::optional<std::string> complaint_text = given_text(in.complaint, "--complaint");
  if (!logged.reached && (score || !problems.empty() || !opinions.empty() || complaint_text))
    fail_invalid("--reached no: a failed attempt has no --satisfaction, --problems, --opinion or --complaint");
  if (complaint_text) scope.actor.require(Permission::complain_open);

  Database& db = scope.db;
  Database::Transaction tx(db);
  RevisitStore store(db);
  Revisit before;
  if (!in.revisit.empty()) {
    before = store.get(in.revisit);
    if (before.status != "planned")
      fail_conflict("revisit {} is {}; only a planned revisit can be logged (log a new one with --customer)",
                    before.number, vocab::name(vocab::revisit_status, before.status));
  } else {
    if (!purpose)
      fail_invalid("--purpose: say why the customer is being revisited ({})",
                   vocab::listed(vocab::revisit_purpose, allowed_purposes(cfg)));
    Revisit fresh;
    fresh.customer_id = CustomerStore(db).get(in.customer).id;
    fresh.purpose = *purpose;
    fresh.agent_id = scope.actor.staff_id;
    fresh.due_at = scope.now;
    before = store.create(fresh, scope.actor, scope.now);
  }
  Revisit after = before;
  after.attempts += 1;
  after.method = method;
  if (logged.reached) {
    if (purpose) after.purpose = *purpose;
    after.status = "done";
    after.done_at = scope.now;
    after.done_by = scope.actor.staff_id;
    if (auto c = given_text(in.content, "--content")) after.content = c;
    after.result = given_text(in.result, "--result");
    after.satisfaction = score;
    after.problems = problems;
    after.opinions = opinions;
  }
  store.record(before, after, logged.reached, scope.actor, scope.now);
  if (complaint_text) {
    // 回访客户投诉: taken on the spot from the revisit's customer, by the one who made the revisit.
    Complaint c;
    c.customer_id = after.customer_id;
    c.content = *complaint_text;
    c.channel = "revisit";
    c.received_at = scope.now;
    c.handler_id = scope.actor.staff_id;
    logged.raised = ComplaintStore(db).create(c, scope.actor, scope.now);
    store.link_complaint(after.id, logged.raised->id);
  }
  if (logged.reached && score) {
    if (after.complaint_id) logged.settled = settle_complaint(scope, after, static_cast<int>(*score));
    std::int64_t in_a_row = cfg.integer("customer.at_risk_low_scores");
    if (low_scores_in_a_row(store.recent_scores(after.customer_id), in_a_row,
                            static_cast<int>(cfg.integer("revisit.satisfaction_floor"))) &&
        mark_at_risk(scope, after.customer_id, fmt::format("{} low satisfaction scores in a row", in_a_row)))
      logged.at_risk_after_low_scores = in_a_row;
  }
  tx.commit();
  logged.row = Rows(scope).row(store.get(after.number));
  return logged;
}

std::vector<std::string> opinion_items(const Config& config) { return config.list("revisit.opinion_items"); }

std::vector<RevisitView> list_revisits(const CareScope& scope, const RevisitQuery& q) {
  Database& db = scope.db;
  RevisitFilter f;
  if (!q.status.empty()) {
    f.status = vocab::require(vocab::revisit_status, q.status, "--status");
  }
  if (!q.agent.empty()) f.agent_id = StaffStore(db).get(q.agent).id;
  if (!q.customer.empty()) f.customer_id = CustomerStore(db).get(q.customer).id;
  if (!q.complaint.empty()) f.complaint_id = ComplaintStore(db).get(q.complaint).id;
  if (!q.purpose.empty()) f.purpose = check_purpose(scope.config, q.purpose);
  if (!q.since.empty()) f.since = parse_time(q.since, "--since");
  if (!q.until.empty()) f.until = parse_time(q.until, "--until");
  return Rows(scope).rows(RevisitStore(db).list(f));
}

std::vector<SatisfactionRow> satisfaction_by_agent(const CareScope& scope, const std::string& month,
                                                   const std::string& months_text) {
  auto months = parse_whole_number(months_text, 1, kMaxStatsMonths, "--months");
  Period last = month.empty() ? month_containing(scope.now) : month_period(month);
  Period first = last;
  for (std::int64_t i = 1; i < months; ++i) first = previous_period(first);
  StaffNames staff(scope.db);
  int satisfied_min = static_cast<int>(scope.config.integer("revisit.satisfied_min"));
  // month → agent label ("" for the whole department, so it comes first) → scores
  std::map<std::string, std::map<std::string, std::vector<int>>> scores;
  for (const auto& s : RevisitStore(scope.db).scored(first.begin, last.end)) {
    std::string at = month_label(s.done_at);
    scores[at][staff.label(s.agent_id).value_or("(none)")].push_back(s.score);
    scores[at][""].push_back(s.score);
  }
  std::vector<SatisfactionRow> out;
  for (const auto& [at, by_agent] : scores)
    for (const auto& [agent, list] : by_agent) {
      auto satisfied = std::count_if(list.begin(), list.end(), [&](int s) { return s >= satisfied_min; });
      out.push_back({at, agent.empty() ? std::nullopt : std::optional<std::string>(agent),
                     static_cast<std::int64_t>(list.size()), static_cast<std::int64_t>(satisfied),
                     metrics::satisfaction_rate(list, satisfied_min), metrics::csi(list)});
    }
  return out;
}

}  // namespace csdesk
