#pragma once
// The rejects file of an import: the original columns plus `reason` and `line`, as CSV with a
// UTF-8 BOM (Excel/WPS), created owner-only (0600: it holds personal data), so the rows can be
// corrected and imported again (the two extra columns are ignored then).
#include <cstdio>
#include <string>
#include <vector>

#include "import/importer.hpp"

namespace csdesk {

class RejectsFile {
 public:
  RejectsFile(const std::string& path, const std::vector<std::string>& headers);
  ~RejectsFile();
  RejectsFile(const RejectsFile&) = delete;
  RejectsFile& operator=(const RejectsFile&) = delete;
  void add(const RejectedRow& row);
  void close();  // throws when the data could not be written

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
  std::size_t columns_ = 0;
};

}  // namespace csdesk
