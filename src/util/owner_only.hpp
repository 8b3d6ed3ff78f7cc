#pragma once
// Files holding customers' personal data (the database; the temporaries of reports, rejects and
// backups) are created in one way: owner-only.
#include <string>

namespace csdesk {

// Creates `path` (O_CREAT | O_EXCL | O_CLOEXEC, plus `flags` such as O_RDWR) readable and writable
// by its owner only (0600), whatever the umask. The descriptor, or -1 with errno set (EEXIST when
// anything is at `path`: it is never opened).
int create_owner_only(const std::string& path, int flags);

// True when csdesk runs setgid to a service group (the shared install: effective gid differs from the
// real one). Its environment is then untrusted, and the database is shared with that group.
bool running_setgid();
// As create_owner_only, but readable and writable by the group too (0660): the database and its key
// in the shared install, where the service group is the only one that may open them.
int create_group_shared(const std::string& path, int flags);

// At start, when running setgid: no core dump and no ptrace or /proc access by the invoking account
// (the memory holds personal data the group may read), and no environment variable that would make
// the C library or SQLite read a file or directory of the invoker's choosing (TZ, TZDIR, TMPDIR,
// SQLITE_TMPDIR). Does nothing otherwise.
void harden_when_setgid();

// While alive, a setgid csdesk acts with the invoking account's own group instead of the service
// group, so a file it creates, links or removes for the operator is checked by the kernel as the
// operator would be, and belongs to the operator's group. Nothing otherwise.
class AsInvoker {
 public:
  AsInvoker();
  ~AsInvoker();
  AsInvoker(const AsInvoker&) = delete;
  AsInvoker& operator=(const AsInvoker&) = delete;

 private:
  long service_gid_ = -1;
};

// Whether the invoking account itself (real uid and gid, not the service group) could write `path`
// (W_OK) or create and remove entries in the directory `path` (W_OK | X_OK): "" when it could, else
// why not (strerror).
std::string invoker_cannot(const std::string& path, bool directory);

}  // namespace csdesk
