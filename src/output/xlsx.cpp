#include "output/xlsx.hpp"

#include <dlfcn.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "util/error.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

namespace csdesk {
namespace {

// libxlsxwriter is loaded when a workbook is written, not at every start: it brings minizip and
// libcrypto, which added ~40 % to a one-off command's start (dynamic loading and relocation).
#define CSDESK_XLSXWRITER_FUNCTIONS(X)                                                                    \
  X(workbook_new_opt) \
  X(workbook_add_format) \
  X(format_set_bold) \
  X(format_set_num_format) \
  X(lxw_workbook_free) \
  X(worksheet_write_string) \
  X(worksheet_freeze_panes) \
  X(worksheet_set_column) \
  X(worksheet_write_boolean) \
  X(worksheet_write_number) \
  X(worksheet_write_datetime) \
  X(lxw_strerror) \
  X(workbook_add_chart) \
  X(chart_add_series) \
  X(chart_series_set_categories) \
  X(chart_series_set_values) \
  X(chart_series_set_name_range) \
  X(chart_title_set_name) \
  X(chart_legend_set_position) \
  X(chart_axis_set_num_format) \
  X(worksheet_insert_chart) \
  X(workbook_add_worksheet) \
  X(workbook_close)

struct XlsxWriter {
#define CSDESK_POINTER(name) decltype(&::name) name = nullptr;
  CSDESK_XLSXWRITER_FUNCTIONS(CSDESK_POINTER)
#undef CSDESK_POINTER
};

const XlsxWriter& lxw() {
  static const XlsxWriter api = [] {
    void* library = ::dlopen(CSDESK_XLSXWRITER_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!library)
      fail_invalid("writing a workbook (--format xlsx, --rejects FILE.xlsx) needs libxlsxwriter ({}; Debian package libxlsxwriter4): {}", CSDESK_XLSXWRITER_SONAME,
                   ::dlerror());
    XlsxWriter a;
#define CSDESK_RESOLVE(name)                                                                     \
  a.name = reinterpret_cast<decltype(&::name)>(::dlsym(library, #name));                        \
  if (!a.name) fail_invalid("writing a workbook: {} has no {}; reinstall libxlsxwriter", CSDESK_XLSXWRITER_SONAME, #name);
    CSDESK_XLSXWRITER_FUNCTIONS(CSDESK_RESOLVE)
#undef CSDESK_RESOLVE
    return a;
  }();
  return api;
}

constexpr int kMaxSheetNameUnits = 31;  // Excel counts UTF-16 code units
constexpr int kMaxColumnWidth = 60;     // wider text wraps the view, not the data
constexpr double kExactIntegers = 9007199254740992.0;  // 2^53: larger integers stay exact as text
// Past this many cells a sheet's XML may pass 4 GiB and the archive needs ZIP64 (which some
// older Excel for Mac builds refuse, so it is not used for ordinary workbooks).
constexpr std::size_t kZip64Cells = 20'000'000;

std::string ascii_lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// At most `units` UTF-16 code units of `text`, cut between characters.
std::string cut_to_units(const std::string& text, int units) {
  std::size_t i = 0;
  int used = 0;
  while (i < text.size()) {
    auto lead = static_cast<unsigned char>(text[i]);
    std::size_t n = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    int cost = n == 4 ? 2 : 1;
    if (used + cost > units) break;
    used += cost;
    i += n;
  }
  return text.substr(0, std::min(i, text.size()));
}

std::string valid_sheet_name(std::string name) {
  for (char& c : name)
    if (std::string_view("[]:*?/\\").find(c) != std::string_view::npos || static_cast<unsigned char>(c) < 0x20) c = '_';
  while (!name.empty() && name.front() == '\'') name.erase(name.begin());
  name = cut_to_units(name, kMaxSheetNameUnits);
  while (!name.empty() && (name.back() == '\'' || name.back() == ' ')) name.pop_back();
  return name;
}

std::string zeros(int places) { return places > 0 ? "." + std::string(static_cast<std::size_t>(places), '0') : ""; }

// The cell formats of one workbook, made once each.
class Formats {
 public:
  explicit Formats(lxw_workbook* workbook) : workbook_(workbook) {}

  lxw_format* heading() {
    if (!heading_) {
      heading_ = lxw().workbook_add_format(workbook_);
      lxw().format_set_bold(heading_);
    }
    return heading_;
  }
  lxw_format* number(const std::string& pattern) {
    auto [it, added] = numbers_.try_emplace(pattern, nullptr);
    if (added) {
      it->second = lxw().workbook_add_format(workbook_);
      lxw().format_set_num_format(it->second, pattern.c_str());
    }
    return it->second;
  }

 private:
  lxw_workbook* workbook_;
  lxw_format* heading_ = nullptr;
  std::map<std::string, lxw_format*> numbers_;
};

struct WorkbookDeleter {
  void operator()(lxw_workbook* w) const { lxw().lxw_workbook_free(w); }
};

class SheetWriter {
 public:
  SheetWriter(const OutputFile& file, lxw_worksheet* sheet, const std::string& name, const Table& table,
              const RenderSpec& spec, Formats& formats)
      : file_(file), sheet_(sheet), name_(name), table_(table), spec_(spec), formats_(formats) {}

  void write() {
    const auto& columns = table_.columns;
    std::vector<int> width(columns.size(), 0);
    lxw_row_t row = 0;
    if (spec_.header) {
      for (std::size_t c = 0; c < columns.size(); ++c) {
        const std::string& title = csdesk::heading(columns[c], spec_.lang);
        check(lxw().worksheet_write_string(sheet_, 0, static_cast<lxw_col_t>(c), title.c_str(), formats_.heading()), 0, c);
        width[c] = display_width(title);
      }
      lxw().worksheet_freeze_panes(sheet_, 1, 0);
      row = 1;
    }
    for (std::size_t r = 0; r < table_.rows.size(); ++r) {
      const auto& values = table_.rows[r];
      for (std::size_t c = 0; c < columns.size(); ++c) {
        const Value& v = c < values.size() ? values[c] : Value{};
        std::string shown = cell_text(table_, r, c, spec_);
        width[c] = std::max(width[c], std::min(display_width(shown), kMaxColumnWidth));
        cell(row, c, v, columns[c], shown);
      }
      ++row;
    }
    for (std::size_t c = 0; c < columns.size(); ++c)
      lxw().worksheet_set_column(sheet_, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), width[c] + 2, nullptr);
  }

 private:
  void cell(lxw_row_t row, std::size_t c, const Value& v, const Column& column, const std::string& shown) {
    auto col = static_cast<lxw_col_t>(c);
    if (std::holds_alternative<std::monostate>(v)) return;
    if (const auto* b = std::get_if<bool>(&v)) return check(lxw().worksheet_write_boolean(sheet_, row, col, *b, nullptr), row, c);
    // Text is written as text, whatever it starts with: never a formula. Masked as shown, and
    // with control characters visible as in CSV: XML cannot carry them, and libxlsxwriter's
    // _xHHHH_ escapes are not read back by every program.
    if (std::holds_alternative<std::string>(v)) return text(row, c, printable_text(shown));
    const auto* i = std::get_if<std::int64_t>(&v);
    double d = i ? static_cast<double>(*i) : std::get<double>(v);
    if (!std::isfinite(d)) return;
    switch (column.show) {
      case Show::time:
      case Show::date: return moment(row, c, static_cast<Epoch>(d), column.show == Show::date, shown);
      case Show::percent: return number(row, c, d, "0" + zeros(column.precision) + "%");
      case Show::duration: return number(row, c, d / 3600.0, "0.00\" h\"");
      case Show::plain: break;
    }
    if (i) {
      if (std::fabs(d) >= kExactIntegers) return text(row, c, std::to_string(*i));
      return check(lxw().worksheet_write_number(sheet_, row, col, d, nullptr), row, c);
    }
    number(row, c, d, "0" + zeros(column.precision));
  }

  void text(lxw_row_t row, std::size_t c, const std::string& value) {
    lxw_error e = lxw().worksheet_write_string(sheet_, row, static_cast<lxw_col_t>(c), value.c_str(), nullptr);
    if (e == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED)
      fail_invalid("--output: '{}': sheet '{}', row {}, column '{}': the text is longer than a workbook cell holds "
                   "(32,767 characters); use --format csv for this listing",
                   file_.path(), name_, row + 1, csdesk::heading(table_.columns[c], spec_.lang));
    check(e, row, c);
  }

  void number(lxw_row_t row, std::size_t c, double value, const std::string& pattern) {
    check(lxw().worksheet_write_number(sheet_, row, static_cast<lxw_col_t>(c), value, formats_.number(pattern)), row, c);
  }

  // Excel dates run from 1900 to 9999: anything else stays the text the other formats show.
  void moment(lxw_row_t row, std::size_t c, Epoch t, bool date_only, const std::string& shown) {
    LocalTime l = to_local(t);
    if (l.year < 1900 || l.year > 9999) return text(row, c, date_only ? shown : format_iso(t));
    lxw_datetime when{l.year, l.month, l.day, date_only ? 0 : l.hour, date_only ? 0 : l.minute,
                      date_only ? 0.0 : static_cast<double>(l.second)};
    lxw_format* f = formats_.number(date_only ? "yyyy-mm-dd" : "yyyy-mm-dd hh:mm");
    check(lxw().worksheet_write_datetime(sheet_, row, static_cast<lxw_col_t>(c), &when, f), row, c);
  }

  void check(lxw_error e, lxw_row_t row, std::size_t c) const {
    if (e == LXW_NO_ERROR) return;
    fail_invalid("--output: '{}': sheet '{}', row {}, column '{}': {}", file_.path(), name_, row + 1,
                 csdesk::heading(table_.columns[c], spec_.lang), lxw().lxw_strerror(e));
  }

  const OutputFile& file_;
  lxw_worksheet* sheet_;
  const std::string& name_;
  const Table& table_;
  const RenderSpec& spec_;
  Formats& formats_;
};

std::optional<std::size_t> column_index(const Table& t, const std::string& key) {
  for (std::size_t i = 0; i < t.columns.size(); ++i)
    if (t.columns[i].key == key) return i;
  return std::nullopt;
}

void add_chart(const OutputFile& file, lxw_workbook* workbook, lxw_worksheet* sheet, const std::string& sheet_name,
               const Table& table, const WorkbookChart& hint, const RenderSpec& spec) {
  auto category = column_index(table, hint.category), value = column_index(table, hint.value);
  if (!category || !value || table.rows.empty()) return;
  auto first = static_cast<lxw_row_t>(spec.header ? 1 : 0);
  auto last = static_cast<lxw_row_t>(first + table.rows.size() - 1);
  lxw_chart* chart = lxw().workbook_add_chart(workbook, hint.kind == WorkbookChart::Kind::line ? LXW_CHART_LINE : LXW_CHART_COLUMN);
  lxw_chart_series* series = lxw().chart_add_series(chart, nullptr, nullptr);
  lxw().chart_series_set_categories(series, sheet_name.c_str(), first, static_cast<lxw_col_t>(*category), last,
                              static_cast<lxw_col_t>(*category));
  lxw().chart_series_set_values(series, sheet_name.c_str(), first, static_cast<lxw_col_t>(*value), last,
                          static_cast<lxw_col_t>(*value));
  if (spec.header) lxw().chart_series_set_name_range(series, sheet_name.c_str(), 0, static_cast<lxw_col_t>(*value));
  const std::string& title = spec.lang == Lang::zh && !hint.title_zh.empty() ? hint.title_zh : hint.title_en;
  lxw().chart_title_set_name(chart, title.c_str());
  lxw().chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
  if (table.columns[*value].show == Show::percent) lxw().chart_axis_set_num_format(chart->y_axis, "0%");
  // Beside the table, one column clear of it.
  lxw_error e = lxw().worksheet_insert_chart(sheet, 1, static_cast<lxw_col_t>(table.columns.size() + 1), chart);
  if (e != LXW_NO_ERROR) fail_invalid("--output: '{}': chart on sheet '{}': {}", file.path(), sheet_name, lxw().lxw_strerror(e));
}

lxw_workbook* new_workbook(const std::string& flag, const OutputFile& file, bool zip64) {
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;
  options.use_zip64 = zip64 ? LXW_TRUE : LXW_FALSE;
  // libxlsxwriter (re)opens the temporary by name: it stays the 0600 file OutputFile made.
  lxw_workbook* workbook = lxw().workbook_new_opt(file.temporary().c_str(), &options);
  if (!workbook) fail_invalid("{}: cannot start the workbook '{}'", flag, file.path());
  return workbook;
}

}  // namespace

struct WorkbookStream::Impl {
  OutputFile& file;
  std::string flag;
  std::unique_ptr<lxw_workbook, WorkbookDeleter> workbook;
  lxw_worksheet* sheet = nullptr;
  std::string sheet_name;
  std::vector<std::string> headings;
  std::vector<int> width;
  lxw_row_t row = 0;

  void check(lxw_error e, std::size_t c) const {
    if (e == LXW_NO_ERROR) return;
    if (e == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED)
      fail_invalid("{}: '{}': sheet '{}', row {}, column '{}': the text is longer than a workbook cell holds (32,767 "
                   "characters); name a .csv file instead",
                   flag, file.path(), sheet_name, row + 1, headings[c]);
    fail_invalid("{}: '{}': sheet '{}', row {}, column '{}': {}", flag, file.path(), sheet_name, row + 1, headings[c],
                 lxw().lxw_strerror(e));
  }
};

WorkbookStream::WorkbookStream(OutputFile& file, const std::string& flag, const std::string& sheet,
                               const std::vector<std::string>& headings)
    : impl_(std::make_unique<Impl>(Impl{file, flag, nullptr, nullptr, valid_sheet_name(sheet), headings, {}, 0})) {
  Impl& w = *impl_;
  // A streamed sheet holds at most kWorkbookMaxRows rows, far below the cells that need ZIP64.
  w.workbook.reset(new_workbook(flag, file, false));
  w.sheet = lxw().workbook_add_worksheet(w.workbook.get(), w.sheet_name.empty() ? nullptr : w.sheet_name.c_str());
  if (!w.sheet) fail_invalid("{}: '{}': cannot add the sheet '{}'", flag, file.path(), w.sheet_name);
  Formats formats(w.workbook.get());
  for (std::size_t c = 0; c < headings.size(); ++c) {
    w.check(lxw().worksheet_write_string(w.sheet, 0, static_cast<lxw_col_t>(c), printable_text(headings[c]).c_str(),
                                         formats.heading()),
            c);
    w.width.push_back(std::min(display_width(headings[c]), kMaxColumnWidth));
  }
  lxw().worksheet_freeze_panes(w.sheet, 1, 0);
  w.row = 1;
}

WorkbookStream::~WorkbookStream() = default;

void WorkbookStream::add_row(const std::vector<Value>& cells) {
  Impl& w = *impl_;
  if (w.row >= kWorkbookMaxRows)
    fail_invalid("{}: '{}': more than {} rows (heading included), which is all a workbook sheet holds; name a .csv "
                 "file instead",
                 w.flag, w.file.path(), kWorkbookMaxRows);
  if (cells.size() > w.width.size()) {
    w.headings.resize(cells.size());
    w.width.resize(cells.size(), 0);
  }
  for (std::size_t c = 0; c < cells.size(); ++c) {
    auto col = static_cast<lxw_col_t>(c);
    const Value& v = cells[c];
    if (const auto* text = std::get_if<std::string>(&v)) {
      if (text->empty()) continue;
      std::string shown = printable_text(*text);
      w.width[c] = std::max(w.width[c], std::min(display_width(shown), kMaxColumnWidth));
      w.check(lxw().worksheet_write_string(w.sheet, w.row, col, shown.c_str(), nullptr), c);
    } else if (const auto* i = std::get_if<std::int64_t>(&v)) {
      w.width[c] = std::max(w.width[c], static_cast<int>(std::to_string(*i).size()));
      w.check(lxw().worksheet_write_number(w.sheet, w.row, col, static_cast<double>(*i), nullptr), c);
    } else if (const auto* d = std::get_if<double>(&v); d && std::isfinite(*d)) {
      w.check(lxw().worksheet_write_number(w.sheet, w.row, col, *d, nullptr), c);
    } else if (const auto* b = std::get_if<bool>(&v)) {
      w.check(lxw().worksheet_write_boolean(w.sheet, w.row, col, *b, nullptr), c);
    }
  }
  ++w.row;
}

void WorkbookStream::commit() {
  Impl& w = *impl_;
  for (std::size_t c = 0; c < w.width.size(); ++c)
    lxw().worksheet_set_column(w.sheet, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), w.width[c] + 2, nullptr);
  lxw_error e = lxw().workbook_close(w.workbook.release());
  if (e != LXW_NO_ERROR)
    fail_invalid("{}: could not write the workbook '{}': {}", w.flag, w.file.path(), lxw().lxw_strerror(e));
  w.file.commit();
}

const std::vector<WorkbookChart>& section_charts() {
  static const std::vector<WorkbookChart> charts = {
      {WorkbookChart::Kind::column, "intake_channels", "channel", "new_customers", "New customers by channel",
       "各渠道新客户"},
      {WorkbookChart::Kind::column, "complaints_by_category", "category", "opened", "Complaints by category",
       "投诉类别分布"},
      {WorkbookChart::Kind::line, "satisfaction_trend", "period", "satisfaction_rate", "Satisfaction rate trend",
       "满意率走势"},
  };
  return charts;
}

std::vector<std::string> sheet_names(const std::vector<const Table*>& tables, Lang lang, const std::string& fallback) {
  // "History" is reserved by Excel for its change tracking.
  std::set<std::string> used{"history"};
  std::vector<std::string> names;
  for (const Table* t : tables) {
    const std::string& title = lang == Lang::zh && !t->title_zh.empty() ? t->title_zh : t->title_en;
    std::string name = valid_sheet_name(title);
    if (name.empty()) name = valid_sheet_name(t->name);
    if (name.empty()) name = valid_sheet_name(fallback);
    if (name.empty()) name = "Sheet";
    std::string unique = name;
    for (int n = 2; used.count(ascii_lower(unique)); ++n) {
      std::string suffix = fmt::format(" ({})", n);
      unique = cut_to_units(name, kMaxSheetNameUnits - static_cast<int>(suffix.size())) + suffix;
    }
    used.insert(ascii_lower(unique));
    names.push_back(unique);
  }
  return names;
}

void write_workbook(OutputFile& file, const std::vector<const Table*>& tables, const RenderSpec& spec,
                    const std::string& fallback_sheet, const std::vector<WorkbookChart>& charts) {
  std::vector<std::string> names = sheet_names(tables, spec.lang, fallback_sheet);
  std::size_t cells = 0;
  for (std::size_t i = 0; i < tables.size(); ++i) {
    std::size_t rows = tables[i]->rows.size() + (spec.header ? 1 : 0);
    if (rows > kWorkbookMaxRows)
      fail_invalid("--output: '{}': sheet '{}' would have {} rows; a workbook sheet holds at most {} (heading "
                   "included): narrow the listing or use --format csv",
                   file.path(), names[i], rows, kWorkbookMaxRows);
    cells += rows * tables[i]->columns.size();
  }

  std::unique_ptr<lxw_workbook, WorkbookDeleter> workbook(new_workbook("--output", file, cells > kZip64Cells));
  Formats formats(workbook.get());
  std::vector<lxw_worksheet*> sheets;
  for (std::size_t i = 0; i < tables.size(); ++i) {
    lxw_worksheet* sheet = lxw().workbook_add_worksheet(workbook.get(), names[i].c_str());
    if (!sheet) fail_invalid("--output: '{}': cannot add the sheet '{}'", file.path(), names[i]);
    SheetWriter(file, sheet, names[i], *tables[i], spec, formats).write();
    sheets.push_back(sheet);
  }
  if (tables.empty()) {
    std::string name = valid_sheet_name(fallback_sheet);
    lxw().workbook_add_worksheet(workbook.get(), name.empty() ? nullptr : name.c_str());
  }
  for (const auto& hint : charts)
    for (std::size_t i = 0; i < tables.size(); ++i)
      if (tables[i]->name == hint.table) add_chart(file, workbook.get(), sheets[i], names[i], *tables[i], hint, spec);

  lxw_error e = lxw().workbook_close(workbook.release());
  if (e != LXW_NO_ERROR) fail_invalid("--output: could not write the workbook '{}': {}", file.path(), lxw().lxw_strerror(e));
  file.commit();
}

}  // namespace csdesk
