#pragma once
// Excel workbooks (`--format xlsx --output FILE`), written with libxlsxwriter from the same Tables
// the renderer draws, one sheet per table:
// - cells typed by the Value and Column::show: numbers as numbers (to the column's precision),
//   Show::percent as a percentage, Show::time / Show::date as Excel dates in the configured time
//   zone, Show::duration as a number of hours, booleans as booleans, text as text (record numbers
//   and phones stay text; a text starting with = is text, never a formula);
// - personal data masked by the renderer's cell_text(), exactly as in the table, CSV and JSON;
// - headings per --lang in a bold, frozen first row; column widths from the display width of
//   what the cells show (CJK counts two);
// - libxlsxwriter's constant-memory mode: each row goes to disk as soon as the next one starts;
// - into an OutputFile's temporary, committed only once the workbook is complete.
#include <memory>
#include <string>
#include <vector>

#include "output/output_file.hpp"
#include "output/render.hpp"

namespace csdesk {

// A native chart drawn beside the table it plots: labels and values are two of its columns.
struct WorkbookChart {
  enum class Kind { column, line } kind = Kind::column;
  std::string table;     // Table::name of the sheet holding the data
  std::string category;  // column key of the labels
  std::string value;     // column key of the values
  std::string title_en, title_zh;
};

// The charts of the report sections (src/report/): intake by channel, complaints by category,
// satisfaction over the periods. Each is drawn wherever its table is written.
const std::vector<WorkbookChart>& section_charts();

// Largest sheet Excel opens: 1,048,576 rows including the heading.
constexpr std::size_t kWorkbookMaxRows = 1048576;

// The sheet names for these tables: titles per `lang` (else the table's name, else `fallback`),
// made valid for Excel (31 characters, none of []:*?/\, unique regardless of case).
std::vector<std::string> sheet_names(const std::vector<const Table*>& tables, Lang lang, const std::string& fallback);

// Writes `tables` as one workbook through `file` and commits it. A table that does not fit a
// sheet, or a cell that does not fit a cell, is refused (invalid, naming sheet, row and column).
void write_workbook(OutputFile& file, const std::vector<const Table*>& tables, const RenderSpec& spec,
                    const std::string& fallback_sheet, const std::vector<WorkbookChart>& charts = section_charts());

// A workbook of one sheet written row by row as the rows come (an import's rejects), in
// constant memory: a bold, frozen heading row; text cells as text (never a formula), integers as
// numbers; column widths from the display width of the content. Nothing appears at `file`'s
// path until commit(); destroyed before, the workbook is dropped. `flag` names the file in messages.
class WorkbookStream {
 public:
  WorkbookStream(OutputFile& file, const std::string& flag, const std::string& sheet,
                 const std::vector<std::string>& headings);
  ~WorkbookStream();
  WorkbookStream(const WorkbookStream&) = delete;
  WorkbookStream& operator=(const WorkbookStream&) = delete;
  // A row past the last a sheet holds, or a text longer than a cell holds, is refused (invalid,
  // naming the row and column, saying to name a .csv file instead).
  void add_row(const std::vector<Value>& cells);
  void commit();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace csdesk
