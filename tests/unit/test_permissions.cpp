// The permission table and Actor::require (rules/permissions), and the staff service's rules
// (staff/staff): admins manage staff, nobody changes their own roles or login.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "rules/permissions.hpp"
#include "rules/roles.hpp"
#include "staff/staff.hpp"
#include "store/audit.hpp"
#include "util/error.hpp"
#include "util/time.hpp"

using namespace csdesk;

namespace {

// The message and exit kind of what `f` throws.
template <typename F>
Error thrown(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  FAIL("nothing was thrown");
  return Error(ErrorKind::internal, "");
}

}  // namespace

TEST_CASE("every permission has one rule with a unique name and known roles") {
  std::set<std::string> names;
  for (const auto& r : permission_rules()) {
    CHECK(names.insert(r.name).second);
    CHECK_FALSE(r.what.empty());
    for (const auto& role : r.roles)
      CHECK(std::find(staff_roles().begin(), staff_roles().end(), role) != staff_roles().end());
    CHECK(&permission_rule(r.permission) == &r);
  }
  CHECK(names.size() == default_permission_table().size());
}

TEST_CASE("require: allowed roles pass, others are refused with exit 6 naming action, roles held and roles that may") {
  Actor agent = Actor::with_roles("1001", 1, {"consult"});
  CHECK_NOTHROW(agent.require(Permission::register_contact));
  CHECK(agent.may(Permission::run_allocation));
  Error e = thrown([&] { agent.require(Permission::merge_customers); });
  CHECK(e.kind() == ErrorKind::not_permitted);
  CHECK(exit_code(e.kind()) == 6);
  std::string m = e.what();
  CHECK(m.find("1001 (consult)") != std::string::npos);
  CHECK(m.find("merge two customer records") != std::string::npos);
  CHECK(m.find("supervisor or manager") != std::string::npos);
  CHECK(m.find("permissions.customer_merge") != std::string::npos);

  Actor sales_and_complaint = Actor::with_roles("2001", 2, {"sales", "complaint"});
  CHECK(sales_and_complaint.may(Permission::claim));
  CHECK(sales_and_complaint.may(Permission::complain_handle));
  CHECK_FALSE(sales_and_complaint.may(Permission::assign_to));
}

TEST_CASE("a refusal in Chinese: the roles by their names, the permission's what translated") {
  set_language(Lang::zh);
  Actor agent = Actor::with_roles("1001", 1, {"consult", "revisit"});
  Error e = thrown([&] { agent.require(Permission::merge_customers); });
  set_language(Lang::en);
  CHECK(e.kind() == ErrorKind::not_permitted);
  CHECK(std::string(e.what()) ==
        "无权操作：1001（咨询客服、回访客服）（代为操作）不能合并两条客户记录；需要以下角色：主管 或 经理 或 总监"
        "（permissions.customer_merge）");
  // Every permission's "what" has its Chinese.
  for (const auto& rule : permission_rules()) CHECK(zh_of("", rule.what).has_value());
}

TEST_CASE("a default Actor is system and may do nothing; the table decides, not the role names") {
  Actor system;
  for (const auto& r : permission_rules()) CHECK_FALSE(system.may(r.permission));
  CHECK(std::string(thrown([&] { system.require(Permission::backup); }).what()).find("system") != std::string::npos);

  Actor admin = Actor::with_roles("0000", 0, {"admin"});
  CHECK(admin.may(Permission::backup));
  CHECK_FALSE(admin.may(Permission::register_contact));  // admins run the desk, they do not take contacts

  PermissionTable t = default_permission_table();
  t[Permission::backup] = {"manager"};
  t[Permission::merge_customers] = {};
  Actor manager("9001", 9, {"manager"}, t);
  CHECK(manager.may(Permission::backup));
  Error e = thrown([&] { manager.require(Permission::merge_customers); });
  CHECK(std::string(e.what()).find("no role may") != std::string::npos);
}

namespace {

struct StaffDesk {
  Database db{"staff", Database::Open::in_memory};
  Epoch now = 0;
  Staff admin, other_admin, agent;
  StaffDesk() {
    set_time_zone("Asia/Shanghai");
    now = parse_time("2026-11-02 10:00");
    admin = add("0000", "管理员", {"admin"}, "root");
    other_admin = add("0001", "副管理员", {"admin"}, "deputy");
    agent = add("1001", "张伟", {"consult"}, "zhangwei");
  }
  Staff add(const std::string& number, const std::string& name, std::vector<std::string> roles, std::string login) {
    Staff s;
    s.number = number;
    s.name = name;
    s.roles = std::move(roles);
    s.login = std::move(login);
    Database::Transaction tx(db);
    Staff created = StaffStore(db).add(s, Actor{}, now);
    tx.commit();
    return created;
  }
  Actor as(const Staff& s, const std::string& entered_by = "") {
    return Actor(s.number, s.id, s.roles, default_permission_table(), s.login.value_or(""), entered_by);
  }
  std::size_t audit_rows() { return AuditStore(db).for_record("1001", "staff", agent.id).size(); }
};

StaffChange add_role(const std::string& role) {
  StaffChange c;
  c.add_roles = {role};
  return c;
}

}  // namespace

TEST_CASE("staff service: only admins manage staff, and a refusal writes nothing") {
  StaffDesk d;
  std::size_t before = d.audit_rows();
  Error e = thrown([&] { edit_staff(d.db, d.as(d.agent), d.now, "1001", add_role("admin")); });
  CHECK(e.kind() == ErrorKind::not_permitted);
  CHECK(std::string(e.what()).find("permissions.staff") != std::string::npos);
  CHECK(StaffStore(d.db).get("1001").roles == std::vector<std::string>{"consult"});
  CHECK(d.audit_rows() == before);

  Staff s;
  s.number = "2001";
  s.name = "李娜";
  s.roles = {"sales"};
  CHECK(thrown([&] { add_staff(d.db, d.as(d.agent), d.now, s); }).kind() == ErrorKind::not_permitted);
  CHECK(thrown([&] { set_staff_active(d.db, d.as(d.agent), d.now, "1001", false); }).kind() == ErrorKind::not_permitted);
  CHECK_FALSE(StaffStore(d.db).find("2001"));

  Staff created = add_staff(d.db, d.as(d.admin), d.now, s);
  CHECK(created.roles == std::vector<std::string>{"sales"});
  Staff promoted = edit_staff(d.db, d.as(d.admin), d.now, "1001", add_role("supervisor"));
  CHECK(promoted.roles == std::vector<std::string>{"consult", "supervisor"});
  CHECK(d.audit_rows() == before + 1);
}

TEST_CASE("staff service: nobody changes their own roles or login; other fields of one's own record are fine") {
  StaffDesk d;
  Actor admin = d.as(d.admin);
  Error e = thrown([&] { edit_staff(d.db, admin, d.now, "0000", add_role("manager")); });
  CHECK(e.kind() == ErrorKind::not_permitted);
  CHECK(std::string(e.what()).find("their own record") != std::string::npos);
  StaffChange replace;
  replace.roles = std::vector<std::string>{"admin", "manager"};
  CHECK(thrown([&] { edit_staff(d.db, admin, d.now, "0000", replace); }).kind() == ErrorKind::not_permitted);
  StaffChange remove;
  remove.remove_roles = {"admin"};
  CHECK(thrown([&] { edit_staff(d.db, admin, d.now, "0000", remove); }).kind() == ErrorKind::not_permitted);
  StaffChange login;
  login.login = std::optional<std::string>("someone");
  CHECK(thrown([&] { edit_staff(d.db, admin, d.now, "管理员", login); }).kind() == ErrorKind::not_permitted);
  CHECK(StaffStore(d.db).get("0000").roles == std::vector<std::string>{"admin"});
  CHECK(StaffStore(d.db).get("0000").login == "root");

  StaffChange city;
  city.city = std::optional<std::string>("北京");
  CHECK(edit_staff(d.db, admin, d.now, "0000", city).city == "北京");
  // Another admin may change this admin's roles.
  CHECK(edit_staff(d.db, d.as(d.other_admin), d.now, "0000", add_role("manager")).has_role("manager"));
}

TEST_CASE("staff service: an admin acting with --as cannot change their own record's roles through another admin") {
  StaffDesk d;
  // 0000 acts as 0001 (an admin too): 0001's roles count, but 0000's own record is still 0000's own.
  Actor entering = d.as(d.other_admin, "0000");
  CHECK(is_own_record(entering, d.admin));
  CHECK(is_own_record(entering, d.other_admin));
  CHECK_FALSE(is_own_record(entering, d.agent));
  CHECK(thrown([&] { edit_staff(d.db, entering, d.now, "0000", add_role("manager")); }).kind() == ErrorKind::not_permitted);
  CHECK(thrown([&] { edit_staff(d.db, entering, d.now, "0001", add_role("manager")); }).kind() == ErrorKind::not_permitted);
  // Acting as an agent, the agent's roles count: no staff management at all.
  CHECK(thrown([&] { edit_staff(d.db, d.as(d.agent, "0000"), d.now, "2001", add_role("sales")); }).kind() ==
        ErrorKind::not_permitted);
  CHECK(edit_staff(d.db, entering, d.now, "1001", add_role("sales")).has_role("sales"));
}

TEST_CASE("staff service: incomplete records and roles are refused naming the field; deactivating twice is a conflict") {
  StaffDesk d;
  Actor admin = d.as(d.admin);
  Staff s;
  s.number = "2001";
  s.name = "李娜";
  CHECK(std::string(thrown([&] { add_staff(d.db, admin, d.now, s); }).what()).find("--roles") != std::string::npos);
  s.roles = {"sales"};
  s.number = "20 01";
  CHECK(thrown([&] { add_staff(d.db, admin, d.now, s); }).kind() == ErrorKind::invalid);
  StaffChange none;
  none.remove_roles = {"consult"};
  CHECK(std::string(thrown([&] { edit_staff(d.db, admin, d.now, "1001", none); }).what()).find("at least one role") !=
        std::string::npos);
  Staff gone = set_staff_active(d.db, admin, d.now, "1001", false);
  CHECK_FALSE(gone.active);
  CHECK(gone.left_on == "2026-11-02");
  CHECK(thrown([&] { set_staff_active(d.db, admin, d.now, "1001", false); }).kind() == ErrorKind::conflict);
  CHECK(set_staff_active(d.db, admin, d.now, "1001", true).active);
}
