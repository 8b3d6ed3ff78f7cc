#pragma once
// Issued figures (the monthly and weekly report, the monthly score): --freeze stores today's
// figures as the issued ones; later runs show those, unless --recompute asks for today's.
// Written once here for every kind that is issued.
#include <optional>
#include <string>
#include <vector>

#include "output/render.hpp"
#include "store/reports.hpp"

namespace csdesk {

struct IssueRequest {
  std::string kind;                // "report-monthly", "report-weekly", "score"
  Period period;                   // 2026-10, 2026-W44
  std::optional<Actor> freeze_as;  // --freeze: store today's figures, by this actor
  bool recompute = false;          // --recompute: today's figures even when frozen
};

enum class Issued {
  not_frozen,   // today's figures; nothing was issued for the period
  frozen_now,   // today's figures, stored as issued by this run
  unchanged,    // the issued figures, which today's data gives again
  changed,      // the issued figures; today's data would give others
  recomputed,   // today's figures, although others were issued
};

struct IssueOutcome {
  Issued state = Issued::not_frozen;
  std::optional<FrozenReport> frozen;  // what was issued, for every state but not_frozen
};

// The refusals of a freeze: not permitted without Permission::freeze; conflict for a period that
// has not ended by `now`, whose figures would be issued before all its work is in.
void check_freeze(const Actor& actor, const std::string& kind, const Period& period, Epoch now);
// Applies the request to `tables` (today's figures): freezes them (after check_freeze), or
// replaces their rows with the issued ones. Freezing writes in its own transaction, audited.
IssueOutcome issue_figures(Database& db, const IssueRequest& request, std::vector<Table>& tables, Epoch now);

}  // namespace csdesk
