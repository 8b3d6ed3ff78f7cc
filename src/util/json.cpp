#include "util/json.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fmt/format.h>

#include "util/text.hpp"

namespace csdesk {

std::string json_quote(std::string_view raw) {
  std::string s = is_valid_utf8(raw) ? std::string(raw) : terminal_safe(raw);
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20 || c == 0x7F) out += fmt::format("\\u{:04x}", c);
        else out += static_cast<char>(c);
    }
  }
  out += '"';
  return out;
}

void JsonObject::key(std::string_view k) {
  if (!body_.empty()) body_ += ',';
  body_ += json_quote(k);
  body_ += ':';
}
JsonObject& JsonObject::add(std::string_view k, std::string_view v) {
  key(k);
  body_ += json_quote(v);
  return *this;
}
JsonObject& JsonObject::add(std::string_view k, std::int64_t v) {
  key(k);
  body_ += std::to_string(v);
  return *this;
}
JsonObject& JsonObject::add(std::string_view k, double v) {
  key(k);
  if (std::isfinite(v)) body_ += fmt::format("{}", v);
  else body_ += "null";
  return *this;
}
JsonObject& JsonObject::add(std::string_view k, bool v) {
  key(k);
  body_ += v ? "true" : "false";
  return *this;
}
JsonObject& JsonObject::add(std::string_view k, const std::optional<std::string>& v) {
  return v ? add(k, std::string_view(*v)) : add_null(k);
}
JsonObject& JsonObject::add(std::string_view k, const std::optional<std::int64_t>& v) {
  return v ? add(k, *v) : add_null(k);
}
JsonObject& JsonObject::add_null(std::string_view k) {
  key(k);
  body_ += "null";
  return *this;
}
JsonObject& JsonObject::add_raw(std::string_view k, std::string_view json) {
  key(k);
  body_ += json;
  return *this;
}

}  // namespace csdesk

namespace csdesk {

std::vector<std::pair<std::string, std::string>> parse_flat_json(std::string_view s) {
  std::vector<std::pair<std::string, std::string>> out;
  size_t i = 0;
  auto ws = [&] {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r')) ++i;
  };
  auto read_string = [&](std::string& dst) -> bool {
    if (i >= s.size() || s[i] != '"') return false;
    ++i;
    while (i < s.size() && s[i] != '"') {
      if (s[i] == '\\' && i + 1 < s.size()) {
        char c = s[++i];
        switch (c) {
          case 'n': dst += '\n'; break;
          case 't': dst += '\t'; break;
          case 'r': dst += '\r'; break;
          case 'b': dst += '\b'; break;
          case 'f': dst += '\f'; break;
          case 'u': {
            if (i + 4 >= s.size()) return false;
            if (!std::all_of(s.begin() + i + 1, s.begin() + i + 5, [](char h) { return std::isxdigit(static_cast<unsigned char>(h)); }))
              return false;  // found by tests/fuzz/fuzz_mask: stoul threw on "\uph"
            unsigned cp = static_cast<unsigned>(std::stoul(std::string(s.substr(i + 1, 4)), nullptr, 16));
            if (cp < 0x80) dst += static_cast<char>(cp);
            else dst += "\xEF\xBF\xBD";
            i += 4;
            break;
          }
          default: dst += c;
        }
        ++i;
      } else {
        dst += s[i++];
      }
    }
    if (i >= s.size()) return false;
    ++i;
    return true;
  };
  ws();
  if (i >= s.size() || s[i] != '{') return {};
  ++i;
  ws();
  if (i < s.size() && s[i] == '}') return out;
  while (i < s.size()) {
    ws();
    std::string key, value;
    if (!read_string(key)) return {};
    ws();
    if (i >= s.size() || s[i] != ':') return {};
    ++i;
    ws();
    if (i < s.size() && s[i] == '"') {
      if (!read_string(value)) return {};
    } else {
      size_t start = i;
      while (i < s.size() && s[i] != ',' && s[i] != '}') ++i;
      value = std::string(s.substr(start, i - start));
      while (!value.empty() && value.back() == ' ') value.pop_back();
      if (value == "null") value.clear();
    }
    out.emplace_back(std::move(key), std::move(value));
    ws();
    if (i < s.size() && s[i] == ',') {
      ++i;
      continue;
    }
    if (i < s.size() && s[i] == '}') return out;
    return {};
  }
  return {};
}

std::string describe_change(std::string_view before_json, std::string_view after_json) {
  auto before = parse_flat_json(before_json);
  auto after = parse_flat_json(after_json);
  std::string out;
  auto add = [&](const std::string& part) {
    if (!out.empty()) out += "; ";
    out += part;
  };
  if (before.empty()) {
    for (const auto& [k, v] : after)
      if (!v.empty()) add(k + "=" + v);
    return out;
  }
  for (const auto& [k, v] : after) {
    std::string old;
    bool found = false;
    for (const auto& [bk, bv] : before)
      if (bk == k) {
        old = bv;
        found = true;
      }
    if (!found || old != v) add(k + ": " + (old.empty() ? "∅" : old) + " → " + (v.empty() ? "∅" : v));
  }
  return out;
}

}  // namespace csdesk
