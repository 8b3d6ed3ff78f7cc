// Need to know (issue 14): whose contact details an operator may see, row by row, and a renderer
// that masks every other row in every format.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include "output/columns.hpp"
#include "rules/privacy.hpp"
#include "service_db.hpp"
#include "store/customers.hpp"

using namespace csdesk;
using csdesk::testing::ServiceDb;

namespace {

const std::vector<std::string> kRevealRoles = {"supervisor", "manager"};

void exec(Database& db, const std::string& sql) { db.sql().execute(sql); }

struct Person {
  std::string name, phone;
};

ColumnSpec<Person> person_columns() {
  return {
      {{"name", "Name", "称呼"}, member(&Person::name)},
      {{"phone", "Phone", "电话", Show::plain, Personal::phone}, member(&Person::phone)},
  };
}

}  // namespace

TEST_CASE("the roles decide which ties open contact details") {
  auto sales = contact_access(Actor::with_roles("2001", 3, {"sales"}), kRevealRoles);
  CHECK_FALSE(sales.all);
  CHECK((sales.owned && !sales.handled && !sales.allotted));
  CHECK(sales.any());
  auto both = contact_access(Actor::with_roles("4001", 5, {"revisit", "complaint"}), kRevealRoles);
  CHECK((!both.owned && both.handled && both.allotted));
  auto consult = contact_access(Actor::with_roles("1001", 2, {"consult"}), kRevealRoles);
  CHECK_FALSE(consult.any());
  CHECK(contact_access(Actor::with_roles("9001", 9, {"manager"}), kRevealRoles).all);
  // The admin is not in the default reveal roles, and "system" (no staff member) sees nothing.
  CHECK_FALSE(contact_access(Actor::with_roles("0000", 0, {"admin"}), kRevealRoles).any());
  CHECK_FALSE(contact_access(Actor{}, {"consult"}).any());
}

TEST_CASE("a view opens the customers owned, handled and allotted, and no others") {
  ServiceDb s("need-to-know");
  Database& db = s.db();
  Epoch t = 1'790'000'000;
  auto sales = s.staff("2001", "李娜", {"sales"}, t);
  auto other = s.staff("2002", "王强", {"sales"}, t);
  auto handler = s.staff("3001", "陈静", {"complaint"}, t);
  auto agent = s.staff("4001", "刘洋", {"revisit"}, t);
  auto owned = s.customer("KH202611-0001", t), theirs = s.customer("KH202611-0002", t);
  auto complained = s.customer("KH202611-0003", t), closed = s.customer("KH202611-0004", t);
  auto due = s.customer("KH202611-0005", t), done = s.customer("KH202611-0006", t);
  exec(db, fmt::format("UPDATE customers SET owner_id = {} WHERE id = {}", sales.id, owned));
  exec(db, fmt::format("UPDATE customers SET owner_id = {} WHERE id = {}", other.id, theirs));
  s.complaint(complained, {.number = "TS202611-0001", .received_at = t, .handler_id = handler.id});
  s.complaint(closed, {.number = "TS202611-0002", .status = "closed", .received_at = t, .handler_id = handler.id});
  exec(db, fmt::format("INSERT INTO revisits (number, customer_id, purpose, due_at, agent_id) VALUES "
                       "('HF202611-0001', {}, 'routine', {}, {})", due, t, agent.id));
  exec(db, fmt::format("INSERT INTO revisits (number, customer_id, purpose, due_at, agent_id, status) VALUES "
                       "('HF202611-0002', {}, 'routine', {}, {}, 'done')", done, t, agent.id));
  auto view = [&](const Staff& who) {
    return ContactView(db, contact_access(Actor::with_roles(who.number, who.id, who.roles), kRevealRoles));
  };
  auto seen = [&](const ContactView& v) {
    std::vector<std::int64_t> out;
    for (auto id : {owned, theirs, complained, closed, due, done})
      if (v.sees(id)) out.push_back(id);
    return out;
  };
  CHECK(seen(view(sales)) == std::vector<std::int64_t>{owned});
  CHECK(seen(view(other)) == std::vector<std::int64_t>{theirs});
  CHECK(seen(view(handler)) == std::vector<std::int64_t>{complained});  // not the closed one's
  CHECK(seen(view(agent)) == std::vector<std::int64_t>{due});           // not a revisit already done
  auto manager = s.staff("9001", "王经理", {"manager"}, t);
  CHECK(seen(view(manager)).size() == 6);
  // A salesperson who loses the role no longer sees the customers still named as theirs.
  auto former = sales;
  former.roles = {"consult"};
  CHECK(seen(view(former)).empty());
  CHECK_FALSE(view(sales).sees(std::nullopt));

  SUBCASE("searching contact values finds only customers the operator may see") {
    exec(db, fmt::format("UPDATE customers SET phone = '1391234567' || id, email = 'k' || id || '@example.com'"));
    auto search = [&](const Staff& who, const std::string& text) {
      CustomerFilter f;
      f.search = text;
      f.search_contacts = contact_access(Actor::with_roles(who.number, who.id, who.roles), kRevealRoles);
      std::vector<std::string> out;
      for (const auto& c : CustomerStore(db).list(f)) out.push_back(c.number);
      return out;
    };
    CHECK(search(sales, "1391234") == std::vector<std::string>{"KH202611-0001"});
    CHECK(search(sales, "k2@example") == std::vector<std::string>{});
    CHECK(search(manager, "1391234").size() == 6);
    auto consult = s.staff("1001", "张伟", {"consult"}, t);
    CHECK(search(consult, "1391234").empty());
    CHECK(search(consult, "@example.com").empty());
    CHECK(search(consult, "测试客户").size() == 6);  // names are searched for everyone
  }
}

TEST_CASE("rows not visible stay masked in every format, visible ones are shown when revealed") {
  std::vector<Person> people = {{"王女士", "13912345678"}, {"李先生", "13800001111"}};
  Visible<Person> mine = [](const Person& p) { return p.name == "王女士"; };
  for (Format format : {Format::table, Format::csv, Format::json}) {
    Table t = person_columns().table(people, format, {}, mine);
    CHECK(personal_rows(t) == 2);
    CHECK(visible_personal_rows(t) == 1);
    RenderSpec spec;
    spec.format = format;
    spec.reveal = true;
    std::string out = render(t, spec);
    CHECK(out.find("13912345678") != std::string::npos);
    CHECK(out.find("13800001111") == std::string::npos);
    CHECK(out.find("138****1111") != std::string::npos);
    spec.reveal = false;  // not revealed: every row masked
    out = render(t, spec);
    CHECK(out.find("13912345678") == std::string::npos);
    CHECK(out.find("139****5678") != std::string::npos);
    CHECK(cell_text(t, 0, 1, spec) == "139****5678");
  }
  // Without a predicate nothing is visible, whatever the spec says.
  Table none = person_columns().table(people, Format::csv);
  CHECK(visible_personal_rows(none) == 0);
  RenderSpec reveal;
  reveal.format = Format::csv;
  reveal.reveal = true;
  CHECK(render(none, reveal).find("13912345678") == std::string::npos);
}
