#include "util/i18n.hpp"

#include <cstdint>
#include <fmt/args.h>
#include <map>
#include <mutex>
#include <regex>
#include <cstdlib>
#include <cstring>
#include <unordered_map>

// The compiled po/zh_CN.po (a GNU .mo file), embedded by cmake/embed_catalogue.cmake.
extern const unsigned char csdesk_catalogue_zh[];
extern const std::size_t csdesk_catalogue_zh_size;

namespace csdesk {
namespace {

Lang g_language = Lang::en;

// A .mo file: a header, then two tables of (length, offset) pairs — originals and translations.
// An original is "context\x04msgid" or "msgid", with "\0plural" after it for a plural message.
class Catalogue {
 public:
  Catalogue(const unsigned char* data, std::size_t size) {
    if (size < 28) return;
    std::uint32_t magic = word(data, 0, false);
    bool swapped;
    if (magic == 0x950412de) swapped = false;
    else if (magic == 0xde120495) swapped = true;
    else return;
    std::uint32_t count = word(data, 8, swapped), originals = word(data, 12, swapped),
                  translations = word(data, 16, swapped);
    if (originals + 8ull * count > size || translations + 8ull * count > size) return;
    entries_.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) {
      auto original = text(data, size, originals + 8 * i, swapped);
      auto translation = text(data, size, translations + 8 * i, swapped);
      if (original.empty() && i == 0) continue;  // the header
      // Keys stop at the first NUL (the singular); values keep every plural form.
      std::string_view key = original.substr(0, original.find('\0'));
      std::string_view value = translation.substr(0, translation.find('\0'));
      if (!value.empty()) map_.emplace(key, value);
      std::size_t eot = key.find('\x04');
      entries_.push_back(eot == std::string_view::npos
                             ? CatalogueEntry{{}, key, value}
                             : CatalogueEntry{key.substr(0, eot), key.substr(eot + 1), value});
    }
  }

  std::optional<std::string_view> find(std::string_view key) const {
    auto it = map_.find(key);
    if (it == map_.end()) return std::nullopt;
    return it->second;
  }
  const std::vector<CatalogueEntry>& entries() const { return entries_; }

 private:
  static std::uint32_t word(const unsigned char* d, std::size_t at, bool swapped) {
    std::uint32_t w;
    std::memcpy(&w, d + at, 4);
    return swapped ? __builtin_bswap32(w) : w;
  }
  static std::string_view text(const unsigned char* d, std::size_t size, std::size_t at, bool swapped) {
    std::uint32_t length = word(d, at, swapped), offset = word(d, at + 4, swapped);
    if (offset + static_cast<std::uint64_t>(length) > size) return {};
    return {reinterpret_cast<const char*>(d) + offset, length};
  }

  std::unordered_map<std::string_view, std::string_view> map_;
  std::vector<CatalogueEntry> entries_;
};

const Catalogue& chinese() {
  static const Catalogue catalogue(csdesk_catalogue_zh, csdesk_catalogue_zh_size);
  return catalogue;
}

// "context\x04msgid", built in a reused buffer: a listing looks a code up for every cell.
std::string_view context_key(std::string_view context, std::string_view msgid) {
  thread_local std::string key;
  key.assign(context).push_back('\x04');
  key.append(msgid);
  return key;
}

}  // namespace

void set_language(Lang lang) { g_language = lang; }
Lang language() { return g_language; }

std::optional<Lang> lang_from_text(std::string_view text) {
  if (text.empty()) return std::nullopt;
  if (text.size() >= 2 && (text[0] == 'z' || text[0] == 'Z') && (text[1] == 'h' || text[1] == 'H') &&
      (text.size() == 2 || text[2] == '_' || text[2] == '-' || text[2] == '.' || text[2] == '@'))
    return Lang::zh;
  return Lang::en;
}

Lang lang_from_environment() {
  for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"})
    if (const char* v = std::getenv(var); v && *v) return lang_from_text(v).value_or(Lang::en);
  return Lang::en;
}

std::string_view tr(std::string_view msgid) {
  if (g_language == Lang::en || msgid.empty()) return msgid;
  return chinese().find(msgid).value_or(msgid);
}

std::string_view tr_ctx(std::string_view context, std::string_view msgid) {
  if (g_language == Lang::en || msgid.empty()) return msgid;
  return chinese().find(context_key(context, msgid)).value_or(msgid);
}

std::string_view tr_n(std::string_view singular, std::string_view plural, unsigned long long n) {
  if (g_language == Lang::zh)
    if (auto t = chinese().find(singular)) return *t;  // nplurals=1
  return n == 1 ? singular : plural;
}

std::optional<std::string_view> zh_of(std::string_view context, std::string_view msgid) {
  return context.empty() ? chinese().find(msgid) : chinese().find(context_key(context, msgid));
}

std::vector<CatalogueEntry> catalogue_entries() { return chinese().entries(); }

namespace {

// The sentences of a context with placeholders, as patterns that read their values back.
struct SentencePattern {
  std::regex english;
  std::string_view chinese;
};

std::string regex_of(std::string_view format) {
  std::string out;
  for (std::size_t i = 0; i < format.size(); ++i) {
    char c = format[i];
    if ((c == '{' || c == '}') && i + 1 < format.size() && format[i + 1] == c) {
      out += '\\';
      out += c;
      ++i;
    } else if (c == '{') {
      i = format.find('}', i);
      if (i == std::string_view::npos) break;
      out += "(.+?)";
    } else if (std::strchr(".^$|()[]{}*+?\\", c)) {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

const std::vector<SentencePattern>& patterns_of(std::string_view context) {
  static std::mutex lock;
  static std::map<std::string, std::vector<SentencePattern>, std::less<>> by_context;
  std::lock_guard<std::mutex> held(lock);
  auto it = by_context.find(context);
  if (it != by_context.end()) return it->second;
  std::vector<SentencePattern> patterns;
  for (const auto& e : chinese().entries())
    if (e.context == context && !e.msgstr.empty() && e.msgid.find('{') != std::string_view::npos)
      patterns.push_back({std::regex(regex_of(e.msgid)), e.msgstr});
  return by_context.emplace(std::string(context), std::move(patterns)).first->second;
}

std::string chinese_of(std::string_view context, std::string_view text, int depth) {
  if (auto name = zh_of(context, text)) return std::string(*name);
  if (depth > 4) return std::string(text);
  std::match_results<std::string_view::const_iterator> m;
  for (const auto& p : patterns_of(context)) {
    if (!std::regex_match(text.begin(), text.end(), m, p.english)) continue;
    fmt::dynamic_format_arg_store<fmt::format_context> args;
    for (std::size_t i = 1; i < m.size(); ++i)
      args.push_back(chinese_of(context, std::string_view(&*m[i].first, static_cast<std::size_t>(m[i].length())), depth + 1));
    try {
      return fmt::vformat(p.chinese, args);
    } catch (const fmt::format_error&) {
      break;  // a placeholder with a number format: the stored English is shown rather than nothing
    }
  }
  return std::string(text);
}

}  // namespace

std::string term_in(std::string_view vocabulary, std::string_view code, Lang lang) {
  if (lang == Lang::zh) return chinese_of(vocabulary, code, 0);
  return std::string(code);
}

namespace {
std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}
bool same_ascii_case_insensitive(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}
}  // namespace

std::optional<std::string> code_named(std::string_view vocabulary, std::string_view input,
                                      const std::vector<std::string>& codes, const std::vector<TermAlias>& aliases) {
  std::string_view wanted = trimmed(input);
  if (wanted.empty()) return std::nullopt;
  for (const auto& code : codes)
    if (same_ascii_case_insensitive(code, wanted)) return code;
  for (const auto& code : codes)
    if (auto name = zh_of(vocabulary, code); name && same_ascii_case_insensitive(*name, wanted)) return code;
  for (const auto& alias : aliases)
    if (same_ascii_case_insensitive(alias.name, wanted))  // 客服QQ as typed or lower-cased by the caller
      for (const auto& code : codes)
        if (code == alias.code) return code;
  return std::nullopt;
}

std::string terms_listed(std::string_view vocabulary, const std::vector<std::string>& codes) {
  std::string out;
  for (const auto& code : codes) {
    if (!out.empty()) out += ", ";
    out += code;
    if (auto name = zh_of(vocabulary, code)) {
      out += " (";
      out += *name;
      out += ')';
    }
  }
  return out;
}

}  // namespace csdesk
