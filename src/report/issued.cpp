#include "report/issued.hpp"

#include "backup/snapshot.hpp"
#include "store/frozen_periods.hpp"
#include "util/error.hpp"

namespace csdesk {

void check_freeze(const Actor& actor, const std::string& kind, const Period& period, Epoch now) {
  actor.require(Permission::freeze);
  if (period.end > now)
    fail_conflict("{} cannot be frozen yet: the period ends at {}, and only a period that has ended is frozen",
                  frozen_kind_name(kind, period.label), format_local(period.end));
}

IssueOutcome issue_figures(Database& db, const IssueRequest& request, std::vector<Table>& tables, Epoch now) {
  ReportStore store(db);
  std::string today = encode_rows(tables);
  IssueOutcome out;
  if (request.freeze_as) {
    check_freeze(*request.freeze_as, request.kind, request.period, now);
    FrozenReport report{request.kind, request.period.label, today, request.freeze_as->label, now};
    Database::Transaction tx(db);
    store.freeze(report, *request.freeze_as, now);
    tx.commit();
    out.state = Issued::frozen_now;
    out.frozen = store.frozen(request.kind, request.period.label);  // with the chain head it recorded
    return out;
  }
  out.frozen = store.frozen(request.kind, request.period.label);
  if (!out.frozen) return out;
  if (request.recompute) {
    out.state = Issued::recomputed;
    return out;
  }
  decode_rows(out.frozen->payload, tables);
  out.state = out.frozen->payload == today ? Issued::unchanged : Issued::changed;
  return out;
}

}  // namespace csdesk
