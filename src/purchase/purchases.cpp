#include "purchase/purchases.hpp"

#include <map>

#include "import/headers.hpp"
#include "import/importer.hpp"
#include "import/text_table.hpp"
#include "rules/purchase.hpp"
#include "store/customers.hpp"
#include "util/error.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

namespace csdesk {
namespace {

// How the fields are named in messages: the command's flags, or a file's line and column.
struct FieldNames {
  bool flags = true;
  std::string item = "--item", amount = "--amount", date = "--date", quantity = "--quantity";
};

// The purchase `in` describes, checked; not yet tied to its customer.
Purchase checked_purchase(const PurchaseInput& in, Epoch now, const FieldNames& names) {
  Purchase p;
  p.item = trim(without_invisible(nfkc(in.item, names.item)));
  if (p.item.empty()) {
    if (names.flags) fail_invalid("--item: say what the customer bought, e.g. --item 进销存软件");
    fail_invalid("{}: empty; say what the customer bought, e.g. 进销存软件", names.item);
  }
  p.amount_fen = parse_amount_fen(nfkc(in.amount, names.amount), names.amount);
  if (!in.quantity.empty()) {
    std::string q = trim(nfkc(in.quantity, names.quantity));
    bool digits = !q.empty() && q.size() <= 9 && q.find_first_not_of("0123456789") == std::string::npos;
    if (!digits || std::stoll(q) <= 0) {
      if (names.flags) fail_invalid("--quantity: {} is not a quantity; give a whole number of 1 or more", in.quantity);
      fail_invalid("{}: {} is not a quantity; give a whole number of 1 or more", names.quantity, in.quantity);
    }
    p.quantity = std::stoll(q);
  }
  p.note = trim(without_invisible(in.note));
  if (in.date.empty()) {
    LocalTime t = to_local(now);
    p.purchased_at = from_local(t.year, t.month, t.day);
  } else {
    LocalTime d = parse_date(nfkc(in.date, names.date), names.date);
    p.purchased_at = from_local(d.year, d.month, d.day);
  }
  if (p.purchased_at > now) {
    if (names.flags)
      fail_invalid("--date: {} is in the future; record a purchase once it is made", format_date(p.purchased_at));
    fail_invalid("{}: {} is in the future; record a purchase once it is made", names.date, format_date(p.purchased_at));
  }
  p.recorded_at = now;
  return p;
}

// Inside the caller's transaction: writes the purchase of `customer` and turns a potential
// customer active.
PurchaseRecorded write_purchase(Database& db, const Actor& actor, Epoch now, Purchase p, const std::string& customer) {
  CustomerStore customers(db);
  Customer before = customers.get(customer);
  p.recorded_by = actor.staff_id;
  p.customer_id = before.id;
  p.customer_number = before.number;
  p.customer_name = before.name;
  PurchaseRecorded out;
  out.purchase = PurchaseStore(db).add(p, actor);
  out.purchase.customer_number = before.number;
  out.purchase.customer_name = before.name;
  if (before.category == "potential") {
    Customer after = before;
    after.category = "active";
    customers.update(before, after, actor, now);
    out.activated = true;
  }
  return out;
}

// The columns of a purchase file, by their headers (compared as header_key gives them).
struct PurchaseColumns {
  std::optional<std::size_t> customer, date, item, amount, quantity, note;
};
PurchaseColumns purchase_columns(const std::vector<std::string>& headers, const std::string& path) {
  PurchaseColumns c;
  c.customer = find_column(headers, {"客户编号", "客户", "客户号", "编号", "customer", "customernumber", "customerno"});
  c.date = find_column(headers, {"日期", "购买日期", "购买时间", "date", "purchasedate"});
  c.item = find_column(headers, {"产品", "购买内容", "商品", "产品名称", "内容", "item", "product"});
  c.amount = find_column(headers, {"金额", "金额元", "购买金额", "amount", "amountyuan"});
  c.quantity = find_column(headers, {"数量", "quantity", "qty"});
  c.note = find_column(headers, {"备注", "说明", "note", "notes", "remark"});
  std::vector<std::string> missing;
  if (!c.customer) missing.emplace_back("客户编号/customer");
  if (!c.item) missing.emplace_back("产品/item");
  if (!c.amount) missing.emplace_back("金额/amount");
  if (!missing.empty()) {
    std::vector<std::string> found;
    for (const auto& h : headers) found.push_back("'" + h + "'");
    fail_invalid("{}:1: no column {}; the header row holds {}; nothing was imported", path,
                 join(missing, std::string(tr_ctx("list", ", "))), join(found, std::string(tr_ctx("list", ", "))));
  }
  return c;
}

}  // namespace

PurchaseRecorded record_purchase(Database& db, const Actor& actor, Epoch now, const PurchaseInput& in) {
  actor.require(Permission::purchase_record);
  Purchase p = checked_purchase(in, now, FieldNames{});
  Database::Transaction tx(db);
  PurchaseRecorded out = write_purchase(db, actor, now, std::move(p), in.customer);
  tx.commit();
  return out;
}

PurchaseImport import_purchases(Database& db, const Actor& actor, Epoch now, const PurchaseFile& file) {
  actor.require(Permission::purchase_record);
  TextTable table = read_text_table(file.path, file.encoding);
  PurchaseColumns cols = purchase_columns(table.headers, file.path);
  PurchaseImport out;
  out.encoding = table.encoding;
  std::vector<std::string> errors;
  auto where = [&](const CsvRecord& r, std::optional<std::size_t> col) {
    if (!col) return fmt::format("{}:{}", file.path, r.line);
    return trf("{}:{}: column {} ({})", file.path, r.line, *col + 1, table.headers[*col]);
  };
  Database::Transaction tx(db);
  PurchaseStore store(db);
  if (auto prior = store.imported(table.sha256); prior && !file.again)
    fail(ErrorKind::conflict,
         "{}: the same file ({}) was imported at {} by {}; nothing was imported; if these are other purchases "
         "that happen to match, import it with --again",
         file.path, prior->source, format_local(prior->at), prior->actor);
  std::string first, last;
  for (const auto& r : table.rows) {
    ++out.rows;
    if (!r.error.empty()) {
      std::optional<std::size_t> col;
      if (r.error_column > 0 && r.error_column <= table.headers.size()) col = r.error_column - 1;
      errors.push_back(fmt::format("{}: {}", where(r, col), r.error));
      continue;
    }
    auto cell = [&](std::optional<std::size_t> c) { return c && *c < r.fields.size() ? trim(r.fields[*c]) : std::string(); };
    PurchaseInput in;
    in.customer = cell(cols.customer);
    in.date = spreadsheet_date(nfkc(cell(cols.date), "date"));
    in.item = cell(cols.item);
    in.amount = cell(cols.amount);
    in.quantity = cell(cols.quantity);
    in.note = cell(cols.note);
    FieldNames names;
    names.flags = false;
    names.item = where(r, cols.item);
    names.amount = where(r, cols.amount);
    names.date = cols.date ? where(r, cols.date) : where(r, std::nullopt);
    names.quantity = cols.quantity ? where(r, cols.quantity) : where(r, std::nullopt);
    try {
      if (in.customer.empty()) fail_invalid("{}: empty; give the customer's number (KH…)", where(r, cols.customer));
      Purchase p = checked_purchase(in, now, names);
      PurchaseRecorded rec = [&] {
        try {
          return write_purchase(db, actor, now, std::move(p), in.customer);
        } catch (const Error& e) {
          if (e.kind() != ErrorKind::not_found) throw;
          throw Error(ErrorKind::invalid, fmt::format("{}: {}", where(r, cols.customer), e.what()));
        }
      }();
      ++out.recorded;
      if (first.empty()) first = rec.purchase.number;
      last = rec.purchase.number;
      out.amount_fen += rec.purchase.amount_fen;
      if (rec.activated) out.activated.emplace_back(rec.purchase.customer_number, rec.purchase.customer_name);
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::invalid) throw;
      errors.push_back(e.what());
    }
  }
  if (!errors.empty()) {
    out.recorded = 0;
    out.amount_fen = 0;
    out.activated.clear();
    out.errors = std::move(errors);
    return out;  // the transaction rolls back: nothing is recorded
  }
  if (out.rows == 0) fail_invalid("{}: no purchase rows under the header; nothing was imported", file.path);
  store.record_import(PurchaseImportOrigin{file.path, table.sha256, table.bytes, out.rows, out.recorded, first, last},
                      actor, now);
  tx.commit();
  return out;
}

}  // namespace csdesk
