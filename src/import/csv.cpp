#include "import/csv.hpp"

#include <algorithm>
#include <cstring>
#include <fmt/format.h>

#include "text.hpp"

namespace csdesk {

char detect_delimiter(std::string_view first_line) {
  size_t commas = 0, tabs = 0;
  bool quoted = false;
  for (char c : first_line) {
    if (c == '"') quoted = !quoted;
    else if (c == '\n') break;
    else if (!quoted && c == ',') ++commas;
    else if (!quoted && c == '\t') ++tabs;
  }
  return tabs > commas ? '\t' : ',';
}

CsvReader::CsvReader(Source source, char delimiter) : source_(std::move(source)), delimiter_(delimiter) {}

bool CsvReader::fill() {
  if (eof_) return false;
  if (pos_ > (1 << 16)) {  // keep memory flat: drop what has been read
    buf_.erase(0, pos_);
    consumed_ += pos_;
    pos_ = 0;
  }
  size_t old = buf_.size();
  buf_.resize(old + (1 << 16));
  size_t n = source_(buf_.data() + old, 1 << 16);
  buf_.resize(old + n);
  if (n == 0) eof_ = true;
  return n > 0;
}

void CsvReader::skip_to_next_line(std::size_t from) {
  while (true) {
    size_t nl = buf_.find('\n', from);
    if (nl != std::string::npos) {
      pos_ = nl + 1;
      ++line_;
      return;
    }
    from = buf_.size();
    if (!fill()) {
      pos_ = buf_.size();
      return;
    }
  }
}

// Parses one record starting at pos_. On ok, `end` is just past its line break.
CsvReader::Parse CsvReader::parse(CsvRecord& rec, std::size_t& end, std::string& why) {
  rec.fields.clear();
  size_t p = pos_;
  const size_t n = buf_.size();
  std::string field;
  while (true) {
    field.clear();
    if (p < n && buf_[p] == '"') {
      ++p;
      while (true) {
        size_t q = buf_.find('"', p);
        if (q == std::string::npos) {
          if (eof_) {
            why = "unbalanced quote: a quoted field is never closed; double the \" inside a quoted field or close it";
            return Parse::malformed;
          }
          if (n - pos_ > kMaxRecordBytes) {
            why = fmt::format("unbalanced quote, or a quoted field longer than {} MB: a quote opened here is not closed "
                              "within {} MB; close it (double any \" inside), or shorten the field",
                              kMaxRecordBytes >> 20, kMaxRecordBytes >> 20);
            return Parse::malformed;
          }
          return Parse::need_more;
        }
        field.append(buf_, p, q - p);
        if (q + 1 >= n && !eof_) return Parse::need_more;
        if (q + 1 < n && buf_[q + 1] == '"') {
          field += '"';
          p = q + 2;
          continue;
        }
        p = q + 1;
        break;
      }
      if (p < n && buf_[p] != delimiter_ && buf_[p] != '\n' && !(buf_[p] == '\r' && (p + 1 >= n || buf_[p + 1] == '\n'))) {
        why = "unbalanced quote: text follows a closing quote; quote the whole field and double any \" inside";
        return Parse::malformed;
      }
      if (p < n && buf_[p] == '\r' && p + 1 >= n && !eof_) return Parse::need_more;
    } else {
      size_t q = p;
      while (q < n && buf_[q] != delimiter_ && buf_[q] != '\n') ++q;
      if (q >= n && !eof_) return Parse::need_more;
      size_t e = q;
      if (e > p && buf_[e - 1] == '\r' && (q >= n || buf_[q] == '\n')) --e;
      field.assign(buf_, p, e - p);
      p = q;
    }
    rec.fields.push_back(field);
    if (p < n && buf_[p] == '\r') ++p;
    if (p >= n) {
      end = n;
      return Parse::ok;
    }
    if (buf_[p] == '\n') {
      end = p + 1;
      return Parse::ok;
    }
    ++p;  // the delimiter
    if (p >= n && !eof_) return Parse::need_more;
    if (p >= n) {
      rec.fields.emplace_back();
      end = n;
      return Parse::ok;
    }
  }
}

bool CsvReader::next(CsvRecord& rec) {
  while (true) {
    if (pos_ >= buf_.size() && !fill()) return false;
    if (!delimiter_) {
      while (buf_.find('\n', pos_) == std::string::npos && fill()) {
      }
      delimiter_ = detect_delimiter(std::string_view(buf_).substr(pos_));
    }
    if (buf_[pos_] == '\n' || (buf_[pos_] == '\r' && pos_ + 1 < buf_.size() && buf_[pos_ + 1] == '\n')) {
      pos_ += buf_[pos_] == '\r' ? 2 : 1;  // blank line
      ++line_;
      continue;
    }
    size_t end = 0;
    std::string why;
    Parse r;
    while ((r = parse(rec, end, why)) == Parse::need_more) fill();
    rec.line = line_;
    if (r == Parse::malformed) {
      size_t nl = buf_.find('\n', pos_);
      std::string raw = buf_.substr(pos_, (nl == std::string::npos ? buf_.size() : nl) - pos_);
      if (!raw.empty() && raw.back() == '\r') raw.pop_back();
      rec.fields = split(raw, delimiter_);  // cut naively, so the row can be corrected column by column
      rec.error = why;
      skip_to_next_line(pos_);
      return true;
    }
    rec.error.clear();
    line_ += static_cast<size_t>(std::count(buf_.begin() + static_cast<std::ptrdiff_t>(pos_),
                                            buf_.begin() + static_cast<std::ptrdiff_t>(end), '\n'));
    pos_ = end;
    bool blank = std::all_of(rec.fields.begin(), rec.fields.end(), [](const std::string& f) {
      return f.find_first_not_of(" \t\r") == std::string::npos;
    });
    if (!blank) return true;  // rows of only delimiters (",,,") are blank lines too
  }
}

std::vector<CsvRecord> parse_csv(std::string_view text, char delimiter) {
  size_t offset = 0;
  CsvReader reader(
      [&](char* buffer, size_t capacity) {
        size_t n = std::min(capacity, text.size() - offset);
        std::memcpy(buffer, text.data() + offset, n);
        offset += n;
        return n;
      },
      delimiter);
  std::vector<CsvRecord> out;
  CsvRecord rec;
  while (reader.next(rec)) out.push_back(rec);
  return out;
}

}  // namespace csdesk
