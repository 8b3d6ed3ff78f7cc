#include <doctest/doctest.h>

#include <algorithm>

#include "util/error.hpp"
#include "import/csv.hpp"
#include "import/encoding.hpp"
#include "import/headers.hpp"
#include "util/text.hpp"

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

TEST_CASE("CSV: a quoted field over the size limit rejects its row whole; reading goes on after its closing quote") {
  std::string text = "name,note\n王女士,\"" + std::string(3 * CsvLimits::kDefaultFieldBytes, 'x') + "\nok,1\nok,2\"\n李先生,ok\n";
  auto recs = parse_csv(text, ',');
  REQUIRE(recs.size() == 3);
  CHECK(recs[1].error.find("longer than 1 MiB (import.max_field_bytes)") != std::string::npos);
  CHECK(recs[1].error_column == 2);
  CHECK(recs[1].fields[1].size() == CsvLimits::kDefaultFieldBytes);
  CHECK(recs[2].fields == std::vector<std::string>{"李先生", "ok"});
  CHECK(recs[2].line == 5);
}

TEST_CASE("CSV: every field has the limit, quoted or not; a cut field ends on a whole UTF-8 character") {
  CsvLimits limits;
  limits.max_field_bytes = 1024;
  std::string name;
  while (name.size() < 5000) name += "王";  // 3 bytes each: 1024 falls inside one
  auto recs = parse_csv("name,phone\n" + name + ",139\nok,1\n", ',', limits);
  REQUIRE(recs.size() == 3);
  CHECK(recs[1].error_column == 1);
  CHECK(recs[1].fields[0].size() == 1023);
  CHECK(is_valid_utf8(recs[1].fields[0]));
  CHECK(recs[1].fields[1] == "139");
  CHECK(recs[2].error.empty());
}

TEST_CASE("CSV: a quote never closed stops the reading, naming the line it opened on") {
  auto recs = parse_csv("h1,h2\n赵,\"open\nok,1\nok,2\n");
  REQUIRE(recs.size() == 2);
  CHECK(recs[1].fatal);
  CHECK(recs[1].line == 2);
  CHECK(recs[1].error_column == 2);
  CHECK(recs[1].error.find("opened on line 2 is never closed") != std::string::npos);
}

TEST_CASE("CSV: CR, LF and CRLF all end lines, as in Python's csv; inside quotes they stay") {
  auto recs = parse_csv("a,b\r1,2\r\r3,4\n5,\"x\ry\r\nz\"\r\n6,7\n\r8,9");
  REQUIRE(recs.size() == 6);
  CHECK(recs[1].fields == std::vector<std::string>{"1", "2"});
  CHECK(recs[1].line == 2);
  CHECK(recs[2].line == 4);  // CR CR: a blank line between
  CHECK(recs[3].fields == std::vector<std::string>{"5", "x\ry\r\nz"});
  CHECK(recs[3].line == 5);
  CHECK(recs[4].line == 8);  // the quoted field spans lines 5 to 7
  CHECK(recs[5].fields == std::vector<std::string>{"8", "9"});
  CHECK(recs[5].line == 10);  // LF CR: two line ends
}

TEST_CASE("CSV: a NUL byte rejects its row naming the column and line") {
  auto recs = parse_csv(std::string("name,phone\n王,\"1\n3\0\"\nok,1\n", 24));
  REQUIRE(recs.size() == 3);
  CHECK(recs[1].error_column == 2);
  CHECK(recs[1].error.find("NUL byte (\\x00) on line 3") != std::string::npos);
  CHECK(recs[2].error.empty());
}

TEST_CASE("CSV: too many columns, and a row without end, are bounded") {
  auto wide = parse_csv("a,b\n" + std::string(2000, ',') + "x\nok,1\n");
  REQUIRE(wide.size() == 3);
  CHECK(wide[1].error.find("more than 1024 columns") != std::string::npos);
  CHECK(wide[1].fields.size() == 1024);
  CsvLimits limits;
  limits.max_field_bytes = 1024;
  auto endless = parse_csv("a,b\n" + std::string(1 << 20, 'x'), ',', limits);
  REQUIRE(endless.size() == 2);
  CHECK(endless[1].fatal);
  CHECK(endless[1].error.find("does not end within 256 KiB") != std::string::npos);
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

TEST_CASE("CSV: the delimiter comes from the header's first physical line, however the input arrives") {
  // Found by fuzzing: a quote left open on the header line made the choice depend on how much of
  // the next lines had arrived (a tab there won over the header's comma when read all at once).
  std::string text = "a'\"x,z\n,,\n\"\t1\n";
  for (std::size_t chunk : {1, 2, 3, 64}) {
    auto recs = parse_csv(text, 0, {}, chunk);
    REQUIRE(!recs.empty());
    CHECK(recs[0].fields == std::vector<std::string>{"a'\"x", "z"});
  }
  CHECK(detect_delimiter("a\"b,c\n\t\t\t\"") == ',');
}

namespace {
std::optional<Encoding> detected(std::string_view bytes) { return detect_encoding(bytes).encoding; }
}  // namespace

TEST_CASE("encoding: a BOM decides; valid UTF-8 that reads as Chinese is UTF-8; GBK is GB18030") {
  CHECK(detected("\xEF\xBB\xBF姓名") == Encoding::utf8);
  CHECK(detected(std::string("\xFF\xFE" "a\0", 4)) == Encoding::utf16le);
  CHECK(detected("姓名,电话\n王女士,13912345678\n") == Encoding::utf8);
  CHECK(detected("name,phone\nCafé,13912345678\n") == Encoding::utf8);  // GB18030 reads 'Caf茅', but é is not odd
  CHECK(detected("name,phone\n1,2\n") == Encoding::utf8);                // ASCII
  std::string gbk = "\xD0\xD5\xC3\xFB,\xB5\xE7\xBB\xB0\n\xCD\xF5\xC7\xBF\n";  // 姓名,电话 王强 in GBK
  CHECK(detected(gbk) == Encoding::gb18030);
  CHECK(decode_to_utf8(gbk, Encoding::gb18030) == "姓名,电话\n王强\n");
  Decoder d(Encoding::gb18030);
  std::string out;
  for (char c : gbk) d.feed(std::string_view(&c, 1), false, out);
  d.feed("", true, out);
  CHECK(out == "姓名,电话\n王强\n");
  CHECK(decode_to_utf8("\xEF\xBB\xBF" "a,b", Encoding::utf8) == "a,b");
  CHECK(decode_to_utf8(std::string("\xFF\xFE" "a\0", 4), Encoding::utf16le) == "a");
}

TEST_CASE("encoding: GBK bytes that are valid UTF-8 read as the Chinese they are") {
  std::string zheng_wei = "name,phone\n\xD6\xA3\xCE\xB0,13912345678\n";  // 郑伟; as UTF-8 U+05A3 U+03B0
  Detection d = detect_encoding(zheng_wei);
  CHECK(d.encoding == Encoding::gb18030);
  REQUIRE(d.readings.size() >= 2);
  auto utf8 = std::find_if(d.readings.begin(), d.readings.end(), [](const Reading& r) { return r.encoding == Encoding::utf8; });
  REQUIRE(utf8 != d.readings.end());
  CHECK(utf8->valid);
  CHECK(utf8->odd == 1);  // the Hebrew accent
  CHECK(d.readings.front().encoding == Encoding::gb18030);
  CHECK(d.readings.front().sample == "郑伟,13912345678");
  CHECK(d.readings.front().sample_line == 2);
}

TEST_CASE("encoding: the whole file decides, not its start") {
  std::string text = "name,phone\n";
  for (int i = 0; i < 6000; ++i) text += "Wang " + std::to_string(i) + ",139" + std::to_string(10000000 + i) + "\n";
  std::string late_gbk = text + "\xD5\xC5\xCE\xB0,13900000000\n";  // 张伟 on line 6002
  EncodingDetector detector;
  for (size_t at = 0; at < late_gbk.size(); at += 1000) detector.feed(std::string_view(late_gbk).substr(at, 1000));
  Detection d = detector.finish();
  CHECK(d.encoding == Encoding::gb18030);
  auto utf8 = std::find_if(d.readings.begin(), d.readings.end(), [](const Reading& r) { return r.encoding == Encoding::utf8; });
  REQUIRE(utf8 != d.readings.end());
  CHECK_FALSE(utf8->valid);
  CHECK(utf8->failed_line == 6002);
  CHECK(utf8->failed_at == text.size());
}

TEST_CASE("encoding: CP936's euro sign, GB18030's four-byte characters, Big5, UTF-16 without a BOM") {
  CHECK(detected("name,amount\n\xD5\xC5\xCE\xB0,\x80" "5\n") == Encoding::cp936);            // 张伟,€5
  CHECK(decode_to_utf8("\x80", Encoding::cp936) == "€");
  CHECK(detected("name\n\xD5\xC5\x95\x32\x82\x36\n") == Encoding::gb18030);                   // 张𠀀
  CHECK(detected("name,amount\n\xD5\xC5\x95\x32\x82\x36,\x80\n").has_value() == false);       // both: neither fits
  // 臺中網路科技有限公司 in Big5; GB18030 reads it as 籓い呼隔祆м Τ  そ杜
  std::string big5 = "company\n\xBB\x4F\xA4\xA4\xBA\xF4\xB8\xF4\xAC\xEC\xA7\xDE\xA6\xB3\xAD\xAD\xA4\xBD\xA5\x71\n";
  CHECK(detected(big5) == Encoding::big5);
  CHECK(decode_to_utf8(big5, Encoding::big5) == "company\n臺中網路科技有限公司\n");
  std::u16string u = u"姓名,电话\n王女士,13912345678\n";
  std::string le, be;
  for (char16_t c : u) {
    le += static_cast<char>(c & 0xFF), le += static_cast<char>(c >> 8);
    be += static_cast<char>(c >> 8), be += static_cast<char>(c & 0xFF);
  }
  CHECK(detected(le) == Encoding::utf16le);
  CHECK(detected(be) == Encoding::utf16be);
  CHECK(detected("name\n\xFF\xFE\n").has_value() == false);  // no encoding reads 0xFF
}

TEST_CASE("encoding: of two readings, the only one without odd characters is the text") {
  // 王强 in GBK: Big5 reads C7BF as one of the ETEN symbols at C6A1-C8FE.
  Detection d = detect_encoding("name\n\xCD\xF5\xC7\xBF\n");
  CHECK(d.encoding == Encoding::gb18030);
  REQUIRE(d.readings.size() >= 2);
  CHECK(d.readings[1].encoding == Encoding::big5);
  CHECK(d.readings[1].valid);
  CHECK(d.readings[1].odd > 0);
}

TEST_CASE("encoding: when two readings are both plausible, detection does not guess") {
  // 李娜 in GBK is C0EE C4C8; Big5 reads those bytes as two frequent traditional hanzi.
  Detection d = detect_encoding("name\n\xC0\xEE\xC4\xC8\n");
  CHECK_FALSE(d.encoding.has_value());
  REQUIRE(d.readings.size() >= 2);
  CHECK(d.readings[0].valid);
  CHECK(d.readings[1].valid);
  CHECK(char_plausibility(U'李') == 1.0);
  CHECK(is_odd_char(0x05A3));  // Hebrew accent
  CHECK(is_odd_char(0xE000));  // private use
  CHECK_FALSE(is_odd_char(U'é'));
  CHECK_FALSE(is_odd_char(0x1F60A));  // 😊 in a WeChat name
}

TEST_CASE("encoding: a reading clearly behind once there is enough text is dropped, not decoded to the end") {
  // 王强,李娜 in GBK, repeated: Big5 reads every byte, as hanzi and the ETEN kana of C7/C8.
  std::string gbk = "name,name2\n";
  for (int i = 0; i < 4000; ++i) gbk += "\xCD\xF5\xC7\xBF,\xC0\xEE\xC4\xC8\n";
  EncodingDetector detector;
  detector.feed(gbk);
  Detection d = detector.finish();
  CHECK(d.encoding == Encoding::gb18030);
  auto big5 = std::find_if(d.readings.begin(), d.readings.end(), [](const Reading& r) { return r.encoding == Encoding::big5; });
  REQUIRE(big5 != d.readings.end());
  CHECK(big5->implausible);
  CHECK(big5->characters < 4 * 4000);  // stopped early
  CHECK(decode_to_utf8(gbk, Encoding::big5).find("\xEF\xBF\xBD") == std::string::npos);  // though it reads every byte
}

TEST_CASE("encoding: names for --encoding; GBK means CP936, as on Windows") {
  CHECK(parse_encoding("GBK") == Encoding::cp936);
  CHECK(parse_encoding("cp936") == Encoding::cp936);
  CHECK(parse_encoding("GB18030") == Encoding::gb18030);
  CHECK(parse_encoding("Big5") == Encoding::big5);
  CHECK(parse_encoding("cp950") == Encoding::big5);
  CHECK(parse_encoding("big5-hkscs") == Encoding::big5hkscs);
  CHECK(parse_encoding("UTF_16BE") == Encoding::utf16be);
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

TEST_CASE("a prefix taken by bytes keeps whole UTF-8 characters; error messages keep what follows a NUL") {
  std::string s = "a王😀";  // 1 + 3 + 4 bytes
  CHECK(whole_utf8_prefix(s.substr(0, 1)) == 1);
  CHECK(whole_utf8_prefix(s.substr(0, 2)) == 1);
  CHECK(whole_utf8_prefix(s.substr(0, 3)) == 1);
  CHECK(whole_utf8_prefix(s.substr(0, 4)) == 4);
  CHECK(whole_utf8_prefix(s.substr(0, 7)) == 4);
  CHECK(whole_utf8_prefix(s) == 8);
  CHECK(whole_utf8_prefix("") == 0);
  Error e(ErrorKind::invalid, std::string("name: 'na\0me'", 13));
  CHECK(std::string(e.what()) == "name: 'na\\x00me'");
}
