#pragma once
// The monthly score table (考核): each active staff member's registration points and indicators,
// the combined score and the awards, from the month's raw figures (src/store/reports.hpp)
// through the rules of src/rules/scoring.hpp.
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "output/render.hpp"
#include "rules/scoring.hpp"
#include "store/reports.hpp"
#include "store/staff.hpp"
#include "util/time.hpp"

namespace csdesk {

struct PersonScore {
  Staff staff;
  std::string rule;  // which rule scored the person: "registration + indicators" or "indicators only"
  std::optional<std::int64_t> registrations;
  std::optional<scoring::RegistrationRule> registration_rule;  // after prorating
  std::int64_t complaints_handled = 0, complaints_due = 0, complaints_on_time = 0, complaints_resolved = 0;
  std::int64_t satisfaction_scored = 0, satisfaction_satisfied = 0;
  scoring::Indicators indicators;
  scoring::Combined combined;
  std::vector<std::string> adjustment_kinds;
  bool full_attendance = true;
  bool performance_award = false;
};

struct MonthScores {
  Period month;
  std::vector<PersonScore> people;  // by employee number
  bool award_shared = false;
};

MonthScores score_month(const Period& month, const std::vector<Staff>& active_staff,
                        const std::vector<std::pair<std::int64_t, StaffMonth>>& months,
                        const std::vector<ComplaintRow>& complaints_opened, const Config& config, Epoch now);

// The score table and the awards table.
std::vector<Table> score_tables(const MonthScores& scores);
// How every point of one person came about.
Table explain_table(const PersonScore& p, const Config& config);

}  // namespace csdesk
