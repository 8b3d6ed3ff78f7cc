#include "import/encoding.hpp"

#include <iconv.h>

#include <cerrno>

#include "error.hpp"
#include "text.hpp"

namespace csdesk {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// Valid UTF-8, except that the last sequence may be cut short by the end of the sample.
bool plausible_utf8(std::string_view s) {
  size_t cut = s.size();
  for (size_t back = 1; back <= 3 && back <= s.size(); ++back) {
    unsigned char c = static_cast<unsigned char>(s[s.size() - back]);
    if ((c & 0xC0) == 0x80) continue;  // continuation byte: keep looking for the lead
    int need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (need > static_cast<int>(back)) cut = s.size() - back;
    break;
  }
  return is_valid_utf8(s.substr(0, cut));
}

const char* iconv_name(Encoding e) {
  switch (e) {
    case Encoding::gb18030: return "GB18030";
    case Encoding::utf16le: return "UTF-16LE";
    case Encoding::utf16be: return "UTF-16BE";
    case Encoding::utf8: break;
  }
  return "UTF-8";
}

}  // namespace

Encoding detect_encoding(std::string_view head) {
  if (starts_with(head, kUtf8Bom)) return Encoding::utf8;
  if (starts_with(head, "\xFF\xFE")) return Encoding::utf16le;
  if (starts_with(head, "\xFE\xFF")) return Encoding::utf16be;
  return plausible_utf8(head) ? Encoding::utf8 : Encoding::gb18030;
}

Encoding parse_encoding(std::string_view name) {
  std::string n = to_lower_ascii(trim(name));
  std::erase(n, '-');
  std::erase(n, '_');
  if (n == "utf8" || n == "utf8bom" || n == "utf8sig") return Encoding::utf8;
  if (n == "gbk" || n == "gb2312" || n == "gb18030" || n == "cp936") return Encoding::gb18030;
  if (n == "utf16" || n == "utf16le") return Encoding::utf16le;
  if (n == "utf16be") return Encoding::utf16be;
  fail_invalid("--encoding: '{}' is not an encoding this reads; use utf-8, gbk (gb18030) or utf-16", name);
}

const char* encoding_name(Encoding e) {
  switch (e) {
    case Encoding::utf8: return "utf-8";
    case Encoding::gb18030: return "gb18030";
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
    ++invalid_;
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

}  // namespace csdesk
