#include "store/database.hpp"

#include "util/hmac.hpp"
#include "util/sha256.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <tuple>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>
#include <fmt/format.h>

#include "util/error.hpp"
#include "util/owner_only.hpp"
#include "util/text.hpp"
#include "rules/normalise.hpp"
#include "rules/roles.hpp"
#include "store/frozen_periods.hpp"
#include "store/record_state.hpp"
#include "store/schemas.hpp"

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

bool disk_is_full(const std::string& path) {
  std::string dir = std::filesystem::path(path).parent_path().string();
  struct statvfs fs {};
  return ::statvfs(dir.empty() ? "." : dir.c_str(), &fs) == 0 && fs.f_bavail == 0;
}

[[noreturn]] void fail_disk_full(const std::string& path, const std::string& what) {
  std::string dir = std::filesystem::path(path).parent_path().string();
  if (dir.empty()) dir = ".";
  fail(ErrorKind::internal,
       "the disk holding '{}' is full (SQLite: {}); the change was rolled back and nothing was written. Free space "
       "in '{}' (see `df -h {}`) or move the database to a disk with room, then retry",
       path, what, dir, dir);
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

int Database::latest_schema_version() {
  const auto& all = schema_migrations();
  return all.empty() ? 0 : all.back().version;
}

Database::Database(const std::string& path, Open mode, Sync sync) : path_(path) {
  int version = 0;
  if (mode == Open::in_memory) {
    configure_sqlite_once();
    db_ = std::make_unique<SQLite::Database>(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX);
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
        db_ = std::make_unique<SQLite::Database>(name, how, kBusyTimeoutMs);
      } catch (const SQLite::Exception& e) {
        fail_invalid("--db: cannot open '{}': {}", path, e.what());
      }
    };
    open(path, flags);
    // Setgid, a temporary file would belong to the invoking account: SQLite keeps them in memory.
    if (running_setgid()) db_->exec("PRAGMA temp_store = MEMORY");
    // Look before touching: a file that is not a csdesk database must stay as it was.
    auto look = [&] {
      int found = db_->execAndGet("PRAGMA user_version").getInt();
      bool any_table = db_->execAndGet("SELECT count(*) FROM sqlite_master").getInt() > 0;
      if (found == 0 && any_table)
        fail_invalid("'{}' is an SQLite database but not a csdesk database (it has other tables); "
                     "point --db at a csdesk database or a new file", path);
      if (found > 0 && !has_table(*db_, "audit"))
        fail_invalid("'{}' is not a csdesk database (user_version {} without csdesk tables)", path, found);
      return found;
    };
    try {
      version = look();
    } catch (const SQLite::Exception& e) {
      int code = e.getErrorCode();
      if (code != SQLITE_CANTOPEN && code != SQLITE_READONLY && code != SQLITE_IOERR)
        fail_invalid("'{}' is not a csdesk database or is corrupt: {}", path, e.what());
      if (code == SQLITE_IOERR && disk_is_full(path)) fail_disk_full(path, e.what());
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
      read_only_reason_ = trf("'{}' is on a read-only file system", path);
      open("file:" + path + "?immutable=1", SQLite::OPEN_READONLY | SQLite::OPEN_URI | SQLite::OPEN_NOMUTEX);
      try {
        version = look();
      } catch (const SQLite::Exception& again) {
        fail_invalid("'{}' is not a csdesk database or is corrupt: {}", path, again.what());
      }
      mode = Open::read_only;
    }
  }
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
    db_->exec("PRAGMA foreign_keys = ON");
    return;
  }
  try {
    db_->exec("PRAGMA journal_mode = WAL");
    db_->exec(sync == Sync::full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
    if (version < latest_schema_version()) {
      // SQLite's procedure for schema changes: foreign keys off (outside the transaction), change,
      // check that every reference still holds, commit. A migration may then rebuild a table.
      db_->exec("PRAGMA foreign_keys = OFF");
      // For migrations 004 and 007, which store company + name keys by their hash.
      sqlite3_create_function_v2(
          db_->getHandle(), "csdesk_name_hash", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
          [](sqlite3_context* ctx, int, sqlite3_value** argv) {
            if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
            const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
            sqlite3_result_int64(ctx, name_key_hash(std::string_view(text, static_cast<size_t>(sqlite3_value_bytes(argv[0])))));
          },
          nullptr, nullptr, nullptr);
      sqlite3_create_function_v2(
          db_->getHandle(), "csdesk_phone", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
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
          db_->getHandle(), "csdesk_name_key", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
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
      int now_at = db_->execAndGet("PRAGMA user_version").getInt();
      for (const auto& m : schema_migrations()) {
        if (m.version <= now_at) continue;
        if (m.version == kPhoneFormsVersion) refuse_phone_collisions(*db_, path);
        if (m.version == kRoleSetVersion) refuse_unknown_roles(*db_, path);
        db_->exec(m.sql);
        db_->exec(fmt::format("PRAGMA user_version = {}", m.version));
      }
      SQLite::Statement broken(*db_, "PRAGMA foreign_key_check");
      if (broken.executeStep())
        fail(ErrorKind::internal, "upgrading '{}' would break a reference from table {} row {}; nothing was changed",
             path, broken.getColumn(0).getString(), broken.getColumn(1).getInt64());
      tx.commit();
    }
    db_->exec("PRAGMA foreign_keys = ON");
  } catch (const SQLite::Exception& e) {
    fail_sqlite(path, e, "cannot prepare");
  }
}

Database::~Database() = default;

int Database::schema_version() const { return db_->execAndGet("PRAGMA user_version").getInt(); }

SQLite::Database& Database::sql() { return *db_; }

Database::Transaction::Transaction(Database& db) : db_(db) {
  if (!db_.read_only_reason_.empty())
    fail_conflict("{}: csdesk can read it (list, show, report, check) but not change it; remount it read-write or "
                  "copy it to a writable disk, then retry", db_.read_only_reason_);
  try {
    db_.db_->exec("BEGIN IMMEDIATE");
  } catch (const SQLite::Exception& e) {
    fail_sqlite(db_.path_, e, "cannot start a write on");
  }
  db_.head_.reset();
  db_.pending_audit_.clear();
}

Database::Transaction::~Transaction() {
  if (open_) {
    try {
      db_.db_->exec("ROLLBACK");
    } catch (...) {
    }
    db_.head_.reset();
    db_.pending_audit_.clear();
  }
}

void Database::Transaction::commit() {
  try {
    db_.write_pending_audit();
    db_.db_->exec("COMMIT");
  } catch (const SQLite::Exception& e) {
    fail_sqlite(db_.path_, e, "cannot commit to");
  }
  open_ = false;
  db_.head_.reset();
}

namespace {

// Fields are length-prefixed so that no two different rows can hash the same text.
std::string audit_text(const std::string& prev_hash, Epoch at, const std::string& actor, const AuditEntry& e) {
  std::string text;
  auto field = [&](const std::string& s) { text += std::to_string(s.size()) + ":" + s + ";"; };
  field(prev_hash);
  field(std::to_string(at));
  field(actor);
  field(e.record_kind);
  field(e.record_id ? std::to_string(*e.record_id) : "");
  field(e.record_number);
  field(e.action);
  field(e.before_json);
  field(e.after_json);
  return text;
}

}  // namespace

std::string chain_head_note(const AuditHead& head) {
  return trf("audit chain head when issued: row {}, digest {} (csdesk check compares the chain with it)", head.rows,
             head.digest);
}

std::string audit_hash(const std::string& prev_hash, Epoch at, const std::string& actor, const AuditEntry& e) {
  return sha256_hex(audit_text(prev_hash, at, actor, e));
}

std::string audit_mac(const std::string& key, const std::string& prev_hash, Epoch at, const std::string& actor,
                      const AuditEntry& e, const AuditKeyedFields& k) {
  std::string text = audit_text(prev_hash, at, actor, e);
  auto field = [&](const std::string& s) { text += std::to_string(s.size()) + ":" + s + ";"; };
  field(k.entered_by);
  field(std::to_string(k.recorded_at));
  field(k.state_hash);
  return hmac_sha256_hex(key, text);
}

void Database::audit(const Actor& actor, Epoch at, const AuditEntry& e) {
  refuse_write_into_frozen(*this, at, e);  // every audited write passes here: none lands in a frozen period
  pending_audit_.push_back({actor.label, actor.entered_by, at, static_cast<Epoch>(std::time(nullptr)), e});
  if (sqlite3_get_autocommit(db_->getHandle()) != 0) write_pending_audit();  // no transaction to wait for
}

const AuditKey* Database::audit_key() {
  if (!key_read_) {
    if (!in_memory_) key_ = read_audit_key(audit_key_path(path_));
    key_read_ = true;
  }
  return key_ ? &*key_ : nullptr;
}

// The first keyed write makes the key when there is none: on a new or upgraded database, or one
// whose key was lost (then `check` says that the rows before could not be verified with it).
const AuditKey& Database::key_for_writing() {
  if (!audit_key()) {
    std::int64_t from_row = audit_head().rows + 1;
    key_ = in_memory_ ? AuditKey{"", random_bytes(32), from_row} : create_audit_key(audit_key_path(path_), from_row);
  }
  return *key_;
}

AuditHead Database::audit_head() {
  if (head_) return *head_;
  AuditHead head;
  SQLite::Statement q(*db_, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1");
  if (q.executeStep()) head = {q.getColumn(0).getInt64(), q.getColumn(1).getString()};
  // Cached only inside a transaction, where no other writer can move it.
  if (sqlite3_get_autocommit(db_->getHandle()) == 0) head_ = head;
  return head;
}

void Database::write_pending_audit() {
  if (pending_audit_.empty()) return;
  std::vector<PendingAudit> pending;
  pending.swap(pending_audit_);
  const AuditKey& key = key_for_writing();
  AuditHead head = audit_head();
  if (!audit_insert_)
    audit_insert_ = std::make_unique<SQLite::Statement>(
        *db_, "INSERT INTO audit (id, at, actor, record_kind, record_id, record_number, action, before, after, prev_hash, "
              "hash, entered_by, recorded_at, state_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!state_insert_)
    state_insert_ = std::make_unique<SQLite::Statement>(
        *db_, "INSERT INTO audit_states (audit_id, record_kind, record_key, state_hash) VALUES (?, ?, ?, ?)");
  for (const auto& p : pending) {
    const AuditEntry& e = p.entry;
    std::vector<RecordState> states = states_for(*this, e);
    std::sort(states.begin(), states.end(),
              [](const RecordState& a, const RecordState& b) { return std::tie(a.kind, a.key) < std::tie(b.kind, b.key); });
    AuditKeyedFields keyed{p.entered_by, p.recorded_at, states_digest(states)};
    std::int64_t id = head.rows + 1;
    std::string mac = audit_mac(key.bytes, head.digest, p.at, p.actor, e, keyed);
    auto& ins = *audit_insert_;
    ins.reset();
    ins.bind(1, static_cast<int64_t>(id));
    ins.bind(2, static_cast<int64_t>(p.at));
    ins.bind(3, p.actor);
    ins.bind(4, e.record_kind);
    if (e.record_id) ins.bind(5, static_cast<int64_t>(*e.record_id));
    else ins.bind(5);
    ins.bind(6, e.record_number);
    ins.bind(7, e.action);
    if (e.before_json.empty()) ins.bind(8);
    else ins.bind(8, e.before_json);
    if (e.after_json.empty()) ins.bind(9);
    else ins.bind(9, e.after_json);
    ins.bind(10, head.digest);
    ins.bind(11, mac);
    if (p.entered_by.empty()) ins.bind(12);
    else ins.bind(12, p.entered_by);
    ins.bind(13, static_cast<int64_t>(p.recorded_at));
    if (keyed.state_hash.empty()) ins.bind(14);
    else ins.bind(14, keyed.state_hash);
    ins.exec();
    for (const auto& st : states) {
      auto& si = *state_insert_;
      si.reset();
      si.bind(1, static_cast<int64_t>(id));
      si.bind(2, st.kind);
      si.bind(3, st.key);
      si.bind(4, st.hash);
      si.exec();
    }
    head = {id, mac};
    if (head_) head_ = head;
  }
}

std::string record_number(const std::string& prefix, const std::string& period, std::int64_t n) {
  return fmt::format("{}{}-{:04}", prefix, period, n);
}

std::int64_t Database::last_number(const std::string& prefix, const std::string& period) {
  SQLite::Statement q(*db_, "SELECT last FROM sequences WHERE prefix = ? AND period = ?");
  q.bind(1, prefix);
  q.bind(2, period);
  return q.executeStep() ? q.getColumn(0).getInt64() : 0;
}

std::int64_t Database::take_numbers(const std::string& prefix, const std::string& period, std::int64_t count) {
  SQLite::Statement q(*db_,
                      "INSERT INTO sequences (prefix, period, last) VALUES (?1, ?2, ?3) "
                      "ON CONFLICT (prefix, period) DO UPDATE SET last = last + ?3 RETURNING last");
  q.bind(1, prefix);
  q.bind(2, period);
  q.bind(3, static_cast<int64_t>(count));
  q.executeStep();
  return q.getColumn(0).getInt64();
}

std::string Database::next_number(const std::string& prefix, Epoch at) {
  std::string period = month_code(at);
  return record_number(prefix, period, take_numbers(prefix, period, 1));
}

void fail_sqlite(const std::string& path, const std::exception& e, const std::string& doing) {
  std::string what = e.what();
  const auto* sql = dynamic_cast<const SQLite::Exception*>(&e);
  int code = sql ? sql->getErrorCode() : 0;
  if (code == SQLITE_FULL || (code == SQLITE_IOERR && disk_is_full(path))) fail_disk_full(path, what);
  if (code == SQLITE_READONLY || what.find("readonly") != std::string::npos)
    fail_conflict("'{}' is read-only here ({}); check the permissions of the file, its -wal and -shm and their "
                  "directory, or whether the disk is mounted read-only", path, what);
  fail(ErrorKind::internal, "{} '{}': {}", doing, path, what);
}

bool is_plain_id(const std::string& ref) {
  return !ref.empty() && ref.size() < 19 && std::all_of(ref.begin(), ref.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace csdesk
