#include "util/text.hpp"

#include <algorithm>
#include <cstdlib>
#include <fmt/format.h>
#include <utf8proc.h>

#include "util/error.hpp"

namespace csdesk {

bool is_valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(s.size());
  while (left > 0) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) return false;
    p += n;
    left -= n;
  }
  return true;
}

std::size_t whole_utf8_prefix(std::string_view s) {
  size_t lead = s.size();  // the start of the last character
  while (lead > 0 && s.size() - lead < 4 && (static_cast<unsigned char>(s[lead - 1]) & 0xC0) == 0x80) --lead;
  if (lead == 0) return s.size();  // no lead byte: not UTF-8, nothing to keep whole
  auto b = static_cast<unsigned char>(s[--lead]);
  size_t length = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
  return lead + length > s.size() ? lead : s.size();
}

namespace {

// True when every character is ASCII or in U+4000..U+9FFF (CJK Extension A's end, the Yijing
// hexagrams and the Unified Ideographs: no decompositions, nothing composes with them), so the
// text is already NFKC. Most Chinese names and companies are; they skip utf8proc.
bool already_nfkc(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    if (*p < 0x80) {
      ++p;
    } else if (*p >= 0xE4 && *p <= 0xE9 && end - p >= 3 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
      p += 3;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string nfkc(std::string_view s, std::string_view what) {
  if (already_nfkc(s)) return std::string(s);
  utf8proc_uint8_t* out = nullptr;
  utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                                    static_cast<utf8proc_ssize_t>(s.size()), &out,
                                    static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT));
  if (n < 0) fail_invalid("{}: not valid UTF-8 text; save the file as UTF-8 or GBK, or pass --encoding", what);
  std::string result(reinterpret_cast<char*>(out), static_cast<size_t>(n));
  std::free(out);
  return result;
}

CharClass char_class(std::string_view s, size_t i, size_t& n) {
  auto lead = static_cast<unsigned char>(s[i]);
  if (lead >= 0xE4 && lead <= 0xE9 && i + 2 < s.size()) {
    n = 3;
    return CharClass::visible;
  }
  utf8proc_int32_t cp = 0;
  auto len = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i),
                              static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
  if (len <= 0) {  // not UTF-8 (callers check first): kept as it is
    n = 1;
    return CharClass::visible;
  }
  n = static_cast<size_t>(len);
  if (cp == 0x85) return CharClass::space;
  switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_CF:
    case UTF8PROC_CATEGORY_CC: return CharClass::invisible;
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP: return CharClass::space;
    default: return CharClass::visible;
  }
}

std::string without_invisible(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t n = 1;
    if (c < 0x80) {
      if ((c >= ' ' && c != 0x7F) || (c >= '\t' && c <= '\r')) out += static_cast<char>(c);
    } else {
      CharClass k = char_class(s, i, n);
      if (k == CharClass::visible) out.append(s.substr(i, n));
      else if (k == CharClass::space) out += ' ';
    }
    i += n;
  }
  return out;
}

int display_width(std::string_view s) {
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(s.size());
  int width = 0;
  while (left > 0) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) { width += 1; n = 1; }  // shown as U+FFFD
    else if (cp >= 0x20) width += utf8proc_charwidth(cp);
    p += n;
    left -= n;
  }
  return width;
}

std::string terminal_safe(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(s.size());
  while (left > 0) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) {
      out += "\xEF\xBF\xBD";
      n = 1;
    } else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
      if (cp == '\n') out += "\\n";
      else if (cp == '\t') out += "\\t";
      else if (cp == '\r') out += "\\r";
      else out += fmt::format("\\x{:02X}", cp);
    } else if (cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
               (cp >= 0x2066 && cp <= 0x2069)) {
      // Bidi controls can disguise text (register strips them; rows stored before may hold them).
      out += fmt::format("\\u{:04X}", cp);
    } else {
      out.append(reinterpret_cast<const char*>(p), static_cast<size_t>(n));
    }
    p += n;
    left -= n;
  }
  return out;
}

std::string truncate_to_width(std::string_view s, int width) {
  if (display_width(s) <= width) return std::string(s);
  if (width <= 0) return "";
  std::string out;
  int used = 0;
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(s.size());
  while (left > 0) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) n = 1;
    int w = (n > 0 && cp >= 0x20) ? utf8proc_charwidth(cp) : 0;
    if (used + w > width - 1) break;
    out.append(reinterpret_cast<const char*>(p), static_cast<size_t>(n));
    used += w;
    p += n;
    left -= n;
  }
  return out + "…";
}

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n')) --e;
  // Ideographic space (U+3000) is common in Chinese spreadsheets.
  std::string_view r = s.substr(b, e - b);
  while (r.size() >= 3 && r.substr(0, 3) == "\xE3\x80\x80") r.remove_prefix(3);
  while (r.size() >= 3 && r.substr(r.size() - 3) == "\xE3\x80\x80") r.remove_suffix(3);
  return std::string(r);
}

std::string to_lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      parts.emplace_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

int edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment: a swap of two neighbours ("lsit" → "list") costs one edit.
  const size_t n = a.size(), m = b.size();
  std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1));
  for (size_t i = 0; i <= n; ++i) d[i][0] = static_cast<int>(i);
  for (size_t j = 0; j <= m; ++j) d[0][j] = static_cast<int>(j);
  for (size_t i = 1; i <= n; ++i)
    for (size_t j = 1; j <= m; ++j) {
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[n][m];
}

std::string closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  int best_d = 3;
  for (const auto& c : candidates) {
    int d = edit_distance(word, c);
    int limit = std::max<int>(1, static_cast<int>(c.size()) / 3);
    if (d < best_d && d <= limit) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best = closest_match(word, candidates);
  return best.empty() ? "" : trf(" (did you mean '{}'?)", best);
}

// The nouns fail_not_one_of's callers name, marked here for the catalogue (a caller may pass a
// plain literal; it is translated by its text).
[[maybe_unused]] constexpr const char* kChoiceNouns[] = {tr_noop("role"), tr_noop("report section"),
                                                         tr_noop("complaint category"), tr_noop("kind"), tr_noop("rule")};

void fail_not_one_of(std::string_view where, std::string_view given, std::string_view compared, std::string_view what,
                     const std::vector<std::string>& choices, std::string_view note) {
  // `what` is a noun marked for the catalogue (tr_noop("role")); `note` follows the list as given.
  fail_invalid("{}{}'{}' is not a {}; use {}{}{}", where, where.empty() ? "" : ": ", given, tr(what), join(choices, ", "),
               note, did_you_mean(compared, choices));
}

}  // namespace csdesk
