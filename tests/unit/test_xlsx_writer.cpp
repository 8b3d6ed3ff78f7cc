#include <doctest/doctest.h>

#include "output/xlsx.hpp"

using namespace csdesk;

namespace {
std::vector<std::string> names_of(std::vector<Table> tables, Lang lang = Lang::en, const std::string& fallback = "list") {
  std::vector<const Table*> all;
  for (const auto& t : tables) all.push_back(&t);
  return sheet_names(all, lang, fallback);
}
Table titled(std::string name, std::string en, std::string zh = "") {
  Table t;
  t.name = std::move(name);
  t.title_en = std::move(en);
  t.title_zh = std::move(zh);
  return t;
}
}  // namespace

TEST_CASE("sheet names: the title per language, else the table's name, else the fallback") {
  CHECK(names_of({titled("intake_channels", "Intake by channel", "按渠道登记")}, Lang::zh) ==
        std::vector<std::string>{"按渠道登记"});
  CHECK(names_of({titled("intake_channels", "Intake by channel", "按渠道登记")}) ==
        std::vector<std::string>{"Intake by channel"});
  CHECK(names_of({titled("period", "")}) == std::vector<std::string>{"period"});
  CHECK(names_of({titled("", "")}, Lang::en, "customer list") == std::vector<std::string>{"customer list"});
  CHECK(names_of({titled("", "")}, Lang::en, "") == std::vector<std::string>{"Sheet"});
}

TEST_CASE("sheet names: what Excel forbids is replaced, the length cut between characters") {
  CHECK(names_of({titled("x", "Rates [%]: a/b*c?\\d")}) == std::vector<std::string>{"Rates _%__ a_b_c__d"});
  CHECK(names_of({titled("x", "'quoted'")}) == std::vector<std::string>{"quoted"});
  // 31 UTF-16 code units: a character outside the BMP takes two, and is never cut in half.
  std::string long_zh;
  for (int i = 0; i < 40; ++i) long_zh += "满";
  CHECK(names_of({titled("x", long_zh)})[0] == long_zh.substr(0, 31 * 3));
  std::string astral;
  for (int i = 0; i < 20; ++i) astral += "𠮷";
  CHECK(names_of({titled("x", astral)})[0] == astral.substr(0, 15 * 4));
}

TEST_CASE("sheet names are unique regardless of case, and never Excel's reserved History") {
  CHECK(names_of({titled("a", "Trend"), titled("b", "trend"), titled("c", "TREND")}) ==
        std::vector<std::string>{"Trend", "trend (2)", "TREND (3)"});
  CHECK(names_of({titled("", "")}, Lang::en, "history") == std::vector<std::string>{"history (2)"});
  std::string wide(31, 'w');
  auto names = names_of({titled("a", wide), titled("b", wide)});
  CHECK(names[1] == std::string(27, 'w') + " (2)");
}
