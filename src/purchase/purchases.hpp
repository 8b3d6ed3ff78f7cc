#pragma once
// Purchases as a service: recorded against a customer (Permission::purchase_record); the first one
// turns a potential customer (潜在客户) active (现有客户), in the customer's history.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "import/encoding.hpp"

#include "rules/permissions.hpp"
#include "store/database.hpp"
#include "store/purchases.hpp"

namespace csdesk {

struct PurchaseInput {
  std::string customer;  // KH… number or id
  std::string date;      // YYYY-MM-DD; empty: today
  std::string item, amount, note;
  std::string quantity;  // empty: 1; full-width digits read
};

struct PurchaseRecorded {
  Purchase purchase;
  bool activated = false;  // the customer was potential and is now active
};

PurchaseRecorded record_purchase(Database& db, const Actor& actor, Epoch now, const PurchaseInput& in);

// A CSV/TSV file of purchases (客户编号/customer, 日期/date, 产品/item, 金额/amount, 数量/quantity,
// 备注/note), its encoding detected as the customer import detects it, or named.
struct PurchaseFile {
  std::string path;
  std::optional<Encoding> encoding;
  bool again = false;  // import a file whose very bytes were imported before (else refused, conflict)
};
struct PurchaseImport {
  Encoding encoding = Encoding::utf8;
  std::int64_t rows = 0, recorded = 0, amount_fen = 0;
  std::vector<std::pair<std::string, std::string>> activated;  // number and name of each potential customer made active
  // Each bad row, "FILE:LINE: column N (HEADER): what is wrong"; when there is one, nothing was
  // recorded (recorded is 0).
  std::vector<std::string> errors;
};
// All or nothing, in one transaction: every row is checked as `purchase add` checks it; with any
// bad row (in `errors`, named by file, line and column) nothing is recorded. A file that cannot be
// read, or lacks a needed column, throws invalid.
PurchaseImport import_purchases(Database& db, const Actor& actor, Epoch now, const PurchaseFile& file);

}  // namespace csdesk
