#pragma once
// Unicode-aware text helpers: display width (CJK = 2 columns), NFKC, terminal-safe text.
#include <string>
#include <string_view>
#include <vector>

namespace csdesk {

bool is_valid_utf8(std::string_view s);
// The length of `s` without a character cut off at its end (a prefix taken by bytes).
std::size_t whole_utf8_prefix(std::string_view s);
// NFKC-normalised copy (full-width １３９ → 139, ＡＢＣ → ABC). Invalid UTF-8 → throws invalid naming `what`.
std::string nfkc(std::string_view s, std::string_view what = "text");
// What the character beyond ASCII at s[i] shows, setting n to its length in bytes: format characters
// (Unicode category Cf: zero-width spaces and joiners, bidi marks and embeddings, the BOM, soft
// hyphens) and C1 controls show nothing and defeat matching; line and paragraph separators (U+2028,
// U+2029) and NEL separate like spaces. CJK ideographs (lead bytes E4..E9) skip the lookup.
enum class CharClass { visible, space, invisible };
CharClass char_class(std::string_view s, size_t i, size_t& n);
// `s` without invisible characters (those above, and ASCII controls other than white space); line
// and paragraph separators become spaces. For text that is stored: it must show what it says.
std::string without_invisible(std::string_view s);
// Columns the text occupies in a terminal; control characters count as 0.
int display_width(std::string_view s);
// Replaces control characters and ANSI escapes with visible \xNN forms and invalid UTF-8 with U+FFFD,
// so that data is never sent raw to a terminal.
std::string terminal_safe(std::string_view s);
// Cuts to at most `width` columns, ending with "…" when cut.
std::string truncate_to_width(std::string_view s, int width);

std::string trim(std::string_view s);
std::string to_lower_ascii(std::string_view s);
std::vector<std::string> split(std::string_view s, char sep);
std::string join(const std::vector<std::string>& parts, std::string_view sep);
bool starts_with(std::string_view s, std::string_view prefix);

// Levenshtein distance, for "did you mean".
int edit_distance(std::string_view a, std::string_view b);
// The closest candidate within a small distance, or "".
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);
// " (did you mean 'list'?)" when a candidate is that close to `word`, else "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

// A word that must be one of a list (a rule, a kind, a role, a category) and is not: fails
// (invalid input, exit 3) with "{where}: '{given}' is not a {what}; use a, b, c{note} (did you
// mean 'b'?)". `compared` is `given` as it was looked up (trimmed, folded); `note` says where the
// list is configured, e.g. " (config complaint.categories)".
[[noreturn]] void fail_not_one_of(std::string_view where, std::string_view given, std::string_view compared,
                                  std::string_view what, const std::vector<std::string>& choices,
                                  std::string_view note = {});

}  // namespace csdesk
