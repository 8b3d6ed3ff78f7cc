#include "assign/allocator.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "config/policies.hpp"
#include "util/error.hpp"
#include "rules/vocabulary.hpp"
#include "util/i18n.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

namespace csdesk {
namespace {

// An allocation reason (stored in English) as the reader reads it.
std::string reason_shown(const std::string& reason) { return term_in("allocation-reason", reason, language()); }


// Customers allocated per write transaction: short enough that concurrent runs interleave.
constexpr std::int64_t kBatch = 200;

// Everything allocation decisions read, loaded inside the write transaction.
struct AllocationState {
  std::vector<Staff> staff;
  std::vector<allocation::SalesPerson> people;
  allocation::Cursors cursors;

  // Loads are counted only for the least-loaded rule: counting scans the month's assignments.
  AllocationState(Database& db, Epoch now, const std::string& rule) {
    AssignmentStore store(db);
    Period month = month_containing(now);
    std::map<std::int64_t, std::int64_t> loads;
    if (rule == "least-loaded") loads = store.open_loads(month.begin, month.end);
    staff = StaffStore(db).list();
    for (const auto& s : staff) {
      allocation::SalesPerson p;
      p.id = s.id;
      p.number = s.number;
      p.name = s.name;
      p.active = s.active;
      p.sales = s.has_role("sales");
      p.city = s.city;
      p.shift = s.shift;
      p.load = loads.count(s.id) ? loads.at(s.id) : 0;
      people.push_back(p);
    }
    cursors = store.cursors();
  }

  std::optional<Staff> staff_by_id(std::optional<std::int64_t> id) const {
    if (!id) return std::nullopt;
    for (const auto& s : staff)
      if (s.id == *id) return s;
    return std::nullopt;
  }

  // Moves the shared cursor and the chosen person's load after a decision is kept.
  void take(const allocation::Decision& d, AssignmentStore& store) {
    if (!d.staff_id) return;
    if (!d.cursor_scope.empty()) store.set_cursor(d.cursor_scope, *d.staff_id);
    for (auto& p : people)
      if (p.id == *d.staff_id) ++p.load;
  }
};

NotificationFacts facts_for(const AllocationOutcome& o, const std::string& kind, const Staff* to,
                            const std::string& note) {
  NotificationFacts f;
  f.kind = kind;
  if (to) {
    f.staff_number = to->number;
    f.staff_name = to->name;
  }
  const Customer& c = o.customer;
  f.customer_number = c.number;
  f.customer_name = c.name;
  f.company = c.company;
  f.phone = c.phone;
  f.email = c.email;
  f.qq = c.qq;
  f.wechat = c.wechat;
  f.channel = c.channel;
  f.city = c.city;
  f.needs = c.needs;
  f.assignment_number = o.a.number;
  f.rule = o.a.rule;
  f.reason = o.a.reason;
  f.assigned_at = o.a.at;
  f.deadline = o.a.deadline;
  f.note = note;
  return f;
}

// The notifications an assignment produces: the new owner, the previous owner ("told"), or
// an announcement for claiming when the customer went to the pool.
std::vector<std::int64_t> queue_notifications(Database& db, const AllocationOutcome& o, const Actor& actor) {
  NotificationStore store(db);
  std::vector<std::int64_t> ids;
  auto add = [&](const std::string& kind, const Staff* to, const std::string& note) {
    Notification n;
    n.at = o.a.at;
    n.staff_id = to ? std::optional<std::int64_t>(to->id) : std::nullopt;
    n.customer_id = o.customer.id;
    n.assignment_id = o.a.id;
    n.kind = kind;
    NotificationFacts facts = facts_for(o, kind, to, note);
    if (kind == "reassigned-away") facts.deadline.reset();  // the deadline is no longer theirs
    if (kind == "reassigned-away" || kind == "pool") mask_contacts(facts);  // not (or not yet) their customer
    n.payload = notification_payload(facts);
    ids.push_back(store.add(n, actor));
  };
  std::string urgency = o.a.deadline
                            ? trf("urgent: contact within {0} minutes (加急, {0}分钟内联系)", (*o.a.deadline - o.a.at) / 60)
                            : std::string(tr("please get in touch (请尽快联系)"));
  if (!o.staff) {
    add("pool", nullptr, trf("unclaimed, claim with `csdesk assign claim {}` (待认领): {}", o.customer.number, reason_shown(o.a.reason)));
    return ids;
  }
  if (o.a.rule == "claim") return ids;  // the owner did it themselves
  // register has told the owner of a returning customer already; tell again only with a deadline.
  if (o.a.rule == "owner" && !o.a.deadline &&
      AssignmentStore(db).owner_told_of_latest_contact(o.customer.id, o.staff->id))
    return ids;
  bool moved = o.previous && o.previous->id != o.staff->id;
  if (o.a.rule == "reassign") {
    add("reassigned", &*o.staff,
        trf("reassigned to you from {} {} (转给您); {}", o.previous->number, o.previous->name, urgency));
  } else {
    add("assigned", &*o.staff, fmt::format("{}; {}", reason_shown(o.a.reason), urgency));
  }
  if (moved && o.previous->active)
    add("reassigned-away", &*o.previous,
        trf("customer handed to {0} {1} (客户已转给 {1}): {2}", o.staff->number, o.staff->name, reason_shown(o.a.reason)));
  return ids;
}

// One write run: the state every decision reads and where the results go.
struct Run {
  Database& db;
  const Config& cfg;
  Epoch now;
  const Actor& actor;
  const OutcomeSink& sink;
  std::vector<std::int64_t> notifications;

  void record(const Customer& c, std::optional<std::int64_t> staff_id, const std::string& rule,
              const std::string& reason, const AllocationState& state) {
    AssignmentStore store(db);
    bool urgent = staff_id && store.needs_urgent_contact(c);
    NewAssignment n;
    n.customer_id = c.id;
    n.staff_id = staff_id;
    n.rule = rule;
    n.reason = reason;
    n.urgent = urgent;
    if (urgent) n.deadline = now + cfg.integer("assign.urgent_contact_minutes") * 60;
    AllocationOutcome o;
    o.previous = state.staff_by_id(c.owner_id);
    o.a = store.record(n, actor, now);
    o.customer = c;
    o.staff = state.staff_by_id(staff_id);
    auto ids = queue_notifications(db, o, actor);
    notifications.insert(notifications.end(), ids.begin(), ids.end());
    sink(o);
  }

  void allocate(const Customer& c, const allocation::AllocationSettings& settings, AllocationState& state) {
    AssignmentStore store(db);
    allocation::CustomerFacts facts;
    facts.owner_id = c.owner_id;
    facts.returning = c.owner_id && store.has_returned(c.id);
    facts.city = c.city;
    facts.needs = c.needs;
    allocation::Decision d = allocation::allocate(facts, state.people, settings, state.cursors);
    state.take(d, store);
    record(c, d.staff_id, d.rule, d.reason, state);
  }
};

}  // namespace

allocation::AllocationSettings allocation_settings(const Config& cfg, Epoch now) {
  allocation::AllocationSettings s = allocation_policy(cfg);
  LocalTime local = to_local(now);
  s.minute_of_day = local.hour * 60 + local.minute;
  return s;
}

std::vector<std::string> unknown_staff_warnings(const allocation::AllocationSettings& s, const std::vector<Staff>& staff) {
  std::vector<std::string> warnings;
  const allocation::StaffLists* map = s.rule == "region" ? &s.region : s.rule == "need" ? &s.need : nullptr;
  if (!map) return warnings;
  for (const auto& [key, numbers] : *map)
    for (const auto& number : numbers)
      if (std::none_of(staff.begin(), staff.end(), [&](const Staff& p) { return p.number == number; }))
        warnings.push_back(
            trf("assign.{} {} names {}, who is not on the staff list (`csdesk staff list --all`)", s.rule, key, number));
  return warnings;
}

Staff require_sales(const Staff& s, const std::string& what) {
  if (!s.active) fail_conflict("{}: {} {} is deactivated; choose an active salesperson (`csdesk staff list --role sales`)",
                               what, s.number, s.name);
  if (!s.has_role("sales")) {
    std::vector<std::string> roles;
    for (const auto& role : s.roles) roles.push_back(vocab::name(vocab::role, role));
    fail_conflict("{}: {} {} is not in sales (roles: {}); choose a salesperson (`csdesk staff list --role sales`)", what,
                  s.number, s.name, join(roles, ","));
  }
  return s;
}

std::vector<std::int64_t> allocate_customers(Database& db, const Config& cfg, Epoch now, const Actor& actor,
                                             const allocation::AllocationSettings& settings, const AllocateRequest& request,
                                             const OutcomeSink& sink) {
  // A dry run shows the plan, which is the run's to know: the same permission.
  actor.require(request.to.empty() ? Permission::run_allocation : Permission::assign_to);
  Run run{db, cfg, now, actor, sink, {}};
  if (!request.customers.empty()) {
    Database::Transaction tx(db);
    AllocationState state(db, now, cfg.text("assign.rule"));
    CustomerStore customers(db);
    std::optional<Staff> to;
    if (!request.to.empty()) to = require_sales(StaffStore(db).get(request.to), "--to");
    std::vector<Customer> named;
    for (const auto& ref : request.customers) {
      Customer c = customers.get(ref);
      if (std::none_of(named.begin(), named.end(), [&](const Customer& n) { return n.id == c.id; })) named.push_back(c);
    }
    for (const auto& c : named) {
      if (to && c.owner_id == to->id)
        fail_conflict("{} is already assigned to {} {}; nothing to hand over", c.number, to->number, to->name);
    }
    for (const auto& c : named) {
      if (to) {
        auto previous = state.staff_by_id(c.owner_id);
        std::string reason = previous ? trf("by hand ({}); was {} {}", actor.label, previous->number, previous->name)
                                      : trf("by hand ({})", actor.label);
        run.record(c, to->id, "manual", reason, state);
      } else {
        run.allocate(c, settings, state);
      }
    }
    if (!request.dry_run) tx.commit();
  } else {
    // Each batch takes the write lock before reading who is waiting, so concurrent runs never
    // assign one customer twice or skip one. A dry run plans everything in one rolled-back batch.
    std::int64_t after = 0;
    while (true) {
      Database::Transaction tx(db);
      AssignmentStore store(db);
      auto ids = store.waiting(after, request.dry_run ? INT64_MAX : kBatch, request.pool);
      if (ids.empty()) break;
      AllocationState state(db, now, cfg.text("assign.rule"));
      CustomerStore customers(db);
      for (auto id : ids) {
        auto c = customers.by_id(id);
        if (c) run.allocate(*c, settings, state);
      }
      after = ids.back();
      if (request.dry_run) break;
      tx.commit();
    }
  }
  if (request.dry_run) return {};
  return run.notifications;
}

RegisterAllocation allocate_registered(Database& db, const Config& cfg, Epoch now, const Actor& actor,
                                       std::int64_t customer_id) {
  RegisterAllocation out;
  auto c = CustomerStore(db).by_id(customer_id);
  if (!c || c->owner_id || c->in_pool) return out;
  auto settings = allocation_settings(cfg, now);
  OutcomeSink keep = [&out](const AllocationOutcome& o) { out.outcome = o; };
  Run run{db, cfg, now, actor, keep, {}};
  AllocationState state(db, now, cfg.text("assign.rule"));
  allocation::CustomerFacts facts;
  facts.city = c->city;
  facts.needs = c->needs;
  allocation::Decision d = allocation::allocate(facts, state.people, settings, state.cursors);
  if (!d.staff_id) return out;  // the pool is a batch run's decision
  AssignmentStore store(db);
  state.take(d, store);
  run.record(*c, d.staff_id, d.rule, d.reason, state);
  out.notifications = std::move(run.notifications);
  return out;
}

void claim_customers(Database& db, const Config& cfg, Epoch now, const Actor& actor, const Staff& me,
                     const std::vector<std::string>& customers, const OutcomeSink& sink) {
  actor.require(Permission::claim);
  // One claims for oneself: an admin entering it names the salesperson with --as.
  if (actor.staff_id != me.id)
    fail_not_permitted("not permitted: {} ({}) may claim customers only for themselves, not for {} {}", actor.label,
                       join(actor.roles, ", "), me.number, me.name);
  require_sales(me, "assign claim");
  Run run{db, cfg, now, actor, sink, {}};
  Database::Transaction tx(db);
  AllocationState state(db, now, cfg.text("assign.rule"));
  CustomerStore store(db);
  std::vector<Customer> named;
  for (const auto& ref : customers) {
    Customer c = store.get(ref);
    auto owner = state.staff_by_id(c.owner_id);
    if (owner && owner->id == me.id) fail_conflict("{} is already yours ({} {})", c.number, me.number, me.name);
    if (owner && owner->active && owner->has_role("sales"))
      fail_conflict("{} belongs to {} {}, not to the pool; only unclaimed customers can be claimed "
                    "(a supervisor can move it: `csdesk assign {} --to {}`)",
                    c.number, owner->number, owner->name, c.number, me.number);
    if (std::none_of(named.begin(), named.end(), [&](const Customer& n) { return n.id == c.id; })) named.push_back(c);
  }
  for (const auto& c : named) {
    std::string reason = c.in_pool ? trf("claimed by {} {} from the pool", me.number, me.name)
                                   : trf("claimed by {} {}", me.number, me.name);
    run.record(c, me.id, "claim", reason, state);
  }
  tx.commit();
}

ContactRecorded record_contact(Database& db, Epoch now, const Actor& actor, const std::string& customer,
                               const Staff& by, Epoch at) {
  actor.require(Permission::claim);
  // A salesperson records their own contact; someone else's is for those who may move customers.
  if (actor.staff_id != by.id && !actor.may(Permission::assign_to))
    fail_not_permitted("not permitted: {} ({}) may record only their own contact, not {} {}'s; recording another's needs "
                       "the role {} (permissions.{})", actor.label, join(actor.roles, ", "), by.number, by.name,
                       join(actor.roles_for(Permission::assign_to), " or "), permission_rule(Permission::assign_to).name);
  Database::Transaction tx(db);
  AssignmentStore store(db);
  Customer c = CustomerStore(db).get(customer);
  auto current = store.current(c.id);
  if (!current || !current->staff_id)
  {
    if (c.in_pool) fail_conflict("{} has no salesperson (it is in the unclaimed pool); assign or claim it first", c.number);
    fail_conflict("{} has no salesperson (it is unassigned); assign or claim it first", c.number);
  }
  auto owner = StaffStore(db).by_id(*current->staff_id);
  if (current->contacted_at)
    fail_conflict("{}: contact was already recorded at {} on {}", c.number, format_local(*current->contacted_at),
                  current->number);
  if (*current->staff_id != by.id)
    fail_conflict("{} is assigned to {} {}, not to {} {}; record the owner's contact with --by {}", c.number,
                  owner->number, owner->name, by.number, by.name, owner->number);
  if (at < current->at)
    fail_invalid("--at: {} is before the assignment at {}; give the time contact was made", format_local(at),
                 format_local(current->at));
  Assignment a = store.record_contact(*current, by.id, at, actor, now);
  tx.commit();
  return ContactRecorded{a, c};
}

OverdueReassignment reassign_overdue(Database& db, const Config& cfg, Epoch now, const Actor& actor, bool dry_run,
                                     const OutcomeSink& sink) {
  actor.require(Permission::run_allocation);
  auto settings = allocation_settings(cfg, now);
  Run run{db, cfg, now, actor, sink, {}};
  OverdueReassignment result;
  AssignmentFilter f;
  f.overdue_at = now;
  Database::Transaction tx(db);
  AssignmentStore store(db);
  AllocationState state(db, now, cfg.text("assign.rule"));
  CustomerStore customers(db);
  for (const auto& v : store.list(f)) {
    auto c = customers.by_id(v.a.customer_id);
    allocation::CustomerFacts facts;
    facts.owner_id = c->owner_id;
    facts.city = c->city;
    facts.needs = c->needs;
    allocation::Decision d = allocation::allocate(facts, state.people, settings, state.cursors, v.a.staff_id);
    if (!d.staff_id) {
      result.kept.push_back(trf("{} stays with {}: {}; nobody to hand it to", c->number, v.staff_number.value_or("?"),
                                reason_shown(d.pool_cause)));
      continue;
    }
    state.take(d, store);
    std::string reason = stored_sentence("allocation-reason", "not contacted by {} ({} min after {}); {}",
                                         format_local(*v.a.deadline), (*v.a.deadline - v.a.at) / 60,
                                         format_local(v.a.at), d.reason);
    run.record(*c, d.staff_id, "reassign", reason, state);
  }
  if (!dry_run) {
    tx.commit();
    result.notifications = std::move(run.notifications);
  }
  return result;
}

std::vector<Delivery> deliver_notifications(Database& db, const NotificationChannel& channel, Epoch now,
                                            const Actor& actor, const std::optional<std::vector<std::int64_t>>& ids) {
  NotificationStore store(db);
  std::vector<Notification> list;
  {
    Database::Transaction tx(db);
    list = store.claim(ids, deliverer_token(), deliverer_alive);
    tx.commit();
  }
  std::vector<bool> reveal;
  if (channel.command.empty() && !list.empty()) reveal = channel.reveal(list);
  std::vector<Delivery> out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Notification& n = list[i];
    Delivery d{n, {}};
    if (channel.command.empty()) {
      channel.print(notification_line(n.payload, i < reveal.size() && reveal[i]));
      d.result.ok = true;
    } else {
      d.result = run_notifier(channel.command, n.payload, channel.timeout);
    }
    out.push_back(std::move(d));
  }
  if (out.empty()) return out;
  Database::Transaction tx(db);
  for (auto& d : out) {
    if (d.result.ok) {
      store.mark_sent(d.n.id, now, actor);
      d.n.status = "sent";
      d.n.sent_at = now;
    } else {
      store.mark_failed(d.n.id, d.result.error, now, actor);
      d.n.last_error = d.result.error;
    }
    d.n.attempts += 1;
  }
  tx.commit();
  return out;
}

std::vector<Delivery> deliver_pending(Database& db, const NotificationChannel& channel, Epoch now, const Actor& actor,
                                      bool dry_run) {
  actor.require(Permission::run_allocation);
  if (!dry_run) return deliver_notifications(db, channel, now, actor, std::nullopt);
  std::vector<Delivery> out;
  for (const auto& n : NotificationStore(db).pending()) out.push_back(Delivery{n, {}});
  return out;
}

}  // namespace csdesk
