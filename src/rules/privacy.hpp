#pragma once
// Who may see personal data (phone, e-mail, QQ, WeChat), and masking it inside JSON images.
#include <string>
#include <string_view>
#include <vector>

#include "output/render.hpp"

namespace csdesk {

// True when any of `roles` is one of `reveal_roles` (config privacy.reveal_roles).
bool may_reveal(const std::vector<std::string>& roles, const std::vector<std::string>& reveal_roles);

// The kind of personal data a JSON key holds: "phone", "email", "qq", "wechat", or a key ending
// in "_phone" and so on; Personal::no otherwise.
Personal personal_kind_of_key(std::string_view key);

// The JSON text with every string value under a personal key masked (139****5678), at any
// depth; everything else is copied byte for byte. Used for audit before/after images.
std::string mask_personal_json(std::string_view json);

}  // namespace csdesk
