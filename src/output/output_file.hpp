#pragma once
// Every file csdesk writes for the operator (report --output, register --rejects, backup) goes
// through OutputFile, so none of them can overwrite what was not meant:
// - the database in use and its -wal/-shm/-journal are refused (same device+inode, or the same
//   resolved path when the file does not exist), exit 3;
// - an existing file is refused unless --force, exit 5; a symbolic link or anything not a
//   regular file is refused always, exit 3 (csdesk never writes through a link);
// - the data goes to `.NAME.csdesk-tmp-PID-RANDOM` beside NAME, created 0600 with O_EXCL, and is
//   renamed into place only after it is completely written and synced;
// - that temporary is removed on an error, an exception, SIGINT, SIGTERM or SIGHUP; the ones a
//   `kill -9` left are removed by the next write of NAME (when their PID is no longer running).
#include <string>
#include <string_view>
#include <vector>

namespace csdesk {

struct OutputRequest {
  std::string flag;      // how the operator gave the file, for messages: "--output", "backup FILE"
  std::string path;      // the destination
  bool force = false;    // replace an existing regular file
  std::string database;  // the database in use, never to be written over
};

class OutputFile {
 public:
  // Checks the destination, removes stale temporaries of it and creates the temporary file.
  explicit OutputFile(OutputRequest request);
  ~OutputFile();  // not committed: the temporary (and a SQLite journal beside it) is removed
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  const std::string& path() const { return request_.path; }
  // Where the data goes until commit(); a SQLite database may be opened on it by name.
  const std::string& temporary() const { return temporary_; }
  int fd() const { return fd_; }
  // Temporaries that dead processes left for this destination, removed by the constructor.
  const std::vector<std::string>& stale_removed() const { return stale_removed_; }

  void write(std::string_view bytes);
  // fsync, then into place: rename() with force, else link() so that a file which appeared
  // meanwhile is still not replaced; then fsync of the directory.
  void commit();

 private:
  OutputRequest request_;
  std::string temporary_;
  std::vector<std::string> stale_removed_;
  int fd_ = -1;
  int slot_ = -1;  // in the signal handler's list of files to remove
  bool committed_ = false;
};

// The whole of `content` into request.path through an OutputFile.
std::vector<std::string> write_output_file(const OutputRequest& request, std::string_view content);

// The temporary names of `path`'s directory entry `name`: ".NAME.csdesk-tmp-" (then PID-RANDOM).
std::string temporary_prefix(const std::string& name);
// The PID in a temporary's name for `prefix`, or 0 when `entry` is not one.
long temporary_owner(const std::string& entry, const std::string& prefix);

}  // namespace csdesk
