#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "rules/customer.hpp"

using namespace csdesk;

namespace {
using Names = std::vector<std::string>;

Customer stored_customer() {
  Customer c;
  c.id = 7;
  c.number = "KH202611-0007";
  c.name = "王女士";
  c.phone = "13912345678";
  c.city = "北京";
  c.consent = true;
  return c;
}

NewContact returning_contact() {
  NewContact n;
  n.name = "王女士";
  n.phone = "13912345678";
  return n;
}
}  // namespace

TEST_CASE("the field table names each contact field once, as the customers table does") {
  std::set<std::string> names;
  std::size_t count = 0;
  for_each_customer_field([&](const auto& field) {
    names.insert(field.name);
    CHECK(std::string(field.name) == field.column);
    ++count;
  });
  CHECK(count == kCustomerFieldCount);
  CHECK(names.size() == kCustomerFieldCount);
  CHECK(names == std::set<std::string>{"name", "company", "phone", "email", "qq", "wechat", "title", "pcs", "needs",
                                       "channel", "city", "grade", "birthday", "note", "consent", "urgent"});
}

TEST_CASE("keys are tried strongest first: phone, e-mail, QQ, WeChat, company + name") {
  Names labels;
  for (MatchKey k : kMatchOrder) labels.emplace_back(match_key_label(k));
  CHECK(labels == Names{"phone", "email", "qq", "wechat", "name"});

  Customer c = stored_customer();
  CHECK(customer_key(c, MatchKey::phone) == "13912345678");
  CHECK_FALSE(customer_key(c, MatchKey::name));  // no company, no company + name key
  c.company = "北京华信科技有限公司";
  CHECK(customer_key(c, MatchKey::name) == name_key("北京华信科技有限公司", "王女士"));
  NewContact n = contact_of(c);
  CHECK(contact_key(n, MatchKey::name) == customer_key(c, MatchKey::name));
}

TEST_CASE("contact_of and apply_contact carry every field of the table") {
  Customer c = stored_customer();
  c.company = "华信";
  c.email = "w@example.com";
  c.qq = "12345678";
  c.wechat = "wang_li";
  c.title = "经理";
  c.pcs = 20;
  c.needs = "打印机";
  c.channel = "phone";
  c.grade = "A";
  c.birthday = "03-08";
  c.note = "周一联系";
  c.urgent = true;
  Customer back;
  apply_contact(contact_of(c), back);
  back.id = c.id;
  back.number = c.number;  // not contact fields
  CHECK(back.json() == c.json());
  CHECK(back.pcs == 20);
  CHECK(back.consent == true);
  CHECK(back.urgent);
}

TEST_CASE("a returning contact fills empty fields and notes differing ones, keeping the stored value") {
  Customer c = stored_customer();
  NewContact n = returning_contact();
  n.name = "王丽";          // never replaced
  n.email = "w@example.com";  // empty: filled
  n.city = "上海";            // differs: kept
  n.pcs = 5;                  // empty: filled
  n.channel = "qq";           // empty: filled
  n.consent = false;          // the latest word counts
  n.urgent = true;
  auto changes = apply_returning_contact(c, n, HeldKeys{});
  CHECK(changes.filled == Names{"email", "pcs", "channel", "consent"});
  CHECK(changes.differing == Names{"name", "city"});
  CHECK(c.name == "王女士");
  CHECK(c.city == "北京");
  CHECK(c.email == "w@example.com");
  CHECK(c.pcs == 5);
  CHECK(c.consent == false);
  CHECK(c.urgent);

  auto values = differing_values(stored_customer(), n, changes.differing);
  REQUIRE(values.size() == 2);
  CHECK(values[0].field == "name");
  CHECK(values[0].stored == "王女士");
  CHECK(values[0].given == "王丽");
  CHECK(values[1].field == "city");
  CHECK(values[1].given == "上海");
}

TEST_CASE("a channel is filled once and never differs; a later contact keeps its own") {
  Customer c = stored_customer();
  c.channel = "phone";
  NewContact n = returning_contact();
  n.channel = "online";
  auto changes = apply_returning_contact(c, n, HeldKeys{});
  CHECK(changes.filled.empty());
  CHECK(changes.differing.empty());
  CHECK(c.channel == "phone");
}

TEST_CASE("a key another customer holds is not copied onto the customer matched") {
  Customer c = stored_customer();
  NewContact n = returning_contact();
  n.email = "other@example.com";
  n.company = "华信";
  n.qq = "12345678";
  HeldKeys held;
  held.add(MatchKey::email);
  held.add(MatchKey::name);  // company + name belongs to another customer
  auto changes = apply_returning_contact(c, n, held);
  CHECK_FALSE(c.email);
  CHECK_FALSE(c.company);
  CHECK(c.qq == "12345678");  // not held elsewhere: filled
  CHECK(changes.filled == Names{"qq"});
  CHECK(changes.differing == Names{"company", "email"});
  CHECK(held.has(MatchKey::email));
  CHECK_FALSE(held.has(MatchKey::phone));
}

TEST_CASE("a merge fills keep's empty fields from other, keeps keep's name and owner") {
  Customer keep = stored_customer();
  keep.owner_id = 3;
  Customer other;
  other.id = 9;
  other.name = "王丽";
  other.phone = "13800000000";
  other.email = "w@example.com";
  other.city = "上海";
  other.owner_id = 4;
  other.in_pool = true;
  other.urgent = true;
  Customer after = merged_customer(keep, other);
  CHECK(after.id == keep.id);
  CHECK(after.name == "王女士");
  CHECK(after.phone == "13912345678");
  CHECK(after.city == "北京");
  CHECK(after.email == "w@example.com");
  CHECK(after.owner_id == 3);
  CHECK_FALSE(after.in_pool);
  CHECK(after.urgent);

  keep.owner_id.reset();
  after = merged_customer(keep, other);
  CHECK(after.owner_id == 4);  // other's owner takes the customer keep had none for
  other.owner_id.reset();
  CHECK(merged_customer(keep, other).in_pool);  // no owner left: in the pool
}

TEST_CASE("a refusal to be contacted, given to either record, stands after a merge") {
  Customer keep = stored_customer();  // consent: yes
  Customer other;
  other.consent = false;
  CHECK(merged_customer(keep, other).consent == false);
  CHECK(merged_customer(other, keep).consent == false);
  keep.consent.reset();
  other.consent = true;
  CHECK(merged_customer(keep, other).consent == true);
  other.consent.reset();
  CHECK_FALSE(merged_customer(keep, other).consent);
}
