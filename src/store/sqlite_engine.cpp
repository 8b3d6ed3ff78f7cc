#include "store/database.hpp"

// The SQLite engine: opening a database file (owner-only, WAL, read-only mounts), its schema
// version (PRAGMA user_version) and migrations, with the SQL functions the older migrations call.
#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "util/error.hpp"
#include "util/owner_only.hpp"
#include "util/text.hpp"
#include "rules/normalise.hpp"
#include "rules/roles.hpp"
#include "store/schemas.hpp"
#include "store/sql_values.hpp"
#include "store/dialect.hpp"
#include "store/maintenance.hpp"
#include "store/sqlite_driver.hpp"

namespace csdesk {
namespace {

constexpr int kBusyTimeoutMs = 60000;

// Creates the file owner-only before SQLite opens it: it holds customers' personal data.
// Owner-only, except in the shared install (setgid to the service group), where the group — and so
// csdesk run by any staff account — must open it, and the directory keeps everyone else out.
bool create_private_file(const std::string& path) {
  // Setgid, the service group could create a database in the shared data directory for anyone: a new
  // one is made only where the invoking account could make it itself (root makes the shared one).
  if (running_setgid()) {
    std::string directory = std::filesystem::path(path).parent_path().string();
    if (std::string why = invoker_cannot(directory.empty() ? "." : directory, true); !why.empty())
      fail_not_permitted("--db: cannot create '{}': csdesk runs setgid and creates a database only where your account "
                         "could itself ({}); the shared database is created by root (`csdesk --db FILE init`)",
                         path, why);
  }
  int fd = running_setgid() ? create_group_shared(path, O_WRONLY) : create_owner_only(path, O_WRONLY);
  if (fd < 0) {
    if (errno == EEXIST) return false;
    fail_invalid("--db: cannot create '{}': {}", path, std::strerror(errno));
  }
  ::close(fd);
  return true;
}

// Before SQLite starts: csdesk uses each connection from one thread only (the import's reader
// thread never touches the database), so per-connection mutexes and SQLite's global memory
// statistics (a mutex taken on every allocation) are pure cost.
void configure_sqlite_once() {
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)configured;
}

bool on_read_only_mount(const std::string& path) {
  struct statvfs fs {};
  return ::statvfs(path.c_str(), &fs) == 0 && (fs.f_flag & ST_RDONLY) != 0;
}

// A write-ahead log holding commits not yet copied into the main file.
bool has_wal_content(const std::string& path) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path + "-wal", ec);
  return !ec && size > 0;
}

// Why SQLite cannot open `path` or the files beside it that WAL mode needs even to read:
// the first that the operating system refuses, or "" when all of them open.
std::string side_file_problem(const std::string& path) {
  namespace fs = std::filesystem;
  auto refused = [](const std::string& file) {
    int fd = ::open(file.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) return true;
    ::close(fd);
    return false;
  };
  auto why = [] { return errno == EACCES || errno == EROFS ? trf("read-only for this user ({})", std::strerror(errno)) : std::string(std::strerror(errno)); };
  for (const char* suffix : {"-shm", "-wal"}) {
    std::string file = path + suffix;
    std::error_code ec;
    if (fs::exists(file, ec) && refused(file))
      return suffix[1] == 'w' ? trf("'{}' (its write-ahead log) is {}", file, why())
                              : trf("'{}' (its shared-memory index) is {}", file, why());
  }
  std::string dir = fs::path(path).parent_path().string();
  if (dir.empty()) dir = ".";
  if (std::error_code ec; !fs::exists(path + "-shm", ec) && ::access(dir.c_str(), W_OK) != 0)
    return trf("the directory '{}' is {}, so SQLite cannot create '{}-shm', the index it needs to read a WAL "
                       "database", dir, why(), path);
  if (refused(path)) return trf("'{}' (the database file) is {}", path, why());
  return "";
}

// As fail_store, for an exception from SQLiteCpp.
[[noreturn]] void fail_sqlite(const std::string& path, const std::exception& e, const std::string& doing) {
  try {
    sql::rethrow_sqlite(e);
  } catch (const sql::DriverError& failure) {
    fail_store(path, failure, doing);
  }
}

bool has_table(SQLite::Database& db, const char* name) {
  SQLite::Statement q(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
  q.bind(1, name);
  return q.executeStep();
}

// Migration 006 re-normalises stored phone numbers; csdesk_phone() is normalise_phone, or its
// argument unchanged when that refuses it (a number an older csdesk accepted stays as it was).
constexpr int kPhoneFormsVersion = 6;
constexpr int kRoleSetVersion = 8;

std::optional<std::string> renormalised_phone(std::string_view stored) {
  try {
    std::string now = normalise_phone(stored);
    return now == stored ? std::nullopt : std::optional<std::string>(now);
  } catch (const InvalidField&) {
    return std::nullopt;
  }
}

// Before migration 006: two customers must not end up with one phone number (it is the key that
// finds a returning customer). Refuses the whole upgrade, naming them, rather than merging.
void refuse_phone_collisions(SQLite::Database& db, const std::string& path) {
  std::vector<std::pair<std::string, std::string>> changed;  // number, new phone
  SQLite::Statement scan(db, "SELECT number, phone FROM customers WHERE phone IS NOT NULL AND merged_into IS NULL");
  while (scan.executeStep())
    if (auto now = renormalised_phone(scan.getColumn(1).getString())) changed.emplace_back(scan.getColumn(0).getString(), *now);
  std::vector<std::string> problems;
  SQLite::Statement same(db, "SELECT number FROM customers WHERE phone = ? AND merged_into IS NULL AND number <> ?");
  for (const auto& [number, phone] : changed) {
    same.reset();
    same.bind(1, phone);
    same.bind(2, number);
    while (same.executeStep()) problems.push_back(trf("{} and {} would both have {}", number, same.getColumn(0).getString(), phone));
  }
  // Two rows that both change into the same number (the index query above sees only old forms).
  std::sort(changed.begin(), changed.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  for (size_t i = 1; i < changed.size(); ++i)
    if (changed[i].second == changed[i - 1].second)
      problems.push_back(trf("{} and {} would both have {}", changed[i - 1].first, changed[i].first, changed[i].second));
  if (!problems.empty())
    fail_conflict("'{}': upgrading re-reads phone numbers as libphonenumber does, and {}{}; make each pair one customer or "
                  "change one number with the csdesk that wrote this database, then upgrade; nothing was changed",
                  path, problems.front(), problems.size() > 1 ? trf(" (and {} more)", problems.size() - 1) : "");
}

// Before migration 008: every role of the old comma lists must be one staff_roles() knows, or
// the table's CHECK would stop the upgrade with SQLite's message. Splits as 008 does.
void refuse_unknown_roles(SQLite::Database& db, const std::string& path) {
  const auto& known = staff_roles();
  std::vector<std::string> problems;
  SQLite::Statement scan(db, "SELECT number, name, roles FROM staff ORDER BY id");
  while (scan.executeStep()) {
    std::string roles = scan.getColumn(2).getString() + ",";
    for (std::size_t start = 0, comma; (comma = roles.find(',', start)) != std::string::npos; start = comma + 1) {
      std::string role = roles.substr(start, comma - start);
      role.erase(0, role.find_first_not_of(' '));  // SQLite's trim(): spaces only
      role.erase(role.find_last_not_of(' ') + 1);
      if (!role.empty() && std::find(known.begin(), known.end(), role) == known.end())
        problems.push_back(trf("staff member {} {} has the role '{}'", scan.getColumn(0).getString(),
                                       scan.getColumn(1).getString(), role));
    }
  }
  if (!problems.empty())
    fail_conflict("'{}': upgrading keeps staff roles as a set of known roles ({}), and {}{}; correct the roles column of "
                  "the staff table (or `csdesk staff edit NUMBER --roles ...` with the csdesk that wrote this database), "
                  "then upgrade; nothing was changed",
                  path, join(known, ", "), problems.front(),
                  problems.size() > 1 ? trf(" (and {} more)", problems.size() - 1) : "");
}

}  // namespace

void Database::open_sqlite(Open mode, Sync sync) {
  const std::string& path = target_;
  int version = 0;
  std::unique_ptr<SQLite::Database> file;
  std::string read_only_reason;  // a read-only mount: why, for the refusal of a write
  if (mode == Open::in_memory) {
    configure_sqlite_once();
    file = std::make_unique<SQLite::Database>(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX);
    created_ = true;
    in_memory_ = true;
    mode = Open::create_or_upgrade;
  } else {
    namespace fs = std::filesystem;
    bool exists = fs::exists(path);
    if (!exists && mode != Open::create_or_upgrade)
      fail_not_found("no csdesk database at '{}'; create one with `csdesk init` (or pass --db)", path);
    if (exists && fs::is_directory(path)) fail_invalid("--db: '{}' is a directory, not a database file", path);
    if (!exists) created_ = create_private_file(path);

    if (exists && !fs::is_regular_file(path))
      fail_invalid("--db: '{}' is not a regular file (a device, pipe or socket); give the path of a database file, "
                   "e.g. --db csdesk.db", path);

    configure_sqlite_once();
    int flags = (mode == Open::read_only ? SQLite::OPEN_READONLY : SQLite::OPEN_READWRITE) | SQLite::OPEN_NOMUTEX;
    auto open = [&](const std::string& name, int how) {
      try {
        file = std::make_unique<SQLite::Database>(name, how, kBusyTimeoutMs);
      } catch (const SQLite::Exception& e) {
        fail_invalid("--db: cannot open '{}': {}", path, e.what());
      }
    };
    open(path, flags);
    // Setgid, a temporary file would belong to the invoking account: SQLite keeps them in memory.
    if (running_setgid()) file->exec("PRAGMA temp_store = MEMORY");
    // Look before touching: a file that is not a csdesk database must stay as it was.
    auto look = [&] {
      int found = file->execAndGet("PRAGMA user_version").getInt();
      bool any_table = file->execAndGet("SELECT count(*) FROM sqlite_master").getInt() > 0;
      if (found == 0 && any_table)
        fail_invalid("'{}' is an SQLite database but not a csdesk database (it has other tables); "
                     "point --db at a csdesk database or a new file", path);
      if (found > 0 && !has_table(*file, "audit"))
        fail_invalid("'{}' is not a csdesk database (user_version {} without csdesk tables)", path, found);
      return found;
    };
    try {
      version = look();
    } catch (const SQLite::Exception& e) {
      int code = e.getErrorCode();
      if (code != SQLITE_CANTOPEN && code != SQLITE_READONLY && code != SQLITE_IOERR)
        fail_invalid("'{}' is not a csdesk database or is corrupt: {}", path, e.what());
      if ((code & 0xff) == SQLITE_IOERR) fail_sqlite(path, e, "cannot open");
      if (!on_read_only_mount(path)) {
        std::string problem = side_file_problem(path);
        fail_conflict("'{}' cannot be opened: {}; csdesk (SQLite in WAL mode) needs to write beside the database even "
                      "to read it: fix the owner or permissions of the file, its -wal and -shm and their directory",
                      path, problem.empty() ? std::string(e.what()) : problem);
      }
      // A read-only mount: nothing can change the file, so SQLite may read it as immutable, without
      // the -shm it cannot create — unless a write-ahead log holds commits that reading must include.
      if (has_wal_content(path))
        fail_conflict("'{}' is on a read-only file system and its write-ahead log '{}-wal' may hold commits not yet in "
                      "the main file, which SQLite cannot read there; remount it read-write, or copy the database with its "
                      "-wal and -shm to a writable disk, and run `csdesk check` there",
                      path, path);
      read_only_reason = trf("'{}' is on a read-only file system", path);
      open("file:" + path + "?immutable=1", SQLite::OPEN_READONLY | SQLite::OPEN_URI | SQLite::OPEN_NOMUTEX);
      try {
        version = look();
      } catch (const SQLite::Exception& again) {
        fail_invalid("'{}' is not a csdesk database or is corrupt: {}", path, again.what());
      }
      mode = Open::read_only;
    }
  }
  auto connection = std::make_unique<sql::SqliteConnection>(std::move(file));
  connection->set_read_only_reason(read_only_reason);
  SQLite::Database& opened = connection->database();
  db_ = std::move(connection);
  if (version > latest_schema_version())
    fail_conflict("'{}' was written by a newer csdesk (schema version {}, this csdesk knows up to {}); "
                  "upgrade csdesk before using this database", path, version, latest_schema_version());
  opened_at_version_ = version;
  if (version == 0 && mode != Open::create_or_upgrade && !created_)
    fail_not_found("'{}' is empty, not yet a csdesk database; create it with `csdesk init`", path);
  if (mode == Open::read_only) {
    if (version < latest_schema_version())
      fail_conflict("'{}' is at schema version {} and read-only; run `csdesk init` on a writable copy to upgrade",
                    path, version);
    opened.exec("PRAGMA foreign_keys = ON");
    return;
  }
  try {
    opened.exec("PRAGMA journal_mode = WAL");
    opened.exec(sync == Sync::full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
    if (version < latest_schema_version()) {
      // SQLite's procedure for schema changes: foreign keys off (outside the transaction), change,
      // check that every reference still holds, commit. A migration may then rebuild a table.
      opened.exec("PRAGMA foreign_keys = OFF");
      // For migrations 004 and 007, which store company + name keys by their hash.
      sqlite3_create_function_v2(
          opened.getHandle(), "csdesk_name_hash", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
          [](sqlite3_context* ctx, int, sqlite3_value** argv) {
            if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
            const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
            sqlite3_result_int64(ctx, name_key_hash(std::string_view(text, static_cast<size_t>(sqlite3_value_bytes(argv[0])))));
          },
          nullptr, nullptr, nullptr);
      sqlite3_create_function_v2(
          opened.getHandle(), "csdesk_phone", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
          [](sqlite3_context* ctx, int, sqlite3_value** argv) {
            if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
            std::string_view text(reinterpret_cast<const char*>(sqlite3_value_text(argv[0])),
                                  static_cast<size_t>(sqlite3_value_bytes(argv[0])));
            std::string now = renormalised_phone(text).value_or(std::string(text));
            sqlite3_result_text(ctx, now.data(), static_cast<int>(now.size()), SQLITE_TRANSIENT);
          },
          nullptr, nullptr, nullptr);
      // For migration 007, which re-derives the keys of names holding invisible characters.
      sqlite3_create_function_v2(
          opened.getHandle(), "csdesk_name_key", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
          [](sqlite3_context* ctx, int, sqlite3_value** argv) {
            if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL)
              return sqlite3_result_null(ctx);
            auto text = [](sqlite3_value* v) {
              const auto* t = reinterpret_cast<const char*>(sqlite3_value_text(v));
              return std::string_view(t, static_cast<size_t>(sqlite3_value_bytes(v)));
            };
            std::string key = name_key(text(argv[0]), text(argv[1]));
            sqlite3_result_text(ctx, key.data(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
          },
          nullptr, nullptr, nullptr);
      Transaction tx(*this);
      // Another process may have upgraded while we waited for the lock.
      int now_at = opened.execAndGet("PRAGMA user_version").getInt();
      for (const auto& m : schema_migrations()) {
        if (m.version <= now_at) continue;
        if (m.version == kPhoneFormsVersion) refuse_phone_collisions(opened, path);
        if (m.version == kRoleSetVersion) refuse_unknown_roles(opened, path);
        opened.exec(m.sql);
        opened.exec(fmt::format("PRAGMA user_version = {}", m.version));
      }
      SQLite::Statement broken(opened, "PRAGMA foreign_key_check");
      if (broken.executeStep())
        fail(ErrorKind::internal, "upgrading '{}' would break a reference from table {} row {}; nothing was changed",
             path, broken.getColumn(0).getString(), broken.getColumn(1).getInt64());
      tx.commit();
    }
    opened.exec("PRAGMA foreign_keys = ON");
  } catch (const SQLite::Exception& e) {
    fail_sqlite(path, e, "cannot prepare");
  }
}


namespace {

constexpr auto kBackupPatience = std::chrono::seconds(60);

void copy_pages(SQLite::Database& source, SQLite::Database& target) {
  SQLite::Backup backup(target, source);
  auto give_up = std::chrono::steady_clock::now() + kBackupPatience;
  // One step copies every page inside one read transaction: a snapshot, however busy the writers.
  for (;;) {
    int rc = backup.executeStep(-1);
    if (rc == SQLITE_DONE) return;
    if (std::chrono::steady_clock::now() > give_up)
      fail_conflict("backup: the database stayed locked for {} s; try again when it is less busy",
                    kBackupPatience.count());
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace

DatabaseCopy copy_database(Database& db, const std::string& target) {
  if (db.engine() != sql::Engine::sqlite)
    fail_invalid("backup copies an SQLite database; back up a PostgreSQL database with `pg_dump` (see the README), "
                 "or take an SQLite snapshot of it with `csdesk copy --to FILE`");
  DatabaseCopy copy;
  SQLite::Database out(target, SQLite::OPEN_READWRITE);
  copy_pages(static_cast<sql::SqliteConnection&>(db.sql()).database(), out);
  // A backup is one self-contained file, without a -wal beside it.
  out.exec("PRAGMA journal_mode = DELETE");
  std::string verdict = out.execAndGet("PRAGMA integrity_check(1)").getString();
  if (verdict != "ok") fail(ErrorKind::internal, "backup: the copy failed its integrity check: {}", verdict);
  copy.pages = out.execAndGet("PRAGMA page_count").getInt64();
  copy.audit_rows = out.execAndGet("SELECT count(*) FROM audit").getInt64();
  return copy;
}


namespace sql {
namespace {

class SqliteDialect final : public Dialect {
 public:
  int schema_version(Connection& connection) const override {
    return static_cast<int>(connection.query_int("PRAGMA user_version"));
  }
  bool has_table(Connection& connection, std::string_view name) const override {
    Statement q(connection, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
    q.bind(1, name);
    return q.step();
  }
  std::string json_text(std::string_view json, std::string_view key) const override {
    return fmt::format("json_extract({}, '$.{}')", json, key);
  }
  std::string position(std::string_view haystack, std::string_view needle) const override {
    return fmt::format("instr({}, {})", haystack, needle);
  }
  std::string new_id(std::string_view) const override { return "NULL"; }
  void ids_taken(Connection&, std::string_view) const override {}  // a rowid continues from the largest
  std::string joined_texts(std::string_view value, std::string_view separator, std::string_view) const override {
    return fmt::format("group_concat({}, {})", value, separator);
  }
  std::string greatest(const std::vector<std::string>& values) const override {
    return fmt::format("max({})", fmt::join(values, ", "));
  }
  std::string indexed_by(std::string_view name) const override { return fmt::format("INDEXED BY {}", name); }
  // A larger page cache than the default 2 MB for the index pages an import touches; kept modest
  // so that memory stays flat (the lookup indexes of a large import are rebuilt at the end anyway).
  void prepare_bulk_load(Connection& connection) const override { connection.execute("PRAGMA cache_size = -8192"); }
  std::optional<std::string> index_definition(Connection& connection, std::string_view name) const override {
    Statement q(connection, "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?");
    q.bind(1, name);
    return q.step() ? opt_text(q.column(0)) : std::nullopt;
  }
  // Sorting for CREATE INDEX may use a second thread.
  void prepare_index_builds(Connection& connection) const override { connection.execute("PRAGMA threads = 2"); }
  std::vector<std::string> integrity_problems(Connection& connection, int limit) const override {
    std::vector<std::string> problems;
    try {
      Statement q(connection, fmt::format("PRAGMA integrity_check({})", limit));
      while (q.step()) {
        std::string line = q.column(0).text();
        if (line != "ok") problems.push_back(line);
      }
    } catch (const DriverError& e) {
      // A badly damaged file stops the check itself; that is the finding.
      problems.push_back(e.what());
    }
    return problems;
  }
  std::vector<ForeignKeyProblem> foreign_key_problems(Connection& connection, int limit) const override {
    std::vector<ForeignKeyProblem> problems;
    Statement q(connection, "PRAGMA foreign_key_check");
    while (q.step() && static_cast<int>(problems.size()) < limit)
      problems.push_back({q.column(0).text(), q.column(1).int64(), q.column(2).text()});
    return problems;
  }
  std::vector<std::string> tables(Connection& connection) const override {
    return connection.query_texts("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                             "ORDER BY name");
  }
  std::vector<std::string> columns(Connection& connection, std::string_view table) const override {
    return connection.query_texts("SELECT name FROM pragma_table_info(?) ORDER BY cid", table);
  }
  std::vector<ForeignKey> foreign_keys(Connection& connection) const override {
    std::vector<ForeignKey> keys;
    Statement q(connection, "SELECT m.name, f.\"from\", f.\"table\" FROM sqlite_master AS m, pragma_foreign_key_list(m.name) AS f "
                            "WHERE m.type = 'table' ORDER BY m.name, f.id, f.seq");
    while (q.step()) keys.push_back({q.column(0).text(), q.column(1).text(), q.column(2).text()});
    return keys;
  }
};

}  // namespace

const Dialect& sqlite_dialect() {
  static const SqliteDialect dialect;
  return dialect;
}

}  // namespace sql
}  // namespace csdesk
