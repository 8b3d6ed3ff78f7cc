#include <doctest/doctest.h>

#include "rules/purchase.hpp"
#include "util/error.hpp"

using namespace csdesk;

TEST_CASE("parse_amount_fen: yuan as typed, to the fen, never floating point") {
  CHECK(parse_amount_fen("1280") == 128000);
  CHECK(parse_amount_fen("1280.5") == 128050);
  CHECK(parse_amount_fen("1280.50") == 128050);
  CHECK(parse_amount_fen("¥1,280.05") == 128005);
  CHECK(parse_amount_fen("￥ 12") == 1200);
  CHECK(parse_amount_fen("800元") == 80000);
  CHECK(parse_amount_fen("0.1") == 10);
  CHECK(parse_amount_fen(".99") == 99);
  CHECK(parse_amount_fen("0") == 0);
  CHECK(parse_amount_fen("19.99") == 1999);  // 19.99 * 100 in binary floating point is 1998.999…
  for (const char* bad : {"", "-5", "1.234", "12a", "1.2.3", "元", "."}) CHECK_THROWS_AS(parse_amount_fen(bad), Error);
}

TEST_CASE("format_yuan") {
  CHECK(format_yuan(128050) == "1280.50");
  CHECK(format_yuan(5) == "0.05");
  CHECK(format_yuan(0) == "0.00");
}

TEST_CASE("repeat_purchase_rate and the progress toward its goal (seed 002: 75 % in three years)") {
  CHECK_FALSE(repeat_purchase_rate(0, 0));
  CHECK(*repeat_purchase_rate(4, 3) == doctest::Approx(0.75));
  CHECK(*progress_toward(0.0, 0.5, 0.75) == doctest::Approx(2.0 / 3));
  CHECK(*progress_toward(0.25, 0.5, 0.75) == doctest::Approx(0.5));
  CHECK(*progress_toward(0.25, 0.8, 0.75) == doctest::Approx(1.0));
  CHECK_FALSE(progress_toward(std::nullopt, 0.5, 0.75));
}

TEST_CASE("spreadsheet_date: the dates a purchase sheet holds, as YYYY-MM-DD") {
  CHECK(spreadsheet_date("2026/11/4") == "2026-11-04");
  CHECK(spreadsheet_date("2026.1.15") == "2026-01-15");
  CHECK(spreadsheet_date("2026年11月4日") == "2026-11-04");
  CHECK(spreadsheet_date("2026-11-04") == "2026-11-04");
  CHECK(spreadsheet_date("") == "");
  CHECK(spreadsheet_date("11/4/2026") == "11/4/2026");   // not year first: left for the parser to refuse
  CHECK(spreadsheet_date("2026/11") == "2026/11");
  CHECK(spreadsheet_date("2026/11/4 10:00") == "2026/11/4 10:00");
}
