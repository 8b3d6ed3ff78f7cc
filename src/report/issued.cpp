#include "report/issued.hpp"

#include "backup/snapshot.hpp"

namespace csdesk {

IssueOutcome issue_figures(Database& db, const IssueRequest& request, std::vector<Table>& tables, Epoch now) {
  ReportStore store(db);
  std::string today = encode_rows(tables);
  IssueOutcome out;
  if (request.freeze_as) {
    FrozenReport report{request.kind, request.period, today, request.freeze_as->label, now};
    Database::Transaction tx(db);
    store.freeze(report, *request.freeze_as, now);
    tx.commit();
    out.state = Issued::frozen_now;
    out.frozen = store.frozen(request.kind, request.period);  // with the chain head it recorded
    return out;
  }
  out.frozen = store.frozen(request.kind, request.period);
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
