// csdesk register: the daily intake of contacts, one at a time or as a batch import.
#include <CLI/CLI.hpp>

#include "context.hpp"
#include "customer_flags.hpp"
#include "error.hpp"
#include "store/customers.hpp"
#include "text.hpp"

namespace csdesk {
namespace {

struct RegisterOptions {
  CustomerFlags customer;
};

Intake intake_for(Context& ctx, const std::optional<Staff>& agent) {
  Intake in;
  in.actor = ctx.actor();
  if (agent) in.agent_id = agent->id;
  in.now = ctx.now();
  in.limit_seconds = ctx.config().integer("intake.register_limit_minutes") * 60;
  return in;
}

Table result_table(const RegisterResult& r) {
  Table t;
  t.single = true;
  t.columns = {{"number", "Customer", "客户编号"},
               {"name", "Name", "称呼"},
               {"company", "Company", "公司"},
               {"phone", "Phone", "电话", Show::plain, Personal::phone},
               {"status", "Status", "状态"},
               {"matched_on", "Matched on", "匹配依据"},
               {"owner", "Owner", "负责人"},
               {"owner_notified", "Owner notified", "已通知负责人"},
               {"urgent", "Urgent", "紧急"},
               {"contacted_at", "Contacted", "联系时间", Show::time},
               {"registered_at", "Registered", "登记时间", Show::time},
               {"within_limit", "Within limit", "按时登记"},
               {"filled", "Filled", "补全字段"},
               {"differing", "Differing (kept)", "不一致(保留原值)"}};
  const Customer& c = r.customer;
  Value owner = r.owner ? Value{r.owner->number + " " + r.owner->name + (r.owner->active ? "" : " (inactive)")} : Value{};
  t.add_row({c.number, c.name, opt_text(c.company ? &*c.company : nullptr), opt_text(c.phone ? &*c.phone : nullptr),
             std::string(r.returning ? "returning" : "new"), r.matched_on.empty() ? Value{} : Value{r.matched_on}, owner,
             r.owner_notified, c.urgent, r.contacted_at, c.registered_at,
             r.within_limit, join(r.filled, ","), join(r.differing, ",")});
  return t;
}

void run_register(Context& ctx, const RegisterOptions& o) {
  Staff agent = ctx.require_operator("register records who took the contact");
  NewContact contact = o.customer.contact(ctx.now());
  Database& db = ctx.db();
  Database::Transaction tx(db);
  RegisterResult r = CustomerStore(db).register_contact(contact, intake_for(ctx, agent));
  tx.commit();
  if (r.returning)
    ctx.note(r.owner ? fmt::format("returning customer {}; owner {} {}{}", r.customer.number, r.owner->number, r.owner->name,
                                   r.owner_notified ? " (notification queued: csdesk assign notify)" : " is inactive")
                     : fmt::format("returning customer {}; no owner yet", r.customer.number));
  ctx.print(result_table(r));
}

void setup_register(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<RegisterOptions>();
  auto* cmd = app.add_subcommand("register", "Register a contact: a new customer, or a returning one (never a duplicate)");
  add_customer_flags(cmd, o->customer);
  cmd->footer(
      "A contact whose phone, e-mail, QQ, WeChat or company + name matches a customer is that customer\n"
      "returning: the contact is logged on it, its empty fields are filled and its owner is notified.\n"
      "Examples:\n"
      "  csdesk --as 1001 register --name 王女士 --company 北京华信科技有限公司 --phone 13912345678 --channel 电话\n"
      "  csdesk --as 1001 register --name 李先生 --phone '+86 139-1234-5679' --urgent --contacted-at '2026-11-02 09:58'");
  CommandRegistry::bind(cmd, [&ctx, o] { run_register(ctx, *o); });
}

}  // namespace
CSDESK_COMMAND(30, setup_register);
}  // namespace csdesk
