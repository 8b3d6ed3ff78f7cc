#include <doctest/doctest.h>
#include <utf8proc.h>

#include <cstdlib>
#include <cstring>

#include "config/config.hpp"
#include "util/error.hpp"
#include "util/json.hpp"
#include "output/render.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

using namespace csdesk;

TEST_CASE("display width counts CJK as two columns") {
  CHECK(display_width("abc") == 3);
  CHECK(display_width("张伟") == 4);
  CHECK(display_width("王女士A") == 7);
  CHECK(display_width("\x1b[31m") == 4);  // ESC takes no column
}

TEST_CASE("nfkc's fast path: U+4000..U+9FFF and ASCII are already NFKC, mixed text is still folded") {
  // The fast path skips utf8proc for these characters; check that utf8proc agrees for every one.
  for (utf8proc_int32_t cp = 0x4000; cp <= 0x9FFF; ++cp) {
    utf8proc_uint8_t one[4];
    auto n = utf8proc_encode_char(cp, one);
    utf8proc_uint8_t* out = nullptr;
    auto m = utf8proc_map(one, n, &out, static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT));
    bool same = m == n && std::memcmp(out, one, static_cast<size_t>(n)) == 0;
    std::free(out);
    REQUIRE_MESSAGE(same, "U+" << std::hex << cp);
  }
  CHECK(nfkc("王女士 Tel") == "王女士 Tel");
  CHECK(nfkc("王女士１３９") == "王女士139");
  CHECK(nfkc("北京（华信）") == "北京(华信)");
  CHECK_THROWS_AS(nfkc("\xE4\xB8"), Error);  // a cut-off character is not taken by the fast path
}

TEST_CASE("nfkc folds full-width digits") {
  CHECK(nfkc("１３９１２３４５６７８") == "13912345678");
  CHECK(nfkc("ＡＢＣ") == "ABC");
  CHECK_THROWS_AS(nfkc("\xff\xfe"), Error);
}

TEST_CASE("terminal_safe never lets escapes through") {
  CHECK(terminal_safe("a\x1b[2Jb") == "a\\x1B[2Jb");
  CHECK(terminal_safe("line\nnext") == "line\\nnext");
  CHECK(terminal_safe("张\xffX") == "张\xEF\xBF\xBDX");
  // Every bidi control, not only the overrides: embeddings, marks, isolates.
  CHECK(terminal_safe("王\u202b女\u202c士\u200e\u200f\u061c\u2067") == "王\\u202B女\\u202C士\\u200E\\u200F\\u061C\\u2067");
}

TEST_CASE("truncate_to_width ends with an ellipsis") {
  CHECK(truncate_to_width("北京华信科技有限公司", 7) == "北京华…");
  CHECK(truncate_to_width("abc", 5) == "abc");
}

TEST_CASE("time parsing and formatting in Asia/Shanghai") {
  set_time_zone("Asia/Shanghai");
  Epoch t = parse_time("2026-11-22 09:30");
  CHECK(format_iso(t) == "2026-11-22T09:30:00+08:00");
  CHECK(parse_time("2026-11-22T01:30:00Z") == t);
  CHECK(parse_time("2026-11-22T09:30+08:00") == t);
  CHECK(parse_time("2026-11-22") == parse_time("2026-11-22 00:00"));
  CHECK_THROWS_AS(parse_time("2026-02-30"), Error);
  CHECK_THROWS_AS(parse_time("yesterday"), Error);
  CHECK_THROWS_AS(parse_time("2026-11-22 24:00"), Error);
}

TEST_CASE("month and week periods respect the local day") {
  set_time_zone("Asia/Shanghai");
  Period p = month_period("2026-10");
  CHECK(format_iso(p.begin) == "2026-10-01T00:00:00+08:00");
  CHECK(format_iso(p.end) == "2026-11-01T00:00:00+08:00");
  // 23:30 local on the last day belongs to that month, though it is already the next day... no: same day in UTC+8 is 15:30Z
  Epoch late = parse_time("2026-10-31 23:30");
  CHECK(late < p.end);
  CHECK(month_label(late) == "2026-10");
  CHECK(previous_month(parse_time("2026-01-15")).label == "2025-12");
  Period w = iso_week_period("2026-W47");
  CHECK(format_date(w.begin) == "2026-11-16");
  CHECK(format_date(w.end) == "2026-11-23");
  CHECK(iso_week_containing(parse_time("2026-11-22 12:00")).label == "2026-W47");
  CHECK(iso_week_containing(parse_time("2027-01-01")).label == "2026-W53");
}

TEST_CASE("durations") {
  CHECK(parse_duration("2h") == 7200);
  CHECK(parse_duration("1h30m") == 5400);
  CHECK(parse_duration("3d") == 3 * 86400);
  CHECK_THROWS_AS(parse_duration("2x"), Error);
  CHECK(format_duration(90061) == "1d 1h 01m");
}

TEST_CASE("csv quoting and formula guard") {
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("two\nlines") == "\"two\nlines\"");
  CHECK(csv_guard("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")");
  CHECK(csv_guard("@SUM") == "'@SUM");
  CHECK(csv_guard("张三") == "张三");
}

TEST_CASE("renderer aligns Chinese text by display width") {
  Table t;
  t.columns = {{"name", "Name", "姓名"}, {"n", "N", "数"}};
  t.add_row({std::string("张伟"), std::int64_t{3}});
  t.add_row({std::string("Li"), std::int64_t{12}});
  RenderSpec spec;
  std::string out = render(t, spec);
  CHECK(out == "Name   N\n----  --\n张伟   3\nLi    12\n");
  spec.format = Format::json;
  CHECK(render(t, spec) == "[\n {\"name\":\"张伟\",\"n\":3},\n {\"name\":\"Li\",\"n\":12}\n]\n");
  spec.format = Format::csv;
  spec.lang = Lang::zh;
  CHECK(render(t, spec) == "姓名,数\r\n张伟,3\r\nLi,12\r\n");
}

TEST_CASE("masking personal data") {
  CHECK(mask_personal("13912345678", Personal::phone) == "139****5678");
  CHECK(mask_personal("wang@example.com", Personal::email) == "w***@example.com");
}

TEST_CASE("config defaults reproduce DOMAIN.md") {
  Config c;
  CHECK(c.integer("intake.register_limit_minutes") == 5);
  CHECK(c.integer("assign.urgent_contact_minutes") == 15);
  CHECK(c.integer("score.target") == 330);
  CHECK(c.integer("score.upper_threshold") == 380);
  CHECK(c.integer("score.lower_threshold") == 280);
  CHECK(c.integer("sla.resolution_hours.P3") == 168);
  CHECK(c.integer("revisit.interval_days.B") == 90);
  CHECK(c.text("timezone") == "Asia/Shanghai");
  CHECK_THROWS_AS(c.set_text("score.target", "abc", "test"), Error);
  CHECK_THROWS_AS(c.set_text("score.targte", "3", "test"), Error);
}

TEST_CASE("flat json round trip and change description") {
  JsonObject a;
  a.add("name", "张\"伟").add("n", 3).add_null("x");
  auto parsed = parse_flat_json(a.str());
  REQUIRE(parsed.size() == 3);
  CHECK(parsed[0].second == "张\"伟");
  CHECK(parsed[1].second == "3");
  CHECK(describe_change(R"({"a":"1","b":"2"})", R"({"a":"1","b":"3"})") == "b: 2 → 3");
}
