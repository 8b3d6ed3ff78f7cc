#include "output/output_file.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <random>

#include "util/error.hpp"
#include "util/owner_only.hpp"
#include "util/system_account.hpp"

namespace csdesk {
namespace {

// What the signal handler removes: fixed buffers, because a handler may not allocate. A
// temporary that SQLite opens (backup) may have a journal beside it too.
constexpr std::size_t kPathBytes = 4096;
constexpr std::array<const char*, 4> kCompanions = {"", "-journal", "-wal", "-shm"};
struct TemporarySlot {
  char paths[kCompanions.size()][kPathBytes + 16];
  volatile std::sig_atomic_t used;
};
TemporarySlot g_slots[4];

extern "C" void remove_temporaries_and_reraise(int signal) {
  for (auto& slot : g_slots)
    if (slot.used)
      for (auto* path : slot.paths) ::unlink(path);
  // Then die of the signal as if no handler had been installed (it stays blocked until we return).
  ::signal(signal, SIG_DFL);
  ::raise(signal);
}

void install_handlers_once() {
  static const bool installed = [] {
    for (int s : {SIGINT, SIGTERM, SIGHUP}) {
      struct sigaction current {};
      ::sigaction(s, nullptr, &current);
      if (current.sa_handler == SIG_IGN) continue;  // e.g. under nohup: the signal cannot kill us
      struct sigaction handler {};
      handler.sa_handler = remove_temporaries_and_reraise;
      sigemptyset(&handler.sa_mask);
      for (int other : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&handler.sa_mask, other);
      ::sigaction(s, &handler, nullptr);
    }
    return true;
  }();
  (void)installed;
}

int register_temporary(const std::string& path) {
  install_handlers_once();
  if (path.size() >= kPathBytes) return -1;
  for (int i = 0; i < static_cast<int>(std::size(g_slots)); ++i) {
    auto& slot = g_slots[i];
    if (slot.used) continue;
    for (std::size_t c = 0; c < kCompanions.size(); ++c)
      std::snprintf(slot.paths[c], sizeof slot.paths[c], "%s%s", path.c_str(), kCompanions[c]);
    std::atomic_signal_fence(std::memory_order_seq_cst);
    slot.used = 1;
    return i;
  }
  return -1;
}

void unregister_temporary(int slot) {
  if (slot >= 0) g_slots[slot].used = 0;
}

std::string random_suffix() {
  static std::mt19937_64 generator{std::random_device{}()};
  return fmt::format("{:06x}", generator() & 0xFFFFFF);
}

struct Place {
  std::string directory, name;
};

Place place_of(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos) return {".", path};
  return {slash == 0 ? "/" : path.substr(0, slash), path.substr(slash + 1)};
}

// `name` in the destination's directory, spelled as the operator would ("x", not "./x").
std::string beside(const Place& place, const std::string& name) {
  return place.directory == "." ? name : (std::filesystem::path(place.directory) / name).string();
}

std::string resolved(const std::string& path) {
  std::error_code ec;
  auto p = std::filesystem::weakly_canonical(std::filesystem::absolute(path, ec), ec);
  return ec ? path : p.string();
}

// The database file itself and the files SQLite keeps beside it.
void refuse_database(const OutputRequest& r) {
  if (r.database.empty()) return;
  struct stat dest {};
  bool dest_exists = ::stat(r.path.c_str(), &dest) == 0;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::string part = r.database + suffix;
    struct stat st {};
    bool same = dest_exists && ::stat(part.c_str(), &st) == 0 ? dest.st_dev == st.st_dev && dest.st_ino == st.st_ino
                                                              : resolved(r.path) == resolved(part);
    if (!same) continue;
    if (*suffix == '\0')
      fail_invalid("{}: '{}' is the database itself ({}); give another file", r.flag, r.path, r.database);
    fail_invalid("{}: '{}' is {}, a file SQLite keeps beside the database in use; give another file", r.flag, r.path, part);
  }
}

// A setgid csdesk may create files where its service group may (the shared data directory); it
// writes for the operator only where the operator could write without it.
void refuse_what_the_invoker_could_not_write(const OutputRequest& r, const Place& place, bool exists) {
  if (!running_setgid()) return;
  if (std::string why = invoker_cannot(place.directory, true); !why.empty())
    fail_not_permitted("{}: '{}': your account ({}) cannot write in the directory '{}' itself ({}); csdesk runs "
                       "setgid and writes a file only where you could without it: choose a directory of your own",
                       r.flag, r.path, real_account_name(), place.directory, why);
  if (exists)
    if (std::string why = invoker_cannot(r.path, false); !why.empty())
      fail_not_permitted("{}: '{}': your account ({}) cannot write that file itself ({}); csdesk runs setgid and "
                         "writes a file only where you could without it: choose a directory of your own",
                         r.flag, r.path, real_account_name(), why);
}

void sync_directory(const std::string& directory) {
  int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

std::string temporary_prefix(const std::string& name) { return "." + name + ".csdesk-tmp-"; }

long temporary_owner(const std::string& entry, const std::string& prefix) {
  if (entry.size() <= prefix.size() || entry.compare(0, prefix.size(), prefix) != 0) return 0;
  const char* digits = entry.c_str() + prefix.size();
  char* end = nullptr;
  long pid = std::strtol(digits, &end, 10);
  return end != digits && *end == '-' && pid > 0 ? pid : 0;
}

OutputFile::OutputFile(OutputRequest request) : request_(std::move(request)) {
  const OutputRequest& r = request_;
  if (r.path.empty()) fail_invalid("{}: give the file to write", r.flag);
  refuse_database(r);
  Place place = place_of(r.path);
  struct stat st {};
  if (place.name.empty() || place.name == "." || place.name == "..")
    fail_invalid("{}: '{}' is a directory; give a file name inside it", r.flag, r.path);
  if (::lstat(r.path.c_str(), &st) == 0) {
    if (S_ISLNK(st.st_mode))
      fail_invalid("{}: '{}' is a symbolic link; csdesk never writes through one: give the file it points to, or "
                   "remove the link",
                   r.flag, r.path);
    if (S_ISDIR(st.st_mode)) fail_invalid("{}: '{}' is a directory; give a file name inside it", r.flag, r.path);
    if (!S_ISREG(st.st_mode)) fail_invalid("{}: '{}' is not a regular file; give a file name", r.flag, r.path);
    if (!r.force)
      fail_conflict("{}: '{}' already exists; pass --force to replace it or choose another name", r.flag, r.path);
  } else if (errno != ENOENT) {
    fail_invalid("{}: cannot write '{}': {}", r.flag, r.path, std::strerror(errno));
  }
  refuse_what_the_invoker_could_not_write(r, place, ::lstat(r.path.c_str(), &st) == 0);

  AsInvoker as_invoker;
  // What a killed run (kill -9) left for this destination.
  std::string prefix = temporary_prefix(place.name);
  if (DIR* dir = ::opendir(place.directory.c_str())) {
    while (dirent* e = ::readdir(dir)) {
      long pid = temporary_owner(e->d_name, prefix);
      if (pid == 0 || pid == ::getpid() || ::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;
      std::string stale = beside(place, e->d_name);
      if (::unlink(stale.c_str()) == 0) stale_removed_.push_back(stale);
    }
    ::closedir(dir);
  }

  for (int attempt = 0; fd_ < 0; ++attempt) {
    temporary_ = beside(place, fmt::format("{}{}-{}", prefix, ::getpid(), random_suffix()));
    slot_ = register_temporary(temporary_);
    if (slot_ < 0) fail_invalid("{}: '{}': the path is too long", r.flag, r.path);
    fd_ = create_owner_only(temporary_, O_RDWR | O_NOFOLLOW);
    if (fd_ >= 0) break;
    int err = errno;
    unregister_temporary(slot_);
    slot_ = -1;
    if (err != EEXIST || attempt == 10)
      fail_invalid("{}: cannot create a file in '{}': {}", r.flag, place.directory, std::strerror(err));
  }
}

OutputFile::~OutputFile() {
  AsInvoker as_invoker;
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !temporary_.empty())
    for (const char* companion : kCompanions) ::unlink((temporary_ + companion).c_str());
  unregister_temporary(slot_);
}

void OutputFile::write(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail_invalid("{}: cannot write '{}': {}", request_.flag, request_.path, std::strerror(errno));
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

void OutputFile::commit() {
  const OutputRequest& r = request_;
  if (::fsync(fd_) != 0) fail_invalid("{}: could not write all of '{}': {}", r.flag, r.path, std::strerror(errno));
  int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) fail_invalid("{}: could not write all of '{}': {}", r.flag, r.path, std::strerror(errno));
  AsInvoker as_invoker;
  if (r.force) {
    if (::rename(temporary_.c_str(), r.path.c_str()) != 0)
      fail_invalid("{}: cannot replace '{}': {}", r.flag, r.path, std::strerror(errno));
  } else {
    // Never replaces a file that appeared since the check; link() where renameat2 is unsupported.
    int rc = ::renameat2(AT_FDCWD, temporary_.c_str(), AT_FDCWD, r.path.c_str(), RENAME_NOREPLACE);
    if (rc != 0 && errno == EINVAL && (rc = ::link(temporary_.c_str(), r.path.c_str())) == 0) ::unlink(temporary_.c_str());
    if (rc != 0 && errno == EEXIST)
      fail_conflict("{}: '{}' already exists; pass --force to replace it or choose another name", r.flag, r.path);
    if (rc != 0) fail_invalid("{}: cannot create '{}': {}", r.flag, r.path, std::strerror(errno));
  }
  committed_ = true;
  unregister_temporary(slot_);
  slot_ = -1;
  sync_directory(place_of(r.path).directory);
}

std::vector<std::string> write_output_file(const OutputRequest& request, std::string_view content) {
  OutputFile file(request);
  file.write(content);
  file.commit();
  return file.stale_removed();
}

}  // namespace csdesk
