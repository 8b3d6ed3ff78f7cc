#include <doctest/doctest.h>

#include "util/json.hpp"
#include "rules/privacy.hpp"

using namespace csdesk;

TEST_CASE("only the configured roles may see personal data") {
  std::vector<std::string> reveal = {"supervisor", "manager", "admin"};
  CHECK(may_reveal({"consult", "supervisor"}, reveal));
  CHECK_FALSE(may_reveal({"consult", "sales"}, reveal));
  CHECK_FALSE(may_reveal({}, reveal));
  CHECK_FALSE(may_reveal({"admin"}, {}));
}

TEST_CASE("personal keys are recognised by name or suffix") {
  CHECK(personal_kind_of_key("phone") == Personal::phone);
  CHECK(personal_kind_of_key("contact_phone") == Personal::phone);
  CHECK(personal_kind_of_key("Email") == Personal::email);
  CHECK(personal_kind_of_key("qq") == Personal::qq);
  CHECK(personal_kind_of_key("wechat") == Personal::wechat);
  CHECK(personal_kind_of_key("phones_count") == Personal::no);
  CHECK(personal_kind_of_key("xphone") == Personal::no);
  CHECK(personal_kind_of_key("name") == Personal::no);
}

TEST_CASE("personal values inside audit images are masked, the rest kept") {
  CHECK(mask_personal_json(R"({"name":"王女士","phone":"13912345678","email":"wang@example.com"})") ==
        R"({"name":"王女士","phone":"139****5678","email":"w***@example.com"})");
  CHECK(mask_personal_json(R"({"qq":"123456789", "wechat" : "wang_nvshi","pcs":12})") ==
        R"({"qq":"12*****89","wechat":"w***i","pcs":12})");
  CHECK(mask_personal_json(R"({"phone":null,"note":"phone"})") == R"({"phone":null,"note":"phone"})");
  CHECK(mask_personal_json(R"({"merged":{"phone":"13900001111"},"list":["13900001111"]})") ==
        R"({"merged":{"phone":"139****1111"},"list":["13900001111"]})");
  CHECK(mask_personal_json(R"({"note":"say \"phone\": hi","phone":"010-12345678"})") ==
        R"({"note":"say \"phone\": hi","phone":"010****5678"})");
  CHECK(mask_personal_json("") == "");
}

TEST_CASE("broken JSON never crashes the masker, and shows nothing it cannot read") {
  CHECK(mask_personal_json(R"({"phone":"1390000)") == kUnreadableImage);
  CHECK(mask_personal_json(R"("\)") == kUnreadableImage);
  CHECK(mask_personal_json(":::\"") == kUnreadableImage);
}

TEST_CASE("masking counts characters, never cutting one in half") {
  CHECK(mask_personal("１３９１２３４５６７８", Personal::phone) == "１３９****５６７８");
  CHECK(mask_personal("王女士@例子.中国", Personal::email) == "王***@例子.中国");
  CHECK(mask_personal("微信号码", Personal::wechat) == "微***码");
  CHECK(mask_personal("123", Personal::phone) == "****");
}

TEST_CASE("regression (fuzz_mask): a broken \\u escape in an image is not a crash") {
  CHECK(parse_flat_json(R"({"a":"\uph"})").empty());
  CHECK(parse_flat_json(R"({"a":"\u-001"})").empty());
  std::string crash = "\noy \\\"phone\\\": \\uph\none\":\"{13";  // tests/fuzz/regressions/mask/
  CHECK(mask_personal_json(crash) == kUnreadableImage);
}
