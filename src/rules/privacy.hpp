#pragma once
// Who may see personal data (phone, e-mail, QQ, WeChat), and how it is masked: plain values in,
// plain values out. The renderer marks columns with Personal and masks through mask_personal.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/permissions.hpp"

namespace csdesk {

// Personal data, masked unless the operator may see it.
enum class Personal { no, phone, email, qq, wechat };

// True when any of `roles` is one of `reveal_roles` (config privacy.reveal_roles).
bool may_reveal(const std::vector<std::string>& roles, const std::vector<std::string>& reveal_roles);

// Whose contact details an operator may see (need to know, README "Privacy"): every customer's for
// a role in privacy.reveal_roles; otherwise those of the customers their work ties them to — a
// salesperson the customers they own, a complaint handler the customers of the complaints they
// handle (not closed), a revisit agent the customers with a planned revisit allotted to them (their
// worklist). The store finds the customers tied so; everyone else sees masks.
struct ContactAccess {
  bool all = false;                      // a role in privacy.reveal_roles
  std::optional<std::int64_t> staff_id;  // whose ties count
  bool owned = false;                    // holds sales: customers they own
  bool handled = false;                  // holds complaint: customers of complaints they handle
  bool allotted = false;                 // holds revisit: customers with a revisit allotted to them
  // True when the operator may see some customer's contact details.
  bool any() const { return all || (staff_id && (owned || handled || allotted)); }
};
ContactAccess contact_access(const Actor& actor, const std::vector<std::string>& reveal_roles);

// 139****5678, z***@example.com, 12****89, w***n; counted in characters, never cutting one.
std::string mask_personal(const std::string& value, Personal kind);

// The kind of personal data a JSON key holds: "phone", "email", "qq", "wechat", or a key ending
// in "_phone" and so on; Personal::no otherwise.
Personal personal_kind_of_key(std::string_view key);

// The JSON text with every string under a personal key masked (139****5678), at any depth; the
// text itself when nothing is masked. Text that is not JSON cannot be read for personal keys, so
// it is replaced by kUnreadableImage. Used for audit before/after images.
std::string mask_personal_json(std::string_view json);
inline constexpr std::string_view kUnreadableImage = "(not valid JSON: hidden, as it may hold personal data)";

}  // namespace csdesk
