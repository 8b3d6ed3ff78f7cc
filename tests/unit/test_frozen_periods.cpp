// No write dated into a frozen period: the one guard every audited write passes (Database::audit).
#include <doctest/doctest.h>


#include "service_db.hpp"
#include "store/frozen_periods.hpp"
#include "store/reports.hpp"
#include "util/error.hpp"

using namespace csdesk;
using csdesk::testing::ServiceDb;

namespace {

const Actor admin = Actor::with_roles("0000", 0, {"admin"});

void freeze(ServiceDb& s, const std::string& kind, const std::string& period, Epoch at) {
  Database::Transaction tx(s.db());
  ReportStore(s.db()).freeze({kind, period, "{}", "9001", at}, Actor::with_roles("9001", 9, {"manager"}), at);
  tx.commit();
}

std::int64_t audit_rows(ServiceDb& s) { return s.db().sql().query_int("SELECT COUNT(*) FROM audit"); }

// Writes one audit row in its own transaction; the refusal's message, or "" when written.
std::string write(ServiceDb& s, Epoch at, const AuditEntry& e) {
  try {
    Database::Transaction tx(s.db());
    s.db().audit(admin, at, e);
    tx.commit();
    return "";
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::conflict);
    return e.what();
  }
}

AuditEntry customer_update() { return {"customer", 1, "KH202610-0001", "update", "{}", "{}"}; }
AuditEntry adjustment(const std::string& day) {
  return {"score-adjustment", 1, "KP202611-0001", "create", "", R"({"number":"KP202611-0001","on_date":")" + day + "\"}"};
}
AuditEntry complaint_received(Epoch at) {
  return {"complaint", 1, "TS202611-0001", "create", "", R"({"number":"TS202611-0001","received_at":)" + std::to_string(at) + "}"};
}

}  // namespace

TEST_CASE("frozen periods: a write dated inside a frozen month or week is refused, before and after it is not") {
  set_time_zone("Asia/Shanghai");
  ServiceDb s("frozen-periods");
  Epoch issued = parse_time("2026-11-03 09:00");
  freeze(s, "report-monthly", "2026-10", issued);
  std::int64_t rows = audit_rows(s);

  std::string refused = write(s, parse_time("2026-10-15 10:00"), customer_update());
  CHECK(refused.find("customer KH202610-0001 (update) is dated 2026-10-15 10:00, inside the monthly report 2026-10, "
                     "frozen at 2026-11-03 09:00 by 9001") != std::string::npos);
  CHECK(!write(s, parse_time("2026-10-01 00:00"), customer_update()).empty());  // the first second
  CHECK(!write(s, parse_time("2026-10-31 23:59:59"), customer_update()).empty());  // the last
  CHECK(audit_rows(s) == rows);
  CHECK(write(s, parse_time("2026-09-30 23:59:59"), customer_update()).empty());
  CHECK(write(s, parse_time("2026-11-01 00:00"), customer_update()).empty());
  // An export or reveal reads records: allowed at any time.
  CHECK(write(s, parse_time("2026-10-15 10:00"), {"export", std::nullopt, "", "export", "", "{}"}).empty());
  CHECK(audit_rows(s) == rows + 3);

  // A weekly report covers its ISO week, across the month's end: W45 is 2 to 8 November.
  freeze(s, "report-weekly", "2026-W45", parse_time("2026-11-09 09:00"));
  CHECK(write(s, parse_time("2026-11-08 23:00"), customer_update()).find("the weekly report 2026-W45") != std::string::npos);
  CHECK(!write(s, parse_time("2026-11-02 00:00"), customer_update()).empty());
  CHECK(write(s, parse_time("2026-11-09 00:00"), customer_update()).empty());
}

TEST_CASE("frozen periods: an adjustment counts in its date's month, a complaint in its received time's") {
  set_time_zone("Asia/Shanghai");
  ServiceDb s("frozen-dates");
  Epoch now = parse_time("2026-11-05 10:00");
  // The monthly report has no adjustments: freezing it leaves October's adjustments open.
  freeze(s, "report-monthly", "2026-10", parse_time("2026-11-03 09:00"));
  CHECK(write(s, now, adjustment("2026-10-05")).empty());
  freeze(s, "score", "2026-10", parse_time("2026-11-04 09:00"));
  std::string refused = write(s, now, adjustment("2026-10-05"));
  CHECK(refused.find("the new score adjustment is dated 2026-10-05, inside the scores of 2026-10, frozen at "
                     "2026-11-04 09:00 by 9001") !=
        std::string::npos);
  CHECK(write(s, now, adjustment("2026-11-01")).empty());
  // Entered in November, a complaint received in October changes October's figures.
  CHECK(write(s, now, complaint_received(parse_time("2026-10-31 20:00"))).find("2026-10-31 20:00, inside") !=
        std::string::npos);
  CHECK(write(s, now, complaint_received(parse_time("2026-11-01 08:00"))).empty());
  CHECK(frozen_period_at(s.db(), parse_time("2026-10-20 10:00")));
  CHECK_FALSE(frozen_period_at(s.db(), parse_time("2026-11-20 10:00")));
  CHECK(frozen_score_of_day(s.db(), "2026-10-31"));
  CHECK_FALSE(frozen_score_of_day(s.db(), "2026-09-30"));
}
