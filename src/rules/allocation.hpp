#pragma once
// Allocation (分配, DOMAIN "Allocation rules"): who gets a customer, and why, in one line.
// Pure: the caller loads staff, loads and cursors, and stores the decision.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace csdesk::allocation {

// A working shift as minutes after local midnight, [begin, end).
struct ShiftHours {
  int begin = 0;
  int end = 24 * 60;
};
// "09:00-16:30" → {540, 990}; throws invalid naming `what`.
ShiftHours parse_shift_hours(const std::string& text, const std::string& what);

struct SalesPerson {
  std::int64_t id = 0;
  std::string number;  // 工号: round-robin order
  std::string name;
  bool active = true;
  bool sales = true;
  std::optional<std::string> city, shift;  // shift: "early", "late" or none (always on)
  std::int64_t load = 0;                   // open customers assigned this month (least-loaded)
};

// A city/region or need keyword → the employee numbers who take it, in round-robin order.
using StaffLists = std::map<std::string, std::vector<std::string>>;

// Built from config by allocation_policy (config/policies.hpp); the service adds the clock.
struct AllocationSettings {
  std::string rule = "round-robin";  // round-robin, least-loaded, region, need
  StaffLists region, need;           // config assign.region / assign.need
  bool only_on_shift = false;
  ShiftHours early, late;
  int minute_of_day = 0;             // local time now, for only_on_shift
};

struct CustomerFacts {
  std::optional<std::int64_t> owner_id;  // current owner, if any
  bool returning = false;                // has called again since registering
  std::optional<std::string> city, needs;
};

// Round-robin cursors: scope ("sales", "region:北京", "need:ERP") → employee number last given work.
using Cursors = std::map<std::string, std::string>;

struct Decision {
  std::optional<std::int64_t> staff_id;  // none: the unclaimed pool
  std::string staff_number;
  std::string rule;                      // owner, round-robin, least-loaded, region, need, pool
  std::string reason;                    // one line, e.g. "round-robin: next after 1003"
  std::string cursor_scope;              // the cursor moved, if any ("" when none)
  std::string pool_cause{};              // to the pool: why nobody was chosen ("no active sales")
};

// Employee-number order: numerically when both are digits ("999" < "1003"), else as text.
bool staff_number_less(const std::string& a, const std::string& b);

bool on_shift(const SalesPerson& p, const AllocationSettings& s);

// Decides one customer. `staff` is every staff member that could matter (the owner, sales of
// any state); ineligible ones are skipped with the reason kept. `exclude` is never chosen
// (reassignment away from the current owner) and disables owner stickiness. Moves `cursors`.
Decision allocate(const CustomerFacts& customer, const std::vector<SalesPerson>& staff, const AllocationSettings& settings,
                  Cursors& cursors, std::optional<std::int64_t> exclude = std::nullopt);

// An urgent customer's contact deadline was missed: contacted after it, or not contacted and now
// past it. Superseded assignments and those without a deadline never are.
bool missed_contact_deadline(bool current, bool urgent, std::optional<std::int64_t> deadline,
                             std::optional<std::int64_t> contacted_at, std::int64_t now);

}  // namespace csdesk::allocation
