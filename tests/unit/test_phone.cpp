// The phone rule: libphonenumber's verdict for mainland China (tables generated from its
// metadata), csdesk's stored forms and its messages. The full comparison with the library is
// tests/e2e/test_phone_reference.py; these pin the cases the issue names.
#include <doctest/doctest.h>

#include "rules/normalise.hpp"
#include "rules/phone.hpp"

using namespace csdesk;

namespace {
std::string problem_of(const char* raw) {
  try {
    normalise_phone(raw);
  } catch (const InvalidField& e) {
    CHECK(e.field() == Field::phone);
    return e.problem();
  }
  FAIL("accepted: " << raw);
  return "";
}
bool mentions(const std::string& text, const char* part) { return text.find(part) != std::string::npos; }
}  // namespace

TEST_CASE("number types are libphonenumber's for CN") {
  CHECK(cn_number_type("13912345678") == PhoneType::mobile);
  CHECK(cn_number_type("17400123456") == PhoneType::mobile);  // 1740[0-5]: the only mobile 174 blocks
  CHECK(cn_number_type("17406123456") == PhoneType::unknown);
  CHECK(cn_number_type("15412345678") == PhoneType::unknown);  // 154: not allocated
  CHECK(cn_number_type("14012345678") == PhoneType::unknown);  // 140: data-only (IoT) block
  CHECK(cn_number_type("1012345678") == PhoneType::fixed_line);
  CHECK(cn_number_type("106543210") == PhoneType::unknown);    // Beijing numbers have 8 digits
  CHECK(cn_number_type("3356543210") == PhoneType::fixed_line);
  CHECK(cn_number_type("4001234567") == PhoneType::shared_cost);
  CHECK(cn_number_type("8001234567") == PhoneType::toll_free);
  CHECK(cn_number_type("16812345") == PhoneType::premium_rate);
  CHECK(cn_number_type("") == PhoneType::unknown);
  CHECK(cn_number_type("1391234567890123") == PhoneType::unknown);
}

TEST_CASE("parsing strips +86, 0086, 86, a trunk 0 and carrier codes as libphonenumber does") {
  auto national = [](const char* digits) {
    auto cn = parse_cn_number(digits);
    return cn ? cn->national : std::string("none");
  };
  CHECK(national("+8613912345678") == "13912345678");
  CHECK(national("008613912345678") == "13912345678");
  CHECK(national("8613912345678") == "13912345678");
  CHECK(national("861012345678") == "1012345678");      // 86-10-… without + is Beijing
  CHECK(national("+86013912345678") == "13912345678");  // +86 (0)139…
  CHECK(national("013912345678") == "13912345678");
  CHECK(national("1795113912345678") == "13912345678");  // IP-dialling carrier code 17951
  CHECK(national("01012345678") == "1012345678");
  CHECK(national("+14155550100") == "none");            // another country
  CHECK(national("+852") == "none");
  CHECK(national("8") == "none");
  CHECK(parse_cn_number("01012345678")->dialled);
  CHECK_FALSE(parse_cn_number("12345678")->dialled);
}

TEST_CASE("stored forms: mobile digits, landline area-local, service 400-123-4567, extension after 转") {
  CHECK(normalise_phone("+86 (0)139 1234 5678") == "13912345678");
  CHECK(normalise_phone("0139-1234-5678") == "13912345678");
  CHECK(normalise_phone("86-10-12345678") == "010-12345678");
  CHECK(normalise_phone("0086 10 1234 5678") == "010-12345678");
  CHECK(normalise_phone("400-123-4567") == "400-123-4567");
  CHECK(normalise_phone("4001234567") == "400-123-4567");
  CHECK(normalise_phone("800 123 4567") == "800-123-4567");
  CHECK(normalise_phone("9501234567") == "950-1234567");
  CHECK(normalise_phone("010-96123") == "010-96123");  // a shared-cost number behind an area code
  CHECK(normalise_phone("010-12345678 ext 123") == "010-12345678 转123");
  CHECK(normalise_phone("010-12345678 ext. 123") == "010-12345678 转123");
  CHECK(normalise_phone("010-12345678x123") == "010-12345678 转123");
  CHECK(normalise_phone("010-12345678#123") == "010-12345678 转123");
  CHECK(normalise_phone("010-12345678转123") == "010-12345678 转123");
  CHECK(normalise_phone("010-12345678 分机 123") == "010-12345678 转123");
  CHECK(normalise_phone("010-12345678（分机号：123）") == "010-12345678 转123");
  CHECK(normalise_phone("０１０－１２３４５６７８　转　１２３") == "010-12345678 转123");
  CHECK(normalise_phone("010-12345678;ext=123") == "010-12345678 转123");
  CHECK(normalise_phone("010-12345678#") == "010-12345678");
  // What an older csdesk stored for a service number typed with a trunk 0 (schema 6 rewrites it).
  CHECK(normalise_phone("0400-1234567") == "400-123-4567");
  CHECK(normalise_phone("0800-1234567") == "800-123-4567");
  // Stable: a stored form reads back as itself.
  for (const char* stored : {"13912345678", "010-12345678", "0755-12345678", "0335-6543210", "400-123-4567",
                             "010-12345678 转123", "950-1234567"})
    CHECK(normalise_phone(stored) == stored);
}

TEST_CASE("what libphonenumber rejects is rejected, saying why") {
  CHECK(mentions(problem_of("15412345678"), "no mobile numbers begin with 154"));
  CHECK(mentions(problem_of("14012345678"), "no mobile numbers begin with 140"));
  CHECK(mentions(problem_of("17912345678"), "no mobile numbers begin with 179"));
  CHECK(mentions(problem_of("17406123456"), "no mobile numbers begin with 17406"));
  CHECK(mentions(problem_of("12912345678"), "mobile numbers begin with 13–19"));
  CHECK(mentions(problem_of("010-6543210"), "has 7 digits after the area code 010; numbers there have 8"));
  CHECK(mentions(problem_of("0755-1234567"), "has 7 digits after the area code 0755; numbers there have 8"));
  CHECK(mentions(problem_of("011-12345678"), "011 is not an area code"));
  CHECK(mentions(problem_of("026-12345678"), "026 is not an area code"));
  CHECK(mentions(problem_of("+86 139 1234 567"), "has 10 digits; a mainland mobile number has 11"));
  CHECK(mentions(problem_of("400-123-456"), "400 service numbers have 10"));
  CHECK(mentions(problem_of("16812345"), "premium-rate"));
  CHECK(mentions(problem_of("12345678"), "has no area code"));
  CHECK(mentions(problem_of("+1 415 555 0100"), "not a mainland China number"));
  CHECK(mentions(problem_of("13912345678a"), "is not a phone number"));
  CHECK(mentions(problem_of("010-12345678 转"), "extension that is not 1 to 6 digits after '转'"));
  CHECK(mentions(problem_of("010-12345678 ext 1234567"), "extension that is not 1 to 6 digits"));
  CHECK(mentions(problem_of("010-12345678 转12a"), "extension"));
  CHECK(mentions(problem_of("+"), "is not a phone number"));
  CHECK(mentions(problem_of("12"), "wrong number of digits (2)"));
  CHECK(mentions(problem_of("+86"), "wrong number of digits (2)"));
  CHECK(mentions(problem_of("+8613"), "wrong number of digits (2)"));
  CHECK(mentions(problem_of("00-12345678"), "not a mainland China number"));
  // Every message ends with the accepted forms, whose examples are themselves valid.
  CHECK(mentions(problem_of("15412345678"), kPhoneForms));
  for (const char* example : {"13912345678", "010-12345678", "0755-12345678", "0335-6543210", "400-123-4567",
                              "010-12345678 转123"})
    CHECK(mentions(kPhoneForms, example));
}
