// The reference for tests/e2e/test_phone_reference.py: Google's libphonenumber on each line of
// stdin, as csdesk's rule for mainland China is meant to read it. One line out per line in:
//   valid<TAB>TYPE<TAB>E.164<TAB>EXTENSION     the number is valid for region CN
//   invalid<TAB>WHY                            a parse error, another country, or not valid
#include <phonenumbers/phonenumberutil.h>

#include <iostream>
#include <string>

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

namespace {

const char* type_name(PhoneNumberUtil::PhoneNumberType t) {
  switch (t) {
    case PhoneNumberUtil::FIXED_LINE: return "fixed_line";
    case PhoneNumberUtil::MOBILE: return "mobile";
    case PhoneNumberUtil::FIXED_LINE_OR_MOBILE: return "fixed_line_or_mobile";
    case PhoneNumberUtil::TOLL_FREE: return "toll_free";
    case PhoneNumberUtil::PREMIUM_RATE: return "premium_rate";
    case PhoneNumberUtil::SHARED_COST: return "shared_cost";
    case PhoneNumberUtil::VOIP: return "voip";
    case PhoneNumberUtil::PERSONAL_NUMBER: return "personal_number";
    case PhoneNumberUtil::PAGER: return "pager";
    case PhoneNumberUtil::UAN: return "uan";
    case PhoneNumberUtil::VOICEMAIL: return "voicemail";
    default: return "unknown";
  }
}

}  // namespace

int main() {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  std::string line;
  while (std::getline(std::cin, line)) {
    PhoneNumber number;
    PhoneNumberUtil::ErrorType error = util.Parse(line, "CN", &number);
    if (error != PhoneNumberUtil::NO_PARSING_ERROR) {
      std::cout << "invalid\tparse error " << error << "\n";
    } else if (!util.IsValidNumberForRegion(number, "CN")) {
      std::cout << "invalid\tnot valid for CN (+" << number.country_code() << ")\n";
    } else {
      std::string e164;
      util.Format(number, PhoneNumberUtil::E164, &e164);
      std::cout << "valid\t" << type_name(util.GetNumberType(number)) << "\t" << e164 << "\t" << number.extension() << "\n";
    }
  }
  return 0;
}
