#include "rules/revisit_plan.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <tuple>

#include "rules/vocabulary.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

namespace csdesk {
namespace {

constexpr std::int64_t kDay = 86400;

// "MM-DD" (or "M-D") in digits only: sscanf's %d would also take "+1-01" and " 1-01".
bool parse_month_day(const std::string& text, int& month, int& day) {
  auto dash = text.find('-');
  auto digits = [](std::string_view part) {
    return part.size() >= 1 && part.size() <= 2 && std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (dash == std::string::npos || !digits(std::string_view(text).substr(0, dash)) ||
      !digits(std::string_view(text).substr(dash + 1)))
    return false;
  month = std::stoi(text.substr(0, dash));
  day = std::stoi(text.substr(dash + 1));
  return month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(2024, month);
}

// The first date on or after today (local) that falls on month-day, if within `lead_days`.
std::optional<Epoch> upcoming(int month, int day, Epoch now, std::int64_t lead_days) {
  LocalTime today = to_local(now);
  Epoch today_start = from_local(today.year, today.month, today.day);
  for (int year = today.year; year <= today.year + 1; ++year) {
    if (day > days_in_month(year, month)) continue;  // 02-29 outside leap years
    Epoch date = from_local(year, month, day);
    if (date < today_start) continue;
    if (date - today_start <= lead_days * kDay) return date;
    return std::nullopt;
  }
  return std::nullopt;
}

int grade_rank(const std::optional<std::string>& grade) {
  if (!grade) return 3;
  if (*grade == "A") return 0;
  if (*grade == "B") return 1;
  if (*grade == "C") return 2;
  return 3;
}

}  // namespace

std::vector<Occasion> parse_occasions(const std::vector<std::string>& entries) {
  std::vector<Occasion> out;
  for (const auto& entry : entries) {
    auto parts = split(trim(entry), ' ');
    std::erase_if(parts, [](const std::string& p) { return p.empty(); });
    Occasion o;
    if (parts.size() < 3 || !parse_month_day(parts[0], o.month, o.day))
      fail_invalid("revisit.occasions: '{}' must read \"MM-DD purpose label\", such as \"10-01 holiday 国庆问候\"",
                   entry);
    o.purpose = parts[1];
    o.label = join(std::vector<std::string>(parts.begin() + 2, parts.end()), " ");
    out.push_back(o);
  }
  return out;
}

std::vector<PlannedRevisit> plan_revisits(const std::vector<PlanCustomer>& customers, const PlanSettings& settings,
                                          Epoch now) {
  std::vector<PlannedRevisit> out;
  auto marketing = [&](const std::string& purpose) {
    return std::find(settings.marketing_purposes.begin(), settings.marketing_purposes.end(), purpose) !=
           settings.marketing_purposes.end();
  };
  for (const auto& c : customers) {
    if (c.category == "lost") continue;
    bool may_market = !(c.consent && !*c.consent);
    if (c.grade) {
      auto it = settings.interval_days.find(*c.grade);
      if (it != settings.interval_days.end()) {
        Epoch due = c.last_contact + it->second * kDay;
        if (due <= now)
          out.push_back({fmt::format("routine:{}:{}", c.id, c.last_contact), c.id, "routine", due,
                         fmt::format("grade {} revisit every {} days", *c.grade, it->second)});
      }
    }
    for (const auto& o : settings.occasions) {
      if (marketing(o.purpose) && !may_market) continue;
      if (auto date = upcoming(o.month, o.day, now, settings.lead_days))
        out.push_back({fmt::format("occasion:{}:{}:{}", format_date(*date), o.purpose, c.id), c.id, o.purpose, *date,
                       o.label});
    }
    int bm, bd;
    if (c.birthday && parse_month_day(*c.birthday, bm, bd) && (may_market || !marketing("birthday")))
      if (auto date = upcoming(bm, bd, now, settings.lead_days))
        out.push_back({fmt::format("birthday:{}:{}", format_date(*date), c.id), c.id, "birthday", *date, "生日问候"});
  }
  return out;
}

std::string followup_plan_key(std::int64_t complaint_id, std::int64_t reopened_count) {
  return reopened_count == 0 ? fmt::format("complaint:{}", complaint_id)
                             : fmt::format("complaint:{}:{}", complaint_id, reopened_count);
}

FollowUpOutcome followup_outcome(int score, int floor, int satisfied_min) {
  if (score <= floor) return FollowUpOutcome::reopen;
  if (score >= satisfied_min) return FollowUpOutcome::close;
  return FollowUpOutcome::keep;
}

bool low_scores_in_a_row(const std::vector<int>& newest_first, std::int64_t count, int floor) {
  if (count <= 0 || static_cast<std::int64_t>(newest_first.size()) < count) return false;
  return std::all_of(newest_first.begin(), newest_first.begin() + count, [&](int s) { return s <= floor; });
}

bool no_contact_too_long(Epoch last_contact, Epoch now, std::int64_t days) { return now - last_contact >= days * kDay; }

std::optional<std::string> parse_revisit_method(const std::string& text) { return vocab::parse(vocab::revisit_method, text); }

std::vector<std::string> revisit_purposes(const std::vector<Occasion>& occasions) {
  std::vector<std::string> out = vocab::codes(vocab::revisit_purpose);
  for (const auto& o : occasions)
    if (std::find(out.begin(), out.end(), o.purpose) == out.end()) out.push_back(o.purpose);
  return out;
}

std::optional<std::string> parse_revisit_purpose(const std::string& text, const std::vector<std::string>& allowed) {
  return vocab::parse(vocab::revisit_purpose, text, allowed);
}

std::string planned_content_text(const std::string& content) {
  // The words plan_revisits writes for a routine revisit (stored in English, like every code).
  static const std::string before = "grade ", middle = " revisit every ", after = " days";
  if (content.rfind(before, 0) != 0 || content.size() < before.size() + middle.size() + after.size() ||
      content.compare(content.size() - after.size(), after.size(), after) != 0)
    return content;
  std::string inner = content.substr(before.size(), content.size() - before.size() - after.size());
  auto at = inner.find(middle);
  if (at == std::string::npos) return content;
  std::string grade = inner.substr(0, at), days = inner.substr(at + middle.size());
  if (grade.empty() || days.empty() || !std::all_of(days.begin(), days.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return content;
  return trf("grade {} revisit every {} days", grade, days);
}

bool more_urgent(const WorkItem& a, const WorkItem& b, Epoch now) {
  return std::make_tuple(a.due_at < now ? 0 : 1, grade_rank(a.grade), a.due_at) <
         std::make_tuple(b.due_at < now ? 0 : 1, grade_rank(b.grade), b.due_at);
}

}  // namespace csdesk
