#include "import/encoding.hpp"

#include <iconv.h>
#include <utf8proc.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "util/error.hpp"
#include "util/text.hpp"

namespace csdesk {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

const char* iconv_name(Encoding e) {
  switch (e) {
    case Encoding::gb18030: return "GB18030";
    case Encoding::cp936: return "CP936";
    case Encoding::big5: return "BIG5";  // glibc's BIG5 reads what Windows' CP950 writes
    case Encoding::big5hkscs: return "BIG5-HKSCS";
    case Encoding::utf16le: return "UTF-16LE";
    case Encoding::utf16be: return "UTF-16BE";
    case Encoding::utf8: break;
  }
  return "UTF-8";
}

bool is_utf16(Encoding e) { return e == Encoding::utf16le || e == Encoding::utf16be; }

// True when every byte is ASCII (below 0x80), eight at a time.
bool all_ascii(std::string_view s) {
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, s.data() + i, 8);
    if (word & 0x8080808080808080ULL) return false;
  }
  for (; i < s.size(); ++i)
    if (static_cast<unsigned char>(s[i]) >= 0x80) return false;
  return true;
}

// Code points of the hanzi people write most, and of the rest of the national sets, found by
// decoding the code ranges of GB2312 (level 1: B0A1–D7F9, level 2: D8A1–F7FE) and Big5 (frequent:
// A440–C67E, less frequent: C940–F9D5) with iconv, so that no table is copied here.
struct HanziSets {
  static constexpr char32_t kFirst = 0x4E00, kLast = 0x9FFF;
  // 3 frequent, 2 GB2312 level 2 (many given names), 1 Big5's less frequent, 0 none of them
  std::vector<unsigned char> level = std::vector<unsigned char>(kLast - kFirst + 1, 0);

  void add(const char* encoding, int from, int to, unsigned char as) {
    iconv_t cd = iconv_open("UTF-32LE", encoding);
    if (cd == reinterpret_cast<iconv_t>(-1)) return;
    for (int code = from; code <= to; ++code) {
      char in[2] = {static_cast<char>(code >> 8), static_cast<char>(code & 0xFF)};
      char out[8];
      char* src = in;
      char* dst = out;
      size_t src_left = 2, dst_left = sizeof out;
      iconv(cd, nullptr, nullptr, nullptr, nullptr);
      if (iconv(cd, &src, &src_left, &dst, &dst_left) == static_cast<size_t>(-1) || dst - out != 4) continue;
      char32_t c;
      std::memcpy(&c, out, 4);
      if (c >= kFirst && c <= kLast) level[c - kFirst] = std::max(level[c - kFirst], as);
    }
    iconv_close(cd);
  }
  HanziSets() {
    add("GB18030", 0xB0A1, 0xD7F9, 3);
    add("BIG5", 0xA440, 0xC67E, 3);
    add("GB18030", 0xD8A1, 0xF7FE, 2);
    add("BIG5", 0xC940, 0xF9D5, 1);
  }
};

const HanziSets& hanzi_sets() {
  static const HanziSets sets;
  return sets;
}

bool in(char32_t c, char32_t first, char32_t last) { return c >= first && c <= last; }

// How far the valid UTF-8 of `s` goes: s.size() when all of it is; `cut` is set when what is
// left is the valid start of a character that the next bytes may finish.
size_t valid_utf8_prefix(std::string_view s, bool& cut) {
  cut = false;
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  size_t at = 0;
  while (at < s.size()) {
    if (p[at] < 0x80) {
      ++at;
      continue;
    }
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate(p + at, static_cast<utf8proc_ssize_t>(s.size() - at), &cp);
    if (n > 0) {
      at += static_cast<size_t>(n);
      continue;
    }
    unsigned char lead = p[at];
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    size_t left = s.size() - at;
    if (left < need && lead >= 0xC2 && lead <= 0xF4) {
      bool prefix = true;
      for (size_t k = 1; k < left; ++k) prefix = prefix && (p[at + k] & 0xC0) == 0x80;
      cut = prefix;
    }
    return at;
  }
  return at;
}

}  // namespace

double char_plausibility(char32_t c) {
  if (in(c, HanziSets::kFirst, HanziSets::kLast)) {
    unsigned char level = hanzi_sets().level[c - HanziSets::kFirst];
    static constexpr double kWeight[] = {0.2, 0.3, 0.6, 1.0};
    return kWeight[level];
  }
  if (in(c, 0x3400, 0x4DBF) || in(c, 0xF900, 0xFAFF) || in(c, 0x20000, 0x3FFFF)) return 0.2;  // rare hanzi
  if (in(c, 0x3000, 0x303F) || in(c, 0xFF01, 0xFF5E) || in(c, 0xFFE0, 0xFFE6) || in(c, 0x2010, 0x2027) ||
      c == 0x20AC || c == 0x00B7 || c == 0x00D7 || c == 0x00A5 || c == 0x00B0 || c == 0x2103 || c == 0x2116)
    return 0.6;  // the punctuation and signs of Chinese text
  if (in(c, 0x00C0, 0x024F) || in(c, 0x0370, 0x03FF) || in(c, 0x0400, 0x04FF) || in(c, 0x3040, 0x30FF) ||
      in(c, 0x3100, 0x312F) || in(c, 0xAC00, 0xD7A3) || (in(c, 0x2000, 0x2BFF) && !in(c, 0x2500, 0x259F)) ||
      in(c, 0x1F000, 0x1FAFF) || in(c, 0xFE00, 0xFE0F))
    return 0.3;  // foreign letters (Café, Иван, かな), bopomofo, symbols, emoji (WeChat names)
  return -1;     // combining marks, Hebrew, Arabic, controls, box drawing, private use, U+FFFD, …
}

Encoding parse_encoding(std::string_view name) {
  std::string n = to_lower_ascii(trim(name));
  std::erase(n, '-');
  std::erase(n, '_');
  if (n == "utf8" || n == "utf8bom" || n == "utf8sig") return Encoding::utf8;
  if (n == "gb18030") return Encoding::gb18030;
  if (n == "gbk" || n == "gb2312" || n == "cp936" || n == "ms936" || n == "windows936") return Encoding::cp936;
  if (n == "big5" || n == "cp950" || n == "ms950" || n == "windows950") return Encoding::big5;
  if (n == "big5hkscs" || n == "hkscs") return Encoding::big5hkscs;
  if (n == "utf16" || n == "utf16le") return Encoding::utf16le;
  if (n == "utf16be") return Encoding::utf16be;
  fail_invalid("--encoding: '{}' is not an encoding this reads; use utf-8, gb18030, gbk (cp936), big5 (cp950), "
               "big5-hkscs, utf-16le or utf-16be",
               name);
}

const char* encoding_name(Encoding e) {
  switch (e) {
    case Encoding::utf8: return "utf-8";
    case Encoding::gb18030: return "gb18030";
    case Encoding::cp936: return "cp936";
    case Encoding::big5: return "big5";
    case Encoding::big5hkscs: return "big5-hkscs";
    case Encoding::utf16le: return "utf-16le";
    case Encoding::utf16be: return "utf-16be";
  }
  return "utf-8";
}

Decoder::Decoder(Encoding e) : encoding_(e) {
  if (e == Encoding::utf8) return;
  iconv_t cd = iconv_open("UTF-8", iconv_name(e));
  if (cd == reinterpret_cast<iconv_t>(-1)) fail(ErrorKind::internal, "this system's iconv cannot read {}", iconv_name(e));
  iconv_ = cd;
}

Decoder::~Decoder() {
  if (iconv_) iconv_close(static_cast<iconv_t>(iconv_));
}

void Decoder::feed(std::string_view bytes, bool last, std::string& out) {
  std::string input = carry_;
  input.append(bytes);
  size_t input_offset = fed_ - carry_.size();  // where input[0] is in the stream
  fed_ += bytes.size();
  carry_.clear();
  std::string_view in = input;
  if (!started_) {
    if (in.size() < 3 && !last) {  // too short to tell whether a BOM starts here
      carry_ = input;
      return;
    }
    started_ = true;
    if (encoding_ == Encoding::utf8 && starts_with(in, kUtf8Bom)) in.remove_prefix(3);
    if ((encoding_ == Encoding::utf16le && starts_with(in, "\xFF\xFE")) ||
        (encoding_ == Encoding::utf16be && starts_with(in, "\xFE\xFF")))
      in.remove_prefix(2);
  }
  if (!iconv_) {
    out.append(in);
    return;
  }
  auto cd = static_cast<iconv_t>(iconv_);
  char* src = const_cast<char*>(in.data());
  size_t src_left = in.size();
  char buffer[16384];
  while (src_left > 0) {
    char* dst = buffer;
    size_t dst_left = sizeof buffer;
    size_t rc = iconv(cd, &src, &src_left, &dst, &dst_left);
    out.append(buffer, static_cast<size_t>(dst - buffer));
    if (rc != static_cast<size_t>(-1)) continue;
    if (errno == E2BIG) continue;
    if (errno == EINVAL && !last) {  // a character cut by the chunk end: finish it next time
      carry_.assign(src, src_left);
      return;
    }
    out.append(kReplacement);  // EILSEQ, or a cut character at the very end
    if (invalid_++ == 0) first_invalid_ = input_offset + static_cast<size_t>(src - input.data());
    ++src;
    --src_left;
  }
}

std::string decode_to_utf8(std::string_view bytes, Encoding e) {
  Decoder d(e);
  std::string out;
  d.feed(bytes, true, out);
  return out;
}

// One candidate encoding: decodes what it is fed until a byte does not fit, and weighs the text.
struct EncodingDetector::Candidate {
  Reading reading;
  std::unique_ptr<Decoder> decoder;  // not for UTF-8, which is only checked
  std::size_t fed = 0;               // bytes given to the decoder (ASCII slices are skipped)
  std::string utf8_carry;            // UTF-8: the start of a character cut by the slice end
  std::string text;                  // decoded text of the current slice (reused)
  double weight = 0;
  std::size_t lines = 0;             // line breaks in the text before the current slice
  bool seen_sample = false;

  explicit Candidate(Encoding e) {
    reading.encoding = e;
    if (e != Encoding::utf8) decoder = std::make_unique<Decoder>(e);
  }
  bool eight_bit() const { return !is_utf16(reading.encoding); }
  // ASCII that follows a cut character would be its tail, so it is skipped only between characters.
  bool between_characters() const { return decoder ? decoder->carried() == 0 : utf8_carry.empty(); }

  void fail(std::size_t offset) {
    reading.valid = false;
    reading.failed_at = offset;
  }

  // Decodes `bytes`, which start at `offset` in the file; false when one does not decode.
  bool decode(std::string_view bytes, std::size_t offset, bool last) {
    text.clear();
    if (!decoder) {
      std::string joined = utf8_carry + std::string(bytes);
      bool cut = false;
      size_t good = valid_utf8_prefix(joined, cut);
      size_t start = offset - utf8_carry.size();
      if (good < joined.size() && (!cut || last)) {
        fail(start + good);
        return false;
      }
      text.assign(joined, 0, good);
      utf8_carry.assign(joined, good);
      return true;
    }
    size_t before = fed;
    decoder->feed(bytes, last, text);
    fed += bytes.size();
    if (decoder->invalid_bytes() > 0) {
      fail(offset + decoder->first_invalid_offset() - before);
      return false;
    }
    return true;
  }

  void weigh() {
    const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
    size_t size = text.size();
    for (size_t at = 0; at < size;) {
      if (p[at] < 0x80) {
        ++at;
        continue;
      }
      utf8proc_int32_t cp;
      utf8proc_ssize_t n = utf8proc_iterate(p + at, static_cast<utf8proc_ssize_t>(size - at), &cp);
      if (n <= 0) break;  // iconv wrote it: cannot happen
      if (!seen_sample) take_sample(at);
      double w = char_plausibility(static_cast<char32_t>(cp));
      weight += w;
      ++reading.characters;
      if (w < 0) ++reading.odd;
      at += static_cast<size_t>(n);
    }
    if (!seen_sample) lines += static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
  }

  void take_sample(size_t at) {
    seen_sample = true;
    size_t begin = text.rfind('\n', at);
    begin = begin == std::string::npos ? 0 : begin + 1;
    size_t end = text.find('\n', at);
    std::string line = text.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
    while (!line.empty() && (line.back() == '\r')) line.pop_back();
    reading.sample = truncate_to_width(line, 60);
    reading.sample_line = lines + 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
  }
};

EncodingDetector::EncodingDetector() = default;
EncodingDetector::~EncodingDetector() = default;

void EncodingDetector::begin(std::string_view first) {
  started_ = true;
  if (starts_with(first, kUtf8Bom)) bom_ = Encoding::utf8;
  else if (starts_with(first, "\xFF\xFE")) bom_ = Encoding::utf16le;
  else if (starts_with(first, "\xFE\xFF")) bom_ = Encoding::utf16be;
  if (bom_) return;
  for (Encoding e : {Encoding::utf8, Encoding::gb18030, Encoding::cp936, Encoding::big5, Encoding::utf16le, Encoding::utf16be})
    candidates_.push_back(std::make_unique<Candidate>(e));
  // UTF-16 text of a CSV has a zero byte in every comma and line break: without one in the first
  // bytes the file is not UTF-16 (reading ASCII pairs as UTF-16 finds hanzi), and with many (more
  // than a tenth) it is not 8-bit text, though a stray NUL in a UTF-8 file is kept as it is.
  size_t zeros = static_cast<size_t>(std::count(first.begin(), first.end(), '\0'));
  for (auto& c : candidates_) {
    if (!c->eight_bit() && zeros == 0) c->fail(0);
    if (c->eight_bit() && zeros * 10 > first.size()) c->fail(first.find('\0'));
  }
}

void EncodingDetector::feed(std::string_view bytes) {
  if (bom_) return;
  if (!started_) {
    // Wait for the UTF-16 window (or the end) before deciding on the candidates.
    start_.append(bytes);
    if (start_.size() < kUtf16Window) return;
    begin(start_);
    std::string first = std::move(start_);
    start_.clear();
    feed_candidates(first);
    return;
  }
  feed_candidates(bytes);
}

void EncodingDetector::feed_candidates(std::string_view bytes) {
  constexpr size_t kSlice = 4096;
  for (size_t at = 0; at < bytes.size() && !settled(); at += kSlice) {
    std::string_view slice = bytes.substr(at, kSlice);
    bool ascii = all_ascii(slice);
    if (!ascii) non_ascii_ = true;
    bool weigh = competing();
    for (auto& c : candidates_) {
      if (!c->reading.valid) continue;
      if (c->eight_bit() && ascii && c->between_characters()) {
        if (!c->seen_sample) c->lines += static_cast<size_t>(std::count(slice.begin(), slice.end(), '\n'));
        continue;  // reads the same in every 8-bit candidate and weighs nothing
      } else if (c->decode(slice, offset_, false)) {
        if (weigh) c->weigh();
        continue;
      }
      size_t within = c->reading.failed_at > offset_ ? c->reading.failed_at - offset_ : 0;
      c->reading.failed_line = c->eight_bit() ? lines_ + 1 + static_cast<size_t>(std::count(
                                                                  slice.begin(), slice.begin() + static_cast<long>(within), '\n'))
                                              : 0;
    }
    lines_ += static_cast<size_t>(std::count(slice.begin(), slice.end(), '\n'));
    offset_ += slice.size();
    if (weigh) drop_implausible();
  }
}

void EncodingDetector::drop_implausible() {
  auto plausibility = [](const Candidate& c) { return c.weight / static_cast<double>(c.reading.characters); };
  auto enough = [](const Candidate& c) { return c.reading.valid && c.reading.characters >= kEnoughCharacters; };
  const Candidate* best = nullptr;
  for (const auto& c : candidates_)
    if (enough(*c) && (!best || plausibility(*c) > plausibility(*best))) best = c.get();
  if (!best || plausibility(*best) < 0.5) return;
  auto gb = [](Encoding e) { return e == Encoding::gb18030 || e == Encoding::cp936; };
  for (auto& c : candidates_) {
    if (c.get() == best || !enough(*c)) continue;
    if (c->reading.encoding == Encoding::utf8 && c->reading.odd == 0) continue;  // wins at the end regardless
    if (gb(c->reading.encoding) && gb(best->reading.encoding)) continue;         // the same text
    if (plausibility(*best) - plausibility(*c) >= kClearLead) {
      c->reading.valid = false;
      c->reading.implausible = true;
    }
  }
}

// More than one reading left, GB18030 and CP936 counting as one: only then does plausibility matter.
bool EncodingDetector::competing() const {
  size_t valid = 0;
  bool gb18030 = false;
  for (const auto& c : candidates_) gb18030 = gb18030 || (c->reading.valid && c->reading.encoding == Encoding::gb18030);
  for (const auto& c : candidates_)
    valid += c->reading.valid && !(gb18030 && c->reading.encoding == Encoding::cp936);
  return valid > 1;
}

bool EncodingDetector::settled() const {
  if (bom_) return true;
  if (!started_) return false;
  size_t valid = 0;
  for (const auto& c : candidates_) valid += c->reading.valid;
  return valid <= 1;
}

Detection EncodingDetector::finish() {
  Detection d;
  if (!started_ && !bom_) {
    begin(start_);
    std::string first = std::move(start_);
    feed_candidates(first);
  }
  if (bom_) {
    d.encoding = bom_;
    d.by_bom = true;
    return d;
  }
  bool whole = !settled();  // read to the end: flush what each decoder carries
  for (auto& c : candidates_) {
    if (!c->reading.valid || !whole) continue;
    if (c->decode("", offset_, true)) c->weigh();
    if (!c->reading.valid) c->reading.failed_line = c->eight_bit() ? lines_ + 1 : 0;
  }
  std::vector<Reading> valid;
  for (auto& c : candidates_) {
    Reading& r = c->reading;
    if (r.characters > 0) r.plausibility = c->weight / static_cast<double>(r.characters);
    if (r.valid) valid.push_back(r);
  }
  auto by_plausibility = [](const Reading& a, const Reading& b) { return a.plausibility > b.plausibility; };
  std::stable_sort(valid.begin(), valid.end(), by_plausibility);
  auto has = [&](Encoding e) {
    return std::any_of(valid.begin(), valid.end(), [e](const Reading& r) { return r.encoding == e; });
  };
  // GB18030 reads everything CP936 does, the same way, except 0x80: both valid means it is not there.
  if (has(Encoding::gb18030) && has(Encoding::cp936))
    std::erase_if(valid, [](const Reading& r) { return r.encoding == Encoding::cp936; });
  d.readings = valid;
  for (auto& c : candidates_)
    if (!c->reading.valid) d.readings.push_back(c->reading);

  if (valid.empty()) return d;
  if (!non_ascii_ && has(Encoding::utf8)) {
    d.encoding = Encoding::utf8;  // ASCII reads the same in all of them
    return d;
  }
  if (valid.size() == 1) {
    d.encoding = valid.front().encoding;
    return d;
  }
  for (const auto& r : valid)
    if (r.encoding == Encoding::utf8 && r.odd == 0) {
      d.encoding = Encoding::utf8;  // chance GBK or Big5 bytes that are valid UTF-8 read as odd characters
      return d;
    }
  const Reading& best = valid[0];
  if (best.plausibility < 0.5) return d;
  // Big5 reads most GBK bytes, but some as odd characters (and the other way round): the one
  // reading without any, and the most plausible, is the text.
  bool only_clean = best.odd == 0 && std::all_of(valid.begin() + 1, valid.end(), [](const Reading& r) { return r.odd > 0; });
  if (only_clean || best.plausibility - valid[1].plausibility >= kClearLead - 1e-9) d.encoding = best.encoding;
  return d;
}

Detection detect_encoding(std::string_view whole) {
  EncodingDetector detector;
  detector.feed(whole);
  return detector.finish();
}

}  // namespace csdesk
