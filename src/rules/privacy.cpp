#include "rules/privacy.hpp"

#include <algorithm>

#include "util/json.hpp"
#include "util/text.hpp"

namespace csdesk {
namespace {

// Masks, in place, every string under a personal key of `v` or below; `kind` is that of the key
// holding `v`. True when anything was masked.
bool mask_personal_values(Json& v, Personal kind) {
  bool masked = false;
  if (v.is_object()) {
    for (auto& [key, item] : v.items()) masked |= mask_personal_values(item, personal_kind_of_key(key));
  } else if (v.is_array()) {
    for (auto& item : v) masked |= mask_personal_values(item, kind);
  } else if (v.is_string() && kind != Personal::no) {
    std::string shown = mask_personal(v.get<std::string>(), kind);
    masked = shown != v.get_ref<const std::string&>();
    v = std::move(shown);
  }
  return masked;
}

}  // namespace

bool may_reveal(const std::vector<std::string>& roles, const std::vector<std::string>& reveal_roles) {
  return std::any_of(roles.begin(), roles.end(), [&](const std::string& r) {
    return std::find(reveal_roles.begin(), reveal_roles.end(), r) != reveal_roles.end();
  });
}

ContactAccess contact_access(const Actor& actor, const std::vector<std::string>& reveal_roles) {
  ContactAccess a;
  a.all = may_reveal(actor.roles, reveal_roles);
  a.staff_id = actor.staff_id;
  // A tie counts only while the role that makes it work holds: a former salesperson still named as
  // owner of a customer does not see it.
  a.owned = actor.has_role("sales");
  a.handled = actor.has_role("complaint");
  a.allotted = actor.has_role("revisit");
  return a;
}

std::string mask_personal(const std::string& value, Personal kind) {
  if (value.empty()) return value;
  // Counted in characters, not bytes, so that a full-width or Chinese value is never cut
  // inside a character.
  std::vector<std::string> ch;
  for (size_t i = 0; i < value.size();) {
    size_t n = 1;
    while (i + n < value.size() && (static_cast<unsigned char>(value[i + n]) & 0xC0) == 0x80) ++n;
    ch.push_back(value.substr(i, n));
    i += n;
  }
  auto chars = [&](size_t from, size_t to) {
    std::string out;
    for (size_t i = from; i < to; ++i) out += ch[i];
    return out;
  };
  size_t size = ch.size();
  switch (kind) {
    case Personal::no: return value;
    case Personal::phone: {
      if (size >= 11) return chars(0, 3) + "****" + chars(size - 4, size);
      if (size > 4) return std::string(size - 4, '*') + chars(size - 4, size);
      return "****";
    }
    case Personal::email: {
      auto at = std::find(ch.begin(), ch.end(), "@");
      if (at == ch.end() || at == ch.begin()) return "***";
      return ch[0] + "***" + chars(static_cast<size_t>(at - ch.begin()), size);
    }
    case Personal::qq: {
      if (size <= 4) return "****";
      return chars(0, 2) + std::string(size - 4, '*') + chars(size - 2, size);
    }
    case Personal::wechat: {
      if (size <= 2) return "***";
      return ch[0] + "***" + ch[size - 1];
    }
  }
  return value;
}

Personal personal_kind_of_key(std::string_view key) {
  std::string k = to_lower_ascii(key);
  auto is = [&](std::string_view name) {
    return k == name || (k.size() > name.size() + 1 && k.ends_with(name) && k[k.size() - name.size() - 1] == '_');
  };
  if (is("phone") || is("mobile")) return Personal::phone;
  if (is("email") || is("e_mail")) return Personal::email;
  if (is("qq")) return Personal::qq;
  if (is("wechat")) return Personal::wechat;
  return Personal::no;
}

std::string mask_personal_json(std::string_view json) {
  if (json.empty()) return "";
  auto image = parse_json(json);
  if (!image) return std::string(kUnreadableImage);
  if (!mask_personal_values(*image, Personal::no)) return std::string(json);
  return json_text(*image);
}

}  // namespace csdesk
