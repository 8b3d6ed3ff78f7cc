// csdesk history: a record's audit trail.
#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "context.hpp"
#include "output/columns.hpp"
#include "util/error.hpp"
#include "util/json.hpp"
#include "rules/privacy.hpp"
#include "rules/vocabulary.hpp"
#include "trail/trail.hpp"
#include "util/text.hpp"

namespace csdesk {
namespace {

// The vocabulary of a field's codes in a record of `kind` (complaint status, revisit method, …), or null.
const char* field_terms(const std::string& kind, const std::string& key) {
  struct Terms {
    const char* kind;  // "" for any
    const char* key;
    const char* vocabulary;
  };
  static const Terms table[] = {
      {"complaint", "status", vocab::complaint_status},   {"complaint", "category", vocab::complaint_category},
      {"revisit", "status", vocab::revisit_status},       {"revisit", "method", vocab::revisit_method},
      {"revisit", "purpose", vocab::revisit_purpose},     {"customer", "category", vocab::customer_category},
      {"assignment", "rule", vocab::assign_rule},         {"", "priority", vocab::priority},
      {"", "channel", vocab::channel},                    {"", "grade", vocab::grade},
      {"", "shift", vocab::shift},                        {"notification", "status", vocab::notification_status},
      {"notification", "kind", vocab::notification_kind},
  };
  for (const auto& t : table)
    if (key == t.key && (!*t.kind || kind == t.kind)) return t.vocabulary;
  return nullptr;
}

// describe_change with each field and each code in the reader's language ("状态: 待处理 → 处理中"):
// for table and CSV in Chinese; JSON keeps the English keys and codes.
std::string change_in_words(const std::string& kind, std::string_view before_json, std::string_view after_json) {
  auto field = [](const std::string& key) { return vocab::name(vocab::audit_field, key); };
  auto value = [&](const std::string& key, const std::string& v) {
    if (key == "roles") {  // a list of roles, comma-separated
      std::vector<std::string> names;
      for (const auto& role : split(v, ',')) names.push_back(vocab::name(vocab::role, trim(role)));
      return join(names, ",");
    }
    if (v == "true" || v == "false") return vocab::name(vocab::yes_no, v == "true" ? "yes" : "no");
    const char* terms = field_terms(kind, key);
    return terms ? vocab::name(terms, v) : v;
  };
  return describe_change(before_json, after_json, field, value);
}

// `named`: the changes' fields in the reader's language (table and CSV in Chinese).
ColumnSpec<AuditRow> history_columns(bool named) {
  std::function<Value(const AuditRow&)> changes = [named](const AuditRow& r) -> Value {
    return named ? change_in_words(r.record_kind, r.before, r.after) : describe_change(r.before, r.after);
  };
  return ColumnSpec<AuditRow>{
      {{"id", "#", "序号"}, [](const AuditRow& r) -> Value { return r.id; }},
      {{"at", "When", "时间", Show::time}, [](const AuditRow& r) -> Value { return r.at; }},
      {{"actor", "Who", "操作人"}, [](const AuditRow& r) -> Value { return r.actor; }},
      {{"record", "Record", "记录"}, [](const AuditRow& r) -> Value { return r.record_number; }},
      {Column{"action", "Action", "操作"}.with_terms(vocab::audit_action), [](const AuditRow& r) -> Value { return r.action; }},
      {{"changes", "Changes", "变更"}, changes},
      // Images are for CSV and JSON: too wide for a terminal.
      {{"before", "Before", "变更前"}, [](const AuditRow& r) { return text_or_null(r.before); }, Shown::machine_only},
      {{"after", "After", "变更后"}, [](const AuditRow& r) { return text_or_null(r.after); }, Shown::machine_only},
  };
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
  Format format = ctx.spec().format;
  bool named = ctx.spec().lang == Lang::zh && format != Format::json;
  ctx.print(history_columns(named).table(rows, format));
}

}  // namespace

void setup_history(CLI::App& app, Context& ctx, CommandActions& actions) {
  auto* cmd = app.add_subcommand("history", std::string(tr("A record's audit trail: who changed what, when")));
  auto ref = std::make_shared<std::string>();
  cmd->add_option("RECORD", *ref, std::string(tr("Record number (KH…, TS…, HF…, FP…, KP…) or employee number")))->required();
  cmd->footer(
      std::string(tr("The audit trail is for the roles of permissions.audit (by default supervisor, manager, admin); others get exit 6.\n"
      "Examples:\n"
      "  csdesk history KH202611-0001\n"
      "  csdesk history 1001 --json")));
  actions.bind(cmd, [&ctx, ref] { run_history(ctx, *ref); });
}

}  // namespace csdesk
