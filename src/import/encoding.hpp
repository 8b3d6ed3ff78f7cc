#pragma once
// Text encodings of customer files: UTF-8 with or without BOM, GB18030 and CP936 (what Chinese
// Excel writes; GBK means CP936, as on Windows), Big5 (Taiwan, Hong Kong) and UTF-16 ("Unicode
// text"). Detection reads the whole file; decoding streams.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace csdesk {

enum class Encoding { utf8, gb18030, cp936, big5, big5hkscs, utf16le, utf16be };

// utf-8, gb18030, gbk/cp936/gb2312, big5/cp950, big5-hkscs, utf-16le, utf-16be (any case, - or _
// optional). Throws invalid naming --encoding.
Encoding parse_encoding(std::string_view name);
const char* encoding_name(Encoding e);

// Converts a byte stream to UTF-8 chunk by chunk; a character split between chunks is carried
// over. A leading BOM is dropped. UTF-8 passes through unchecked (the importer checks each field);
// in other encodings bytes that cannot be decoded become U+FFFD and are counted.
class Decoder {
 public:
  explicit Decoder(Encoding e);
  ~Decoder();
  Decoder(const Decoder&) = delete;
  Decoder& operator=(const Decoder&) = delete;
  // Appends the UTF-8 text of `bytes` to `out`; `last` flushes what is carried over.
  void feed(std::string_view bytes, bool last, std::string& out);
  std::size_t invalid_bytes() const { return invalid_; }
  // Offset in the stream of the first byte that could not be decoded (valid once invalid_bytes() > 0).
  std::size_t first_invalid_offset() const { return first_invalid_; }
  std::size_t carried() const { return carry_.size(); }  // bytes of a cut character kept for the next feed

 private:
  Encoding encoding_;
  void* iconv_ = nullptr;  // iconv_t, for encodings other than UTF-8
  std::string carry_;
  bool started_ = false;
  std::size_t fed_ = 0;  // bytes given to feed() so far
  std::size_t invalid_ = 0, first_invalid_ = 0;
};

// A whole buffer at once (tests and fuzzing).
std::string decode_to_utf8(std::string_view bytes, Encoding e);

// How one candidate encoding reads a file.
struct Reading {
  Encoding encoding;
  bool valid = true;            // every byte decodes (and the reading was not dropped as implausible)
  bool implausible = false;     // dropped: kClearLead behind the best after kEnoughCharacters
  std::size_t failed_at = 0;    // offset of the first byte that does not (when !valid)
  std::size_t failed_line = 0;  // its line, counting 0x0A bytes (0 for UTF-16, where that means nothing)
  std::size_t characters = 0;   // non-ASCII characters decoded
  std::size_t odd = 0;          // of them, ones no Chinese customer list holds (see char_plausibility)
  double plausibility = 1.0;    // mean weight of the non-ASCII characters, 1 when there are none
  std::string sample;           // the first line holding non-ASCII text, as this encoding reads it
  std::size_t sample_line = 0;
};

struct Detection {
  std::optional<Encoding> encoding;  // empty: none or more than one encoding fits; see readings
  std::vector<Reading> readings;     // valid ones first, most plausible first (CP936 left out when GB18030 reads it)
  bool by_bom = false;
};

// Decides the encoding of a whole file, fed in order. A BOM decides. Otherwise every candidate
// (UTF-8, GB18030, CP936, Big5, and UTF-16LE/BE when the first 64 KiB hold zero bytes, which
// rule out the others) decodes the bytes; one that meets a byte it cannot decode is out. Of those
// left at the end: one is the answer; GB18030 and CP936 read the same except for 0x80 (CP936's
// euro sign) and GB18030's four-byte characters, so both left means GB18030; valid UTF-8 whose
// text holds no odd characters is UTF-8; else the most plausible reading if it is the only one
// without odd characters or clearly ahead (by kClearLead), else none: the caller must ask. A reading clearly behind once there is enough
// text is dropped on the way, so that a long GBK file is not decoded as Big5 to its end.
class EncodingDetector {
 public:
  static constexpr std::size_t kUtf16Window = 1 << 16;
  static constexpr double kClearLead = 0.25;
  // A reading that far behind after this many non-ASCII characters does not catch up: it is out.
  static constexpr std::size_t kEnoughCharacters = 10000;
  EncodingDetector();
  ~EncodingDetector();
  EncodingDetector(const EncodingDetector&) = delete;
  EncodingDetector& operator=(const EncodingDetector&) = delete;
  void feed(std::string_view bytes);
  // True when later bytes cannot change the answer: a BOM, or at most one candidate left.
  bool settled() const;
  Detection finish();

 private:
  struct Candidate;
  std::vector<std::unique_ptr<Candidate>> candidates_;
  std::optional<Encoding> bom_;
  std::string start_;  // the first bytes, until a BOM can be told
  std::size_t offset_ = 0, lines_ = 0;
  bool started_ = false, non_ascii_ = false;
  void begin(std::string_view first);
  void feed_candidates(std::string_view bytes);
  bool competing() const;
  void drop_implausible();
};

Detection detect_encoding(std::string_view whole);

// Weight of one decoded non-ASCII character as text of a Chinese customer list: 1 for the common
// hanzi (GB2312 level 1, Big5's frequent set), less for rarer hanzi, punctuation and foreign
// letters, negative for odd characters (combining marks, Hebrew, private use, box drawing, …)
// that only a wrong decoding produces.
double char_plausibility(char32_t c);
inline bool is_odd_char(char32_t c) { return char_plausibility(c) < 0; }

}  // namespace csdesk
