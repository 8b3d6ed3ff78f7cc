// csdesk purchase: a customer's purchase records (购买记录, seed 000), behind the repeat-purchase rate.
#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "context.hpp"
#include "output/columns.hpp"
#include "import/encoding.hpp"
#include "purchase/purchases.hpp"
#include "rules/purchase.hpp"
#include "store/customers.hpp"
#include "util/error.hpp"
#include "util/time.hpp"

namespace csdesk {
namespace {

struct PurchaseOptions {
  PurchaseInput input;
  std::string customer, month, file, encoding;
  bool again = false;
};

const ColumnSpec<Purchase>& purchase_columns() {
  static const ColumnSpec<Purchase> spec{
      {{"number", "No.", "单号"}, member(&Purchase::number)},
      {{"date", "Date", "购买日期"}, [](const Purchase& p) -> Value { return format_date(p.purchased_at); }},
      {{"customer", "Customer", "客户编号"}, member(&Purchase::customer_number)},
      {{"customer_name", "Name", "客户名称"}, member(&Purchase::customer_name)},
      {{"item", "Item", "购买内容"}, member(&Purchase::item)},
      {{"quantity", "Qty", "数量"}, member(&Purchase::quantity)},
      {{"amount", "Amount (yuan)", "金额（元）"}, [](const Purchase& p) -> Value { return format_yuan(p.amount_fen); }},
      {{"note", "Note", "备注"}, member(&Purchase::note)},
  };
  return spec;
}

void run_add(Context& ctx, const PurchaseOptions& o) {
  PurchaseRecorded r = record_purchase(ctx.db(), ctx.actor(), ctx.now(), o.input);
  if (r.activated)
    ctx.note(trf("{} {} made a first purchase: now an active customer (现有客户)", r.purchase.customer_number,
                 r.purchase.customer_name));
  ctx.print(purchase_columns().single(r.purchase, ctx.spec().format));
}

struct ImportRow {
  std::string file, encoding;
  PurchaseImport result;
};

void run_import(Context& ctx, const PurchaseOptions& o) {
  PurchaseFile f{o.file, std::nullopt, o.again};
  if (!o.encoding.empty()) f.encoding = parse_encoding(o.encoding);
  ImportRow row{o.file, "", import_purchases(ctx.db(), ctx.actor(), ctx.now(), f)};
  const auto& errors = row.result.errors;
  if (!errors.empty()) {
    for (std::size_t i = 0; i < errors.size() && i < 50; ++i) ctx.warn(errors[i]);
    if (errors.size() > 50) ctx.warn(trf("… and {} more", errors.size() - 50));
    fail_invalid("{}: {} of {} rows cannot be recorded; nothing was imported; correct them and import the file again",
                 o.file, errors.size(), row.result.rows);
  }
  row.encoding = encoding_name(row.result.encoding);
  for (const auto& [number, name] : row.result.activated)
    ctx.note(trf("{} {} made a first purchase: now an active customer (现有客户)", number, name));
  static const ColumnSpec<ImportRow> spec{
      {{"file", "File", "文件"}, member(&ImportRow::file)},
      {{"encoding", "Encoding", "编码"}, member(&ImportRow::encoding)},
      {{"rows", "Rows read", "读取行数"}, [](const ImportRow& r) -> Value { return r.result.rows; }},
      {{"recorded", "Purchases recorded", "已登记购买"}, [](const ImportRow& r) -> Value { return r.result.recorded; }},
      {{"amount", "Amount (yuan)", "金额（元）"}, [](const ImportRow& r) -> Value { return format_yuan(r.result.amount_fen); }},
      {{"made_active", "Made active", "转为现有客户"},
       [](const ImportRow& r) -> Value { return static_cast<std::int64_t>(r.result.activated.size()); }},
  };
  ctx.print(spec.single(row, ctx.spec().format));
}

void run_list(Context& ctx, const PurchaseOptions& o) {
  PurchaseFilter f;
  if (!o.customer.empty()) f.customer_id = CustomerStore(ctx.db()).get(o.customer).id;
  if (!o.month.empty()) {
    Period m = month_period(o.month, "--month");
    f.since = m.begin;
    f.until = m.end;
  }
  ctx.print(purchase_columns().table(PurchaseStore(ctx.db()).list(f), ctx.spec().format));
}

}  // namespace

void setup_purchase(CLI::App& app, Context& ctx, CommandActions& actions) {
  auto* cmd = app.add_subcommand("purchase", std::string(tr("Customers' purchase records (购买记录): the repeat-purchase rate's source")));
  cmd->require_subcommand(1);
  cmd->footer(std::string(tr("Examples:\n"
                             "  csdesk --as 2001 purchase add KH202611-0001 --item 进销存软件 --amount 1280.00 --date 2026-11-03\n"
                             "  csdesk purchase list --month 2026-11 --csv\n"
                             "  csdesk --as 2001 purchase import 2026-11-购买记录.csv")));
  auto o = std::make_shared<PurchaseOptions>();
  auto* add = cmd->add_subcommand("add", std::string(tr("Record a purchase; a potential customer's first one makes them active (permissions.purchase)")));
  add->add_option("customer", o->input.customer, std::string(tr("The customer (KH… number)")))->required();
  add->add_option("--item", o->input.item, std::string(tr("What was bought")))->required();
  add->add_option("--amount", o->input.amount, std::string(tr("Amount in yuan, to the fen (1280, 1280.50, ¥1,280)")))->required();
  add->add_option("--date", o->input.date, std::string(tr("Purchase date (YYYY-MM-DD; default today)")));
  add->add_option("--quantity", o->input.quantity, std::string(tr("How many (default 1)")));
  add->add_option("--note", o->input.note, std::string(tr("Note")));
  add->footer(std::string(tr("Example:\n  csdesk --as 2001 purchase add KH202611-0001 --item 进销存软件 --amount 1280 --quantity 2")));
  actions.bind(add, [&ctx, o] { run_add(ctx, *o); });
  auto* import = cmd->add_subcommand(
      "import", std::string(tr("Record the purchases of a CSV file, all or none (permissions.purchase)")));
  import->add_option("FILE", o->file, std::string(tr("CSV or TSV with the columns 客户编号/customer, 日期/date, 产品/item, "
                                                       "金额/amount, 数量/quantity (备注/note)")))
      ->required();
  import->add_option("--encoding", o->encoding, std::string(tr("The file's encoding when it cannot be told (utf-8, gbk, gb18030, big5, utf-16le)")));
  import->add_flag("--again", o->again, std::string(tr("Import a file whose very bytes were imported before")));
  import->footer(std::string(tr("Every row is checked as purchase add checks it; one bad row, named by line and column, and\n"
                                "nothing is recorded. A potential customer's first purchase makes them active.\n"
                                "Example:\n  csdesk --as 2001 purchase import 2026-11-购买记录.csv")));
  actions.bind(import, [&ctx, o] { run_import(ctx, *o); });
  auto* list = cmd->add_subcommand("list", std::string(tr("Purchases, oldest first")));
  list->add_option("--customer", o->customer, std::string(tr("One customer's (KH… number)")));
  list->add_option("--month", o->month, std::string(tr("Made in this month (YYYY-MM)")));
  list->footer(std::string(tr("Example:\n  csdesk purchase list --customer KH202611-0001")));
  actions.bind(list, [&ctx, o] { run_list(ctx, *o); });
}

}  // namespace csdesk
