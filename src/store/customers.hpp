#pragma once
// Customers (客户). Lookup is shared by every command that names a customer; register and
// import add to this store (see issue 3).
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "rules/customer.hpp"
#include "rules/privacy.hpp"
#include "rules/normalise.hpp"
#include "store/database.hpp"
#include "store/staff.hpp"

namespace csdesk {

// Who records a contact and when. The agent is customers.registered_by and contacts.agent_id.
struct Intake {
  Actor actor;
  std::optional<std::int64_t> agent_id;
  Epoch now = 0;
  std::int64_t limit_seconds = 300;  // intake.register_limit_minutes × 60
};

// Another customer holding a key this contact gave (reported, never copied onto the customer matched).
struct PossibleDuplicate {
  std::int64_t id = 0;
  std::string number, name;
  std::vector<std::string> keys;  // phone, email, qq, wechat, name (company + name)
};

struct RegisterResult {
  Customer customer;                   // as stored after this contact
  bool returning = false;              // matched a customer registered before
  bool merged_in_batch = false;        // matched a customer created earlier in the same import
  bool contact_logged = true;          // false when an import repeats a contact already logged
  std::string matched_on;              // phone, email, qq, wechat or name (company + name)
  std::vector<std::string> filled;     // empty fields of a returning customer now filled
  std::vector<std::string> differing;  // given values that differ from the stored ones (kept, recorded in history)
  std::optional<Staff> owner;          // the current owner, if any
  bool owner_notified = false;         // a 'returning' notification is queued for the owner
  Epoch contacted_at = 0;              // this contact
  bool within_limit = true;            // registered within intake.register_limit_minutes of a contact time given
  bool contact_time_known = true;      // the contact's time was given (--contacted-at, an import's time column)
  std::optional<std::int64_t> owner_notification;  // the 'returning' notification queued for the owner
  std::optional<Epoch> owner_notified_at;          // register (the service): when the owner's notification was delivered
  std::vector<PossibleDuplicate> possible_duplicates;  // other customers holding keys of this contact
};

// Where a batch came from, for its audit row.
struct ImportOrigin {
  std::string source;  // file name, or "stdin"
  std::string sha256;  // of the bytes read
  std::int64_t bytes = 0, rows_read = 0, rejected = 0;
};

// Registers contacts inside the caller's Transaction: a new customer, or a contact logged on the
// returning customer it matches (never a duplicate). A key matches the customer holding it, or the
// customer kept when its holder was merged away; the strongest key decides: phone, then e-mail,
// QQ, WeChat, company + name. Keys of the contact that other customers hold are reported as
// possible duplicates and not copied onto the customer matched. `batch` is for imports that own their
// transaction: statements are cached, match keys are kept in memory, record numbers are reserved
// and audit rows are chained here; call finish() before commit. The customers a batch creates
// share one audit row (written by finish(): source, digest, counts, the range of numbers);
// returning contacts keep a row each. A batch expected to hold at least kBulkRows rows, and no
// fewer than the customers already stored, rebuilds the lookup indexes it would scatter in
// finish() instead of updating them row by row. In a batch, the result for a new customer holds
// its id and number only (the row waits to go in with others).
//
// A returning customer's active owner is told: `returning_payload` gives the notification's
// payload (the registration service's builder: the store holds no notification format).
using ReturningPayload = std::string (*)(const Staff& owner, const Customer& customer, const NewContact& contact);
class Registrar {
 public:
  static constexpr std::int64_t kBulkRows = 20000;
  Registrar(Database& db, Intake intake, ReturningPayload returning_payload, bool batch, std::int64_t expected_rows = 0);
  ~Registrar();
  RegisterResult add(const NewContact& contact);
  // A hint that `contact` will be added soon (a batch reads its key index ahead).
  void prefetch(const NewContact& contact) const;
  void finish(const ImportOrigin& origin);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct CustomerFilter {
  std::optional<std::int64_t> owner_id, agent_id;  // agent: registered by
  std::optional<std::string> channel, city, grade, category, search;  // search: name or company, and see below
  // Search also matches phone, e-mail, QQ and WeChat, but only of the customers this opens to the
  // operator (need to know): nobody learns through a search a contact value they may not see.
  std::optional<ContactAccess> search_contacts;
  std::optional<Epoch> since, until;  // registered_at in [since, until)
  bool unassigned = false;            // no owner
  std::int64_t limit = 0;             // 0: all
};

// One line of a customer's timeline: a contact, assignment, complaint or revisit.
struct TimelineEntry {
  Epoch at = 0;
  std::string kind;    // contact, assignment, complaint, revisit
  std::string number;  // the record's number, if it has one
  std::optional<std::int64_t> staff_id;
  std::string what;    // new/returning + channel, rule, status, purpose …
  std::string detail;  // note, reason, content, result
};

// A merge's outcome: the customer kept, its owner, and who lost the customer (told, reassigned-away).
struct MergeResult {
  Customer customer;
  std::optional<Staff> owner;
  std::vector<Staff> told;
  std::string merged_away{};  // the number of the customer merged in (which now finds `customer`)
};

// The per-row rule of need to know: whose contact details the operator may see, read once per
// command (rules/privacy ContactAccess says which ties count; this finds the customers so tied).
class ContactView {
 public:
  ContactView(Database& db, ContactAccess access);
  const ContactAccess& access() const { return access_; }
  bool all() const { return access_.all; }
  // The customer's contact details may be shown unmasked (a merged-away id: the customer kept).
  bool sees(std::int64_t customer_id) const;
  // No customer (a staff record's image): only for those who see everything.
  bool sees(const std::optional<std::int64_t>& customer_id) const { return customer_id ? sees(*customer_id) : all(); }

 private:
  ContactAccess access_;
  std::unordered_set<std::int64_t> tied_;
};

class CustomerStore {
 public:
  explicit CustomerStore(Database& db) : db_(db) {}

  // A record number (KH202611-0001, also numbers of customers merged away) or a plain id.
  std::optional<Customer> find(const std::string& ref);
  // As find; throws not_found (exit 4) naming the ref.
  Customer get(const std::string& ref);
  std::optional<Customer> by_id(std::int64_t id);

  // Customers not merged away, oldest first.
  std::vector<Customer> list(const CustomerFilter& filter);
  std::int64_t count(const CustomerFilter& filter);
  std::vector<TimelineEntry> timeline(std::int64_t customer_id);

  // Inside a Transaction. A phone, e-mail, QQ, WeChat or company + name that another customer
  // holds is refused (conflict, naming that customer: merge them instead) — without naming them
  // when `view` says the operator may not see that customer's contact details, so that an edit
  // never tells whose a contact value is.
  void update(const Customer& before, const Customer& after, const Actor& actor, Epoch now,
              const ContactView* view = nullptr);
  // Everything of `other` moves to `keep`; other's number and keys resolve to keep from now on;
  // keep's fields become merged_customer(keep, other); both histories record the merge.
  // `settle_owner` runs once the rows have moved, before the merge is audited: it leaves one
  // current assignment and tells who lost the customer (register/registration.hpp). Inside a Transaction.
  MergeResult merge(const Customer& keep, const Customer& other, const Actor& actor, Epoch now,
                    const std::function<void(MergeResult&)>& settle_owner);

 private:
  Database& db_;
};

}  // namespace csdesk
