// The revisit service called without a command line: what a follow-up's satisfaction does to its
// complaint, at-risk marking, planning, the worklist, logging refusals and monthly figures.
#include <doctest/doctest.h>

#include "care_desk.hpp"
#include "complain/complaints.hpp"
#include "revisit/revisits.hpp"

using namespace csdesk;
using namespace csdesk::test;

namespace {

// A resolved complaint of the desk's customer; returns its follow-up revisit's number.
struct Resolved {
  std::string complaint, followup;
};
Resolved resolved_complaint(CareDesk& d) {
  NewComplaint n;
  n.customer = d.customer.number;
  n.content = "发票金额错误";
  std::string number = take_complaint(d.as("3001"), n).row.complaint.number;
  ComplaintVerb v;
  v.complaint = number;
  respond_to_complaint(d.as("3001"), v);
  v.solution = "重开发票";
  ComplaintChanged c = resolve_complaint(d.as("3001"), v);
  REQUIRE(c.followup);
  return {number, c.followup->number};
}

RevisitLog scored(const std::string& revisit, const std::string& score) {
  RevisitLog l;
  l.revisit = revisit;
  l.method = "电话";
  l.satisfaction = score;
  return l;
}

Complaint complaint(CareDesk& d, const std::string& number) { return ComplaintStore(*d.db).get(number); }

}  // namespace

TEST_CASE("a dissatisfied follow-up reopens its complaint, counted, with the score recorded") {
  CareDesk d("settle-reopen");
  Resolved r = resolved_complaint(d);
  RevisitLogged logged = log_revisit(d.as("4001"), scored(r.followup, "1"));
  CHECK(logged.row.revisit.status == "done");
  CHECK(logged.row.revisit.satisfaction == std::optional<std::int64_t>(1));
  CHECK(logged.row.complaint == std::optional<std::string>(r.complaint));
  REQUIRE(logged.settled);
  CHECK(logged.settled->changed);
  CHECK(logged.settled->outcome == FollowUpOutcome::reopen);
  Complaint c = complaint(d, r.complaint);
  CHECK(c.status == "reopened");
  CHECK(c.reopened_count == 1);
  CHECK(!c.resolved_at);
  CHECK(c.satisfaction == std::optional<std::int64_t>(1));
  auto log = ComplaintStore(*d.db).log(c.id);
  CHECK(log.back().action == "reopen");
  CHECK(log.back().content == std::optional<std::string>("回访 " + r.followup + " 满意度 1"));
  CHECK(log.back().actor == "4001");
}

TEST_CASE("a satisfied follow-up closes its complaint; a middling one leaves it") {
  CareDesk d("settle-close");
  Resolved satisfied = resolved_complaint(d);
  RevisitLogged logged = log_revisit(d.as("4001"), scored(satisfied.followup, "５"));  // full-width digits count
  REQUIRE(logged.settled);
  CHECK(logged.settled->outcome == FollowUpOutcome::close);
  Complaint c = complaint(d, satisfied.complaint);
  CHECK(c.status == "closed");
  CHECK(c.closed_at == std::optional<Epoch>(d.now));
  CHECK(c.satisfaction == std::optional<std::int64_t>(5));

  Resolved middling = resolved_complaint(d);
  logged = log_revisit(d.as("4001"), scored(middling.followup, "3"));
  CHECK(!logged.settled);
  CHECK(complaint(d, middling.complaint).status == "resolved");
}

TEST_CASE("a follow-up of a complaint already closed by hand leaves it as it is") {
  CareDesk d("settle-left");
  Resolved r = resolved_complaint(d);
  ComplaintVerb v;
  v.complaint = r.complaint;
  close_complaint(d.as("3001"), v);
  RevisitLogged logged = log_revisit(d.as("4001"), scored(r.followup, "5"));
  REQUIRE(logged.settled);
  CHECK(!logged.settled->changed);
  CHECK(logged.settled->status == "closed");
  CHECK(!complaint(d, r.complaint).satisfaction);
}

TEST_CASE("low scores in a row mark the customer at-risk, once") {
  CareDesk d("at-risk-scores");
  RevisitLog unplanned;
  unplanned.customer = d.customer.number;
  unplanned.method = "phone";
  unplanned.purpose = "售后回访";
  unplanned.satisfaction = "2";
  RevisitLogged first = log_revisit(d.as("4001"), unplanned);
  CHECK(first.row.revisit.purpose == "after-sale");
  CHECK(!first.at_risk_after_low_scores);
  CHECK(d.customer_category(d.customer.id) == "potential");
  RevisitLogged second = log_revisit(d.as("4001"), unplanned);  // customer.at_risk_low_scores = 2
  CHECK(second.at_risk_after_low_scores == std::optional<std::int64_t>(2));
  CHECK(d.customer_category(d.customer.id) == "at-risk");
  CHECK(d.count("SELECT COUNT(*) FROM audit WHERE action = 'at-risk'") == 1);
  RevisitLogged third = log_revisit(d.as("4001"), unplanned);
  CHECK(!third.at_risk_after_low_scores);  // already at-risk: nothing more is written
  CHECK(d.count("SELECT COUNT(*) FROM audit WHERE action = 'at-risk'") == 1);
}

TEST_CASE("a lost or at-risk customer does not turn at-risk again") {
  CHECK(turns_at_risk("potential"));
  CHECK(turns_at_risk("active"));
  CHECK(!turns_at_risk("at-risk"));
  CHECK(!turns_at_risk("lost"));
}

TEST_CASE("planning marks customers without contact at-risk and plans nothing twice") {
  CareDesk d("plan");
  Epoch half_a_year = d.now + 181 * 86400;  // customer.at_risk_no_contact_days = 180
  RevisitsPlanned first = plan_due_revisits(d.as("4001", half_a_year));
  CHECK(first.marked_at_risk == 1);
  CHECK(!first.unallotted);
  REQUIRE(!first.planned.empty());
  for (const auto& p : first.planned) CHECK(p.agent == std::optional<std::string>("4001 刘洋"));
  CHECK(d.customer_category(d.customer.id) == "at-risk");
  RevisitsPlanned again = plan_due_revisits(d.as("4001", half_a_year));
  CHECK(again.planned.empty());
  CHECK(again.marked_at_risk == 0);
}

TEST_CASE("planning without a revisit agent says the new revisits are not allotted") {
  CareDesk d("plan-unallotted", {"complaint", "complaint", "supervisor"});
  RevisitsPlanned planned = plan_due_revisits(d.as("5001", d.now + 40 * 86400));  // grade A: every 30 days
  REQUIRE(!planned.planned.empty());
  CHECK(planned.unallotted);
  CHECK(!planned.planned[0].agent);
}

TEST_CASE("the worklist puts overdue revisits first, then grade A before C") {
  CareDesk d("worklist");
  d.config.set_text("revisit.interval_days.A", "300", "test");  // A falls due after C (every 180 days)
  Customer c_grade = d.add_customer("李先生", "13800138000", "C");
  plan_due_revisits(d.as("4001", d.now + 400 * 86400));
  WorklistQuery mine;
  mine.operator_staff = StaffStore(*d.db).get("4001");
  mine.within = "400d";
  auto routine_order = [&](Epoch at) {
    std::vector<std::int64_t> customers;
    for (const auto& r : revisit_worklist(d.as("", at), mine)) {
      CHECK(r.revisit.agent_id == mine.operator_staff->id);
      if (r.revisit.purpose == "routine") customers.push_back(r.customer.id);
    }
    return customers;
  };
  // Day 200: C's revisit (due day 180) is overdue, A's (due day 300) is not.
  CHECK(routine_order(d.now + 200 * 86400) == std::vector<std::int64_t>{c_grade.id, d.customer.id});
  // Day 400: both overdue, so grade decides.
  CHECK(routine_order(d.now + 400 * 86400) == std::vector<std::int64_t>{d.customer.id, c_grade.id});

  WorklistQuery someone_else;
  someone_else.for_staff = "3001";  // not a revisit agent: allotted nothing
  someone_else.within = "400d";
  CHECK(revisit_worklist(d.as("", d.now + 400 * 86400), someone_else).empty());
}

TEST_CASE("a revisit log is refused naming the flag, and nothing is written") {
  CareDesk d("log-refused");
  Resolved r = resolved_complaint(d);
  std::string before = d.digest();
  RevisitLog both = scored(r.followup, "5");
  both.customer = d.customer.number;
  CHECK(refusal_of([&] { log_revisit(d.as("4001"), both); }).kind == ErrorKind::usage);
  Refusal refused = refusal_of([&] { log_revisit(d.as("4001"), scored(r.followup, "6")); });
  CHECK(refused.kind == ErrorKind::invalid);
  CHECK(contains(refused.message, "--satisfaction"));
  RevisitLog method = scored(r.followup, "5");
  method.method = "fax";
  CHECK(contains(refusal_of([&] { log_revisit(d.as("4001"), method); }).message, "--method"));
  RevisitLog failed = scored(r.followup, "5");
  failed.reached = "否";
  CHECK(contains(refusal_of([&] { log_revisit(d.as("4001"), failed); }).message, "--reached no"));
  RevisitLog problems = scored(r.followup, "5");
  problems.problems = "响应速度，天气";
  CHECK(contains(refusal_of([&] { log_revisit(d.as("4001"), problems); }).message, "'天气'"));
  RevisitLog no_purpose;
  no_purpose.customer = d.customer.number;
  no_purpose.method = "sms";
  CHECK(contains(refusal_of([&] { log_revisit(d.as("4001"), no_purpose); }).message, "--purpose"));
  CHECK(d.digest() == before);

  log_revisit(d.as("4001"), scored(r.followup, "4"));
  refused = refusal_of([&] { log_revisit(d.as("4001"), scored(r.followup, "4")); });
  CHECK(refused.kind == ErrorKind::conflict);
  CHECK(contains(refused.message, "is done"));
}

TEST_CASE("a failed attempt counts and leaves the revisit due") {
  CareDesk d("log-attempt");
  Resolved r = resolved_complaint(d);
  RevisitLog attempt;
  attempt.revisit = r.followup;
  attempt.method = "phone";
  attempt.reached = "no";
  RevisitLogged logged = log_revisit(d.as("4001"), attempt);
  CHECK(!logged.reached);
  CHECK(logged.row.revisit.status == "planned");
  CHECK(logged.row.revisit.attempts == 1);
  CHECK(!logged.settled);
  CHECK(complaint(d, r.complaint).status == "resolved");
}

TEST_CASE("satisfaction per month: the department first, then each agent") {
  CareDesk d("stats", {"complaint", "revisit", "supervisor", "manager", "revisit"});
  Resolved a = resolved_complaint(d), b = resolved_complaint(d);
  log_revisit(d.as("4001"), scored(a.followup, "5"));
  log_revisit(d.as("3002"), scored(b.followup, "3"));
  auto rows = satisfaction_by_agent(d.as(""), "2026-11", "1");
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].month == "2026-11");
  CHECK(!rows[0].agent);
  CHECK(rows[0].scored == 2);
  CHECK(rows[0].satisfied == 1);
  CHECK(rows[0].satisfaction_rate == std::optional<double>(0.5));
  CHECK(rows[1].agent == std::optional<std::string>("3002 周强"));
  CHECK(rows[2].agent == std::optional<std::string>("4001 刘洋"));
  CHECK(rows[2].csi == std::optional<double>(100.0));
  CHECK(satisfaction_by_agent(d.as(""), "2026-10", "1").empty());
  CHECK(refusal_of([&] { satisfaction_by_agent(d.as(""), "", "121"); }).kind == ErrorKind::invalid);
}

TEST_CASE("revisit agents in turn, or the least loaded, ties to the lowest employee number") {
  std::vector<std::int64_t> agents = {7, 3, 9};  // ordered by employee number
  CHECK(round_robin_agent(agents, std::nullopt) == 7);
  CHECK(round_robin_agent(agents, 7) == 3);
  CHECK(round_robin_agent(agents, 9) == 7);   // after the last comes the first
  CHECK(round_robin_agent(agents, 42) == 7);  // the last allotted has left
  CHECK(least_loaded_agent(agents, {}) == 7);
  CHECK(least_loaded_agent(agents, {{7, 2}, {3, 1}}) == 9);
  CHECK(least_loaded_agent(agents, {{7, 2}, {3, 1}, {9, 1}}) == 3);
}

TEST_CASE("planned revisits are allotted by the configured rule") {
  CareDesk d("allot", {"revisit", "revisit", "complaint"});
  d.add_customer("李先生", "13800138000", "A");
  d.add_customer("赵女士", "13700137000", "A");
  auto agents_of = [&](const RevisitsPlanned& p) {
    std::vector<std::string> out;
    for (const auto& r : p.planned)
      if (r.revisit.purpose == "routine") out.push_back(r.agent.value_or(""));
    return out;
  };
  CHECK(agents_of(plan_due_revisits(d.as("3001", d.now + 31 * 86400))) ==
        std::vector<std::string>{"3001 陈静", "3002 周强", "3001 陈静"});
  // Least-loaded: the new one goes to 3002, who has one planned against 3001's two.
  d.config.set_text("revisit.agent_rule", "least-loaded", "test");
  d.add_customer("钱先生", "13600136000", "A");
  CHECK(agents_of(plan_due_revisits(d.as("3001", d.now + 31 * 86400))) == std::vector<std::string>{"3002 周强"});
}
