#include "import/importer.hpp"

#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
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

// A workbook handed over as a CSV file: say so from its first bytes, not from what they decode to.
void refuse_spreadsheet(std::string_view head, const std::string& source_name) {
  constexpr std::string_view kSaveAs =
      "Excel files cannot be imported yet: open it in Excel or WPS, choose 另存为 (Save As) → "
      "“CSV UTF-8(逗号分隔)(*.csv)” and import that file";
  if (starts_with(head, std::string_view("PK\x03\x04", 4)))
    fail_invalid("{}: this is an Excel workbook (.xlsx, a zip file), not a CSV file; {}", source_name, kSaveAs);
  if (starts_with(head, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"))
    fail_invalid("{}: this is an Excel 97–2003 workbook (.xls), not a CSV file; {}", source_name, kSaveAs);
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
    reader = std::make_unique<CsvReader>([this](char* buf, size_t cap) { return read_text(buf, cap); }, 0, options.limits);
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
    if (!rec.error.empty())
      fail_invalid("{}:{}: the header row cannot be read{}: {}", options.source_name, rec.line,
                   rec.error_column ? fmt::format(" (column {})", rec.error_column) : "", rec.error);
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
    return fmt::format("column {}", column);
  }

  // One row after reading and checking: a contact to register, or a rejection.
  struct Checked {
    std::optional<NewContact> contact;
    std::optional<RejectedRow> rejected;
  };
  struct Batch {
    std::vector<Checked> rows;
    size_t raw_read = 0;  // bytes read when the batch was full, for progress
  };

  // Reading, decoding, parsing and normalising one row (stage 1: any thread).
  Checked check(CsvRecord& rec, RawContact& raw, Epoch now) {
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
        return reject(fmt::format("column {}", header.size() + 1),
                      fmt::format("too many columns ({}; the header has {}); quote fields that hold the delimiter", last,
                                  header.size()));
    }
    for (auto& v : raw) v.clear();
    for (size_t i = 0; i < header.size() && i < rec.fields.size(); ++i) {
      const auto& f = columns.fields[i];
      if (!f) continue;
      auto& slot = raw[static_cast<size_t>(*f)];
      if (slot.empty()) slot = unguard(rec.fields[i]);
    }
    try {
      return Checked{normalise_contact(raw, now), std::nullopt};
    } catch (const InvalidField& e) {
      return reject(column_of(e.field()), e.problem());
    }
  }

  // Two stages on two threads: this one registers (the database connection stays on it), a
  // reader thread reads, decodes, parses and checks rows ahead of it, in batches through a small
  // bounded queue (memory stays flat). Rejections travel in the queue, so they are reported in
  // file order; an error on either side stops both.
  ImportSummary run(Registrar& registrar, Epoch now, const std::function<void(const RejectedRow&)>& on_reject,
                    const std::function<void(size_t)>& on_progress) {
    headers();
    ImportSummary s;
    s.encoding = encoding;
    s.delimiter = reader->delimiter();
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
        while (reader->next(rec)) {
          ++rows_read;
          for (const auto& f : rec.fields) batch_bytes += f.size();
          batch.rows.push_back(check(rec, raw, now));
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
      }
      on_progress(batch.raw_read);
      std::lock_guard lock(mutex);
      spent.push_back(std::move(batch));
    }
    if (reader_error) std::rethrow_exception(reader_error);
    s.rows_read = rows_read;
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
  impl_->source = [source = std::move(source), name = options.source_name, first = true](char* buffer,
                                                                                         size_t capacity) mutable {
    size_t n = source(buffer, capacity);
    if (first) refuse_spreadsheet(std::string_view(buffer, n), name);
    first = false;
    return n;
  };
  impl_->options = std::move(options);
}
Importer::~Importer() = default;

const std::vector<std::string>& Importer::headers() { return impl_->headers(); }

ImportSummary Importer::run(Registrar& registrar, Epoch now, const std::function<void(const RejectedRow&)>& on_reject,
                            const std::function<void(std::size_t)>& on_progress) {
  return impl_->run(registrar, now, on_reject, on_progress);
}

}  // namespace csdesk
