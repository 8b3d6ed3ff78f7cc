#pragma once
// Allocation as a service (DOMAIN "Allocation rules"): runs the decisions of `csdesk assign`
// against the database — who gets each customer, the pool, claiming, recording contact,
// reassigning overdue customers, queueing and delivering notifications. Returns results;
// prints nothing and parses no command line.
#include <cstdint>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "assign/notify.hpp"
#include "rules/allocation.hpp"
#include "store/assignments.hpp"
#include "store/customers.hpp"
#include "store/database.hpp"
#include "store/staff.hpp"

namespace csdesk {

// One assignment made (or planned) in a run, with what the output and notifications need.
struct AllocationOutcome {
  Assignment a;
  Customer customer;
  std::optional<Staff> staff, previous;
};

// Receives each outcome as it is made, so that a large run keeps only what the caller keeps.
using OutcomeSink = std::function<void(const AllocationOutcome&)>;

allocation::AllocationSettings allocation_settings(const Config& cfg, Epoch now);

// Warnings for a region or need list naming someone not on the staff list (a config mistake).
std::vector<std::string> unknown_staff_warnings(const allocation::AllocationSettings& s, const std::vector<Staff>& staff);

// --to and claim: an active salesperson, or why not (conflict naming `what`).
Staff require_sales(const Staff& s, const std::string& what);

struct AllocateRequest {
  std::vector<std::string> customers;  // none: every customer waiting
  std::string to;                      // by hand to this salesperson (工号 or name); empty: by rule
  bool pool = false;                   // also try the unclaimed pool again
  bool dry_run = false;                // plan only: every transaction rolls back
};

// Allocates customers (Permission::run_allocation; by hand, request.to, Permission::assign_to); returns
// the ids of the notifications queued (nothing to deliver on a dry run).
std::vector<std::int64_t> allocate_customers(Database& db, const Config& cfg, Epoch now, const Actor& actor,
                                             const allocation::AllocationSettings& settings, const AllocateRequest& request,
                                             const OutcomeSink& sink);

// Registration's allocation (seed 001: 登记完毕,并通知到负责人; intake.assign_at_register): the new
// customer just registered gets its owner by the department's rule inside the caller's transaction,
// and the owner's notification is queued for delivery after the commit. With nobody eligible it is
// left waiting for a batch `assign` (which decides the pool). No permission of its own: register's.
struct RegisterAllocation {
  std::optional<AllocationOutcome> outcome;  // none: nobody eligible, still waiting
  std::vector<std::int64_t> notifications;
};
RegisterAllocation allocate_registered(Database& db, const Config& cfg, Epoch now, const Actor& actor,
                                       std::int64_t customer_id);

// `me` (the operator) claims the named unclaimed customers (Permission::claim).
void claim_customers(Database& db, const Config& cfg, Epoch now, const Actor& actor, const Staff& me,
                     const std::vector<std::string>& customers, const OutcomeSink& sink);

struct ContactRecorded {
  Assignment a;
  Customer customer;
};

// Records that `by` (the owner) made contact with the customer at `at` (not later than now). Needs
// Permission::claim, and for a `by` other than the operator Permission::assign_to as well.
ContactRecorded record_contact(Database& db, Epoch now, const Actor& actor, const std::string& customer,
                               const Staff& by, Epoch at);

struct OverdueReassignment {
  std::vector<std::int64_t> notifications;  // queued, to deliver after the commit
  std::vector<std::string> kept;            // customers nobody could take, with why
};

// Hands each urgent customer not contacted in time to the next eligible salesperson (Permission::run_allocation).
OverdueReassignment reassign_overdue(Database& db, const Config& cfg, Epoch now, const Actor& actor, bool dry_run,
                                     const OutcomeSink& sink);

struct Delivery {
  Notification n;
  DeliveryResult result;
};

// How notifications reach people: config notify.command, or when that is empty, printing.
struct NotificationChannel {
  std::string command;
  std::chrono::milliseconds timeout;  // notify.timeout_seconds: how long the command may run
  // Asked once before printing: which of these may show personal data unmasked (the operator's
  // need to know of each one's customer); the caller records the showing.
  std::function<std::vector<bool>(const std::vector<Notification>&)> reveal;
  std::function<void(const std::string& line)> print;
};

// Delivers after the assignments are committed, outside any write transaction, so a slow
// notifier never holds the database; each notification is held while it is sent so that a
// concurrent deliverer skips it. `ids`: these (just created), else every pending one.
std::vector<Delivery> deliver_notifications(Database& db, const NotificationChannel& channel, Epoch now,
                                            const Actor& actor, const std::optional<std::vector<std::int64_t>>& ids);

// `assign notify`: delivers every pending notification (a dry run only lists them). Refused (6) unless
// `actor` may run allocation; the deliveries after a run are that run's (deliver_notifications).
std::vector<Delivery> deliver_pending(Database& db, const NotificationChannel& channel, Epoch now, const Actor& actor,
                                      bool dry_run);

}  // namespace csdesk
