#pragma once
// csdesk's codes, one list per vocabulary: the English codes JSON carries, their Chinese names
// (po/zh_CN.po, msgctxt = the vocabulary's name) and the synonyms accepted as input. A code is
// accepted in either language wherever it is asked for; table and CSV show it in the reader's
// (Column::with_terms).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/i18n.hpp"

namespace csdesk::vocab {

// The vocabularies, by name (also their gettext context).
inline constexpr const char* channel = "channel";                          // phone, online, qq, email, wechat, walk-in, event, revisit
inline constexpr const char* opinion_item = "opinion-item";                // product, service, delivery, suggestions
inline constexpr const char* customer_category = "customer-category";      // potential, active, at-risk, lost
inline constexpr const char* registration_status = "registration-status";  // new, returning
inline constexpr const char* complaint_status = "complaint-status";        // open … reopened
inline constexpr const char* complaint_category = "complaint-category";    // the default complaint.categories
inline constexpr const char* priority = "priority";                        // P1, P2, P3
inline constexpr const char* escalation = "escalation";                    // handler, supervisor, manager
inline constexpr const char* role = "role";                                // consult … admin
inline constexpr const char* shift = "shift";                              // early, late
inline constexpr const char* adjustment_kind = "adjustment-kind";          // praise, complaint, late, …
inline constexpr const char* attendance_kind = "attendance-kind";          // sign-in, sign-out, late, …
inline constexpr const char* duty_kind = "duty-kind";                      // after-hours, saturday
inline constexpr const char* revisit_status = "revisit-status";            // planned, done, cancelled
inline constexpr const char* revisit_method = "revisit-method";            // phone, sms, visit
inline constexpr const char* revisit_purpose = "revisit-purpose";          // after-sale, satisfaction, …
inline constexpr const char* grade = "grade";                              // A, B, C
inline constexpr const char* yes_no = "yes-no";                            // yes, no
inline constexpr const char* customer_field = "customer-field";            // name, company, phone, … (--clear, matched on)
// Codes shown in the reader's language (Column::with_terms), asked for nowhere.
inline constexpr const char* consent = "consent";                          // yes, NO, not asked (customer lists)
inline constexpr const char* timeline_kind = "timeline-kind";              // contact, assignment, complaint, revisit
inline constexpr const char* timeline_note = "timeline-note";              // urgent, registered late, pool
inline constexpr const char* score_rule = "score-rule";                    // registration + indicators, indicators only
inline constexpr const char* score_item = "score-item";                    // the lines of score explain
inline constexpr const char* award = "award";                              // the awards of the score sheet
inline constexpr const char* award_note = "award-note";                    // how each award is decided
inline constexpr const char* summary_row = "summary-row";                  // (all), (none): rows of statistics
inline constexpr const char* report_unit = "report-unit";                  // h: the trend's hours (% is %)
inline constexpr const char* report_figure = "report-figure";              // the trend's figures
inline constexpr const char* report_target = "report-target";              // the targets of seed 002
inline constexpr const char* alert_state = "alert-state";                  // report alerts: how a figure stands
inline constexpr const char* escalation_level = "escalation-level";        // "0 handler", "1 supervisor", "2 manager"
inline constexpr const char* sla_clock = "sla-clock";                      // first-response, resolution, email-reply, …
inline constexpr const char* complaint_action = "complaint-action";        // a complaint's log: new, respond, …
inline constexpr const char* assign_rule = "assign-rule";                  // owner, round-robin, …, pool
inline constexpr const char* assignment_status = "assignment-status";      // current, superseded
inline constexpr const char* notification_kind = "notification-kind";      // assigned, reassigned, …
inline constexpr const char* notification_status = "notification-status";  // pending, sent
inline constexpr const char* notification_target = "notification-target";  // all sales (else an employee number)
inline constexpr const char* audit_action = "audit-action";                // the audit trail's actions: create, …
inline constexpr const char* audit_field = "audit-field";                  // the fields of audited records' images
inline constexpr const char* check_item = "check-item";                    // check: integrity, foreign_keys, …
inline constexpr const char* check_result = "check-result";                // check: ok, FAILED
inline constexpr const char* init_state = "init-state";                    // init: created, upgraded, up to date
inline constexpr const char* config_scope = "config-scope";                // department, desk
inline constexpr const char* config_source = "config-source";              // default, database (others are places: file:line, env …)
inline constexpr const char* calendar_day = "calendar-day";                // off, workday
inline constexpr const char* weekday = "weekday";                          // sun … sat

// Every code of `vocabulary`, in its order. A vocabulary not listed has none (a logic error).
const std::vector<std::string>& codes(std::string_view vocabulary);
// The code `input` names in `vocabulary`: the code in any case, its Chinese name, or a synonym.
// `allowed` narrows (or, for configured lists such as complaint.categories, replaces) the codes.
std::optional<std::string> parse(std::string_view vocabulary, std::string_view input);
std::optional<std::string> parse(std::string_view vocabulary, std::string_view input,
                                 const std::vector<std::string>& allowed);
// The name of `code` in the current language (util/i18n.hpp), for text built around a code.
std::string name(std::string_view vocabulary, std::string_view code);
// "open (待处理), in-progress (处理中), …": what an error lists as accepted.
std::string listed(std::string_view vocabulary);
std::string listed(std::string_view vocabulary, const std::vector<std::string>& codes);

// The parse of `input` or an invalid-input error (exit 3) naming `what` (a flag or field), the
// value and every accepted code with its Chinese name.
std::string require(std::string_view vocabulary, std::string_view input, std::string_view what);
std::string require(std::string_view vocabulary, std::string_view input, std::string_view what,
                    const std::vector<std::string>& allowed);

}  // namespace csdesk::vocab
