#include "rules/phone.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "rules/normalise.hpp"
#include "rules/phone_tables.hpp"
#include "util/text.hpp"

namespace csdesk {

const char* const kPhoneForms = tr_noop(
    "use a mainland mobile number (11 digits, e.g. 13912345678; +86, 0086 or 86 in front allowed), a landline with "
    "its area code (e.g. 010-12345678, 0755-12345678, 0335-6543210), or a 400/800 service number (e.g. "
    "400-123-4567); an extension goes after 转, 分机, ext, x or # (e.g. 010-12345678 转123)");

namespace {

namespace pt = phone_tables;

constexpr size_t kMaxExtensionDigits = 6;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The descriptions whose patterns match all of `digits` (libphonenumber's full match).
unsigned pattern_matches(std::string_view digits) {
  unsigned s = 1;
  for (char c : digits) {
    s = pt::kStates[s].next[c - '0'];
    if (s == 0) return 0;
  }
  return pt::kStates[s].matches;
}

bool allows_length(pt::Desc d, size_t length) { return length < 16 && (pt::kLengths[d] >> length) & 1; }

// MatchNationalNumber against the general description: the pattern only, no length check.
bool viable(std::string_view digits) { return pattern_matches(digits) & (1u << pt::general); }

enum class Length { possible, local_only, too_short, too_long, invalid };

// TestNumberLength for an unknown type: the general description's lengths.
Length test_length(std::string_view digits) {
  unsigned lengths = pt::kLengths[pt::general] & 0xFFFE;
  if (lengths == 0) return Length::invalid;
  size_t n = digits.size();
  if (n < 16 && (pt::kLocalLengths >> n) & 1) return Length::local_only;
  size_t min = static_cast<size_t>(__builtin_ctz(lengths)), max = 31 - static_cast<size_t>(__builtin_clz(lengths));
  if (n < min) return Length::too_short;
  if (n > max) return Length::too_long;
  return allows_length(pt::general, n) ? Length::possible : Length::invalid;
}

// MaybeStripNationalPrefixAndCarrierCode for CN's "0|(1(?:[12]\d|79)\d\d)": a trunk 0, or a
// carrier-selection code such as 17951 in front of the number.
std::string strip_national_prefix(const std::string& n) {
  size_t cut = 0;
  if (!n.empty() && n[0] == '0') cut = 1;
  else if (n.size() >= 5 && n[0] == '1' && ((n[1] == '1' || n[1] == '2') ? is_digit(n[2]) : n[1] == '7' && n[2] == '9') &&
           is_digit(n[3]) && is_digit(n[4]))
    cut = 5;
  if (cut == 0) return n;
  std::string rest = n.substr(cut);
  if (viable(n) && !viable(rest)) return n;
  return rest;
}

// The length of CN's international prefix "00|1(?:[12]\d|79)\d\d00" at the start of `n`, if a
// country code (never starting with 0) follows it; 0 otherwise.
size_t international_prefix(std::string_view n) {
  size_t len = 0;
  if (n.size() >= 2 && n[0] == '0' && n[1] == '0') len = 2;
  else if (n.size() >= 7 && n[0] == '1' && ((n[1] == '1' || n[1] == '2') ? is_digit(n[2]) : n[1] == '7' && n[2] == '9') &&
           is_digit(n[3]) && is_digit(n[4]) && n[5] == '0' && n[6] == '0')
    len = 7;
  return len > 0 && n.size() > len && n[len] != '0' ? len : 0;
}

// Is there a number of `total` digits starting with `prefix` that is of one of `types`?
// Only on the error path (to say what is wrong), so a plain search is fine.
bool has_completion(std::string_view prefix, size_t total, unsigned types) {
  unsigned s = 1;
  for (char c : prefix)
    if ((s = pt::kStates[s].next[c - '0']) == 0) return false;
  if (prefix.size() > total) return false;
  std::vector<signed char> memo(pt::kStateCount * (total - prefix.size() + 1), -1);
  auto search = [&](auto& self, unsigned state, size_t left) -> bool {
    signed char& m = memo[state * (total - prefix.size() + 1) + left];
    if (m >= 0) return m;
    bool found = false;
    if (left == 0) {
      unsigned matches = pt::kStates[state].matches;
      if ((matches & (1u << pt::general)) && allows_length(pt::general, total))
        for (unsigned d = 1; d < pt::kDescCount && !found; ++d)
          found = (types >> d & 1) && (matches >> d & 1) && allows_length(static_cast<pt::Desc>(d), total);
    } else {
      for (int digit = 0; digit < 10 && !found; ++digit)
        if (unsigned t = pt::kStates[state].next[digit]) found = self(self, t, left - 1);
    }
    m = found;
    return found;
  };
  return search(search, s, total - prefix.size());
}

constexpr unsigned bit(pt::Desc d) { return 1u << d; }
constexpr unsigned kGeographic = bit(pt::fixed_line) | bit(pt::shared_cost);

std::string shown(std::string_view raw) { return std::string(raw.substr(0, 60)); }

// `problem` names the number as typed (shown); the accepted forms follow it.
[[noreturn]] void reject(const std::string& problem) {
  throw InvalidField(Field::phone, trf("{}; {}", problem, tr(kPhoneForms)));
}

// Beijing (10) and the 2X cities have two-digit area codes; every other area code has three.
size_t area_code_length(std::string_view national) { return national[0] == '1' || national[0] == '2' ? 2 : 3; }

std::string lengths_text(const std::vector<size_t>& lengths) {
  std::string t;
  for (size_t i = 0; i < lengths.size(); ++i)
    t += std::string(i == 0 ? "" : i + 1 == lengths.size() ? tr_ctx("list", " or ") : tr_ctx("list", ", ")) +
         std::to_string(lengths[i]);
  return t;
}

// Why a mainland number is not valid, as precisely as the tables allow.
[[noreturn]] void explain_invalid(std::string_view raw, const CnNumber& cn) {
  const std::string& n = cn.national;
  if (n.size() < 5) reject(trf("'{}' has the wrong number of digits ({})", shown(raw), n.size()));
  if (n.size() == 11 && n[0] == '1' && (n[1] == '1' || n[1] == '2') && !cn.dialled)
    reject(trf("'{}' is not a mainland mobile number (mobile numbers begin with 13–19)", shown(raw)));
  if (n.size() == 11 && n[0] == '1' && n[1] >= '3') {
    size_t k = 3;
    while (k < n.size() && has_completion(n.substr(0, k), 11, bit(pt::mobile))) ++k;
    reject(trf("'{}' is not a mainland mobile number: no mobile numbers begin with {}", shown(raw), n.substr(0, k)));
  }
  if (n[0] == '1' && n[1] >= '3')
    reject(trf("'{}' has {} digits; a mainland mobile number has 11", shown(raw), n.size()));
  if (starts_with(n, "400") || starts_with(n, "800"))
    reject(trf("'{}' has {} digits; {} service numbers have 10", shown(raw), n.size(), n.substr(0, 3)));
  if (!cn.dialled && n.size() <= 8) reject(trf("'{}' has no area code", shown(raw)));
  size_t area = area_code_length(n);
  std::string code = "0" + n.substr(0, area);
  std::vector<size_t> locals;  // the lengths of ordinary (fixed-line) numbers behind this area code
  bool known = false;         // some number behind it exists (fixed-line or a shared-cost 96… number)
  for (size_t total = area + 5; total <= 12; ++total) {
    known = known || has_completion(n.substr(0, area), total, kGeographic);
    // 5- and 6-digit local numbers are short service codes (100xx, 95xxx): not named as the length.
    if (total - area >= 7 && has_completion(n.substr(0, area), total, bit(pt::fixed_line))) locals.push_back(total - area);
  }
  if (!known) reject(trf("'{}' does not have a valid area code: {} is not an area code in mainland China", shown(raw), code));
  size_t local = n.size() - area;
  if (!locals.empty() && std::find(locals.begin(), locals.end(), local) == locals.end())
    reject(trf("'{}' has {} digits after the area code {}; numbers there have {}", shown(raw), local, code, lengths_text(locals)));
  reject(trf("'{}' is not a valid local number for the area code {}", shown(raw), code));
}

// The number part, without separators: digits, with a '+' only in front.
std::string number_digits(std::string_view text, std::string_view raw) {
  static const std::string_view dashes[] = {"\xE2\x80\x90", "\xE2\x80\x91", "\xE2\x80\x92", "\xE2\x80\x93", "\xE2\x80\x94",
                                            "\xE2\x88\x92" /* − */};
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    char c = text[i];
    if (is_digit(c) || (c == '+' && out.empty())) {
      out += c;
      ++i;
    } else if (c == ' ' || c == '\t' || c == '-' || c == '.' || c == '(' || c == ')' || c == '[' || c == ']' || c == '/') {
      ++i;
    } else {
      size_t before = i;
      for (auto d : dashes)
        if (text.substr(i, d.size()) == d) i += d.size();
      if (i == before) reject(trf("'{}' is not a phone number", shown(raw)));
    }
  }
  if (out.empty() || out == "+") reject(trf("'{}' is not a phone number", shown(raw)));
  return out;
}

struct Split {
  std::string_view number;
  std::string extension;
};

// Extension labels, tried in this order at each position (longer spellings first).
constexpr std::string_view kExtensionLabels[] = {"分机号", "分机", "转", "extension", "extn", "ext", "x", "#"};

// Splits "010-12345678 转123" into the number and the extension digits.
Split split_extension(std::string_view text, std::string_view raw) {
  std::string lower = to_lower_ascii(text);
  for (size_t i = 0; i < lower.size(); ++i)
    for (auto label : kExtensionLabels) {
      if (std::string_view(lower).substr(i, label.size()) != label) continue;
      std::string_view number = text.substr(0, i);
      while (!number.empty() && (number.back() == ';' || number.back() == ',' || number.back() == ' ')) number.remove_suffix(1);
      size_t j = i + label.size();
      while (j < text.size() && (text[j] == ' ' || text[j] == '.' || text[j] == ':' || text[j] == '=')) ++j;
      std::string extension;
      while (j < text.size() && is_digit(text[j])) extension += text[j++];
      while (j < text.size() && (text[j] == ' ' || text[j] == '#' || text[j] == ')')) ++j;
      if (j != text.size() || (extension.empty() && label != "#") || extension.size() > kMaxExtensionDigits)
        reject(trf("'{}' has an extension that is not 1 to {} digits after '{}'", shown(raw), kMaxExtensionDigits,
                                text.substr(i, label.size())));
      return {number, extension};
    }
  return {text, ""};
}

}  // namespace

PhoneType cn_number_type(std::string_view n) {
  unsigned m = pattern_matches(n);
  auto is = [&](pt::Desc d) { return (m >> d & 1) && allows_length(d, n.size()); };
  if (!is(pt::general)) return PhoneType::unknown;
  if (is(pt::premium_rate)) return PhoneType::premium_rate;
  if (is(pt::toll_free)) return PhoneType::toll_free;
  if (is(pt::shared_cost)) return PhoneType::shared_cost;
  // CN has no VoIP, personal, pager, UAN or voicemail numbers (the generator leaves them empty),
  // and no number is both fixed-line and mobile.
  if (is(pt::fixed_line)) return PhoneType::fixed_line;
  if (is(pt::mobile)) return PhoneType::mobile;
  return PhoneType::unknown;
}

std::optional<CnNumber> parse_cn_number(std::string_view typed) {
  CnNumber cn;
  bool plus = !typed.empty() && typed[0] == '+';
  std::string n(plus ? typed.substr(1) : typed);
  size_t idd = plus ? 0 : international_prefix(n);
  if (plus || idd > 0) {  // MaybeExtractCountryCode after + or the international prefix
    n.erase(0, idd);
    if (n.size() <= 2 || !starts_with(n, "86")) return std::nullopt;  // 86 is the only country code starting 86
    n.erase(0, 2);
    cn.dialled = true;
  } else if (starts_with(n, "86")) {
    // Without +: 86 is taken as the country code when the rest is a better number.
    std::string rest = strip_national_prefix(n.substr(2));
    if ((!viable(n) && viable(rest)) || test_length(n) == Length::too_long) {
      n = rest;
      cn.dialled = true;
    }
  }
  std::string stripped = strip_national_prefix(n);
  Length l = test_length(stripped);
  if (stripped != n && l != Length::too_short && l != Length::local_only && l != Length::invalid) {
    n = stripped;
    cn.dialled = true;
  }
  if (n.size() < 2 || n.size() > 17) return std::nullopt;
  cn.national = std::move(n);
  return cn;
}

std::string stored_phone(std::string_view text, std::string_view raw) {
  std::string trimmed = trim(text);
  Split split = split_extension(trimmed, raw);
  std::string digits = number_digits(split.number, raw);
  std::optional<CnNumber> cn = parse_cn_number(digits);
  if (!cn) {
    size_t prefix = digits[0] == '+' ? 1 : international_prefix(digits);
    if (prefix > 0 && !starts_with(std::string_view(digits).substr(prefix), "86"))
      reject(trf("'{}' is not a mainland China number (+86); csdesk keeps mainland numbers only", shown(raw)));
    reject(trf("'{}' has the wrong number of digits ({})", shown(raw), digits.size() - (digits[0] == '+' ? 1 : 0)));
  }
  const std::string& n = cn->national;
  std::string stored;
  switch (cn_number_type(n)) {
    case PhoneType::mobile: stored = n; break;
    case PhoneType::premium_rate: reject(trf("'{}' is a premium-rate information line (160/168), not a customer's number", shown(raw)));
    case PhoneType::toll_free:
    case PhoneType::shared_cost:
      if (n.size() == 10 && (starts_with(n, "400") || starts_with(n, "800"))) {
        stored = n.substr(0, 3) + "-" + n.substr(3, 3) + "-" + n.substr(6);
        break;
      }
      if (starts_with(n, "950")) {  // nationwide 950 numbers: no area code
        stored = "950-" + n.substr(3);
        break;
      }
      [[fallthrough]];  // toll-free and shared-cost numbers behind an area code
    case PhoneType::fixed_line: {
      size_t area = area_code_length(n);
      stored = "0" + n.substr(0, area) + "-" + n.substr(area);
      break;
    }
    case PhoneType::unknown: explain_invalid(raw, *cn);
  }
  return split.extension.empty() ? stored : stored + " 转" + split.extension;
}

}  // namespace csdesk
