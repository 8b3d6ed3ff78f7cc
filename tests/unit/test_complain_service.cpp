// The complaint service called without a command line: intake, each verb, escalation, the
// follow-up a resolution plans and a reopening cancels, listing by the clock.
#include <doctest/doctest.h>

#include "care_desk.hpp"
#include "complain/complaints.hpp"
#include "store/revisits.hpp"

using namespace csdesk;
using namespace csdesk::test;

namespace {

NewComplaint about_customer(const Customer& c, const std::string& content = "发票金额错误") {
  NewComplaint n;
  n.customer = c.number;
  n.content = content;
  n.category = "billing";
  n.priority = "P1";
  return n;
}

ComplaintVerb on(const std::string& number) {
  ComplaintVerb v;
  v.complaint = number;
  return v;
}

std::vector<Revisit> followups(CareDesk& d, const std::string& complaint) {
  RevisitFilter f;
  f.complaint_id = ComplaintStore(*d.db).get(complaint).id;
  return RevisitStore(*d.db).list(f);
}

}  // namespace

TEST_CASE("taking a complaint numbers it, defaults the handler to the operator and logs it") {
  CareDesk d("take");
  ComplaintTaken t = take_complaint(d.as("3001"), about_customer(d.customer));
  const Complaint& c = t.row.complaint;
  CHECK(c.number == "TS202611-0001");
  CHECK(c.status == "open");
  CHECK(c.priority == "P1");
  CHECK(c.received_at == d.now);
  CHECK(t.row.handler == std::optional<std::string>("3001 陈静"));
  CHECK(t.row.customer.number == d.customer.number);
  CHECK(!t.registered);
  CHECK(t.row.clocks.next_deadline.has_value());
  auto log = ComplaintStore(*d.db).log(c.id);
  REQUIRE(log.size() == 1);
  CHECK(log[0].action == "new");
  CHECK(log[0].content == std::optional<std::string>("发票金额错误"));
}

TEST_CASE("a complaint is refused with the flag named, and nothing is written") {
  CareDesk d("take-refused");
  std::string before = d.digest();
  NewComplaint future = about_customer(d.customer);
  future.received_at = "2026-11-03 09:00";
  Refusal r = refusal_of([&] { take_complaint(d.as("3001"), future); });
  CHECK(r.kind == ErrorKind::invalid);
  CHECK(contains(r.message, "--received-at"));

  NewComplaint category = about_customer(d.customer);
  category.category = "biling";
  r = refusal_of([&] { take_complaint(d.as("3001"), category); });
  CHECK(r.kind == ErrorKind::invalid);
  CHECK(contains(r.message, "did you mean 'billing'"));

  NewComplaint both = about_customer(d.customer);
  both.new_customer[static_cast<size_t>(Field::name)] = "李先生";
  CHECK(refusal_of([&] { take_complaint(d.as("3001"), both); }).kind == ErrorKind::usage);

  NewComplaint unknown = about_customer(d.customer);
  unknown.customer.clear();
  unknown.new_customer[static_cast<size_t>(Field::name)] = "李先生";
  unknown.new_customer[static_cast<size_t>(Field::phone)] = "13800138000";
  r = refusal_of([&] { take_complaint(d.as(""), unknown); });  // the system may take no complaint
  CHECK(r.kind == ErrorKind::not_permitted);
  CHECK(contains(r.message, "permissions.complain_new"));
  CHECK(d.digest() == before);
}

TEST_CASE("an unknown customer is registered on the spot, contacted when the complaint came in") {
  CareDesk d("take-register");
  NewComplaint n;
  n.content = "客服态度差";
  n.received_at = "2026-11-02 09:15";
  n.new_customer[static_cast<size_t>(Field::name)] = "李先生";
  n.new_customer[static_cast<size_t>(Field::phone)] = "13800138000";
  n.new_customer[static_cast<size_t>(Field::channel)] = "电话";
  ComplaintTaken t = take_complaint(d.as("3001"), n);
  REQUIRE(t.registered);
  CHECK(!t.registered->returning);
  CHECK(t.row.customer.name == "李先生");
  CHECK(t.row.complaint.channel == std::optional<std::string>("phone"));
  CHECK(t.registered->customer.contacted_at == std::optional<Epoch>(from_local(2026, 11, 2, 9, 15)));
}

TEST_CASE("each verb moves the complaint along and edits what it names") {
  CareDesk d("verbs");
  std::string n = take_complaint(d.as("3001"), about_customer(d.customer)).row.complaint.number;

  ComplaintVerb update = on(n);
  update.note = "已登记";
  update.cause = "开票模板错误";
  update.measure = "已联系财务";
  ComplaintChanged c = update_complaint(d.as("3001"), update);
  CHECK(c.row.complaint.status == "open");
  CHECK(c.row.complaint.cause == std::optional<std::string>("开票模板错误"));
  auto log = ComplaintStore(*d.db).log(c.row.complaint.id);
  CHECK(log.back().content == std::optional<std::string>("已登记; 原因: 开票模板错误"));
  CHECK(log.back().measure == std::optional<std::string>("已联系财务"));
  CHECK(refusal_of([&] { update_complaint(d.as("3001"), on(n)); }).kind == ErrorKind::usage);

  ComplaintVerb assign = on(n);
  assign.to = "3002";
  c = assign_complaint(d.as("3001"), assign);
  CHECK(c.row.handler == std::optional<std::string>("3002 周强"));
  CHECK(refusal_of([&] { assign_complaint(d.as("3001"), assign); }).kind == ErrorKind::conflict);  // already theirs

  Epoch later = d.now + 1800;
  c = respond_to_complaint(d.as("3002", later), on(n));
  CHECK(c.row.complaint.status == "in-progress");
  CHECK(c.row.complaint.first_response_at == std::optional<Epoch>(later));

  c = wait_on_customer(d.as("3002", later + 600), on(n));
  CHECK(c.row.complaint.status == "pending-customer");
  c = resume_complaint(d.as("3002", later + 1200), on(n));
  CHECK(c.row.complaint.status == "in-progress");
  auto pauses = ComplaintStore(*d.db).pauses(c.row.complaint.id);
  REQUIRE(pauses.size() == 1);
  CHECK(pauses[0].begin == later + 600);
  CHECK(pauses[0].end == std::optional<Epoch>(later + 1200));

  ComplaintVerb resolve = on(n);
  CHECK(refusal_of([&] { resolve_complaint(d.as("3002"), resolve); }).kind == ErrorKind::invalid);  // no solution
  resolve.solution = "重开发票";
  c = resolve_complaint(d.as("3002", later + 3600), resolve);
  CHECK(c.row.complaint.status == "resolved");
  CHECK(c.row.complaint.resolved_at == std::optional<Epoch>(later + 3600));
  CHECK(c.row.complaint.solution == std::optional<std::string>("重开发票"));
  CHECK(!c.row.clocks.overdue);
  CHECK(!c.row.clocks.next_deadline);  // nothing left to be late for

  c = close_complaint(d.as("3002", later + 7200), on(n));
  CHECK(c.row.complaint.status == "closed");
  CHECK(c.row.complaint.closed_at == std::optional<Epoch>(later + 7200));
}

TEST_CASE("a verb not allowed from the status is refused naming it, before any other check") {
  CareDesk d("refusals");
  std::string n = take_complaint(d.as("3001"), about_customer(d.customer)).row.complaint.number;
  std::string before = d.digest();
  ComplaintVerb v = on(n);
  v.to = "9999";  // no such staff member: the status is named first
  Refusal r = refusal_of([&] { close_complaint(d.as("3001"), v); });
  CHECK(r.kind == ErrorKind::conflict);
  CHECK(contains(r.message, n + " is open"));
  CHECK(refusal_of([&] { wait_on_customer(d.as("3001"), v); }).kind == ErrorKind::conflict);
  v.reason = "客户再次来电";
  CHECK(refusal_of([&] { reopen_complaint(d.as("3001"), v); }).kind == ErrorKind::conflict);
  CHECK(refusal_of([&] { assign_complaint(d.as("3001"), v); }).kind == ErrorKind::not_found);  // allowed: then --to
  CHECK(d.digest() == before);
  CHECK(refusal_of([&] { respond_to_complaint(d.as("3001"), on("TS202611-0099")); }).kind == ErrorKind::not_found);
}

TEST_CASE("escalation goes up one level at a time, to someone holding that level's role") {
  CareDesk d("escalate");
  std::string n = take_complaint(d.as("3001"), about_customer(d.customer)).row.complaint.number;
  ComplaintVerb v = on(n);
  CHECK(refusal_of([&] { escalate_complaint(d.as("3001"), v); }).kind == ErrorKind::invalid);  // no reason
  v.reason = "金额较大";
  v.to = "3002";  // a complaint handler is not a supervisor
  Refusal r = refusal_of([&] { escalate_complaint(d.as("3001"), v); });
  CHECK(r.kind == ErrorKind::invalid);
  CHECK(contains(r.message, "is not a supervisor"));

  v.to = "5001";
  ComplaintChanged c = escalate_complaint(d.as("3001"), v);
  CHECK(c.row.complaint.escalation_level == 1);
  CHECK(c.row.handler == std::optional<std::string>("5001 赵敏"));

  v.to = "5001";  // a supervisor cannot take level 2
  CHECK(refusal_of([&] { escalate_complaint(d.as("3001"), v); }).kind == ErrorKind::invalid);
  v.to.clear();  // without --to the handler stays
  c = escalate_complaint(d.as("3001"), v);
  CHECK(c.row.complaint.escalation_level == 2);
  CHECK(c.row.handler == std::optional<std::string>("5001 赵敏"));

  r = refusal_of([&] { escalate_complaint(d.as("3001"), v); });
  CHECK(r.kind == ErrorKind::conflict);
  CHECK(contains(r.message, "top level (2 manager)"));
}

TEST_CASE("a manager may take any level") {
  CareDesk d("escalate-manager");
  std::string n = take_complaint(d.as("3001"), about_customer(d.customer)).row.complaint.number;
  ComplaintVerb v = on(n);
  v.reason = "客户要求赔偿";
  v.to = "6001";
  ComplaintChanged c = escalate_complaint(d.as("3001"), v);
  CHECK(c.row.complaint.escalation_level == 1);
  CHECK(c.row.handler == std::optional<std::string>("6001 孙经理"));
}

TEST_CASE("resolving plans one follow-up per resolution; reopening by hand cancels it and counts") {
  CareDesk d("followup");
  std::string n = take_complaint(d.as("3001"), about_customer(d.customer)).row.complaint.number;
  respond_to_complaint(d.as("3001"), on(n));
  ComplaintVerb resolve = on(n);
  resolve.solution = "重开发票";
  ComplaintChanged c = resolve_complaint(d.as("3001"), resolve);
  REQUIRE(c.followup);
  CHECK(c.followup->purpose == "complaint-follow-up");
  CHECK(c.followup->due_at == std::optional<Epoch>(d.now + 3 * 86400));  // revisit.after_resolution_days
  CHECK(c.followup->agent_id.has_value());                                // the one revisit agent

  ComplaintVerb reopen = on(n);
  reopen.reason = "金额仍有误";
  c = reopen_complaint(d.as("3001"), reopen);
  CHECK(c.row.complaint.status == "reopened");
  CHECK(c.row.complaint.reopened_count == 1);
  CHECK(!c.row.complaint.resolved_at);
  CHECK(c.cancelled_followups == 1);
  CHECK(followups(d, n).front().status == "cancelled");

  respond_to_complaint(d.as("3001"), on(n));
  c = resolve_complaint(d.as("3001"), resolve);
  REQUIRE(c.followup);  // a second resolution gets its own follow-up
  CHECK(followups(d, n).size() == 2);
}

TEST_CASE("mark_reopened and mark_closed are the edits a reopening and a closing make") {
  Complaint c;
  c.resolved_at = 100;
  c.closed_at = 200;
  mark_reopened(c);
  CHECK(c.reopened_count == 1);
  CHECK(!c.resolved_at);
  CHECK(!c.closed_at);
  mark_closed(c, 300);
  CHECK(c.closed_at == std::optional<Epoch>(300));
}

TEST_CASE("listing filters by status and by the clock") {
  CareDesk d("list");
  std::string urgent = take_complaint(d.as("3001"), about_customer(d.customer)).row.complaint.number;
  NewComplaint calm = about_customer(d.customer, "安装延误");
  calm.priority = "P3";
  std::string answered = take_complaint(d.as("3001"), calm).row.complaint.number;
  respond_to_complaint(d.as("3001"), on(answered));

  ComplaintQuery all;
  CHECK(list_complaints(d.as(""), all).size() == 2);
  ComplaintQuery p1;
  p1.priority = "紧急";
  auto rows = list_complaints(d.as(""), p1);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].complaint.number == urgent);

  // The P3's customer hears of progress 36 hours in (seed 003: at least every 24 hours).
  inform_customer(d.as("3001", d.now + 36 * 3600), [&] {
    ComplaintVerb v = on(answered);
    v.note = "仍在处理";
    return v;
  }());
  // Two days later the unanswered P1 is past both 24-hour clocks; the P3 was told 12 h ago.
  Epoch later = d.now + 2 * 86400;
  ComplaintQuery overdue;
  overdue.overdue = true;
  rows = list_complaints(d.as("", later), overdue);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].complaint.number == urgent);
  CHECK(rows[0].clocks.overdue);
  CHECK(list_complaints(d.as(""), overdue).empty());
  ComplaintQuery soon;
  soon.due_within = "11h";  // its next word to the customer is due 24 h after the last, 12 h from then
  CHECK(list_complaints(d.as("", later), soon).empty());
  soon.due_within = "13h";  // and an overdue complaint is not "due within"
  rows = list_complaints(d.as("", later), soon);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].complaint.number == answered);
  CHECK(rows[0].clocks.next_deadline == d.now + 60 * 3600);
  CHECK(rows[0].clocks.feedback_breaches == 1);  // 36 h between the first response and the next word

  ComplaintQuery bad;
  bad.status = "done";
  CHECK(refusal_of([&] { list_complaints(d.as(""), bad); }).kind == ErrorKind::invalid);
}

TEST_CASE("the SLA explanation counts a pause's working time up to now while it is open") {
  CareDesk d("sla");
  std::string n = take_complaint(d.as("3001"), about_customer(d.customer)).row.complaint.number;
  respond_to_complaint(d.as("3001"), on(n));
  wait_on_customer(d.as("3001", d.now + 600), on(n));
  ComplaintSla sla = explain_sla(d.as("", d.now + 4200), n);
  CHECK(sla.complaint.number == n);
  CHECK(sla.calendar == "around the clock");
  REQUIRE(sla.pauses.size() == 1);
  CHECK(!sla.pauses[0].pause.end);
  CHECK(sla.pauses[0].working_time == 3600);
  CHECK(sla.clocks.first_response.stopped);

  ComplaintDetail detail = show_complaint(d.as(""), n);
  CHECK(detail.row.complaint.status == "pending-customer");
  REQUIRE(detail.log.size() == 3);
  CHECK(detail.log[2].line.action == "wait");
  CHECK(detail.log[2].handler == std::optional<std::string>("3001 陈静"));
}

TEST_CASE("each complaint verb needs its permission; a refusal names it and writes nothing") {
  // 3001 consult may take a complaint but not work it; 4001 revisit neither escalates nor resolves.
  CareDesk d("permissions", {"consult", "complaint", "supervisor", "manager", "revisit"});
  std::string n = take_complaint(d.as("3001"), about_customer(d.customer)).row.complaint.number;
  std::string before = d.digest();
  ComplaintVerb v = on(n);
  v.note = "x";
  v.reason = "x";
  v.solution = "x";
  v.to = "3002";
  using Verb = ComplaintChanged (*)(const CareScope&, const ComplaintVerb&);
  for (Verb verb : {respond_to_complaint, update_complaint, assign_complaint, wait_on_customer, resume_complaint,
                    resolve_complaint, close_complaint, reopen_complaint}) {
    Refusal r = refusal_of([&] { verb(d.as("3001"), v); });
    CHECK(r.kind == ErrorKind::not_permitted);
    CHECK(contains(r.message, "3001 (consult)"));
    CHECK(contains(r.message, "complaint or supervisor or manager or director"));
    CHECK(contains(r.message, "permissions.complain_handle"));
  }
  Refusal r = refusal_of([&] { escalate_complaint(d.as("4001"), v); });
  CHECK(r.kind == ErrorKind::not_permitted);
  CHECK(contains(r.message, "permissions.complain_escalate"));
  CHECK(d.digest() == before);
  // The handler may, and the refusals left nothing half done.
  CHECK(respond_to_complaint(d.as("3002"), v).row.complaint.status == "in-progress");
}

TEST_CASE("a complaint escalated to level 1 is resolved only after a supervisor approves it") {
  CareDesk d("approve-level1");
  std::string n = take_complaint(d.as("3001"), about_customer(d.customer)).row.complaint.number;
  respond_to_complaint(d.as("3001"), on(n));
  ComplaintVerb v = on(n);
  v.reason = "客户要求赔偿";
  escalate_complaint(d.as("3001"), v);
  v.solution = "赔偿50元";

  std::string before = d.digest();
  Refusal r = refusal_of([&] { resolve_complaint(d.as("3001"), v); });
  CHECK(r.kind == ErrorKind::conflict);
  CHECK(contains(r.message, "level 1 (supervisor)"));
  CHECK(contains(r.message, "csdesk complain approve " + n));
  CHECK(contains(r.message, "supervisor or manager"));
  r = refusal_of([&] { approve_complaints(d.as("3001"), {n}, ""); });  // the handler cannot sign off
  CHECK(r.kind == ErrorKind::not_permitted);
  CHECK(contains(r.message, "permissions.approve_level1"));
  CHECK(d.digest() == before);

  auto approved = approve_complaints(d.as("5001", d.now + 60), {n}, "同意赔偿");
  REQUIRE(approved.size() == 1);
  CHECK(approved[0].complaint.status == "in-progress");
  auto log = ComplaintStore(*d.db).log(approved[0].complaint.id);
  CHECK(log.back().action == "approve");
  CHECK(log.back().actor == "5001");
  CHECK(log.back().content == std::optional<std::string>("主管审核通过 (level 1); 同意赔偿"));
  CHECK(d.count("SELECT COUNT(*) FROM audit WHERE action = 'approve' AND record_number = '" + n + "'") == 1);
  CHECK(refusal_of([&] { approve_complaints(d.as("5001"), {n}, ""); }).kind == ErrorKind::conflict);  // already

  CHECK(resolve_complaint(d.as("3001", d.now + 120), v).row.complaint.status == "resolved");
  // Reopened, the new solution needs a new sign-off.
  v.reason = "客户不接受";
  reopen_complaint(d.as("3001", d.now + 180), v);
  respond_to_complaint(d.as("3001", d.now + 240), v);
  CHECK(refusal_of([&] { resolve_complaint(d.as("3001", d.now + 300), v); }).kind == ErrorKind::conflict);
}

TEST_CASE("level 2 needs the manager; escalating after an approval needs a new one") {
  CareDesk d("approve-level2");
  std::string n = take_complaint(d.as("3001"), about_customer(d.customer)).row.complaint.number;
  respond_to_complaint(d.as("3001"), on(n));
  ComplaintVerb v = on(n);
  v.reason = "金额较大";
  escalate_complaint(d.as("3001"), v);
  approve_complaints(d.as("5001"), {n}, "");
  escalate_complaint(d.as("5001"), v);  // the supervisor's approval was for level 1
  v.solution = "全额退款";
  std::string before = d.digest();
  Refusal r = refusal_of([&] { resolve_complaint(d.as("3001"), v); });
  CHECK(r.kind == ErrorKind::conflict);
  CHECK(contains(r.message, "level 2 (manager)"));
  CHECK(contains(r.message, "a manager or director approves"));
  r = refusal_of([&] { approve_complaints(d.as("5001"), {n}, ""); });
  CHECK(r.kind == ErrorKind::not_permitted);
  CHECK(contains(r.message, "5001 (supervisor)"));
  CHECK(contains(r.message, "permissions.approve_level2"));
  CHECK(d.digest() == before);
  approve_complaints(d.as("6001"), {n}, "");
  CHECK(ComplaintStore(*d.db).log(ComplaintStore(*d.db).get(n).id).back().content ==
        std::optional<std::string>("经理审核通过 (level 2)"));
  CHECK(resolve_complaint(d.as("3001"), v).row.complaint.status == "resolved");
}

TEST_CASE("approving several complaints is all or none") {
  CareDesk d("approve-batch");
  ComplaintVerb v;
  v.reason = "客户要求赔偿";
  std::vector<std::string> numbers;
  for (const char* content : {"甲", "乙", "丙"}) {
    numbers.push_back(take_complaint(d.as("3001"), about_customer(d.customer, content)).row.complaint.number);
    v.complaint = numbers.back();
    escalate_complaint(d.as("3001"), v);
  }
  std::string fourth = take_complaint(d.as("3001"), about_customer(d.customer, "丁")).row.complaint.number;
  escalate_complaint(d.as("3001"), v);  // 丙 goes on to level 2: beyond a supervisor
  std::string before = d.digest();
  CHECK(refusal_of([&] { approve_complaints(d.as("5001"), numbers, ""); }).kind == ErrorKind::not_permitted);
  Refusal r = refusal_of([&] { approve_complaints(d.as("6001"), {numbers[0], fourth}, ""); });
  CHECK(r.kind == ErrorKind::conflict);  // level 0 needs no approval
  CHECK(contains(r.message, fourth + " is not escalated"));
  CHECK(refusal_of([&] { approve_complaints(d.as("6001"), {numbers[0], "TS202611-0099"}, ""); }).kind ==
        ErrorKind::not_found);
  r = refusal_of([&] { approve_complaints(d.as("3001"), {"TS202611-0099"}, ""); });  // no role: nothing looked up
  CHECK(r.kind == ErrorKind::not_permitted);
  CHECK(d.digest() == before);
  // A manager approves at either level; a number given twice is approved once.
  auto approved = approve_complaints(d.as("6001"), {numbers[0], numbers[1], numbers[2], numbers[0]}, "");
  CHECK(approved.size() == 3);
  CHECK(d.count("SELECT COUNT(*) FROM complaint_log WHERE action = 'approve'") == 3);
}
