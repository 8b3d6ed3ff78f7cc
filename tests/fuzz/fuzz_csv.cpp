// libFuzzer target: the CSV/TSV reader never crashes, numbers lines in order, and reads the same
// records — fields, errors and all — whether the bytes arrive at once or in small chunks (as from a pipe).
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "import/csv.hpp"

using namespace csdesk;

namespace {
bool same(const CsvRecord& a, const CsvRecord& b) {
  return a.line == b.line && a.error == b.error && a.error_column == b.error_column && a.fatal == b.fatal &&
         a.fields == b.fields;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::size_t chunk = 1 + data[0] % 13;  // the first byte picks the chunk size
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto whole = parse_csv(text);
  auto chunked = parse_csv(text, 0, {}, chunk);
  if (chunked.size() != whole.size()) std::abort();
  std::size_t last_line = 0;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (!same(chunked[i], whole[i])) std::abort();
    if (chunked[i].line < 1 || chunked[i].line < last_line) std::abort();
    last_line = chunked[i].line;
  }
  return 0;
}
