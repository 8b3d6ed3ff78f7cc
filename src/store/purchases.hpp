#pragma once
// Purchase records (购买记录, seed 000) and the counts behind the repeat-purchase rate (seed 002).
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace csdesk {

struct Purchase {
  std::int64_t id = 0;
  std::string number;  // GM202611-0001
  std::int64_t customer_id = 0;
  std::string customer_number, customer_name;  // filled when listing
  Epoch purchased_at = 0;                      // local midnight of the purchase date
  std::string item;
  std::int64_t quantity = 1;
  std::int64_t amount_fen = 0;
  std::string note;
  std::optional<std::int64_t> recorded_by;
  Epoch recorded_at = 0;
};

struct PurchaseFilter {
  std::optional<std::int64_t> customer_id;
  std::optional<Epoch> since, until;  // purchased_at within [since, until)
};

// Customers who bought within a window, and those of them who bought at least twice.
struct BuyerCounts {
  std::int64_t buyers = 0, repeat_buyers = 0;
};

// A file of purchases imported in one batch (purchase import), kept as its audit row.
struct PurchaseImportOrigin {
  std::string source, sha256;
  std::int64_t bytes = 0, rows = 0, recorded = 0;
  std::string first, last;  // purchase numbers
};
struct PriorImport {
  Epoch at = 0;
  std::string actor, source;
};

class PurchaseStore {
 public:
  explicit PurchaseStore(Database& db) : db_(db) {}
  // Inside a Transaction: numbers it (GM + the month it is recorded in), writes and audits it.
  Purchase add(Purchase p, const Actor& actor);
  // Oldest purchase first.
  std::vector<Purchase> list(const PurchaseFilter& filter);
  BuyerCounts buyers(Epoch since, Epoch until);
  // Inside a Transaction: the batch's audit row (source, SHA-256, counts, first and last number).
  void record_import(const PurchaseImportOrigin& origin, const Actor& actor, Epoch now);
  // The first import of a file with these bytes, if one was made.
  std::optional<PriorImport> imported(const std::string& sha256);
  // When the first purchase on record was made; nullopt when none is.
  std::optional<Epoch> first_purchase();

 private:
  Database& db_;
};

}  // namespace csdesk
