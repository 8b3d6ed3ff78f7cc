#pragma once
// JSON through one library, nlohmann::json: every reader (audit images, notifier payloads, frozen
// reports) parses with it and every string is escaped by its serializer. The layout of containers
// and numbers is csdesk's own (JsonWriter), so that output, stored images and frozen payloads keep
// their bytes, and hot writers (listings, audit images) stream text without building a value.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace csdesk {

using Json = nlohmann::ordered_json;  // objects keep their keys in insertion order

struct JsonStyle {
  bool mark_reals = false;  // a real always shows ".", "e" (1.0, not 1), so it reads back as a real
};

// Compact JSON text of `value`. Strings are escaped by nlohmann (control characters and DEL as
// \u00XX; a string that is not UTF-8 is first made terminal-safe, its stray bytes U+FFFD);
// numbers are fmt's shortest round-trip form; inf and nan are null.
std::string json_text(const Json& value, JsonStyle style = {});
std::string json_quote(std::string_view s);  // "…" with escapes, as json_text writes a string

// The one value `text` holds, or nothing when it is not well-formed JSON in UTF-8: a stray byte,
// a lone or reversed surrogate escape, trailing text. `problem` gets nlohmann's reason and byte.
std::optional<Json> parse_json(std::string_view text, std::string* problem = nullptr);

// Appends JSON values to a text as they come, building no nlohmann value (a value per row cost
// ~10 % of a listing's CPU): strings are escaped by nlohmann's serializer, numbers as json_text
// writes them. The caller lays out objects and arrays.
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out, JsonStyle style = {}) : out_(out), style_(style) {}
  void string(std::string_view s);
  void integer(std::int64_t n);
  void real(double d);  // inf and nan are null
  void boolean(bool b) { out_ += b ? "true" : "false"; }
  void null() { out_ += "null"; }
  void value(const Json& v);

 private:
  std::string& out_;
  JsonStyle style_;
};

// Writes one JSON object as its fields are added, in that order; each key is added once.
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
  bool empty() const { return text_.size() == 1; }
  std::string str() const { return text_ + '}'; }

 private:
  JsonWriter field(std::string_view key);  // writes `,"key":` and returns a writer for the value
  std::string text_ = "{";
};

// Reads a flat JSON object as written by JsonObject (string, number, bool, null values) into
// key → text pairs, numbers as written; null becomes "". Returns nothing on anything else.
std::vector<std::pair<std::string, std::string>> parse_flat_json(std::string_view json);
// "field: old → new" for every differing key of two flat objects; for a creation, "field=value".
std::string describe_change(std::string_view before_json, std::string_view after_json);
// The same with each field and value named by the callers (history names them in the reader's language).
using FieldNamer = std::function<std::string(const std::string& key)>;
using ValueNamer = std::function<std::string(const std::string& key, const std::string& value)>;
std::string describe_change(std::string_view before_json, std::string_view after_json, const FieldNamer& field,
                            const ValueNamer& value);

}  // namespace csdesk
