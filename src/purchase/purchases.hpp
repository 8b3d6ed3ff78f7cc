#pragma once
// Purchases as a service: recorded against a customer (Permission::purchase_record); the first one
// turns a potential customer (潜在客户) active (现有客户), in the customer's history.
#include <string>
#include <vector>

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

}  // namespace csdesk
