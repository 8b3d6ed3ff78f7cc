#include "store/database.hpp"

#include "util/hmac.hpp"
#include "util/sha256.hpp"

#include <sys/statvfs.h>

#include <algorithm>
#include <ctime>
#include <tuple>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>
#include <fmt/format.h>

#include "util/error.hpp"
#include "util/text.hpp"
#include "store/dialect.hpp"
#include "store/frozen_periods.hpp"
#include "store/pg_engine.hpp"
#include "store/record_state.hpp"
#include "store/schemas.hpp"

namespace csdesk {

int Database::latest_schema_version() {
  const auto& all = schema_migrations();
  return all.empty() ? 0 : all.back().version;
}


Database::Database(const std::string& path, Open mode, Sync sync) : target_(path), path_(redacted_target(path)) {
  if (is_server_target(path) && mode != Open::in_memory) open_postgres(mode);
  else open_sqlite(mode, sync);
}

Database::~Database() = default;

int Database::schema_version() const { return sql::dialect_of(db_->engine()).schema_version(*db_); }

Database::Transaction::Transaction(Database& db, sql::Locks locks) : db_(db) {
  if (std::string why = db_.db_->read_only_reason(); !why.empty())
    fail_conflict("{}: csdesk can read it (list, show, report, check) but not change it; remount it read-write or "
                  "copy it to a writable disk, then retry", why);
  try {
    db_.db_->begin(locks);
  } catch (const sql::DriverError& e) {
    fail_store(db_.path_, e, "cannot start a write on");
  }
  db_.head_.reset();
  db_.pending_audit_.clear();
}

Database::Transaction::~Transaction() {
  if (open_) {
    try {
      db_.db_->rollback();
    } catch (...) {
    }
    db_.head_.reset();
    db_.pending_audit_.clear();
  }
}

void Database::Transaction::commit() {
  try {
    db_.write_pending_audit();
    db_.db_->commit();
  } catch (const sql::DriverError& e) {
    fail_store(db_.path_, e, "cannot commit to");
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
  if (!db_->in_transaction()) write_pending_audit();  // no transaction to wait for
}

const AuditKey* Database::audit_key() {
  if (!key_read_) {
    if (engine() == sql::Engine::postgresql) key_ = read_server_audit_key(*db_);
    else if (!in_memory_) key_ = read_audit_key(audit_key_path(path_));
    key_read_ = true;
  }
  return key_ ? &*key_ : nullptr;
}

// The first keyed write makes the key when there is none: on a new or upgraded database, or one
// whose key was lost (then `check` says that the rows before could not be verified with it).
const AuditKey& Database::key_for_writing() {
  if (!audit_key()) {
    std::int64_t from_row = audit_head().rows + 1;
    if (engine() == sql::Engine::postgresql) key_ = create_server_audit_key(*db_, from_row);
    else key_ = in_memory_ ? AuditKey{"", random_bytes(32), from_row} : create_audit_key(audit_key_path(path_), from_row);
  }
  return *key_;
}

AuditHead Database::audit_head() {
  if (head_) return *head_;
  AuditHead head;
  sql::Statement q(*db_, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1");
  if (q.step()) head = {q.column(0).int64(), q.column(1).text()};
  // Cached only inside a transaction, where no other writer can move it.
  if (db_->in_transaction()) head_ = head;
  return head;
}

void Database::write_pending_audit() {
  if (pending_audit_.empty()) return;
  std::vector<PendingAudit> pending;
  pending.swap(pending_audit_);
  const AuditKey& key = key_for_writing();
  AuditHead head = audit_head();
  if (!audit_insert_)
    audit_insert_.emplace(
        *db_, "INSERT INTO audit (id, at, actor, record_kind, record_id, record_number, action, before, after, prev_hash, "
              "hash, entered_by, recorded_at, state_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!state_insert_)
    state_insert_.emplace(
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
    else ins.bind_null(5);
    ins.bind(6, e.record_number);
    ins.bind(7, e.action);
    if (e.before_json.empty()) ins.bind_null(8);
    else ins.bind(8, e.before_json);
    if (e.after_json.empty()) ins.bind_null(9);
    else ins.bind(9, e.after_json);
    ins.bind(10, head.digest);
    ins.bind(11, mac);
    if (p.entered_by.empty()) ins.bind_null(12);
    else ins.bind(12, p.entered_by);
    ins.bind(13, static_cast<int64_t>(p.recorded_at));
    if (keyed.state_hash.empty()) ins.bind_null(14);
    else ins.bind(14, keyed.state_hash);
    ins.run();
    for (const auto& st : states) {
      auto& si = *state_insert_;
      si.reset();
      si.bind(1, static_cast<int64_t>(id));
      si.bind(2, st.kind);
      si.bind(3, st.key);
      si.bind(4, st.hash);
      si.run();
    }
    head = {id, mac};
    if (head_) head_ = head;
  }
}

std::string record_number(const std::string& prefix, const std::string& period, std::int64_t n) {
  return fmt::format("{}{}-{:04}", prefix, period, n);
}

std::int64_t Database::last_number(const std::string& prefix, const std::string& period) {
  sql::Statement q(*db_, "SELECT last FROM sequences WHERE prefix = ? AND period = ?");
  q.bind(1, prefix);
  q.bind(2, period);
  return q.step() ? q.column(0).int64() : 0;
}

std::int64_t Database::take_numbers(const std::string& prefix, const std::string& period, std::int64_t count) {
  // One statement that locks the month's counter row until commit: concurrent writers on
  // PostgreSQL queue on that row only, and no number is given twice.
  sql::Statement q(*db_,
                   "INSERT INTO sequences (prefix, period, last) VALUES (?1, ?2, ?3) "
                   "ON CONFLICT (prefix, period) DO UPDATE SET last = sequences.last + ?3 RETURNING last");
  q.bind(1, prefix);
  q.bind(2, period);
  q.bind(3, count);
  q.step();
  return q.column(0).int64();
}

std::string Database::next_number(const std::string& prefix, Epoch at) {
  std::string period = month_code(at);
  return record_number(prefix, period, take_numbers(prefix, period, 1));
}

namespace {

bool disk_is_full(const std::string& path) {
  std::string dir = std::filesystem::path(path).parent_path().string();
  struct statvfs fs {};
  return ::statvfs(dir.empty() ? "." : dir.c_str(), &fs) == 0 && fs.f_bavail == 0;
}

}  // namespace

bool is_server_target(const std::string& target) {
  if (target.starts_with("postgresql://") || target.starts_with("postgres://")) return true;
  // A key=value string starts with one of libpq's connection keywords.
  static const char* const kKeywords[] = {"host", "hostaddr", "port", "dbname", "user", "password", "passfile",
                                          "service", "sslmode", "options", "application_name", "connect_timeout",
                                          "target_session_attrs", "sslrootcert", "sslcert", "sslkey"};
  std::string_view text(target);
  text.remove_prefix(std::min(text.find_first_not_of(' '), text.size()));
  auto equals = text.find('=');
  if (equals == std::string_view::npos) return false;
  std::string_view key = text.substr(0, equals);
  while (!key.empty() && key.back() == ' ') key.remove_suffix(1);
  return std::find(std::begin(kKeywords), std::end(kKeywords), key) != std::end(kKeywords);
}

void fail_store(const std::string& path, const std::exception& e, const std::string& doing) {
  std::string what = e.what();
  const auto* driver = dynamic_cast<const sql::DriverError*>(&e);
  sql::Failure failure = driver ? driver->failure() : sql::Failure::other;
  bool on_file = !is_server_target(path);
  if (failure == sql::Failure::disk_full || (on_file && failure == sql::Failure::io && disk_is_full(path))) {
    std::string dir = std::filesystem::path(path).parent_path().string();
    if (dir.empty()) dir = ".";
    if (!on_file)
      fail(ErrorKind::internal, "the PostgreSQL server has no room to write ({}); the change was rolled back and nothing "
           "was written; ask its administrator to free space, then retry", what);
    fail(ErrorKind::internal,
         "the disk holding '{}' is full (SQLite: {}); the change was rolled back and nothing was written. Free space "
         "in '{}' (see `df -h {}`) or move the database to a disk with room, then retry",
         path, what, dir, dir);
  }
  if (failure == sql::Failure::read_only)
    fail_conflict("'{}' is read-only here ({}); check the permissions of the file, its -wal and -shm and their "
                  "directory, or whether the disk is mounted read-only", path, what);
  if (failure == sql::Failure::permission)
    fail_not_permitted("the database refused this role: {}; ask its administrator for the grants of your csdesk "
                       "role (`csdesk staff add … --login ROLE` prints them)", what);
  if (failure == sql::Failure::connection) fail_invalid("--db: cannot connect to '{}': {}", redacted_target(path), what);
  fail(ErrorKind::internal, "{} '{}': {}", doing, redacted_target(path), what);
}

std::string redacted_target(const std::string& target) {
  if (!is_server_target(target)) return target;
  // A password in a URI or key=value string never reaches a message.
  std::string out = target;
  if (auto scheme = out.find("://"); scheme != std::string::npos) {
    auto at = out.find('@', scheme);
    auto colon = out.find(':', scheme + 3);
    if (at != std::string::npos && colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
  }
  for (auto pos = out.find("password="); pos != std::string::npos; pos = out.find("password=", pos + 1)) {
    auto end = out.find(' ', pos);
    out.replace(pos + 9, (end == std::string::npos ? out.size() : end) - pos - 9, "***");
  }
  return out;
}

bool is_plain_id(const std::string& ref) {
  return !ref.empty() && ref.size() < 19 && std::all_of(ref.begin(), ref.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace csdesk
