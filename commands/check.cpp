// csdesk check: is the file whole? SQLite's integrity and foreign-key checks and the audit chain.
#include <CLI/CLI.hpp>

#include <memory>

#include "commands.hpp"
#include "context.hpp"
#include "output/columns.hpp"
#include "util/error.hpp"
#include "backup/anchor.hpp"
#include "util/text.hpp"
#include "rules/vocabulary.hpp"

namespace csdesk {
namespace {

std::string with_count(const std::string& first, size_t count) {
  return count == 1 ? first : trf("{} (and {} more)", first, count - 1);
}

std::string first_of(const std::vector<std::string>& problems) { return with_count(problems.front(), problems.size()); }

std::string foreign_key_text(const std::vector<ForeignKeyProblem>& problems) {
  const auto& p = problems.front();
  return with_count(trf("{} row {} points to a missing {} row", p.table, p.rowid, p.parent), problems.size());
}

std::string chain_text(const ChainProblem& p) {
  if (p.row.empty()) return trf("audit row {}: {}", p.at.row_id, p.at.problem);
  return trf("audit row {} ({}): {}", p.at.row_id, p.row, p.at.problem);
}

std::string chain_ok_text(const HealthReport& r) {
  std::string keyed = r.keyed_from == 0 ? std::string(tr("no row keyed yet"))
                      : r.keyed_from == 1 ? std::string(tr("every row keyed"))
                                          : trf("keyed from row {}", r.keyed_from);
  return trf("{} rows, every hash matches ({}; head row {}, digest {})", r.audit_rows, keyed, r.head.rows,
             r.head.digest.substr(0, 16));
}

struct CheckLine {
  std::string check;
  bool ok = false;
  std::string detail;
};

const ColumnSpec<CheckLine>& check_columns() {
  static const ColumnSpec<CheckLine> spec{
      {Column{"check", "Check", "检查项"}.with_terms(vocab::check_item), member(&CheckLine::check)},
      {Column{"result", "Result", "结果"}.with_terms(vocab::check_result), [](const CheckLine& l) -> Value { return std::string(l.ok ? "ok" : "FAILED"); }},
      {{"detail", "Detail", "详情"}, member(&CheckLine::detail)},
  };
  return spec;
}

void run_check(Context& ctx, const CheckRequest& request) {
  // Read-only: checking a suspect file must not change it.
  Database& db = ctx.db(Database::Open::read_only);
  CheckOutcome outcome = check_and_anchor(db, ctx.actor(), request, ctx.now());
  const HealthReport& r = outcome.health;
  std::vector<std::string> chain;
  for (const auto& p : r.chain_problems) chain.push_back(chain_text(p));
  std::vector<CheckLine> lines = {
      {"integrity", r.integrity_problems.empty(),
       !r.integrity_problems.empty()             ? first_of(r.integrity_problems)
       : db.engine() == sql::Engine::sqlite      ? std::string(tr("PRAGMA integrity_check: ok"))
                                                 : std::string(tr("the server keeps its own pages sound (WAL, checksums)"))},
      {"foreign_keys", r.foreign_key_problems.empty(),
       r.foreign_key_problems.empty() ? std::string(tr("every reference resolves")) : foreign_key_text(r.foreign_key_problems)},
      {"audit_chain", chain.empty(), chain.empty() ? chain_ok_text(r) : join(chain, "; ")}};
  if (r.heads_compared > 0 || !r.head_problems.empty())
    lines.push_back({"audit_head", r.head_problems.empty(),
                     r.head_problems.empty()
                         ? trf("the chain reaches every head recorded outside it ({}: anchor and issued reports)",
                               r.heads_compared)
                         : join(r.head_problems, "; ")});
  if (r.records_compared > 0 || !r.record_problems.empty())
    lines.push_back({"records", r.record_problems.empty(),
                     r.record_problems.empty()
                         ? trf("{} records, each as its last audit row recorded it", r.records_compared)
                         : join(r.record_problems, "; ")});
  ctx.print(check_columns().table(lines, ctx.spec().format));
  if (!outcome.anchor_written.empty())
    ctx.note(trf("anchor written to {}: audit row {}, digest {}; keep it away from the database", outcome.anchor_written,
                 r.head.rows, r.head.digest));
  if (r.ok()) return;
  std::vector<std::string> failed;
  if (!r.integrity_problems.empty()) failed.push_back(trf("integrity: {}", first_of(r.integrity_problems)));
  if (!r.foreign_key_problems.empty()) failed.push_back(trf("foreign keys: {}", foreign_key_text(r.foreign_key_problems)));
  for (const auto& c : chain) failed.push_back(c);
  for (const auto& h : r.head_problems) failed.push_back(h);
  for (const auto& p : r.record_problems) failed.push_back(p);
  if (request.write_anchor.empty())
    fail_conflict("'{}' failed its check: {}. Keep this file for investigation and restore the latest good backup "
                  "(csdesk backup makes one)",
                  db.path(), join(failed, "; "));
  fail_conflict("'{}' failed its check: {}. No anchor was written. Keep this file for investigation and restore the "
                "latest good backup (csdesk backup makes one)",
                db.path(), join(failed, "; "));
}

}  // namespace

void setup_check(CLI::App& app, Context& ctx, CommandActions& actions) {
  auto* cmd = app.add_subcommand("check", std::string(tr("Check the database: integrity, foreign keys, the keyed audit chain and records")));
  auto request = std::make_shared<CheckRequest>();
  cmd->add_option("--anchor", request->anchor, std::string(tr("Compare the chain with a head written by --write-anchor")))->type_name("FILE");
  cmd->add_option("--write-anchor", request->write_anchor, std::string(tr("When every check passes, write the chain's head to FILE")))
      ->type_name("FILE");
  cmd->add_flag("--force", request->force, std::string(tr("Replace an existing --write-anchor FILE")));
  cmd->footer(
      std::string(tr("Reads only the database. Exit 0 when every check passes; exit 5 naming each finding otherwise: a row\n"
      "edited (MAC mismatch at row N), rows deleted or forged and appended, the chain shorter than or different\n"
      "from an anchor or an issued report's head, a record changed behind csdesk's back (its state differs\n"
      "from its last audited state) or with no audit row at all. See the README, \"What check can and cannot detect\".\n"
      "For those who may read the audit trail (permissions.audit: supervisor, manager, admin); others get exit 6.\n"
      "Examples:\n"
      "  csdesk check\n"
      "  csdesk check --anchor /srv/anchors/2026-10.anchor --write-anchor /srv/anchors/2026-11.anchor\n"
      "  csdesk --db /srv/kefu/csdesk.db check --json")));
  actions.bind(cmd, [&ctx, request] { run_check(ctx, *request); });
}

}  // namespace csdesk
