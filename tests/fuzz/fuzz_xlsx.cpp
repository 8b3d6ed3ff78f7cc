// libFuzzer target: the workbook reader never crashes on any bytes, and whatever it reads keeps
// its limits: rows in ascending order within Excel's 1,048,576, fields within the field limit,
// no more columns than allowed, a flag for every field. Bad input ends in csdesk's Error (exit 3).
// Inputs are whole archives; the seeds in corpus/xlsx/ are small workbooks to mutate.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "import/xlsx.hpp"
#include "util/error.hpp"

using namespace csdesk;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  XlsxLimits limits;
  limits.max_field_bytes = 64;  // small limits, so that the fuzzer reaches them
  limits.max_columns = 16;
  limits.max_shared_strings = 64;
  limits.max_shared_string_bytes = 1024;
  limits.max_inflated_bytes = 1 << 20;
  try {
    auto rows = read_xlsx(std::string_view(reinterpret_cast<const char*>(data), size), std::nullopt, limits);
    std::size_t last = 0;
    for (const auto& row : rows) {
      const auto& r = row.record;
      if (r.line <= last || r.line > 1048576) std::abort();
      last = r.line;
      if (r.fields.size() > limits.max_columns || row.numeric.size() != r.fields.size()) std::abort();
      if (r.fields.empty() && r.error.empty()) std::abort();  // empty rows are left out
      for (const auto& f : r.fields)
        if (f.size() > limits.max_field_bytes) std::abort();
    }
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::invalid && e.kind() != ErrorKind::not_found) std::abort();
  }
  return 0;
}
