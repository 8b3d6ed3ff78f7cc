#include "rules/privacy.hpp"

#include <algorithm>
#include <cctype>

#include "util/json.hpp"
#include "util/text.hpp"

namespace csdesk {
namespace {

// End of the JSON string token starting at `open` (the opening quote): one past the closing quote.
size_t string_end(std::string_view s, size_t open) {
  size_t i = open + 1;
  while (i < s.size()) {
    if (s[i] == '\\') i += 2;
    else if (s[i] == '"') return i + 1;
    else ++i;
  }
  return s.size();
}

std::string decode_string(std::string_view token) {
  auto pairs = parse_flat_json("{\"v\":" + std::string(token) + "}");
  if (pairs.size() == 1) return pairs[0].second;
  // Unterminated or malformed: mask what is between the quotes.
  std::string_view inner = token.substr(1);
  if (!inner.empty() && inner.back() == '"') inner.remove_suffix(1);
  return std::string(inner);
}

bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

bool may_reveal(const std::vector<std::string>& roles, const std::vector<std::string>& reveal_roles) {
  return std::any_of(roles.begin(), roles.end(), [&](const std::string& r) {
    return std::find(reveal_roles.begin(), reveal_roles.end(), r) != reveal_roles.end();
  });
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
  std::string out;
  out.reserve(json.size());
  Personal value_kind = Personal::no;  // kind of the key whose value may come next
  bool after_colon = false;
  size_t i = 0;
  while (i < json.size()) {
    char c = json[i];
    if (c != '"') {
      if (c == ':') after_colon = true;
      else if (!is_json_space(c)) after_colon = false;
      out += c;
      ++i;
      continue;
    }
    size_t end = string_end(json, i);
    std::string_view token = json.substr(i, end - i);
    size_t next = end;
    while (next < json.size() && is_json_space(json[next])) ++next;
    if (next < json.size() && json[next] == ':') {
      value_kind = personal_kind_of_key(decode_string(token));
      out += token;
    } else if (after_colon && value_kind != Personal::no) {
      out += json_quote(mask_personal(decode_string(token), value_kind));
    } else {
      out += token;
    }
    after_colon = false;
    i = end;
  }
  return out;
}

}  // namespace csdesk
