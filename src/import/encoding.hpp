#pragma once
// Text encodings of customer files: UTF-8 with or without BOM, GB18030/GBK (what Chinese Excel
// writes) and UTF-16 ("Unicode text"). Detection looks at the first bytes; decoding streams.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace csdesk {

enum class Encoding { utf8, gb18030, utf16le, utf16be };

// From the start of a file: a BOM decides; else valid UTF-8 (a sequence cut at the end of
// `head` is allowed) is UTF-8; anything else is GB18030, of which GBK and GB2312 are subsets.
Encoding detect_encoding(std::string_view head);
// utf-8, utf8, gbk, gb2312, gb18030, utf-16le, utf-16be (any case). Throws invalid naming --encoding.
Encoding parse_encoding(std::string_view name);
const char* encoding_name(Encoding e);

// Converts a byte stream to UTF-8 chunk by chunk; a character split between chunks is carried
// over. A leading BOM is dropped. Bytes that cannot be decoded become U+FFFD and are counted.
class Decoder {
 public:
  explicit Decoder(Encoding e);
  ~Decoder();
  Decoder(const Decoder&) = delete;
  Decoder& operator=(const Decoder&) = delete;
  // Appends the UTF-8 text of `bytes` to `out`; `last` flushes what is carried over.
  void feed(std::string_view bytes, bool last, std::string& out);
  std::size_t invalid_bytes() const { return invalid_; }

 private:
  Encoding encoding_;
  void* iconv_ = nullptr;  // iconv_t, for encodings other than UTF-8
  std::string carry_;
  bool started_ = false;
  std::size_t invalid_ = 0;
};

// A whole buffer at once (tests and fuzzing).
std::string decode_to_utf8(std::string_view bytes, Encoding e);

}  // namespace csdesk
