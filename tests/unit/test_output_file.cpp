#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "util/error.hpp"
#include "output/output_file.hpp"

using namespace csdesk;
namespace fs = std::filesystem;

namespace {

struct Scratch {
  fs::path dir;
  Scratch() {
    std::string pattern = (fs::temp_directory_path() / "csdesk-unit-XXXXXX").string();
    dir = ::mkdtemp(pattern.data());
  }
  ~Scratch() { fs::remove_all(dir); }
  std::string at(const char* name) const { return (dir / name).string(); }
  std::vector<std::string> names() const {
    std::vector<std::string> all;
    for (const auto& e : fs::directory_iterator(dir)) all.push_back(e.path().filename().string());
    std::sort(all.begin(), all.end());
    return all;
  }
};

ErrorKind refusal(const OutputRequest& request) {
  try {
    OutputFile file(request);
  } catch (const Error& e) {
    return e.kind();
  }
  return ErrorKind::internal;  // not refused
}

std::string content_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

TEST_CASE("Output file: temporary names carry the destination and the writer's PID") {
  std::string prefix = temporary_prefix("报表.html");
  CHECK(prefix == ".报表.html.csdesk-tmp-");
  CHECK(temporary_owner(prefix + "4242-0a1b2c", prefix) == 4242);
  CHECK(temporary_owner(prefix + "4242-0a1b2c-journal", prefix) == 4242);
  CHECK(temporary_owner(prefix + "4242", prefix) == 0);  // no random part: not ours
  CHECK(temporary_owner(prefix + "x42-0a1b2c", prefix) == 0);
  CHECK(temporary_owner(prefix + "-0a1b2c", prefix) == 0);
  CHECK(temporary_owner(".其他.html.csdesk-tmp-4242-0a1b2c", prefix) == 0);
}

TEST_CASE("Output file: appears complete and owner-only at commit, nothing left before or after") {
  Scratch s;
  std::string dest = s.at("report.html");
  {
    OutputFile out({"--output", dest, false, s.at("csdesk.db")});
    out.write("<!DOCTYPE html>");
    CHECK_FALSE(fs::exists(dest));
    struct stat st {};
    REQUIRE(::stat(out.temporary().c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    out.commit();
  }
  CHECK(content_of(dest) == "<!DOCTYPE html>");
  CHECK(s.names() == std::vector<std::string>{"report.html"});
}

TEST_CASE("Output file: an exception before commit removes the temporary") {
  Scratch s;
  try {
    OutputFile out({"--output", s.at("r.html"), false, ""});
    out.write("half");
    throw std::runtime_error("the report failed");
  } catch (const std::runtime_error&) {
  }
  CHECK(s.names().empty());
}

TEST_CASE("Output file: the database, existing files and links are refused with the right kind") {
  Scratch s;
  std::string db = s.at("csdesk.db");
  std::ofstream(db) << "SQLite format 3";
  fs::create_hard_link(db, s.at("hard.db"));
  fs::create_symlink(db, s.at("sym.db"));
  std::ofstream(s.at("old.html")) << "old";
  fs::create_symlink(s.at("old.html"), s.at("link.html"));
  CHECK(refusal({"--output", db, true, db}) == ErrorKind::invalid);
  CHECK(refusal({"--output", s.at("hard.db"), true, db}) == ErrorKind::invalid);
  CHECK(refusal({"--output", s.at("sym.db"), true, db}) == ErrorKind::invalid);
  CHECK(refusal({"--output", db + "-wal", true, db}) == ErrorKind::invalid);  // absent: by resolved path
  CHECK(refusal({"--output", (s.dir / "." / "csdesk.db-journal").string(), true, db}) == ErrorKind::invalid);
  CHECK(refusal({"--output", s.at("old.html"), false, db}) == ErrorKind::conflict);
  CHECK(refusal({"--output", s.at("link.html"), true, db}) == ErrorKind::invalid);
  CHECK(refusal({"--output", s.dir.string(), true, db}) == ErrorKind::invalid);
  CHECK(content_of(db) == "SQLite format 3");
  CHECK(content_of(s.at("old.html")) == "old");

  // Forced: a new file takes the name; the old one is not rewritten.
  fs::create_hard_link(s.at("old.html"), s.at("old-copy.html"));
  CHECK(write_output_file({"--output", s.at("old.html"), true, db}, "new").empty());
  CHECK(content_of(s.at("old.html")) == "new");
  CHECK(content_of(s.at("old-copy.html")) == "old");
}

TEST_CASE("Output file: a file that appears before commit is not replaced without force") {
  Scratch s;
  std::string dest = s.at("rejects.csv");
  OutputFile out({"--rejects", dest, false, ""});
  out.write("mine");
  std::ofstream(dest) << "theirs";
  try {
    out.commit();
    FAIL("commit replaced a file that appeared meanwhile");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::conflict);
  }
  CHECK(content_of(dest) == "theirs");
}
