#include "backup/snapshot.hpp"

#include <cmath>
#include <cstdlib>
#include <fmt/format.h>
#include <map>

#include "util/error.hpp"
#include "util/json.hpp"

namespace csdesk {
namespace {

std::string encode_value(const Value& v) {
  if (std::holds_alternative<std::int64_t>(v)) return std::to_string(std::get<std::int64_t>(v));
  if (std::holds_alternative<double>(v)) {
    double d = std::get<double>(v);
    // The renderer shows inf and nan as nothing (null in JSON); freeze them the same, since
    // the payload's reader, like JSON, has no word for them.
    if (!std::isfinite(d)) return "null";
    std::string s = fmt::format("{}", d);
    // A decimal point marks a number as real, so it reads back as it was written.
    if (s.find_first_of(".eE") == std::string::npos) s += ".0";
    return s;
  }
  if (std::holds_alternative<std::string>(v)) return json_quote(std::get<std::string>(v));
  if (std::holds_alternative<bool>(v)) return std::get<bool>(v) ? "true" : "false";
  return "null";
}

// Reads exactly the shape encode_rows writes.
class Reader {
 public:
  explicit Reader(const std::string& s) : s_(s) {}

  std::map<std::string, std::vector<std::vector<Value>>> tables() {
    std::map<std::string, std::vector<std::vector<Value>>> out;
    expect('{');
    expect_key("tables");
    expect('[');
    if (!take(']')) {
      do {
        expect('{');
        expect_key("name");
        std::string name = string();
        expect(',');
        expect_key("rows");
        auto& rows = out[name];
        expect('[');
        if (!take(']')) {
          do rows.push_back(row());
          while (take(','));
          expect(']');
        }
        expect('}');
      } while (take(','));
      expect(']');
    }
    expect('}');
    return out;
  }

 private:
  std::vector<Value> row() {
    std::vector<Value> r;
    expect('[');
    if (take(']')) return r;
    do r.push_back(value());
    while (take(','));
    expect(']');
    return r;
  }
  Value value() {
    char c = peek();
    if (c == '"') return string();
    if (s_.compare(i_, 4, "null") == 0) return i_ += 4, Value{};
    if (s_.compare(i_, 4, "true") == 0) return i_ += 4, Value{true};
    if (s_.compare(i_, 5, "false") == 0) return i_ += 5, Value{false};
    std::size_t start = i_;
    while (i_ < s_.size() && std::string_view("+-.0123456789eE").find(s_[i_]) != std::string_view::npos) ++i_;
    std::string number = s_.substr(start, i_ - start);
    if (number.empty()) bad("a value");
    if (number.find_first_of(".eE") != std::string::npos) return Value{std::strtod(number.c_str(), nullptr)};
    return Value{static_cast<std::int64_t>(std::strtoll(number.c_str(), nullptr, 10))};
  }
  std::string string() {
    expect('"');
    std::string out;
    while (i_ < s_.size() && s_[i_] != '"') {
      char c = s_[i_++];
      if (c != '\\') {
        out += c;
        continue;
      }
      if (i_ >= s_.size()) bad("an escape");
      char e = s_[i_++];
      switch (e) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'u': append_utf8(out, hex4()); break;
        default: out += e;
      }
    }
    expect('"');
    return out;
  }
  unsigned hex4() {
    if (i_ + 4 > s_.size()) bad("four hex digits");
    unsigned v = static_cast<unsigned>(std::strtoul(s_.substr(i_, 4).c_str(), nullptr, 16));
    i_ += 4;
    if (v >= 0xD800 && v < 0xDC00 && s_.compare(i_, 2, "\\u") == 0) {
      i_ += 2;
      unsigned low = hex4();
      v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00);
    }
    return v;
  }
  static void append_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  void expect_key(const char* key) {
    if (string() != key) bad(fmt::format("the key \"{}\"", key));
    expect(':');
  }
  char peek() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n')) ++i_;
    return i_ < s_.size() ? s_[i_] : '\0';
  }
  bool take(char c) {
    if (peek() != c) return false;
    ++i_;
    return true;
  }
  void expect(char c) {
    if (!take(c)) bad(fmt::format("'{}'", c));
  }
  [[noreturn]] void bad(const std::string& what) {
    fail_invalid("frozen report payload: expected {} at byte {}; the stored report is damaged", what, i_);
  }
  const std::string& s_;
  std::size_t i_ = 0;
};

}  // namespace

std::string encode_rows(const std::vector<Table>& tables) {
  std::string out = "{\"tables\":[";
  for (std::size_t t = 0; t < tables.size(); ++t) {
    if (t) out += ',';
    out += "{\"name\":" + json_quote(tables[t].name) + ",\"rows\":[";
    for (std::size_t r = 0; r < tables[t].rows.size(); ++r) {
      if (r) out += ',';
      out += '[';
      const auto& row = tables[t].rows[r];
      for (std::size_t c = 0; c < row.size(); ++c) {
        if (c) out += ',';
        out += encode_value(row[c]);
      }
      out += ']';
    }
    out += "]}";
  }
  return out + "]}";
}

void decode_rows(const std::string& payload, std::vector<Table>& tables) {
  auto stored = Reader(payload).tables();
  for (auto& t : tables) {
    auto it = stored.find(t.name);
    t.rows = it == stored.end() ? std::vector<std::vector<Value>>{} : it->second;
  }
}

}  // namespace csdesk
