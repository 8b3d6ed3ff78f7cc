#pragma once
// A small department in a fresh database, for the complaint and revisit service tests: complaint
// handlers, a supervisor, a manager, a revisit agent and one registered customer, on a fixed clock.
#include <doctest/doctest.h>


#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "complain/care_scope.hpp"
#include "config/config.hpp"
#include "rules/normalise.hpp"
#include "register/registration.hpp"
#include "store/customers.hpp"
#include "store/database.hpp"
#include "store/staff.hpp"
#include "util/error.hpp"
#include "util/time.hpp"

namespace csdesk::test {

class CareDesk {
 public:
  // Staff 3001, 3002, 5001, 6001, 4001 in turn hold these roles.
  explicit CareDesk(const std::string& name,
                    std::vector<std::string> roles_of_staff = {"complaint", "complaint", "supervisor", "manager", "revisit"}) {
    path_ = (std::filesystem::temp_directory_path() / ("csdesk-care-" + name + ".db")).string();
    remove_files();
    db = std::make_unique<Database>(path_, Database::Open::create_or_upgrade);
    now = from_local(2026, 11, 2, 10, 0);
    const char* numbers[] = {"3001", "3002", "5001", "6001", "4001"};
    const char* names[] = {"陈静", "周强", "赵敏", "孙经理", "刘洋"};
    for (size_t i = 0; i < roles_of_staff.size(); ++i) {
      Staff s;
      s.number = numbers[i];
      s.name = names[i];
      s.roles = {roles_of_staff[i]};
      StaffStore(*db).add(s, Actor{}, now);
    }
    customer = add_customer("王女士", "13912345678", "A");
  }
  ~CareDesk() {
    db.reset();
    remove_files();
  }

  // The scope of an operation by the staff member `number` ("" for the system) at `at` (default now).
  CareScope as(const std::string& number, std::optional<Epoch> at = std::nullopt) {
    Actor actor;
    if (!number.empty()) {
      Staff s = StaffStore(*db).get(number);
      actor = Actor::with_roles(s.number, s.id, s.roles);
    }
    return CareScope{*db, config, at.value_or(now), actor};
  }

  Customer add_customer(const std::string& name, const std::string& phone, const std::string& grade) {
    RawContact raw;
    raw[static_cast<size_t>(Field::name)] = name;
    raw[static_cast<size_t>(Field::phone)] = phone;
    raw[static_cast<size_t>(Field::grade)] = grade;
    Database::Transaction tx(*db);
    Intake intake{Actor{}, std::nullopt, now, 300};
    Customer c = register_contact(*db, normalise_contact(raw, now), intake).customer;
    tx.commit();
    return c;
  }

  std::string customer_category(std::int64_t id) { return CustomerStore(*db).by_id(id)->category; }
  std::int64_t count(const std::string& sql) { return db->sql().query_int(sql); }
  // Every row of the tables a refused operation must leave alone.
  std::string digest() {
    std::string out;
    for (const char* table : {"complaints", "complaint_log", "complaint_pauses", "revisits", "customers", "audit"}) {
      sql::Statement q(db->sql(), std::string("SELECT * FROM ") + table);
      while (q.step())
        for (int i = 0; i < q.column_count(); ++i) out += q.column(i).text() + "|";
      out += "\n";
    }
    return out;
  }

  Config config;
  std::unique_ptr<Database> db;
  Epoch now = 0;
  Customer customer;

 private:
  void remove_files() {
    for (const char* suffix : {"", "-wal", "-shm", ".key"}) std::remove((path_ + suffix).c_str());
  }
  std::string path_;
};

// The kind of Error `f` throws, and its message; fails the test when it throws nothing.
struct Refusal {
  ErrorKind kind = ErrorKind::internal;
  std::string message;
};
inline Refusal refusal_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return {e.kind(), e.what()};
  }
  FAIL("expected an error");
  return {};
}

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace csdesk::test
