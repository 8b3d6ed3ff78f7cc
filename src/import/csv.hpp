#pragma once
// A streaming CSV/TSV reader (RFC 4180): quoted fields with delimiters, quotes and newlines,
// CRLF or LF, blank lines skipped. Each record carries the physical line it starts on. A
// malformed record (an unbalanced quote, text after a closing quote) is returned with an error
// and reading resumes on the next physical line, so one bad row never hides the good ones.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace csdesk {

struct CsvRecord {
  std::vector<std::string> fields;
  std::size_t line = 0;  // 1-based physical line where the record starts
  std::string error;     // non-empty: malformed; `fields` then holds its first line cut at each delimiter
};

class CsvReader {
 public:
  // Fills `buffer` with up to `capacity` bytes of UTF-8 text; 0 at the end.
  using Source = std::function<std::size_t(char* buffer, std::size_t capacity)>;
  // delimiter 0: ',' or '\t', whichever the first line holds more of (outside quotes).
  explicit CsvReader(Source source, char delimiter = 0);
  // The next non-blank record; false at the end.
  bool next(CsvRecord& record);
  char delimiter() const { return delimiter_; }
  std::size_t bytes_consumed() const { return consumed_ + pos_; }

  // A quoted field may not grow beyond this; past it the quote is taken as unbalanced.
  static constexpr std::size_t kMaxRecordBytes = 1 << 20;

 private:
  enum class Parse { ok, need_more, malformed };
  Parse parse(CsvRecord& record, std::size_t& end, std::string& why);
  bool fill();
  void skip_to_next_line(std::size_t from);

  Source source_;
  char delimiter_;
  std::string buf_;
  std::size_t pos_ = 0;        // start of the next record in buf_
  std::size_t consumed_ = 0;   // bytes dropped from the front of buf_
  std::size_t line_ = 1;
  bool eof_ = false;
};

char detect_delimiter(std::string_view first_line);
// Reads a whole text (tests and fuzzing).
std::vector<CsvRecord> parse_csv(std::string_view text, char delimiter = 0);

}  // namespace csdesk
