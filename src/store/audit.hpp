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
};

struct ChainBreak {
  std::int64_t row_id = 0;   // first row whose hash or link does not match
  std::string problem;       // what is wrong there
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
  std::int64_t count();

 private:
  Database& db_;
};

}  // namespace csdesk
