#include "store/customers.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

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

// ---- Registration -------------------------------------------------------------------------

namespace csdesk {
namespace {

// Open addressing from a 64-bit key hash to the first customer id holding the key. A hit is
// only a candidate: it is confirmed against the stored row, so a hash collision never merges.
class KeyIndex {
 public:
  std::optional<std::int64_t> find(std::uint64_t h) const {
    if (slots_.empty()) return std::nullopt;
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      if (slots_[i].hash == 0) return std::nullopt;
      if (slots_[i].hash == h) return slots_[i].id;
    }
  }
  void insert(std::uint64_t h, std::int64_t id) {
    if ((count_ + 1) * 10 > slots_.size() * 7) grow();
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      if (slots_[i].hash == h) return;  // the first customer with a key keeps it
      if (slots_[i].hash == 0) {
        slots_[i] = Slot{h, id};
        ++count_;
        return;
      }
    }
  }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::int64_t id = 0;
  };
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
    mask_ = slots_.size() - 1;
    count_ = 0;
    for (const auto& s : old)
      if (s.hash) insert(s.hash, s.id);
  }
  std::vector<Slot> slots_;
  size_t mask_ = 0, count_ = 0;
};

enum class KeyKind : char { phone = 'p', email = 'e', qq = 'q', wechat = 'w', name = 'n' };
constexpr KeyKind kKeyKinds[] = {KeyKind::phone, KeyKind::email, KeyKind::qq, KeyKind::wechat, KeyKind::name};

const char* key_column(KeyKind k) {
  switch (k) {
    case KeyKind::phone: return "phone";
    case KeyKind::email: return "email";
    case KeyKind::qq: return "qq";
    case KeyKind::wechat: return "wechat";
    case KeyKind::name: return "name_key";
  }
  return "";
}
const char* key_label(KeyKind k) { return k == KeyKind::name ? "name" : key_column(k); }

std::uint64_t key_hash(KeyKind k, std::string_view value) {
  std::uint64_t h = std::hash<std::string_view>{}(value) ^ (static_cast<std::uint64_t>(k) * 0x9E3779B97F4A7C15ull);
  return h ? h : 1;
}

const std::optional<std::string>& contact_key(const NewContact& c, KeyKind k) {
  switch (k) {
    case KeyKind::phone: return c.phone;
    case KeyKind::email: return c.email;
    case KeyKind::qq: return c.qq;
    case KeyKind::wechat: return c.wechat;
    case KeyKind::name: return c.key;
  }
  return c.key;
}

std::optional<std::string> stored_key(const Customer& c, KeyKind k) {
  switch (k) {
    case KeyKind::phone: return c.phone;
    case KeyKind::email: return c.email;
    case KeyKind::qq: return c.qq;
    case KeyKind::wechat: return c.wechat;
    case KeyKind::name: return c.company ? std::optional<std::string>(name_key(*c.company, c.name)) : std::nullopt;
  }
  return std::nullopt;
}

void bind_text(SQLite::Statement& q, int i, const std::optional<std::string>& v) {
  if (v) q.bind(i, *v);
  else q.bind(i);
}
void bind_int(SQLite::Statement& q, int i, const std::optional<std::int64_t>& v) {
  if (v) q.bind(i, static_cast<int64_t>(*v));
  else q.bind(i);
}

// Fills an empty field from the contact, or notes a differing value (the stored one is kept).
template <typename T>
void merge_field(const char* name, std::optional<T>& stored, const std::optional<T>& given, RegisterResult& r) {
  if (!given) return;
  if (!stored) {
    stored = given;
    r.filled.emplace_back(name);
  } else if (*stored != *given) {
    r.differing.emplace_back(name);
  }
}

}  // namespace

struct Registrar::Impl {
  Impl(Database& d, Intake in, bool b) : db(d), intake(std::move(in)), batch(b) {}
  Database& db;
  Intake intake;
  bool batch;
  std::unique_ptr<KeyIndex> index;  // batch only
  std::set<std::int64_t> created;   // customers created by this registrar
  std::map<std::int64_t, std::optional<Staff>> owners;
  // Record numbers reserved in memory for a batch; written back by finish().
  std::string period;
  std::int64_t last_number = -1;
  std::optional<std::string> last_hash;
  std::map<std::string, std::unique_ptr<SQLite::Statement>> statements;

  SQLite::Statement& stmt(const std::string& sql) {
    auto& s = statements[sql];
    if (!s) s = std::make_unique<SQLite::Statement>(db.sql(), sql);
    s->reset();
    s->clearBindings();
    return *s;
  }

  void load_index() {
    index = std::make_unique<KeyIndex>();
    SQLite::Statement q(db.sql(), "SELECT id, phone, email, qq, wechat, name_key FROM customers WHERE merged_into IS NULL ORDER BY id");
    while (q.executeStep()) {
      std::int64_t id = q.getColumn(0).getInt64();
      for (int i = 0; i < 5; ++i) {
        const auto& col = q.getColumn(i + 1);
        if (!col.isNull()) index->insert(key_hash(kKeyKinds[i], col.getText()), id);
      }
    }
  }

  void index_customer(const Customer& c) {
    if (!index) return;
    for (KeyKind k : kKeyKinds)
      if (auto v = stored_key(c, k)) index->insert(key_hash(k, *v), c.id);
  }

  std::optional<Customer> load(std::int64_t id) {
    auto& q = stmt(fmt::format("SELECT {} FROM customers WHERE id = ?", kColumns));
    q.bind(1, static_cast<int64_t>(id));
    if (!q.executeStep()) return std::nullopt;
    return read_customer(q);
  }

  std::optional<std::int64_t> sql_match(KeyKind k, const std::string& value) {
    auto& q = stmt(fmt::format("SELECT id FROM customers WHERE {} = ? AND merged_into IS NULL ORDER BY id LIMIT 1", key_column(k)));
    q.bind(1, value);
    if (q.executeStep()) return q.getColumn(0).getInt64();
    return std::nullopt;
  }

  // The customer this contact belongs to: first by phone, then e-mail, QQ, WeChat, company + name.
  std::optional<std::pair<Customer, KeyKind>> match(const NewContact& c) {
    for (KeyKind k : kKeyKinds) {
      const auto& value = contact_key(c, k);
      if (!value) continue;
      std::optional<std::int64_t> id;
      if (index) {
        id = index->find(key_hash(k, *value));
        if (!id) continue;
      }
      if (id) {
        auto found = load(*id);
        if (found && !found->merged_into && stored_key(*found, k) == value) return std::make_pair(*found, k);
      }
      if (auto sid = sql_match(k, *value))  // no index, or a hash collision
        if (auto found = load(*sid)) return std::make_pair(*found, k);
    }
    return std::nullopt;
  }

  std::string next_number() {
    if (!batch) return db.next_number("KH", intake.now);
    if (last_number < 0) {
      period = month_code(intake.now);
      auto& q = stmt("SELECT last FROM sequences WHERE prefix = 'KH' AND period = ?");
      q.bind(1, period);
      last_number = q.executeStep() ? q.getColumn(0).getInt64() : 0;
    }
    return fmt::format("KH{}-{:04}", period, ++last_number);
  }

  void audit(const AuditEntry& e) {
    if (!batch) return db.audit(intake.actor, intake.now, e);
    if (!last_hash) {
      SQLite::Statement q(db.sql(), "SELECT hash FROM audit ORDER BY id DESC LIMIT 1");
      last_hash = q.executeStep() ? q.getColumn(0).getString() : std::string("genesis");
    }
    std::string hash = audit_hash(*last_hash, intake.now, intake.actor.label, e);
    auto& q = stmt("INSERT INTO audit (at, actor, record_kind, record_id, record_number, action, before, after, prev_hash, hash) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, static_cast<int64_t>(intake.now));
    q.bind(2, intake.actor.label);
    q.bind(3, e.record_kind);
    bind_int(q, 4, e.record_id);
    q.bind(5, e.record_number);
    q.bind(6, e.action);
    bind_text(q, 7, e.before_json.empty() ? std::nullopt : std::optional<std::string>(e.before_json));
    bind_text(q, 8, e.after_json.empty() ? std::nullopt : std::optional<std::string>(e.after_json));
    q.bind(9, *last_hash);
    q.bind(10, hash);
    q.exec();
    last_hash = hash;
  }

  void bind_customer_fields(SQLite::Statement& q, const Customer& c) {
    q.bind(1, c.name);
    bind_text(q, 2, c.company);
    bind_text(q, 3, c.phone);
    bind_text(q, 4, c.email);
    bind_text(q, 5, c.qq);
    bind_text(q, 6, c.wechat);
    bind_text(q, 7, c.title);
    bind_int(q, 8, c.pcs);
    bind_text(q, 9, c.needs);
    bind_text(q, 10, c.channel);
    bind_text(q, 11, c.city);
    bind_text(q, 12, c.grade);
    q.bind(13, c.urgent ? 1 : 0);
    bind_int(q, 14, c.consent ? std::optional<std::int64_t>(*c.consent ? 1 : 0) : std::nullopt);
    bind_text(q, 15, c.birthday);
    bind_text(q, 16, c.note);
    bind_text(q, 17, stored_key(c, KeyKind::name));
    q.bind(18, static_cast<int64_t>(intake.now));
  }

  Customer insert_customer(const NewContact& n) {
    Customer c;
    c.number = next_number();
    c.name = n.name;
    c.company = n.company;
    c.phone = n.phone;
    c.email = n.email;
    c.qq = n.qq;
    c.wechat = n.wechat;
    c.title = n.title;
    c.pcs = n.pcs;
    c.needs = n.needs;
    c.channel = n.channel;
    c.city = n.city;
    c.grade = n.grade;
    c.urgent = n.urgent;
    c.consent = n.consent;
    c.birthday = n.birthday;
    c.note = n.note;
    c.registered_by = intake.agent_id;
    c.contacted_at = n.contacted_at;
    c.registered_at = intake.now;
    auto& q = stmt(
        "INSERT INTO customers (name, company, phone, email, qq, wechat, title, pcs, needs, channel, city, grade, urgent, "
        "consent, birthday, note, name_key, updated_at, number, registered_by, contacted_at, registered_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    bind_customer_fields(q, c);
    q.bind(19, c.number);
    bind_int(q, 20, c.registered_by);
    q.bind(21, static_cast<int64_t>(n.contacted_at));
    q.bind(22, static_cast<int64_t>(intake.now));
    q.exec();
    c.id = db.sql().getLastInsertRowid();
    return c;
  }

  void update_customer(const Customer& c) {
    auto& q = stmt(
        "UPDATE customers SET name = ?, company = ?, phone = ?, email = ?, qq = ?, wechat = ?, title = ?, pcs = ?, "
        "needs = ?, channel = ?, city = ?, grade = ?, urgent = ?, consent = ?, birthday = ?, note = ?, name_key = ?, "
        "updated_at = ? WHERE id = ?");
    bind_customer_fields(q, c);
    q.bind(19, static_cast<int64_t>(c.id));
    q.exec();
  }

  bool contact_exists(std::int64_t customer_id, const NewContact& n) {
    auto& q = stmt("SELECT 1 FROM contacts WHERE customer_id = ? AND contacted_at = ? AND channel IS ?");
    q.bind(1, static_cast<int64_t>(customer_id));
    q.bind(2, static_cast<int64_t>(n.contacted_at));
    bind_text(q, 3, n.channel);
    return q.executeStep();
  }

  void insert_contact(std::int64_t customer_id, bool returning, const NewContact& n, bool within) {
    auto& q = stmt(
        "INSERT INTO contacts (customer_id, kind, channel, agent_id, contacted_at, registered_at, within_limit, urgent, note) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, static_cast<int64_t>(customer_id));
    q.bind(2, returning ? "returning" : "new");
    bind_text(q, 3, n.channel);
    bind_int(q, 4, intake.agent_id);
    q.bind(5, static_cast<int64_t>(n.contacted_at));
    q.bind(6, static_cast<int64_t>(intake.now));
    q.bind(7, within ? 1 : 0);
    q.bind(8, n.urgent ? 1 : 0);
    bind_text(q, 9, n.note);
    q.exec();
  }

  std::optional<Staff> owner(std::int64_t staff_id) {
    auto it = owners.find(staff_id);
    if (it == owners.end()) it = owners.emplace(staff_id, StaffStore(db).by_id(staff_id)).first;
    return it->second;
  }

  void notify_owner(const Staff& owner, const Customer& c, const NewContact& n) {
    JsonObject payload;
    payload.add("kind", "returning").add("staff_number", owner.number).add("staff_name", owner.name);
    payload.add("customer_number", c.number).add("customer_name", c.name).add("company", c.company);
    payload.add("phone", c.phone).add("channel", n.channel).add("contacted_at", format_iso(n.contacted_at));
    payload.add_null("deadline").add("note", n.note);
    auto& q = stmt("INSERT INTO notifications (at, staff_id, customer_id, kind, payload) VALUES (?, ?, ?, 'returning', ?)");
    q.bind(1, static_cast<int64_t>(intake.now));
    q.bind(2, static_cast<int64_t>(owner.id));
    q.bind(3, static_cast<int64_t>(c.id));
    q.bind(4, payload.str());
    q.exec();
  }

  RegisterResult add(const NewContact& n) {
    RegisterResult r;
    r.contacted_at = n.contacted_at;
    r.within_limit = intake.now - n.contacted_at <= intake.limit_seconds;
    auto found = match(n);
    if (!found) {
      r.customer = insert_customer(n);
      insert_contact(r.customer.id, false, n, r.within_limit);
      audit(AuditEntry{"customer", r.customer.id, r.customer.number, "create", "", r.customer.json()});
      created.insert(r.customer.id);
      index_customer(r.customer);
      return r;
    }
    auto& [before, kind] = *found;
    r.returning = true;
    r.merged_in_batch = created.count(before.id) > 0;
    r.matched_on = key_label(kind);
    Customer after = before;
    if (after.name != n.name) r.differing.emplace_back("name");
    merge_field("company", after.company, n.company, r);
    merge_field("phone", after.phone, n.phone, r);
    merge_field("email", after.email, n.email, r);
    merge_field("qq", after.qq, n.qq, r);
    merge_field("wechat", after.wechat, n.wechat, r);
    merge_field("title", after.title, n.title, r);
    merge_field("pcs", after.pcs, n.pcs, r);
    merge_field("needs", after.needs, n.needs, r);
    if (!after.channel && n.channel) {  // the first channel stays; each contact keeps its own
      after.channel = n.channel;
      r.filled.emplace_back("channel");
    }
    merge_field("city", after.city, n.city, r);
    merge_field("grade", after.grade, n.grade, r);
    merge_field("birthday", after.birthday, n.birthday, r);
    merge_field("note", after.note, n.note, r);
    if (n.consent && after.consent != n.consent) {  // the customer's latest word on consent counts
      after.consent = n.consent;
      r.filled.emplace_back("consent");
    }
    if (n.urgent) after.urgent = true;
    if (after.owner_id) r.owner = owner(*after.owner_id);
    r.customer = after;
    bool changed = !r.filled.empty() || after.urgent != before.urgent;
    if (batch && !changed && contact_exists(before.id, n)) {
      r.contact_logged = false;  // the same contact imported again
      return r;
    }
    if (changed) update_customer(after);
    insert_contact(before.id, true, n, r.within_limit);
    audit(AuditEntry{"customer", before.id, before.number, "contact", before.json(), after.json()});
    if (!r.differing.empty()) {
      JsonObject stored, given;
      auto pair = [&](const std::string& field, const std::optional<std::string>& s, const std::optional<std::string>& g) {
        if (std::find(r.differing.begin(), r.differing.end(), field) == r.differing.end()) return;
        stored.add(field, s);
        given.add(field, g);
      };
      pair("name", before.name, n.name);
      pair("company", before.company, n.company);
      pair("phone", before.phone, n.phone);
      pair("email", before.email, n.email);
      pair("qq", before.qq, n.qq);
      pair("wechat", before.wechat, n.wechat);
      pair("title", before.title, n.title);
      pair("pcs", before.pcs ? std::optional<std::string>(std::to_string(*before.pcs)) : std::nullopt,
           n.pcs ? std::optional<std::string>(std::to_string(*n.pcs)) : std::nullopt);
      pair("needs", before.needs, n.needs);
      pair("city", before.city, n.city);
      pair("grade", before.grade, n.grade);
      pair("birthday", before.birthday, n.birthday);
      pair("note", before.note, n.note);
      // Kept as stored; what the customer said this time stays in history.
      audit(AuditEntry{"customer", before.id, before.number, "contact-differs", stored.str(), given.str()});
    }
    if (r.owner && r.owner->active) {
      notify_owner(*r.owner, after, n);
      r.owner_notified = true;
    }
    index_customer(after);
    return r;
  }
};

Registrar::Registrar(Database& db, Intake intake, bool batch) : impl_(std::make_unique<Impl>(db, std::move(intake), batch)) {
  if (batch) impl_->load_index();
}
Registrar::~Registrar() = default;

RegisterResult Registrar::add(const NewContact& contact) { return impl_->add(contact); }

void Registrar::finish() {
  if (impl_->last_number < 0) return;
  SQLite::Statement q(impl_->db.sql(),
                      "INSERT INTO sequences (prefix, period, last) VALUES ('KH', ?, ?) "
                      "ON CONFLICT (prefix, period) DO UPDATE SET last = excluded.last");
  q.bind(1, impl_->period);
  q.bind(2, static_cast<int64_t>(impl_->last_number));
  q.exec();
}

RegisterResult CustomerStore::register_contact(const NewContact& contact, const Intake& intake) {
  return Registrar(db_, intake, false).add(contact);
}

}  // namespace csdesk
