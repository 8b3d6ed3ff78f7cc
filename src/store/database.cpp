#include "store/database.hpp"

#include "sha256.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>

#include "error.hpp"
#include "rules/normalise.hpp"
#include "store/schemas.hpp"

namespace csdesk {
namespace {

constexpr int kBusyTimeoutMs = 60000;

// Creates the file owner-only before SQLite opens it: it holds customers' personal data.
bool create_private_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
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

bool has_table(SQLite::Database& db, const char* name) {
  SQLite::Statement q(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
  q.bind(1, name);
  return q.executeStep();
}

}  // namespace

int Database::latest_schema_version() {
  const auto& all = schema_migrations();
  return all.empty() ? 0 : all.back().version;
}

Database::Database(const std::string& path, Open mode) : path_(path) {
  namespace fs = std::filesystem;
  bool exists = fs::exists(path);
  if (!exists && mode != Open::create_or_upgrade)
    fail_not_found("no csdesk database at '{}'; create one with `csdesk init` (or pass --db)", path);
  if (exists && fs::is_directory(path)) fail_invalid("--db: '{}' is a directory, not a database file", path);
  if (!exists) created_ = create_private_file(path);

  configure_sqlite_once();
  int flags = (mode == Open::read_only ? SQLite::OPEN_READONLY : SQLite::OPEN_READWRITE) | SQLite::OPEN_NOMUTEX;
  try {
    db_ = std::make_unique<SQLite::Database>(path, flags, kBusyTimeoutMs);
  } catch (const SQLite::Exception& e) {
    fail_invalid("--db: cannot open '{}': {}", path, e.what());
  }
  // Look before touching: a file that is not a csdesk database must stay as it was.
  int version = 0;
  try {
    version = db_->execAndGet("PRAGMA user_version").getInt();
    bool any_table = db_->execAndGet("SELECT count(*) FROM sqlite_master").getInt() > 0;
    if (version == 0 && any_table)
      fail_invalid("'{}' is an SQLite database but not a csdesk database (it has other tables); "
                   "point --db at a csdesk database or a new file", path);
    if (version > 0 && !has_table(*db_, "audit"))
      fail_invalid("'{}' is not a csdesk database (user_version {} without csdesk tables)", path, version);
  } catch (const SQLite::Exception& e) {
    if (e.getErrorCode() == SQLITE_READONLY)  // a WAL file that cannot be opened for writing
      fail_conflict("'{}' is read-only: {}; check the permissions of the file and its directory", path, e.what());
    fail_invalid("'{}' is not a csdesk database or is corrupt: {}", path, e.what());
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
    db_->exec("PRAGMA synchronous = NORMAL");
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
    std::string what = e.what();
    if (what.find("readonly") != std::string::npos || what.find("read-only") != std::string::npos)
      fail_conflict("'{}' is read-only: {}; check the file's permissions", path, what);
    fail(ErrorKind::internal, "cannot prepare '{}': {}", path, what);
  }
}

Database::~Database() = default;

int Database::schema_version() const { return db_->execAndGet("PRAGMA user_version").getInt(); }

SQLite::Database& Database::sql() { return *db_; }

Database::Transaction::Transaction(Database& db) : db_(db) {
  try {
    db_.db_->exec("BEGIN IMMEDIATE");
  } catch (const SQLite::Exception& e) {
    std::string what = e.what();
    if (what.find("readonly") != std::string::npos)
      fail_conflict("'{}' is read-only; check the file's permissions", db_.path_);
    fail(ErrorKind::internal, "cannot start a write on '{}': {}", db_.path_, what);
  }
  db_.last_hash_.reset();
}

Database::Transaction::~Transaction() {
  if (open_) {
    try {
      db_.db_->exec("ROLLBACK");
    } catch (...) {
    }
    db_.last_hash_.reset();
  }
}

void Database::Transaction::commit() {
  try {
    db_.db_->exec("COMMIT");
  } catch (const SQLite::Exception& e) {
    fail(ErrorKind::internal, "cannot commit to '{}': {}", db_.path_, e.what());
  }
  open_ = false;
  db_.last_hash_.reset();
}

std::string audit_hash(const std::string& prev_hash, Epoch at, const std::string& actor, const AuditEntry& e) {
  // Fields are length-prefixed so that no two different rows can hash the same text.
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
  return sha256_hex(text);
}

void Database::audit(const Actor& actor, Epoch at, const AuditEntry& e) {
  if (!last_hash_) {
    SQLite::Statement q(*db_, "SELECT hash FROM audit ORDER BY id DESC LIMIT 1");
    last_hash_ = q.executeStep() ? q.getColumn(0).getString() : std::string("genesis");
  }
  std::string hash = audit_hash(*last_hash_, at, actor.label, e);
  SQLite::Statement ins(*db_,
                        "INSERT INTO audit (at, actor, record_kind, record_id, record_number, action, before, after, "
                        "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  ins.bind(1, static_cast<int64_t>(at));
  ins.bind(2, actor.label);
  ins.bind(3, e.record_kind);
  if (e.record_id) ins.bind(4, static_cast<int64_t>(*e.record_id));
  else ins.bind(4);
  ins.bind(5, e.record_number);
  ins.bind(6, e.action);
  if (e.before_json.empty()) ins.bind(7);
  else ins.bind(7, e.before_json);
  if (e.after_json.empty()) ins.bind(8);
  else ins.bind(8, e.after_json);
  ins.bind(9, *last_hash_);
  ins.bind(10, hash);
  ins.exec();
  last_hash_ = hash;
}

std::string Database::next_number(const std::string& prefix, Epoch at) {
  std::string period = month_code(at);
  SQLite::Statement q(*db_,
                      "INSERT INTO sequences (prefix, period, last) VALUES (?, ?, 1) "
                      "ON CONFLICT (prefix, period) DO UPDATE SET last = last + 1 RETURNING last");
  q.bind(1, prefix);
  q.bind(2, period);
  q.executeStep();
  return fmt::format("{}{}-{:04}", prefix, period, q.getColumn(0).getInt64());
}

bool is_plain_id(const std::string& ref) {
  return !ref.empty() && ref.size() < 19 && std::all_of(ref.begin(), ref.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace csdesk
