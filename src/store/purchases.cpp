#include "store/purchases.hpp"


#include <fmt/format.h>

#include "store/dialect.hpp"
#include "store/sql_values.hpp"
#include "util/json.hpp"

namespace csdesk {

Purchase PurchaseStore::add(Purchase p, const Actor& actor) {
  p.number = db_.next_number("GM", p.recorded_at);
  sql::Statement q(db_.sql(),
                      "INSERT INTO purchases (number, customer_id, purchased_at, item, quantity, amount_fen, note, recorded_by, "
                      "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
  q.bind(1, p.number);
  q.bind(2, static_cast<int64_t>(p.customer_id));
  q.bind(3, static_cast<int64_t>(p.purchased_at));
  q.bind(4, p.item);
  q.bind(5, static_cast<int64_t>(p.quantity));
  q.bind(6, static_cast<int64_t>(p.amount_fen));
  if (p.note.empty()) q.bind_null(7);
  else q.bind(7, p.note);
  if (p.recorded_by) q.bind(8, static_cast<int64_t>(*p.recorded_by));
  else q.bind_null(8);
  q.bind(9, static_cast<int64_t>(p.recorded_at));
  p.id = q.run_returning_id();
  JsonObject after;
  after.add("customer_id", p.customer_id)
      .add("purchased_at", p.purchased_at)
      .add("item", p.item)
      .add("quantity", p.quantity)
      .add("amount_fen", p.amount_fen)
      .add("note", p.note);
  db_.audit(actor, p.recorded_at, AuditEntry{"purchase", p.id, p.number, "create", "", after.str()});
  return p;
}

std::vector<Purchase> PurchaseStore::list(const PurchaseFilter& filter) {
  std::string sql =
      "SELECT p.id, p.number, p.customer_id, c.number, c.name, p.purchased_at, p.item, p.quantity, p.amount_fen, "
      "coalesce(p.note, ''), p.recorded_by, p.recorded_at FROM purchases p JOIN customers c ON c.id = p.customer_id "
      "WHERE p.purchased_at >= ? AND p.purchased_at < ?";
  if (filter.customer_id) sql += " AND p.customer_id = ?";
  sql += " ORDER BY p.purchased_at, p.id";
  sql::Statement q(db_.sql(), sql);
  q.bind(1, static_cast<int64_t>(filter.since.value_or(INT64_MIN)));
  q.bind(2, static_cast<int64_t>(filter.until.value_or(INT64_MAX)));
  if (filter.customer_id) q.bind(3, static_cast<int64_t>(*filter.customer_id));
  std::vector<Purchase> out;
  while (q.step()) {
    Purchase p;
    p.id = q.column(0).int64();
    p.number = q.column(1).text();
    p.customer_id = q.column(2).int64();
    p.customer_number = q.column(3).text();
    p.customer_name = q.column(4).text();
    p.purchased_at = q.column(5).int64();
    p.item = q.column(6).text();
    p.quantity = q.column(7).int64();
    p.amount_fen = q.column(8).int64();
    p.note = q.column(9).text();
    p.recorded_by = sql::opt_int(q.column(10));
    p.recorded_at = q.column(11).int64();
    out.push_back(std::move(p));
  }
  return out;
}

BuyerCounts PurchaseStore::buyers(Epoch since, Epoch until) {
  // A merged-away customer's purchases moved to the customer kept, so each buyer is one customer.
  sql::Statement q(db_.sql(),
                      "SELECT COUNT(*), coalesce(SUM(CASE WHEN n >= 2 THEN 1 ELSE 0 END), 0) FROM "
                      "(SELECT customer_id, COUNT(*) AS n FROM purchases WHERE purchased_at >= ? AND purchased_at < ? "
                      "GROUP BY customer_id) AS per_customer");
  q.bind(1, static_cast<int64_t>(since));
  q.bind(2, static_cast<int64_t>(until));
  q.step();
  return {q.column(0).int64(), q.column(1).int64()};
}

std::optional<Epoch> PurchaseStore::first_purchase() {
  sql::Statement q(db_.sql(), "SELECT min(purchased_at) FROM purchases");
  q.step();
  return sql::opt_int(q.column(0));
}

void PurchaseStore::record_import(const PurchaseImportOrigin& origin, const Actor& actor, Epoch now) {
  JsonObject after;
  after.add("source", origin.source).add("sha256", origin.sha256).add("bytes", origin.bytes);
  after.add("rows_read", origin.rows).add("recorded", origin.recorded).add("first", origin.first).add("last", origin.last);
  std::string label = origin.first == origin.last ? origin.first : origin.first + ".." + origin.last;
  db_.audit(actor, now, AuditEntry{"purchase-import", std::nullopt, label, "import", "", after.str()});
}

std::optional<PriorImport> PurchaseStore::imported(const std::string& sha256) {
  const sql::Dialect& dialect = sql::dialect_of(db_.engine());
  sql::Statement q(db_.sql(),
                      fmt::format("SELECT at, actor, {} FROM audit WHERE record_kind = 'purchase-import' AND {} = ? "
                                  "ORDER BY id LIMIT 1",
                                  dialect.json_text("after", "source"), dialect.json_text("after", "sha256")));
  q.bind(1, sha256);
  if (!q.step()) return std::nullopt;
  return PriorImport{q.column(0).int64(), q.column(1).text(), q.column(2).is_null() ? "" : q.column(2).text()};
}

}  // namespace csdesk
