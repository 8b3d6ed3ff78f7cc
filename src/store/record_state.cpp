#include "store/record_state.hpp"


#include <algorithm>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "store/dialect.hpp"
#include "util/sha256.hpp"

namespace csdesk {
namespace {

struct StateTable {
  const char* kind;
  // Column 0 the key, column 1 the record number; the state is every column after them.
  std::string select;
  const char* key_column;  // for one record: WHERE key_column = ?
  // Columns csdesk changes without an audit row of that record (a merge re-points earlier merges).
  std::set<std::string> unaudited;
  // Columns a later schema added: hashed only when set, so a row written before they existed keeps
  // the hash its audit row holds.
  std::set<std::string> hashed_when_set{};
};

std::vector<StateTable> make_tables(const sql::Dialect& dialect) {
  return {
      {"customer", "SELECT CAST(t.id AS TEXT), t.number, t.* FROM customers t", "t.id", {"merged_into"}},
      {"staff",
       fmt::format("SELECT CAST(t.id AS TEXT), t.number, t.*, (SELECT {} FROM (SELECT role, position FROM staff_roles r "
                   "WHERE r.staff_id = t.id ORDER BY position) AS roles) AS role_set FROM staff t",
                   dialect.joined_texts("role", "','", "position")),
       "t.id", {}},
      {"complaint",
       "SELECT CAST(t.id AS TEXT), t.number, t.* FROM complaints t",
       "t.id",
       {},
       {"crisis_at", "crisis_plan", "crisis_plan_at", "expected_by", "confirmed_by"}},
      {"score-adjustment", "SELECT CAST(t.id AS TEXT), t.number, t.* FROM score_adjustments t", "t.id", {}},
      {"report", "SELECT t.kind || ' ' || t.period, t.kind || ' ' || t.period, t.* FROM frozen_reports t",
       "t.kind || ' ' || t.period", {}},
  };
}

const std::vector<StateTable>& tables(sql::Engine engine) {
  static const std::vector<StateTable> sqlite = make_tables(sql::sqlite_dialect());
  static const std::vector<StateTable> postgres = make_tables(sql::postgres_dialect());
  return engine == sql::Engine::sqlite ? sqlite : postgres;
}

const StateTable* table_of(sql::Engine engine, const std::string& kind) {
  for (const auto& t : tables(engine))
    if (kind == t.kind) return &t;
  return nullptr;
}

// A REAL's text as SQLite gives it (printf's %.15g, with a ".0" when it would look like an integer):
// the text the hashes of rows written before PostgreSQL existed hold, and the same on both engines
// (PostgreSQL's own text of 2.0 is "2"), so a copied department checks.
std::string real_text(double v) {
  std::string text = fmt::format("{:.15g}", v);
  if (text.find_first_of(".eni") != std::string::npos) {
    auto e = text.find('e');
    if (e != std::string::npos && text.find('.') == std::string::npos) text.insert(e, ".0");
    return text;
  }
  return text + ".0";
}

// Length-prefixed name, type and value of every column, so no two different rows hash alike.
std::string row_hash(sql::Statement& q, const StateTable& t) {
  Sha256 h;
  for (int i = 2; i < q.column_count(); ++i) {
    std::string name = q.column_name(i);
    if (t.unaudited.count(name)) continue;
    auto column = q.column(i);
    if (column.is_null() && t.hashed_when_set.count(name)) continue;
    std::string value = column.is_null()                  ? ""
                        : column.type() == sql::Type::real ? real_text(column.real())
                                                           : column.text();
    h.update(fmt::format("{}:{};{}:{}:{};", name.size(), name, static_cast<int>(column.type()), value.size(), value));
  }
  return h.hex_digest();
}

RecordState one(Database& db, const StateTable& t, const std::string& key, const std::string& number) {
  sql::Statement q(db.sql(), fmt::format("{} WHERE {} = ?", t.select, t.key_column));
  q.bind(1, key);
  if (!q.step()) return {t.kind, key, number, ""};
  return {t.kind, key, q.column(1).text(), row_hash(q, t)};
}

}  // namespace

std::vector<RecordState> states_for(Database& db, const AuditEntry& e) {
  std::vector<RecordState> out;
  if (e.record_kind == "import" && e.record_id) {
    // The customers an import created share its one row: ids record_id..last_id.
    sql::Statement last(db.sql(), "SELECT " + sql::dialect_of(db.engine()).json_text("?", "last_id"));
    last.bind(1, e.after_json);
    std::int64_t last_id = last.step() && !last.column(0).is_null() ? last.column(0).int64() : *e.record_id;
    const StateTable& t = *table_of(db.engine(), "customer");
    sql::Statement q(db.sql(), fmt::format("{} WHERE t.id BETWEEN ? AND ? ORDER BY t.id", t.select));
    q.bind(1, static_cast<int64_t>(*e.record_id));
    q.bind(2, static_cast<int64_t>(last_id));
    while (q.step()) out.push_back({t.kind, q.column(0).text(), q.column(1).text(), row_hash(q, t)});
    return out;
  }
  const StateTable* t = table_of(db.engine(), e.record_kind);
  if (!t) return out;
  if (e.record_kind == "report") out.push_back(one(db, *t, e.record_number, e.record_number));
  else if (e.record_id) out.push_back(one(db, *t, std::to_string(*e.record_id), e.record_number));
  return out;
}

void each_current_state(Database& db, const std::function<void(const RecordState&)>& visit) {
  for (const auto& t : tables(db.engine())) {
    sql::Statement q(db.sql(), t.select);
    while (q.step()) visit({t.kind, q.column(0).text(), q.column(1).text(), row_hash(q, t)});
  }
}

std::string states_digest(const std::vector<RecordState>& states) {
  if (states.empty()) return "";
  Sha256 h;
  for (const auto& s : states)
    h.update(fmt::format("{}:{};{}:{};{}:{};", s.kind.size(), s.kind, s.key.size(), s.key, s.hash.size(), s.hash));
  return h.hex_digest();
}

}  // namespace csdesk
