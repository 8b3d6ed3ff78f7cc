// csdesk customer: look customers up, see their whole timeline, correct them, merge duplicates.
#include <CLI/CLI.hpp>

#include <map>

#include "commands.hpp"
#include "context.hpp"
#include "output/columns.hpp"
#include "customer_flags.hpp"
#include "util/error.hpp"
#include "util/numbers.hpp"
#include "register/registration.hpp"
#include "rules/revisit_plan.hpp"
#include "rules/vocabulary.hpp"
#include "store/customers.hpp"
#include "util/text.hpp"

namespace csdesk {
namespace {

constexpr std::int64_t kMaxListLimit = 1000000;  // rows one `customer list` may show

struct CustomerOptions {
  std::string ref, other, owner, agent, channel, city, grade, category, since, until, search;
  bool unassigned = false;
  std::string limit = "100";
  CustomerFlags fields;
  std::vector<std::string> clear;
};

std::string check_category(const std::string& raw) { return vocab::require(vocab::customer_category, raw, "--category"); }

// A timeline entry's "what" ("returning · phone · urgent") with each part named in the reader's
// language: the parts are codes of these vocabularies, or the timeline's own words.
std::string what_in_language(const std::string& what) {
  static const char* const vocabularies[] = {vocab::registration_status, vocab::channel, vocab::complaint_status,
                                             vocab::priority, vocab::complaint_category, vocab::revisit_status,
                                             vocab::revisit_purpose, vocab::assign_rule, vocab::timeline_note};
  std::vector<std::string> parts;
  std::size_t from = 0;
  const std::string dot = " · ";
  while (true) {
    std::size_t at = what.find(dot, from);
    std::string part = what.substr(from, at == std::string::npos ? std::string::npos : at - from);
    std::string named = part;
    for (const char* v : vocabularies) {
      std::string zh = term_in(v, part, Lang::zh);
      if (zh != part) {
        named = zh;
        break;
      }
    }
    parts.push_back(named);
    if (at == std::string::npos) break;
    from = at + dot.size();
  }
  return join(parts, dot);
}

std::string staff_label(const std::map<std::int64_t, Staff>& staff, const std::optional<std::int64_t>& id) {
  if (!id) return "";
  auto it = staff.find(*id);
  return it == staff.end() ? std::to_string(*id) : it->second.number + " " + it->second.name;
}


std::map<std::int64_t, Staff> all_staff(Database& db) {
  std::map<std::int64_t, Staff> out;
  for (auto& s : StaffStore(db).list({})) out.emplace(s.id, s);
  return out;
}

// The columns of a customer list; owners and registering agents are named from `staff`.
ColumnSpec<Customer> customer_columns(const std::map<std::int64_t, Staff>& staff) {
  return {
      {{"number", "Customer", "客户编号"}, member(&Customer::number)},
      {{"name", "Name", "称呼"}, member(&Customer::name)},
      {{"company", "Company", "公司"}, member(&Customer::company)},
      {{"phone", "Phone", "电话", Show::plain, Personal::phone}, member(&Customer::phone)},
      {{"email", "E-mail", "邮箱", Show::plain, Personal::email}, member(&Customer::email)},
      {{"qq", "QQ", "QQ", Show::plain, Personal::qq}, member(&Customer::qq)},
      {{"wechat", "WeChat", "微信", Show::plain, Personal::wechat}, member(&Customer::wechat)},
      {Column{"channel", "Channel", "渠道"}.with_terms(vocab::channel), member(&Customer::channel)},
      {{"city", "City", "城市"}, member(&Customer::city)},
      {Column{"grade", "Grade", "等级"}.with_terms(vocab::grade), member(&Customer::grade)},
      {Column{"category", "Category", "类别"}.with_terms(vocab::customer_category), member(&Customer::category)},
      {{"owner", "Owner", "负责人"}, [&staff](const Customer& c) { return text_or_null(staff_label(staff, c.owner_id)); }},
      {{"registered_by", "Registered by", "登记人"},
       [&staff](const Customer& c) { return text_or_null(staff_label(staff, c.registered_by)); }},
      {{"registered_at", "Registered", "登记时间", Show::time}, member(&Customer::registered_at)},
      {{"urgent", "Urgent", "紧急"}, member(&Customer::urgent)},
      // Without consent the customer must not be contacted for marketing: say so plainly.
      {Column{"consent", "Consent", "同意联系"}.with_terms(vocab::consent),
       [](const Customer& c) -> Value { return std::string(!c.consent ? "not asked" : *c.consent ? "yes" : "NO"); }},
  };
}

// One customer: the list's columns and the details.
ColumnSpec<Customer> customer_detail_columns(const std::map<std::int64_t, Staff>& staff) {
  return customer_columns(staff).with({
      {{"title", "Title", "职位"}, member(&Customer::title)},
      {{"pcs", "PCs", "电脑台数"}, member(&Customer::pcs)},
      {{"needs", "Needs", "功能需求"}, member(&Customer::needs)},
      {{"birthday", "Birthday", "生日"}, member(&Customer::birthday)},
      {{"in_pool", "In pool", "待认领"}, member(&Customer::in_pool)},
      {{"note", "Note", "备注"}, member(&Customer::note)},
  });
}

// `names`: the "what" column's parts in Chinese (table and CSV under --lang zh; JSON keeps the codes).
ColumnSpec<TimelineEntry> timeline_columns(const std::map<std::int64_t, Staff>& staff, bool names) {
  return {
      {{"at", "When", "时间", Show::time}, member(&TimelineEntry::at)},
      {Column{"kind", "Kind", "类型"}.with_terms(vocab::timeline_kind), member(&TimelineEntry::kind)},
      {{"number", "Number", "编号"}, [](const TimelineEntry& e) { return text_or_null(e.number); }},
      {{"staff", "Staff", "人员"}, [&staff](const TimelineEntry& e) { return text_or_null(staff_label(staff, e.staff_id)); }},
      {{"what", "What", "内容"},
       [names](const TimelineEntry& e) -> Value { return names ? what_in_language(e.what) : e.what; }},
      {{"detail", "Detail", "说明"},
       [names](const TimelineEntry& e) {
         if (!names) return text_or_null(e.detail);
         // An assignment's detail is its stored allocation reason; a revisit's its planned content.
         if (e.kind == "assignment") return text_or_null(term_in("allocation-reason", e.detail, Lang::zh));
         return text_or_null(planned_content_text(e.detail));
       }},
  };
}

// Rows whose contact details the operator may see (need to know).
Visible<Customer> seen_by(Context& ctx) {
  return [&ctx](const Customer& c) { return ctx.sees_contacts_of(c.id); };
}

// One customer with its details; personal data unmasked only for an operator who may see it.
void print_customer(Context& ctx, const Customer& c) {
  Table t = customer_detail_columns(all_staff(ctx.db())).single(c, ctx.spec().format, {}, seen_by(ctx));
  ctx.print(t, ctx.reveal_personal(t));
}

std::optional<std::int64_t> staff_id(Database& db, const std::string& ref) {
  if (ref.empty()) return std::nullopt;
  return StaffStore(db).get(ref).id;
}

void run_list(Context& ctx, const CustomerOptions& o) {
  Database& db = ctx.db();
  CustomerFilter f;
  f.owner_id = staff_id(db, o.owner);
  f.agent_id = staff_id(db, o.agent);
  if (!o.channel.empty()) f.channel = normalise_channel(o.channel);
  if (!o.city.empty()) f.city = clean_text(o.city, Field::city);
  if (!o.grade.empty()) f.grade = normalise_grade(o.grade);
  if (!o.category.empty()) f.category = check_category(o.category);
  if (!o.since.empty()) f.since = parse_time(o.since, "--since");
  if (!o.until.empty()) f.until = parse_time(o.until, "--until");
  if (!o.search.empty()) {
    try {
      f.search = clean_text(o.search, Field::name);
    } catch (const InvalidField& e) {
      fail_invalid("--search: {}", e.problem());
    }
    // Contact values are searched only where the operator may see them, so a search never
    // confirms a masked phone digit by digit.
    f.search_contacts = ctx.contacts().access();
  }
  f.unassigned = o.unassigned;
  std::int64_t limit = parse_whole_number(o.limit, 0, kMaxListLimit, "--limit");
  f.limit = limit;
  auto list = CustomerStore(db).list(f);
  if (limit > 0 && static_cast<std::int64_t>(list.size()) == limit) {
    CustomerFilter all = f;
    all.limit = 0;
    std::int64_t total = CustomerStore(db).count(all);
    if (total > limit) ctx.note(trf("showing {} of {} customers; --limit 0 shows all", limit, total));
  }
  auto staff = all_staff(db);
  Table t = customer_columns(staff).table(list, ctx.spec().format, {}, seen_by(ctx));
  ctx.print(t, ctx.reveal_personal(t));
}

void run_show(Context& ctx, const CustomerOptions& o) {
  Database& db = ctx.db();
  CustomerStore store(db);
  Customer c = store.get(o.ref);
  auto staff = all_staff(db);
  Format format = ctx.spec().format;
  Table customer = customer_detail_columns(staff).single(c, format, "customer", seen_by(ctx));
  customer.title_en = "Customer";
  customer.title_zh = "客户";
  bool names = format != Format::json && ctx.lang() == Lang::zh;
  Table timeline = timeline_columns(staff, names).table(store.timeline(c.id), format, "timeline");
  timeline.title_en = "Timeline";
  timeline.title_zh = "客户记录";
  std::vector<Table> sections = {customer, timeline};
  ctx.print_sections(sections, ctx.reveal_personal(sections));
}

void run_edit(Context& ctx, const CustomerOptions& o) {
  if (!o.fields.raw[static_cast<size_t>(Field::contacted_at)].empty())
    fail_usage("--contacted-at belongs to a contact; register the contact with `csdesk register` instead");
  Epoch now = ctx.now();
  Customer after = edit_customer(ctx.db(), ctx.actor(), now, o.ref, &ctx.contacts(), [&](const Customer& before) {
    NewContact n = contact_of(before);
    bool any = false;
    for (const auto& name : o.clear) {
      auto f = field_from_key(vocab::parse(vocab::customer_field, name).value_or(name));
      if (!f || *f == Field::name || *f == Field::contacted_at)
        fail_invalid("--clear: '{}' cannot be cleared; clear one of company, phone, email, qq, wechat, title, pcs, needs, "
                     "channel, city, grade, consent, birthday, note", name);
      set_field(n, *f, "", now);
      any = true;
    }
    for (size_t i = 0; i < kFieldCount; ++i) {
      const std::string& raw = o.fields.raw[i];
      if (raw.empty()) continue;
      if (trim(raw).empty()) throw InvalidField(static_cast<Field>(i), "is empty; use --clear FIELD to remove a value");
      set_field(n, static_cast<Field>(i), raw, now);
      any = true;
    }
    if (o.fields.urgent) {
      n.urgent = true;
      any = true;
    }
    check_contact(n);
    Customer changed = before;
    apply_contact(n, changed);
    if (!o.category.empty()) {
      changed.category = check_category(o.category);
      any = true;
    }
    if (!any) fail_usage("customer edit: nothing to change; give the fields to change, e.g. --phone 13912345678 or --clear email");
    return changed;
  });
  print_customer(ctx, after);
}

void run_merge(Context& ctx, const CustomerOptions& o) {
  MergeResult merged = merge_customers(ctx.db(), o.ref, o.other, ctx.actor(), ctx.now());
  const std::string& keep = merged.customer.number;
  ctx.note(trf("{} merged into {}; {} now finds {}", merged.merged_away, keep, merged.merged_away, keep));
  ctx.note(merged.owner ? trf("owner {} {}", merged.owner->number, merged.owner->name) : std::string(tr("no owner yet")));
  for (const auto& s : merged.told)
    ctx.note(trf("{} {} no longer owns the customer (reassigned-away notification queued: csdesk assign notify)",
                 s.number, s.name));
  print_customer(ctx, merged.customer);
}

}  // namespace

void setup_customer(CLI::App& app, Context& ctx, CommandActions& actions) {
  auto* cmd = app.add_subcommand("customer", std::string(tr("Customers: list, show (with the whole timeline), edit, merge duplicates")));
  cmd->require_subcommand(1);
  cmd->footer(
      std::string(tr("Examples:\n"
      "  csdesk customer list --city 北京 --unassigned\n"
      "  csdesk customer show KH202611-0001\n"
      "  csdesk --as 1001 customer edit KH202611-0001 --email wang@example.com\n"
      "  csdesk --as 1001 customer merge KH202611-0001 KH202611-0007")));
  auto o = std::make_shared<CustomerOptions>();

  auto* list = cmd->add_subcommand("list", std::string(tr("List customers (not merged away), oldest first")));
  list->add_option("--owner", o->owner, std::string(tr("Owned by this salesperson (工号 or name)")));
  list->add_option("--agent", o->agent, std::string(tr("Registered by this agent")));
  list->add_option("--channel", o->channel, std::string(tr("phone, online, qq, email, wechat, walk-in, event (or 电话 …)")));
  list->add_option("--city", o->city, std::string(tr("City or region")));
  list->add_option("--grade", o->grade, std::string(tr("A, B or C")));
  list->add_option("--category", o->category, std::string(tr("potential, active, at-risk or lost")));
  list->add_option("--since", o->since, std::string(tr("Registered at or after, e.g. 2026-11-01")));
  list->add_option("--until", o->until, std::string(tr("Registered before, e.g. 2026-12-01")));
  list->add_flag("--unassigned", o->unassigned, std::string(tr("Only customers without an owner")));
  list->add_option("--search", o->search,
                   std::string(tr("Text in the name or company; also in the phone, e-mail, QQ or WeChat of customers whose details you may see")));
  list->add_option("--limit", o->limit, std::string(tr("At most this many, 0 to 1000000 (default 100; 0 for all)")));
  list->footer(std::string(tr("Contact details (and searching them) are shown only to those whose work needs them (README \"Privacy\").\n"
               "Examples:\n  csdesk customer list --owner 2001 --grade A\n  csdesk customer list --search 华信 --csv --bom > 华信.csv\n"
               "  csdesk customer list --search 1391234   # a salesperson: among their own customers")));
  actions.bind(list, [&ctx, o] { run_list(ctx, *o); });

  auto* show = cmd->add_subcommand("show", std::string(tr("One customer and their timeline: contacts, assignments, complaints, revisits")));
  show->add_option("CUSTOMER", o->ref, std::string(tr("Customer number (KH…) or id; numbers merged away find the customer kept")))->required();
  show->footer(std::string(tr("Example:\n  csdesk customer show KH202611-0001 --json")));
  actions.bind(show, [&ctx, o] { run_show(ctx, *o); });

  auto* edit = cmd->add_subcommand("edit", std::string(tr("Correct a customer's details (checked like register)")));
  edit->add_option("CUSTOMER", o->ref, std::string(tr("Customer number or id")))->required();
  add_customer_flags(edit, o->fields);
  edit->add_option("--category", o->category, std::string(tr("potential, active, at-risk or lost (潜在/现有/准流失/流失)")));
  edit->add_option("--clear", o->clear, std::string(tr("Remove a value: company, email, qq, wechat, title, pcs, needs, city, grade, consent, note …")));
  edit->footer(std::string(tr("Examples:\n  csdesk --as 1001 customer edit KH202611-0001 --phone 13912345678 --grade A\n"
               "  csdesk --as 1001 customer edit KH202611-0001 --clear wechat --consent no")));
  actions.bind(edit, [&ctx, o] { run_edit(ctx, *o); });

  auto* merge = cmd->add_subcommand("merge", std::string(tr("Merge a duplicate found later: everything of OTHER moves to KEEP")));
  merge->add_option("KEEP", o->ref, std::string(tr("The customer kept")))->required();
  merge->add_option("OTHER", o->other, std::string(tr("The duplicate; its number will find KEEP from now on")))->required();
  merge->footer(std::string(tr("KEEP's owner keeps the customer (OTHER's, when KEEP has none); a salesperson who loses it is told\n"
                "(reassigned-away). OTHER's number, phone, e-mail, QQ, WeChat and company + name find KEEP from now on.\n"
                "Example:\n  csdesk --as 1001 customer merge KH202611-0001 KH202611-0007")));
  actions.bind(merge, [&ctx, o] { run_merge(ctx, *o); });
}

}  // namespace csdesk
