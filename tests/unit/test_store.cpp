// The store against an in-memory database: registration one at a time and as a batch, key-hash
// collisions, merging.
#include <doctest/doctest.h>
#include <fmt/format.h>


#include <algorithm>
#include <string>
#include <vector>

#include "rules/normalise.hpp"
#include "store/audit.hpp"
#include "register/registration.hpp"
#include "store/customers.hpp"
#include "store/database.hpp"
#include "store/department_copy.hpp"
#include "store/dialect.hpp"
#include "store/staff.hpp"
#include "util/error.hpp"
#include "util/time.hpp"

using namespace csdesk;

namespace {

// Every row of a query as text.
std::vector<std::string> rows_of(Database& db, const std::string& sql) {
  sql::Statement q(db.sql(), sql);
  std::vector<std::string> out;
  while (q.step()) {
    std::string row;
    for (int i = 0; i < q.column_count(); ++i) row += (q.column(i).is_null() ? "∅" : q.column(i).text()) + "|";
    out.push_back(row);
  }
  return out;
}

struct Desk {
  Database db{"test", Database::Open::in_memory};
  Staff agent;
  Epoch now = 0;

  Desk() {
    set_time_zone("Asia/Shanghai");
    now = parse_time("2026-11-02 10:00");
    Staff s;
    s.number = "1001";
    s.name = "张伟";
    s.roles = {"consult"};
    Database::Transaction tx(db);
    agent = StaffStore(db).add(s, Actor{}, now);
    tx.commit();
  }
  Intake intake() const { return Intake{Actor::with_roles(agent.number, agent.id, agent.roles), agent.id, now, 300}; }

  RegisterResult one(const NewContact& c) {
    Database::Transaction tx(db);
    RegisterResult r = register_contact(db, c, intake());
    tx.commit();
    return r;
  }
  std::vector<RegisterResult> batch(const std::vector<NewContact>& contacts) {
    Database::Transaction tx(db);
    BatchRegistration registrar(db, intake(), static_cast<std::int64_t>(contacts.size()));
    std::vector<RegisterResult> out;
    for (const auto& c : contacts) out.push_back(registrar.add(c));
    registrar.finish(ImportOrigin{"list.csv", "00", 100, static_cast<std::int64_t>(contacts.size()), 0});
    tx.commit();
    return out;
  }
  std::vector<std::string> rows(const std::string& sql) { return rows_of(db, sql); }
};

NewContact contact(const char* name, std::optional<std::string> company, std::optional<std::string> phone,
                   std::optional<std::string> note = std::nullopt) {
  NewContact c;
  c.name = name;
  c.company = std::move(company);
  c.phone = std::move(phone);
  c.note = std::move(note);
  c.channel = "phone";
  c.contacted_at = parse_time("2026-11-02 09:58");
  update_name_key(c);
  return c;
}

// New customers, a returning one by phone, one by company + name with a new phone, one whose
// company + name belong to another customer (a possible duplicate), a differing name.
// A minute apart: a batch takes a contact at the same time and channel as one logged to be the
// same contact imported again.
std::vector<NewContact> day_of_contacts() {
  std::vector<NewContact> contacts = {
      contact("王女士", "北京华信科技有限公司", "13912345678"),
      contact("李先生", "上海浦东贸易有限公司", "13800001111", "要报价"),
      contact("王女士", std::nullopt, "13912345678", "第二次来电"),
      contact("李先生", "上海浦东贸易有限公司", "13700002222"),
      contact("赵总", "北京华信科技有限公司", "13912345678"),
      contact("陈工", "成都天府软件有限公司", "13600003333"),
      contact("李先生", "上海浦东贸易有限公司", "13600003333"),
  };
  for (size_t i = 0; i < contacts.size(); ++i) contacts[i].contacted_at += static_cast<Epoch>(i) * 60 - 600;
  return contacts;
}

const char* kCustomerRows =
    "SELECT id, number, name, company, phone, channel, category, registered_by, contacted_at, registered_at, urgent, "
    "note, name_hash, first_channel, first_note, first_within_limit, merged_into FROM customers ORDER BY id";
const char* kContactRows =
    "SELECT customer_id, kind, channel, agent_id, contacted_at, registered_at, within_limit, urgent, note FROM contact_log "
    "ORDER BY customer_id, contacted_at, kind";
// The audit rows of returning contacts (a batch writes one row for the customers it creates instead of one each).
const char* kContactAudit =
    "SELECT at, actor, record_kind, record_id, record_number, action, before, after FROM audit "
    "WHERE record_kind = 'customer' ORDER BY id";

}  // namespace

TEST_CASE("registering contacts one at a time and importing them as a batch store the same rows") {
  Desk single, batch;
  std::vector<RegisterResult> one_by_one;
  for (const auto& c : day_of_contacts()) one_by_one.push_back(single.one(c));
  std::vector<RegisterResult> imported = batch.batch(day_of_contacts());

  REQUIRE(one_by_one.size() == imported.size());
  for (size_t i = 0; i < imported.size(); ++i) {
    CAPTURE(i);
    CHECK(one_by_one[i].customer.number == imported[i].customer.number);
    CHECK(one_by_one[i].returning == imported[i].returning);
    CHECK(one_by_one[i].matched_on == imported[i].matched_on);
    CHECK(one_by_one[i].filled == imported[i].filled);
    CHECK(one_by_one[i].differing == imported[i].differing);
    CHECK(one_by_one[i].possible_duplicates.size() == imported[i].possible_duplicates.size());
  }
  CHECK(one_by_one[2].matched_on == "phone");
  CHECK(one_by_one[3].matched_on == "name");
  CHECK(one_by_one[4].differing == std::vector<std::string>{"name"});
  CHECK(one_by_one[6].possible_duplicates.size() == 1);  // the phone is 陈工's, the company + name 李先生's

  CHECK(single.rows(kCustomerRows) == batch.rows(kCustomerRows));
  CHECK(single.rows(kCustomerRows).size() == 3);
  CHECK(single.rows(kContactRows) == batch.rows(kContactRows));
  CHECK(single.rows(kContactRows).size() == 7);
  CHECK(single.rows("SELECT * FROM sequences") == batch.rows("SELECT * FROM sequences"));

  // The audit chain: the same rows for returning contacts; the customers created are a create row
  // each one at a time, one import row naming their range in a batch; both chains hold.
  auto creates = [](Desk& d) { return d.rows("SELECT record_number FROM audit WHERE action = 'create' AND record_kind = 'customer'"); };
  auto contact_audit = [&](Desk& d) {
    std::vector<std::string> out;
    for (auto& r : d.rows(kContactAudit))
      if (r.find("|create|") == std::string::npos) out.push_back(r);
    return out;
  };
  CHECK(contact_audit(single) == contact_audit(batch));
  CHECK(contact_audit(single).size() == 7);  // four returning contacts, three of them differing
  CHECK(creates(single) == std::vector<std::string>{"KH202611-0001|", "KH202611-0002|", "KH202611-0003|"});
  const sql::Dialect& dialect = sql::dialect_of(batch.db.engine());
  CHECK(batch.rows(fmt::format("SELECT record_number, {}, {} FROM audit WHERE record_kind = 'import'",
                               dialect.json_text("after", "new"), dialect.json_text("after", "merged_in_file"))) == std::vector<std::string>{"KH202611-0001..KH202611-0003|3|4|"});
  CHECK_FALSE(AuditStore(single.db).verify_chain());
  CHECK_FALSE(AuditStore(batch.db).verify_chain());
}

TEST_CASE("a company + name key whose hash another customer holds is confirmed against the stored row") {
  for (bool as_batch : {false, true}) {
    CAPTURE(as_batch);
    Desk d;
    d.one(contact("王女士", "北京华信科技有限公司", "13912345678"));
    // Customer 1 now holds the hash of 李先生 at 上海浦东贸易 without being them: a collision of
    // the 64-bit key hash, which the in-memory index and the name_hash column both meet.
    auto li = contact("李先生", "上海浦东贸易有限公司", std::nullopt);
    li.email = "li@example.com";
    update_name_key(li);
    {
      sql::Statement q(d.db.sql(), "UPDATE customers SET name_hash = ? WHERE id = 1");
      q.bind(1, static_cast<int64_t>(*li.key_hash));
      q.run();
    }
    auto again = contact("李先生", "上海浦东贸易有限公司", "13800001111");
    auto results = as_batch ? d.batch({li, again}) : std::vector<RegisterResult>{d.one(li), d.one(again)};
    CHECK_FALSE(results[0].returning);  // not merged into 王女士, whose hash it is
    CHECK(results[0].customer.number == "KH202611-0002");
    CHECK(results[1].returning);  // found past the colliding row
    CHECK(results[1].matched_on == "name");
    CHECK(results[1].customer.number == "KH202611-0002");
    CHECK(d.rows("SELECT count(*) FROM customers") == std::vector<std::string>{"2|"});
  }
}

TEST_CASE("a merge moves everything to the customer kept, whose number and keys then find it") {
  Desk d;
  d.one(contact("王女士", "北京华信科技有限公司", "13912345678"));
  auto other = contact("王丽", std::nullopt, "13800001111", "想要报价");
  other.email = "wang@example.com";
  other.city = "北京";
  d.one(other);
  d.one(contact("王丽", std::nullopt, "13800001111"));  // a second contact on the one merged away
  CustomerStore store(d.db);
  {
    Database::Transaction tx(d.db);
    Customer keep = store.get("KH202611-0001"), gone = store.get("KH202611-0002");
    MergeResult m = merge_customers(d.db, keep, gone, Actor::with_roles("3001", 99, {"supervisor"}), d.now);
    tx.commit();
    CHECK(m.customer.phone == "13912345678");  // keep's own values stay
    CHECK(m.customer.email == "wang@example.com");  // empty fields filled from the other
    CHECK(m.customer.city == "北京");
    CHECK(m.told.empty());  // nobody owned either
  }
  CHECK(store.get("KH202611-0002").number == "KH202611-0001");
  CHECK(store.get("2").number == "KH202611-0001");
  CHECK(d.rows("SELECT customer_id, kind FROM contact_log ORDER BY contacted_at, customer_id, kind") ==
        std::vector<std::string>{"1|new|", "1|new|", "1|returning|"});
  CHECK(d.rows("SELECT record_number, action FROM audit WHERE action IN ('merge', 'merged-into') ORDER BY id") ==
        std::vector<std::string>{"KH202611-0001|merge|", "KH202611-0002|merged-into|"});
  CHECK_FALSE(AuditStore(d.db).verify_chain());

  // The other's phone now finds the customer kept, one at a time and in a batch.
  auto r = d.one(contact("王丽", std::nullopt, "13800001111"));
  CHECK((r.returning && r.matched_on == "phone" && r.customer.number == "KH202611-0001"));
  auto b = d.batch({contact("王丽", std::nullopt, "13800001111")});
  CHECK((b[0].returning && b[0].matched_on == "phone" && b[0].customer.number == "KH202611-0001"));

  Database::Transaction tx(d.db);
  Customer keep = store.get("KH202611-0001");
  // the same customer twice: nothing to merge
  CHECK_THROWS(merge_customers(d.db, keep, keep, Actor::with_roles("3001", 99, {"supervisor"}), d.now));
}

// csdesk copy: every table, ids kept, a customer merged into a later one (a reference to a row
// copied after it), the audit chain's head; a database that holds a department is refused.
TEST_CASE("a department copies row for row into a new database, and not into one that holds a department") {
  Desk desk;
  desk.batch(day_of_contacts());
  desk.one(contact("周女士", "成都天府软件有限公司", "13500004444"));
  {
    Database::Transaction tx(desk.db);
    desk.db.sql().execute("UPDATE customers SET merged_into = (SELECT max(id) FROM customers) WHERE id = 1");
    tx.commit();
  }
  Database target("copy", Database::Open::in_memory);
  DepartmentCopy copy = copy_department(desk.db, target);

  for (const TableCount& copied : copy.tables) {
    std::string all = fmt::format("SELECT * FROM {} ORDER BY 1, 2", copied.table);
    CHECK_MESSAGE(rows_of(desk.db, all) == rows_of(target, all), copied.table);
  }
  CHECK(rows_of(target, "SELECT merged_into FROM customers WHERE id = 1") ==
        rows_of(desk.db, "SELECT max(id) FROM customers"));
  CHECK(copy.head.rows == desk.db.audit_head().rows);
  CHECK(copy.head.digest == target.audit_head().digest);
  CHECK(copy.rows > 10);
  // Parents before children: staff before customers before contacts.
  auto at = [&](const std::string& t) {
    return std::find_if(copy.tables.begin(), copy.tables.end(), [&](const TableCount& c) { return c.table == t; }) -
           copy.tables.begin();
  };
  CHECK(at("staff") < at("customers"));
  CHECK(at("customers") < at("contacts"));

  std::int64_t audit_rows = target.audit_head().rows;
  CHECK_THROWS_WITH_AS(copy_department(desk.db, target), doctest::Contains("already holds a department"), Error);
  CHECK(target.audit_head().rows == audit_rows);
}
