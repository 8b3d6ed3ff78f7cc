#include "import/csv.hpp"

#include <algorithm>
#include <cstring>
#include <fmt/format.h>

#include "util/i18n.hpp"
#include "util/text.hpp"

namespace csdesk {
namespace {

constexpr std::size_t kChunkBytes = 1 << 16;

}  // namespace

std::string byte_count(std::size_t bytes) {
  if (bytes % (1 << 30) == 0) return trf("{} GiB", bytes >> 30);
  if (bytes % (1 << 20) == 0) return trf("{} MiB", bytes >> 20);
  if (bytes % (1 << 10) == 0) return trf("{} KiB", bytes >> 10);
  return trf("{} bytes", bytes);
}

char detect_delimiter(std::string_view first_line) {
  size_t commas = 0, tabs = 0;
  bool quoted = false;
  for (char c : first_line) {
    // The first physical line only, even inside quotes: what follows depends on how much of the
    // input has arrived, and the choice must not.
    if (c == '\n' || c == '\r') break;
    if (c == '"') quoted = !quoted;
    else if (!quoted && c == ',') ++commas;
    else if (!quoted && c == '\t') ++tabs;
  }
  return tabs > commas ? '\t' : ',';
}

CsvReader::CsvReader(Source source, char delimiter, CsvLimits limits)
    : source_(std::move(source)), delimiter_(delimiter), limits_(limits) {}

bool CsvReader::fill() {
  if (eof_) return false;
  buf_.erase(0, pos_);  // everything before pos_ is read: memory stays at a chunk or two
  consumed_ += pos_;
  pos_ = 0;
  size_t old = buf_.size();
  buf_.resize(old + kChunkBytes);
  size_t n = source_(buf_.data() + old, kChunkBytes);
  buf_.resize(old + n);
  if (n == 0) eof_ = true;
  return n > 0;
}

// The header line decides; it is read ahead up to its end, but no further than a field may be long.
void CsvReader::detect() {
  size_t searched = pos_;
  while (buf_.find_first_of("\r\n", searched) == std::string::npos && buf_.size() - pos_ <= limits_.max_field_bytes) {
    searched = buf_.size();
    if (!fill()) break;
  }
  delimiter_ = detect_delimiter(std::string_view(buf_).substr(pos_, limits_.max_field_bytes));
}

void CsvReader::reject(CsvRecord& rec, std::string why, bool whole_record) {
  if (!rec.error.empty()) return;  // the first problem of a record is the one reported
  rec.error = std::move(why);
  rec.error_column = whole_record ? 0 : column_;
}

void CsvReader::start_field(CsvRecord& rec) {
  ++column_;
  if (column_ > limits_.max_columns) {
    reject(rec, trf("more than {0} columns (the rejects file holds the first {0}); a customer list has a few "
                            "dozen at most: is the delimiter right?",
                            limits_.max_columns), true);
    keeping_ = false;
    return;
  }
  rec.fields.emplace_back();
  keeping_ = !record_full_;
}

void CsvReader::keep(CsvRecord& rec, const char* data, std::size_t size) {
  if (!keeping_ || size == 0) return;
  std::string& field = rec.fields.back();
  if (field.size() + size > limits_.max_field_bytes) {
    field.append(data, limits_.max_field_bytes - field.size());
    field.resize(whole_utf8_prefix(field));
    reject(rec, trf("the field is longer than {} (import.max_field_bytes); the rejects file holds its start, cut "
                            "there; shorten it, or raise import.max_field_bytes",
                            byte_count(limits_.max_field_bytes)));
    keeping_ = false;
    return;
  }
  if (kept_ + size > limits_.max_record_bytes()) {
    reject(rec, trf("the row is longer than {} in all (4 × import.max_field_bytes); the rejects file holds "
                            "its start; split it, or raise import.max_field_bytes",
                            byte_count(limits_.max_record_bytes())), true);
    record_full_ = true;
    keeping_ = false;
    return;
  }
  field.append(data, size);
  kept_ += size;
}

void CsvReader::nul_byte(CsvRecord& rec) {
  if (!rec.error.empty()) return;  // not formatted again for each byte of /dev/zero
  reject(rec, trf("a NUL byte (\\x00) on line {}: a text file holds none, so the file is damaged or not in the "
                          "encoding detected; remove it, or name the encoding with --encoding",
                          line_));
}

// Reads one record from its first byte (not a line end) up to and including its line end.
void CsvReader::read_record(CsvRecord& rec) {
  rec.fields.clear();
  rec.error.clear();
  rec.error_column = 0;
  rec.fatal = false;
  rec.line = line_;
  after_cr_ = false;
  kept_ = 0;
  column_ = 0;
  record_full_ = false;
  keeping_ = true;
  const size_t start = consumed_ + pos_;
  size_t quote_line = 0;
  State state = State::field_start;
  start_field(rec);
  for (;;) {
    if (pos_ == buf_.size()) {
      if (!fill()) break;
      if (consumed_ + buf_.size() - start > limits_.max_scanned_bytes()) {
        rec.error = trf("the row does not end within {} (an endless input, or not a CSV file); nothing after "
                                "it can be read",
                                byte_count(limits_.max_scanned_bytes()));
        rec.error_column = 0;
        rec.fatal = true;
        return;
      }
    }
    const char* p = buf_.data() + pos_;
    const char* end = buf_.data() + buf_.size();
    switch (state) {
      case State::field_start:
        if (*p == '"') {
          ++pos_;
          quote_line = line_;
          state = State::quoted;
        } else {
          state = State::unquoted;
        }
        break;
      case State::unquoted: {
        const char* q = p;
        while (q < end && *q != delimiter_ && *q != '\n' && *q != '\r') ++q;
        if (std::memchr(p, '\0', static_cast<size_t>(q - p))) nul_byte(rec);
        keep(rec, p, static_cast<size_t>(q - p));
        pos_ += static_cast<size_t>(q - p);
        if (q == end) break;
        ++pos_;
        if (*q == delimiter_) {
          start_field(rec);
          state = State::field_start;
        } else {
          count_line_end(*q);
          return;
        }
        break;
      }
      case State::quoted: {
        const char* q = p;
        for (; q < end && *q != '"'; ++q) {
          if (*q == '\n' || *q == '\r') {
            count_line_end(*q);
            continue;
          }
          after_cr_ = false;
          if (*q == '\0') nul_byte(rec);
        }
        keep(rec, p, static_cast<size_t>(q - p));
        pos_ += static_cast<size_t>(q - p);
        if (q == end) break;
        ++pos_;
        after_cr_ = false;
        state = State::after_quote;
        break;
      }
      case State::after_quote:
      case State::after_quote_space: {
        char c = *p;
        if (c == '"' && state == State::after_quote) {  // a doubled quote: one quote in the field
          keep(rec, p, 1);
          ++pos_;
          state = State::quoted;
        } else if (c == delimiter_) {
          ++pos_;
          start_field(rec);
          state = State::field_start;
        } else if (c == '\n' || c == '\r') {
          ++pos_;
          count_line_end(c);
          return;
        } else if (c == ' ' || c == '\t') {  // kept as Python keeps it; trimmed later like any space
          keep(rec, p, 1);
          ++pos_;
          state = State::after_quote_space;
        } else {
          // Read on as Python does (the text joins the field), so the next record starts where it should.
          reject(rec, std::string(tr("unbalanced quote: text follows a closing quote; quote the whole field and double any \" inside")));
          state = State::unquoted;
        }
        break;
      }
    }
  }
  if (state == State::quoted) {
    rec.error = trf("unbalanced quote: a quote opened on line {} is never closed, so the rest of the file would be one field; "
                            "close it, and double any \" inside a quoted field",
                            quote_line);
    rec.error_column = std::min(column_, limits_.max_columns + 1);
    rec.fatal = true;
  }
}

bool CsvReader::next(CsvRecord& rec) {
  if (done_) return false;
  if (!delimiter_) detect();
  for (;;) {
    for (;;) {  // line ends between records: blank lines
      if (pos_ == buf_.size() && !fill()) {
        done_ = true;
        return false;
      }
      char c = buf_[pos_];
      if (c != '\n' && c != '\r') break;
      count_line_end(c);
      ++pos_;
    }
    read_record(rec);
    if (rec.fatal) done_ = true;
    if (!rec.error.empty()) return true;
    bool blank = std::all_of(rec.fields.begin(), rec.fields.end(), [](const std::string& f) {
      return f.find_first_not_of(" \t\r\n") == std::string::npos;
    });
    if (!blank) return true;  // rows of only delimiters (",,,") or spaces are blank lines too
  }
}

std::vector<CsvRecord> parse_csv(std::string_view text, char delimiter, CsvLimits limits, std::size_t chunk) {
  size_t offset = 0;
  CsvReader reader(
      [&](char* buffer, size_t capacity) {
        size_t n = std::min({chunk, capacity, text.size() - offset});
        std::memcpy(buffer, text.data() + offset, n);
        offset += n;
        return n;
      },
      delimiter, limits);
  std::vector<CsvRecord> out;
  CsvRecord rec;
  while (reader.next(rec)) out.push_back(rec);
  return out;
}

}  // namespace csdesk
