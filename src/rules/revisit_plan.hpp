#pragma once
// Revisit rules: which revisits are due (routine by grade interval since last contact,
// occasions and birthdays), what a follow-up score does to its complaint, when a customer
// turns at-risk, and the order of the worklist. Pure: plain values in, plain values out.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "util/time.hpp"

namespace csdesk {

struct Occasion {
  int month = 1, day = 1;
  std::string purpose;  // holiday, maintenance, …
  std::string label;    // 国庆问候
};
// Entries "MM-DD purpose label"; throws invalid naming revisit.occasions and the entry.
std::vector<Occasion> parse_occasions(const std::vector<std::string>& entries);

struct PlanCustomer {
  std::int64_t id = 0;
  std::optional<std::string> grade;     // A, B, C
  std::string category = "potential";   // lost customers are not planned
  std::optional<bool> consent;          // false: no marketing purposes
  std::optional<std::string> birthday;  // MM-DD
  Epoch last_contact = 0;
};

struct PlanSettings {
  std::map<std::string, std::int64_t> interval_days;  // grade → days
  std::vector<Occasion> occasions;
  std::int64_t lead_days = 7;                         // occasions planned this many days ahead
  std::vector<std::string> marketing_purposes;        // skipped without consent
};

struct PlannedRevisit {
  std::string plan_key;  // unique: planning twice plans nothing new
  std::int64_t customer_id = 0;
  std::string purpose;
  Epoch due_at = 0;
  std::string content;
};

// Candidate revisits at `now`; the store keeps those whose plan_key is new.
std::vector<PlannedRevisit> plan_revisits(const std::vector<PlanCustomer>& customers, const PlanSettings& settings,
                                          Epoch now);

// Plan key of a complaint's follow-up: one per resolution (a reopened complaint gets another).
std::string followup_plan_key(std::int64_t complaint_id, std::int64_t reopened_count);

enum class FollowUpOutcome { reopen, close, keep };
// A follow-up score at or below the floor reopens the complaint; at or above satisfied_min closes it.
FollowUpOutcome followup_outcome(int score, int floor, int satisfied_min);

// Low satisfaction in a row: the `count` most recent scores (newest first) are all at or below `floor`.
bool low_scores_in_a_row(const std::vector<int>& newest_first, std::int64_t count, int floor);
// No contact for `days` days.
bool no_contact_too_long(Epoch last_contact, Epoch now, std::int64_t days);

// phone, sms, visit — also 电话, 短信, 登门 / 上门 / 预约登门; nothing when unknown.
std::optional<std::string> parse_revisit_method(const std::string& text);
// Purposes a revisit may have: after-sale, satisfaction, complaint-follow-up, holiday, maintenance,
// birthday, routine, promotion, plus those of the configured occasions.
std::vector<std::string> revisit_purposes(const std::vector<Occasion>& occasions);
// A purpose from its English name or Chinese (售后回访, 满意度调查, 投诉回访, 节日问候, 保养提醒,
// 生日问候, 例行回访); nothing when not one of `allowed`.
std::optional<std::string> parse_revisit_purpose(const std::string& text, const std::vector<std::string>& allowed);
// A revisit's content as the reader reads it: the text plan_revisits writes for a routine revisit
// ("grade A revisit every 30 days", stored in English) in the current language; any other as it is.
std::string planned_content_text(const std::string& content);

// Worklist order: overdue first, then grade A before B before C (ungraded last), then earliest due.
struct WorkItem {
  Epoch due_at = 0;
  std::optional<std::string> grade;
};
bool more_urgent(const WorkItem& a, const WorkItem& b, Epoch now);

}  // namespace csdesk
