#pragma once
// The duty rota (值班表) as stored: one row per date and kind, its staff member and times, and who
// was planned when it was swapped.
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace csdesk {

struct DutyEntry {
  std::int64_t id = 0;
  std::string date, kind;
  std::int64_t staff_id = 0;
  std::string staff_number, staff_name;  // filled when reading
  Epoch starts_at = 0, ends_at = 0;
  std::optional<std::int64_t> swapped_from;
  std::string swapped_from_label;         // "1001 张伟" when swapped
};

class DutyStore {
 public:
  explicit DutyStore(Database& db) : db_(db) {}
  // Entries with duty_date in [from, to) (YYYY-MM-DD), in date order; one staff member's only if given.
  std::vector<DutyEntry> between(const std::string& from, const std::string& to, std::optional<std::int64_t> staff_id);
  // The staff member of the last after-hours duty before `date`, if any.
  std::optional<std::int64_t> last_after_hours_before(const std::string& date);
  // Call inside a Transaction: deletes [from, to) and writes `entries`, with one audit row for the month.
  void replace(const std::string& month, const std::string& from, const std::string& to,
               const std::vector<DutyEntry>& entries, const Actor& actor, Epoch now);
  std::optional<DutyEntry> find(const std::string& date, const std::string& kind);
  // Call inside a Transaction: the entry goes to `to`, remembering who was planned; audited.
  void swap(const DutyEntry& entry, std::int64_t to, const Actor& actor, Epoch now);

 private:
  Database& db_;
};

}  // namespace csdesk
