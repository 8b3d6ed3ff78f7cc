// libFuzzer target: phone, e-mail, QQ and WeChat normalisation never crash, reject only with
// csdesk::Error, and are idempotent (a stored value normalises to itself).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "util/error.hpp"
#include "output/render.hpp"
#include "rules/normalise.hpp"

using namespace csdesk;

namespace {
template <typename Normalise>
void check(Normalise normalise, const std::string& text, Personal kind) {
  try {
    std::string once = normalise(text);
    if (normalise(once) != once) std::abort();
    mask_personal(once, kind);
  } catch (const Error&) {
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  check(normalise_phone, text, Personal::phone);
  check(normalise_email, text, Personal::email);
  check(normalise_qq, text, Personal::qq);
  check(normalise_wechat, text, Personal::wechat);
  return 0;
}
