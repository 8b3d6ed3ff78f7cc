#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <thread>

#include "backup/snapshot.hpp"
#include "output/render.hpp"
#include "rules/privacy.hpp"
#include "util/error.hpp"
#include "util/json.hpp"
#include "util/time.hpp"

using namespace csdesk;

namespace {
std::string value_of(std::string_view json) {
  auto pairs = parse_flat_json(json);
  return pairs.size() == 1 ? pairs[0].second : "<not read>";
}
}  // namespace

TEST_CASE("\\u escapes of 0x80 and above read as the character, not U+FFFD") {
  CHECK(value_of(R"({"v":"caf\u00e9"})") == "café");
  CHECK(value_of(R"({"v":"\u738b\u5973\u58EB"})") == "王女士");
  CHECK(value_of(R"({"v":"\u0041\u00a0\u07ff\u0800\uffff"})") == "A\xC2\xA0\xDF\xBF\xE0\xA0\x80\xEF\xBF\xBF");
}

TEST_CASE("surrogate escapes: a pair is one character, a lone or reversed half is refused") {
  CHECK(value_of(R"({"v":"\ud83d\ude00"})") == "\xF0\x9F\x98\x80");  // 😀
  CHECK(value_of(R"({"v":"\uD834\uDD1E"})") == "\xF0\x9D\x84\x9E");  // 𝄞
  CHECK(value_of(R"({"v":"\udbff\udfff"})") == "\xF4\x8F\xBF\xBF");  // U+10FFFF
  for (const char* bad : {R"({"v":"\ud83d"})", R"({"v":"\ude00"})", R"({"v":"\ude00\ud83d"})",
                          R"({"v":"\ud83dx"})", R"({"v":"\ud83d\u0041"})", R"({"v":"\ud83d\ud83d"})"}) {
    CAPTURE(bad);
    CHECK(parse_flat_json(bad).empty());
    CHECK_FALSE(parse_json(bad));
  }
}

TEST_CASE("text that is not UTF-8 is not JSON") {
  for (std::string bad : {std::string("{\"v\":\"\xFF\"}"), std::string("{\"v\":\"\xC0\xAF\"}"),
                          std::string("{\"v\":\"\xED\xA0\x80\"}"), std::string("{\"v\":\"\xE4\xB8\"}")}) {
    CAPTURE(bad);
    std::string problem;
    CHECK_FALSE(parse_json(bad, &problem));
    CHECK(problem.find("UTF-8") != std::string::npos);
    CHECK(problem.find("json.exception") == std::string::npos);
  }
  CHECK_FALSE(parse_json(R"({"a":1} x)"));
  CHECK_FALSE(parse_json(""));
}

TEST_CASE("strings are written as before: raw UTF-8, control characters and DEL escaped") {
  CHECK(json_quote("王女士 \"VIP\"\\\n\t") == R"("王女士 \"VIP\"\\\n\t")");
  CHECK(json_quote(std::string("a\x01\x1b\x7f" "b", 5)) == R"("a\u0001\u001b\u007fb")");
  CHECK(json_quote("/</script>") == R"("/</script>")");
  // Not UTF-8: made terminal-safe first, the stray byte U+FFFD and the escape shown as text.
  CHECK(json_quote("\xFF\x1b") == "\"\xEF\xBF\xBD\\\\x1B\"");
}

TEST_CASE("numbers are written as before: fmt's shortest form, reals marked only where asked") {
  JsonObject o;
  o.add("one", 1.0).add("ratio", 0.95).add("tiny", 1e-9).add("big", 1e20).add("n", -3).add("none", std::nan(""));
  o.add("inf", std::numeric_limits<double>::infinity()).add("yes", true).add_null("x");
  CHECK(o.str() == R"({"one":1,"ratio":0.95,"tiny":1e-09,"big":1e+20,"n":-3,"none":null,"inf":null,"yes":true,"x":null})");
  CHECK(json_text(Json::array({1.0, 2.5, 1e20, 7}), JsonStyle{.mark_reals = true}) == "[1.0,2.5,1e+20,7]");
  // Numbers read back as they were written.
  auto pairs = parse_flat_json(o.str());
  REQUIRE(pairs.size() == 9);
  CHECK(pairs[0].second == "1");
  CHECK(pairs[1].second == "0.95");
  CHECK(pairs[3].second == "1e+20");
  CHECK(pairs[5].second == "");
}

TEST_CASE("streamed objects and listings are byte for byte what an nlohmann value would give") {
  // Cells that exercise every escape: quotes, control characters, DEL, CJK, emoji, stray bytes.
  const std::vector<std::string> texts = {"王女士 \"VIP\"\\\n\t", std::string("a\x01\x1b\x7f" "b", 5),
                                          "😀/</script>", "\xFF\x1b", "", std::string(300, 'x') + "\x7f"};
  JsonObject streamed;
  Json built = Json::object();
  for (std::size_t i = 0; i < texts.size(); ++i) {
    streamed.add("k" + std::to_string(i), texts[i]);
    built["k" + std::to_string(i)] = texts[i];
  }
  streamed.add("n", std::int64_t{-9007199254740993}).add("r", 0.1).add("one", 1.0).add("b", false).add_null("z");
  built["n"] = std::int64_t{-9007199254740993};
  built["r"] = 0.1;
  built["one"] = 1.0;
  built["b"] = false;
  built["z"] = nullptr;
  CHECK(streamed.str() == json_text(built));
  CHECK_FALSE(streamed.empty());
  CHECK(JsonObject().str() == "{}");

  Table t;
  t.columns = {{"名", "Name", "姓名"}, {"n", "N", "数"}, {"at", "At", "时间", Show::time},
               {"ratio", "Ratio", "比", Show::percent, Personal::no, 1}};
  Json rows = Json::array();
  for (std::size_t i = 0; i < texts.size(); ++i) {
    t.add_row({texts[i], static_cast<std::int64_t>(i), std::int64_t{1764640800}, 0.123456});
    rows.push_back(Json{{"名", texts[i]}, {"n", i}, {"at", format_iso(1764640800)}, {"ratio", 0.12346}});
  }
  t.add_row({Value{}, std::nan(""), Value{}});  // short row: missing cells are null
  rows.push_back(Json{{"名", nullptr}, {"n", nullptr}, {"at", nullptr}, {"ratio", nullptr}});
  RenderSpec spec;
  spec.format = Format::json;
  std::string expected = "[";
  for (std::size_t i = 0; i < rows.size(); ++i) expected += (i ? ",\n " : "\n ") + json_text(rows[i]);
  CHECK(render(t, spec) == expected + "\n]\n");
}

TEST_CASE("strings are escaped alike on every thread (the import reads on a second one)") {
  std::string here = json_quote("张伟\x7f\n"), there;
  std::thread([&] { there = json_quote("张伟\x7f\n"); }).join();
  CHECK(here == R"("张伟\u007f\n")");
  CHECK(there == here);
}

TEST_CASE("a frozen payload with \\u escapes reads back; one with a lone surrogate is damaged") {
  std::vector<Table> t(1);
  t[0].name = "x";
  decode_rows(R"({"tables":[{"name":"x","rows":[["\u738b\ud83d\ude00",1,1.0,null]]}]})", t);
  REQUIRE(t[0].rows.size() == 1);
  CHECK(std::get<std::string>(t[0].rows[0][0]) == "王\xF0\x9F\x98\x80");
  CHECK(std::get<std::int64_t>(t[0].rows[0][1]) == 1);
  CHECK(std::get<double>(t[0].rows[0][2]) == 1.0);
  for (const char* bad : {R"({"tables":[{"name":"x","rows":[["\ud83d"]]}]})",
                          R"({"tables":[{"name":"x","rows":[["\ude00\ud83d"]]}]})",
                          R"({"tables":[{"name":"x","rows":[[{"a":1}]]}]})",
                          R"({"tables":[{"name":"x","rows":[[18446744073709551615]]}]})", R"({"tables":{}})"}) {
    CAPTURE(bad);
    CHECK_THROWS_WITH_AS(decode_rows(bad, t), doctest::Contains("damaged"), Error);
  }
}

TEST_CASE("images are masked through the JSON library, at any depth, untouched when nothing is personal") {
  std::string plain = R"({"name":"王女士", "pcs":12})";
  CHECK(mask_personal_json(plain) == plain);
  CHECK(mask_personal_json(R"({"phone":"\u0031\u0033\u0039\u0031\u0032\u0033\u0034\u0035\u0036\u0037\u0038"})") ==
        R"({"phone":"139****5678"})");
  CHECK(mask_personal_json(R"({"contact":{"wechat":["wang_nvshi"]}})") == R"({"contact":{"wechat":["w***i"]}})");
  CHECK(mask_personal_json(R"({"phone":"\ud83d"})") == kUnreadableImage);
}

// Found by fuzz_mask: nlohmann throws out_of_range (not parse_error) for a number beyond double.
TEST_CASE("a number beyond double is not JSON, and masking such text does not throw") {
  std::string problem;
  CHECK_FALSE(parse_json("7E777777", &problem).has_value());
  CHECK(problem.find("number overflow") != std::string::npos);
  CHECK_NOTHROW(mask_personal_json("7E777777PPP{"));
  CHECK(parse_flat_json(R"({"points":1e999})").empty());
}
