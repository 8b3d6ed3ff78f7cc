#include "purchase/purchases.hpp"

#include "rules/purchase.hpp"
#include "store/customers.hpp"
#include "util/error.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

namespace csdesk {

PurchaseRecorded record_purchase(Database& db, const Actor& actor, Epoch now, const PurchaseInput& in) {
  actor.require(Permission::purchase_record);
  Purchase p;
  p.item = trim(without_invisible(nfkc(in.item, "--item")));
  if (p.item.empty()) fail_invalid("--item: say what the customer bought, e.g. --item 进销存软件");
  p.amount_fen = parse_amount_fen(nfkc(in.amount, "--amount"));
  if (!in.quantity.empty()) {
    std::string q = trim(nfkc(in.quantity, "--quantity"));
    bool digits = !q.empty() && q.size() <= 9 && q.find_first_not_of("0123456789") == std::string::npos;
    if (!digits || std::stoll(q) <= 0)
      fail_invalid("--quantity: {} is not a quantity; give a whole number of 1 or more", in.quantity);
    p.quantity = std::stoll(q);
  }
  p.note = trim(without_invisible(in.note));
  if (in.date.empty()) {
    LocalTime t = to_local(now);
    p.purchased_at = from_local(t.year, t.month, t.day);
  } else {
    LocalTime d = parse_date(nfkc(in.date, "--date"), "--date");
    p.purchased_at = from_local(d.year, d.month, d.day);
  }
  if (p.purchased_at > now) fail_invalid("--date: {} is in the future; record a purchase once it is made", format_date(p.purchased_at));
  p.recorded_at = now;
  p.recorded_by = actor.staff_id;
  Database::Transaction tx(db);
  CustomerStore customers(db);
  Customer before = customers.get(in.customer);
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
  tx.commit();
  return out;
}

}  // namespace csdesk
