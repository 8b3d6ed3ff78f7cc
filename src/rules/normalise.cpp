#include "rules/normalise.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "rules/phone.hpp"
#include "rules/vocabulary.hpp"
#include "util/text.hpp"

namespace csdesk {
namespace {

constexpr std::array<std::string_view, kFieldCount> kFieldKeys = {
    "name", "company", "phone",   "email",        "qq",      "wechat",   "title", "pcs",  "needs",
    "channel", "city", "grade",   "urgent",       "contacted_at", "consent", "birthday", "note",
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool all_digits(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), is_digit); }

std::string folded(std::string_view raw, Field field) {
  if (!is_valid_utf8(raw)) throw InvalidField(field, std::string(tr("not valid UTF-8 text; save the file as UTF-8 or GBK, or pass --encoding")));
  return nfkc(raw);
}

// Removes separators people put inside numbers: spaces, dashes, dots, brackets (also the
// full-width and dash-like forms NFKC leaves alone).
std::string strip_separators(std::string_view s) {
  static const std::string_view multi[] = {"\xE3\x80\x80" /* U+3000 */, "\xE2\x80\x90", "\xE2\x80\x91", "\xE2\x80\x92",
                                           "\xE2\x80\x93", "\xE2\x80\x94", "\xE2\x88\x92" /* − */};
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '-' || c == '.' || c == '(' || c == ')' || c == '[' || c == ']' || c == '/') {
      ++i;
      continue;
    }
    bool skipped = false;
    for (auto m : multi)
      if (s.substr(i, m.size()) == m) {
        i += m.size();
        skipped = true;
        break;
      }
    if (!skipped) out += s[i++];
  }
  return out;
}

bool is_mobile(std::string_view d) { return d.size() == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9' && all_digits(d); }

std::string shown(std::string_view raw) { return std::string(raw.substr(0, 60)); }

}  // namespace

std::string_view field_key(Field f) { return kFieldKeys[static_cast<size_t>(f)]; }

std::string field_flag(Field f) {
  std::string flag = "--" + std::string(field_key(f));
  std::replace(flag.begin(), flag.end(), '_', '-');
  return flag;
}

std::optional<Field> field_from_key(std::string_view key) {
  std::string k = to_lower_ascii(trim(key));
  std::replace(k.begin(), k.end(), '-', '_');
  for (size_t i = 0; i < kFieldCount; ++i)
    if (kFieldKeys[i] == k) return static_cast<Field>(i);
  return std::nullopt;
}

std::string normalise_phone(std::string_view raw) { return stored_phone(folded(raw, Field::phone), raw); }

std::string normalise_email(std::string_view raw) {
  std::string e = to_lower_ascii(trim(without_invisible(folded(raw, Field::email))));
  auto bad = [&](const char* why) -> std::string {
    throw InvalidField(Field::email, trf("'{}' is not an e-mail address ({}); use the form name@example.com", shown(raw), tr(why)));
  };
  size_t at = e.find('@');
  if (at == std::string::npos) bad(tr_noop("no @"));
  if (e.find('@', at + 1) != std::string::npos) bad(tr_noop("more than one @"));
  std::string_view local = std::string_view(e).substr(0, at), domain = std::string_view(e).substr(at + 1);
  if (local.empty()) bad(tr_noop("nothing before @"));
  if (domain.find('.') == std::string::npos || domain.front() == '.' || domain.back() == '.' ||
      domain.find("..") != std::string::npos)
    bad(tr_noop("the domain needs a dot, as in example.com"));
  for (unsigned char c : e)
    if (c <= ' ' || c == ',' || c == ';' || c == '<' || c == '>' || c == '"' || c == '(' || c == ')') bad(tr_noop("spaces or , ; < > \" ( ) inside"));
  if (e.size() > 254) bad(tr_noop("longer than 254 characters"));
  return e;
}

std::string normalise_qq(std::string_view raw) {
  std::string q = strip_separators(folded(raw, Field::qq));
  if (!all_digits(q) || q.size() < 5 || q.size() > 11 || q[0] == '0')
    throw InvalidField(Field::qq, trf("'{}' is not a QQ number; use 5 to 11 digits not starting with 0, e.g. 12345678", shown(raw)));
  return q;
}

std::string normalise_wechat(std::string_view raw) {
  std::string w = trim(folded(raw, Field::wechat));
  std::string digits = strip_separators(w);
  if (starts_with(digits, "+86")) digits.erase(0, 3);
  if (is_mobile(digits)) return digits;  // many people use their mobile number as WeChat id
  bool shape = w.size() >= 6 && w.size() <= 20 && ((w[0] >= 'a' && w[0] <= 'z') || (w[0] >= 'A' && w[0] <= 'Z')) &&
               std::all_of(w.begin(), w.end(), [](char c) {
                 return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' || c == '-';
               });
  if (!shape)
    throw InvalidField(Field::wechat, trf("'{}' is not a WeChat id; use 6 to 20 letters, digits, _ or - starting "
                                                  "with a letter (e.g. wang_li88), or a mobile number", shown(raw)));
  return to_lower_ascii(w);
}

std::string normalise_channel(std::string_view raw) {
  // The code, its Chinese name or a synonym (rules/vocabulary), English in any case.
  if (auto code = vocab::parse(vocab::channel, to_lower_ascii(trim(folded(raw, Field::channel))))) return *code;
  throw InvalidField(Field::channel, trf("'{}' is not a channel; use phone, online, qq, email, wechat, walk-in, event "
                                         "(or 电话, 在线, QQ, 邮件, 微信, 现场, 活动)", shown(raw)));
}

std::string normalise_grade(std::string_view raw) {
  std::string g = trim(folded(raw, Field::grade));
  for (char& c : g)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');  // c级 as C级
  if (auto code = vocab::parse(vocab::grade, g)) return *code;
  throw InvalidField(Field::grade, trf("'{}' is not a grade; use A, B or C", shown(raw)));
}

bool parse_yes_no(std::string_view raw, Field field) {
  if (auto code = vocab::parse(vocab::yes_no, to_lower_ascii(trim(folded(raw, field))))) return *code == "yes";
  throw InvalidField(field, trf("'{}' is neither yes nor no; use yes or no (是/否)", shown(raw)));
}

std::int64_t parse_pcs(std::string_view raw) {
  std::string v = trim(folded(raw, Field::pcs));
  if (v.size() > 3 && v.substr(v.size() - 3) == "台") v = trim(v.substr(0, v.size() - 3));
  if (!all_digits(v) || v.size() > 7)
    throw InvalidField(Field::pcs, trf("'{}' is not a number of PCs; use a whole number such as 20", shown(raw)));
  return std::stoll(v);
}

std::string normalise_birthday(std::string_view raw) {
  std::string v = trim(folded(raw, Field::birthday));
  std::replace(v.begin(), v.end(), '/', '-');
  std::string md = v.size() == 10 && v[4] == '-' ? v.substr(5) : v;
  if (md.size() == 5 && md[2] == '-' && all_digits(md.substr(0, 2)) && all_digits(md.substr(3))) {
    int m = std::stoi(md.substr(0, 2)), d = std::stoi(md.substr(3));
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m >= 1 && m <= 12 && d >= 1 && d <= days[m - 1]) return md;
  }
  throw InvalidField(Field::birthday, trf("'{}' is not a birthday; use MM-DD or YYYY-MM-DD, e.g. 03-15", shown(raw)));
}

std::string clean_text(std::string_view raw, Field field) {
  std::string t = trim(folded(raw, field));
  std::string out;
  out.reserve(t.size());
  bool space = false, dropped = false;
  for (size_t i = 0; i < t.size();) {
    auto c = static_cast<unsigned char>(t[i]);
    if (c >= 0x80) {
      size_t n = 0;
      switch (char_class(t, i, n)) {
        case CharClass::visible:
          if (space && !out.empty()) out += ' ';
          space = false;
          out.append(t, i, n);
          break;
        case CharClass::space: space = true; break;
        case CharClass::invisible: dropped = true; break;
      }
      i += n;
      continue;
    }
    ++i;
    if (c == ' ' || (c >= '\t' && c <= '\r')) {
      space = true;
    } else if (c < 0x20 || c == 0x7F) {
      dropped = true;
    } else {
      if (space && !out.empty()) out += ' ';
      space = false;
      out += static_cast<char>(c);
    }
  }
  if (out.empty() && dropped)
    throw InvalidField(field, std::string(tr("holds only invisible characters (zero-width spaces, direction marks or "
                                             "control characters); type the text itself")));
  // A dropped mark may have stood between a letter and its accent: compose them again.
  if (dropped) out = nfkc(out);
  return out;
}

std::string name_key(std::string_view company, std::string_view name) {
  std::string key;
  key.reserve(company.size() + name.size() + 1);
  auto fold = [&key](std::string_view s) {
    for (size_t i = 0; i < s.size();) {
      auto c = static_cast<unsigned char>(s[i]);
      if (c >= 0x80) {
        size_t n = 0;
        if (char_class(s, i, n) == CharClass::visible) key.append(s.substr(i, n));
        i += n;
        continue;
      }
      ++i;
      if (c <= ' ' || c == 0x7F || c == '(' || c == ')' || c == '.' || c == ',') continue;
      key += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
    }
  };
  fold(company);
  key += '|';
  fold(name);
  return key;
}

std::int64_t name_key_hash(std::string_view key) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : key) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return static_cast<std::int64_t>(h);
}

void set_field(NewContact& c, Field f, std::string_view raw, Epoch now) {
  auto text = [&]() -> std::optional<std::string> {
    std::string t = clean_text(raw, f);
    return t.empty() ? std::nullopt : std::optional<std::string>(t);
  };
  bool empty = trim(raw).empty();
  switch (f) {
    case Field::name: c.name = text().value_or(""); break;
    case Field::company: c.company = text(); break;
    case Field::phone: c.phone = empty ? std::nullopt : std::optional<std::string>(normalise_phone(raw)); break;
    case Field::email: c.email = empty ? std::nullopt : std::optional<std::string>(normalise_email(raw)); break;
    case Field::qq: c.qq = empty ? std::nullopt : std::optional<std::string>(normalise_qq(raw)); break;
    case Field::wechat: c.wechat = empty ? std::nullopt : std::optional<std::string>(normalise_wechat(raw)); break;
    case Field::title: c.title = text(); break;
    case Field::pcs: c.pcs = empty ? std::nullopt : std::optional<std::int64_t>(parse_pcs(raw)); break;
    case Field::needs: c.needs = text(); break;
    case Field::channel: c.channel = empty ? std::nullopt : std::optional<std::string>(normalise_channel(raw)); break;
    case Field::city: c.city = text(); break;
    case Field::grade: c.grade = empty ? std::nullopt : std::optional<std::string>(normalise_grade(raw)); break;
    case Field::urgent: c.urgent = !empty && parse_yes_no(raw, f); break;
    case Field::consent: {
      // `not asked` (未询问) is how customer list shows an unknown consent: it reads back as unknown.
      bool unknown = empty || vocab::parse(vocab::consent, folded(raw, f)) == "not asked";
      c.consent = unknown ? std::nullopt : std::optional<bool>(parse_yes_no(raw, f));
      break;
    }
    case Field::birthday: c.birthday = empty ? std::nullopt : std::optional<std::string>(normalise_birthday(raw)); break;
    case Field::note: c.note = text(); break;
    case Field::contacted_at: {
      c.contacted_at = now;
      c.contacted_at_known = !empty;
      if (empty) break;
      std::string t = trim(folded(raw, f));
      std::replace(t.begin(), t.end(), '/', '-');
      try {
        c.contacted_at = parse_time(t, field_flag(f));
      } catch (const Error&) {
        throw InvalidField(f, trf("'{}' is not a time; use YYYY-MM-DD HH:MM (local time)", shown(raw)));
      }
      if (c.contacted_at > now)
        throw InvalidField(f, trf("'{}' is later than now ({}); give when the contact happened", shown(raw), format_local(now)));
      break;
    }
  }
  if (f == Field::name || f == Field::company) update_name_key(c);
}

void update_name_key(NewContact& c) {
  c.key = c.company ? std::optional<std::string>(name_key(*c.company, c.name)) : std::nullopt;
  c.key_hash = c.key ? std::optional<std::int64_t>(name_key_hash(*c.key)) : std::nullopt;
}

void check_contact(const NewContact& c) {
  if (c.name.empty()) throw InvalidField(Field::name, std::string(tr("a name or form of address (称呼, e.g. 王女士) is required")));
  if (!c.phone && !c.email && !c.qq && !c.wechat)
    throw InvalidField(Field::phone,
                       std::string(tr("a way to reach the customer is required: give a phone, e-mail, QQ or WeChat")));
}

NewContact normalise_contact(const RawContact& raw, Epoch now) {
  NewContact c;
  c.contacted_at = now;
  // The name first, then the ways to reach: the first problem reported is the most important one.
  for (size_t i = 0; i < kFieldCount; ++i) {
    if (i == static_cast<size_t>(Field::title)) check_contact(c);
    if (!trim(raw[i]).empty()) set_field(c, static_cast<Field>(i), raw[i], now);
  }
  return c;
}

}  // namespace csdesk
