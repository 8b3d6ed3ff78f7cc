#include "import/rejects.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "error.hpp"
#include "render.hpp"

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

RejectsFile::RejectsFile(const std::string& path, const std::vector<std::string>& headers) : path_(path), columns_(headers.size()) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) fail_invalid("--rejects: cannot write '{}': {}", path, std::strerror(errno));
  ::fchmod(fd, 0600);  // an existing file keeps its mode otherwise
  file_ = ::fdopen(fd, "w");
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
  if (std::ferror(f) || std::fclose(f) != 0) fail_invalid("--rejects: could not write all of '{}'", path_);
}

}  // namespace csdesk
