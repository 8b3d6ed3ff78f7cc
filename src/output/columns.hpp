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

template <class Record>
class ColumnSpec {
 public:
  ColumnSpec(std::initializer_list<ColumnOf<Record>> columns) : columns_(columns) {}
  // For a table that is another one with more columns (a record's detail view, a worklist).
  explicit ColumnSpec(std::vector<ColumnOf<Record>> columns) : columns_(std::move(columns)) {}

  // The rows rendered for `format`: machine-only columns are left out of the terminal table,
  // their values with them.
  Table table(const std::vector<Record>& records, Format format, std::string name = {}) const {
    Table t;
    t.name = std::move(name);
    std::vector<const ColumnOf<Record>*> used;
    for (const auto& c : columns_)
      if (c.shown == Shown::everywhere || format != Format::table) used.push_back(&c);
    for (const auto* c : used) t.columns.push_back(c->column);
    t.rows.reserve(records.size());
    for (const auto& r : records) {
      std::vector<Value> row;
      row.reserve(used.size());
      for (const auto* c : used) row.push_back(c->value(r));
      t.rows.push_back(std::move(row));
    }
    return t;
  }

  // One record as a "field: value" block (JSON object).
  Table single(const Record& record, Format format, std::string name = {}) const {
    Table t = table(std::vector<Record>{record}, format, std::move(name));
    t.single = true;
    return t;
  }

  const std::vector<ColumnOf<Record>>& columns() const { return columns_; }

 private:
  std::vector<ColumnOf<Record>> columns_;
};

}  // namespace csdesk
