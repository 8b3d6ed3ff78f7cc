#include <doctest/doctest.h>

#include "util/json.hpp"
#include "assign/notify.hpp"
#include "util/time.hpp"

using namespace csdesk;

namespace {

NotificationFacts urgent_assignment() {
  set_time_zone("Asia/Shanghai");
  NotificationFacts f;
  f.kind = "assigned";
  f.staff_number = "2001";
  f.staff_name = "李娜";
  f.customer_number = "KH202611-0001";
  f.customer_name = "王女士";
  f.company = "北京华信科技有限公司";
  f.phone = "13912345678";
  f.email = "wang@example.com";
  f.assignment_number = "FP202611-0001";
  f.rule = "round-robin";
  f.reason = "round-robin: next after 2003";
  f.assigned_at = parse_time("2026-11-02 10:00");
  f.deadline = parse_time("2026-11-02 10:15");
  f.note = "加急";
  return f;
}

std::string field(const std::string& json, const std::string& key) {
  for (const auto& [k, v] : parse_flat_json(json))
    if (k == key) return v;
  return "<missing>";
}

}  // namespace

TEST_CASE("notification payload carries who, whom, how to reach and the deadline") {
  std::string json = notification_payload(urgent_assignment());
  CHECK(field(json, "kind") == "assigned");
  CHECK(field(json, "staff_number") == "2001");
  CHECK(field(json, "customer_name") == "王女士");
  CHECK(field(json, "phone") == "13912345678");  // the notifier needs the real number
  CHECK(field(json, "assigned_at") == "2026-11-02T10:00:00+08:00");
  CHECK(field(json, "deadline") == "2026-11-02T10:15:00+08:00");
  CHECK(json.find("\"qq\":null") != std::string::npos);
  NotificationFacts calm = urgent_assignment();
  calm.deadline.reset();
  CHECK(notification_payload(calm).find("\"deadline\":null") != std::string::npos);
}

TEST_CASE("a printed notification masks personal data unless revealed") {
  std::string json = notification_payload(urgent_assignment());
  CHECK(notification_line(json, false) ==
        "→ 2001 李娜 [assigned] KH202611-0001 王女士 (北京华信科技有限公司) phone 139****5678, e-mail w***@example.com"
        " — contact by 2026-11-02 10:15: 加急");
  CHECK(notification_line(json, true).find("phone 13912345678, e-mail wang@example.com") != std::string::npos);
}

TEST_CASE("a printed notification reads register's returning payload and pool announcements") {
  set_time_zone("Asia/Shanghai");
  std::string returning =
      R"({"kind":"returning","staff_number":"2002","staff_name":"王强","customer_number":"KH202611-0009",)"
      R"("customer_name":"李先生","company":null,"phone":"01012345678","channel":"phone",)"
      R"("contacted_at":"2026-11-02T09:58:00+08:00","deadline":null,"note":null})";
  CHECK(notification_line(returning, false) == "→ 2002 王强 [returning] KH202611-0009 李先生 phone 010****5678");
  NotificationFacts again;  // the payload register writes, from the one builder
  again.kind = "returning";
  again.staff_number = "2002";
  again.staff_name = "王强";
  again.customer_number = "KH202611-0009";
  again.customer_name = "李先生";
  again.phone = "01012345678";
  again.channel = "phone";
  again.email = "li@example.com";  // not part of a returning notice
  again.contacted_at = parse_time("2026-11-02 09:58", "at");
  CHECK(notification_payload(again) == returning);
  again.note = "想再要一份报价";
  CHECK(notification_payload(again).ends_with(R"("deadline":null,"note":"想再要一份报价"})"));
  NotificationFacts pool = urgent_assignment();
  pool.kind = "pool";
  pool.staff_number.reset();
  pool.staff_name.reset();
  pool.deadline.reset();
  pool.phone.reset();
  pool.email.reset();
  pool.note = "unclaimed";
  CHECK(notification_line(notification_payload(pool), false) ==
        "→ all sales [pool] KH202611-0001 王女士 (北京华信科技有限公司): unclaimed");
}

TEST_CASE("the notifier gets the JSON on stdin; a failure says why") {
  const std::chrono::seconds patience{10};
  CHECK(run_notifier("grep -q '\"kind\":\"assigned\"'", notification_payload(urgent_assignment()), patience).ok);
  auto failed = run_notifier("echo 'bot offline' >&2; exit 3", "{}", patience);
  CHECK_FALSE(failed.ok);
  CHECK(failed.error == "notify.command exited with status 3: bot offline");
  auto ignores_input = run_notifier("exit 0", std::string(1 << 20, 'x'), patience);  // never reads: no SIGPIPE
  CHECK(ignores_input.ok);
  auto killed = run_notifier("kill -9 $$", "{}", patience);
  CHECK(killed.error == "notify.command was killed by signal 9");
}

TEST_CASE("a notifier that does not finish in time is killed with everything it started") {
  auto started = std::chrono::steady_clock::now();
  // Neither reads its 1 MB input nor exits; its background child holds stderr open.
  auto hung = run_notifier("echo 'connecting' >&2; sleep 300 & sleep 300", std::string(1 << 20, 'x'),
                           std::chrono::milliseconds(300));
  auto took = std::chrono::steady_clock::now() - started;
  CHECK_FALSE(hung.ok);
  CHECK(hung.error == "notify.command did not finish within 300 ms and was killed: connecting");
  CHECK(took < std::chrono::seconds(5));
  // One that exits in time is not held up by a child it left running (and holding its stderr).
  started = std::chrono::steady_clock::now();
  CHECK(run_notifier("sleep 3 & exit 0", "{}", std::chrono::seconds(10)).ok);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));
}

TEST_CASE("a deliverer's hold is released when its process is gone") {
  std::string mine = deliverer_token();
  CHECK(deliverer_alive(mine));
  std::string host = mine.substr(0, mine.rfind(':'));
  CHECK_FALSE(deliverer_alive(host + ":0"));
  CHECK(deliverer_alive("another-host:1"));  // cannot tell: assumed still delivering
  CHECK_FALSE(deliverer_alive("garbage"));
}
