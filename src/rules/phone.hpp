#pragma once
// Phone numbers of mainland China (+86), decided as Google's libphonenumber decides them: its
// metadata for CN is compiled into a digit automaton at build time (tools/phone_tables.cpp),
// and the steps of its parser that matter for CN are mirrored here. tests/phone_reference.cpp
// and tests/e2e/test_phone_reference.py compare the two on thousands of inputs.
#include <optional>
#include <string>
#include <string_view>

namespace csdesk {

// libphonenumber's PhoneNumberType, for the types CN has.
enum class PhoneType { unknown, premium_rate, toll_free, shared_cost, fixed_line, mobile };

// The type of a national significant number (digits only, no trunk 0): GetNumberType.
PhoneType cn_number_type(std::string_view national);

// What libphonenumber's Parse(text, "CN") makes of digits (with a leading '+' if typed): the
// national significant number, or nothing if the number belongs to another country or is too
// short or too long to be a number at all.
struct CnNumber {
  std::string national;
  bool dialled = false;  // written with +86, 0086, 86 or a trunk 0: the area code is not missing
};
std::optional<CnNumber> parse_cn_number(std::string_view digits);

// A phone number as csdesk stores it: mobile 13912345678, landline 010-12345678, service
// 400-123-4567; an extension follows as " 转123". `text` is NFKC-folded; throws InvalidField
// (naming what is wrong and the accepted forms) for anything libphonenumber does not accept as
// a mobile, landline or service number of mainland China.
std::string stored_phone(std::string_view text, std::string_view raw);

// The accepted forms, for help texts and error messages.
extern const char* const kPhoneForms;

}  // namespace csdesk
