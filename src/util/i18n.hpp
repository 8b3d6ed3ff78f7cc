#pragma once
// Messages in the reader's language: GNU gettext's conventions (messages marked in the source,
// po/zh_CN.po compiled by msgfmt at build time), with the compiled catalogue embedded in the
// binary and looked up here. csdesk does not go through setlocale: a server without a zh_CN
// locale (most have only C.UTF-8) still speaks Chinese with --lang zh or LANG=zh_CN.UTF-8.
//
// Marking (the keywords scripts/update-po.sh gives xgettext):
//   tr("text")                   a message
//   tr_ctx("context", "text")    a message whose meaning depends on context (msgctxt)
//   tr_n("one", "many", n)       a message with a number (Chinese has one form)
//   trf("{} rows", n)            tr + fmt::format, placeholders in the translation may be reordered ({1} {0})
//   tr_noop("text"), tr_ctx_noop("ctx", "text")   marked for the catalogue, translated later
// The fail_* functions (util/error.hpp) and Context::note/warn translate their format strings.
#include <fmt/format.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace csdesk {

enum class Lang { en, zh };

// The language every tr* call speaks from now on (main sets it before building the commands).
void set_language(Lang lang);
Lang language();
// "zh", "zh_CN", "zh_CN.UTF-8", "zh-Hans" → zh; "en", "C", "C.UTF-8", "POSIX", … → en. Empty: nullopt.
std::optional<Lang> lang_from_text(std::string_view text);
// The language of the environment: LC_ALL, else LC_MESSAGES, else LANG (the first one set); en if none.
Lang lang_from_environment();

std::string_view tr(std::string_view msgid);
std::string_view tr_ctx(std::string_view context, std::string_view msgid);
std::string_view tr_n(std::string_view singular, std::string_view plural, unsigned long long n);
constexpr const char* tr_noop(const char* msgid) { return msgid; }
constexpr const char* tr_ctx_noop(const char*, const char* msgid) { return msgid; }

// The Chinese of a message whatever the current language (for accepting Chinese input), or
// nullopt when the catalogue has none.
std::optional<std::string_view> zh_of(std::string_view context, std::string_view msgid);

// Codes and their names. A vocabulary is a gettext context ("complaint-status", "channel",
// "yes-no"); its codes are the English words JSON carries, their Chinese names its catalogue
// entries (msgctxt "channel" msgid "walk-in" msgstr "现场接待").
// The name of `code` in `lang`: its translation, else the code itself. A vocabulary may also hold
// sentences with placeholders (stored_sentence): a text that matches one is shown translated,
// its values carried over.
std::string term_in(std::string_view vocabulary, std::string_view code, Lang lang);

// A sentence kept in the database (an allocation's reason): stored in English, whatever the
// language of the run, so that the stored record and JSON do not depend on who ran the command;
// a Column with_terms(context) shows it in the reader's language by matching it against the
// context's messages ("round-robin: next after {}" → "轮流分配：接在 {} 之后"). A value that is
// itself a stored sentence of the context is translated too; other values are kept.
template <typename... Args>
std::string stored_sentence(const char* /*context*/, fmt::format_string<Args...> f, Args&&... args) {
  return fmt::format(f, std::forward<Args>(args)...);
}
// The code among `codes` that `input` names: a code itself (ASCII letters in any case), its Chinese
// name in `vocabulary`, or one of `aliases` (pairs of name → code, for synonyms such as 来访 for
// walk-in). Surrounding spaces are ignored. nullopt when it names none.
struct TermAlias {
  std::string_view name;
  std::string_view code;
};
std::optional<std::string> code_named(std::string_view vocabulary, std::string_view input,
                                      const std::vector<std::string>& codes,
                                      const std::vector<TermAlias>& aliases = {});
// "code (中文名)" for each code, joined with ", ": what an error lists as the accepted values.
std::string terms_listed(std::string_view vocabulary, const std::vector<std::string>& codes);

// Every (context, msgid → msgstr) of the catalogue, for tests and input vocabularies.
struct CatalogueEntry {
  std::string_view context;  // "" when the message has none
  std::string_view msgid;
  std::string_view msgstr;
};
std::vector<CatalogueEntry> catalogue_entries();

// tr(f) formatted with args. The English source is checked at compile time; a translation is
// checked by the catalogue test (tests/e2e/test_catalogue.py), and one that fmt still refuses
// falls back to the English text rather than losing the message.
template <typename... Args>
std::string trf(fmt::format_string<Args...> f, Args&&... args) {
  fmt::string_view format = f;
  std::string_view source(format.data(), format.size());
  std::string_view translated = tr(source);
  if (translated.data() != source.data()) {
    try {
      return fmt::vformat(translated, fmt::make_format_args(args...));
    } catch (const fmt::format_error&) {
    }
  }
  return fmt::vformat(source, fmt::make_format_args(args...));
}

}  // namespace csdesk
