#include <doctest/doctest.h>

#include "import/csv.hpp"
#include "import/encoding.hpp"
#include "import/headers.hpp"

using namespace csdesk;

TEST_CASE("CSV: quoted delimiters, quotes and newlines; CRLF; blank lines; start lines") {
  auto recs = parse_csv("a,b,c\r\n\"x,1\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\n\r\n,,\r\nlast,row,\r\n");
  REQUIRE(recs.size() == 3);
  CHECK(recs[0].fields == std::vector<std::string>{"a", "b", "c"});
  CHECK(recs[1].fields == std::vector<std::string>{"x,1", "say \"hi\"", "two\r\nlines"});
  CHECK(recs[1].line == 2);
  CHECK(recs[2].fields == std::vector<std::string>{"last", "row", ""});
  CHECK(recs[2].line == 6);
}

TEST_CASE("CSV: a last line without a line break, and TSV detected from the first line") {
  auto recs = parse_csv("姓名\t电话\n王女士\t139,1234");
  REQUIRE(recs.size() == 2);
  CHECK(recs[1].fields == std::vector<std::string>{"王女士", "139,1234"});
}

TEST_CASE("CSV: a quoted field that runs past the record limit says so, and reading goes on") {
  std::string text = "name,note\n王女士,\"" + std::string(3 * CsvReader::kMaxRecordBytes, 'x') + "\"\n李先生,ok\n";
  auto recs = parse_csv(text, ',');
  REQUIRE(recs.size() >= 2);
  CHECK(recs[1].error.find("longer than 1 MB") != std::string::npos);
  CHECK(recs.back().fields == std::vector<std::string>{"李先生", "ok"});
}

TEST_CASE("CSV: an unbalanced quote rejects one line and reading goes on") {
  auto recs = parse_csv("h1,h2\n赵,\"open\nok,1\nok,2\n");
  REQUIRE(recs.size() == 4);
  CHECK(recs[1].line == 2);
  CHECK(recs[1].error.find("unbalanced quote") != std::string::npos);
  CHECK(recs[1].fields == std::vector<std::string>{"赵", "\"open"});
  CHECK(recs[2].fields == std::vector<std::string>{"ok", "1"});
  CHECK(recs[2].line == 3);
  CHECK(recs[3].line == 4);
}

TEST_CASE("CSV: text after a closing quote is malformed") {
  auto recs = parse_csv("a,\"b\"x,c\nd,e\n");
  REQUIRE(recs.size() == 2);
  CHECK_FALSE(recs[0].error.empty());
  CHECK(recs[1].fields == std::vector<std::string>{"d", "e"});
  CHECK(recs[1].line == 2);
}

TEST_CASE("CSV: records split across source chunks read the same") {
  std::string text = "name,phone\n";
  for (int i = 0; i < 5000; ++i) text += "\"王女士" + std::to_string(i) + "\",\"139\r\n" + std::to_string(i) + "\"\r\n";
  auto recs = parse_csv(text);
  REQUIRE(recs.size() == 5001);
  CHECK(recs[4999].fields[1] == "139\r\n4998");
  CHECK(recs[5000].line == 2 + 2 * 4999);
}

TEST_CASE("encoding: BOM, UTF-8, else GB18030; decoding streams across chunk boundaries") {
  CHECK(detect_encoding("\xEF\xBB\xBF姓名") == Encoding::utf8);
  CHECK(detect_encoding("姓名,电话") == Encoding::utf8);
  CHECK(detect_encoding(std::string("姓名").substr(0, 4)) == Encoding::utf8);  // cut in the middle of 名
  std::string gbk = "\xD0\xD5\xC3\xFB,\xB5\xE7\xBB\xB0";  // 姓名,电话 in GBK
  CHECK(detect_encoding(gbk) == Encoding::gb18030);
  CHECK(decode_to_utf8(gbk, Encoding::gb18030) == "姓名,电话");
  Decoder d(Encoding::gb18030);
  std::string out;
  for (char c : gbk) d.feed(std::string_view(&c, 1), false, out);
  d.feed("", true, out);
  CHECK(out == "姓名,电话");
  CHECK(decode_to_utf8("\xEF\xBB\xBF" "a,b", Encoding::utf8) == "a,b");
  CHECK(decode_to_utf8(std::string("\xFF\xFE" "a\0", 4), Encoding::utf16le) == "a");
  CHECK(parse_encoding("GBK") == Encoding::gb18030);
  CHECK_THROWS(parse_encoding("latin1"));
}

TEST_CASE("headers: Chinese and English names, --map, and what is missing") {
  auto m = match_headers({"姓名", "公司名称", "手机号", "E-mail", "微信号", "客户来源", ""}, {"客户来源=channel"});
  CHECK(m.fields[0] == Field::name);
  CHECK(m.fields[1] == Field::company);
  CHECK(m.fields[2] == Field::phone);
  CHECK(m.fields[3] == Field::email);
  CHECK(m.fields[4] == Field::wechat);
  CHECK(m.fields[5] == Field::channel);
  CHECK(m.ignored.empty());
  CHECK(field_for_header("联系人 *") == Field::name);
  CHECK(field_for_header("ＱＱ") == Field::qq);
  CHECK_THROWS_WITH(match_headers({"客户", "电话"}, {}), doctest::Contains("'客户'"));
  CHECK_THROWS_WITH(match_headers({"姓名", "地址"}, {}), doctest::Contains("way to reach"));
  CHECK_THROWS_WITH(match_headers({"姓名", "电话"}, {"地址=city"}), doctest::Contains("no column '地址'"));
}
