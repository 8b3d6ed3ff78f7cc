#pragma once
// The duty rota (值班表, seed 001) as a service: a month planned in one transaction — weekday
// after-hours duty in turn among the active agents, continuing from the month before, Saturday duty
// in turn among the staff the plan names — listed, and swapped one duty at a time. Planning and
// swapping need Permission::duty_plan; reading is for anyone on the staff list.
#include <string>
#include <vector>

#include "config/config.hpp"
#include "store/duty.hpp"

namespace csdesk {

struct DutyPlanRequest {
  std::string month;                  // YYYY-MM
  std::vector<std::string> saturday;  // staff taking Saturday duty in turn (工号 or name); none: no Saturday duty
  bool replace = false;               // plan a month that already has a rota again
};

// Refused: 3 for a bad month or staff, 5 when the month already has a rota (without replace) or no
// one can take duty, 6 without the permission.
std::vector<DutyEntry> plan_duty(Database& db, const Config& config, const Actor& actor, Epoch now,
                                 const DutyPlanRequest& request);
std::vector<DutyEntry> list_duty(Database& db, const std::string& month, const std::string& staff);
// The duty of `date` (after-hours, else Saturday; or `kind`) goes from `from`, who must hold it, to `to`.
DutyEntry swap_duty(Database& db, const Actor& actor, Epoch now, const std::string& date, const std::string& kind,
                    const std::string& from, const std::string& to);

}  // namespace csdesk
