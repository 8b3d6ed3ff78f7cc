#include "register/registration.hpp"

#include <algorithm>
#include <vector>

#include "assign/notify.hpp"
#include "store/assignments.hpp"

namespace csdesk {

std::string returning_payload(const Staff& owner, const Customer& c, const NewContact& n) {
  NotificationFacts f;
  f.kind = "returning";
  f.staff_number = owner.number;
  f.staff_name = owner.name;
  f.customer_number = c.number;
  f.customer_name = c.name;
  f.company = c.company;
  f.phone = c.phone;
  f.channel = n.channel;
  f.contacted_at = n.contacted_at;
  f.note = n.note.value_or("");
  return notification_payload(f);
}

RegisterResult register_contact(Database& db, const NewContact& contact, const Intake& intake) {
  return Registrar(db, intake, returning_payload, false).add(contact);
}

std::optional<Epoch> Registration::owner_notified_at() const {
  for (const auto& d : deliveries)
    if (d.result.ok && d.n.staff_id && (d.n.kind == "assigned" || d.n.kind == "returning")) return d.n.sent_at;
  return std::nullopt;
}

Registration register_and_notify(Database& db, const Config& cfg, const NewContact& contact, const Intake& intake,
                                 bool allocate, const NotificationChannel& channel) {
  intake.actor.require(Permission::register_contact);
  Registration out;
  std::vector<std::int64_t> notifications;
  {
    Database::Transaction tx(db);
    out.result = register_contact(db, contact, intake);
    if (out.result.owner_notification) notifications.push_back(*out.result.owner_notification);
    if (allocate && !out.result.returning) {
      RegisterAllocation a = allocate_registered(db, cfg, intake.now, intake.actor, out.result.customer.id);
      if (a.outcome) {
        out.assigned = a.outcome;
        out.result.customer = a.outcome->customer;
        out.result.customer.owner_id = a.outcome->a.staff_id;
        out.result.owner = a.outcome->staff;
        out.result.owner_notified = !a.notifications.empty();
      }
      notifications.insert(notifications.end(), a.notifications.begin(), a.notifications.end());
    }
    tx.commit();
  }
  if (!notifications.empty()) out.deliveries = deliver_notifications(db, channel, intake.now, intake.actor, notifications);
  out.result.owner_notified_at = out.owner_notified_at();
  return out;
}

Intake BatchRegistration::permitted(Intake intake) {
  intake.actor.require(Permission::import_customers);
  return intake;
}

Customer edit_customer(Database& db, const Actor& actor, Epoch now, const std::string& ref, const ContactView* view,
                       const std::function<Customer(const Customer&)>& change) {
  actor.require(Permission::edit_customer);
  Database::Transaction tx(db);
  CustomerStore store(db);
  Customer before = store.get(ref);
  Customer after = change(before);
  store.update(before, after, actor, now, view);
  tx.commit();
  return after;
}

namespace {

void settle_owner(Database& db, MergeResult& result, const Customer& keep, const Customer& other, const Actor& actor,
                  Epoch now) {
  const Customer& after = result.customer;
  StaffStore staff(db);
  auto kept_by = after.owner_id ? staff.by_id(*after.owner_id) : std::nullopt;
  result.owner = kept_by;
  AssignmentStore assignments(db);
  auto ended = assignments.keep_one_current(after.id, after.owner_id, actor, now);
  std::vector<std::int64_t> lost;
  auto lose = [&](const std::optional<std::int64_t>& staff) {
    if (staff && staff != after.owner_id && std::find(lost.begin(), lost.end(), *staff) == lost.end()) lost.push_back(*staff);
  };
  lose(other.owner_id);
  for (const auto& a : ended) lose(a.staff_id);
  if (lost.empty()) return;
  auto current = assignments.current(after.id);
  for (auto id : lost) {
    auto s = staff.by_id(id);
    if (!s || !s->active) continue;
    NotificationFacts f;
    f.kind = "reassigned-away";
    f.staff_number = s->number;
    f.staff_name = s->name;
    f.customer_number = after.number;
    f.customer_name = after.name;
    f.company = after.company;
    f.phone = after.phone;
    f.email = after.email;
    f.qq = after.qq;
    f.wechat = after.wechat;
    f.channel = after.channel;
    f.city = after.city;
    f.needs = after.needs;
    if (current) f.assignment_number = current->number;
    mask_contacts(f);  // no longer their customer
    f.rule = "merge";
    f.reason = fmt::format("{} merged into {}", other.number, keep.number);
    f.assigned_at = now;
    f.note = kept_by ? fmt::format("{} merged into {}, which stays with {} {} (客户已合并, 由 {} 负责)", other.number, keep.number,
                                   kept_by->number, kept_by->name, kept_by->name)
                     : fmt::format("{} merged into {}, which has no owner now (客户已合并)", other.number, keep.number);
    Notification n;
    n.at = now;
    n.staff_id = id;
    n.customer_id = after.id;
    if (current) n.assignment_id = current->id;
    n.kind = f.kind;
    n.payload = notification_payload(f);
    NotificationStore(db).add(n, actor);
    result.told.push_back(*s);
  }
}

}  // namespace

MergeResult merge_customers(Database& db, const Customer& keep, const Customer& other, const Actor& actor, Epoch now) {
  actor.require(Permission::merge_customers);
  MergeResult merged = CustomerStore(db).merge(keep, other, actor, now,
                                               [&](MergeResult& result) { settle_owner(db, result, keep, other, actor, now); });
  merged.merged_away = other.number;
  return merged;
}

MergeResult merge_customers(Database& db, const std::string& keep_ref, const std::string& other_ref, const Actor& actor,
                            Epoch now) {
  actor.require(Permission::merge_customers);
  Database::Transaction tx(db);
  CustomerStore store(db);
  Customer keep = store.get(keep_ref), other = store.get(other_ref);
  MergeResult merged = merge_customers(db, keep, other, actor, now);
  tx.commit();
  return merged;
}

}  // namespace csdesk
