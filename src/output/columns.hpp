#pragma once
// One column spec per table: each column names its JSON key, its headings and how its value is
// drawn from the record, so a heading can never drift from its value. The table, CSV, JSON (and
// any later format) are all rendered from the Table this builds.
#include <functional>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "output/render.hpp"

namespace csdesk {

// Where a column appears. Wide images (audit before/after) are for CSV and JSON only.
enum class Shown { everywhere, machine_only };

template <class Record>
struct ColumnOf {
  Column column;
  std::function<Value(const Record&)> value;
  Shown shown = Shown::everywhere;
};

// The getter of a column that shows a member as it is: `member(&Staff::name)`. An optional
// member without a value is null.
template <class Record, class T>
std::function<Value(const Record&)> member(T Record::*field) {
  return [field](const Record& r) -> Value {
    if constexpr (requires { (r.*field).has_value(); }) return opt_value(r.*field);
    else return Value{r.*field};
  };
}

// Whether the operator may see the personal data of a record's row (need to know: the record's
// customer is theirs to contact). Without one, no row is visible: only masks are ever shown.
template <class Record>
using Visible = std::function<bool(const Record&)>;

template <class Record>
class ColumnSpec {
 public:
  ColumnSpec(std::initializer_list<ColumnOf<Record>> columns) : columns_(columns) {}
  // For a table that is another one with more columns (a record's detail view, a worklist).
  explicit ColumnSpec(std::vector<ColumnOf<Record>> columns) : columns_(std::move(columns)) {}

  // This spec with `more` columns after its own (a single record's details after the list's).
  ColumnSpec with(std::initializer_list<ColumnOf<Record>> more) const {
    ColumnSpec out = *this;
    out.columns_.insert(out.columns_.end(), more);
    return out;
  }

  // The rows rendered for `format`: machine-only columns are left out of the terminal table,
  // their values with them. `visible` marks the rows whose personal data the operator may see.
  Table table(const std::vector<Record>& records, Format format, std::string name = {},
              const Visible<Record>& visible = {}) const {
    Table t = empty(format, std::move(name));
    t.rows.reserve(records.size());
    for (const auto& r : records) append(t, r, format, visible);
    return t;
  }

  // The headings alone, for rows appended one record at a time as a long run goes.
  Table empty(Format format, std::string name = {}) const {
    Table t;
    t.name = std::move(name);
    for (const auto& c : columns_)
      if (shown(c, format)) t.columns.push_back(c.column);
    return t;
  }
  // Adds the row of `record` to a table made by empty() for the same format.
  void append(Table& t, const Record& record, Format format, const Visible<Record>& visible = {}) const {
    std::vector<Value> row;
    row.reserve(t.columns.size());
    for (const auto& c : columns_)
      if (shown(c, format)) row.push_back(c.value(record));
    t.rows.push_back(std::move(row));
    t.visible.resize(t.rows.size() - 1, false);
    t.visible.push_back(visible && visible(record));
  }

  // One record as a "field: value" block (JSON object).
  Table single(const Record& record, Format format, std::string name = {}, const Visible<Record>& visible = {}) const {
    Table t = table(std::vector<Record>{record}, format, std::move(name), visible);
    t.single = true;
    return t;
  }

  const std::vector<ColumnOf<Record>>& columns() const { return columns_; }

 private:
  static bool shown(const ColumnOf<Record>& c, Format format) { return c.shown == Shown::everywhere || format != Format::table; }
  std::vector<ColumnOf<Record>> columns_;
};

}  // namespace csdesk
