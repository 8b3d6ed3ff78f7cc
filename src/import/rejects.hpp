#pragma once
// The rejects file of an import: the original columns plus `reason` and `line`, as CSV with a
// UTF-8 BOM (Excel/WPS) or, when its name ends in .xlsx, as a workbook of one sheet (the fields as
// text, as read; `line` a number) written row by row in constant memory. Created owner-only
// (0600: it holds personal data), so the rows can be corrected and imported again (the two extra
// columns are ignored then, and the rows rejected again get a new reason and line in place of them). Written through an OutputFile: it appears only once complete, and
// never over the database or an unforced file.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "import/importer.hpp"
#include "output/output_file.hpp"

namespace csdesk {

class WorkbookStream;

// A rejects file named *.xlsx (any case) is written as a workbook.
bool names_workbook(const std::string& path);

class RejectsFile {
 public:
  RejectsFile(OutputRequest request, const std::vector<std::string>& headers);
  ~RejectsFile();
  RejectsFile(const RejectsFile&) = delete;
  RejectsFile& operator=(const RejectsFile&) = delete;
  void add(const RejectedRow& row);
  void close();  // puts the file in place; throws when the data could not be written
  const std::vector<std::string>& stale_removed() const { return output_->stale_removed(); }

 private:
  std::unique_ptr<OutputFile> output_;
  std::FILE* file_ = nullptr;               // CSV
  std::unique_ptr<WorkbookStream> workbook_;  // or a workbook
  std::size_t columns_ = 0;
  bool replaces_reason_ = false;  // the input is a rejects file: its reason and line are dropped
};

}  // namespace csdesk
