// csdesk duty: the duty rota (值班表, seed 001) — weekday after-hours duty in turn, Saturday duty by
// plan, swaps recorded.
#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "context.hpp"
#include "output/columns.hpp"
#include "rules/vocabulary.hpp"
#include "staff/duty.hpp"

namespace csdesk {
namespace {

struct DutyOptions {
  DutyPlanRequest plan;
  std::string month, staff, date, kind, from, to;
};

const ColumnSpec<DutyEntry>& duty_columns() {
  static const ColumnSpec<DutyEntry> spec{
      {{"date", "Date", "日期"}, [](const DutyEntry& e) -> Value { return e.date; }},
      {Column{"kind", "Duty", "值班类别"}.with_terms(vocab::duty_kind), [](const DutyEntry& e) -> Value { return e.kind; }},
      {{"staff", "On duty", "值班人"}, [](const DutyEntry& e) -> Value { return e.staff_number + " " + e.staff_name; }},
      {{"starts_at", "From", "开始", Show::time}, [](const DutyEntry& e) -> Value { return e.starts_at; }},
      {{"ends_at", "Until", "结束", Show::time}, [](const DutyEntry& e) -> Value { return e.ends_at; }},
      {{"swapped_from", "Swapped from", "原值班人"},
       [](const DutyEntry& e) { return e.swapped_from_label.empty() ? Value{} : Value{e.swapped_from_label}; }},
  };
  return spec;
}

void run_plan(Context& ctx, const DutyOptions& o) {
  auto planned = plan_duty(ctx.db(), ctx.config(), ctx.actor(), ctx.now(), o.plan);
  ctx.note(trf("planned {} duties for {}", planned.size(), o.plan.month));
  ctx.print(duty_columns().table(planned, ctx.spec().format));
}

void run_list(Context& ctx, const DutyOptions& o) {
  ctx.print(duty_columns().table(list_duty(ctx.db(), o.month, o.staff), ctx.spec().format));
}

void run_swap(Context& ctx, const DutyOptions& o) {
  ctx.print(duty_columns().single(swap_duty(ctx.db(), ctx.actor(), ctx.now(), o.date, o.kind, o.from, o.to),
                                  ctx.spec().format));
}

}  // namespace

void setup_duty(CLI::App& app, Context& ctx, CommandActions& actions) {
  auto* cmd = app.add_subcommand("duty", std::string(tr("Duty rota (值班表): after-hours duty in turn, Saturday duty by plan, swaps")));
  cmd->require_subcommand(1);
  cmd->footer(std::string(tr("Examples:\n"
                             "  csdesk --as 9001 duty plan --month 2026-11 --saturday 1001,1002\n"
                             "  csdesk duty list --month 2026-11\n"
                             "  csdesk --as 9001 duty swap 2026-11-05 --from 1001 --to 1002")));
  auto o = std::make_shared<DutyOptions>();

  auto* plan = cmd->add_subcommand(
      "plan", std::string(tr("Plan a month: each working weekday hours.after_hours_duty_minutes after office hours, in turn")));
  plan->add_option("--month", o->plan.month, std::string(tr("The month (YYYY-MM)")))->required();
  plan->add_option("--saturday", o->plan.saturday, std::string(tr("Staff taking Saturday duty in turn (工号 or name)")))->delimiter(',');
  plan->add_flag("--replace", o->plan.replace, std::string(tr("Plan a month already planned again (its swaps are lost)")));
  plan->footer(std::string(tr("The agents (role consult) take the weekday duty in turn by 工号, going on from the month before;\n"
                              "holidays and make-up working days come from the department calendar (sla.holidays,\n"
                              "sla.extra_workdays), office hours from sla.work_hours (permissions.duty_plan). Example:\n"
                              "  csdesk --as 9001 duty plan --month 2026-11 --saturday 1001,1002")));
  actions.bind(plan, [&ctx, o] { run_plan(ctx, *o); });

  auto* list = cmd->add_subcommand("list", std::string(tr("The rota of a month")));
  list->add_option("--month", o->month, std::string(tr("The month (YYYY-MM)")))->required();
  list->add_option("--staff", o->staff, std::string(tr("Only this staff member's duties")));
  list->footer(std::string(tr("Example:\n  csdesk duty list --month 2026-11 --staff 1001 --csv")));
  actions.bind(list, [&ctx, o] { run_list(ctx, *o); });

  auto* swap = cmd->add_subcommand("swap", std::string(tr("Hand one duty to someone else; who was planned is kept")));
  swap->add_option("DATE", o->date, std::string(tr("The duty's date (YYYY-MM-DD)")))->required();
  swap->add_option("--from", o->from, std::string(tr("Who has the duty now")))->required();
  swap->add_option("--to", o->to, std::string(tr("Who takes it")))->required();
  swap->add_option("--kind", o->kind, std::string(tr("after-hours or saturday (default: the day's duty)")));
  swap->footer(std::string(tr("Example:\n  csdesk --as 9001 duty swap 2026-11-05 --from 1001 --to 1002")));
  actions.bind(swap, [&ctx, o] { run_swap(ctx, *o); });
}

}  // namespace csdesk
