#include <doctest/doctest.h>

#include "rules/normalise.hpp"

using namespace csdesk;

namespace {
RawContact raw(std::initializer_list<std::pair<Field, std::string>> fields) {
  RawContact r;
  for (const auto& [f, v] : fields) r[static_cast<size_t>(f)] = v;
  return r;
}
Field failing_field(const RawContact& r) {
  try {
    normalise_contact(r, 1'800'000'000);
  } catch (const InvalidField& e) {
    return e.field();
  }
  FAIL("expected InvalidField");
  return Field::note;
}
}  // namespace

TEST_CASE("mobile numbers: full-width digits, separators and country prefixes fold to 11 digits") {
  CHECK(normalise_phone("13912345678") == "13912345678");
  CHECK(normalise_phone("１３９１２３４５６７８") == "13912345678");
  CHECK(normalise_phone("139-1234-5678") == "13912345678");
  CHECK(normalise_phone("139 1234 5678") == "13912345678");
  CHECK(normalise_phone("(139)1234.5678") == "13912345678");
  CHECK(normalise_phone("+86 139 1234 5678") == "13912345678");
  CHECK(normalise_phone("0086-13912345678") == "13912345678");
  CHECK(normalise_phone("8613912345678") == "13912345678");
  CHECK(normalise_phone("＋８６ １３９—１２３４—５６７８") == "13912345678");
}

TEST_CASE("landlines keep their area code: 010 and 02X have two digits, others three") {
  CHECK(normalise_phone("010-12345678") == "010-12345678");
  CHECK(normalise_phone("(010) 1234 5678") == "010-12345678");
  CHECK(normalise_phone("01012345678") == "010-12345678");
  CHECK(normalise_phone("021-87654321") == "021-87654321");
  CHECK(normalise_phone("0755-12345678") == "0755-12345678");
  CHECK(normalise_phone("0335-6543210") == "0335-6543210");  // Qinhuangdao: 7-digit local numbers
  CHECK(normalise_phone("（０２８）８５５５１２３４") == "028-85551234");
  CHECK(normalise_phone("+86 10 12345678") == "010-12345678");
  CHECK(normalise_phone("+86-755-12345678") == "0755-12345678");
}

TEST_CASE("bad phone numbers are rejected naming the accepted forms") {
  for (const char* bad : {"12345", "12912345678", "1391234567", "139123456789", "12345678", "abc", "010-0123456", "0001234567"}) {
    CAPTURE(bad);
    try {
      normalise_phone(bad);
      FAIL("accepted");
    } catch (const InvalidField& e) {
      CHECK(e.field() == Field::phone);
      CHECK(std::string(e.what()).find("--phone") == 0);
      CHECK(e.problem().find("010-12345678") != std::string::npos);
    }
  }
}

TEST_CASE("e-mail is lower-cased and shape-checked") {
  CHECK(normalise_email(" Wang.Li@Example.COM ") == "wang.li@example.com");
  CHECK(normalise_email("ｗａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ") == "wang@example.com");
  for (const char* bad : {"wang", "wang@", "@example.com", "wang@example", "a@b@c.com", "wang li@example.com", "w@.com", "w@a..com"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(normalise_email(bad), InvalidField);
  }
}

TEST_CASE("QQ: 5 to 11 digits, not starting with 0") {
  CHECK(normalise_qq("12345") == "12345");
  CHECK(normalise_qq("１２３４５６７８") == "12345678");
  CHECK(normalise_qq("123 456 789") == "123456789");
  for (const char* bad : {"1234", "012345", "123456789012", "12a45"}) CHECK_THROWS_AS(normalise_qq(bad), InvalidField);
}

TEST_CASE("WeChat: an id shape or a mobile number") {
  CHECK(normalise_wechat("Wang_Li88") == "wang_li88");
  CHECK(normalise_wechat("139 1234 5678") == "13912345678");
  for (const char* bad : {"wl", "88wangli", "wang li88", "王丽丽丽丽丽"}) CHECK_THROWS_AS(normalise_wechat(bad), InvalidField);
}

TEST_CASE("channels in English and Chinese") {
  CHECK(normalise_channel("电话") == "phone");
  CHECK(normalise_channel("Phone") == "phone");
  CHECK(normalise_channel("网上客服") == "online");
  CHECK(normalise_channel("在线") == "online");
  CHECK(normalise_channel("QQ") == "qq");
  CHECK(normalise_channel("邮件") == "email");
  CHECK(normalise_channel("现场") == "walk-in");
  CHECK(normalise_channel("活动") == "event");
  CHECK_THROWS_AS(normalise_channel("fax"), InvalidField);
}

TEST_CASE("grade, consent, PCs and birthday") {
  CHECK(normalise_grade("a") == "A");
  CHECK(normalise_grade("Ｂ") == "B");
  CHECK_THROWS_AS(normalise_grade("D"), InvalidField);
  CHECK(parse_yes_no("是", Field::consent));
  CHECK_FALSE(parse_yes_no("no", Field::consent));
  CHECK_THROWS_AS(parse_yes_no("maybe", Field::consent), InvalidField);
  CHECK(parse_pcs("２０台") == 20);
  CHECK_THROWS_AS(parse_pcs("twenty"), InvalidField);
  CHECK(normalise_birthday("1990-03-15") == "03-15");
  CHECK(normalise_birthday("03/15") == "03-15");
  CHECK_THROWS_AS(normalise_birthday("02-30"), InvalidField);
}

TEST_CASE("channels, grades and yes/no by their catalogue names and synonyms (rules/vocabulary)") {
  // The Chinese names of po/zh_CN.po, whatever the language spoken.
  CHECK(normalise_channel("现场接待") == "walk-in");
  CHECK(normalise_channel("来访") == "walk-in");
  CHECK(normalise_channel("网络") == "online");
  CHECK(normalise_channel("客服邮箱") == "email");
  CHECK(normalise_channel("E-Mail") == "email");
  CHECK(normalise_channel(" WALK-IN ") == "walk-in");
  CHECK(normalise_channel("活动现场") == "event");
  CHECK(normalise_grade("A类") == "A");
  CHECK(normalise_grade("c级") == "C");
  CHECK(normalise_grade("ｂ") == "B");
  CHECK(parse_yes_no("同意", Field::consent));
  CHECK(parse_yes_no("YES", Field::consent));
  CHECK_FALSE(parse_yes_no("否", Field::consent));
  CHECK_FALSE(parse_yes_no("不同意", Field::consent));
  CHECK_FALSE(parse_yes_no("无", Field::urgent));
}

TEST_CASE("a field's problem in Chinese") {
  set_language(Lang::zh);
  try {
    normalise_channel("飞鸽");
    FAIL("accepted");
  } catch (const InvalidField& e) {
    CHECK(std::string(e.what()) == "--channel：'飞鸽' 不是来源渠道；请填 电话、在线、QQ、邮件、微信、现场、活动（或 phone、online、qq、email、wechat、walk-in、event）");
  }
  try {
    normalise_phone("12345");
    FAIL("accepted");
  } catch (const InvalidField& e) {
    CHECK(e.problem().rfind("'12345' 没有区号；请填大陆手机号", 0) == 0);
  }
  set_language(Lang::en);
  try {
    normalise_channel("飞鸽");
    FAIL("accepted");
  } catch (const InvalidField& e) {
    CHECK(std::string(e.what()) == "--channel: '飞鸽' is not a channel; use phone, online, qq, email, wechat, walk-in, event (or 电话, 在线, QQ, 邮件, 微信, 现场, 活动)");
  }
}

TEST_CASE("the de-duplication key ignores spaces, brackets and case") {
  CHECK(name_key("北京华信科技有限公司", "王女士") == "北京华信科技有限公司|王女士");
  CHECK(name_key("Huaxin (Beijing) Co.", "Ms Wang") == name_key("huaxin beijing co", "MsWang"));
}

TEST_CASE("text loses the characters that show nothing") {
  CHECK(clean_text("王\u200b女士", Field::name) == "王女士");
  CHECK(clean_text("\u202b王女士\u202c\u200e", Field::name) == "王女士");
  CHECK(clean_text("\u2066华信\u2069 科技\u061c", Field::company) == "华信 科技");
  CHECK(clean_text("进销存\u2028库存\u2029盘点", Field::needs) == "进销存 库存 盘点");
  CHECK(clean_text("\ufeff回电\x07\x1b周一", Field::note) == "回电周一");
  CHECK(clean_text("\u200b 王 \u200b", Field::name) == "王");  // no space left at either end
  CHECK(clean_text("a\tb\vc\fd", Field::note) == "a b c d");
  CHECK(clean_text("e\u200b\u0301", Field::name) == "\u00e9");  // the accent joins its letter again
  CHECK(clean_text("  ", Field::company).empty());                // blank: not given
  CHECK_THROWS_AS(clean_text("\u200b\u200c\u200d", Field::name), InvalidField);
  try {
    clean_text("\u202a\u202c", Field::company);
    FAIL("no throw");
  } catch (const InvalidField& e) {
    CHECK(e.field() == Field::company);
    CHECK(std::string(e.what()).find("--company: holds only invisible characters") == 0);
  }
}

TEST_CASE("an e-mail address loses invisible characters, so it stays one key") {
  CHECK(normalise_email("jia\u200b@example.com") == "jia@example.com");
  CHECK(normalise_email("\u202ajia@Example.com\u202c") == "jia@example.com");
  CHECK_THROWS_AS(normalise_email("jia\u2028@example.com"), InvalidField);  // a line break inside
}

TEST_CASE("the de-duplication key ignores invisible characters") {
  CHECK(name_key("北京华信\u200b科技", "王\u200d女士") == "北京华信科技|王女士");
  CHECK(name_key("华信\u2028科技", "\u200e王女士\u200f") == name_key("华信科技", "王女士"));
  CHECK(name_key("华信\x01科技", "王女士") == name_key("华信科技", "王女士"));
  CHECK(name_key("华信科技", "王女士") != name_key("华信科技", "王先生"));
}

TEST_CASE("a contact needs a name and a way to reach the customer") {
  auto c = normalise_contact(raw({{Field::name, " 王女士 "}, {Field::company, "北京华信科技有限公司"},
                                  {Field::phone, "１３９１２３４５６７８"}, {Field::channel, "电话"}}),
                             1'800'000'000);
  CHECK(c.name == "王女士");
  CHECK(c.phone == "13912345678");
  CHECK(c.channel == "phone");
  CHECK(c.key == "北京华信科技有限公司|王女士");
  CHECK(c.contacted_at == 1'800'000'000);
  CHECK(failing_field(raw({{Field::phone, "13912345678"}})) == Field::name);
  CHECK(failing_field(raw({{Field::name, "王女士"}})) == Field::phone);
  CHECK(failing_field(raw({{Field::name, "王女士"}, {Field::qq, "12"}})) == Field::qq);
  CHECK(failing_field(raw({{Field::name, "王女士"}, {Field::qq, "123456"}, {Field::contacted_at, "2099-01-01 10:00"}})) ==
        Field::contacted_at);
  CHECK(failing_field(raw({{Field::name, "王女士"}, {Field::qq, "123456"}, {Field::contacted_at, "soon"}})) == Field::contacted_at);
}

TEST_CASE("field names map to flags and back") {
  CHECK(field_flag(Field::contacted_at) == "--contacted-at");
  CHECK(field_from_key("contacted-at") == Field::contacted_at);
  CHECK(field_from_key("Phone") == Field::phone);
  CHECK_FALSE(field_from_key("fax"));
}

TEST_CASE("consent as customer list writes it reads back: yes, NO, not asked") {
  auto consent = [](std::string v) {
    return normalise_contact(raw({{Field::name, "王女士"}, {Field::phone, "13912345678"}, {Field::consent, v}}),
                             1'800'000'000)
        .consent;
  };
  CHECK(consent("yes") == std::optional<bool>(true));
  CHECK(consent("NO") == std::optional<bool>(false));
  CHECK_FALSE(consent("not asked").has_value());
  CHECK_FALSE(consent(" Not Asked ").has_value());
  CHECK_FALSE(consent("").has_value());
  CHECK(failing_field(raw({{Field::name, "王女士"}, {Field::phone, "13912345678"}, {Field::consent, "asked"}})) ==
        Field::consent);
}
