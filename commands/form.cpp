// csdesk form: the department's forms of seed 001 (客服管理表格) under their own titles.
#include <CLI/CLI.hpp>

#include "care_common.hpp"
#include "commands.hpp"
#include "context.hpp"
#include "forms/forms.hpp"

namespace csdesk {
namespace {

void run_form(Context& ctx, const FormRequest& request) {
  CareScope scope = reading_scope(ctx);
  Format format = ctx.spec().format;
  bool in_language = format != Format::json && ctx.lang() == Lang::zh;
  Table t = form_table(scope, request, format, in_language,
                       [&ctx](std::int64_t customer_id) { return ctx.sees_contacts_of(customer_id); });
  ctx.print_sections({t}, ctx.reveal_personal(t));
}

}  // namespace

void setup_form(CLI::App& app, Context& ctx, CommandActions& actions) {
  auto o = std::make_shared<FormRequest>();
  auto* cmd = app.add_subcommand("form", std::string(tr("The forms of the department (客服管理表格) under their own titles")));
  cmd->add_option("FORM", o->form,
                  std::string(tr("customer-details (客户详细信息表), revisit-tracking (回访跟踪工作表), revisit-opinions "
                                 "(回访客户意见表), revisit-complaints (回访客户投诉表), revisit-factors (回访问题因素统计表), "
                                 "csi (回访顾客满意指数CSI统计表), feedback (顾客反馈及处理记录表), assessment (客服人员考核表)")))
      ->required();
  cmd->add_option("--month", o->month, std::string(tr("The month, YYYY-MM (default: this month; assessment: the previous month)")));
  cmd->add_option("--since", o->since, std::string(tr("From this time or date (not for csi and assessment)")));
  cmd->add_option("--until", o->until, std::string(tr("Before this time or date (not for csi and assessment)")));
  cmd->add_option("--agent", o->agent,
                  std::string(tr("Staff member (工号 or name): registering agent, revisit agent, complaint handler or the one assessed")));
  cmd->add_option("--owner", o->owner, std::string(tr("customer-details: customers of this owner")));
  cmd->add_option("--customer", o->customer, std::string(tr("One customer's rows (KH… number)")));
  cmd->add_option("--status", o->status, std::string(tr("revisit-tracking: revisit status; feedback, revisit-complaints: complaint status")));
  cmd->add_option("--category", o->category, std::string(tr("customer-details: potential, active, at-risk or lost")));
  cmd->footer(std::string(
      tr("customer-details lists every customer unless a period is given (registered in it); personal data is masked\n"
         "except for the operator's own customers (README \"Privacy\").\n"
         "Examples:\n"
         "  csdesk form customer-details --lang zh --csv --bom > 客户详细信息表.csv\n"
         "  csdesk form revisit-tracking --month 2026-11 --agent 4001\n"
         "  csdesk form revisit-opinions --month 2026-11 --lang zh\n"
         "  csdesk form feedback --since 2026-11-01 --until 2026-11-16 --lang zh\n"
         "  csdesk form assessment --month 2026-11 --format xlsx --output 考核表.xlsx")));
  actions.bind(cmd, [&ctx, o] { run_form(ctx, *o); });
}

}  // namespace csdesk
