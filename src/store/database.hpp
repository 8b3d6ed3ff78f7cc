#pragma once
// The store. Commands talk to the repositories in src/store/*.hpp, which speak in plain C++
// types; only src/store/*.cpp hold SQL, written once over the driver seam (store/driver.hpp) for
// both engines. What differs between SQLite and PostgreSQL lives in store/sqlite_* and store/pg_*.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rules/permissions.hpp"
#include "store/audit_key.hpp"
#include "store/driver.hpp"
#include "util/time.hpp"

namespace csdesk {


struct AuditEntry {
  std::string record_kind;    // customer, staff, assignment, complaint, revisit, score-adjustment, report, export
  std::optional<std::int64_t> record_id;
  std::string record_number;  // KH202611-0001, 工号, …
  std::string action;         // create, update, delete, merge, contact, assign, export, freeze …
  std::string before_json;    // "" for none
  std::string after_json;
};

// The newest end of the audit chain: how many rows, and the newest row's hash ("genesis" for none).
// Written into issued reports and anchor files; a shorter or different chain later is tampering.
struct AuditHead {
  std::int64_t rows = 0;
  std::string digest = "genesis";
};

// "audit chain head when issued: row 42, digest 3f9a…": shown with an issued report or score.
std::string chain_head_note(const AuditHead& head);

class Database {
 public:
  enum class Open {
    create_or_upgrade,  // csdesk init: create the file (0600) if missing, apply migrations
    existing,           // every other command: must exist; older schemas are upgraded
    read_only,          // reports and checks on a read-only file
    in_memory,          // unit tests: a new database in memory, `path` only names it in messages
  };
  // When a commit reaches the disk (config storage.synchronous). full: before the command
  // reports it, so a power cut loses nothing reported; normal: at the next checkpoint, so a power
  // cut can lose the newest commits, and the record numbers they were given are given again.
  enum class Sync { full, normal };
  Database(const std::string& path, Open mode, Sync sync = Sync::full);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // The --db target for messages: a file's path, or a server's with any password as ***.
  const std::string& path() const { return path_; }
  // The --db target as given, to open the same database again (never for messages).
  const std::string& target() const { return target_; }
  int schema_version() const;
  static int latest_schema_version();  // the same on both engines
  // Versions before and after opening (equal when nothing was applied).
  int opened_at_version() const { return opened_at_version_; }
  bool created() const { return created_; }

  // A write transaction taken up front (BEGIN IMMEDIATE), so concurrent writers queue on the
  // busy timeout instead of failing mid-way. Rolls back unless commit() is called.
  class Transaction {
   public:
    // `locks`: what must stay unchanged by others until commit (store/driver.hpp).
    explicit Transaction(Database& db, sql::Locks locks = sql::Locks::rows);
    ~Transaction();
    void commit();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

   private:
    Database& db_;
    bool open_ = true;
  };

  // Appends a hash-chained audit row. Call inside a Transaction: the row is written (keyed, with the
  // states of the records it is about, as they are when the transaction commits) by commit().
  void audit(const Actor& actor, Epoch at, const AuditEntry& entry);
  // Writes the rows audit() queued; commit() and readers of the trail within a transaction call it.
  void write_pending_audit();
  // The key of the chain: read from DB.key; nullptr when there is none (yet).
  const AuditKey* audit_key();
  AuditHead audit_head();
  // Next record number for a prefix in the month of `at`: KH202611-0001. Call inside a Transaction.
  std::string next_number(const std::string& prefix, Epoch at);
  // For a batch that holds the write lock throughout and hands out numbers in memory: the last
  // number given for a prefix in a month (YYYYMM, 0 for none yet), and, once done, taking the
  // `count` numbers after it. next_number takes one.
  std::int64_t last_number(const std::string& prefix, const std::string& period);
  std::int64_t take_numbers(const std::string& prefix, const std::string& period, std::int64_t count);

  sql::Connection& sql() { return *db_; }  // for src/store/*.cpp only
  sql::Engine engine() const { return db_->engine(); }
  // Who the server says is connected (PostgreSQL's current_user); "" for a file, whose user is the
  // operating system's account.
  std::string server_role();

 private:
  friend class Transaction;
  void open_sqlite(Open mode, Sync sync);  // store/sqlite_engine.cpp
  void open_postgres(Open mode);           // store/pg_engine.cpp
  std::string target_;
  std::string path_;
  std::unique_ptr<sql::Connection> db_;
  int opened_at_version_ = 0;
  bool created_ = false;
  bool in_memory_ = false;  // its key too lives in memory only
  struct PendingAudit {
    std::string actor, entered_by;
    Epoch at = 0, recorded_at = 0;
    AuditEntry entry;
  };
  std::vector<PendingAudit> pending_audit_;
  std::optional<AuditKey> key_;
  bool key_read_ = false;
  std::optional<AuditHead> head_;  // cached within a transaction
  std::optional<sql::Statement> state_insert_;
  const AuditKey& key_for_writing();
  std::optional<sql::Statement> audit_insert_;  // prepared once: an import writes a row per returning contact
};

// KH202611-0001: a prefix, the month (YYYYMM) and the number within it.
std::string record_number(const std::string& prefix, const std::string& period, std::int64_t n);

// Hash of one audit row chained to the previous row's hash (hex SHA-256): rows before the key.
std::string audit_hash(const std::string& prev_hash, Epoch at, const std::string& actor, const AuditEntry& e);

// What a keyed row adds to the fields audit_hash covers.
struct AuditKeyedFields {
  std::string entered_by;
  Epoch recorded_at = 0;
  std::string state_hash;
};
// MAC of one keyed audit row chained to the previous row's: hex HMAC-SHA-256 under `key` of the
// same length-prefixed fields as audit_hash, then entered_by, recorded_at and state_hash.
std::string audit_mac(const std::string& key, const std::string& prev_hash, Epoch at, const std::string& actor,
                      const AuditEntry& e, const AuditKeyedFields& k);

// A plain numeric id ("17") or a record number ("KH202611-0001").
bool is_plain_id(const std::string& ref);

// Throws the Error a driver failure on the database `path` means: a full disk (internal, with
// where and what to do), a read-only file or role (conflict), else internal naming `doing`.
// A PostgreSQL URI (postgresql://, postgres://) or libpq key=value string; else an SQLite path.
bool is_server_target(const std::string& target);
// The --db target for messages: a password in it is replaced by ***.
std::string redacted_target(const std::string& target);

[[noreturn]] void fail_store(const std::string& path, const std::exception& e, const std::string& doing);

}  // namespace csdesk
