#pragma once
// Registering contacts and merging customers (register, import, complain new, customer merge):
// the store's Registrar and merge with what the store does not decide — the notifications a
// returning customer's owner and a salesperson who loses a merged customer get.
#include <cstdint>
#include <string>

#include "store/customers.hpp"

namespace csdesk {

// The payload of the 'returning' notification for `owner` when `customer` is in touch again.
std::string returning_payload(const Staff& owner, const Customer& customer, const NewContact& contact);

// A batch registration (an import): a Registrar whose returning customers' owners are told.
class BatchRegistration : public Registrar {
 public:
  BatchRegistration(Database& db, Intake intake, std::int64_t expected_rows)
      : Registrar(db, std::move(intake), returning_payload, true, expected_rows) {}
};

// One contact (register, complain new): call inside a Transaction.
RegisterResult register_contact(Database& db, const NewContact& contact, const Intake& intake);

// Merges `other` into `keep` (CustomerStore::merge). Afterwards one current assignment remains,
// of the owner kept; a salesperson who had the merged-away customer (or an assignment of either)
// and lost it is told, like after a reassignment. Inside a Transaction.
MergeResult merge_customers(Database& db, const Customer& keep, const Customer& other, const Actor& actor, Epoch now);

}  // namespace csdesk
