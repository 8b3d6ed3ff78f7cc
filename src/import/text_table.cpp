#include "import/text_table.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "import/importer.hpp"
#include "import/xlsx.hpp"
#include "util/error.hpp"
#include "util/sha256.hpp"
#include "util/text.hpp"

namespace csdesk {

TextTable read_text_table(const std::string& path, std::optional<Encoding> encoding, CsvLimits limits) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) fail_not_found("{}: cannot read it: {}", path, std::strerror(errno));
  std::string raw;
  char buf[1 << 16];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
    raw.append(buf, n);
    if (raw.size() > limits.max_scanned_bytes()) {
      std::fclose(f);
      fail_invalid("{}: larger than {}; nothing was imported; split it into smaller files", path,
                   byte_count(limits.max_scanned_bytes()));
    }
  }
  bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) fail_invalid("{}: error reading it; nothing was imported", path);
  if (starts_with(raw, kZipSignature) || starts_with(raw, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"))
    fail_invalid("{}: this is an Excel workbook; save it as CSV (另存为 “CSV UTF-8(逗号分隔)(*.csv)”) and import that file", path);

  TextTable t;
  t.bytes = static_cast<std::int64_t>(raw.size());
  t.sha256 = sha256_hex(raw);
  if (encoding) {
    t.encoding = *encoding;
  } else {
    Detection d = detect_encoding(raw);
    if (!d.encoding) fail_invalid("{}", undecided_encoding_message(d, path));
    t.encoding = *d.encoding;
  }
  Decoder decoder(t.encoding);
  std::string text;
  decoder.feed(raw, true, text);
  if (decoder.invalid_bytes() > 0)
    fail_invalid("{}: {} bytes cannot be read as {}, the first at byte {} (a damaged file, or one mixing encodings); "
                 "nothing was imported; save it as UTF-8 or name its encoding with --encoding",
                 path, decoder.invalid_bytes(), encoding_name(t.encoding), decoder.first_invalid_offset());
  if (t.encoding == Encoding::utf8 && !is_valid_utf8(text))
    fail_invalid("{}: this is not UTF-8 text; nothing was imported; name its encoding with --encoding", path);

  std::vector<CsvRecord> records = parse_csv(text, 0, limits);
  if (records.empty()) fail_invalid("{}: the file is empty; it needs a header row", path);
  for (const auto& r : records)
    if (r.fatal) fail_invalid("{}:{}: {}; nothing was imported", path, r.line, r.error);
  if (!records.front().error.empty())
    fail_invalid("{}:{}: the header row cannot be read: {}", path, records.front().line, records.front().error);
  t.headers = records.front().fields;
  for (auto& h : t.headers) h = trim(h);
  t.rows.assign(std::make_move_iterator(records.begin() + 1), std::make_move_iterator(records.end()));
  return t;
}

}  // namespace csdesk
