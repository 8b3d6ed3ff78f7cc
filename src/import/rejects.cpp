#include "import/rejects.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "util/error.hpp"
#include "output/render.hpp"
#include "output/xlsx.hpp"
#include "util/text.hpp"

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

bool names_workbook(const std::string& path) {
  return path.size() >= 5 && to_lower_ascii(path.substr(path.size() - 5)) == ".xlsx";
}

RejectsFile::RejectsFile(OutputRequest request, const std::vector<std::string>& headers)
    : output_(std::make_unique<OutputFile>(std::move(request))), columns_(headers.size()) {
  std::vector<std::string> head = headers;
  // Importing a rejects file again (written in either language): its rows' old reason and line
  // give way to the new ones.
  auto named = [](const std::string& heading, const char* english) {
    return heading == english || heading == zh_of("rejects", english).value_or(english);
  };
  if (head.size() >= 2 && named(head[head.size() - 2], tr_ctx_noop("rejects", "reason")) &&
      named(head.back(), tr_ctx_noop("rejects", "line"))) {
    head.resize(head.size() - 2);
    columns_ = head.size();
    replaces_reason_ = true;
  }
  head.emplace_back(tr_ctx("rejects", "reason"));
  head.emplace_back(tr_ctx("rejects", "line"));
  if (names_workbook(output_->path())) {
    workbook_ = std::make_unique<WorkbookStream>(*output_, "--rejects", std::string(tr_ctx("rejects", "rejects")), head);
    return;
  }
  int fd = ::dup(output_->fd());  // the stream's own descriptor: fclose() leaves the OutputFile's open
  if (fd < 0 || !(file_ = ::fdopen(fd, "w"))) {
    if (fd >= 0) ::close(fd);
    fail_invalid("--rejects: cannot write '{}': {}", output_->path(), std::strerror(errno));
  }
  std::fputs("\xEF\xBB\xBF", file_);
  write_row(file_, head);
}

RejectsFile::~RejectsFile() {
  if (file_) std::fclose(file_);
}

void RejectsFile::add(const RejectedRow& row) {
  std::vector<std::string> fields = row.fields;
  if (replaces_reason_ && fields.size() > columns_) fields.resize(columns_);
  while (fields.size() > columns_ && fields.back().empty()) fields.pop_back();  // trailing empty columns
  fields.resize(std::max(columns_, fields.size()));
  std::string reason = row.column.empty() ? row.reason : trf("{}: {}", row.column, row.reason);
  if (workbook_) {
    std::vector<Value> cells(fields.begin(), fields.end());
    cells.emplace_back(std::move(reason));
    cells.emplace_back(static_cast<std::int64_t>(row.line));
    return workbook_->add_row(cells);
  }
  fields.push_back(std::move(reason));
  fields.push_back(std::to_string(row.line));
  write_row(file_, fields);
}

void RejectsFile::close() {
  if (workbook_) return workbook_->commit();
  std::FILE* f = file_;
  file_ = nullptr;
  bool failed = std::ferror(f) != 0;
  failed = std::fclose(f) != 0 || failed;
  if (failed) fail_invalid("--rejects: could not write all of '{}'", output_->path());
  output_->commit();
}

}  // namespace csdesk
