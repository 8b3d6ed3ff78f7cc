#pragma once
// The monthly score table (考核): each active staff member's registration points and indicators,
// the combined score and the awards, from the month's raw figures (src/store/reports.hpp)
// through the rules of src/rules/scoring.hpp and the SLA clock of src/rules/complaint_sla.hpp;
// the issued (frozen) scores and the adjustments (奖扣分).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "output/render.hpp"
#include "report/issued.hpp"
#include "rules/complaint_sla.hpp"
#include "rules/scoring.hpp"
#include "store/reports.hpp"
#include "store/staff.hpp"
#include "util/time.hpp"

namespace csdesk {

// What the score reads from config, once.
struct ScorePolicy {
  scoring::RegistrationRule registration;  // score.target, score.base_points, …
  scoring::Weights weights;                // score.weights.*, score.complaint_penalty
  StringList target_roles;                 // score.target_roles
  bool prorate = false;                    // score.prorate
  bool attendance_tracked = false;         // score.attendance_tracked: 全勤奖 awarded only when true
  StringList about_staff_categories;       // complaint.about_staff_categories
  int satisfied_min = 4;                   // revisit.satisfied_min
  SlaPolicy sla;
};
ScorePolicy score_policy(const Config& config);

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
  std::vector<std::string> attendance_kinds;  // the month's attendance records (考勤)
  bool attendance_tracked = false;  // false: 全勤奖 not decided (full_attendance false, shown empty)
  bool active = false;              // registrations, revisits, complaints or adjustments in the month
  bool full_attendance = true;
  bool performance_award = false;
  bool in_award = false;            // competed for 绩效奖 (has a combined score)
  scoring::Award award;             // how 绩效奖 was decided this month (the same for everyone)
};

struct MonthScores {
  Period month;
  std::vector<PersonScore> people;  // by employee number
  bool award_shared = false;
  bool attendance_tracked = false;
};

MonthScores score_month(const Period& month, const std::vector<Staff>& active_staff,
                        const std::vector<std::pair<std::int64_t, StaffMonth>>& months,
                        const std::vector<ComplaintRow>& complaints_opened, const ScorePolicy& policy, Epoch now,
                        const std::map<std::int64_t, std::vector<std::string>>& attendance = {});
// The month's scores of every active staff member, read from the database.
MonthScores score_month(Database& db, const Period& month, const ScorePolicy& policy, Epoch now);

// The score table and the awards table.
std::vector<Table> score_tables(const MonthScores& scores);
// How every point of one person came about.
// `in_language`: the "how" texts in the current language (table and CSV); false: English (JSON).
Table explain_table(const PersonScore& p, const ScorePolicy& policy, bool in_language = false);

struct ScoreSheet {
  std::vector<Table> tables;  // scores and awards: the issued ones when the month was frozen
  IssueOutcome issue;
};
// `score`: the month's tables, frozen (freeze_as) or recalled as issued unless `recompute`.
ScoreSheet score_sheet(Database& db, const Period& month, const ScorePolicy& policy, std::optional<Actor> freeze_as,
                       bool recompute, Epoch now);
// `score explain`: how one active staff member's month was scored (conflict when deactivated);
// `in_language` as explain_table's.
Table explain_score(Database& db, const Period& month, const std::string& staff_ref, const ScorePolicy& policy,
                    Epoch now, bool in_language = false);

struct AdjustmentRequest {
  std::string kind, reason, date;  // as typed; date YYYY-MM-DD, empty for today
  double points = 0;
};
// `score adjust`, before anything is read: the adjustment the request describes, its kind known
// and its points of the right sign (invalid otherwise).
ScoreAdjustment checked_adjustment(const AdjustmentRequest& request, Epoch now);
// Stores the adjustment for the staff member `staff_ref`, audited. Needs Permission::score_adjust
// and a target other than the actor (not permitted otherwise); refused (conflict) when dated in
// frozen scores.
ScoreAdjustment add_adjustment(Database& db, ScoreAdjustment adjustment, const std::string& staff_ref,
                               const Actor& actor, Epoch now);
// `score adjustments`: the month's adjustments, optionally of one staff member.
std::vector<ScoreAdjustment> month_adjustments(Database& db, const Period& month, const std::string& staff_ref);
Table adjustment_table(const std::vector<ScoreAdjustment>& list, bool single);

}  // namespace csdesk
