#include "store/customers.hpp"

#include "store/dialect.hpp"


#include "store/sql_values.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <limits>
#include <map>

#include "rules/metrics.hpp"
#include "util/error.hpp"
#include "util/json.hpp"
#include "util/text.hpp"

namespace csdesk {
namespace {

// Customer fields are drawn from kCustomerFields (rules/customer.hpp); these helpers bind and read
// each of its value types.
void bind_value(sql::Statement& q, int at, const std::string& v) { q.bind_ref(at, v); }
void bind_value(sql::Statement& q, int at, const std::optional<std::string>& v) { sql::bind_opt_ref(q, at, v); }
void bind_value(sql::Statement& q, int at, const std::optional<std::int64_t>& v) { sql::bind_opt(q, at, v); }
void bind_value(sql::Statement& q, int at, const std::optional<bool>& v) {
  sql::bind_opt(q, at, v ? std::optional<std::int64_t>(*v ? 1 : 0) : std::nullopt);
}
void bind_value(sql::Statement& q, int at, bool v) { q.bind(at, v ? 1 : 0); }

void read_value(const sql::Value& c, std::string& v) { v = c.text(); }
void read_value(const sql::Value& c, std::optional<std::string>& v) { v = sql::opt_text(c); }
void read_value(const sql::Value& c, std::optional<std::int64_t>& v) { v = sql::opt_int(c); }
void read_value(const sql::Value& c, std::optional<bool>& v) {
  v = c.is_null() ? std::nullopt : std::optional<bool>(c.integer() != 0);
}
void read_value(const sql::Value& c, bool& v) { v = c.integer() != 0; }

// "name, company, …" (format "{}") or "name = ?, company = ?, …" (format "{} = ?") over kCustomerFields.
std::string field_columns(const char* format) {
  std::string out;
  for_each_customer_field([&](const auto& field) {
    if (!out.empty()) out += ", ";
    out += fmt::format(fmt::runtime(format), field.column);
  });
  return out;
}

// Selected by read_customer: id, number, the fields, then the columns a contact does not carry.
const std::string kColumns =
    "id, number, " + field_columns("{}") + ", category, owner_id, in_pool, registered_by, contacted_at, registered_at, merged_into";

Customer read_customer(sql::Statement& q) {
  Customer c;
  c.id = q.column(0).int64();
  c.number = q.column(1).text();
  int at = 2;
  for_each_customer_field([&](const auto& field) { read_value(q.column(at++), c.*field.stored); });
  c.category = q.column(at).text();
  c.owner_id = sql::opt_int(q.column(at + 1));
  c.in_pool = q.column(at + 2).integer() != 0;
  c.registered_by = sql::opt_int(q.column(at + 3));
  c.contacted_at = sql::opt_int(q.column(at + 4));
  c.registered_at = q.column(at + 5).int64();
  c.merged_into = sql::opt_int(q.column(at + 6));
  return c;
}

}  // namespace

std::optional<Customer> CustomerStore::by_id(std::int64_t id) {
  sql::Statement q(db_.sql(), fmt::format("SELECT {} FROM customers WHERE id = ?", kColumns));
  q.bind(1, static_cast<int64_t>(id));
  if (!q.step()) return std::nullopt;
  Customer c = read_customer(q);
  // A customer merged away resolves to the one kept.
  if (c.merged_into && *c.merged_into != c.id) return by_id(*c.merged_into);
  return c;
}

std::optional<Customer> CustomerStore::find(const std::string& raw) {
  std::string ref = trim(raw);
  if (is_plain_id(ref)) return by_id(std::stoll(ref));
  std::string upper = sql::upper_number(ref);
  {
    sql::Statement q(db_.sql(), "SELECT id FROM customers WHERE number = ?");
    q.bind(1, upper);
    if (q.step()) return by_id(q.column(0).int64());
  }
  {
    sql::Statement q(db_.sql(), "SELECT customer_id FROM customer_aliases WHERE number = ?");
    q.bind(1, upper);
    if (q.step()) return by_id(q.column(0).int64());
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
  // The slot a lookup of `h` reads first: the table is far larger than the CPU caches, and a
  // lookup is otherwise a wait on memory.
  void prefetch(std::uint64_t h) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[h & mask_]);
  }
  // Sized once for `keys` keys, so that a large import does not hold two tables while growing.
  void reserve(size_t keys) {
    size_t size = 1024;
    while (size * 7 < keys * 10) size *= 2;
    if (size > slots_.size()) rehash(size);
  }
  void insert(std::uint64_t h, std::int64_t id) {
    if ((count_ + 1) * 10 > slots_.size() * 7) rehash(slots_.empty() ? 1024 : slots_.size() * 2);
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
  void rehash(size_t size) {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(size, Slot{});
    mask_ = slots_.size() - 1;
    count_ = 0;
    for (const auto& s : old)
      if (s.hash) insert(s.hash, s.id);
  }
  std::vector<Slot> slots_;
  size_t mask_ = 0, count_ = 0;
};

const char* key_column(MatchKey k) {
  switch (k) {
    case MatchKey::phone: return "phone";
    case MatchKey::email: return "email";
    case MatchKey::qq: return "qq";
    case MatchKey::wechat: return "wechat";
    case MatchKey::name: return "name_hash";
  }
  return "";
}
// The in-memory index's hash of a key. Company + name uses the hash the database stores, so the
// index loads from name_hash without the keys themselves.
std::uint64_t index_hash(MatchKey k, std::uint64_t h) {
  h ^= static_cast<std::uint64_t>(k) * 0x9E3779B97F4A7C15ull;
  return h ? h : 1;
}
std::uint64_t key_hash(MatchKey k, std::string_view value) {
  return index_hash(k, k == MatchKey::name ? static_cast<std::uint64_t>(name_key_hash(value))
                                          : std::hash<std::string_view>{}(value));
}

std::optional<std::int64_t> stored_name_hash(const std::optional<std::string>& key) {
  return key ? std::optional<std::int64_t>(name_key_hash(*key)) : std::nullopt;
}
// A contact's name hash, as computed when its key was set (the import's reader thread does it).
std::optional<std::int64_t> contact_name_hash(const NewContact& n) {
  if (!n.key) return std::nullopt;
  return n.key_hash ? n.key_hash : stored_name_hash(n.key);
}

// key_hash(k, contact_key(c, k)) without hashing the company + name key again.
std::uint64_t contact_index_hash(const NewContact& c, MatchKey k, const std::string& value) {
  if (k == MatchKey::name) return index_hash(k, static_cast<std::uint64_t>(*contact_name_hash(c)));
  return key_hash(k, value);
}

// Parameters first.. : the customer's fields (kCustomerFields), then its name hash and updated_at.
constexpr int kBoundFields = static_cast<int>(kCustomerFieldCount) + 2;
void bind_customer_fields(sql::Statement& q, const Customer& c, std::optional<std::int64_t> name_hash, Epoch now,
                          int first = 1) {
  int at = first;
  for_each_customer_field([&](const auto& field) { bind_value(q, at++, c.*field.stored); });
  sql::bind_opt(q, at, name_hash);
  q.bind(at + 1, static_cast<int64_t>(now));
}
// "name = ?, …, name_hash = ?, updated_at = ?": the SET list bind_customer_fields binds.
const std::string kSetFields = field_columns("{} = ?") + ", name_hash = ?, updated_at = ?";

// "INSERT INTO table (columns) VALUES (?, …), (?, …), …" for `rows` rows.
std::string multi_row_insert(const char* table, const std::string& columns, int per_row, size_t rows) {
  std::string one = "(?";
  for (int i = 1; i < per_row; ++i) one += ", ?";
  one += ")";
  std::string sql = fmt::format("INSERT INTO {} ({}) VALUES {}", table, columns, one);
  for (size_t r = 1; r < rows; ++r) sql += ", " + one;
  return sql;
}

const std::string kNewCustomerColumns = "id, " + field_columns("{}") +
                                       ", name_hash, updated_at, number, registered_by, contacted_at, registered_at, "
                                       "first_channel, first_note, first_urgent, first_within_limit, first_time_known";
constexpr int kNewCustomerParams = 1 + kBoundFields + 9;
const char* kContactColumns =
    "customer_id, kind, channel, agent_id, contacted_at, registered_at, within_limit, urgent, note, time_known";
constexpr int kContactParams = 10;

// The customer a key belongs to, as id and number: the first (lowest id) holding it and not merged
// away, else the customer kept for the first merged-away one holding it (a merged customer's keys
// still find the customer kept). Holders resolving to `except` are skipped. Company + name is looked
// up by its stored hash and confirmed against company and name.
std::optional<std::pair<std::int64_t, std::string>> key_holder(sql::Connection& db, MatchKey k, const std::string& value,
                                                               std::int64_t except = 0) {
  sql::Statement q(db, fmt::format("SELECT coalesce(kept.id, c.id), coalesce(kept.number, c.number), c.company, c.name "
                                      "FROM customers c LEFT JOIN customers kept ON kept.id = c.merged_into "
                                      "WHERE c.{} = ? AND coalesce(kept.id, c.id) <> ? ORDER BY c.merged_into IS NOT NULL, c.id",
                                      key_column(k)));
  if (k == MatchKey::name) q.bind(1, static_cast<int64_t>(name_key_hash(value)));
  else q.bind(1, value);
  q.bind(2, static_cast<int64_t>(except));
  while (q.step()) {
    if (k == MatchKey::name && name_key(q.column(2).text(), q.column(3).text()) != value) continue;
    return std::make_pair(q.column(0).int64(), q.column(1).text());
  }
  return std::nullopt;
}

}  // namespace

struct Registrar::Impl {
  Impl(Database& d, Intake in, ReturningPayload payload, bool b)
      : db(d), intake(std::move(in)), returning_payload(payload), batch(b) {}
  Database& db;
  Intake intake;
  ReturningPayload returning_payload;
  bool batch;
  std::unique_ptr<KeyIndex> index;  // batch only
  std::int64_t first_new_id = std::numeric_limits<std::int64_t>::max();  // customers from here on were created by this registrar
  std::vector<std::string> dropped_indexes;  // CREATE INDEX statements to run again in finish()
  std::map<std::int64_t, std::optional<Staff>> owners;
  // Record numbers handed out in memory by a batch: last_number + 1 onwards in `period`, the month
  // of intake.now; finish() takes the ones used from the sequence.
  std::string period;
  std::int64_t last_number = -1, numbers_used = 0;
  // Customers this batch created: ids first_created..last_created, numbers alike. One audit row
  // in finish() stands for all of them (see finish()).
  std::int64_t created = 0, returning = 0, merged_in_batch = 0, contacts_logged = 0;
  std::optional<std::pair<std::int64_t, std::string>> first_created, last_created;  // id, number

  // Batch only: new customers and contacts wait here and go in kRowsPerInsert at a time, in one
  // INSERT … VALUES (…), (…) each: setting up a statement for every row cost more than the rows.
  // New customers get their ids here (next_id onwards): the import holds the write lock. Reading
  // or changing a customer that is still waiting, or one with a waiting contact, flushes first
  // (flush_if_pending); finish() flushes the rest.
  static constexpr size_t kRowsPerInsert = 64;
  struct PendingCustomer {
    Customer customer;
    std::optional<std::int64_t> name_hash;
    bool within_limit;  // of the first contact
    bool time_known;    // its time was given (schema 20)
  };
  struct PendingContact {
    std::int64_t customer_id;
    bool returning, within_limit, urgent;
    std::optional<std::string> channel, note;
    Epoch contacted_at;
    bool time_known;
  };
  std::vector<PendingCustomer> pending_customers;
  std::vector<PendingContact> pending_contacts;
  std::int64_t next_id = 0;

  // The statements a registrar runs per row, prepared once each and found by name.
  enum class Query : size_t {
    load_customer, update_customer, insert_customer, insert_customers, contact_logged, insert_contact, insert_contacts,
    notify_owner, count
  };
  static const std::string& sql_of(Query query) {
    static const std::array<std::string, static_cast<size_t>(Query::count)> texts = {
        fmt::format("SELECT {} FROM customers WHERE id = ?", kColumns),
        "UPDATE customers SET " + kSetFields + " WHERE id = ?",
        "",  // insert_customer: new_customer_sql(), which names the engine's next id
        multi_row_insert("customers", kNewCustomerColumns, kNewCustomerParams, kRowsPerInsert),
        "SELECT 1 FROM contact_log WHERE customer_id = ? AND contacted_at = ? AND channel IS NOT DISTINCT FROM ?",
        multi_row_insert("contacts", kContactColumns, kContactParams, 1),
        multi_row_insert("contacts", kContactColumns, kContactParams, kRowsPerInsert),
        "INSERT INTO notifications (at, staff_id, customer_id, kind, payload) VALUES (?, ?, ?, 'returning', ?) RETURNING id",
    };
    return texts[static_cast<size_t>(query)];
  }
  // One new customer outside a batch: its id is the engine's next unless one is bound.
  std::string new_customer_sql() const {
    std::string sql = multi_row_insert("customers", kNewCustomerColumns, kNewCustomerParams, 1) + " RETURNING id";
    auto first = sql.find("(?");
    return sql.replace(first, 2, "(coalesce(?, " + sql::dialect_of(db.engine()).new_id("customers") + ")");
  }
  std::array<std::unique_ptr<sql::Statement>, static_cast<size_t>(Query::count)> statements;

  // all_rebound: the caller binds every parameter, so the previous values need no clearing
  // (for the multi-row inserts, where clearing 1,700 parameters a statement showed in profiles).
  enum class Bindings { cleared, all_rebound };
  sql::Statement& stmt(Query query, Bindings bindings = Bindings::cleared) {
    auto& s = statements[static_cast<size_t>(query)];
    if (!s) s = std::make_unique<sql::Statement>(db.sql(), query == Query::insert_customer ? new_customer_sql() : sql_of(query));
    s->reset();
    if (bindings == Bindings::cleared) s->clear_bindings();
    return *s;
  }

  // Flushes when the customer, or a contact of theirs, is still waiting: reading or changing a
  // stored customer needs no flush (a returning contact per hundred rows would otherwise cut
  // every batch short).
  void flush_if_pending(std::int64_t customer_id) {
    bool waiting = !pending_customers.empty() && customer_id >= pending_customers.front().customer.id;
    for (size_t i = 0; !waiting && i < pending_contacts.size(); ++i) waiting = pending_contacts[i].customer_id == customer_id;
    if (waiting) flush();
  }

  void flush() {
    if (!pending_customers.empty())
      insert_rows(pending_customers, Query::insert_customers, Query::insert_customer, kNewCustomerParams,
                  [&](sql::Statement& q, const PendingCustomer& p, int at) { bind_new_customer(q, p, at); });
    if (!pending_contacts.empty())
      insert_rows(pending_contacts, Query::insert_contacts, Query::insert_contact, kContactParams,
                  [&](sql::Statement& q, const PendingContact& k, int at) { bind_contact(q, k, at); });
  }

  template <typename Row, typename Bind>
  void insert_rows(std::vector<Row>& rows, Query many, Query one, int per_row, Bind bind) {
    size_t done = 0;
    for (; rows.size() - done >= kRowsPerInsert; done += kRowsPerInsert) {
      auto& q = stmt(many, Bindings::all_rebound);
      for (size_t i = 0; i < kRowsPerInsert; ++i) bind(q, rows[done + i], 1 + static_cast<int>(i) * per_row);
      q.run();
    }
    for (; done < rows.size(); ++done) {
      auto& q = stmt(one, Bindings::all_rebound);
      bind(q, rows[done], 1);
      q.run();
    }
    rows.clear();
  }

  // The kNewCustomerParams parameters of one new customer from `at` on: its id (NULL: SQLite
  // picks it), its fields, and its first contact as given when registered (schema 5).
  void bind_new_customer(sql::Statement& q, const PendingCustomer& p, int at) {
    const Customer& c = p.customer;
    if (c.id) q.bind(at, static_cast<int64_t>(c.id));
    else q.bind_null(at);
    bind_customer_fields(q, c, p.name_hash, intake.now, at + 1);
    int next = at + 1 + kBoundFields;
    q.bind_ref(next, c.number);
    sql::bind_opt(q, next + 1, c.registered_by);
    sql::bind_opt(q, next + 2, c.contacted_at);
    q.bind(next + 3, static_cast<int64_t>(c.registered_at));
    sql::bind_opt_ref(q, next + 4, c.channel);
    sql::bind_opt_ref(q, next + 5, c.note);
    q.bind(next + 6, c.urgent ? 1 : 0);
    q.bind(next + 7, p.within_limit ? 1 : 0);
    q.bind(next + 8, p.time_known ? 1 : 0);
  }

  void bind_contact(sql::Statement& q, const PendingContact& k, int at) {
    q.bind(at, static_cast<int64_t>(k.customer_id));
    q.bind_ref(at + 1, k.returning ? "returning" : "new");
    sql::bind_opt_ref(q, at + 2, k.channel);
    sql::bind_opt(q, at + 3, intake.agent_id);
    q.bind(at + 4, static_cast<int64_t>(k.contacted_at));
    q.bind(at + 5, static_cast<int64_t>(intake.now));
    q.bind(at + 6, k.within_limit ? 1 : 0);
    q.bind(at + 7, k.urgent ? 1 : 0);
    sql::bind_opt_ref(q, at + 8, k.note);
    q.bind(at + 9, k.time_known ? 1 : 0);
  }

  void load_index(std::int64_t expected_rows) {
    index = std::make_unique<KeyIndex>();
    first_new_id = db.sql().query_int("SELECT coalesce(max(id), 0) + 1 FROM customers");
    index->reserve(static_cast<size_t>(first_new_id - 1 + expected_rows) * 2);  // most customers have a phone and a company
    // The first holder of a key keeps it: customers merged away go in after the others (their keys
    // lead to the customer kept, see holder()).
    sql::Statement q(db.sql(), "SELECT id, phone, email, qq, wechat, name_hash, CASE WHEN merged_into IS NULL THEN 0 ELSE 1 END FROM customers "
                               "ORDER BY id");
    std::vector<std::pair<std::uint64_t, std::int64_t>> merged_keys;
    while (q.step()) {
      std::int64_t id = q.column(0).int64();
      bool merged = q.column(6).integer() != 0;
      auto add = [&](std::uint64_t h) {
        if (merged) merged_keys.emplace_back(h, id);
        else index->insert(h, id);
      };
      for (int i = 0; i < 4; ++i) {
        const auto& col = q.column(i + 1);
        if (!col.is_null()) add(key_hash(kMatchOrder[i], col.text()));
      }
      if (!q.column(5).is_null()) add(index_hash(MatchKey::name, static_cast<std::uint64_t>(q.column(5).int64())));
    }
    for (const auto& [h, id] : merged_keys) index->insert(h, id);
  }

  // The keys of a customer just stored from contact `n` (the same values as customer_key, without
  // recomputing the name key).
  void index_customer(std::int64_t id, const NewContact& n) {
    if (!index) return;
    for (MatchKey k : kMatchOrder)
      if (const auto& v = contact_key(n, k)) index->insert(contact_index_hash(n, k, *v), id);
  }
  void index_customer(const Customer& c) {
    if (!index) return;
    for (MatchKey k : kMatchOrder)
      if (auto v = customer_key(c, k)) index->insert(key_hash(k, *v), c.id);
  }

  // In a bulk import, the lookup index of a key (phone, e-mail, QQ, WeChat, company + name) is
  // dropped before the first new customer carrying that key and rebuilt by sorting in finish():
  // random keys inserted row by row would touch a different index page for every row. Matching
  // uses the keys in memory meanwhile. Keys a file does not have keep their index untouched, and
  // indexes whose keys arrive in order (number, registration time, owner, contacts) stay. All
  // inside the import's transaction: a crash or an abort keeps every index.
  bool bulk = false;
  std::array<bool, std::size(kMatchOrder)> lookup_index_dropped{};

  void drop_lookup_indexes_for(const NewContact& n) {
    if (!bulk) return;
    static const char* const kLookupIndexes[] = {"customers_phone", "customers_email", "customers_qq",
                                                 "customers_wechat", "customers_name_hash"};
    for (size_t i = 0; i < std::size(kMatchOrder); ++i) {
      if (lookup_index_dropped[i] || !contact_key(n, kMatchOrder[i])) continue;
      lookup_index_dropped[i] = true;
      auto definition = sql::dialect_of(db.engine()).index_definition(db.sql(), kLookupIndexes[i]);
      if (!definition) continue;
      dropped_indexes.push_back(*definition);
      // A cached statement that has returned a row (the sequence, a customer) still holds its
      // table open, and SQLite refuses to drop an index of a table in use.
      for (auto& statement : statements)
        if (statement) statement->reset();
      db.sql().execute(fmt::format("DROP INDEX \"{}\"", kLookupIndexes[i]));
    }
  }

  std::optional<Customer> load(std::int64_t id) {
    flush_if_pending(id);
    auto& q = stmt(Query::load_customer);
    q.bind(1, static_cast<int64_t>(id));
    if (!q.step()) return std::nullopt;
    return read_customer(q);
  }

  std::optional<std::int64_t> sql_match(MatchKey k, const std::string& value) {
    flush();
    if (auto holder = key_holder(db.sql(), k, value)) return holder->first;
    return std::nullopt;
  }

  void prefetch(const NewContact& c) const {
    if (!index) return;
    for (MatchKey k : kMatchOrder)
      if (const auto& value = contact_key(c, k)) index->prefetch(contact_index_hash(c, k, *value));
  }

  // The customer a key of this contact belongs to (see key_holder); `h` is its index hash.
  std::optional<Customer> holder(MatchKey k, const std::string& value, std::uint64_t h) {
    if (index) {
      auto id = index->find(h);
      if (!id) return std::nullopt;
      auto found = load(*id);
      if (found && customer_key(*found, k) == value) {
        if (!found->merged_into) return found;
        if (auto kept = load(*found->merged_into); kept && !kept->merged_into) return kept;
      }
    }
    if (auto sid = sql_match(k, value))  // no index, or a hash collision
      return load(*sid);
    return std::nullopt;
  }

  // The customer this contact belongs to: first by phone, then e-mail, QQ, WeChat, company + name.
  std::optional<std::pair<Customer, MatchKey>> match(const NewContact& c) {
    for (MatchKey k : kMatchOrder) {
      const auto& value = contact_key(c, k);
      if (!value) continue;
      if (auto found = holder(k, *value, contact_index_hash(c, k, *value))) return std::make_pair(*found, k);
    }
    return std::nullopt;
  }

  // Keys of contact `n`, matched to `matched` by `by`, that belong to other customers: reported,
  // and (by the caller) not copied onto `matched`.
  std::vector<PossibleDuplicate> others_holding_keys(const NewContact& n, const Customer& matched, MatchKey by) {
    std::vector<PossibleDuplicate> out;
    for (MatchKey k : kMatchOrder) {
      const auto& value = contact_key(n, k);
      if (k == by || !value) continue;
      auto other = holder(k, *value, contact_index_hash(n, k, *value));
      if (other && other->id != matched.id) add_possible_duplicate(out, *other, k);
    }
    return out;
  }
  static void add_possible_duplicate(std::vector<PossibleDuplicate>& out, const Customer& other, MatchKey k) {
    auto same = std::find_if(out.begin(), out.end(), [&](const PossibleDuplicate& d) { return d.id == other.id; });
    if (same == out.end()) same = out.insert(out.end(), PossibleDuplicate{other.id, other.number, other.name, {}});
    const char* label = match_key_label(k);
    if (std::find(same->keys.begin(), same->keys.end(), label) == same->keys.end()) same->keys.emplace_back(label);
  }
  static bool names_key(const std::vector<PossibleDuplicate>& dups, MatchKey k) {
    for (const auto& d : dups)
      if (std::find(d.keys.begin(), d.keys.end(), match_key_label(k)) != d.keys.end()) return true;
    return false;
  }

  std::string next_number() {
    if (!batch) return db.next_number("KH", intake.now);
    if (last_number < 0) {
      period = month_code(intake.now);
      last_number = db.last_number("KH", period);
    }
    return record_number("KH", period, last_number + ++numbers_used);
  }

  void audit(const AuditEntry& e) { db.audit(intake.actor, intake.now, e); }

  // A new customer, with this contact as its first (logged on the row, not in contacts).
  Customer insert_customer(const NewContact& n, bool within_limit) {
    Customer c;
    c.number = next_number();
    apply_contact(n, c);
    c.registered_by = intake.agent_id;
    c.contacted_at = n.contacted_at;
    c.registered_at = intake.now;
    PendingCustomer row{std::move(c), contact_name_hash(n), within_limit, n.contacted_at_known};
    if (batch) {
      if (next_id == 0) next_id = first_new_id;  // set by load_index
      row.customer.id = next_id++;
      Customer brief;  // see Registrar: the row itself waits in pending_customers
      brief.id = row.customer.id;
      brief.number = row.customer.number;
      pending_customers.push_back(std::move(row));
      if (pending_customers.size() >= kRowsPerInsert) flush();
      return brief;
    }
    auto& q = stmt(Query::insert_customer, Bindings::all_rebound);
    bind_new_customer(q, row, 1);
    row.customer.id = q.run_returning_id();
    return std::move(row.customer);
  }

  void update_customer(const Customer& c) {
    flush_if_pending(c.id);
    auto& q = stmt(Query::update_customer);
    bind_customer_fields(q, c, stored_name_hash(customer_key(c, MatchKey::name)), intake.now);
    q.bind(kBoundFields + 1, static_cast<int64_t>(c.id));
    q.run();
  }

  bool contact_exists(std::int64_t customer_id, const NewContact& n) {
    flush_if_pending(customer_id);
    auto& q = stmt(Query::contact_logged);
    q.bind(1, static_cast<int64_t>(customer_id));
    q.bind(2, static_cast<int64_t>(n.contacted_at));
    sql::bind_opt(q, 3, n.channel);
    return q.step();
  }

  void insert_contact(std::int64_t customer_id, bool returning, const NewContact& n, bool within) {
    ++contacts_logged;
    PendingContact k{customer_id, returning, within, n.urgent, n.channel, n.note, n.contacted_at, n.contacted_at_known};
    if (batch) {
      pending_contacts.push_back(std::move(k));
      if (pending_contacts.size() >= kRowsPerInsert) flush();
      return;
    }
    auto& q = stmt(Query::insert_contact);
    bind_contact(q, k, 1);
    q.run();
  }

  std::optional<Staff> owner(std::int64_t staff_id) {
    auto it = owners.find(staff_id);
    if (it == owners.end()) it = owners.emplace(staff_id, StaffStore(db).by_id(staff_id)).first;
    return it->second;
  }

  std::int64_t notify_owner(const Staff& owner, const Customer& c, const NewContact& n) {
    flush_if_pending(c.id);
    auto& q = stmt(Query::notify_owner);
    q.bind(1, static_cast<int64_t>(intake.now));
    q.bind(2, static_cast<int64_t>(owner.id));
    q.bind(3, static_cast<int64_t>(c.id));
    q.bind(4, returning_payload(owner, c, n));
    return q.run_returning_id();
  }

  RegisterResult add(const NewContact& n) {
    RegisterResult r;
    r.contacted_at = n.contacted_at;
    r.contact_time_known = n.contacted_at_known;
    r.within_limit = metrics::registered_in_time(n.contacted_at_known, n.contacted_at, intake.now, intake.limit_seconds);
    auto found = match(n);
    if (!found) {
      drop_lookup_indexes_for(n);
      r.customer = insert_customer(n, r.within_limit);
      ++contacts_logged;
      if (batch) {
        // One audit row for the whole batch, written by finish(): the import's source, digest
        // and the range of numbers it created. The per-row image would be the row itself again.
        ++created;
        if (!first_created) first_created.emplace(r.customer.id, r.customer.number);
        last_created.emplace(r.customer.id, r.customer.number);
      } else {
        audit(AuditEntry{"customer", r.customer.id, r.customer.number, "create", "", r.customer.json()});
      }
      index_customer(r.customer.id, n);
      return r;
    }
    auto& [before, kind] = *found;
    r.returning = true;
    r.merged_in_batch = before.id >= first_new_id;
    ++(r.merged_in_batch ? merged_in_batch : returning);
    r.matched_on = match_key_label(kind);
    r.possible_duplicates = others_holding_keys(n, before, kind);
    // A company filled in would give this customer the company + name of another one.
    if (!before.company && n.company && !names_key(r.possible_duplicates, MatchKey::name)) {
      std::string key = name_key(*n.company, before.name);
      auto other = holder(MatchKey::name, key, key_hash(MatchKey::name, key));
      if (other && other->id != before.id) add_possible_duplicate(r.possible_duplicates, *other, MatchKey::name);
    }
    // Another customer's key is never copied here (two customers would hold it): it stays in history.
    HeldKeys held;
    for (MatchKey k : kMatchOrder)
      if (names_key(r.possible_duplicates, k)) held.add(k);
    Customer after = before;
    auto changes = apply_returning_contact(after, n, held);
    r.filled = std::move(changes.filled);
    r.differing = std::move(changes.differing);
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
      for (const auto& d : differing_values(before, n, r.differing)) {
        stored.add(d.field, d.stored);
        given.add(d.field, d.given);
      }
      // Kept as stored; what the customer said this time stays in history.
      audit(AuditEntry{"customer", before.id, before.number, "contact-differs", stored.str(), given.str()});
    }
    if (r.owner && r.owner->active) {
      r.owner_notification = notify_owner(*r.owner, after, n);
      r.owner_notified = true;
    }
    index_customer(after);
    return r;
  }
};

Registrar::Registrar(Database& db, Intake intake, ReturningPayload returning_payload, bool batch,
                     std::int64_t expected_rows)
    : impl_(std::make_unique<Impl>(db, std::move(intake), returning_payload, batch)) {
  if (!batch) return;
  sql::dialect_of(db.engine()).prepare_bulk_load(db.sql());
  impl_->load_index(expected_rows);
  // Building an index once by sorting beats updating it row by row when the import is at least as
  // large as the table: see drop_lookup_indexes_for.
  std::int64_t existing = impl_->first_new_id - 1;
  impl_->bulk = expected_rows >= kBulkRows && expected_rows >= existing;
}
Registrar::~Registrar() = default;

RegisterResult Registrar::add(const NewContact& contact) { return impl_->add(contact); }
void Registrar::prefetch(const NewContact& contact) const { impl_->prefetch(contact); }

void Registrar::finish(const ImportOrigin& origin) {
  impl_->flush();
  auto& db = impl_->db.sql();
  if (impl_->next_id != 0) sql::dialect_of(impl_->db.engine()).ids_taken(db, "customers");
  if (!impl_->dropped_indexes.empty()) sql::dialect_of(impl_->db.engine()).prepare_index_builds(db);
  for (const auto& definition : impl_->dropped_indexes) db.execute(definition);
  impl_->dropped_indexes.clear();
  if (impl_->numbers_used > 0) impl_->db.take_numbers("KH", impl_->period, impl_->numbers_used);
  // The batch's own audit row: what was read, its digest, and the customers it created (ids and
  // numbers are consecutive: the import holds the write lock throughout). `history KH…` of a
  // customer in the range shows this row. A batch that changed nothing leaves no row.
  if (impl_->contacts_logged == 0) return;
  const auto& first = impl_->first_created;
  const auto& last = impl_->last_created;
  JsonObject after;
  after.add("source", origin.source).add("sha256", origin.sha256).add("bytes", origin.bytes);
  after.add("rows_read", origin.rows_read).add("new", impl_->created).add("returning", impl_->returning);
  after.add("merged_in_file", impl_->merged_in_batch).add("rejected", origin.rejected);
  after.add("first", first ? std::optional<std::string>(first->second) : std::nullopt);
  after.add("last", last ? std::optional<std::string>(last->second) : std::nullopt);
  after.add("first_id", first ? std::optional<std::int64_t>(first->first) : std::nullopt);
  after.add("last_id", last ? std::optional<std::int64_t>(last->first) : std::nullopt);
  std::string label = first ? first->second + (first->first == last->first ? "" : ".." + last->second) : origin.source;
  impl_->audit(AuditEntry{"import", first ? std::optional<std::int64_t>(first->first) : std::nullopt, label, "import", "",
                          after.str()});
}

}  // namespace csdesk

// ---- Looking up, editing, merging -------------------------------------------------------------

namespace csdesk {
namespace {

// The customers (a condition on customers.id and owner_id) whose contact details `a` opens: the one
// SQL form of need to know, for the view and for searching.
std::string tied_condition(const ContactAccess& a) {
  if (a.all) return "TRUE";
  if (!a.staff_id) return "FALSE";
  std::int64_t id = *a.staff_id;
  std::vector<std::string> ties;
  if (a.owned) ties.push_back(fmt::format("customers.owner_id = {}", id));
  if (a.handled)
    ties.push_back(fmt::format(
        "customers.id IN (SELECT customer_id FROM complaints WHERE handler_id = {} AND status <> 'closed')", id));
  if (a.allotted)
    ties.push_back(
        fmt::format("customers.id IN (SELECT customer_id FROM revisits WHERE agent_id = {} AND status = 'planned')", id));
  return ties.empty() ? "FALSE" : "(" + join(ties, " OR ") + ")";
}

std::string where_clause(const sql::Dialect& dialect, const CustomerFilter& f, std::vector<std::string>& args) {
  std::string w = " WHERE merged_into IS NULL";
  auto eq = [&](const char* column, const std::optional<std::string>& v) {
    if (!v) return;
    w += fmt::format(" AND {} = ?", column);
    args.push_back(*v);
  };
  if (f.owner_id) w += fmt::format(" AND owner_id = {}", *f.owner_id);
  if (f.agent_id) w += fmt::format(" AND registered_by = {}", *f.agent_id);
  eq("channel", f.channel);
  eq("city", f.city);
  eq("grade", f.grade);
  eq("category", f.category);
  if (f.since) w += fmt::format(" AND registered_at >= {}", *f.since);
  if (f.until) w += fmt::format(" AND registered_at < {}", *f.until);
  if (f.unassigned) w += " AND owner_id IS NULL";
  if (f.search) {
    auto found = [&](const char* column) { return dialect.position(column, "?") + " > 0"; };
    w += fmt::format(" AND ({} OR {}", found("name"), found("company"));
    int n = 2;
    if (f.search_contacts && f.search_contacts->any()) {
      w += fmt::format(" OR ({} AND ({} OR {} OR {} OR {}))", tied_condition(*f.search_contacts), found("phone"),
                       found("email"), found("qq"), found("wechat"));
      n += 4;
    }
    w += ")";
    for (int i = 0; i < n; ++i) args.push_back(*f.search);
  }
  return w;
}

void write_row(Database& db, const Customer& after, Epoch now) {
  sql::Statement q(db.sql(), "UPDATE customers SET " + kSetFields + ", category = ?, owner_id = ?, in_pool = ? WHERE id = ?");
  bind_customer_fields(q, after, stored_name_hash(customer_key(after, MatchKey::name)), now);
  q.bind(kBoundFields + 1, after.category);
  sql::bind_opt(q, kBoundFields + 2, after.owner_id);
  q.bind(kBoundFields + 3, after.in_pool ? 1 : 0);
  q.bind(kBoundFields + 4, static_cast<int64_t>(after.id));
  q.run();
}

void bind_all(sql::Statement& q, const std::vector<std::string>& args) {
  for (size_t i = 0; i < args.size(); ++i) q.bind(static_cast<int>(i + 1), args[i]);
}

}  // namespace

ContactView::ContactView(Database& db, ContactAccess access) : access_(std::move(access)) {
  if (access_.all || !access_.any()) return;
  sql::Statement q(db.sql(), "SELECT id FROM customers WHERE merged_into IS NULL AND " + tied_condition(access_));
  while (q.step()) tied_.insert(q.column(0).int64());
}

bool ContactView::sees(std::int64_t customer_id) const { return access_.all || tied_.count(customer_id) > 0; }

std::vector<Customer> CustomerStore::list(const CustomerFilter& f) {
  std::vector<std::string> args;
  std::string sql = fmt::format("SELECT {} FROM customers{} ORDER BY id", kColumns, where_clause(sql::dialect_of(db_.engine()), f, args));
  if (f.limit > 0) sql += fmt::format(" LIMIT {}", f.limit);
  sql::Statement q(db_.sql(), sql);
  bind_all(q, args);
  std::vector<Customer> out;
  while (q.step()) out.push_back(read_customer(q));
  return out;
}

std::int64_t CustomerStore::count(const CustomerFilter& f) {
  std::vector<std::string> args;
  sql::Statement q(db_.sql(), "SELECT count(*) FROM customers" + where_clause(sql::dialect_of(db_.engine()), f, args));
  bind_all(q, args);
  q.step();
  return q.column(0).int64();
}

std::vector<TimelineEntry> CustomerStore::timeline(std::int64_t id) {
  std::vector<TimelineEntry> out;
  auto collect = [&](const char* kind, const std::string& sql) {
    sql::Statement q(db_.sql(), sql);
    q.bind(1, static_cast<int64_t>(id));
    while (q.step()) {
      TimelineEntry e;
      e.kind = kind;
      e.at = q.column(0).int64();
      e.number = q.column(1).is_null() ? "" : q.column(1).text();
      e.staff_id = sql::opt_int(q.column(2));
      e.what = q.column(3).is_null() ? "" : q.column(3).text();
      e.detail = q.column(4).is_null() ? "" : q.column(4).text();
      out.push_back(e);
    }
  };
  collect("contact",
          "SELECT contacted_at, NULL, agent_id, kind || coalesce(' · ' || channel, '') || CASE urgent WHEN 1 THEN ' · urgent' "
          "ELSE '' END || CASE WHEN time_known = 0 THEN ' · contact time unknown' WHEN within_limit = 0 THEN ' · registered late' "
          "ELSE '' END, note FROM contact_log "
          "WHERE customer_id = ? ORDER BY contacted_at, id");
  collect("assignment",
          "SELECT at, number, staff_id, rule || CASE WHEN staff_id IS NULL THEN ' · pool' ELSE '' END, reason "
          "FROM assignments WHERE customer_id = ? ORDER BY at, id");
  collect("complaint",
          "SELECT received_at, number, handler_id, status || ' · ' || priority || coalesce(' · ' || category, ''), content "
          "FROM complaints WHERE customer_id = ? ORDER BY received_at, id");
  collect("revisit",
          "SELECT coalesce(done_at, due_at, planned_at, 0), number, coalesce(done_by, agent_id), status || ' · ' || purpose || "
          "coalesce(' · ' || satisfaction || '/5', ''), coalesce(result, content) FROM revisits WHERE customer_id = ? "
          "ORDER BY 1, id");
  collect("purchase",
          "SELECT purchased_at, number, recorded_by, item || ' × ' || quantity, "
          "(amount_fen / 100) || '.' || substr('0' || (amount_fen % 100), length('0' || (amount_fen % 100)) - 1) || coalesce(' · ' || note, '') "
          "FROM purchases WHERE customer_id = ? ORDER BY purchased_at, id");
  std::stable_sort(out.begin(), out.end(), [](const TimelineEntry& a, const TimelineEntry& b) { return a.at < b.at; });
  return out;
}

void CustomerStore::update(const Customer& before, const Customer& after, const Actor& actor, Epoch now,
                           const ContactView* view) {
  for (MatchKey k : kMatchOrder) {
    auto value = customer_key(after, k);
    if (!value || value == customer_key(before, k)) continue;
    auto holder = key_holder(db_.sql(), k, *value, before.id);
    if (holder && view && k != MatchKey::name && !view->sees(holder->first))
      fail_conflict("another customer already has this {}; it cannot be given to {} too. A supervisor or manager can "
                    "find that customer and merge the two (`csdesk customer merge`)",
                    tr_ctx("match-key", match_key_label(k)), before.number);
    if (holder)
      fail_conflict("{} already has this {}; if they are the same customer, run `csdesk customer merge {} {}`",
                    holder->second, tr_ctx("match-key", match_key_label(k)), holder->second, before.number);
  }
  write_row(db_, after, now);
  db_.audit(actor, now, AuditEntry{"customer", before.id, before.number, "update", before.json(), after.json()});
}

MergeResult CustomerStore::merge(const Customer& keep, const Customer& other, const Actor& actor, Epoch now,
                                 const std::function<void(MergeResult&)>& settle_owner) {
  if (keep.id == other.id) fail_conflict("{} and {} are the same customer; nothing to merge", keep.number, other.number);
  Customer after = merged_customer(keep, other);

  auto exec = [&](const std::string& sql) {
    sql::Statement q(db_.sql(), sql);
    q.bind(1, static_cast<int64_t>(keep.id));
    q.bind(2, static_cast<int64_t>(other.id));
    q.run();
  };
  // Other's first contact, if logged on its row, joins keep's contacts like the rest.
  exec("INSERT INTO contacts (customer_id, kind, channel, agent_id, contacted_at, registered_at, within_limit, urgent, note, "
       "time_known) SELECT ?1, 'new', first_channel, registered_by, contacted_at, registered_at, first_within_limit, "
       "first_urgent, first_note, coalesce(first_time_known, 1) FROM customers WHERE id = ?2 AND first_within_limit IS NOT NULL");
  {
    sql::Statement q(db_.sql(), "UPDATE customers SET first_channel = NULL, first_note = NULL, first_urgent = NULL, "
                                   "first_within_limit = NULL, first_time_known = NULL WHERE id = ?");
    q.bind(1, static_cast<int64_t>(other.id));
    q.run();
  }
  for (const char* table : {"contacts", "assignments", "complaints", "revisits", "notifications", "customer_aliases", "purchases"})
    exec(fmt::format("UPDATE {} SET customer_id = ? WHERE customer_id = ?", table));
  exec("UPDATE customers SET merged_into = ?, updated_at = " + std::to_string(now) + " WHERE id = ?");
  {
    sql::Statement q(db_.sql(), "INSERT INTO customer_aliases (number, customer_id) VALUES (?, ?) "
                                "ON CONFLICT (number) DO UPDATE SET customer_id = excluded.customer_id");
    q.bind(1, other.number);
    q.bind(2, static_cast<int64_t>(keep.id));
    q.run();
  }
  {
    sql::Statement q(db_.sql(), "UPDATE customers SET merged_into = ? WHERE merged_into = ?");  // earlier merges into other
    q.bind(1, static_cast<int64_t>(keep.id));
    q.bind(2, static_cast<int64_t>(other.id));
    q.run();
  }
  Customer merged_other = other;
  merged_other.merged_into = keep.id;
  write_row(db_, after, now);
  MergeResult result{after, std::nullopt, {}};
  settle_owner(result);
  // The images name the other side of the merge, so each history says where the other went.
  auto naming = [](const char* key, const std::optional<std::string>& number, const std::string& image) {
    return fmt::format("{{{}:{},{}", json_quote(key), number ? json_quote(*number) : "null", image.substr(1));
  };
  db_.audit(actor, now, AuditEntry{"customer", keep.id, keep.number, "merge", naming("merged_in", std::nullopt, keep.json()),
                                   naming("merged_in", other.number, after.json())});
  db_.audit(actor, now, AuditEntry{"customer", other.id, other.number, "merged-into", naming("kept_as", std::nullopt, other.json()),
                                   naming("kept_as", keep.number, merged_other.json())});
  return result;
}

}  // namespace csdesk
