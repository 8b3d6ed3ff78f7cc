#include "store/customers.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include "error.hpp"
#include "json.hpp"
#include "text.hpp"

namespace csdesk {
namespace {

const char* kColumns =
    "id, number, name, company, phone, email, qq, wechat, title, pcs, needs, channel, city, grade, category, "
    "owner_id, in_pool, registered_by, contacted_at, registered_at, urgent, consent, birthday, note, merged_into";

std::optional<std::string> opt_s(const SQLite::Column& c) {
  return c.isNull() ? std::nullopt : std::optional<std::string>(c.getString());
}
std::optional<std::int64_t> opt_i(const SQLite::Column& c) {
  return c.isNull() ? std::nullopt : std::optional<std::int64_t>(c.getInt64());
}

Customer read_customer(SQLite::Statement& q) {
  Customer c;
  c.id = q.getColumn(0).getInt64();
  c.number = q.getColumn(1).getString();
  c.name = q.getColumn(2).getString();
  c.company = opt_s(q.getColumn(3));
  c.phone = opt_s(q.getColumn(4));
  c.email = opt_s(q.getColumn(5));
  c.qq = opt_s(q.getColumn(6));
  c.wechat = opt_s(q.getColumn(7));
  c.title = opt_s(q.getColumn(8));
  c.pcs = opt_i(q.getColumn(9));
  c.needs = opt_s(q.getColumn(10));
  c.channel = opt_s(q.getColumn(11));
  c.city = opt_s(q.getColumn(12));
  c.grade = opt_s(q.getColumn(13));
  c.category = q.getColumn(14).getString();
  c.owner_id = opt_i(q.getColumn(15));
  c.in_pool = q.getColumn(16).getInt() != 0;
  c.registered_by = opt_i(q.getColumn(17));
  c.contacted_at = opt_i(q.getColumn(18));
  c.registered_at = q.getColumn(19).getInt64();
  c.urgent = q.getColumn(20).getInt() != 0;
  if (!q.getColumn(21).isNull()) c.consent = q.getColumn(21).getInt() != 0;
  c.birthday = opt_s(q.getColumn(22));
  c.note = opt_s(q.getColumn(23));
  c.merged_into = opt_i(q.getColumn(24));
  return c;
}

}  // namespace

std::string Customer::json() const {
  JsonObject o;
  o.add("number", number).add("name", name).add("company", company).add("phone", phone).add("email", email);
  o.add("qq", qq).add("wechat", wechat).add("title", title).add("pcs", pcs).add("needs", needs);
  o.add("channel", channel).add("city", city).add("grade", grade).add("category", category);
  o.add("owner_id", owner_id).add("in_pool", in_pool).add("urgent", urgent);
  if (consent) o.add("consent", *consent);
  else o.add_null("consent");
  o.add("birthday", birthday).add("note", note).add("merged_into", merged_into);
  return o.str();
}

std::optional<Customer> CustomerStore::by_id(std::int64_t id) {
  SQLite::Statement q(db_.sql(), fmt::format("SELECT {} FROM customers WHERE id = ?", kColumns));
  q.bind(1, static_cast<int64_t>(id));
  if (!q.executeStep()) return std::nullopt;
  Customer c = read_customer(q);
  // A customer merged away resolves to the one kept.
  if (c.merged_into && *c.merged_into != c.id) return by_id(*c.merged_into);
  return c;
}

std::optional<Customer> CustomerStore::find(const std::string& raw) {
  std::string ref = trim(raw);
  if (is_plain_id(ref)) return by_id(std::stoll(ref));
  std::string upper = ref;
  for (auto& ch : upper)
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
  {
    SQLite::Statement q(db_.sql(), "SELECT id FROM customers WHERE number = ?");
    q.bind(1, upper);
    if (q.executeStep()) return by_id(q.getColumn(0).getInt64());
  }
  {
    SQLite::Statement q(db_.sql(), "SELECT customer_id FROM customer_aliases WHERE number = ?");
    q.bind(1, upper);
    if (q.executeStep()) return by_id(q.getColumn(0).getInt64());
  }
  return std::nullopt;
}

Customer CustomerStore::get(const std::string& ref) {
  if (auto c = find(ref)) return *c;
  fail_not_found("no customer '{}'; give a customer number such as KH202611-0001 or a plain id "
                 "(`csdesk customer list --search …` finds them)", ref);
}

}  // namespace csdesk
