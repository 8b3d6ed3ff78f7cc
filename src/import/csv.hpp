#pragma once
// A streaming CSV/TSV reader that reads what Python's csv module reads from a file opened with
// newline='': a line ends at CR, LF or CRLF; quoted fields hold delimiters, doubled quotes and
// line breaks of any kind; blank lines (and rows of only delimiters) are skipped. Each record
// carries the physical line it starts on.
//
// A record that cannot be read (text after a closing quote, a NUL byte, a field over the size
// limit, too many columns) comes back whole with an error, and reading goes on after its end —
// never inside a quoted field. A quote that is never closed, or a record that never ends, stops
// the reading (`fatal`): what follows cannot be told apart from the field.
//
// Memory is bounded whatever the input: a field is kept up to the limit (cut on a UTF-8 character
// boundary), the rest of it is read past, not kept.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace csdesk {

struct CsvLimits {
  static constexpr std::size_t kDefaultFieldBytes = std::size_t{1} << 20;
  std::size_t max_field_bytes = kDefaultFieldBytes;  // import.max_field_bytes
  std::size_t max_columns = 1024;
  // All the fields of a record together: a few fields may be long, not every one.
  std::size_t max_record_bytes() const { return 4 * max_field_bytes; }
  // A record still without end after this many bytes stops the reading: an endless input
  // (/dev/zero) or not a CSV file at all. Nothing more is kept of it: this bounds time, not memory.
  std::size_t max_scanned_bytes() const { return 256 * max_field_bytes; }
};

struct CsvRecord {
  std::vector<std::string> fields;
  std::size_t line = 0;          // 1-based physical line where the record starts
  std::string error;             // non-empty: the record cannot be read; `fields` holds what was read of it
  std::size_t error_column = 0;  // 1-based column the error is in; 0: the record as a whole
  bool fatal = false;            // the reading cannot go on after this record; `error` says why
};

class CsvReader {
 public:
  // Fills `buffer` with up to `capacity` bytes of UTF-8 text; 0 at the end.
  using Source = std::function<std::size_t(char* buffer, std::size_t capacity)>;
  // delimiter 0: ',' or '\t', whichever the first line holds more of (outside quotes).
  explicit CsvReader(Source source, char delimiter = 0, CsvLimits limits = {});
  // The next non-blank record; false at the end (and after a fatal record).
  bool next(CsvRecord& record);
  char delimiter() const { return delimiter_; }

 private:
  enum class State { field_start, unquoted, quoted, after_quote, after_quote_space };
  bool fill();
  void detect();
  void read_record(CsvRecord& rec);
  void start_field(CsvRecord& rec);
  void keep(CsvRecord& rec, const char* data, std::size_t size);
  void reject(CsvRecord& rec, std::string why, bool whole_record = false);
  void nul_byte(CsvRecord& rec);
  void count_line_end(char c) {
    if (c == '\r' || !after_cr_) ++line_;
    after_cr_ = c == '\r';
  }

  Source source_;
  char delimiter_;
  CsvLimits limits_;
  std::string buf_;
  std::size_t pos_ = 0;       // next byte to read in buf_
  std::size_t consumed_ = 0;  // bytes dropped from the front of buf_
  std::size_t line_ = 1;
  bool after_cr_ = false;     // the last byte read was a CR: an LF now ends no further line
  bool eof_ = false;
  bool done_ = false;
  // The record being read: its column, the bytes kept of it, whether the current field is still
  // kept and whether the record has reached its limit.
  std::size_t column_ = 0;
  std::size_t kept_ = 0;
  bool keeping_ = true;
  bool record_full_ = false;
};

// "1 MiB", "256 MiB", "1500 bytes": a limit as people read it.
std::string byte_count(std::size_t bytes);
// The delimiter of a text whose first physical line (up to the first CR or LF) is `first_line`.
char detect_delimiter(std::string_view first_line);
// Reads a whole text (tests and fuzzing), handed to the reader `chunk` bytes at a time at most,
// as a pipe would.
std::vector<CsvRecord> parse_csv(std::string_view text, char delimiter = 0, CsvLimits limits = {},
                                 std::size_t chunk = SIZE_MAX);

}  // namespace csdesk
