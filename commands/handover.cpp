// csdesk handover: the shift handover log (交接日志).
#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "context.hpp"
#include "output/columns.hpp"
#include "util/error.hpp"
#include "staff/handover.hpp"
#include "util/text.hpp"

namespace csdesk {
namespace {

struct HandoverOptions {
  std::string work_done, open_issues, staff_changes, since, until, to, handover;
  bool unconfirmed = false;
};

const ColumnSpec<Handover>& handover_columns() {
  static const ColumnSpec<Handover> spec{
      {{"id", "#", "序号"}, member(&Handover::id)},
      {{"at", "When", "时间", Show::time}, member(&Handover::at)},
      {{"staff", "Handed over by", "交班人"},
       [](const Handover& h) { return h.staff_number.empty() ? Value{} : Value{h.staff_number + " " + h.staff_name}; }},
      {{"work_done", "Work done", "已完成工作"}, member(&Handover::work_done)},
      {{"open_issues", "Open issues", "疑难未决事项"}, member(&Handover::open_issues)},
      {{"staff_changes", "Staff changes", "人员变动"}, member(&Handover::staff_changes)},
      {{"receiver", "Taken over by", "接班人"},
       [](const Handover& h) { return h.receiver_number.empty() ? Value{} : Value{h.receiver_number + " " + h.receiver_name}; }},
      {{"confirmed_at", "Confirmed", "接班确认", Show::time}, [](const Handover& h) { return opt_value(h.confirmed_at); }},
  };
  return spec;
}

void run_add(Context& ctx, const HandoverOptions& o) {
  Handover h;
  h.work_done = trim(without_invisible(o.work_done));
  h.open_issues = trim(without_invisible(o.open_issues));
  h.staff_changes = trim(without_invisible(o.staff_changes));
  ctx.print(handover_columns().single(write_handover(ctx.db(), ctx.actor(), ctx.now(), h, o.to), ctx.spec().format));
}

void run_confirm(Context& ctx, const HandoverOptions& o) {
  ctx.print(handover_columns().single(confirm_handover(ctx.db(), ctx.actor(), ctx.now(), o.handover), ctx.spec().format));
}

void run_list(Context& ctx, const HandoverOptions& o) {
  std::optional<Epoch> since, until;
  if (!o.since.empty()) since = parse_time(o.since, "--since");
  if (!o.until.empty()) until = parse_time(o.until, "--until");
  ctx.print(handover_columns().table(HandoverStore(ctx.db()).list(since, until, o.unconfirmed), ctx.spec().format));
}

}  // namespace

void setup_handover(CLI::App& app, Context& ctx, CommandActions& actions) {
  auto* cmd = app.add_subcommand("handover", std::string(tr("Shift handover log (交接日志): work done, open issues, staff changes")));
  cmd->require_subcommand(1);
  cmd->footer(
      std::string(tr("Examples:\n"
      "  csdesk --as 1001 handover add --work-done '登记 42 个来电' --open-issues 'TS202611-0003 等客户回复'\n"
      "  csdesk handover list --since 2026-11-01")));
  auto o = std::make_shared<HandoverOptions>();
  auto* add = cmd->add_subcommand("add", std::string(tr("Write your handover at the end of your shift (every role but admin: permissions.handover)")));
  add->add_option("--work-done", o->work_done, std::string(tr("Work done this shift")));
  add->add_option("--open-issues", o->open_issues, std::string(tr("Difficult issues still open")));
  add->add_option("--staff-changes", o->staff_changes, std::string(tr("Staff changes")));
  add->add_option("--to", o->to, std::string(tr("Who takes over (接班人); they confirm with `handover confirm`")));
  add->footer(std::string(tr("Example:\n  csdesk --as 1001 handover add --work-done '回访 12 位客户' --staff-changes '李娜 调休' --to 1002")));
  actions.bind(add, [&ctx, o] { run_add(ctx, *o); });
  auto* list = cmd->add_subcommand("list", std::string(tr("Handovers, newest first")));
  list->add_option("--since", o->since, std::string(tr("From this time (ISO 8601)")));
  list->add_option("--until", o->until, std::string(tr("Before this time (ISO 8601)")));
  list->add_flag("--unconfirmed", o->unconfirmed, std::string(tr("Only handovers their receiver has not confirmed")));
  list->footer(std::string(tr("Example:\n  csdesk handover list --since 2026-11-01 --csv")));
  actions.bind(list, [&ctx, o] { run_list(ctx, *o); });
  auto* confirm = cmd->add_subcommand(
      "confirm", std::string(tr("The receiver confirms taking over (接班人未到,交班人不得擅自离开)")));
  confirm->add_option("HANDOVER", o->handover, std::string(tr("The handover's # (handover list)")))->required();
  confirm->footer(std::string(tr("Example:\n  csdesk --as 1002 handover confirm 7")));
  actions.bind(confirm, [&ctx, o] { run_confirm(ctx, *o); });
}

}  // namespace csdesk
