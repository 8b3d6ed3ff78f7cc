#pragma once
// The audit chain's head kept outside the database: `check --write-anchor FILE` writes it (the
// month-end script keeps one), `check --anchor FILE` compares the chain with it, so a chain that
// was cut short or recomputed — which the file alone cannot show — is found.
#include <optional>
#include <string>

#include "store/maintenance.hpp"

namespace csdesk {

struct CheckRequest {
  std::string anchor;        // --anchor FILE, or ""
  std::string write_anchor;  // --write-anchor FILE, or ""
  bool force = false;        // replace an existing --write-anchor FILE
};

struct CheckOutcome {
  HealthReport health;
  std::string anchor_written;  // the file written, when the check passed and one was asked for
};

// Refused (6) unless `actor` may read the audit trail. Checks `db` (store/maintenance check_database) against the anchor, if given; then, only when
// everything passed, writes the current head to request.write_anchor through an OutputFile.
CheckOutcome check_and_anchor(Database& db, const Actor& actor, const CheckRequest& request, Epoch now);

}  // namespace csdesk
