#include <doctest/doctest.h>

#include "util/error.hpp"
#include "util/i18n.hpp"
#include "rules/allocation.hpp"

using namespace csdesk;
using namespace csdesk::allocation;

namespace {

SalesPerson person(std::int64_t id, const std::string& number, std::optional<std::string> city = std::nullopt) {
  SalesPerson p;
  p.id = id;
  p.number = number;
  p.name = "销售" + number;
  p.city = std::move(city);
  return p;
}

std::vector<SalesPerson> three() { return {person(3, "1005", "上海"), person(1, "1003", "北京"), person(2, "1004", "北京")}; }

}  // namespace

TEST_CASE("employee numbers order numerically") {
  CHECK(staff_number_less("999", "1003"));
  CHECK_FALSE(staff_number_less("1003", "999"));
  CHECK(staff_number_less("1003", "1004"));
  CHECK(staff_number_less("A10", "B01"));
  CHECK_FALSE(staff_number_less("1003", "1003"));
}

TEST_CASE("round-robin walks in employee-number order and wraps around") {
  auto staff = three();
  AllocationSettings s;
  Cursors cursors;
  CustomerFacts c;
  auto d1 = allocate(c, staff, s, cursors);
  CHECK(d1.staff_number == "1003");
  CHECK(d1.rule == "round-robin");
  CHECK(d1.reason == "round-robin: 1003 first in order");
  auto d2 = allocate(c, staff, s, cursors);
  CHECK(d2.staff_number == "1004");
  CHECK(d2.reason == "round-robin: next after 1003");
  CHECK(allocate(c, staff, s, cursors).staff_number == "1005");
  CHECK(allocate(c, staff, s, cursors).staff_number == "1003");
  CHECK(cursors["sales"] == "1003");
}

TEST_CASE("round-robin continues from a cursor whose holder has left") {
  auto staff = three();
  AllocationSettings s;
  Cursors cursors{{"sales", "1004"}};
  staff[2].active = false;  // 1004
  auto d = allocate(CustomerFacts{}, staff, s, cursors);
  CHECK(d.staff_number == "1005");
  CHECK(d.reason == "round-robin: next after 1004");
}

TEST_CASE("a returning customer goes to its active owner") {
  auto staff = three();
  Cursors cursors;
  CustomerFacts c;
  c.owner_id = 3;
  c.returning = true;
  auto d = allocate(c, staff, AllocationSettings{}, cursors);
  CHECK(d.staff_number == "1005");
  CHECK(d.rule == "owner");
  CHECK(d.reason == "owner of returning customer");
  CHECK(cursors.empty());
  c.returning = false;
  CHECK(allocate(c, staff, AllocationSettings{}, cursors).reason == "owner: lead in progress");
}

TEST_CASE("a deactivated owner's customer is allocated by rule, saying why") {
  auto staff = three();
  staff[0].active = false;  // 1005
  Cursors cursors{{"sales", "1004"}};
  CustomerFacts c;
  c.owner_id = 3;
  c.returning = true;
  auto d = allocate(c, staff, AllocationSettings{}, cursors);
  CHECK(d.staff_number == "1003");
  CHECK(d.rule == "round-robin");
  CHECK(d.reason == "owner 1005 is deactivated; round-robin: next after 1004");
}

TEST_CASE("an owner who left sales does not keep the customer") {
  auto staff = three();
  staff[0].sales = false;
  Cursors cursors;
  CustomerFacts c;
  c.owner_id = 3;
  auto d = allocate(c, staff, AllocationSettings{}, cursors);
  CHECK(d.rule == "round-robin");
  CHECK(d.reason.rfind("owner 1005 is no longer in sales; ", 0) == 0);
}

TEST_CASE("nobody eligible sends the customer to the pool") {
  auto staff = three();
  for (auto& p : staff) p.active = false;
  Cursors cursors;
  auto d = allocate(CustomerFacts{}, staff, AllocationSettings{}, cursors);
  CHECK_FALSE(d.staff_id);
  CHECK(d.rule == "pool");
  CHECK(d.reason == "no active sales → pool");
}

TEST_CASE("region rule: configured list, round-robin inside it, unmatched city to the pool") {
  auto staff = three();
  AllocationSettings s;
  s.rule = "region";
  s.region = {{"北京", {"1003", "1005"}}, {"成都", {"1009"}}};
  Cursors cursors;
  CustomerFacts c;
  c.city = "北京市";
  auto d = allocate(c, staff, s, cursors);
  CHECK(d.staff_number == "1003");
  CHECK(d.reason == "region 北京 → 1003,1005; 1003 first in order");
  d = allocate(c, staff, s, cursors);
  CHECK(d.staff_number == "1005");
  CHECK(d.reason == "region 北京 → 1003,1005; next after 1003");
  CHECK(d.cursor_scope == "region:北京");
  CHECK(cursors.count("sales") == 0);

  c.city = "成都";
  d = allocate(c, staff, s, cursors);
  CHECK(d.rule == "pool");
  CHECK(d.reason == "no active sales in 成都 (assign.region 成都 = 1009) → pool");

  c.city = "广州";
  d = allocate(c, staff, s, cursors);
  CHECK(d.rule == "pool");
  CHECK(d.reason == "no active sales in 广州 → pool");

  c.city = std::nullopt;
  CHECK(allocate(c, staff, s, cursors).reason == "no city given for the region rule → pool");
}

TEST_CASE("region rule falls back to the staff's own city when the map has no entry") {
  auto staff = three();
  AllocationSettings s;
  s.rule = "region";
  Cursors cursors;
  CustomerFacts c;
  c.city = "上海";
  auto d = allocate(c, staff, s, cursors);
  CHECK(d.staff_number == "1005");
  CHECK(d.reason == "region 上海 (staff city) → 1005; 1005 first in order");
}

TEST_CASE("need rule: the keyword mentioned first wins, case and width folded") {
  auto staff = three();
  AllocationSettings s;
  s.rule = "need";
  s.need = {{"ERP", {"1004"}}, {"网站", {"1003", "1005"}}};
  Cursors cursors;
  CustomerFacts c;
  c.needs = "需要ｅｒｐ和网站";
  auto d = allocate(c, staff, s, cursors);
  CHECK(d.staff_number == "1004");
  CHECK(d.reason == "need ERP → 1004; 1004 first in order");
  c.needs = "网站改版, 以后 ERP";
  CHECK(allocate(c, staff, s, cursors).staff_number == "1003");
  c.needs = "打印机";
  d = allocate(c, staff, s, cursors);
  CHECK(d.rule == "pool");
  CHECK(d.reason == "no need keyword in assign.need matches '打印机' → pool");
}

TEST_CASE("least-loaded takes the fewest open customers, ties in round-robin order") {
  auto staff = three();
  staff[0].load = 1;  // 1005
  staff[1].load = 3;  // 1003
  staff[2].load = 1;  // 1004
  AllocationSettings s;
  s.rule = "least-loaded";
  Cursors cursors;
  auto d = allocate(CustomerFacts{}, staff, s, cursors);
  CHECK(d.staff_number == "1004");
  CHECK(d.reason == "least-loaded: 2 tied at 1 open customers this month (1004,1005); 1004 first in order");
  staff[2].load = 2;
  d = allocate(CustomerFacts{}, staff, s, cursors);
  CHECK(d.staff_number == "1005");
  CHECK(d.reason == "least-loaded: 1005 has 1 open customers this month (fewest)");
  CHECK(cursors["sales"] == "1005");
  staff[0].load = 2;
  d = allocate(CustomerFacts{}, staff, s, cursors);
  CHECK(d.staff_number == "1004");
  CHECK(d.reason == "least-loaded: 2 tied at 2 open customers this month (1004,1005); next after 1005");
}

TEST_CASE("only on shift: early and late hours, staff without a shift always on") {
  auto staff = three();
  staff[0].shift = "late";   // 1005
  staff[1].shift = "early";  // 1003
  AllocationSettings s;
  s.only_on_shift = true;
  s.early = parse_shift_hours("09:00-16:30", "hours.early");
  s.late = parse_shift_hours("16:00-23:00", "hours.late");
  s.minute_of_day = 17 * 60;
  CHECK_FALSE(on_shift(staff[1], s));
  CHECK(on_shift(staff[0], s));
  CHECK(on_shift(staff[2], s));
  Cursors cursors;
  CHECK(allocate(CustomerFacts{}, staff, s, cursors).staff_number == "1004");
  CHECK(allocate(CustomerFacts{}, staff, s, cursors).staff_number == "1005");
  s.minute_of_day = 23 * 60 + 30;
  staff[2].shift = "early";
  auto d = allocate(CustomerFacts{}, staff, s, cursors);
  CHECK(d.reason == "no active sales on shift → pool");
  CHECK_THROWS_AS(parse_shift_hours("9 to 5", "hours.early"), Error);
}

TEST_CASE("reassignment excludes the current owner and ignores stickiness") {
  auto staff = three();
  Cursors cursors{{"sales", "1003"}};
  CustomerFacts c;
  c.owner_id = 2;  // 1004
  auto d = allocate(c, staff, AllocationSettings{}, cursors, std::int64_t{2});
  CHECK(d.staff_number == "1005");
  CHECK(d.reason == "round-robin: next after 1003");
  std::vector<SalesPerson> alone = {person(2, "1004")};
  d = allocate(c, alone, AllocationSettings{}, cursors, std::int64_t{2});
  CHECK(d.rule == "pool");
  CHECK(d.reason == "no other active sales → pool");
}

TEST_CASE("missed contact deadline: late contact or none by now, only current urgent ones") {
  const std::int64_t deadline = 1000;
  CHECK(missed_contact_deadline(true, true, deadline, std::nullopt, 1001));
  CHECK_FALSE(missed_contact_deadline(true, true, deadline, std::nullopt, 1000));
  CHECK(missed_contact_deadline(true, true, deadline, 1001, 1001));
  CHECK_FALSE(missed_contact_deadline(true, true, deadline, 1000, 5000));
  CHECK_FALSE(missed_contact_deadline(false, true, deadline, std::nullopt, 5000));  // superseded
  CHECK_FALSE(missed_contact_deadline(true, false, deadline, std::nullopt, 5000));  // not urgent
  CHECK_FALSE(missed_contact_deadline(true, true, std::nullopt, std::nullopt, 5000));
}

TEST_CASE("allocation reasons are stored in English and shown in the reader's language") {
  struct Chinese {
    Chinese() { set_language(Lang::zh); }
    ~Chinese() { set_language(Lang::en); }
  } zh;
  auto staff = three();
  AllocationSettings s;
  Cursors cursors;
  CustomerFacts c;
  auto shown = [](const std::string& reason) { return term_in("allocation-reason", reason, Lang::zh); };
  // The rule stores the same English whatever the language of the run.
  Decision first = allocate(c, staff, s, cursors);
  CHECK(first.reason == "round-robin: 1003 first in order");
  CHECK(shown(first.reason) == "轮流分配:按顺序由 1003 开始");
  CHECK(shown(allocate(c, staff, s, cursors).reason) == "轮流分配:1003 之后的下一位");
  std::vector<SalesPerson> nobody;
  Decision pooled = allocate(c, nobody, s, cursors);
  CHECK(pooled.reason == "no active sales → pool");
  CHECK(shown(pooled.reason) == "没有在职销售 → 进入待认领池");  // the cause inside is a reason too
  CHECK(shown(pooled.pool_cause) == "没有在职销售");
  // A reason that matches no message (an older csdesk's, or hand-written) is shown as stored.
  CHECK(shown("assigned by hand") == "assigned by hand");
  // Nested: the reassignment's reason carries the allocation's.
  CHECK(shown("not contacted by 2026-11-02 10:15 (15 min after 2026-11-02 10:00); round-robin: next after 1003")
            .find("1003 之后的下一位") != std::string::npos);
}
