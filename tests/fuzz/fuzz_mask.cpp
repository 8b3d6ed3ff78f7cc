// libFuzzer target: masking personal values, alone and inside audit images (history), never
// crashes or reads past its input, whatever bytes it is given.
#include <cstdint>
#include <string>

#include "rules/privacy.hpp"

using namespace csdesk;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  mask_personal_json(text);
  for (Personal kind : {Personal::phone, Personal::email, Personal::qq, Personal::wechat}) mask_personal(text, kind);
  return 0;
}
