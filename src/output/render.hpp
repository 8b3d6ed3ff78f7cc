#pragma once
// The one renderer: every listing and result is a Table of typed values, drawn as an aligned
// terminal table, RFC 4180 CSV or JSON according to a RenderSpec (or written as an Excel
// workbook by output/xlsx.hpp). Commands never format rows.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "rules/privacy.hpp"
#include "util/i18n.hpp"

namespace csdesk {

using Value = std::variant<std::monostate, std::int64_t, double, std::string, bool>;

enum class Format { table, csv, json, xlsx };  // xlsx: a file, never text (output/xlsx.hpp)

// How a column's values are shown. JSON always gets the raw value (times as ISO 8601).
enum class Show {
  plain,     // text, integers, numbers (doubles to `precision` places in table and CSV)
  percent,   // a ratio 0..1 shown as 95.0% (JSON: 0.95)
  time,      // epoch seconds shown in local time (JSON: "2026-11-22T09:30:00+08:00")
  date,      // epoch seconds shown as a local date
  duration,  // seconds shown as "1d 2h 05m", in Chinese "1天2小时05分" (JSON: seconds)
};

struct Column {
  std::string key;       // stable snake_case JSON key
  std::string title_en;  // column heading
  std::string title_zh;  // 中文标题
  Show show = Show::plain;
  Personal personal = Personal::no;
  int precision = 1;
  // The vocabulary (gettext context) its text values are codes of, such as "complaint-status":
  // table, CSV and xlsx show each code in the language, JSON keeps the code. Null: shown as is.
  const char* terms = nullptr;

  Column with_terms(const char* vocabulary) const {
    Column c = *this;
    c.terms = vocabulary;
    return c;
  }
};

struct Table {
  std::string name;      // JSON key when several tables are rendered together
  std::string title_en;  // shown above the table in terminal view when rendering sections
  std::string title_zh;
  std::vector<Column> columns;
  std::vector<std::vector<Value>> rows;
  bool single = false;   // one record: JSON object, terminal view as "field: value" lines
  // Per row: the operator may see its personal data (need to know). A row not marked keeps its
  // Personal columns masked in every format, whatever RenderSpec::reveal says.
  std::vector<bool> visible{};

  bool row_visible(std::size_t row) const { return row < visible.size() && visible[row]; }

  Table& add_row(std::vector<Value> row) {
    rows.push_back(std::move(row));
    return *this;
  }
};

struct RenderSpec {
  Format format = Format::table;
  Lang lang = Lang::en;
  bool header = true;
  bool bom = false;          // UTF-8 BOM before CSV, for Excel/WPS
  bool color = false;        // bold headings in the terminal
  int terminal_width = 0;    // 0: never truncate (piped output)
  bool reveal = false;       // show personal data unmasked in the rows the operator may see (Table::visible)
};

std::string render(const Table& table, const RenderSpec& spec);
// Several tables: titled blocks (table), blank-line separated blocks with a title row (CSV),
// or one JSON object keyed by table name.
std::string render_sections(const std::vector<Table>& tables, const RenderSpec& spec);

// How many rows of `table` hold personal data (a non-empty value in a Personal column).
std::size_t personal_rows(const Table& table);
// How many of those the operator may see (Table::visible).
std::size_t visible_personal_rows(const Table& table);
// OWASP CSV-injection guard: text starting with = + - @ TAB CR gets a leading apostrophe.
std::string csv_guard(const std::string& text);
std::string csv_field(const std::string& text);  // RFC 4180 quoting

// Cells from optional fields: null (a blank cell, JSON null) when there is no value.
template <class T>
Value opt_value(const std::optional<T>& v) {
  return v ? Value{*v} : Value{};
}
// Text where "" means none.
inline Value text_or_null(const std::string& s) { return s.empty() ? Value{} : Value{s}; }
// A column's heading in `lang`.
const std::string& heading(const Column& column, Lang lang);
// A cell of `row` as the table and CSV views show it: personal data masked unless spec.reveal and
// the row is visible, numbers to the column's precision, times in the configured zone. Other
// writers (xlsx) mask through this.
std::string cell_text(const Table& table, std::size_t row, std::size_t column, const RenderSpec& spec);
// Text as CSV writes it: control characters and escapes as visible \x1B, invalid UTF-8 as U+FFFD;
// line breaks and tabs kept.
std::string printable_text(const std::string& text);

}  // namespace csdesk
