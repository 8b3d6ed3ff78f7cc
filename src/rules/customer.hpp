#pragma once
// A customer's record (客户) and the rules that match a contact to it and merge into it: which
// keys are tried in which order, and how each field is filled or found differing when a customer
// gets in touch again or two customers are merged. Plain values in, plain values out; the store
// reads and writes the rows, drawing its column lists from kCustomerFields below.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "rules/normalise.hpp"
#include "util/time.hpp"

namespace csdesk {

struct Customer {
  std::int64_t id = 0;
  std::string number;  // KH202611-0001
  std::string name;
  std::optional<std::string> company, phone, email, qq, wechat, title, needs, channel, city, grade, birthday, note;
  std::optional<std::int64_t> pcs;
  std::string category = "potential";  // potential, active, at-risk, lost
  std::optional<std::int64_t> owner_id, registered_by;
  bool in_pool = false;
  std::optional<Epoch> contacted_at;
  Epoch registered_at = 0;
  bool urgent = false;
  std::optional<bool> consent;
  std::optional<std::int64_t> merged_into;

  std::string json() const;  // audit image
};

// The keys that find a returning customer, strongest first: the first key of a contact that a
// customer holds decides. `name` is company + name (name_key), held only with a company.
enum class MatchKey : char { phone = 'p', email = 'e', qq = 'q', wechat = 'w', name = 'n' };
inline constexpr MatchKey kMatchOrder[] = {MatchKey::phone, MatchKey::email, MatchKey::qq, MatchKey::wechat, MatchKey::name};
inline constexpr std::size_t kMatchKeyCount = std::size(kMatchOrder);

// "phone", "email", "qq", "wechat", "name": as reported (matched_on, possible duplicates).
const char* match_key_label(MatchKey k);
// The key's value on a contact (its name key as set by update_name_key) and on a customer.
const std::optional<std::string>& contact_key(const NewContact& c, MatchKey k);
std::optional<std::string> customer_key(const Customer& c, MatchKey k);

// How a contact's value meets the one stored on the customer it returns to.
enum class Fill {
  never,        // kept as stored; a different value is noted as differing (name)
  if_empty,     // filled when empty; a different value is noted as differing and not stored
  if_empty_only,// filled when empty; each contact keeps its own, so never differing (channel)
  latest,       // the customer's latest word counts (consent)
  sticky,       // once set stays set (urgent)
};

// One field a contact carries and a customer stores, under the same name in filled/differing
// lists, audit rows and (as `column`) the customers table.
template <typename T>
struct CustomerField {
  const char* name;
  const char* column;
  T Customer::*stored;
  T NewContact::*given;
  Fill fill;
  // A value that gives this key to the customer (phone…; company makes company + name): not
  // copied when another customer holds that key of the contact.
  std::optional<MatchKey> key;
};

// The one list of a customer's contact fields: reading and writing rows, contact_of/apply_contact,
// filling on a returning contact, merging, and the contact-differs audit all go through it, in
// this order (the order of `filled`, `differing` and the audit images).
inline constexpr auto kCustomerFields = std::make_tuple(
    CustomerField<std::string>{"name", "name", &Customer::name, &NewContact::name, Fill::never, std::nullopt},
    CustomerField<std::optional<std::string>>{"company", "company", &Customer::company, &NewContact::company, Fill::if_empty,
                                              MatchKey::name},
    CustomerField<std::optional<std::string>>{"phone", "phone", &Customer::phone, &NewContact::phone, Fill::if_empty,
                                              MatchKey::phone},
    CustomerField<std::optional<std::string>>{"email", "email", &Customer::email, &NewContact::email, Fill::if_empty,
                                              MatchKey::email},
    CustomerField<std::optional<std::string>>{"qq", "qq", &Customer::qq, &NewContact::qq, Fill::if_empty, MatchKey::qq},
    CustomerField<std::optional<std::string>>{"wechat", "wechat", &Customer::wechat, &NewContact::wechat, Fill::if_empty,
                                              MatchKey::wechat},
    CustomerField<std::optional<std::string>>{"title", "title", &Customer::title, &NewContact::title, Fill::if_empty,
                                              std::nullopt},
    CustomerField<std::optional<std::int64_t>>{"pcs", "pcs", &Customer::pcs, &NewContact::pcs, Fill::if_empty, std::nullopt},
    CustomerField<std::optional<std::string>>{"needs", "needs", &Customer::needs, &NewContact::needs, Fill::if_empty,
                                              std::nullopt},
    CustomerField<std::optional<std::string>>{"channel", "channel", &Customer::channel, &NewContact::channel,
                                              Fill::if_empty_only, std::nullopt},
    CustomerField<std::optional<std::string>>{"city", "city", &Customer::city, &NewContact::city, Fill::if_empty, std::nullopt},
    CustomerField<std::optional<std::string>>{"grade", "grade", &Customer::grade, &NewContact::grade, Fill::if_empty,
                                              std::nullopt},
    CustomerField<std::optional<std::string>>{"birthday", "birthday", &Customer::birthday, &NewContact::birthday,
                                              Fill::if_empty, std::nullopt},
    CustomerField<std::optional<std::string>>{"note", "note", &Customer::note, &NewContact::note, Fill::if_empty,
                                              std::nullopt},
    CustomerField<std::optional<bool>>{"consent", "consent", &Customer::consent, &NewContact::consent, Fill::latest,
                                       std::nullopt},
    CustomerField<bool>{"urgent", "urgent", &Customer::urgent, &NewContact::urgent, Fill::sticky, std::nullopt});
inline constexpr std::size_t kCustomerFieldCount = std::tuple_size_v<decltype(kCustomerFields)>;

// Calls f(field) for every entry of kCustomerFields, in order.
template <typename F>
constexpr void for_each_customer_field(F&& f) {
  std::apply([&](const auto&... field) { (f(field), ...); }, kCustomerFields);
}

// A customer's details as contact fields (name key set), and back (for edits checked like registrations).
NewContact contact_of(const Customer& c);
void apply_contact(const NewContact& n, Customer& c);

// Keys of a contact that other customers hold than the one it returns to.
class HeldKeys {
 public:
  void add(MatchKey k) { held_[index(k)] = true; }
  bool has(MatchKey k) const { return held_[index(k)]; }

 private:
  static std::size_t index(MatchKey k);
  std::array<bool, kMatchKeyCount> held_{};
};

// What a returning contact changed: empty fields filled, and given values that differ from the
// stored ones (kept as stored: what the customer said this time stays in history).
struct ContactChanges {
  std::vector<std::string> filled, differing;
};

// Applies a returning contact to `customer` field by field as kCustomerFields says. A value that
// would give `customer` a key another customer holds (`held_elsewhere`) is never copied: it is
// noted as differing when it is not the stored one.
ContactChanges apply_returning_contact(Customer& customer, const NewContact& given, const HeldKeys& held_elsewhere);

// A field's value as text for the contact-differs audit (pcs as digits); nullopt when not given.
struct DifferingValue {
  std::string field;
  std::optional<std::string> stored, given;
};
// The stored and given values of the fields in `differing`, in kCustomerFields order.
std::vector<DifferingValue> differing_values(const Customer& stored, const NewContact& given,
                                             const std::vector<std::string>& differing);

// `keep` after `other` is merged into it: keep's empty fields filled from other (name stays);
// urgent when either is; a refusal to be contacted, given to either, stands. Keep's owner keeps
// the customer, other's takes it when keep has none; in the pool only when left without an owner.
Customer merged_customer(const Customer& keep, const Customer& other);

}  // namespace csdesk
