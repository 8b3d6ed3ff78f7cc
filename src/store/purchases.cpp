#include "store/purchases.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include "store/sql_values.hpp"
#include "util/json.hpp"

namespace csdesk {

Purchase PurchaseStore::add(Purchase p, const Actor& actor) {
  p.number = db_.next_number("GM", p.recorded_at);
  SQLite::Statement q(db_.sql(),
                      "INSERT INTO purchases (number, customer_id, purchased_at, item, quantity, amount_fen, note, recorded_by, "
                      "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, p.number);
  q.bind(2, static_cast<int64_t>(p.customer_id));
  q.bind(3, static_cast<int64_t>(p.purchased_at));
  q.bind(4, p.item);
  q.bind(5, static_cast<int64_t>(p.quantity));
  q.bind(6, static_cast<int64_t>(p.amount_fen));
  if (p.note.empty()) q.bind(7);
  else q.bind(7, p.note);
  if (p.recorded_by) q.bind(8, static_cast<int64_t>(*p.recorded_by));
  else q.bind(8);
  q.bind(9, static_cast<int64_t>(p.recorded_at));
  q.exec();
  p.id = db_.sql().getLastInsertRowid();
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
  SQLite::Statement q(db_.sql(), sql);
  q.bind(1, static_cast<int64_t>(filter.since.value_or(INT64_MIN)));
  q.bind(2, static_cast<int64_t>(filter.until.value_or(INT64_MAX)));
  if (filter.customer_id) q.bind(3, static_cast<int64_t>(*filter.customer_id));
  std::vector<Purchase> out;
  while (q.executeStep()) {
    Purchase p;
    p.id = q.getColumn(0).getInt64();
    p.number = q.getColumn(1).getString();
    p.customer_id = q.getColumn(2).getInt64();
    p.customer_number = q.getColumn(3).getString();
    p.customer_name = q.getColumn(4).getString();
    p.purchased_at = q.getColumn(5).getInt64();
    p.item = q.getColumn(6).getString();
    p.quantity = q.getColumn(7).getInt64();
    p.amount_fen = q.getColumn(8).getInt64();
    p.note = q.getColumn(9).getString();
    p.recorded_by = sql::opt_int(q.getColumn(10));
    p.recorded_at = q.getColumn(11).getInt64();
    out.push_back(std::move(p));
  }
  return out;
}

BuyerCounts PurchaseStore::buyers(Epoch since, Epoch until) {
  // A merged-away customer's purchases moved to the customer kept, so each buyer is one customer.
  SQLite::Statement q(db_.sql(),
                      "SELECT COUNT(*), coalesce(SUM(CASE WHEN n >= 2 THEN 1 ELSE 0 END), 0) FROM "
                      "(SELECT customer_id, COUNT(*) AS n FROM purchases WHERE purchased_at >= ? AND purchased_at < ? "
                      "GROUP BY customer_id) AS per_customer");
  q.bind(1, static_cast<int64_t>(since));
  q.bind(2, static_cast<int64_t>(until));
  q.executeStep();
  return {q.getColumn(0).getInt64(), q.getColumn(1).getInt64()};
}

std::optional<Epoch> PurchaseStore::first_purchase() {
  SQLite::Statement q(db_.sql(), "SELECT min(purchased_at) FROM purchases");
  q.executeStep();
  return sql::opt_int(q.getColumn(0));
}

void PurchaseStore::record_import(const PurchaseImportOrigin& origin, const Actor& actor, Epoch now) {
  JsonObject after;
  after.add("source", origin.source).add("sha256", origin.sha256).add("bytes", origin.bytes);
  after.add("rows_read", origin.rows).add("recorded", origin.recorded).add("first", origin.first).add("last", origin.last);
  std::string label = origin.first == origin.last ? origin.first : origin.first + ".." + origin.last;
  db_.audit(actor, now, AuditEntry{"purchase-import", std::nullopt, label, "import", "", after.str()});
}

std::optional<PriorImport> PurchaseStore::imported(const std::string& sha256) {
  SQLite::Statement q(db_.sql(),
                      "SELECT at, actor, json_extract(after, '$.source') FROM audit "
                      "WHERE record_kind = 'purchase-import' AND json_extract(after, '$.sha256') = ? ORDER BY id LIMIT 1");
  q.bind(1, sha256);
  if (!q.executeStep()) return std::nullopt;
  return PriorImport{q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).isNull() ? "" : q.getColumn(2).getString()};
}

}  // namespace csdesk
