// libFuzzer target: the time parser (parse_time, parse_date, parse_duration) never crashes,
// rejects only with csdesk::Error, and what it accepts formats and parses back to itself.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "util/error.hpp"
#include "util/time.hpp"

using namespace csdesk;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  set_time_zone("Asia/Shanghai");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    Epoch t = parse_time(text, "--now");
    if (parse_time(format_iso(t)) != t) std::abort();
  } catch (const Error&) {
  }
  try {
    parse_date(text, "--date");
  } catch (const Error&) {
  }
  try {
    std::int64_t seconds = parse_duration(text, "--within");
    format_duration(seconds);
  } catch (const Error&) {
  }
  return 0;
}
