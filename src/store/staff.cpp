#include "store/staff.hpp"


#include "store/pg_engine.hpp"
#include "store/sql_values.hpp"

#include <algorithm>

#include "util/error.hpp"
#include "util/json.hpp"
#include "util/text.hpp"

namespace csdesk {
namespace {

using sql::bind_opt;

const char* kColumns = "id, number, name, phone, city, shift, active, joined_on, left_on, created_at, login";

// The staff row; its roles are read by with_roles.
Staff read_staff(sql::Statement& q) {
  Staff s;
  s.id = q.column(0).int64();
  s.number = q.column(1).text();
  s.name = q.column(2).text();
  s.phone = sql::opt_text(q.column(3));
  s.city = sql::opt_text(q.column(4));
  s.shift = sql::opt_text(q.column(5));
  s.active = q.column(6).integer() != 0;
  s.joined_on = sql::opt_text(q.column(7));
  s.left_on = sql::opt_text(q.column(8));
  s.created_at = q.column(9).int64();
  s.login = sql::opt_text(q.column(10));
  return s;
}

// Each member's roles from staff_roles, in the order they were given.
std::vector<Staff> with_roles(sql::Connection& db, std::vector<Staff> staff) {
  if (staff.empty()) return staff;
  sql::Statement q(db, "SELECT role FROM staff_roles WHERE staff_id = ? ORDER BY position");
  for (auto& s : staff) {
    q.reset();
    q.bind(1, static_cast<int64_t>(s.id));
    while (q.step()) s.roles.push_back(q.column(0).text());
  }
  return staff;
}
std::optional<Staff> with_roles(sql::Connection& db, std::optional<Staff> s) {
  if (!s) return s;
  return with_roles(db, std::vector<Staff>{std::move(*s)}).front();
}

// Replaces a member's roles: the set, and the order they are shown in.
void write_roles(sql::Connection& db, std::int64_t staff_id, const std::vector<std::string>& roles) {
  sql::Statement clear(db, "DELETE FROM staff_roles WHERE staff_id = ?");
  clear.bind(1, static_cast<int64_t>(staff_id));
  clear.run();
  sql::Statement add(db, "INSERT INTO staff_roles (staff_id, role, position) VALUES (?, ?, ?)");
  for (size_t i = 0; i < roles.size(); ++i) {
    add.reset();
    add.bind(1, static_cast<int64_t>(staff_id));
    add.bind(2, roles[i]);
    add.bind(3, static_cast<int64_t>(i + 1));
    add.run();
  }
}

}  // namespace

bool Staff::has_role(const std::string& role) const {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

std::string Staff::json() const {
  JsonObject o;
  o.add("number", number).add("name", name).add("roles", join(roles, ",")).add("phone", phone).add("city", city);
  o.add("shift", shift).add("active", active).add("joined_on", joined_on).add("left_on", left_on);
  if (login) o.add("login", login);
  return o.str();
}

Staff StaffStore::add(const Staff& s, const Actor& actor, Epoch now, std::optional<std::int64_t> id) {
  if (find(s.number)) fail_conflict("staff number {} is already taken; choose another employee number", s.number);
  require_login_free(s.login, std::nullopt);
  // The id column only when given: PostgreSQL takes an explicit NULL as NULL, not as "the next id".
  sql::Statement q(db_.sql(), std::string("INSERT INTO staff (number, name, phone, city, shift, active, joined_on, left_on, "
                                          "created_at, login") +
                                  (id ? ", id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" : ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)") +
                                  " RETURNING id");
  q.bind(1, s.number);
  q.bind(2, s.name);
  bind_opt(q, 3, s.phone);
  bind_opt(q, 4, s.city);
  bind_opt(q, 5, s.shift);
  q.bind(6, s.active ? 1 : 0);
  bind_opt(q, 7, s.joined_on);
  bind_opt(q, 8, s.left_on);
  q.bind(9, static_cast<int64_t>(now));
  bind_opt(q, 10, s.login);
  if (id) q.bind(11, static_cast<int64_t>(*id));
  Staff created = s;
  created.id = q.run_returning_id();
  write_roles(db_.sql(), created.id, created.roles);
  created.created_at = now;
  db_.audit(actor, now, AuditEntry{"staff", created.id, created.number, "create", "", created.json()});
  return created;
}

void StaffStore::update(const Staff& before, const Staff& after, const Actor& actor, Epoch now) {
  sql::Statement q(db_.sql(),
                      "UPDATE staff SET name = ?, phone = ?, city = ?, shift = ?, active = ?, joined_on = ?, left_on = ?, "
                      "login = ? WHERE id = ?");
  if (after.login != before.login) require_login_free(after.login, before.id);
  q.bind(1, after.name);
  bind_opt(q, 2, after.phone);
  bind_opt(q, 3, after.city);
  bind_opt(q, 4, after.shift);
  q.bind(5, after.active ? 1 : 0);
  bind_opt(q, 6, after.joined_on);
  bind_opt(q, 7, after.left_on);
  bind_opt(q, 8, after.login);
  q.bind(9, static_cast<int64_t>(before.id));
  q.run();
  if (after.roles != before.roles) write_roles(db_.sql(), before.id, after.roles);
  db_.audit(actor, now, AuditEntry{"staff", before.id, before.number, after.active || !before.active ? "update" : "deactivate",
                                   before.json(), after.json()});
}

void StaffStore::require_login_free(const std::optional<std::string>& login, std::optional<std::int64_t> self) {
  if (!login) return;
  auto holder = by_login(*login);
  if (holder && (!self || holder->id != *self))
    fail_conflict("the account '{}' already acts as {} {}; an account is one staff member (`csdesk staff edit {} --login \"\"` "
                  "frees it)", *login, holder->number, holder->name, holder->number);
}

std::optional<Staff> StaffStore::by_login(const std::string& login) {
  sql::Statement q(db_.sql(), fmt::format("SELECT {} FROM staff WHERE login = ?", kColumns));
  q.bind(1, login);
  if (q.step()) return with_roles(db_.sql(), read_staff(q));
  return std::nullopt;
}

bool StaffStore::any_login() {
  sql::Statement q(db_.sql(), "SELECT 1 FROM staff WHERE login IS NOT NULL LIMIT 1");
  return q.step();
}

std::vector<Staff> StaffStore::list(const StaffFilter& filter) {
  std::string sql = fmt::format("SELECT {} FROM staff WHERE TRUE", kColumns);
  if (filter.active) sql += *filter.active ? " AND active = 1" : " AND active = 0";
  if (filter.role) sql += " AND EXISTS (SELECT 1 FROM staff_roles r WHERE r.staff_id = staff.id AND r.role = ?)";
  sql += " ORDER BY number";
  sql::Statement q(db_.sql(), sql);
  if (filter.role) q.bind(1, *filter.role);
  std::vector<Staff> out;
  while (q.step()) out.push_back(read_staff(q));
  return with_roles(db_.sql(), std::move(out));
}

std::optional<Staff> StaffStore::by_id(std::int64_t id) {
  sql::Statement q(db_.sql(), fmt::format("SELECT {} FROM staff WHERE id = ?", kColumns));
  q.bind(1, static_cast<int64_t>(id));
  if (q.step()) return with_roles(db_.sql(), read_staff(q));
  return std::nullopt;
}

std::optional<Staff> StaffStore::find(const std::string& ref_raw) {
  std::string ref = trim(ref_raw);
  {
    sql::Statement q(db_.sql(), fmt::format("SELECT {} FROM staff WHERE number = ?", kColumns));
    q.bind(1, ref);
    if (q.step()) return with_roles(db_.sql(), read_staff(q));
  }
  {
    sql::Statement q(db_.sql(), fmt::format("SELECT {} FROM staff WHERE name = ? ORDER BY active DESC, id", kColumns));
    q.bind(1, ref);
    if (q.step()) {
      Staff first = read_staff(q);
      if (q.step())
        fail_conflict("more than one staff member is named '{}'; name them by employee number (工号)", ref);
      return with_roles(db_.sql(), std::move(first));
    }
  }
  if (ref.size() > 1 && ref[0] == '#' && is_plain_id(ref.substr(1))) return by_id(std::stoll(ref.substr(1)));
  return std::nullopt;
}

Staff StaffStore::get(const std::string& ref) {
  if (auto s = find(ref)) return *s;
  fail_not_found("no staff member '{}'; see `csdesk staff list` for employee numbers", ref);
}

std::vector<Staff> StaffStore::active_with_role(const std::string& role) {
  StaffFilter f;
  f.role = role;
  f.active = true;
  return list(f);
}

}  // namespace csdesk

namespace csdesk {

std::vector<std::string> StaffStore::server_role_statements(const std::string& login, bool connect) {
  if (db_.engine() != sql::Engine::postgresql) return {};
  return connect ? login_role_statements(db_.sql(), login) : no_login_statements(db_.sql(), login);
}

bool StaffStore::may_manage_server_roles() {
  return db_.engine() == sql::Engine::postgresql && may_create_roles(db_.sql());
}

void StaffStore::run_server_role_statements(const std::vector<std::string>& statements) {
  for (const auto& statement : statements) db_.sql().execute(statement);
}

}  // namespace csdesk
