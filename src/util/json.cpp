#include "util/json.hpp"

#include <charconv>
#include <cmath>
#include <cstring>
#include <fmt/format.h>
#include <memory>

#include "util/text.hpp"

namespace csdesk {
namespace {

// Appends to whichever text the escaper is writing into; nlohmann's own string adapter is bound
// to one string for good.
class AppendTo : public nlohmann::detail::output_adapter_protocol<char> {
 public:
  std::string* target = nullptr;
  void write_character(char c) override { target->push_back(c); }
  void write_characters(const char* s, std::size_t length) override { target->append(s, length); }
};

// nlohmann escapes only a string held in a value: one value (and its capacity) is kept per thread
// and reused, so escaping a string allocates nothing once it has grown.
class StringEscaper {
 public:
  StringEscaper()
      : sink_(std::make_shared<AppendTo>()), serializer_(sink_, ' ', Json::error_handler_t::replace) {}

  void append(std::string& out, std::string_view s) {
    std::size_t start = out.size();
    auto& held = held_.get_ref<std::string&>();
    if (is_valid_utf8(s)) held.assign(s);
    else held = terminal_safe(s);
    sink_->target = &out;
    serializer_.dump(held_, false, false, 0);
    // nlohmann leaves DEL as it is; csdesk has always escaped it, as terminals act on it.
    if (std::memchr(out.data() + start, 0x7F, out.size() - start)) {
      std::string escaped;
      for (std::size_t i = start; i < out.size(); ++i)
        if (out[i] == 0x7F) escaped += "\\u007f";
        else escaped += out[i];
      out.replace(start, std::string::npos, escaped);
    }
  }

 private:
  std::shared_ptr<AppendTo> sink_;
  nlohmann::detail::serializer<Json> serializer_;
  Json held_ = std::string();
};

}  // namespace

void JsonWriter::string(std::string_view s) {
  thread_local StringEscaper escaper;
  escaper.append(out_, s);
}

void JsonWriter::integer(std::int64_t n) {
  char digits[24];
  auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
  out_.append(digits, end);
}

// fmt's shortest round-trip form: nlohmann writes a real 1.0 where csdesk has always written 1.
void JsonWriter::real(double d) {
  if (!std::isfinite(d)) return null();
  std::size_t start = out_.size();
  fmt::format_to(std::back_inserter(out_), "{}", d);
  if (style_.mark_reals && out_.find_first_of(".eE", start) == std::string::npos) out_ += ".0";
}

void JsonWriter::value(const Json& v) {
  switch (v.type()) {
    case Json::value_t::object: {
      out_ += '{';
      bool first = true;
      for (const auto& [key, item] : v.items()) {
        if (!first) out_ += ',';
        first = false;
        string(key);
        out_ += ':';
        value(item);
      }
      out_ += '}';
      return;
    }
    case Json::value_t::array: {
      out_ += '[';
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (i) out_ += ',';
        value(v[i]);
      }
      out_ += ']';
      return;
    }
    case Json::value_t::string: return string(v.get_ref<const std::string&>());
    case Json::value_t::number_float: return real(v.get<double>());
    case Json::value_t::number_integer: return integer(v.get<std::int64_t>());
    case Json::value_t::number_unsigned: out_ += std::to_string(v.get<std::uint64_t>()); return;
    case Json::value_t::boolean: return boolean(v.get<bool>());
    case Json::value_t::null:
    case Json::value_t::binary:
    case Json::value_t::discarded: return null();
  }
}

std::string json_text(const Json& value, JsonStyle style) {
  std::string out;
  JsonWriter(out, style).value(value);
  return out;
}

std::string json_quote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  JsonWriter(out).string(s);
  return out;
}

std::optional<Json> parse_json(std::string_view text, std::string* problem) {
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const Json::exception& e) {
    // A parse error, or a number beyond double (out_of_range.406, "7E777777"): not JSON csdesk reads.
    // "[json.exception.parse_error.101] parse error at line 1, column 5: …" without the tag.
    if (problem) {
      std::string_view what = e.what();
      auto tag_end = what.find("] ");
      *problem = tag_end == std::string_view::npos ? what : what.substr(tag_end + 2);
    }
    return std::nullopt;
  }
}

JsonWriter JsonObject::field(std::string_view key) {
  if (text_.size() > 1) text_ += ',';
  JsonWriter w(text_);
  w.string(key);
  text_ += ':';
  return w;
}

JsonObject& JsonObject::add(std::string_view k, std::string_view v) {
  field(k).string(v);
  return *this;
}
JsonObject& JsonObject::add(std::string_view k, std::int64_t v) {
  field(k).integer(v);
  return *this;
}
JsonObject& JsonObject::add(std::string_view k, double v) {
  field(k).real(v);
  return *this;
}
JsonObject& JsonObject::add(std::string_view k, bool v) {
  field(k).boolean(v);
  return *this;
}
JsonObject& JsonObject::add(std::string_view k, const std::optional<std::string>& v) {
  return v ? add(k, std::string_view(*v)) : add_null(k);
}
JsonObject& JsonObject::add(std::string_view k, const std::optional<std::int64_t>& v) {
  return v ? add(k, *v) : add_null(k);
}
JsonObject& JsonObject::add_null(std::string_view k) {
  field(k).null();
  return *this;
}

std::vector<std::pair<std::string, std::string>> parse_flat_json(std::string_view text) {
  auto parsed = parse_json(text);
  if (!parsed || !parsed->is_object()) return {};
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [key, v] : parsed->items()) {
    if (v.is_structured()) return {};
    if (v.is_null()) out.emplace_back(key, "");
    else if (v.is_string()) out.emplace_back(key, v.get<std::string>());
    else out.emplace_back(key, json_text(v));
  }
  return out;
}

std::string describe_change(std::string_view before_json, std::string_view after_json) {
  return describe_change(
      before_json, after_json, [](const std::string& key) { return key; },
      [](const std::string&, const std::string& value) { return value; });
}

std::string describe_change(std::string_view before_json, std::string_view after_json, const FieldNamer& field,
                            const ValueNamer& value) {
  auto before = parse_flat_json(before_json);
  auto after = parse_flat_json(after_json);
  std::string out;
  auto add = [&](const std::string& part) {
    if (!out.empty()) out += "; ";
    out += part;
  };
  if (before.empty()) {
    for (const auto& [k, v] : after)
      if (!v.empty()) add(field(k) + "=" + value(k, v));
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
    if (!found || old != v)
      add(field(k) + ": " + (old.empty() ? "∅" : value(k, old)) + " → " + (v.empty() ? "∅" : value(k, v)));
  }
  return out;
}

}  // namespace csdesk
