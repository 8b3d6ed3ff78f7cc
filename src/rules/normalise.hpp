#pragma once
// Normalising and checking what agents type and what spreadsheets hold, before anything is
// stored or matched: NFKC (full-width １３９ → 139), phone numbers, e-mail, QQ, WeChat,
// channels, grades, consent, and the company + name key used to find a returning customer.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "util/error.hpp"
#include "util/time.hpp"

namespace csdesk {

// Every customer field a contact can carry, from a flag or a spreadsheet column.
enum class Field {
  name, company, phone, email, qq, wechat, title, pcs, needs, channel, city, grade,
  urgent, contacted_at, consent, birthday, note,
};
inline constexpr std::size_t kFieldCount = static_cast<std::size_t>(Field::note) + 1;

std::string_view field_key(Field f);   // stable English name: "phone", "contacted_at"
std::string field_flag(Field f);       // the command-line flag: "--phone", "--contacted-at"
std::optional<Field> field_from_key(std::string_view key);  // "phone", "contacted-at", "contacted_at"

// A field that failed its check. what() reads "--phone: … ; use …"; problem() leaves out the
// field so that an importer can name the column instead.
class InvalidField : public Error {
 public:
  InvalidField(Field field, std::string problem)
      : Error(ErrorKind::invalid, trf("{}: {}", field_flag(field), problem)), field_(field), problem_(std::move(problem)) {}
  Field field() const { return field_; }
  const std::string& problem() const { return problem_; }

 private:
  Field field_;
  std::string problem_;
};

// Each returns the stored form or throws InvalidField naming the accepted forms.
// Phone: 13912345678, 010-12345678, 400-123-4567, 010-12345678 转123 (rules/phone.hpp: as libphonenumber decides).
std::string normalise_phone(std::string_view raw);
std::string normalise_email(std::string_view raw);    // lower case
std::string normalise_qq(std::string_view raw);       // 5–11 digits, not starting with 0
std::string normalise_wechat(std::string_view raw);   // WeChat id (lower case) or a mobile number
std::string normalise_channel(std::string_view raw);  // phone, online, qq, email, wechat, walk-in, event
std::string normalise_grade(std::string_view raw);    // A, B, C
bool parse_yes_no(std::string_view raw, Field field); // yes/no, 是/否, 1/0, true/false
std::int64_t parse_pcs(std::string_view raw);         // 20, ２０, 20台
std::string normalise_birthday(std::string_view raw); // MM-DD from MM-DD or YYYY-MM-DD
// NFKC, trimmed, inner runs of white space folded to one space, without the characters that show
// nothing: format characters (Unicode category Cf: zero-width spaces and joiners, bidi marks and
// embeddings, the BOM) and controls; line and paragraph separators (U+2028/2029) become spaces.
// Throws InvalidField when the text holds only such characters.
std::string clean_text(std::string_view raw, Field field);
// The de-duplication key: folded company + "|" + folded name (no spaces, brackets, invisible
// characters or controls, lower case).
std::string name_key(std::string_view company, std::string_view name);
// What the database stores and indexes for a name key: 64-bit FNV-1a, fixed forever (it is on
// disk). A match by hash is confirmed by comparing the keys themselves.
std::int64_t name_key_hash(std::string_view key);

// The raw text of one contact, as typed or as read from a row; "" means not given.
using RawContact = std::array<std::string, kFieldCount>;

// One contact, normalised and checked.
struct NewContact {
  std::string name;
  std::optional<std::string> company, phone, email, qq, wechat, title, needs, channel, city, grade, birthday, note;
  std::optional<std::int64_t> pcs;
  std::optional<bool> consent;
  bool urgent = false;
  Epoch contacted_at = 0;           // when not given: the time of registering
  bool contacted_at_known = false;  // given (--contacted-at, an import's time column)
  std::optional<std::string> key;        // name_key, when a company is given
  std::optional<std::int64_t> key_hash;  // name_key_hash(key), as stored in customers.name_hash
};

// Sets key and key_hash from company and name.
void update_name_key(NewContact& contact);

// Sets one field from raw text ("" clears it) with the checks below; keeps `key` in step.
void set_field(NewContact& contact, Field field, std::string_view raw, Epoch now);
// A name and a way to reach the customer (phone, e-mail, QQ or WeChat); throws InvalidField.
void check_contact(const NewContact& contact);

// Checks every field; `now` is the default contact time and the latest one allowed.
// Throws InvalidField for the first field that fails (a name and a way to reach the customer are required).
NewContact normalise_contact(const RawContact& raw, Epoch now);

}  // namespace csdesk
