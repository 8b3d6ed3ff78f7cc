// csdesk history: a record's audit trail.
#include <CLI/CLI.hpp>

#include "context.hpp"
#include "error.hpp"
#include "json.hpp"
#include "rules/privacy.hpp"
#include "store/audit.hpp"

namespace csdesk {
namespace {

void run_history(Context& ctx, const std::string& ref) {
  auto rows = AuditStore(ctx.db()).for_record(ref);
  if (rows.empty()) {
    StaffStore staff(ctx.db());
    if (auto s = staff.find(ref)) rows = AuditStore(ctx.db()).for_record(s->number, "staff", s->id);
  }
  if (rows.empty()) fail_not_found("no history for '{}'; give a record number such as KH202611-0001 or an employee number", ref);
  Table t;
  t.columns = {{"id", "#", "序号"},       {"at", "When", "时间", Show::time}, {"actor", "Who", "操作人"},
               {"record", "Record", "记录"}, {"action", "Action", "操作"},     {"changes", "Changes", "变更"},
               {"before", "Before", "变更前"}, {"after", "After", "变更后"}};
  // Images may hold phone numbers and e-mail addresses: masked like any listing.
  bool reveal = ctx.may_reveal();
  std::size_t revealed = 0;
  for (auto& r : rows) {
    std::string before = mask_personal_json(r.before), after = mask_personal_json(r.after);
    if (before == r.before && after == r.after) continue;
    if (reveal) {
      ++revealed;
    } else {
      r.before = before;
      r.after = after;
    }
  }
  if (revealed > 0) ctx.record_reveal(revealed);
  for (const auto& r : rows)
    t.add_row({r.id, r.at, r.actor, r.record_number, r.action, describe_change(r.before, r.after),
               r.before.empty() ? Value{} : Value{r.before}, r.after.empty() ? Value{} : Value{r.after}});
  if (ctx.spec().format == Format::table) t.columns.resize(6);  // before/after images are for CSV and JSON
  ctx.print(t);
}

void setup_history(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("history", "A record's audit trail: who changed what, when");
  auto ref = std::make_shared<std::string>();
  cmd->add_option("RECORD", *ref, "Record number (KH…, TS…, HF…, FP…, KP…) or employee number")->required();
  cmd->footer(
      "Examples:\n"
      "  csdesk history KH202611-0001\n"
      "  csdesk history 1001 --json");
  CommandRegistry::bind(cmd, [&ctx, ref] { run_history(ctx, *ref); });
}

}  // namespace
CSDESK_COMMAND(80, setup_history);
}  // namespace csdesk
