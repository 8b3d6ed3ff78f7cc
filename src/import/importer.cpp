#include "import/importer.hpp"

#include <algorithm>
#include <condition_variable>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <fmt/format.h>

#include "util/error.hpp"
#include "import/csv.hpp"
#include "import/headers.hpp"
#include "util/sha256.hpp"
#include "util/text.hpp"

namespace csdesk {

std::string undecided_encoding_message(const Detection& d, const std::string& source_name) {
  std::vector<std::string> fit, unfit;
  for (const auto& r : d.readings) {
    if (r.valid)
      fit.push_back(trf("{} (plausibility {:.2f}; line {}: {})", encoding_name(r.encoding), r.plausibility,
                                r.sample_line, r.sample));
    else if (r.implausible)
      unfit.push_back(trf("{} reads as text that is not plausibly Chinese", encoding_name(r.encoding)));
    else if (r.failed_line > 0)
      unfit.push_back(trf("{} stops at line {}", encoding_name(r.encoding), r.failed_line));
    else if (r.failed_at > 0)
      unfit.push_back(trf("{} stops at byte {}", encoding_name(r.encoding), r.failed_at));
  }
  if (fit.empty())
    return trf("{}: cannot be read in any encoding this knows ({}): a damaged file, or one mixing encodings; "
                       "nothing was imported; save it as UTF-8, or name its encoding with --encoding",
                       source_name, join(unfit, std::string(tr_ctx("list", ", "))));
  std::vector<std::string> flags;
  for (const auto& r : d.readings)
    if (r.valid) flags.push_back(fmt::format("--encoding {}", encoding_name(r.encoding)));
  return trf("{}: cannot tell its encoding: it reads as {}, and none is clearly the Chinese text; "
                     "nothing was imported; name the right one: {}",
                     source_name, join(fit, std::string(tr_ctx("list", " or as "))),
                     join(flags, std::string(tr_ctx("list", " or "))));
}

namespace {

// A spreadsheet guard apostrophe ('=…, '+86…) is not part of the value.
std::string unguard(const std::string& v) {
  if (v.size() >= 2 && v[0] == '\'' && std::strchr("=+-@\t\r", v[1])) return v.substr(1);
  return v;
}

// A workbook that reached the text reader (from stdin or a pipe, or a legacy .xls): say so from
// its first bytes, not from what they decode to.
void refuse_spreadsheet(std::string_view head, const std::string& source_name) {
  if (starts_with(head, kZipSignature))
    fail_invalid("{}: this is an Excel workbook (.xlsx, a zip file); a workbook is read from a file, not from stdin or "
                 "a pipe: save it and import it with --from FILE.xlsx",
                 source_name);
  if (starts_with(head, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"))
    fail_invalid("{}: this is an Excel 97–2003 workbook (.xls), which csdesk does not read: open it in Excel or WPS, "
                 "choose 另存为 (Save As) → “Excel 工作簿(*.xlsx)” (or “CSV UTF-8(逗号分隔)(*.csv)”) and import that file",
                 source_name);
}

// Excel drops the leading 0 of a landline typed as a number (021 8888 6666 → 2188886666). The
// phone rule would read it back as 021-88886666; from a number cell that is a guess, and an
// import does not guess: the row is rejected saying so.
std::optional<std::string> lost_leading_zero(std::string_view cell, const NewContact& contact) {
  std::string digits = trim(cell);
  if (!contact.phone || digits.empty() || digits[0] == '0' || (*contact.phone)[0] != '0') return std::nullopt;
  return trf("{} was typed as a number, so Excel dropped its leading 0 (it may be the landline {}); csdesk "
                     "does not guess: format the column as text (设置单元格格式 → 文本), type the number with its 0 "
                     "and import the row again",
                     digits, *contact.phone);
}

}  // namespace

struct Importer::Impl {
  ByteSource source;
  std::optional<RowSource> rows;  // a workbook's sheet instead of text
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

  size_t read_raw(std::string& into) {
    char chunk[1 << 16];
    size_t n = source.read(chunk, sizeof chunk);
    into.assign(chunk, n);
    return n;
  }
  // Bytes that are decoded and imported (detection reads some twice).
  void account(const std::string& bytes) {
    raw_read += bytes.size();
    digest.update(bytes);
  }
  size_t pull_raw(std::string& into) {
    size_t n = read_raw(into);
    account(into);
    return n;
  }

  // The first 64 KiB, or the whole file when it is smaller.
  void read_head() {
    raw_head.clear();
    raw_done = false;
    while (raw_head.size() < (1 << 16)) {
      std::string chunk;
      if (read_raw(chunk) == 0) {
        raw_done = true;
        break;
      }
      raw_head += chunk;
    }
  }

  void start() {
    read_head();
    if (options.encoding) {
      encoding = *options.encoding;
      source.release();
      // A byte-order mark names the encoding too; decoded as another it is garbage in the first header.
      Detection bom = detect_encoding(std::string_view(raw_head).substr(0, 3));
      if (bom.by_bom && *bom.encoding != encoding)
        fail_invalid("{}: the file starts with the byte-order mark of {}, but --encoding {} was named; leave --encoding "
                     "out (the mark decides) or name {}",
                     options.source_name, encoding_name(*bom.encoding), encoding_name(encoding), encoding_name(*bom.encoding));
    } else {
      encoding = detect();
    }
    decoder = std::make_unique<Decoder>(encoding);
    account(raw_head);
    decoder->feed(raw_head, raw_done, text);
    raw_head.clear();
    reader = std::make_unique<CsvReader>([this](char* buf, size_t cap) { return read_text(buf, cap); }, 0, options.limits);
  }

  // Reads on from the head until the encoding is certain (often the whole file), then rewinds.
  Encoding detect() {
    EncodingDetector detector;
    // An endless input (/dev/zero) would keep every candidate alive forever: stop where the CSV
    // reader would, at a row without end. CR and LF are these bytes in every encoding read here.
    size_t since_line_end = 0, lf = 0, cr = 0;
    auto feed = [&](const std::string& bytes) {
      size_t last = bytes.find_last_of("\r\n");
      if (last == std::string::npos) {
        since_line_end += bytes.size();
      } else {
        since_line_end = bytes.size() - last - 1;
        lf += static_cast<size_t>(std::count(bytes.begin(), bytes.end(), '\n'));
        cr += static_cast<size_t>(std::count(bytes.begin(), bytes.end(), '\r'));
      }
      if (since_line_end > options.limits.max_scanned_bytes())  // lines: LF, CRLF or CR files
        fail_invalid("{}:{}: the row does not end within {} (an endless input, or not a CSV file); nothing was imported",
                     options.source_name, std::max(lf, cr) + 1, byte_count(options.limits.max_scanned_bytes()));
      detector.feed(bytes);
    };
    feed(raw_head);
    bool read_past_head = false;
    for (std::string chunk; !raw_done && !detector.settled();) {
      read_past_head = true;
      if (read_raw(chunk) == 0) break;
      feed(chunk);
    }
    Detection d = detector.finish();
    if (!d.encoding) fail_invalid("{}", undecided_message(d));
    if (read_past_head) {
      source.rewind();
      read_head();
    } else {
      source.release();
    }
    return *d.encoding;
  }

  std::string undecided_message(const Detection& d) const { return undecided_encoding_message(d, options.source_name); }

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

  // The next record from the CSV reader or the sheet; numeric[i]: field i was a number cell.
  bool next_record(CsvRecord& rec, std::vector<bool>& numeric) {
    if (!rows) return reader->next(rec);
    SheetRow row{std::move(rec), std::move(numeric)};
    bool more = rows->next(row);
    rec = std::move(row.record);
    numeric = std::move(row.numeric);
    raw_read = rows->bytes_read();
    return more;
  }

  const std::vector<std::string>& headers() {
    if (have_header) return header;
    if (!rows) start();
    CsvRecord rec;
    std::vector<bool> numeric;
    if (!next_record(rec, numeric)) fail_invalid("{}: the file is empty; it needs a header row such as 姓名,公司,电话", options.source_name);
    if (!rec.error.empty())
      fail_invalid("{}:{}: the header row cannot be read{}: {}", options.source_name, rec.line,
                   rec.error_column ? trf(" (column {})", rec.error_column) : "", rec.error);
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

  // The header of a 1-based column ("" for 0: the whole row), or its number past the header.
  std::string column_named(size_t column) const {
    if (column == 0) return "";
    if (column <= header.size() && !header[column - 1].empty()) return header[column - 1];
    return trf("column {}", column);
  }

  // One row after reading and checking: a contact to register, or a rejection.
  struct Checked {
    std::optional<NewContact> contact;
    std::optional<RejectedRow> rejected;
    size_t line = 0;  // of a contact, for the notes on it
  };
  struct Batch {
    std::vector<Checked> rows;
    size_t raw_read = 0;  // bytes read when the batch was full, for progress
  };

  // Reading, decoding, parsing and normalising one row (stage 1: any thread).
  Checked check(CsvRecord& rec, const std::vector<bool>& numeric, RawContact& raw, Epoch now) {
    auto reject = [&](std::string column, std::string reason) {
      return Checked{std::nullopt, RejectedRow{rec.line, std::move(column), std::move(reason), std::move(rec.fields)}};
    };
    if (rec.fatal)
      fail_invalid("{}:{}: {}{}; nothing was imported", options.source_name, rec.line,
                   rec.error_column ? column_named(rec.error_column) + ": " : "", rec.error);
    if (!rec.error.empty()) return reject(column_named(rec.error_column), rec.error);
    if (rec.fields.size() > header.size()) {
      size_t last = rec.fields.size();
      while (last > header.size() && trim(rec.fields[last - 1]).empty()) --last;
      if (last > header.size())
        return reject(trf("column {}", header.size() + 1),
                      trf("too many columns ({}; the header has {}); quote fields that hold the delimiter", last,
                                  header.size()));
    }
    for (auto& v : raw) v.clear();
    bool phone_was_number = false;
    for (size_t i = 0; i < header.size() && i < rec.fields.size(); ++i) {
      const auto& f = columns.fields[i];
      if (!f) continue;
      auto& slot = raw[static_cast<size_t>(*f)];
      if (slot.empty()) {
        slot = unguard(rec.fields[i]);
        if (*f == Field::phone) phone_was_number = i < numeric.size() && numeric[i];
      }
    }
    try {
      NewContact contact = normalise_contact(raw, now);
      if (phone_was_number)
        if (auto why = lost_leading_zero(raw[static_cast<size_t>(Field::phone)], contact))
          return reject(column_of(Field::phone), std::move(*why));
      return Checked{std::move(contact), std::nullopt, rec.line};
    } catch (const InvalidField& e) {
      return reject(column_of(e.field()), e.problem());
    }
  }

  // Two stages on two threads: this one registers (the database connection stays on it), a
  // reader thread reads, decodes, parses and checks rows ahead of it, in batches through a small
  // bounded queue (memory stays flat). Rejections travel in the queue, so they are reported in
  // file order; an error on either side stops both.
  ImportSummary run(Registrar& registrar, Epoch now, const std::function<void(const RejectedRow&)>& on_reject,
                    const std::function<void(size_t, const RegisterResult&)>& on_possible_duplicate,
                    const std::function<void(size_t)>& on_progress) {
    headers();
    ImportSummary s;
    s.encoding = encoding;
    s.delimiter = rows ? ',' : reader->delimiter();
    s.format = rows ? rows->format : s.delimiter == '\t' ? "tsv" : "csv";
    s.ignored_columns = columns.ignored;

    // A batch is full at 1,024 rows, or sooner when its rows hold long fields: memory stays bounded.
    constexpr size_t kBatchRows = 1024, kBatchBytes = 8 << 20, kQueuedBatches = 4;
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<Batch> queue;
    // Batches registered, handed back so that the reader frees their rows: it allocated them,
    // and freeing them here cost the registering thread, the slower of the two, ~2 % in malloc.
    std::vector<Batch> spent;
    bool reading_done = false, stop = false;
    std::exception_ptr reader_error;
    std::int64_t rows_read = 0;

    std::thread reading([&] {
      try {
        CsvRecord rec;
        std::vector<bool> numeric;
        RawContact raw;
        Batch batch;
        size_t batch_bytes = 0;
        std::vector<Batch> to_free;
        auto hand_over = [&] {
          batch.raw_read = raw_read;
          {
            std::unique_lock lock(mutex);
            changed.wait(lock, [&] { return queue.size() < kQueuedBatches || stop; });
            if (stop) return false;
            queue.push_back(std::move(batch));
            to_free.swap(spent);
            changed.notify_all();
          }
          batch = Batch{};
          batch_bytes = 0;
          to_free.clear();
          return true;
        };
        while (next_record(rec, numeric)) {
          ++rows_read;
          for (const auto& f : rec.fields) batch_bytes += f.size();
          batch.rows.push_back(check(rec, numeric, raw, now));
          if ((batch.rows.size() == kBatchRows || batch_bytes >= kBatchBytes) && !hand_over()) return;
        }
        if (!batch.rows.empty()) hand_over();
      } catch (...) {
        std::lock_guard lock(mutex);
        reader_error = std::current_exception();
      }
      std::lock_guard lock(mutex);
      reading_done = true;
      changed.notify_all();
    });
    // Stops and joins the reader however this thread leaves (a database error, say).
    struct Join {
      std::thread& thread;
      std::mutex& mutex;
      std::condition_variable& changed;
      bool& stop;
      ~Join() {
        {
          std::lock_guard lock(mutex);
          stop = true;
        }
        changed.notify_all();
        thread.join();
      }
    } join{reading, mutex, changed, stop};

    for (;;) {
      Batch batch;
      {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return !queue.empty() || reading_done; });
        if (queue.empty()) break;
        batch = std::move(queue.front());
        queue.pop_front();
        changed.notify_all();
      }
      constexpr size_t kPrefetchAhead = 8;
      for (size_t i = 0; i < batch.rows.size(); ++i) {
        if (i + kPrefetchAhead < batch.rows.size() && batch.rows[i + kPrefetchAhead].contact)
          registrar.prefetch(*batch.rows[i + kPrefetchAhead].contact);
        auto& row = batch.rows[i];
        if (row.rejected) {
          ++s.rejected;
          on_reject(*row.rejected);
          continue;
        }
        RegisterResult r = registrar.add(*row.contact);
        if (!r.returning) ++s.created;
        else if (r.merged_in_batch) ++s.merged_in_file;
        else ++s.returning;
        if (!r.possible_duplicates.empty()) {
          ++s.possible_duplicates;
          on_possible_duplicate(row.line, r);
        }
      }
      on_progress(batch.raw_read);
      std::lock_guard lock(mutex);
      spent.push_back(std::move(batch));
    }
    if (reader_error) std::rethrow_exception(reader_error);
    s.rows_read = rows_read;
    on_progress(raw_read);
    if (rows) {
      s.bytes = rows->bytes;
      s.sha256 = rows->sha256;
      return s;
    }
    s.bytes = static_cast<std::int64_t>(raw_read);
    s.sha256 = digest.hex_digest();
    // A named encoding that does not fit, or damage after detection settled: never store U+FFFD for it.
    if (decoder->invalid_bytes() > 0)
      fail_invalid("{}: {} bytes cannot be read as {}, the first at byte {} (a damaged file, or one mixing encodings); "
                   "nothing was imported; save it as UTF-8 or name its encoding with --encoding",
                   options.source_name, decoder->invalid_bytes(), encoding_name(encoding), decoder->first_invalid_offset());
    return s;
  }
};

Importer::Importer(ByteSource source, ImportOptions options) : impl_(std::make_unique<Impl>()) {
  // A workbook is refused by its first bytes, before detection reads any further.
  source.read = [read = std::move(source.read), name = options.source_name, first = true](char* buffer,
                                                                                         size_t capacity) mutable {
    size_t n = read(buffer, capacity);
    if (first) refuse_spreadsheet(std::string_view(buffer, n), name);
    first = false;
    return n;
  };
  impl_->source = std::move(source);
  impl_->options = std::move(options);
}
Importer::Importer(RowSource rows, ImportOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->rows = std::move(rows);
  impl_->options = std::move(options);
}
Importer::~Importer() = default;

const std::vector<std::string>& Importer::headers() { return impl_->headers(); }

ImportSummary Importer::run(Registrar& registrar, Epoch now, const std::function<void(const RejectedRow&)>& on_reject,
                            const std::function<void(std::size_t, const RegisterResult&)>& on_possible_duplicate,
                            const std::function<void(std::size_t)>& on_progress) {
  return impl_->run(registrar, now, on_reject, on_possible_duplicate, on_progress);
}

Importer::RowSource workbook_rows(std::shared_ptr<XlsxReader> reader, const std::string& path) {
  Importer::RowSource rows;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) fail_not_found("--from: cannot read '{}': {}", path, std::strerror(errno));
  Sha256 digest;
  std::string chunk(1 << 20, '\0');
  for (size_t n; (n = std::fread(chunk.data(), 1, chunk.size(), f)) > 0;) {
    digest.update(std::string_view(chunk.data(), n));
    rows.bytes += static_cast<std::int64_t>(n);
  }
  bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) fail_invalid("--from: error reading '{}'", path);
  rows.sha256 = digest.hex_digest();
  rows.format = "xlsx";
  rows.next = [reader](SheetRow& row) { return reader->next(row); };
  // The sheet's share of the file is most of it: how far through its XML, scaled to the file.
  rows.bytes_read = [reader, size = static_cast<double>(rows.bytes)] {
    double whole = static_cast<double>(std::max<std::uint64_t>(reader->sheet_bytes(), 1));
    return static_cast<size_t>(size * std::min(1.0, static_cast<double>(reader->sheet_bytes_read()) / whole));
  };
  return rows;
}

}  // namespace csdesk
