// csdesk check: is the file whole? SQLite's integrity and foreign-key checks and the audit chain.
#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "context.hpp"
#include "output/columns.hpp"
#include "util/error.hpp"
#include "trail/trail.hpp"
#include "util/text.hpp"

namespace csdesk {
namespace {

std::string with_count(const std::string& first, size_t count) {
  return count == 1 ? first : fmt::format("{} (and {} more)", first, count - 1);
}

std::string first_of(const std::vector<std::string>& problems) { return with_count(problems.front(), problems.size()); }

std::string foreign_key_text(const std::vector<ForeignKeyProblem>& problems) {
  const auto& p = problems.front();
  return with_count(fmt::format("{} row {} points to a missing {} row", p.table, p.rowid, p.parent), problems.size());
}

std::string chain_text(const HealthReport& r) {
  const auto& b = *r.chain_break;
  std::string where = r.chain_break_row.empty() ? "" : fmt::format(" ({})", r.chain_break_row);
  return fmt::format("audit row {}{}: {}", b.row_id, where, b.problem);
}

struct CheckLine {
  std::string check;
  bool ok = false;
  std::string detail;
};

const ColumnSpec<CheckLine>& check_columns() {
  static const ColumnSpec<CheckLine> spec{
      {{"check", "Check", "检查项"}, member(&CheckLine::check)},
      {{"result", "Result", "结果"}, [](const CheckLine& l) -> Value { return std::string(l.ok ? "ok" : "FAILED"); }},
      {{"detail", "Detail", "详情"}, member(&CheckLine::detail)},
  };
  return spec;
}

void run_check(Context& ctx) {
  // Read-only: checking a suspect file must not change it.
  Database& db = ctx.db(Database::Open::read_only);
  HealthReport r = check_records(db, ctx.actor());
  std::vector<CheckLine> lines = {
      {"integrity", r.integrity_problems.empty(),
       r.integrity_problems.empty() ? std::string("PRAGMA integrity_check: ok") : first_of(r.integrity_problems)},
      {"foreign_keys", r.foreign_key_problems.empty(),
       r.foreign_key_problems.empty() ? std::string("every reference resolves") : foreign_key_text(r.foreign_key_problems)},
      {"audit_chain", !r.chain_break,
       r.chain_break ? chain_text(r) : fmt::format("{} rows, every hash matches", r.audit_rows)}};
  ctx.print(check_columns().table(lines, ctx.spec().format));
  if (r.ok()) return;
  std::vector<std::string> failed;
  if (!r.integrity_problems.empty()) failed.push_back("integrity: " + first_of(r.integrity_problems));
  if (!r.foreign_key_problems.empty()) failed.push_back("foreign keys: " + foreign_key_text(r.foreign_key_problems));
  if (r.chain_break) failed.push_back(chain_text(r));
  fail_conflict("'{}' failed its check: {}. Keep this file for investigation and restore the latest good backup "
                "(csdesk backup makes one)",
                db.path(), join(failed, "; "));
}

}  // namespace

void setup_check(CLI::App& app, Context& ctx, CommandActions& actions) {
  auto* cmd = app.add_subcommand("check", "Check the database: integrity, foreign keys and the audit hash chain");
  cmd->footer(
      "Reads only. Exit 0 when every check passes; exit 5 with the first broken row named otherwise\n"
      "(an audit row edited or deleted after the fact breaks the hash chain there). For those who may read the\n"
      "audit trail (permissions.audit, by default supervisor, manager, admin); others get exit 6.\n"
      "Examples:\n"
      "  csdesk check\n"
      "  csdesk --db /srv/kefu/csdesk.db check --json");
  actions.bind(cmd, [&ctx] { run_check(ctx); });
}

}  // namespace csdesk
