#include "import/rejects.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "util/error.hpp"
#include "output/render.hpp"

namespace csdesk {
namespace {

void write_row(std::FILE* f, const std::vector<std::string>& fields) {
  std::string line;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) line += ',';
    line += csv_field(csv_guard(fields[i]));
  }
  line += "\r\n";
  std::fwrite(line.data(), 1, line.size(), f);
}

}  // namespace

RejectsFile::RejectsFile(OutputRequest request, const std::vector<std::string>& headers)
    : output_(std::make_unique<OutputFile>(std::move(request))), columns_(headers.size()) {
  int fd = ::dup(output_->fd());  // the stream's own descriptor: fclose() leaves the OutputFile's open
  if (fd < 0 || !(file_ = ::fdopen(fd, "w"))) {
    if (fd >= 0) ::close(fd);
    fail_invalid("--rejects: cannot write '{}': {}", output_->path(), std::strerror(errno));
  }
  std::fputs("\xEF\xBB\xBF", file_);
  std::vector<std::string> head = headers;
  head.emplace_back("reason");
  head.emplace_back("line");
  write_row(file_, head);
}

RejectsFile::~RejectsFile() {
  if (file_) std::fclose(file_);
}

void RejectsFile::add(const RejectedRow& row) {
  std::vector<std::string> fields = row.fields;
  while (fields.size() > columns_ && fields.back().empty()) fields.pop_back();  // trailing empty columns
  fields.resize(std::max(columns_, fields.size()));
  fields.push_back(row.column.empty() ? row.reason : row.column + ": " + row.reason);
  fields.push_back(std::to_string(row.line));
  write_row(file_, fields);
}

void RejectsFile::close() {
  std::FILE* f = file_;
  file_ = nullptr;
  bool failed = std::ferror(f) != 0;
  failed = std::fclose(f) != 0 || failed;
  if (failed) fail_invalid("--rejects: could not write all of '{}'", output_->path());
  output_->commit();
}

}  // namespace csdesk
