#pragma once
// Reads one sheet of an Excel workbook (.xlsx: a zip archive of XML parts, opened with libzip,
// parsed with expat) as rows of text cells, the records the CSV reader yields, so that the
// importer treats both alike. The sheet is parsed as it is inflated, never whole in memory;
// the shared strings table is read first and held, within limits.
//
// A hostile workbook is bad input: a part that inflates past the limits or far beyond its
// compressed size (a zip bomb), XML nested deeper than a workbook ever is, a DOCTYPE (entity
// expansion), a tag without end, a damaged archive or a missing part each throw invalid (exit 3)
// naming the file, the part and what to do, within bounded memory and time.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "import/csv.hpp"

namespace csdesk {

struct XlsxLimits {
  std::size_t max_field_bytes = CsvLimits::kDefaultFieldBytes;  // a cell's text (import.max_field_bytes)
  std::size_t max_columns = 1024;
  // The shared strings table is held whole: at most this many strings of this many bytes in all.
  std::size_t max_shared_strings = std::size_t{1} << 23;
  std::size_t max_shared_string_bytes = 256 * CsvLimits::kDefaultFieldBytes;
  // All parts inflated together; a part may inflate to at most kMaxRatio times its compressed
  // size (past its first kRatioFreeBytes): XML compresses 10 to 50 times, a zip bomb 1,000.
  std::uint64_t max_inflated_bytes = std::uint64_t{4} << 30;
  static constexpr std::uint64_t kMaxRatio = 250, kRatioFreeBytes = 16 << 20;
  static constexpr int kMaxDepth = 64;  // a sheet nests 7 deep (worksheet/sheetData/row/c/is/r/t)
  // Bytes expat may hold without reporting anything (one tag): bounds its buffer.
  std::size_t max_tag_bytes() const { return 4 * max_field_bytes; }
};
XlsxLimits xlsx_limits(const CsvLimits& csv);

// A workbook is a zip archive: told by its first bytes, whatever the file is called.
inline constexpr std::string_view kZipSignature{"PK\x03\x04", 4};
// Whether `path` is a regular file holding a workbook. stdin ("-") never is: libzip must seek, and
// a workbook arriving on stdin is refused by the text reader, which sees the same signature.
bool is_workbook_file(const std::string& path);

// A record of the sheet: `line` is the sheet's row number; numeric[i] says field i was a number
// cell (a phone typed as a number may have lost its leading 0).
struct SheetRow {
  CsvRecord record;
  std::vector<bool> numeric;
};

class XlsxReader {
 public:
  // `display_name` names the file in messages; `sheet` picks a sheet by name (else the first).
  static std::unique_ptr<XlsxReader> open_file(const std::string& path, std::string display_name,
                                               std::optional<std::string> sheet, XlsxLimits limits = {});
  static std::unique_ptr<XlsxReader> open_memory(std::string_view bytes, std::string display_name,
                                                 std::optional<std::string> sheet, XlsxLimits limits = {});
  ~XlsxReader();
  XlsxReader(const XlsxReader&) = delete;
  XlsxReader& operator=(const XlsxReader&) = delete;

  const std::string& sheet_name() const;
  const std::vector<std::string>& sheet_names() const;
  // The next row holding a value; false at the end. Empty rows and trailing empty cells are left out.
  bool next(SheetRow& row);
  // How far through the sheet's XML (inflated bytes) the reading is, and the sheet's declared size.
  std::uint64_t sheet_bytes_read() const;
  std::uint64_t sheet_bytes() const;
  // The last row the sheet's <dimension> names (known once the first row is read), 0 when none.
  std::uint32_t declared_rows() const;
  // The header row's title above it, merged across the columns ("2026年活动签到表"), when one was skipped.
  const std::string& skipped_title() const;

  struct Impl;

 private:
  explicit XlsxReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Reads a whole workbook's sheet (tests and fuzzing).
std::vector<SheetRow> read_xlsx(std::string_view bytes, std::optional<std::string> sheet = std::nullopt,
                                XlsxLimits limits = {});

}  // namespace csdesk
