#include <doctest/doctest.h>

#include "import/xlsx.hpp"
#include "import/xlsx_cells.hpp"
#include "util/error.hpp"

using namespace csdesk;

TEST_CASE("xlsx numbers: as typed, without .0 or an exponent") {
  CHECK(xlsx_number_text(13912345678.0) == "13912345678");
  CHECK(xlsx_number_text(1.3912345678e10) == "13912345678");
  CHECK(xlsx_number_text(-42.0) == "-42");
  CHECK(xlsx_number_text(3.25) == "3.25");
  CHECK(xlsx_number_text(0.1) == "0.1");
  CHECK(xlsx_number_text(1e-7) == "0.0000001");
  CHECK(xlsx_number_text(0.0) == "0");
}

TEST_CASE("xlsx number formats: which show dates, which times") {
  CHECK(builtin_date_format(14).date);
  CHECK(!builtin_date_format(14).time);
  CHECK(builtin_date_format(22).date);
  CHECK(builtin_date_format(22).time);
  CHECK(builtin_date_format(31).date);   // yyyy"年"m"月"d"日" in Chinese Excel
  CHECK(builtin_date_format(32).time);   // h"时"mm"分"
  CHECK(!builtin_date_format(0).any());  // General
  CHECK(!builtin_date_format(49).any()); // @, text
  CHECK(date_format_of_code("yyyy\"年\"m\"月\"d\"日\"").date);
  CHECK(!date_format_of_code("yyyy\"年\"m\"月\"d\"日\"").time);
  CHECK(date_format_of_code("h:mm").time);
  CHECK(!date_format_of_code("h:mm").date);  // m beside h is minutes
  CHECK(date_format_of_code("[$-804]yyyy/m/d h:mm;@").date);
  CHECK(date_format_of_code("[h]:mm:ss").time);
  CHECK(!date_format_of_code("0.00").any());
  CHECK(!date_format_of_code("#,##0;[Red]-#,##0").any());
  CHECK(!date_format_of_code("\"days\" 0").any());  // d inside quotes is text
  CHECK(!date_format_of_code("General").any());
  CHECK(!date_format_of_code("@").any());
  CHECK(!date_format_of_code("0_);\\(0\\)").any());
}

TEST_CASE("xlsx dates: the 1900 system with its leap day, the 1904 system, times rounded to the second") {
  DateFormat date{true, false}, time{false, true}, both{true, true};
  CHECK(xlsx_date_text(1, false, date) == "1900-01-01");
  CHECK(xlsx_date_text(59, false, date) == "1900-02-28");
  CHECK(xlsx_date_text(61, false, date) == "1900-03-01");
  CHECK(xlsx_date_text(46328, false, date) == "2026-11-02");
  CHECK(xlsx_date_text(46328 - 1462, true, date) == "2026-11-02");  // 1904: 1,462 days fewer
  CHECK(xlsx_date_text(0, true, date) == "1904-01-01");
  CHECK(xlsx_date_text(46328.415277777778, false, both) == "2026-11-02 09:58");
  CHECK(xlsx_date_text(46328.4153125, false, both) == "2026-11-02 09:58:03");
  CHECK(xlsx_date_text(0.75, false, time) == "18:00");
  CHECK(xlsx_date_text(2958465, false, date) == "9999-12-31");
  std::string why;
  CHECK(xlsx_date_text(60, false, date, &why).empty());
  CHECK(why.find("1900-02-29") != std::string::npos);
  CHECK(xlsx_date_text(-1, false, date, &why).empty());
  CHECK(xlsx_date_text(2958466, false, date, &why).empty());
}

TEST_CASE("xlsx text: _xHHHH_ escapes, cell references, column letters") {
  CHECK(decode_ooxml_escapes("a_x000D_b") == "a\rb");
  CHECK(decode_ooxml_escapes("a_x005F_x000D_b") == "a_x000D_b");
  CHECK(decode_ooxml_escapes("_x4E2D_") == "中");
  CHECK(decode_ooxml_escapes("_xD800_") == "_xD800_");  // half a surrogate pair is no character
  CHECK(decode_ooxml_escapes("_x12_") == "_x12_");
  auto r = parse_cell_ref("AB12");
  REQUIRE(r);
  CHECK(r->column == 28);
  CHECK(r->row == 12);
  CHECK(parse_cell_ref("XFD1048576"));
  CHECK(!parse_cell_ref("XFE1"));
  CHECK(!parse_cell_ref("A1048577"));
  CHECK(!parse_cell_ref("A0"));
  CHECK(!parse_cell_ref("12"));
  CHECK(column_letters(28) == "AB");
  CHECK(column_letters(16384) == "XFD");
}

TEST_CASE("xlsx reader: bytes that are no zip archive throw invalid naming the file") {
  CHECK_THROWS_WITH_AS(read_xlsx("PK\x03\x04 not really"), doctest::Contains("workbook.xlsx: cannot be opened as an Excel workbook"),
                       Error);
}
