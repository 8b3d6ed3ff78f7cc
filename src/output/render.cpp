#include "output/render.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <stdexcept>

#include "util/json.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

namespace csdesk {
namespace {

const std::string& title_of(const Column& c, Lang lang) { return heading(c, lang); }

bool is_numeric(const Value& v) {
  return std::holds_alternative<std::int64_t>(v) || std::holds_alternative<double>(v);
}

// Text of a value for table and CSV views; `reveal`: this row's personal data unmasked.
std::string display_text(const Value& v, const Column& c, const RenderSpec& spec, bool reveal) {
  if (std::holds_alternative<std::monostate>(v)) return "";
  if (const auto* b = std::get_if<bool>(&v)) return term_in("yes-no", *b ? "yes" : "no", spec.lang);
  if (const auto* s = std::get_if<std::string>(&v)) {
    if (c.personal != Personal::no && !reveal) return mask_personal(*s, c.personal);
    if (c.terms && spec.lang == Lang::zh) return term_in(c.terms, *s, Lang::zh);
    return *s;
  }
  double d = std::holds_alternative<double>(v) ? std::get<double>(v) : static_cast<double>(std::get<std::int64_t>(v));
  switch (c.show) {
    case Show::percent:
      if (!std::isfinite(d)) return "";
      return fmt::format("{:.{}f}%", d * 100.0, c.precision);
    case Show::time:
      return format_local(static_cast<Epoch>(d));
    case Show::date:
      return format_date(static_cast<Epoch>(d));
    case Show::duration:
      return spec.lang == Lang::zh ? format_duration_zh(static_cast<std::int64_t>(d))
                                   : format_duration(static_cast<std::int64_t>(d));
    case Show::plain:
      break;
  }
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (!std::isfinite(d)) return "";
  return fmt::format("{:.{}f}", d, c.precision);
}

void write_json_value(JsonWriter& w, const Value& v, const Column& c, bool reveal) {
  if (std::holds_alternative<std::monostate>(v)) return w.null();
  if (const auto* b = std::get_if<bool>(&v)) return w.boolean(*b);
  if (const auto* s = std::get_if<std::string>(&v)) {
    if (c.personal != Personal::no && !reveal) return w.string(mask_personal(*s, c.personal));
    return w.string(*s);
  }
  if (c.show == Show::time || c.show == Show::date) {
    Epoch t = std::holds_alternative<std::int64_t>(v) ? std::get<std::int64_t>(v) : static_cast<Epoch>(std::get<double>(v));
    return w.string(c.show == Show::time ? format_iso(t) : format_date(t));
  }
  if (const auto* i = std::get_if<std::int64_t>(&v)) return w.integer(*i);
  double d = std::get<double>(v);
  if (!std::isfinite(d)) return w.null();
  // Round to a stable number of places so JSON does not carry float noise.
  double scale = std::pow(10.0, c.show == Show::percent ? c.precision + 4 : c.precision + 2);
  double r = std::round(d * scale) / scale;
  // A value so large that scaling overflows has no fraction to round; JSON has no inf.
  w.real(std::isfinite(r) ? r : d);
}

// `"key":` of every column, escaped once per table rather than once per row.
std::vector<std::string> json_keys(const Table& t) {
  std::vector<std::string> keys;
  keys.reserve(t.columns.size());
  for (const auto& c : t.columns) keys.push_back(json_quote(c.key) + ':');
  return keys;
}

// Streams the row into `out` without building a value for it.
// Whether row `r` of `t` is shown unmasked.
bool reveals(const Table& t, std::size_t r, const RenderSpec& spec) { return spec.reveal && t.row_visible(r); }

void write_json_row(std::string& out, const Table& t, const std::vector<std::string>& keys, std::size_t r,
                    const RenderSpec& spec) {
  JsonWriter w(out);
  const auto& row = t.rows[r];
  bool reveal = reveals(t, r, spec);
  out += '{';
  for (size_t i = 0; i < t.columns.size(); ++i) {
    if (i) out += ',';
    out += keys[i];
    write_json_value(w, i < row.size() ? row[i] : Value{}, t.columns[i], reveal);
  }
  out += '}';
}

std::string render_json(const Table& t, const RenderSpec& spec) {
  auto keys = json_keys(t);
  std::string out;
  if (t.single) {
    if (t.rows.empty()) return "{}";
    write_json_row(out, t, keys, 0, spec);
    return out;
  }
  out = "[";
  for (size_t r = 0; r < t.rows.size(); ++r) {
    out += r ? ",\n " : "\n ";
    write_json_row(out, t, keys, r, spec);
  }
  out += t.rows.empty() ? "]" : "\n]";
  return out;
}

// CSV is read in terminals as often as in spreadsheets: escapes and other control characters
// are shown as \x1B, as in a table; line breaks and tabs stay (quoted by csv_field).
std::string csv_printable(const std::string& text) {
  std::string out;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] != '\n' && text[i] != '\r' && text[i] != '\t') continue;
    out += terminal_safe(std::string_view(text).substr(start, i - start));
    if (i < text.size()) out += text[i];
    start = i + 1;
  }
  return out;
}

std::string render_csv(const Table& t, const RenderSpec& spec) {
  std::string out;
  if (spec.header) {
    for (size_t i = 0; i < t.columns.size(); ++i) {
      if (i) out += ',';
      out += csv_field(title_of(t.columns[i], spec.lang));
    }
    out += "\r\n";
  }
  for (size_t r = 0; r < t.rows.size(); ++r) {
    const auto& row = t.rows[r];
    bool reveal = reveals(t, r, spec);
    for (size_t i = 0; i < t.columns.size(); ++i) {
      if (i) out += ',';
      const Value& v = i < row.size() ? row[i] : Value{};
      std::string text = display_text(v, t.columns[i], spec, reveal);
      if (std::holds_alternative<std::string>(v)) text = csv_guard(csv_printable(text));
      out += csv_field(text);
    }
    out += "\r\n";
  }
  return out;
}

std::string pad_right(const std::string& s, int width) {
  int w = display_width(s);
  return w >= width ? s : s + std::string(static_cast<size_t>(width - w), ' ');
}
std::string pad_left(const std::string& s, int width) {
  int w = display_width(s);
  return w >= width ? s : std::string(static_cast<size_t>(width - w), ' ') + s;
}

std::string render_single(const Table& t, const RenderSpec& spec) {
  if (t.rows.empty()) return "";
  int label_w = 0;
  for (const auto& c : t.columns) label_w = std::max(label_w, display_width(title_of(c, spec.lang)));
  std::string out;
  const auto& row = t.rows.front();
  for (size_t i = 0; i < t.columns.size(); ++i) {
    std::string label = title_of(t.columns[i], spec.lang);
    if (spec.color) label = "\x1b[1m" + pad_right(label, label_w) + "\x1b[0m";
    else label = pad_right(label, label_w);
    std::string value = terminal_safe(display_text(i < row.size() ? row[i] : Value{}, t.columns[i], spec, reveals(t, 0, spec)));
    out += label + "  " + value + "\n";
  }
  return out;
}

std::string render_terminal(const Table& t, const RenderSpec& spec) {
  if (t.single) return render_single(t, spec);
  const size_t n = t.columns.size();
  std::vector<std::vector<std::string>> cells;
  cells.reserve(t.rows.size());
  std::vector<int> width(n, 0);
  std::vector<bool> right(n, false);
  for (size_t i = 0; i < n; ++i)
    if (spec.header) width[i] = display_width(title_of(t.columns[i], spec.lang));
  for (size_t r = 0; r < t.rows.size(); ++r) {
    const auto& row = t.rows[r];
    bool reveal = reveals(t, r, spec);
    std::vector<std::string> line(n);
    for (size_t i = 0; i < n; ++i) {
      const Value& v = i < row.size() ? row[i] : Value{};
      line[i] = terminal_safe(display_text(v, t.columns[i], spec, reveal));
      if (is_numeric(v) && t.columns[i].show != Show::time && t.columns[i].show != Show::date) right[i] = true;
      width[i] = std::max(width[i], display_width(line[i]));
    }
    cells.push_back(std::move(line));
  }
  // Fit the terminal: shrink the widest text columns, never below 6 columns.
  if (spec.terminal_width > 0 && n > 0) {
    auto total = [&] {
      int s = 0;
      for (int w : width) s += w;
      return s + 2 * static_cast<int>(n - 1);
    };
    while (total() > spec.terminal_width) {
      size_t widest = n;
      for (size_t i = 0; i < n; ++i)
        if (!right[i] && width[i] > 6 && (widest == n || width[i] > width[widest])) widest = i;
      if (widest == n) break;
      width[widest] = std::max(6, width[widest] - (total() - spec.terminal_width));
    }
  }
  std::string out;
  auto emit_line = [&](const std::vector<std::string>& line, bool heading) {
    std::string text;
    for (size_t i = 0; i < n; ++i) {
      std::string cell = truncate_to_width(line[i], width[i]);
      bool last = i + 1 == n;
      std::string padded = right[i] ? pad_left(cell, width[i]) : (last ? cell : pad_right(cell, width[i]));
      if (heading && spec.color) padded = "\x1b[1m" + padded + "\x1b[0m";
      text += padded;
      if (!last) text += "  ";
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out += text + "\n";
  };
  if (spec.header) {
    std::vector<std::string> heads;
    for (const auto& c : t.columns) heads.push_back(title_of(c, spec.lang));
    emit_line(heads, true);
    std::vector<std::string> rule;
    for (size_t i = 0; i < n; ++i) rule.push_back(std::string(static_cast<size_t>(width[i]), '-'));
    emit_line(rule, false);
  }
  for (const auto& line : cells) emit_line(line, false);
  return out;
}

}  // namespace

std::string csv_guard(const std::string& text) {
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' || text[0] == '\t' ||
                        text[0] == '\r'))
    return "'" + text;
  return text;
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += "\"\"";
    else out += c;
  }
  return out + "\"";
}

std::string render(const Table& table, const RenderSpec& spec) {
  switch (spec.format) {
    case Format::json: return render_json(table, spec) + "\n";
    case Format::csv: return (spec.bom ? "\xEF\xBB\xBF" : "") + render_csv(table, spec);
    case Format::table: return render_terminal(table, spec);
    case Format::xlsx: throw std::logic_error("a workbook is written by write_workbook, not rendered as text");
  }
  return "";
}

std::string render_sections(const std::vector<Table>& tables, const RenderSpec& spec) {
  if (spec.format == Format::xlsx) throw std::logic_error("a workbook is written by write_workbook, not rendered as text");
  std::string out;
  if (spec.format == Format::json) {
    out = "{";
    for (size_t i = 0; i < tables.size(); ++i) {
      if (i) out += ",";
      out += "\n" + json_quote(tables[i].name) + ": " + render_json(tables[i], spec);
    }
    return out + "\n}\n";
  }
  if (spec.format == Format::csv && spec.bom) out += "\xEF\xBB\xBF";
  for (size_t i = 0; i < tables.size(); ++i) {
    const auto& t = tables[i];
    const std::string& title = (spec.lang == Lang::zh && !t.title_zh.empty()) ? t.title_zh : t.title_en;
    if (i) out += spec.format == Format::csv ? "\r\n" : "\n";
    if (spec.format == Format::csv) {
      if (!title.empty()) out += csv_field(title) + "\r\n";
      out += render_csv(t, spec);
    } else {
      if (!title.empty()) out += (spec.color ? "\x1b[1m" + title + "\x1b[0m" : title) + "\n";
      out += render_terminal(t, spec);
    }
  }
  return out;
}

namespace {
std::size_t count_personal_rows(const Table& table, bool visible_only) {
  std::vector<std::size_t> personal;
  for (std::size_t i = 0; i < table.columns.size(); ++i)
    if (table.columns[i].personal != Personal::no) personal.push_back(i);
  std::size_t n = 0;
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    if (visible_only && !table.row_visible(r)) continue;
    const auto& row = table.rows[r];
    n += std::any_of(personal.begin(), personal.end(), [&](std::size_t i) {
      const auto* s = i < row.size() ? std::get_if<std::string>(&row[i]) : nullptr;
      return s && !s->empty();
    });
  }
  return n;
}
}  // namespace

std::size_t personal_rows(const Table& table) { return count_personal_rows(table, false); }
std::size_t visible_personal_rows(const Table& table) { return count_personal_rows(table, true); }

const std::string& heading(const Column& c, Lang lang) {
  return (lang == Lang::zh && !c.title_zh.empty()) ? c.title_zh : c.title_en;
}

std::string cell_text(const Table& table, std::size_t row, std::size_t column, const RenderSpec& spec) {
  const auto& values = table.rows[row];
  return display_text(column < values.size() ? values[column] : Value{}, table.columns[column], spec, reveals(table, row, spec));
}

std::string printable_text(const std::string& text) { return csv_printable(text); }


}  // namespace csdesk
