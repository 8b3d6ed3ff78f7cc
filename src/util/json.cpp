#include "util/json.hpp"

#include <cmath>
#include <cstring>
#include <fmt/format.h>

#include "util/text.hpp"

namespace csdesk {
namespace {

// nlohmann's own serializer escapes the strings; containers and numbers are laid out here, because
// nlohmann writes a real 1.0 where csdesk has always written 1 (and 1e+16 where fmt does too, but
// not alike everywhere), and stored images and frozen payloads are compared byte for byte.
class Writer {
 public:
  Writer(std::string& out, JsonStyle style)
      : out_(out),
        style_(style),
        strings_(nlohmann::detail::output_adapter<char, std::string>(out), ' ', Json::error_handler_t::replace) {}

  void value(const Json& v) {
    switch (v.type()) {
      case Json::value_t::object: {
        out_ += '{';
        bool first = true;
        for (const auto& [key, item] : v.items()) {
          if (!first) out_ += ',';
          first = false;
          string(Json(key));
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
      case Json::value_t::string: return string(v);
      case Json::value_t::number_float: return real(v.get<double>());
      case Json::value_t::number_integer: out_ += std::to_string(v.get<std::int64_t>()); return;
      case Json::value_t::number_unsigned: out_ += std::to_string(v.get<std::uint64_t>()); return;
      case Json::value_t::boolean: out_ += v.get<bool>() ? "true" : "false"; return;
      case Json::value_t::null:
      case Json::value_t::binary:
      case Json::value_t::discarded: out_ += "null"; return;
    }
  }

  void string(const Json& s) {
    std::size_t start = out_.size();
    const auto& text = s.get_ref<const std::string&>();
    if (is_valid_utf8(text)) strings_.dump(s, false, false, 0);
    else strings_.dump(Json(terminal_safe(text)), false, false, 0);
    // nlohmann leaves DEL as it is; csdesk has always escaped it, as terminals act on it.
    if (std::memchr(out_.data() + start, 0x7F, out_.size() - start)) {
      std::string escaped;
      for (std::size_t i = start; i < out_.size(); ++i)
        if (out_[i] == 0x7F) escaped += "\\u007f";
        else escaped += out_[i];
      out_.replace(start, std::string::npos, escaped);
    }
  }

 private:
  void real(double d) {
    if (!std::isfinite(d)) {
      out_ += "null";
      return;
    }
    std::size_t start = out_.size();
    fmt::format_to(std::back_inserter(out_), "{}", d);
    if (style_.mark_reals && out_.find_first_of(".eE", start) == std::string::npos) out_ += ".0";
  }

  std::string& out_;
  JsonStyle style_;
  nlohmann::detail::serializer<Json> strings_;
};

}  // namespace

std::string json_text(const Json& value, JsonStyle style) {
  std::string out;
  Writer(out, style).value(value);
  return out;
}

std::string json_quote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  Writer(out, {}).string(Json(std::string(s)));
  return out;
}

std::optional<Json> parse_json(std::string_view text, std::string* problem) {
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    // "[json.exception.parse_error.101] parse error at line 1, column 5: …" without the tag.
    if (problem) {
      std::string_view what = e.what();
      auto tag_end = what.find("] ");
      *problem = tag_end == std::string_view::npos ? what : what.substr(tag_end + 2);
    }
    return std::nullopt;
  }
}

JsonObject& JsonObject::add(std::string_view k, std::string_view v) {
  value_[std::string(k)] = std::string(v);
  return *this;
}
JsonObject& JsonObject::add(std::string_view k, std::int64_t v) {
  value_[std::string(k)] = v;
  return *this;
}
JsonObject& JsonObject::add(std::string_view k, double v) {
  value_[std::string(k)] = v;
  return *this;
}
JsonObject& JsonObject::add(std::string_view k, bool v) {
  value_[std::string(k)] = v;
  return *this;
}
JsonObject& JsonObject::add(std::string_view k, const std::optional<std::string>& v) {
  return v ? add(k, std::string_view(*v)) : add_null(k);
}
JsonObject& JsonObject::add(std::string_view k, const std::optional<std::int64_t>& v) {
  return v ? add(k, *v) : add_null(k);
}
JsonObject& JsonObject::add_null(std::string_view k) {
  value_[std::string(k)] = nullptr;
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
