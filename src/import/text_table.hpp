#pragma once
// A small CSV/TSV file read whole, for imports other than the customer list (purchases): its
// encoding detected as the customer import detects it (BOM, UTF-8, GB18030/GBK, Big5, UTF-16) or
// named, decoded to UTF-8 and split into records by the same CSV reader, the header first.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "import/csv.hpp"
#include "import/encoding.hpp"

namespace csdesk {

struct TextTable {
  std::vector<std::string> headers;
  std::vector<CsvRecord> rows;  // each with its physical line; an unreadable one carries its error
  Encoding encoding = Encoding::utf8;
  std::int64_t bytes = 0;
  std::string sha256;
};

// Throws invalid (exit 3) naming `path` when the file cannot be read as text in one encoding, is
// a workbook, is empty, or its header row cannot be read; not found (4) when it cannot be opened.
TextTable read_text_table(const std::string& path, std::optional<Encoding> encoding, CsvLimits limits = {});

}  // namespace csdesk
