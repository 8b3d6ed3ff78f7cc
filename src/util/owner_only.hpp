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

}  // namespace csdesk
