#include "rules/allocation.hpp"

#include <algorithm>
#include <cstdio>
#include <fmt/format.h>

#include "util/error.hpp"
#include "util/i18n.hpp"
#include "util/text.hpp"

namespace csdesk::allocation {
namespace {

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::vector<const SalesPerson*> eligible(const std::vector<SalesPerson>& staff, const AllocationSettings& s,
                                         std::optional<std::int64_t> exclude) {
  std::vector<const SalesPerson*> out;
  for (const auto& p : staff)
    if (p.active && p.sales && p.id != exclude && (!s.only_on_shift || on_shift(p, s))) out.push_back(&p);
  std::sort(out.begin(), out.end(), [](const SalesPerson* a, const SalesPerson* b) {
    return staff_number_less(a->number, b->number);
  });
  return out;
}

std::string numbers_of(const std::vector<const SalesPerson*>& people) {
  std::vector<std::string> numbers;
  for (const auto* p : people) numbers.push_back(p->number);
  return join(numbers, ",");
}

// The next person after the scope's cursor, wrapping around; `people` is in number order.
// `after`: the cursor it went on from, empty when the scope had none (the first in order).
const SalesPerson* next_after(const std::vector<const SalesPerson*>& people, const std::string& scope, Cursors& cursors,
                              std::string& after) {
  auto it = cursors.find(scope);
  const SalesPerson* chosen = people.front();
  after.clear();
  if (it != cursors.end() && !it->second.empty()) {
    for (const auto* p : people)
      if (staff_number_less(it->second, p->number)) {
        chosen = p;
        break;
      }
    after = it->second;
  }
  cursors[scope] = chosen->number;
  return chosen;
}

Decision pick(const SalesPerson* p, std::string rule, std::string reason, std::string scope) {
  return Decision{p->id, p->number, std::move(rule), std::move(reason), std::move(scope)};
}

Decision to_pool(std::string cause) {
  Decision d{std::nullopt, "", "pool", stored_sentence("allocation-reason", "{} → pool", cause), ""};
  d.pool_cause = std::move(cause);
  return d;
}

std::string nobody(const std::vector<SalesPerson>& staff, const AllocationSettings& s, std::optional<std::int64_t> exclude) {
  bool any_active = std::any_of(staff.begin(), staff.end(),
                                [&](const SalesPerson& p) { return p.active && p.sales && p.id != exclude; });
  if (any_active && s.only_on_shift)
    return std::string(exclude ? tr_ctx_noop("allocation-reason", "no other active sales on shift") : tr_ctx_noop("allocation-reason", "no active sales on shift"));
  return std::string(exclude ? tr_ctx_noop("allocation-reason", "no other active sales") : tr_ctx_noop("allocation-reason", "no active sales"));
}

// How a list's turn went: "{label} → 2001,2002; 2001 first in order" or "…; next after 2001".
enum class ListKind { region, staff_city, need };

std::string list_reason(ListKind kind, const std::string& key, const std::string& numbers, const SalesPerson& chosen,
                        const std::string& after) {
  bool first = after.empty();
  switch (kind) {
    case ListKind::region:
      return first ? stored_sentence("allocation-reason", "region {} → {}; {} first in order", key, numbers, chosen.number)
                   : stored_sentence("allocation-reason", "region {} → {}; next after {}", key, numbers, after);
    case ListKind::staff_city:
      return first ? stored_sentence("allocation-reason", "region {} (staff city) → {}; {} first in order", key, numbers, chosen.number)
                   : stored_sentence("allocation-reason", "region {} (staff city) → {}; next after {}", key, numbers, after);
    case ListKind::need:
      break;
  }
  return first ? stored_sentence("allocation-reason", "need {} → {}; {} first in order", key, numbers, chosen.number)
               : stored_sentence("allocation-reason", "need {} → {}; next after {}", key, numbers, after);
}

// People of a configured list who are eligible now, in number order.
std::vector<const SalesPerson*> members(const std::vector<const SalesPerson*>& pool, const std::vector<std::string>& numbers) {
  std::vector<const SalesPerson*> out;
  for (const auto* p : pool)
    if (std::find(numbers.begin(), numbers.end(), p->number) != numbers.end()) out.push_back(p);
  return out;
}

Decision by_list(const std::vector<const SalesPerson*>& people, const std::string& rule, ListKind kind,
                 const std::string& key, const std::string& scope, Cursors& cursors) {
  std::string after;
  const SalesPerson* p = next_after(people, scope, cursors, after);
  return pick(p, rule, list_reason(kind, key, numbers_of(people), *p, after), scope);
}

Decision by_region(const CustomerFacts& c, const std::vector<const SalesPerson*>& pool, const AllocationSettings& s,
                   Cursors& cursors) {
  std::string city = c.city ? trim(*c.city) : "";
  if (city.empty()) return to_pool(std::string(tr_ctx_noop("allocation-reason", "no city given for the region rule")));
  // The longest configured region that the city starts with: 北京 matches 北京市.
  const std::string* key = nullptr;
  for (const auto& [name, numbers] : s.region)
    if (starts_with(city, name) && (!key || name.size() > key->size())) key = &name;
  if (key) {
    auto people = members(pool, s.region.at(*key));
    if (people.empty())
      return to_pool(stored_sentence("allocation-reason", "no active sales in {} (assign.region {} = {})", city, *key, join(s.region.at(*key), ",")));
    return by_list(people, "region", ListKind::region, *key, "region:" + *key, cursors);
  }
  std::vector<const SalesPerson*> people;
  for (const auto* p : pool)
    if (p->city && !p->city->empty() && (starts_with(city, *p->city) || starts_with(*p->city, city))) people.push_back(p);
  if (people.empty()) return to_pool(stored_sentence("allocation-reason", "no active sales in {}", city));
  return by_list(people, "region", ListKind::staff_city, city, "region:" + city, cursors);
}

Decision by_need(const CustomerFacts& c, const std::vector<const SalesPerson*>& pool, const AllocationSettings& s,
                 Cursors& cursors) {
  std::string needs = c.needs ? to_lower_ascii(nfkc(*c.needs, "needs")) : "";
  if (trim(needs).empty()) return to_pool(std::string(tr_ctx_noop("allocation-reason", "no needs given for the need rule")));
  // The keyword mentioned first; on the same spot the longer one (ERP系统 over ERP).
  const std::string* key = nullptr;
  size_t best = std::string::npos;
  for (const auto& [name, numbers] : s.need) {
    size_t at = needs.find(to_lower_ascii(nfkc(name, "assign.need")));
    if (at == std::string::npos) continue;
    if (!key || at < best || (at == best && name.size() > key->size())) {
      key = &name;
      best = at;
    }
  }
  if (!key) return to_pool(stored_sentence("allocation-reason", "no need keyword in assign.need matches '{}'", *c.needs));
  auto people = members(pool, s.need.at(*key));
  if (people.empty())
    return to_pool(stored_sentence("allocation-reason", "no active sales for need {0} (assign.need {0} = {1})", *key, join(s.need.at(*key), ",")));
  return by_list(people, "need", ListKind::need, *key, "need:" + *key, cursors);
}

Decision by_load(const std::vector<const SalesPerson*>& pool, Cursors& cursors) {
  std::int64_t fewest = pool.front()->load;
  for (const auto* p : pool) fewest = std::min(fewest, p->load);
  std::vector<const SalesPerson*> tied;
  for (const auto* p : pool)
    if (p->load == fewest) tied.push_back(p);
  if (tied.size() == 1) {
    cursors["sales"] = tied.front()->number;  // later ties continue after whoever got work last
    return pick(tied.front(), "least-loaded",
                stored_sentence("allocation-reason", "least-loaded: {} has {} open customers this month (fewest)", tied.front()->number, fewest),
                "sales");
  }
  std::string after;
  const SalesPerson* p = next_after(tied, "sales", cursors, after);
  std::string reason =
      after.empty() ? stored_sentence("allocation-reason", "least-loaded: {} tied at {} open customers this month ({}); {} first in order", tied.size(),
                          fewest, numbers_of(tied), p->number)
                    : stored_sentence("allocation-reason", "least-loaded: {} tied at {} open customers this month ({}); next after {}", tied.size(), fewest,
                          numbers_of(tied), after);
  return pick(p, "least-loaded", reason, "sales");
}

}  // namespace

ShiftHours parse_shift_hours(const std::string& text, const std::string& what) {
  int h1, m1, h2, m2;
  char extra;
  if (std::sscanf(text.c_str(), "%2d:%2d-%2d:%2d%c", &h1, &m1, &h2, &m2, &extra) != 4)
    fail_invalid("{}: '{}' is not a time range; use HH:MM-HH:MM such as 09:00-16:30", what, text);
  return ShiftHours{h1 * 60 + m1, h2 * 60 + m2};
}

bool staff_number_less(const std::string& a, const std::string& b) {
  if (all_digits(a) && all_digits(b) && a.size() != b.size()) {
    // Leading zeros aside, a shorter digit string is the smaller number.
    auto strip = [](const std::string& s) { return s.substr(std::min(s.find_first_not_of('0'), s.size())); };
    std::string x = strip(a), y = strip(b);
    if (x.size() != y.size()) return x.size() < y.size();
    if (x != y) return x < y;
  }
  return a < b;
}

bool on_shift(const SalesPerson& p, const AllocationSettings& s) {
  if (!p.shift || p.shift->empty()) return true;
  const ShiftHours& h = *p.shift == "late" ? s.late : s.early;
  return s.minute_of_day >= h.begin && s.minute_of_day < h.end;
}

Decision allocate(const CustomerFacts& customer, const std::vector<SalesPerson>& staff, const AllocationSettings& settings,
                  Cursors& cursors, std::optional<std::int64_t> exclude) {
  std::string prefix;
  if (customer.owner_id && !exclude) {
    auto owner = std::find_if(staff.begin(), staff.end(), [&](const SalesPerson& p) { return p.id == *customer.owner_id; });
    if (owner != staff.end() && owner->active && owner->sales)
      return pick(&*owner, "owner",
                  std::string(customer.returning ? tr_ctx_noop("allocation-reason", "owner of returning customer") : tr_ctx_noop("allocation-reason", "owner: lead in progress")), "");
    if (owner == staff.end()) prefix = "cannot be found";
    else if (!owner->active) prefix = "deactivated";
    else prefix = "not in sales";
  }
  auto pool = eligible(staff, settings, exclude);
  Decision d;
  if (pool.empty()) {
    d = to_pool(nobody(staff, settings, exclude));
  } else if (settings.rule == "least-loaded") {
    d = by_load(pool, cursors);
  } else if (settings.rule == "region") {
    d = by_region(customer, pool, settings, cursors);
  } else if (settings.rule == "need") {
    d = by_need(customer, pool, settings, cursors);
  } else {
    std::string after;
    const SalesPerson* p = next_after(pool, "sales", cursors, after);
    d = pick(p, "round-robin",
             after.empty() ? stored_sentence("allocation-reason", "round-robin: {} first in order", p->number) : stored_sentence("allocation-reason", "round-robin: next after {}", after),
             "sales");
  }
  // Why the owner was passed over, before how the customer was allocated instead.
  if (prefix == "cannot be found") {
    d.reason = stored_sentence("allocation-reason", "owner cannot be found; {}", d.reason);
  } else if (!prefix.empty()) {
    const std::string& owner_number =
        std::find_if(staff.begin(), staff.end(), [&](const SalesPerson& p) { return p.id == *customer.owner_id; })->number;
    d.reason = prefix == "deactivated" ? stored_sentence("allocation-reason", "owner {} is deactivated; {}", owner_number, d.reason)
                                       : stored_sentence("allocation-reason", "owner {} is no longer in sales; {}", owner_number, d.reason);
  }
  return d;
}

bool missed_contact_deadline(bool current, bool urgent, std::optional<std::int64_t> deadline,
                             std::optional<std::int64_t> contacted_at, std::int64_t now) {
  if (!current || !urgent || !deadline) return false;
  return contacted_at ? *contacted_at > *deadline : now > *deadline;
}

}  // namespace csdesk::allocation
