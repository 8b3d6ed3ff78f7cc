#include "backup/snapshot.hpp"

#include <fmt/format.h>
#include <limits>
#include <map>

#include "util/error.hpp"
#include "util/json.hpp"

namespace csdesk {
namespace {

// The renderer shows inf and nan as nothing (null in JSON); json_text freezes them the same,
// since JSON has no word for them.
Json encode_value(const Value& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* b = std::get_if<bool>(&v)) return *b;
  return nullptr;
}

[[noreturn]] void damaged(const std::string& what) {
  fail_invalid("frozen report payload: {}; the stored report is damaged", what);
}

Value decode_value(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null: return Value{};
    case Json::value_t::boolean: return Value{v.get<bool>()};
    case Json::value_t::string: return Value{v.get<std::string>()};
    case Json::value_t::number_float: return Value{v.get<double>()};
    case Json::value_t::number_integer: return Value{v.get<std::int64_t>()};
    case Json::value_t::number_unsigned:
      if (v.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        damaged(trf("the integer {} is out of range", v.get<std::uint64_t>()));
      return Value{v.get<std::int64_t>()};
    default:
      if (v.is_object()) damaged(trf("a cell holds an {}", v.type_name()));
      damaged(trf("a cell holds a {}", v.type_name()));
  }
}

// Exactly the shape encode_rows writes.
std::map<std::string, std::vector<std::vector<Value>>> stored_tables(const std::string& payload) {
  std::string problem;
  auto parsed = parse_json(payload, &problem);
  if (!parsed) damaged(problem);
  auto tables = parsed->find("tables");
  if (!parsed->is_object() || tables == parsed->end() || !tables->is_array()) damaged(std::string(tr("expected {\"tables\":[…]}")));
  std::map<std::string, std::vector<std::vector<Value>>> out;
  for (const auto& table : *tables) {
    if (!table.is_object() || !table.contains("name") || !table["name"].is_string() || !table.contains("rows") ||
        !table["rows"].is_array())
      damaged(std::string(tr("expected each table as {\"name\":\"…\",\"rows\":[…]}")));
    auto& rows = out[table["name"].get<std::string>()];
    for (const auto& row : table["rows"]) {
      if (!row.is_array()) damaged(std::string(tr("expected each row as an array of cells")));
      std::vector<Value>& cells = rows.emplace_back();
      for (const auto& cell : row) cells.push_back(decode_value(cell));
    }
  }
  return out;
}

}  // namespace

std::string encode_rows(const std::vector<Table>& tables) {
  Json stored = Json::array();
  for (const auto& t : tables) {
    Json rows = Json::array();
    for (const auto& row : t.rows) {
      Json cells = Json::array();
      for (const auto& v : row) cells.push_back(encode_value(v));
      rows.push_back(std::move(cells));
    }
    stored.push_back(Json{{"name", t.name}, {"rows", std::move(rows)}});
  }
  // A decimal point marks a number as real, so it reads back as it was written.
  return json_text(Json{{"tables", std::move(stored)}}, JsonStyle{.mark_reals = true});
}

void decode_rows(const std::string& payload, std::vector<Table>& tables) {
  auto stored = stored_tables(payload);
  for (auto& t : tables) {
    auto it = stored.find(t.name);
    t.rows = it == stored.end() ? std::vector<std::vector<Value>>{} : it->second;
  }
}

}  // namespace csdesk
