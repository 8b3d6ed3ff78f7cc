// csdesk history: a record's audit trail.
#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "context.hpp"
#include "output/columns.hpp"
#include "util/error.hpp"
#include "util/json.hpp"
#include "rules/privacy.hpp"
#include "trail/trail.hpp"

namespace csdesk {
namespace {

const ColumnSpec<AuditRow>& history_columns() {
  static const ColumnSpec<AuditRow> spec{
      {{"id", "#", "序号"}, [](const AuditRow& r) -> Value { return r.id; }},
      {{"at", "When", "时间", Show::time}, [](const AuditRow& r) -> Value { return r.at; }},
      {{"actor", "Who", "操作人"}, [](const AuditRow& r) -> Value { return r.actor; }},
      {{"record", "Record", "记录"}, [](const AuditRow& r) -> Value { return r.record_number; }},
      {{"action", "Action", "操作"}, [](const AuditRow& r) -> Value { return r.action; }},
      {{"changes", "Changes", "变更"}, [](const AuditRow& r) -> Value { return describe_change(r.before, r.after); }},
      // Images are for CSV and JSON: too wide for a terminal.
      {{"before", "Before", "变更前"}, [](const AuditRow& r) { return text_or_null(r.before); }, Shown::machine_only},
      {{"after", "After", "变更后"}, [](const AuditRow& r) { return text_or_null(r.after); }, Shown::machine_only},
  };
  return spec;
}

void run_history(Context& ctx, const std::string& ref) {
  auto rows = record_history(ctx.db(), ctx.actor(), ref);
  // Images may hold phone numbers and e-mail addresses: masked like any listing, unless the row's
  // record belongs to a customer whose details the operator may see.
  AuditStore audit(ctx.db());
  std::size_t personal = 0, revealed = 0;
  for (auto& r : rows) {
    std::string before = mask_personal_json(r.before), after = mask_personal_json(r.after);
    if (before == r.before && after == r.after) continue;
    ++personal;
    if (ctx.sees_contacts_of(audit.customer_of(r))) {
      ++revealed;
    } else {
      r.before = before;
      r.after = after;
    }
  }
  ctx.reveal_rows(personal, revealed);
  ctx.print(history_columns().table(rows, ctx.spec().format));
}

}  // namespace

void setup_history(CLI::App& app, Context& ctx, CommandActions& actions) {
  auto* cmd = app.add_subcommand("history", "A record's audit trail: who changed what, when");
  auto ref = std::make_shared<std::string>();
  cmd->add_option("RECORD", *ref, "Record number (KH…, TS…, HF…, FP…, KP…) or employee number")->required();
  cmd->footer(
      "The audit trail is for the roles of permissions.audit (by default supervisor, manager, admin); others get exit 6.\n"
      "Examples:\n"
      "  csdesk history KH202611-0001\n"
      "  csdesk history 1001 --json");
  actions.bind(cmd, [&ctx, ref] { run_history(ctx, *ref); });
}

}  // namespace csdesk
