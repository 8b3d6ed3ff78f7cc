#include "rules/customer.hpp"

#include "util/i18n.hpp"

#include <algorithm>
#include <type_traits>

#include "util/json.hpp"

namespace csdesk {

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

const char* match_key_label(MatchKey k) {
  switch (k) {
    case MatchKey::phone: return tr_ctx_noop("match-key", "phone");
    case MatchKey::email: return tr_ctx_noop("match-key", "email");
    case MatchKey::qq: return tr_ctx_noop("match-key", "qq");
    case MatchKey::wechat: return tr_ctx_noop("match-key", "wechat");
    case MatchKey::name: return tr_ctx_noop("match-key", "name");
  }
  return "";
}

const std::optional<std::string>& contact_key(const NewContact& c, MatchKey k) {
  switch (k) {
    case MatchKey::phone: return c.phone;
    case MatchKey::email: return c.email;
    case MatchKey::qq: return c.qq;
    case MatchKey::wechat: return c.wechat;
    case MatchKey::name: return c.key;
  }
  return c.key;
}

std::optional<std::string> customer_key(const Customer& c, MatchKey k) {
  switch (k) {
    case MatchKey::phone: return c.phone;
    case MatchKey::email: return c.email;
    case MatchKey::qq: return c.qq;
    case MatchKey::wechat: return c.wechat;
    case MatchKey::name: return c.company ? std::optional<std::string>(name_key(*c.company, c.name)) : std::nullopt;
  }
  return std::nullopt;
}

std::size_t HeldKeys::index(MatchKey k) {
  return static_cast<std::size_t>(std::find(std::begin(kMatchOrder), std::end(kMatchOrder), k) - std::begin(kMatchOrder));
}

NewContact contact_of(const Customer& c) {
  NewContact n;
  for_each_customer_field([&](const auto& field) { n.*field.given = c.*field.stored; });
  update_name_key(n);
  return n;
}

void apply_contact(const NewContact& n, Customer& c) {
  for_each_customer_field([&](const auto& field) { c.*field.stored = n.*field.given; });
}

namespace {

template <typename T>
constexpr bool is_optional = false;
template <typename T>
constexpr bool is_optional<std::optional<T>> = true;

std::optional<std::string> as_text(const std::string& v) { return v; }
std::optional<std::string> as_text(const std::optional<std::string>& v) { return v; }
std::optional<std::string> as_text(const std::optional<std::int64_t>& v) {
  return v ? std::optional<std::string>(std::to_string(*v)) : std::nullopt;
}
std::optional<std::string> as_text(const std::optional<bool>& v) {
  return v ? std::optional<std::string>(*v ? "yes" : "no") : std::nullopt;
}
std::optional<std::string> as_text(bool v) { return std::string(v ? "yes" : "no"); }

}  // namespace

ContactChanges apply_returning_contact(Customer& customer, const NewContact& given, const HeldKeys& held_elsewhere) {
  ContactChanges out;
  for_each_customer_field([&](const auto& field) {
    auto& stored = customer.*field.stored;
    const auto& value = given.*field.given;
    using T = std::remove_cvref_t<decltype(value)>;
    if constexpr (std::is_same_v<T, bool>) {
      if (field.fill == Fill::sticky && value) stored = true;
    } else if constexpr (!is_optional<T>) {
      if (field.fill == Fill::never && stored != value) out.differing.emplace_back(field.name);
    } else {
      if (!value) return;
      bool held = field.key && held_elsewhere.has(*field.key);
      switch (field.fill) {
        case Fill::latest:
          if (stored != value) {
            stored = value;
            out.filled.emplace_back(field.name);
          }
          break;
        case Fill::if_empty:
        case Fill::if_empty_only:
          if (!stored && !held) {
            stored = value;
            out.filled.emplace_back(field.name);
          } else if (field.fill == Fill::if_empty && stored != value) {
            out.differing.emplace_back(field.name);
          }
          break;
        case Fill::never:
        case Fill::sticky:
          if (stored != value) out.differing.emplace_back(field.name);
          break;
      }
    }
  });
  return out;
}

std::vector<DifferingValue> differing_values(const Customer& stored, const NewContact& given,
                                             const std::vector<std::string>& differing) {
  std::vector<DifferingValue> out;
  for_each_customer_field([&](const auto& field) {
    if (std::find(differing.begin(), differing.end(), field.name) == differing.end()) return;
    out.push_back(DifferingValue{field.name, as_text(stored.*field.stored), as_text(given.*field.given)});
  });
  return out;
}

Customer merged_customer(const Customer& keep, const Customer& other) {
  Customer after = keep;
  for_each_customer_field([&](const auto& field) {
    auto& kept = after.*field.stored;
    const auto& theirs = other.*field.stored;
    using T = std::remove_cvref_t<decltype(theirs)>;
    if constexpr (std::is_same_v<T, bool>) {
      if (field.fill == Fill::sticky && theirs) kept = true;
    } else if constexpr (!is_optional<T>) {
      // name: keep's stays
    } else if constexpr (std::is_same_v<T, std::optional<bool>>) {
      // A refusal to be contacted, given to either record, stands.
      if (theirs && !*theirs) kept = false;
      else if (!kept) kept = theirs;
    } else {
      if (field.fill != Fill::never && !kept) kept = theirs;
    }
  });
  // Keep's owner keeps the customer; other's takes it when keep has none.
  if (!after.owner_id) after.owner_id = other.owner_id;
  after.in_pool = !after.owner_id && (keep.in_pool || other.in_pool);
  return after;
}

}  // namespace csdesk
