#pragma once
// Shift handover log (交接日志, seed 003): work done, difficult open issues, staff changes.
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace csdesk {

struct Handover {
  std::int64_t id = 0;
  Epoch at = 0;
  std::optional<std::int64_t> staff_id;
  std::string staff_number, staff_name;  // filled when listing
  std::string work_done, open_issues, staff_changes;
};

class HandoverStore {
 public:
  explicit HandoverStore(Database& db) : db_(db) {}
  Handover add(const Handover& h, const Actor& actor);
  // Newest first, within [since, until).
  std::vector<Handover> list(std::optional<Epoch> since, std::optional<Epoch> until);

 private:
  Database& db_;
};

}  // namespace csdesk
