#pragma once
// A small JSON writer: enough for output, audit before/after images and notifier payloads.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace csdesk {

std::string json_quote(std::string_view s);  // "…" with escapes; invalid UTF-8 bytes become U+FFFD

// Builds one JSON object, keys in insertion order.
class JsonObject {
 public:
  JsonObject& add(std::string_view key, std::string_view value);
  JsonObject& add(std::string_view key, const char* value) { return add(key, std::string_view(value)); }
  JsonObject& add(std::string_view key, const std::string& value) { return add(key, std::string_view(value)); }
  JsonObject& add(std::string_view key, std::int64_t value);
  JsonObject& add(std::string_view key, int value) { return add(key, static_cast<std::int64_t>(value)); }
  JsonObject& add(std::string_view key, double value);
  JsonObject& add(std::string_view key, bool value);
  JsonObject& add(std::string_view key, const std::optional<std::string>& value);
  JsonObject& add(std::string_view key, const std::optional<std::int64_t>& value);
  JsonObject& add_null(std::string_view key);
  JsonObject& add_raw(std::string_view key, std::string_view json);  // value already JSON
  bool empty() const { return body_.empty(); }
  std::string str() const { return "{" + body_ + "}"; }

 private:
  void key(std::string_view k);
  std::string body_;
};

}  // namespace csdesk

namespace csdesk {
// Reads a flat JSON object as written by JsonObject (string, number, bool, null values)
// into key → text pairs; null becomes "". Returns nothing on anything else.
std::vector<std::pair<std::string, std::string>> parse_flat_json(std::string_view json);
// "field: old → new" for every differing key of two flat objects; for a creation, "field=value".
std::string describe_change(std::string_view before_json, std::string_view after_json);
}  // namespace csdesk
