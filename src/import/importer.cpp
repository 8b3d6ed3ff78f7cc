#include "import/importer.hpp"

#include <cstring>
#include <fmt/format.h>

#include "error.hpp"
#include "import/csv.hpp"
#include "import/headers.hpp"
#include "sha256.hpp"
#include "text.hpp"

namespace csdesk {
namespace {

// A spreadsheet guard apostrophe ('=…, '+86…) is not part of the value.
std::string unguard(const std::string& v) {
  if (v.size() >= 2 && v[0] == '\'' && std::strchr("=+-@\t\r", v[1])) return v.substr(1);
  return v;
}

}  // namespace

struct Importer::Impl {
  ByteSource source;
  ImportOptions options;
  std::unique_ptr<Decoder> decoder;
  Encoding encoding = Encoding::utf8;
  std::string raw_head;      // bytes read for detection, not yet decoded
  std::string text;          // decoded text not yet handed to the reader
  size_t text_pos = 0;
  size_t raw_read = 0;
  bool raw_done = false;
  std::unique_ptr<CsvReader> reader;
  std::vector<std::string> header;
  ColumnMap columns;
  bool have_header = false;

  Sha256 digest;  // of every byte read

  size_t pull_raw(std::string& into) {
    char chunk[1 << 16];
    size_t n = source(chunk, sizeof chunk);
    raw_read += n;
    into.assign(chunk, n);
    digest.update(into);
    return n;
  }

  void start() {
    while (raw_head.size() < (1 << 16)) {
      std::string chunk;
      if (pull_raw(chunk) == 0) {
        raw_done = true;
        break;
      }
      raw_head += chunk;
    }
    encoding = options.encoding ? *options.encoding : detect_encoding(raw_head);
    decoder = std::make_unique<Decoder>(encoding);
    decoder->feed(raw_head, raw_done, text);
    raw_head.clear();
    reader = std::make_unique<CsvReader>([this](char* buf, size_t cap) { return read_text(buf, cap); });
  }

  size_t read_text(char* buf, size_t cap) {
    while (text_pos >= text.size() && !raw_done) {
      text.clear();
      text_pos = 0;
      std::string chunk;
      raw_done = pull_raw(chunk) == 0;
      decoder->feed(chunk, raw_done, text);
    }
    size_t n = std::min(cap, text.size() - text_pos);
    std::memcpy(buf, text.data() + text_pos, n);
    text_pos += n;
    return n;
  }

  const std::vector<std::string>& headers() {
    if (have_header) return header;
    start();
    CsvRecord rec;
    if (!reader->next(rec)) fail_invalid("{}: the file is empty; it needs a header row such as 姓名,公司,电话", options.source_name);
    if (!rec.error.empty()) fail_invalid("{}:{}: the header row is malformed: {}", options.source_name, rec.line, rec.error);
    header = rec.fields;
    for (auto& h : header) h = trim(h);
    while (!header.empty() && header.back().empty()) header.pop_back();  // trailing empty columns
    try {
      columns = match_headers(header, options.maps);
    } catch (const Error& e) {
      fail_invalid("{}:{}: {}", options.source_name, rec.line, e.what());
    }
    have_header = true;
    return header;
  }

  std::string column_of(Field f) const {
    for (size_t i = 0; i < columns.fields.size(); ++i)
      if (columns.fields[i] == f) return header[i];
    return std::string(field_key(f));
  }

  ImportSummary run(Registrar& registrar, Epoch now, const std::function<void(const RejectedRow&)>& on_reject,
                    const std::function<void(size_t)>& on_progress) {
    headers();
    ImportSummary s;
    s.encoding = encoding;
    s.delimiter = reader->delimiter();
    s.ignored_columns = columns.ignored;
    CsvRecord rec;
    RawContact raw;
    size_t since_progress = 0;
    while (reader->next(rec)) {
      ++s.rows_read;
      if (++since_progress == 4096) {
        since_progress = 0;
        on_progress(raw_read);
      }
      auto reject = [&](std::string column, std::string reason) {
        ++s.rejected;
        on_reject(RejectedRow{rec.line, std::move(column), std::move(reason), rec.fields});
      };
      if (!rec.error.empty()) {
        reject("", rec.error);
        continue;
      }
      if (rec.fields.size() > header.size()) {
        size_t last = rec.fields.size();
        while (last > header.size() && trim(rec.fields[last - 1]).empty()) --last;
        if (last > header.size()) {
          reject(fmt::format("column {}", header.size() + 1),
                 fmt::format("too many columns ({}; the header has {}); quote fields that hold the delimiter", last, header.size()));
          continue;
        }
      }
      for (auto& v : raw) v.clear();
      for (size_t i = 0; i < header.size() && i < rec.fields.size(); ++i) {
        const auto& f = columns.fields[i];
        if (!f) continue;
        auto& slot = raw[static_cast<size_t>(*f)];
        if (slot.empty()) slot = unguard(rec.fields[i]);
      }
      NewContact contact;
      try {
        contact = normalise_contact(raw, now);
      } catch (const InvalidField& e) {
        reject(column_of(e.field()), e.problem());
        continue;
      }
      RegisterResult r = registrar.add(contact);
      if (!r.returning) ++s.created;
      else if (r.merged_in_batch) ++s.merged_in_file;
      else ++s.returning;
    }
    on_progress(raw_read);
    s.bytes = static_cast<std::int64_t>(raw_read);
    s.sha256 = digest.hex_digest();
    // A stray byte makes detection pick GB18030 for a UTF-8 file: every name would be mojibake.
    if (decoder->invalid_bytes() > 0)
      fail_invalid("{}: {} bytes cannot be read as {} (a damaged file, or one mixing encodings); nothing was imported; "
                   "save it as UTF-8 or name its encoding with --encoding",
                   options.source_name, decoder->invalid_bytes(), encoding_name(encoding));
    return s;
  }
};

Importer::Importer(ByteSource source, ImportOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->source = std::move(source);
  impl_->options = std::move(options);
}
Importer::~Importer() = default;

const std::vector<std::string>& Importer::headers() { return impl_->headers(); }

ImportSummary Importer::run(Registrar& registrar, Epoch now, const std::function<void(const RejectedRow&)>& on_reject,
                            const std::function<void(std::size_t)>& on_progress) {
  return impl_->run(registrar, now, on_reject, on_progress);
}

}  // namespace csdesk
