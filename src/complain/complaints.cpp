#include "complain/complaints.hpp"

#include <algorithm>
#include <functional>

#include <fmt/format.h>

#include "config/policies.hpp"
#include "register/registration.hpp"
#include "revisit/revisits.hpp"
#include "rules/complaint_state.hpp"
#include "rules/vocabulary.hpp"
#include "store/staff.hpp"
#include "util/error.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

namespace csdesk {
namespace {

std::string check_category(const Config& cfg, const std::string& text, const char* flag) {
  std::string c = trim(nfkc(text, flag));
  const auto& allowed = cfg.list("complaint.categories");
  // A default code in English or Chinese (服务态度 for service-attitude); a configured category
  // that is no default code as written.
  if (auto code = vocab::parse(vocab::complaint_category, c, allowed)) return *code;
  fail_invalid("{}: '{}' is not a complaint category; use {} (config complaint.categories){}", flag, text,
               language() == Lang::zh ? vocab::listed(vocab::complaint_category, allowed) : join(allowed, ", "),
               did_you_mean(c, allowed));
}

std::string check_priority(const std::string& text, const char* flag) {
  if (auto p = parse_priority(text)) return *p;
  fail_invalid("{}: '{}' is not a priority; use P1, P2 or P3 (紧急, 高, 普通)", flag, text);
}

std::string check_status(const std::string& text) {
  const auto& all = complaint_statuses();
  if (auto s = vocab::parse(vocab::complaint_status, text, all)) return *s;
  fail_invalid("--status: '{}' is not a complaint status; use {}", text,
               language() == Lang::zh ? vocab::listed(vocab::complaint_status, all) : join(all, ", "));
}

Staff active_staff(Database& db, const std::string& ref, const char* flag) {
  auto s = StaffStore(db).find(ref);
  if (!s) fail_not_found("{}: no staff member '{}'; see `csdesk staff list`", flag, ref);
  if (!s->active) fail_conflict("{}: {} {} is deactivated; choose an active staff member", flag, s->number, s->name);
  return *s;
}

// Builds the rows of complaint tables, looking each person up once.
class Rows {
 public:
  explicit Rows(const CareScope& scope)
      : scope_(scope), store_(scope.db), staff_(scope.db), customers_(scope.db), sla_(sla_policy(scope.config)) {}

  ComplaintClocks clocks(const Complaint& c) { return complaint_clocks(sla_, times(c), scope_.now); }

  ComplaintTimes times(const Complaint& c) { return times(c, store_.handovers(c.id)); }
  // With its handovers already read, for views that show them too.
  ComplaintTimes times(const Complaint& c, const std::vector<ComplaintHandover>& handovers) {
    ComplaintTimes t{c.priority, c.status, c.received_at, c.first_response_at, c.resolved_at, store_.pauses(c.id)};
    t.channel = c.channel.value_or("");
    t.feedback_marks = store_.feedback_marks(c.id);
    t.crisis_at = c.crisis_at;
    t.crisis_plan_at = c.crisis_plan_at;
    for (const auto& h : handovers) t.handovers.push_back({h.department, h.decided_at, h.handed_at});
    return t;
  }

  ComplaintView row(const Complaint& c) { return row(c, clocks(c)); }
  ComplaintView row(const Complaint& c, const ComplaintClocks& clocks) {
    return ComplaintView{c, customers_.get(c.customer_id), staff_.label(c.handler_id), staff_.label(c.about_staff_id),
                        clocks};
  }

  StaffNames& staff() { return staff_; }
  const SlaPolicy& sla() const { return sla_; }
  const WorkCalendar& calendar() const { return sla_.calendar; }

 private:
  const CareScope& scope_;
  ComplaintStore store_;
  StaffNames staff_;
  CustomerCache customers_;
  SlaPolicy sla_;
};

using Edit = std::function<void(const Complaint& before, Complaint& after)>;

// One verb on one complaint: the state first, so a refusal names it before any problem `edit`
// finds; then the transition, and what it means for the follow-up revisits.
ComplaintChanged apply_verb(const CareScope& scope, const std::string& ref, const std::string& verb,
                            const ComplaintNote& note, const Edit& edit) {
  Database::Transaction tx(scope.db);
  ComplaintStore store(scope.db);
  Complaint before = store.get(ref);
  require_verb(before, verb);
  Complaint after = before;
  edit(before, after);
  ComplaintChanged changed;
  after = transition(scope, before, after, verb, note);
  if (verb == "resolve") changed.followup = plan_followup(scope, after);
  if (verb == "reopen")
    changed.cancelled_followups = RevisitStore(scope.db).cancel_followups(after.id, scope.actor, scope.now);
  tx.commit();
  changed.row = Rows(scope).row(after);
  return changed;
}

// A complaint escalated to a level is resolved only with that level's approval (三级审核). Missing
// it is the complaint's state, not the resolver's role: a conflict naming who may approve.
void require_sign_off(const CareScope& scope, const Complaint& c) {
  if (complaint_signed_off(c.escalation_level, ComplaintStore(scope.db).actions(c.id))) return;
  std::vector<std::string> roles;
  for (const auto& role : scope.actor.roles_for(approval_permission(c.escalation_level)))
    roles.push_back(vocab::name(vocab::role, role));
  fail_conflict("complaint {} is escalated to level {} ({}) and its solution is not approved at that level; "
                "a {} approves it first: `csdesk complain approve {}`",
                c.number, c.escalation_level, vocab::name(vocab::escalation, escalation_name(c.escalation_level)),
                join(roles, language() == Lang::zh ? "或" : " or "), c.number);
}

ComplaintNote note_only(const ComplaintVerb& v) { return {given_text(v.note, "--note"), std::nullopt}; }

void no_edit(const Complaint&, Complaint&) {}

// --expected-by: the handling time told to the customer, not before now.
std::optional<Epoch> expected_by(const CareScope& scope, const std::string& text) {
  if (trim(text).empty()) return std::nullopt;
  Epoch at = parse_time(text, "--expected-by");
  if (at < scope.now)
    fail_invalid("--expected-by: {} is earlier than now ({}); give the time the customer was told to expect",
                 format_local(at), format_local(scope.now));
  return at;
}

// --dept: one of complaint.departments, as configured (full-width forms and spaces folded).
std::string check_department(const Config& cfg, const std::string& text, const char* flag) {
  std::string d = trim(nfkc(text, flag));
  const auto& allowed = cfg.list("complaint.departments");
  for (const auto& a : allowed)
    if (trim(nfkc(a, "complaint.departments")) == d) return a;
  if (d.empty()) fail_invalid("{}: name the department; use {} (config complaint.departments)", flag, join(allowed, ", "));
  fail_invalid("{}: '{}' is not a department; use {} (config complaint.departments){}", flag, text, join(allowed, ", "),
               did_you_mean(d, allowed));
}

}  // namespace

void mark_reopened(Complaint& c) {
  c.reopened_count += 1;
  c.resolved_at.reset();
  c.closed_at.reset();
}

void mark_closed(Complaint& c, Epoch now) { c.closed_at = now; }

void require_verb(const Complaint& c, const std::string& verb) {
  if (!complaint_next_status(verb, c.status))
  {
    std::vector<std::string> sources;
    for (const auto& status : complaint_verb_sources(verb)) sources.push_back(vocab::name(vocab::complaint_status, status));
    fail_conflict("complaint {} is {}; `complain {}` needs it to be {}", c.number,
                  vocab::name(vocab::complaint_status, c.status), verb, join(sources, language() == Lang::zh ? "或" : " or "));
  }
}

Complaint transition(const CareScope& scope, const Complaint& before, Complaint after, const std::string& verb,
                     const ComplaintNote& note) {
  require_verb(before, verb);
  after.status = *complaint_next_status(verb, before.status);
  ComplaintStore store(scope.db);
  // The SLA clocks stop while the complaint waits on the customer.
  bool waiting_before = before.status == "pending-customer", waiting_after = after.status == "pending-customer";
  if (waiting_after && !waiting_before) store.open_pause(before.id, scope.now);
  if (waiting_before && !waiting_after) store.end_pause(before.id, scope.now);
  store.change(before, after, verb, note, scope.actor, scope.now);
  return after;
}

ComplaintTaken take_complaint(const CareScope& scope, const NewComplaint& in) {
  scope.actor.require(Permission::complain_open);
  auto content = given_text(in.content, "--content");
  if (!content) fail_invalid("--content: say what the customer complains about (反馈内容)");
  Complaint c;
  c.content = *content;
  if (!in.category.empty()) c.category = check_category(scope.config, in.category, "--category");
  c.priority = check_priority(in.priority, "--priority");
  const std::string& channel = in.new_customer[static_cast<size_t>(Field::channel)];
  if (!trim(channel).empty()) c.channel = normalise_channel(channel);
  c.received_at = in.received_at.empty() ? scope.now : parse_time(in.received_at, "--received-at");
  if (c.received_at > scope.now)
    fail_invalid("--received-at: {} is later than now ({}); give the time the complaint came in", format_local(c.received_at),
                 format_local(scope.now));
  const std::string& name = in.new_customer[static_cast<size_t>(Field::name)];
  if (in.customer.empty() == name.empty())
    fail_usage("complain new: name the customer with --customer KH… or register one on the spot with --name … (not both)");

  Database& db = scope.db;
  ComplaintTaken taken;
  Database::Transaction tx(db);
  if (!in.handler.empty()) c.handler_id = active_staff(db, in.handler, "--handler").id;
  else if (scope.actor.staff_id) c.handler_id = scope.actor.staff_id;
  if (!in.about.empty()) c.about_staff_id = StaffStore(db).get(in.about).id;
  if (!in.customer.empty()) {
    c.customer_id = CustomerStore(db).get(in.customer).id;
  } else {
    if (!scope.actor.staff_id)
      fail_usage("complain new --name registers the customer and records who took the contact: say who you are with "
                 "--as STAFF (or CSDESK_USER)");
    RawContact contact = in.new_customer;
    auto& contacted = contact[static_cast<size_t>(Field::contacted_at)];
    if (contacted.empty()) contacted = format_local_seconds(c.received_at);
    Intake intake{scope.actor, scope.actor.staff_id, scope.now,
                  scope.config.integer("intake.register_limit_minutes") * 60};
    taken.registered = register_contact(db, normalise_contact(contact, scope.now), intake);
    c.customer_id = taken.registered->customer.id;
  }
  Complaint created = ComplaintStore(db).create(c, scope.actor, scope.now);
  tx.commit();
  taken.row = Rows(scope).row(created);
  return taken;
}

ComplaintChanged respond_to_complaint(const CareScope& scope, const ComplaintVerb& v) {
  scope.actor.require(Permission::complain_handle);
  auto expected = expected_by(scope, v.expected_by);
  return apply_verb(scope, v.complaint, "respond", note_only(v), [&](const Complaint&, Complaint& c) {
    if (!c.first_response_at) c.first_response_at = scope.now;
    if (expected) c.expected_by = expected;
  });
}

ComplaintChanged update_complaint(const CareScope& scope, const ComplaintVerb& v) {
  scope.actor.require(Permission::complain_handle);
  auto note = given_text(v.note, "--note"), cause = given_text(v.cause, "--cause"),
       measure = given_text(v.measure, "--measure"), solution = given_text(v.solution, "--solution");
  auto expected = expected_by(scope, v.expected_by);
  if (v.told_customer && !note)
    fail_invalid("--told-customer: say with --note what the customer was told");
  if (!note && !cause && !measure && !solution && !expected)
    fail_usage("complain update: give at least one of --note, --cause, --measure, --solution, --expected-by");
  // The log line reads as one sentence; the measure has a column of its own.
  std::vector<std::string> parts;
  if (note) parts.push_back(*note);
  if (cause) parts.push_back("原因: " + *cause);
  if (solution) parts.push_back("方案: " + *solution);
  std::string text = join(parts, "; ");
  ComplaintNote logged{text.empty() ? std::nullopt : std::optional<std::string>(text), measure};
  // Telling the customer is the log's 'inform', which restarts the feedback clock.
  return apply_verb(scope, v.complaint, v.told_customer ? "inform" : "update", logged, [&](const Complaint&, Complaint& c) {
    if (cause) c.cause = cause;
    if (measure) c.measure = measure;
    if (solution) c.solution = solution;
    if (expected) c.expected_by = expected;
  });
}

ComplaintChanged assign_complaint(const CareScope& scope, const ComplaintVerb& v) {
  scope.actor.require(Permission::complain_handle);
  return apply_verb(scope, v.complaint, "assign", note_only(v), [&](const Complaint& b, Complaint& c) {
    Staff to = active_staff(scope.db, v.to, "--to");
    if (b.handler_id == to.id) fail_conflict("complaint {} is already handled by {} {}", b.number, to.number, to.name);
    c.handler_id = to.id;
  });
}

ComplaintChanged escalate_complaint(const CareScope& scope, const ComplaintVerb& v) {
  scope.actor.require(Permission::complain_escalate);
  auto reason = given_text(v.reason, "--reason");
  if (!reason) fail_invalid("--reason: say why the complaint goes up");
  return apply_verb(scope, v.complaint, "escalate", {reason, std::nullopt}, [&](const Complaint& b, Complaint& c) {
    if (b.escalation_level >= kMaxEscalation)
      fail_conflict("complaint {} is already at the top level ({} {}); it cannot go higher", b.number, b.escalation_level,
                    vocab::name(vocab::escalation, escalation_name(b.escalation_level)));
    c.escalation_level = b.escalation_level + 1;
    if (v.to.empty()) return;
    Staff to = active_staff(scope.db, v.to, "--to");
    const char* role = escalation_role(c.escalation_level);
    if (!to.has_role(role) && !to.has_role("manager") && !to.has_role("director"))
      fail_invalid("--to: {} {} is not a {}; level {} goes to a {}", to.number, to.name, vocab::name(vocab::role, role),
                   c.escalation_level, vocab::name(vocab::role, role));
    c.handler_id = to.id;
  });
}

ComplaintChanged wait_on_customer(const CareScope& scope, const ComplaintVerb& v) {
  scope.actor.require(Permission::complain_handle);
  return apply_verb(scope, v.complaint, "wait", note_only(v), no_edit);
}

ComplaintChanged resume_complaint(const CareScope& scope, const ComplaintVerb& v) {
  scope.actor.require(Permission::complain_handle);
  return apply_verb(scope, v.complaint, "resume", note_only(v), no_edit);
}

ComplaintChanged resolve_complaint(const CareScope& scope, const ComplaintVerb& v) {
  scope.actor.require(Permission::complain_handle);
  auto solution = given_text(v.solution, "--solution"), cause = given_text(v.cause, "--cause"),
       measure = given_text(v.measure, "--measure");
  if (!solution) fail_invalid("--solution: say how the complaint was solved (解决方案)");
  return apply_verb(scope, v.complaint, "resolve", {solution, measure}, [&](const Complaint& b, Complaint& c) {
    require_sign_off(scope, b);
    c.solution = solution;
    if (cause) c.cause = cause;
    if (measure) c.measure = measure;
    c.resolved_at = scope.now;
  });
}

ComplaintChanged close_complaint(const CareScope& scope, const ComplaintVerb& v) {
  scope.actor.require(Permission::complain_handle);
  auto confirmed = given_text(v.confirmed_by, "--confirmed-by");
  ComplaintNote note = note_only(v);
  if (confirmed) note.content = (note.content ? *note.content + "; " : std::string()) + "客户确认: " + *confirmed;
  return apply_verb(scope, v.complaint, "close", note, [&](const Complaint&, Complaint& c) {
    mark_closed(c, scope.now);
    if (confirmed) c.confirmed_by = confirmed;
  });
}

ComplaintChanged reopen_complaint(const CareScope& scope, const ComplaintVerb& v) {
  scope.actor.require(Permission::complain_handle);
  auto reason = given_text(v.reason, "--reason");
  if (!reason) fail_invalid("--reason: say why the complaint is reopened");
  return apply_verb(scope, v.complaint, "reopen", {reason, std::nullopt},
                    [](const Complaint&, Complaint& c) { mark_reopened(c); });
}

ComplaintChanged inform_customer(const CareScope& scope, const ComplaintVerb& v) {
  ComplaintVerb told = v;
  told.told_customer = true;
  return update_complaint(scope, told);
}

ComplaintChanged mark_crisis(const CareScope& scope, const ComplaintVerb& v) {
  scope.actor.require(Permission::complain_escalate);
  auto reason = given_text(v.reason, "--reason");
  if (!reason) fail_invalid("--reason: say what makes it a crisis (危机事件)");
  std::string text = "危机事件: " + *reason;
  return apply_verb(scope, v.complaint, "crisis", {text, std::nullopt}, [&](const Complaint& b, Complaint& c) {
    if (b.crisis_at)
      fail_conflict("complaint {} is already a crisis since {}", b.number, format_local(*b.crisis_at));
    c.crisis_at = scope.now;
    c.escalation_level = kMaxEscalation;  // to the manager at once
    if (v.to.empty()) return;
    Staff to = active_staff(scope.db, v.to, "--to");
    if (!to.has_role("manager") && !to.has_role("director"))
      fail_invalid("--to: {} {} is not a {}; a crisis goes to a manager", to.number, to.name, vocab::name(vocab::role, "manager"));
    c.handler_id = to.id;
  });
}

ComplaintChanged record_crisis_plan(const CareScope& scope, const ComplaintVerb& v) {
  scope.actor.require(Permission::complain_handle);
  auto plan = given_text(v.plan, "--plan");
  if (!plan) fail_invalid("--plan: say what the quick-response plan is (应急方案)");
  return apply_verb(scope, v.complaint, "plan", {plan, std::nullopt}, [&](const Complaint& b, Complaint& c) {
    if (!b.crisis_at)
      fail_conflict("complaint {} is not a crisis; mark it first with `csdesk complain crisis {} --reason …`", b.number,
                    b.number);
    c.crisis_plan = plan;
    if (!b.crisis_plan_at) c.crisis_plan_at = scope.now;  // the first plan stops the clock; later ones revise it
  });
}

ComplaintChanged decide_for_department(const CareScope& scope, const ComplaintVerb& v) {
  scope.actor.require(Permission::complain_handle);
  std::string dept = check_department(scope.config, v.department, "--dept");
  auto decision = given_text(v.decision, "--decision");
  if (!decision) fail_invalid("--decision: say what the department is to do (决议事项)");
  std::string text = dept + ": " + *decision;
  return apply_verb(scope, v.complaint, "decide", {text, std::nullopt}, [&](const Complaint& b, Complaint&) {
    ComplaintStore(scope.db).add_handover({0, b.id, dept, *decision, scope.now, std::nullopt, std::nullopt, std::nullopt});
  });
}

ComplaintChanged transfer_to_department(const CareScope& scope, const ComplaintVerb& v) {
  scope.actor.require(Permission::complain_handle);
  std::string dept = check_department(scope.config, v.department, "--to-dept");
  auto note = given_text(v.note, "--note");
  std::string text = "转交" + dept + (note ? ": " + *note : std::string());
  return apply_verb(scope, v.complaint, "transfer", {text, std::nullopt}, [&](const Complaint& b, Complaint&) {
    ComplaintStore store(scope.db);
    for (const auto& h : store.handovers(b.id))
      if (h.department == dept && !h.handed_at) {
        store.mark_handed(h.id, scope.now);
        return;
      }
    // Nothing decided for it yet: decided and handed over in one step.
    store.add_handover({0, b.id, dept, note.value_or(b.content), scope.now, scope.now, std::nullopt, std::nullopt});
  });
}

ComplaintChanged record_department_answer(const CareScope& scope, const ComplaintVerb& v) {
  scope.actor.require(Permission::complain_handle);
  std::string dept = check_department(scope.config, v.department, "--from-dept");
  auto answer = given_text(v.note, "--note");
  if (!answer) fail_invalid("--note: say what {} answered", dept);
  std::string text = dept + "答复: " + *answer;
  return apply_verb(scope, v.complaint, "answer", {text, std::nullopt}, [&](const Complaint& b, Complaint&) {
    ComplaintStore store(scope.db);
    for (const auto& h : store.handovers(b.id))
      if (h.department == dept && h.handed_at && !h.answered_at) {
        store.mark_answered(h.id, *answer, scope.now);
        return;
      }
    fail_conflict("complaint {} has nothing handed to {} awaiting an answer; hand it over first with "
                  "`csdesk complain transfer {} --to-dept {}`",
                  b.number, dept, b.number, dept);
  });
}

std::vector<ComplaintView> approve_complaints(const CareScope& scope, const std::vector<std::string>& refs,
                                              const std::string& note_text) {
  // Someone who may approve at no level is refused before any complaint is looked up.
  if (!scope.actor.may(Permission::approve_level1) && !scope.actor.may(Permission::approve_level2))
    scope.actor.require(Permission::approve_level1);
  if (refs.empty()) fail_usage("complain approve: name the complaints to approve (TS…)");
  auto note = given_text(note_text, "--note");
  Database::Transaction tx(scope.db);
  ComplaintStore store(scope.db);
  std::vector<Complaint> named;
  for (const auto& ref : refs) {
    Complaint c = store.get(ref);
    if (std::any_of(named.begin(), named.end(), [&](const Complaint& n) { return n.id == c.id; })) continue;
    require_verb(c, "approve");
    if (c.escalation_level <= 0)
      fail_conflict("complaint {} is not escalated (level 0, handler) and needs no approval; its handler resolves it",
                    c.number);
    scope.actor.require(approval_permission(c.escalation_level));
    if (complaint_signed_off(c.escalation_level, store.actions(c.id)))
      fail_conflict("complaint {} is already approved at level {} ({}); it can be resolved", c.number,
                    c.escalation_level, vocab::name(vocab::escalation, escalation_name(c.escalation_level)));
    named.push_back(c);
  }
  std::vector<Complaint> approved;
  for (const auto& c : named) {
    std::string text = fmt::format("{}审核通过 (level {})", c.escalation_level >= 2 ? "经理" : "主管", c.escalation_level);
    if (note) text += "; " + *note;
    approved.push_back(transition(scope, c, c, "approve", {text, std::nullopt}));
  }
  tx.commit();
  Rows rows(scope);
  std::vector<ComplaintView> shown;
  for (const auto& c : approved) shown.push_back(rows.row(c));
  return shown;
}

ComplaintDetail show_complaint(const CareScope& scope, const std::string& ref) {
  ComplaintStore store(scope.db);
  Rows rows(scope);
  ComplaintDetail detail;
  Complaint c = store.get(ref);
  detail.handovers = store.handovers(c.id);
  detail.row = rows.row(c, complaint_clocks(rows.sla(), rows.times(c, detail.handovers), scope.now));
  if (auto revisit = RevisitStore(scope.db).raised_in(detail.row.complaint.id))
    if (auto r = RevisitStore(scope.db).find(std::to_string(*revisit))) detail.row.raised_in_revisit = r->number;
  for (auto& line : store.log(detail.row.complaint.id))
    detail.log.push_back({line, rows.staff().label(line.handler_id)});
  return detail;
}

ComplaintSla explain_sla(const CareScope& scope, const std::string& ref) {
  Rows rows(scope);
  ComplaintSla sla;
  ComplaintStore store(scope.db);
  sla.complaint = store.get(ref);
  sla.handovers = store.handovers(sla.complaint.id);
  ComplaintTimes times = rows.times(sla.complaint, sla.handovers);
  sla.clocks = complaint_clocks(rows.sla(), times, scope.now);
  sla.calendar = rows.calendar().describe();
  sla.calendar_en = rows.calendar().describe(Lang::en);
  sla.timezone = scope.config.text("timezone");
  sla.now = scope.now;
  for (const auto& p : times.pauses)
    sla.pauses.push_back({p, working_between(rows.calendar(), p.begin, p.end.value_or(scope.now))});
  const auto& f = sla.clocks.first_response;
  const auto& r = sla.clocks.resolution;
  sla.calendar_days = calendar_exceptions(rows.calendar(), times.received_at,
                                          std::max({f.deadline, f.stop, r.deadline, r.stop}));
  return sla;
}

std::vector<ComplaintView> list_complaints(const CareScope& scope, const ComplaintQuery& q) {
  Database& db = scope.db;
  ComplaintFilter f;
  if (!q.status.empty()) f.status = check_status(q.status);
  if (!q.priority.empty()) f.priority = check_priority(q.priority, "--priority");
  if (!q.category.empty()) f.category = check_category(scope.config, q.category, "--category");
  if (!q.handler.empty()) f.handler_id = StaffStore(db).get(q.handler).id;
  if (!q.customer.empty()) f.customer_id = CustomerStore(db).get(q.customer).id;
  if (!q.since.empty()) f.since = parse_time(q.since, "--since");
  if (!q.until.empty()) f.until = parse_time(q.until, "--until");
  std::optional<std::int64_t> within;
  if (!q.due_within.empty()) within = parse_duration(q.due_within, "--due-within");

  Rows rows(scope);
  std::vector<ComplaintView> shown;
  for (const auto& c : ComplaintStore(db).list(f)) {
    ComplaintClocks clocks = rows.clocks(c);
    if (q.overdue && !clocks.overdue) continue;
    if (within && (clocks.overdue || !clocks.next_deadline || *clocks.next_deadline > scope.now + *within)) continue;
    shown.push_back(rows.row(c, clocks));
  }
  return shown;
}

}  // namespace csdesk
