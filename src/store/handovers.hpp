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
  // Seed 003: 接班人未到,交班人不得擅自离开 — the receiver named, and when they confirmed it.
  std::optional<std::int64_t> receiver_id;
  std::string receiver_number, receiver_name;  // filled when listing
  std::optional<Epoch> confirmed_at;
};

class HandoverStore {
 public:
  explicit HandoverStore(Database& db) : db_(db) {}
  Handover add(const Handover& h, const Actor& actor);
  // Newest first, within [since, until); only those not yet confirmed by their receiver if asked.
  std::vector<Handover> list(std::optional<Epoch> since, std::optional<Epoch> until, bool unconfirmed_only = false);
  std::optional<Handover> by_id(std::int64_t id);
  // Call inside a Transaction: the receiver confirmed it at `at`; audited.
  void confirm(const Handover& h, const Actor& actor, Epoch at);

 private:
  Database& db_;
};

}  // namespace csdesk
