// libFuzzer target: encoding detection and decoding never crash, GB18030 and UTF-16 always yield
// valid UTF-8 (UTF-8 input passes through; the importer checks each field), every encoding
// decodes the same text whether fed at once or chunk by chunk, and detection fed chunk by chunk
// decides as it does on the whole.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "import/encoding.hpp"
#include "util/text.hpp"

using namespace csdesk;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::size_t chunk = 1 + data[0] % 11;  // the first byte picks the chunk size
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  Detection whole_file = detect_encoding(bytes);
  EncodingDetector detector;
  for (std::size_t at = 0; at < bytes.size(); at += chunk) detector.feed(bytes.substr(at, chunk));
  if (detector.finish().encoding != whole_file.encoding) std::abort();
  for (Encoding e : {Encoding::utf8, Encoding::gb18030, Encoding::cp936, Encoding::big5, Encoding::big5hkscs,
                     Encoding::utf16le, Encoding::utf16be}) {
    std::string whole = decode_to_utf8(bytes, e);
    if (e != Encoding::utf8 && !is_valid_utf8(whole)) std::abort();
    Decoder decoder(e);
    std::string streamed;
    for (std::size_t at = 0; at < bytes.size(); at += chunk)
      decoder.feed(bytes.substr(at, chunk), at + chunk >= bytes.size(), streamed);
    if (bytes.empty()) decoder.feed("", true, streamed);
    if (streamed != whole) std::abort();
  }
  return 0;
}
