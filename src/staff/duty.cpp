#include "staff/duty.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "config/policies.hpp"
#include "rules/duty.hpp"
#include "rules/vocabulary.hpp"
#include "store/staff.hpp"
#include "util/error.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

namespace csdesk {
namespace {

struct MonthRange {
  int year = 0, month = 0;
  std::string label, from, to;  // [from, to) as YYYY-MM-DD
};

MonthRange month_range(const std::string& text) {
  Period p = month_period(trim(nfkc(text, "--month")), "--month");
  LocalTime t = to_local(p.begin);
  MonthRange m{t.year, t.month, p.label, fmt::format("{:04}-{:02}-01", t.year, t.month), ""};
  m.to = t.month == 12 ? fmt::format("{:04}-01-01", t.year + 1) : fmt::format("{:04}-{:02}-01", t.year, t.month + 1);
  return m;
}

Staff active(StaffStore& staff, const std::string& ref, const char* flag) {
  auto s = staff.find(trim(nfkc(ref, flag)));
  if (!s) fail_not_found("{}: no staff member '{}'; see `csdesk staff list`", flag, ref);
  if (!s->active) fail_conflict("{}: {} {} is deactivated; choose an active staff member", flag, s->number, s->name);
  return *s;
}

Epoch local_minute(const std::string& date, int minute) {
  LocalTime d = parse_date(date, "date");
  return from_local(d.year, d.month, d.day) + static_cast<Epoch>(minute) * 60;
}

}  // namespace

std::vector<DutyEntry> plan_duty(Database& db, const Config& config, const Actor& actor, Epoch now,
                                 const DutyPlanRequest& request) {
  actor.require(Permission::duty_plan);
  MonthRange m = month_range(request.month);
  Database::Transaction tx(db);
  StaffStore staff(db);
  DutyStore rota(db);
  if (!request.replace && !rota.between(m.from, m.to, std::nullopt).empty())
    fail_conflict("the duty rota for {} is already planned; `csdesk duty list --month {}` shows it, "
                  "`csdesk duty plan --month {} --replace` plans it again (its swaps are lost)",
                  m.label, m.label, m.label);

  DutyPlanInput in;
  in.year = m.year;
  in.month = m.month;
  in.calendar = sla_policy(config).calendar;
  in.office_start = in.calendar.start_minute;
  in.office_end = in.calendar.end_minute;
  in.duty_minutes = static_cast<int>(config.integer("hours.after_hours_duty_minutes"));
  std::map<std::int64_t, Staff> by_id;
  auto agents = staff.active_with_role("consult");
  std::sort(agents.begin(), agents.end(), [](const Staff& a, const Staff& b) { return a.number < b.number; });
  for (const auto& a : agents) {
    in.agents.push_back(a.id);
    by_id[a.id] = a;
  }
  // The turn goes on from whoever had the last duty before the month.
  if (auto last = rota.last_after_hours_before(m.from)) {
    auto it = std::find(in.agents.begin(), in.agents.end(), *last);
    if (it != in.agents.end()) in.first_agent = static_cast<std::size_t>(it - in.agents.begin()) + 1;
  }
  for (const auto& ref : request.saturday) {
    Staff s = active(staff, ref, "--saturday");
    in.saturday_staff.push_back(s.id);
    by_id[s.id] = s;
  }
  if (in.agents.empty() && in.saturday_staff.empty())
    fail_conflict("no one can take duty in {}: there is no active consult agent and no --saturday staff; "
                  "add agents with `csdesk staff add … --roles consult`", m.label);

  std::vector<DutyEntry> entries;
  for (const auto& slot : plan_duty_month(in)) {
    DutyEntry e;
    e.date = slot.date;
    e.kind = slot.kind;
    e.staff_id = slot.staff_id;
    e.staff_number = by_id[slot.staff_id].number;
    e.staff_name = by_id[slot.staff_id].name;
    e.starts_at = local_minute(slot.date, slot.start_minute);
    e.ends_at = local_minute(slot.date, slot.end_minute);
    entries.push_back(e);
  }
  rota.replace(m.label, m.from, m.to, entries, actor, now);
  auto planned = rota.between(m.from, m.to, std::nullopt);
  tx.commit();
  return planned;
}

std::vector<DutyEntry> list_duty(Database& db, const std::string& month, const std::string& staff_ref) {
  MonthRange m = month_range(month);
  std::optional<std::int64_t> staff_id;
  if (!trim(staff_ref).empty()) staff_id = StaffStore(db).get(trim(nfkc(staff_ref, "--staff"))).id;
  return DutyStore(db).between(m.from, m.to, staff_id);
}

DutyEntry swap_duty(Database& db, const Actor& actor, Epoch now, const std::string& date_text, const std::string& kind_text,
                    const std::string& from_ref, const std::string& to_ref) {
  actor.require(Permission::duty_plan);
  LocalTime d = parse_date(trim(nfkc(date_text, "DATE")), "DATE");
  std::string date = fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day);
  std::optional<std::string> kind;
  if (!trim(kind_text).empty()) {
    kind = vocab::parse(vocab::duty_kind, trim(kind_text));
    if (!kind) fail_invalid("--kind: '{}' is not a duty; use after-hours (下班后值班) or saturday (周六值班)", kind_text);
  }
  Database::Transaction tx(db);
  StaffStore staff(db);
  DutyStore rota(db);
  std::optional<DutyEntry> entry = kind ? rota.find(date, *kind) : rota.find(date, "after-hours");
  if (!entry && !kind) entry = rota.find(date, "saturday");
  if (!entry) fail_not_found("no duty on {} in the rota; see `csdesk duty list --month {}`", date, date.substr(0, 7));
  Staff from = staff.get(trim(nfkc(from_ref, "--from")));
  if (from.id != entry->staff_id)
    fail_conflict("--from: the duty on {} is {} {}'s, not {} {}'s", date, entry->staff_number, entry->staff_name,
                  from.number, from.name);
  Staff to = active(staff, to_ref, "--to");
  if (to.id == from.id) fail_invalid("--to: {} {} already has the duty on {}", to.number, to.name, date);
  rota.swap(*entry, to.id, actor, now);
  DutyEntry swapped = *rota.find(entry->date, entry->kind);
  tx.commit();
  return swapped;
}

}  // namespace csdesk
