#pragma once
// No write dated into a frozen period. Once a period's report or scores are issued (--freeze),
// nothing may be written with an effective time inside it, by anyone (an admin's --now included),
// or the issued figures would stop being the data's without anyone seeing it. Database::audit
// calls the guard for every audited write, so no write path can go around it.
#include <optional>
#include <string>

#include "store/database.hpp"

namespace csdesk {

struct FrozenPeriod {
  std::string kind, period;  // report-monthly 2026-10, report-weekly 2026-W44, score 2026-10
  std::string frozen_by;
  Epoch frozen_at = 0;
};

// The frozen period holding `at`: its month's monthly report or scores, or its ISO week's report.
std::optional<FrozenPeriod> frozen_period_at(Database& db, Epoch at);
// The frozen scores of the month holding `day` (YYYY-MM-DD): a score adjustment's date.
std::optional<FrozenPeriod> frozen_score_of_day(Database& db, const std::string& day);

// Throws conflict (5) when `entry`, effective at `at`, writes into a frozen period: `at` inside
// one, a score adjustment dated inside frozen scores, or a complaint received inside a frozen
// period. Exports and reveals read records and stay allowed.
void refuse_write_into_frozen(Database& db, Epoch at, const AuditEntry& entry);

// "the scores of 2026-10", "the monthly report 2026-10", "the weekly report 2026-W44".
std::string frozen_kind_name(const std::string& kind, const std::string& period);

}  // namespace csdesk
