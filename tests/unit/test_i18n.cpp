// The message catalogue and the vocabularies: Chinese from the embedded po/zh_CN.po, English as
// the source, codes accepted in either language.
#include <doctest/doctest.h>

#include "output/render.hpp"
#include "rules/vocabulary.hpp"
#include "util/error.hpp"
#include "util/i18n.hpp"
#include "util/time.hpp"

using namespace csdesk;

namespace {
struct SpeakingChinese {
  SpeakingChinese() { set_language(Lang::zh); }
  ~SpeakingChinese() { set_language(Lang::en); }
};
}  // namespace

TEST_CASE("lang_from_text reads locale names and language codes") {
  CHECK(lang_from_text("zh") == Lang::zh);
  CHECK(lang_from_text("zh_CN.UTF-8") == Lang::zh);
  CHECK(lang_from_text("zh-Hans") == Lang::zh);
  CHECK(lang_from_text("C.UTF-8") == Lang::en);
  CHECK(lang_from_text("en") == Lang::en);
  CHECK(lang_from_text("zhx") == Lang::en);  // not a Chinese locale
  CHECK_FALSE(lang_from_text("").has_value());
}

TEST_CASE("the catalogue is embedded and looked up by context") {
  CHECK(tr_ctx("yes-no", "yes") == "yes");  // English is the source
  SpeakingChinese zh;
  CHECK(tr_ctx("yes-no", "yes") == "是");
  CHECK(tr_ctx("complaint-status", "resolved") == "已解决");
  CHECK(tr("a message no catalogue has") == "a message no catalogue has");
  CHECK(!catalogue_entries().empty());
}

TEST_CASE("vocabularies accept the code, its Chinese name and synonyms, in any language") {
  CHECK(vocab::parse(vocab::shift, "早班") == "early");
  CHECK(vocab::parse(vocab::shift, " LATE ") == "late");
  CHECK(vocab::parse(vocab::complaint_status, "已解决") == "resolved");
  CHECK(vocab::parse(vocab::channel, "客服邮箱") == "email");
  CHECK_FALSE(vocab::parse(vocab::shift, "夜班").has_value());
  // A configured list narrows the codes: a name of a code not allowed is refused.
  CHECK_FALSE(vocab::parse(vocab::complaint_category, "服务态度", {"product"}).has_value());
  CHECK_THROWS_AS(vocab::require(vocab::shift, "夜班", "--shift"), Error);
  try {
    vocab::require(vocab::shift, "夜班", "--shift");
  } catch (const Error& e) {
    CHECK(std::string(e.what()) == "--shift: '夜班' is not one of early (早班), late (晚班)");
  }
}

TEST_CASE("table values: codes of a vocabulary, booleans and durations in Chinese") {
  Table t;
  t.columns = {Column{"status", "Status", "状态"}.with_terms(vocab::complaint_status),
               Column{"consent", "Consent", "同意"}, Column{"age", "Age", "时长", Show::duration}};
  t.add_row({std::string("in-progress"), true, std::int64_t{30 * 3600}});
  RenderSpec zh;
  zh.lang = Lang::zh;
  CHECK(cell_text(t, 0, 0, zh) == "处理中");
  CHECK(cell_text(t, 0, 1, zh) == "是");
  CHECK(cell_text(t, 0, 2, zh) == "1天6小时00分");
  RenderSpec en;
  CHECK(cell_text(t, 0, 0, en) == "in-progress");
  CHECK(cell_text(t, 0, 2, en) == "1d 6h 00m");
  RenderSpec json;
  json.format = Format::json;
  json.lang = Lang::zh;
  CHECK(render(t, json).find("\"in-progress\"") != std::string::npos);  // JSON keeps codes
}
