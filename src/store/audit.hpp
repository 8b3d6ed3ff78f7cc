#pragma once
// Reading the audit trail. Rows are written by Database::audit and never updated or deleted.
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace csdesk {

struct AuditRow {
  std::int64_t id = 0;
  Epoch at = 0;
  std::string actor, record_kind, record_number, action, before, after, prev_hash, hash;
  std::optional<std::int64_t> record_id;
  std::string entered_by;              // the admin who entered it on actor's behalf, or ""
  std::optional<Epoch> recorded_at;    // wall clock when written (rows of schema 11 on)
  std::string state_hash;              // digest of its audit_states, or ""
};

struct ChainBreak {
  std::int64_t row_id = 0;   // first row whose hash or link does not match
  std::string problem;       // what is wrong there
};

// The whole walk: every break (oldest first, at most `limit`) and where the chain ends.
struct ChainWalk {
  std::vector<ChainBreak> breaks;
  AuditHead head;                 // the newest row as found
  std::int64_t rows = 0;          // rows walked
  std::int64_t keyed_from = 0;    // first row under the key file's key; 0 when there is no key
  std::int64_t unkeyed_tail_from = 0;  // first of the newest rows that all fail their MAC (forged or rewritten), or 0
};

class AuditStore {
 public:
  explicit AuditStore(Database& db) : db_(db) {}
  // Every row about a record, oldest first. `number` is a record number or 工号;
  // `kind`/`id` add rows recorded by id (used for records whose number changed by merging).
  // For a customer, the row of the import that created it is included.
  std::vector<AuditRow> for_record(const std::string& number, const std::string& kind = "",
                                   std::optional<std::int64_t> id = std::nullopt);
  // The customer a row's record belongs to (a customer, or its complaint, revisit, assignment or
  // notification; one merged away: the customer kept), for need to know; nothing for other records.
  std::optional<std::int64_t> customer_of(const AuditRow& row);
  // Walks the whole chain; the first break, if any.
  std::optional<ChainBreak> verify_chain();
  // Walks the whole chain: links, hashes of rows before the key, MACs and state digests after it.
  ChainWalk walk_chain(int limit = 20);
  std::int64_t count();

 private:
  Database& db_;
};

}  // namespace csdesk
