#pragma once
// Registering contacts, editing and merging customers (register, import, complain new, customer edit, merge):
// the store's Registrar and merge with what the store does not decide — the notifications a
// returning customer's owner and a salesperson who loses a merged customer get.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "assign/allocator.hpp"
#include "store/customers.hpp"

namespace csdesk {

// The payload of the 'returning' notification for `owner` when `customer` is in touch again.
std::string returning_payload(const Staff& owner, const Customer& customer, const NewContact& contact);

// A batch registration (register --from): a Registrar whose returning customers' owners are told.
// Refused (6) before anything is read unless intake.actor may import (Permission::import_customers).
class BatchRegistration : public Registrar {
 public:
  BatchRegistration(Database& db, Intake intake, std::int64_t expected_rows)
      : Registrar(db, permitted(std::move(intake)), returning_payload, true, expected_rows) {}
  // The intake, once its actor may import: callers ask before making any file or taking the write lock.
  static Intake permitted(Intake intake);
};

// `register` whole (seed 001: 所有客户信息需在5分钟内登记完毕,并通知到负责人): the contact registered,
// a new customer given its owner at once (allocate_registered) when `allocate`
// (intake.assign_at_register, not `register --no-assign`), in one transaction; then, after the
// commit, the owner's notification (new or returning) delivered through `channel`, and when it
// was delivered recorded on it (notifications.sent_at). One not delivered stays pending for
// `assign notify`. Refused (6) unless intake.actor may register.
struct Registration {
  RegisterResult result;
  std::optional<AllocationOutcome> assigned;  // the owner this registration gave a new customer
  std::vector<Delivery> deliveries;           // the owner's notifications, as delivered or not
  // The owner's notification was delivered: when (none: not delivered, or nobody to tell).
  std::optional<Epoch> owner_notified_at() const;
};
Registration register_and_notify(Database& db, const Config& cfg, const NewContact& contact, const Intake& intake,
                                 bool allocate, const NotificationChannel& channel);

// One contact with no permission of its own: for a service that has checked its own (complain new).
RegisterResult register_contact(Database& db, const NewContact& contact, const Intake& intake);

// `customer edit`: `change` turns the customer `ref` into what it should be, written in one transaction.
// Refused (6) before the customer is read unless the operator may edit customers (Permission::edit_customer).
Customer edit_customer(Database& db, const Actor& actor, Epoch now, const std::string& ref, const ContactView* view,
                       const std::function<Customer(const Customer&)>& change);

// Merges `other` into `keep` (CustomerStore::merge); refused (6) unless `actor` may merge customers. Afterwards one current assignment remains,
// of the owner kept; a salesperson who had the merged-away customer (or an assignment of either)
// and lost it is told, like after a reassignment. Inside a Transaction.
MergeResult merge_customers(Database& db, const Customer& keep, const Customer& other, const Actor& actor, Epoch now);
// `customer merge KEEP OTHER`: the permission first, then both customers read and merged in one transaction.
MergeResult merge_customers(Database& db, const std::string& keep, const std::string& other, const Actor& actor, Epoch now);

}  // namespace csdesk
