#include "config/config.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <functional>
#include <sstream>
#include <toml++/toml.h>

#include "util/error.hpp"
#include "util/json.hpp"
#include "util/numbers.hpp"
#include "rules/permissions.hpp"
#include "rules/revisit_plan.hpp"
#include "rules/roles.hpp"
#include "rules/vocabulary.hpp"
#include "rules/sla.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

namespace csdesk {
namespace {

// "HH:MM" or "H:MM" in digits only (sscanf's %d would also take " 9", "+9" and "-0").
std::optional<int> minute_of_day(std::string_view t) {
  std::size_t colon = t.find(':');
  if (colon == std::string_view::npos || colon < 1 || colon > 2 || t.size() != colon + 3) return std::nullopt;
  auto h = decimal_integer(t.substr(0, colon)), m = decimal_integer(t.substr(colon + 1));
  if (!h || !m || t[0] == '+' || t[0] == '-' || t[colon + 1] == '+' || t[colon + 1] == '-' || *h > 24 || *m > 59)
    return std::nullopt;
  return static_cast<int>(*h * 60 + *m);
}
std::string time_range(const ConfigValue& v) {
  // "HH:MM-HH:MM"
  const auto& s = std::get<std::string>(v);
  std::size_t dash = s.find('-');
  auto from = dash == std::string::npos ? std::nullopt : minute_of_day(std::string_view(s).substr(0, dash));
  auto to = dash == std::string::npos ? std::nullopt : minute_of_day(std::string_view(s).substr(dash + 1));
  if (!from || !to || *from >= *to || *to > 24 * 60)
    return std::string(tr("must be a time range HH:MM-HH:MM on one day, such as 09:00-18:00"));
  return "";
}
std::string lang_value(const ConfigValue& v) {
  const auto& s = std::get<std::string>(v);
  return s.empty() || s == "en" || s == "zh" ? std::string() : std::string(tr("must be \"en\" or \"zh\" (or \"\" to follow the locale)"));
}
std::string synchronous_value(const ConfigValue& v) {
  const auto& s = std::get<std::string>(v);
  return s == "full" || s == "normal" ? std::string() : std::string(tr("must be \"full\" or \"normal\" (see README, Power loss)"));
}
std::string allocation_rule(const ConfigValue& v) {
  const auto& s = std::get<std::string>(v);
  return s == "round-robin" || s == "least-loaded" || s == "region" || s == "need"
             ? std::string()
             : std::string(tr("must be one of round-robin, least-loaded, region, need"));
}
std::string agent_rule(const ConfigValue& v) {
  const auto& s = std::get<std::string>(v);
  return s == "round-robin" || s == "least-loaded" ? std::string() : std::string(tr("must be round-robin or least-loaded"));
}
std::string weekdays(const ConfigValue& v) {
  static const StringList names = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  for (const auto& d : std::get<StringList>(v)) {
    if (std::find(names.begin(), names.end(), to_lower_ascii(d)) == names.end())
      return trf("'{}' is not a weekday; use mon, tue, wed, thu, fri, sat, sun", d);
  }
  return "";
}
// sla.holidays, sla.extra_workdays: "YYYY-MM-DD" or "YYYY-MM-DD NAME" (the name kept for explanations).
std::string date_list(const ConfigValue& v) {
  for (const auto& d : std::get<StringList>(v)) {
    if (!parse_calendar_entry(d))
      return trf("'{}' is not a date; use YYYY-MM-DD such as 2026-10-01, optionally followed by a name "
                 "(2026-10-01 国庆节)", d);
  }
  return "";
}
std::string occasion_list(const ConfigValue& v) {
  for (const auto& entry : std::get<StringList>(v)) {
    try {
      parse_occasions({entry});
    } catch (const Error&) {
      return trf("'{}' must read \"MM-DD purpose label\", such as \"10-01 holiday 国庆问候\"", entry);
    }
  }
  return "";
}
std::string roles_list(const ConfigValue& v) {
  const auto& roles = staff_roles();
  for (const auto& r : std::get<StringList>(v))
    if (std::find(roles.begin(), roles.end(), r) == roles.end())
      return trf("'{}' is not a role; use {}", r, join(roles, ", "));
  return "";
}
std::string time_zone_value(const ConfigValue& v) { return time_zone_problem(std::get<std::string>(v)); }
std::string non_empty_list(const ConfigValue& v) {
  return std::get<StringList>(v).empty() ? std::string(tr("must list at least one value")) : std::string();
}

using T = ConfigType;
using I = std::int64_t;
using R = NumberRange;

std::vector<ConfigKey> make_keys() {
  return {
      // General
      {"lang", T::text, std::string(""),
       tr_noop("This desk's language, \"en\" or \"zh\"; \"\" takes default_lang, else the locale (LC_ALL, LC_MESSAGES, LANG)"),
       lang_value},
      {"default_lang", T::text, std::string(""),
       tr_noop("The department's language for every desk whose lang is \"\": \"en\", \"zh\", or \"\" (each desk's locale)"),
       lang_value},
      {"timezone", T::text, std::string("Asia/Shanghai"), tr_noop("Time zone for days, weeks and months (IANA name)"),
       time_zone_value},
      // Storage
      {"storage.synchronous", T::text, std::string("full"),
       tr_noop("full: a command reports a change only once it is on disk; normal: faster one-off writes, but a power cut can "
       "lose the newest changes and hand their record numbers out again"), synchronous_value},
      // Intake (seed 001)
      {"intake.register_limit_minutes", T::integer, I{5}, tr_noop("Register a contact and notify its owner within this many minutes"), nullptr, R{1, 1440}},
      {"intake.monthly_target", T::integer, I{660}, tr_noop("The department's registrations (new customers) a month (report daily)"), nullptr, R{1, 1000000}},
      {"intake.daily_target", T::integer, I{30}, tr_noop("The department's registrations (new customers) a working day (report daily)"), nullptr, R{1, 100000}},
      {"intake.assign_at_register", T::boolean, true, tr_noop("register gives a new customer its owner by assign.rule and delivers the owner's notification at once (seed 001); false: owners come from a batch `csdesk assign`")},
      {"import.max_field_bytes", T::integer, I{1 << 20}, tr_noop("register --from: the longest field a row may hold, in bytes (a longer one rejects its row)"), nullptr, R{1024, std::int64_t{64} << 20}},
      // Allocation (seed 001)
      {"assign.rule", T::text, std::string("round-robin"), tr_noop("Allocation rule after owner stickiness: round-robin, least-loaded, region, need"), allocation_rule},
      {"assign.urgent_contact_minutes", T::integer, I{15}, tr_noop("An urgent customer must be contacted by sales within this many minutes, else reassigned"), nullptr, R{1, 1440}},
      {"assign.only_on_shift", T::boolean, false, tr_noop("Allocate only to salespeople whose shift covers the current time")},
      {"assign.region", T::list_map, ListMap{}, tr_noop("City/region → employee numbers, for rule = \"region\" (round-robin inside each list)")},
      {"assign.need", T::list_map, ListMap{}, tr_noop("Need keyword → employee numbers, for rule = \"need\"")},
      {"notify.command", T::text, std::string(""), tr_noop("Command run for each notification with its JSON on stdin; \"\" prints notifications")},
      {"notify.timeout_seconds", T::integer, I{10}, tr_noop("A notifier still running after this many seconds is killed (with its process group); the notification stays pending"), nullptr, R{1, 3600}},
      // Working hours (seeds 001, 003)
      {"hours.early", T::text, std::string("09:00-16:30"), tr_noop("Early shift"), time_range},
      {"hours.late", T::text, std::string("16:00-23:00"), tr_noop("Late shift"), time_range},
      {"hours.after_hours_duty_minutes", T::integer, I{60}, tr_noop("Duty kept after office hours on weekdays"), nullptr, R{0, 1440}},
      {"hours.rest_days_per_month", T::integer, I{4}, tr_noop("Rest days a month (每月休息4天); attendance summary flags more"), nullptr, R{0, 31}},
      // Service standards (seeds 000–003)
      {"sla.first_response_hours.P1", T::integer, I{24}, tr_noop("First response to a P1 complaint, hours"), nullptr, R{1, 8760}},
      {"sla.first_response_hours.P2", T::integer, I{24}, tr_noop("First response to a P2 complaint, hours"), nullptr, R{1, 8760}},
      {"sla.first_response_hours.P3", T::integer, I{24}, tr_noop("First response to a P3 complaint, hours"), nullptr, R{1, 8760}},
      {"sla.resolution_hours.P1", T::integer, I{24}, tr_noop("Resolution of a P1 complaint, hours"), nullptr, R{1, 8760}},
      {"sla.resolution_hours.P2", T::integer, I{72}, tr_noop("Resolution of a P2 complaint, hours"), nullptr, R{1, 8760}},
      {"sla.resolution_hours.P3", T::integer, I{168}, tr_noop("Resolution of a P3 complaint, hours (7 days)"), nullptr, R{1, 8760}},
      {"sla.email_reply_hours", T::integer, I{24}, tr_noop("Reply to an e-mail within, hours"), nullptr, R{1, 8760}},
      {"sla.delayed_feedback_hours", T::integer, I{24}, tr_noop("A delayed problem: feedback to the customer within, hours"), nullptr, R{1, 8760}},
      {"sla.decision_handover_hours", T::integer, I{24}, tr_noop("Decision items handed to the responsible department within, hours"), nullptr, R{1, 8760}},
      {"sla.crisis_response_hours", T::integer, I{2}, tr_noop("Crisis: quick-response plan within, hours"), nullptr, R{1, 8760}},
      {"sla.calendar", T::boolean, false, tr_noop("Count SLA time only in working hours (work_days, work_hours, holidays)")},
      {"sla.work_days", T::list, StringList{"mon", "tue", "wed", "thu", "fri"}, tr_noop("Working days for the SLA calendar"), weekdays},
      {"sla.work_hours", T::text, std::string("09:00-18:00"), tr_noop("Working hours for the SLA calendar"), time_range},
      {"sla.holidays", T::list, StringList{}, tr_noop("Dates (YYYY-MM-DD, optionally with a name: 2026-10-01 国庆节) not worked, for the SLA calendar"), date_list},
      {"sla.extra_workdays", T::list, StringList{}, tr_noop("Make-up working days (调休上班, YYYY-MM-DD [NAME]) worked with the normal hours although not work days; `csdesk calendar import` fills both lists"), date_list},
      // Complaints
      {"complaint.categories", T::list, StringList{"product", "service-attitude", "delivery", "billing", "after-sale", "other"},
       tr_noop("Complaint categories"), non_empty_list},
      {"complaint.about_staff_categories", T::list, StringList{"service-attitude"},
       tr_noop("Categories that count as a complaint about the staff member named (score: complaint count)")},
      {"complaint.departments", T::list, StringList{"市场部", "技术部", "财务部", "销售部"},
       tr_noop("Departments a complaint's decision items are handed to (`complain decide`, `complain transfer`)"), non_empty_list},
      // Revisits (seeds 001, 002)
      {"revisit.after_resolution_days", T::integer, I{3}, tr_noop("Follow-up revisit due this many days after a complaint is resolved"), nullptr, R{1, 365}},
      {"revisit.interval_days.A", T::integer, I{30}, tr_noop("Routine revisit of grade A customers every N days"), nullptr, R{1, 3650}},
      {"revisit.interval_days.B", T::integer, I{90}, tr_noop("Routine revisit of grade B customers every N days"), nullptr, R{1, 3650}},
      {"revisit.interval_days.C", T::integer, I{180}, tr_noop("Routine revisit of grade C customers every N days"), nullptr, R{1, 3650}},
      {"revisit.satisfaction_floor", T::integer, I{2}, tr_noop("A follow-up scored at or below this reopens its complaint"), nullptr, R{1, 5}},
      {"revisit.satisfied_min", T::integer, I{4}, tr_noop("A score at or above this counts as satisfied"), nullptr, R{1, 5}},
      {"revisit.agent_rule", T::text, std::string("round-robin"), tr_noop("How planned revisits are allotted to revisit agents"), agent_rule},
      {"revisit.problem_factors", T::list,
       StringList{"服务态度", "响应速度", "产品质量", "价格", "售后服务", "交付", "其他"}, tr_noop("回访问题因素: problem factors a revisit may record"), non_empty_list},
      {"revisit.opinion_items", T::list, StringList{"product", "service", "delivery", "suggestions"},
       tr_noop("回访客户意见表: the items a revisit records the customer's opinion on (revisit log --opinion ITEM=TEXT)"),
       non_empty_list},
      {"revisit.occasions", T::list, StringList{"01-01 holiday 元旦问候", "10-01 holiday 国庆问候"},
       tr_noop("Occasions: \"MM-DD purpose label\" (purpose: holiday, maintenance, …)"), occasion_list},
      {"revisit.occasion_lead_days", T::integer, I{7}, tr_noop("Plan occasion revisits this many days ahead"), nullptr, R{0, 365}},
      {"revisit.marketing_purposes", T::list, StringList{"holiday", "birthday", "promotion", "service-event", "member-event"},
       tr_noop("Purposes never planned for customers without consent")},
      // Customer lifecycle
      {"customer.at_risk_low_scores", T::integer, I{2}, tr_noop("This many low satisfaction scores in a row mark a customer at-risk"), nullptr, R{1, 100}},
      {"customer.at_risk_no_contact_days", T::integer, I{180}, tr_noop("No contact for this many days marks a customer at-risk"), nullptr, R{1, 3650}},
      // Monthly assessment (seed 001, seed 003)
      {"score.target", T::integer, I{330}, tr_noop("Registrations a month for 100 points (task complete)"), nullptr, R{1, 100000}},
      {"score.base_points", T::integer, I{100}, tr_noop("Points for meeting the target"), nullptr, R{0, 1000}},
      {"score.step", T::integer, I{10}, tr_noop("Registrations per point above or below the target (whole steps only)"), nullptr, R{1, 100000}},
      {"score.points_per_step", T::integer, I{1}, tr_noop("Points per step"), nullptr, R{0, 1000}},
      {"score.upper_threshold", T::integer, I{380}, tr_noop("At or above this many registrations (以上): flat upper_points"), nullptr, R{1, 100000}},
      {"score.upper_points", T::integer, I{110}, tr_noop("Points at or above upper_threshold"), nullptr, R{0, 1000}},
      {"score.lower_threshold", T::integer, I{280}, tr_noop("At or below this many registrations (以下): flat lower_points"), nullptr, R{0, 100000}},
      {"score.lower_points", T::integer, I{90}, tr_noop("Points at or below lower_threshold"), nullptr, R{0, 1000}},
      {"score.prorate", T::boolean, false, tr_noop("Prorate the target for staff who joined or left mid-month")},
      {"score.attendance_tracked", T::boolean, false, tr_noop("Attendance is tracked (csdesk attendance), so the full-attendance award (全勤奖) is decided from the register")},
      {"score.target_roles", T::list, StringList{"consult"}, tr_noop("Roles scored by registrations"), roles_list},
      {"score.weights.registration", T::number, 0.5, tr_noop("Weight of registration points in the combined score"), nullptr, R{0, 100}},
      {"score.weights.timeliness", T::number, 0.15, tr_noop("Weight of the timeliness rate (×100)"), nullptr, R{0, 100}},
      {"score.weights.resolution", T::number, 0.15, tr_noop("Weight of the resolution rate (×100)"), nullptr, R{0, 100}},
      {"score.weights.satisfaction", T::number, 0.2, tr_noop("Weight of the satisfaction rate (×100)"), nullptr, R{0, 100}},
      {"score.complaint_penalty", T::number, 2.0, tr_noop("Points subtracted from the combined score per complaint about the person"), nullptr, R{0, 100}},
      // Targets (seed 002)
      // Alerts (seed 002: 投诉率需实时监控,异常波动立即分析)
      {"alerts.trailing_weeks", T::integer, I{4}, tr_noop("report alerts: compare the last 7 days with this many 7-day windows before them"), nullptr, R{1, 52}},
      {"alerts.change_threshold", T::number, 0.30, tr_noop("report alerts: a figure that moved by more than this share of its trailing mean needs attention"), nullptr, R{0.01, 100}},
      {"alerts.min_volume", T::integer, I{10}, tr_noop("report alerts: figures on fewer records than this (this week and before) are not judged"), nullptr, R{0, 1000000}},
      {"targets.satisfaction_gain", T::number, 0.10, tr_noop("Satisfaction to rise by this share…"), nullptr, R{0, 1}},
      {"targets.satisfaction_months", T::integer, I{3}, tr_noop("…within this many months"), nullptr, R{1, 120}},
      {"targets.efficiency_gain", T::number, 0.20, tr_noop("Complaint-handling efficiency to rise by this share…"), nullptr, R{0, 1}},
      {"targets.efficiency_months", T::integer, I{6}, tr_noop("…within this many months"), nullptr, R{1, 120}},
      {"targets.repeat_purchase_rate", T::number, 0.75, tr_noop("Repeat-purchase rate to reach…"), nullptr, R{0, 1}},
      {"targets.repeat_purchase_years", T::integer, I{3}, tr_noop("…within this many years"), nullptr, R{1, 50}},
      // Privacy (seeds 000–002)
      {"privacy.reveal_roles", T::list, StringList{"supervisor", "manager", "director"},
       tr_noop("Roles that see every customer's phone, e-mail, QQ and WeChat unmasked (others see only those their work needs)"),
       roles_list},
  };
}

// The help of a permissions.NAME key, with the permission's "what".
constexpr const char* kRolesThatMay = tr_noop("Roles that may {}");

// permissions.NAME: the roles that may, one key per row of the permission table (rules/permissions).
std::vector<ConfigKey> with_permission_keys(std::vector<ConfigKey> keys) {
  for (const auto& rule : permission_rules())
    keys.push_back(ConfigKey{"permissions." + rule.name, T::list, StringList(rule.roles),
                             fmt::format(fmt::runtime(kRolesThatMay), rule.what), roles_list});
  return keys;
}

// The one list of desk keys: a person's or machine's own choices, which decide nothing about what
// anyone may see or do, nor any figure of the department. Every other key is a department setting.
const char* const kDeskKeys[] = {"lang", "storage.synchronous", "import.max_field_bytes"};

std::vector<ConfigKey> with_scopes(std::vector<ConfigKey> keys) {
  for (auto& k : keys)
    for (const char* desk : kDeskKeys)
      if (k.name == desk) k.scope = ConfigScope::desk;
  return keys;
}

const ConfigKey* find_key(const std::string& name) { return find_config_key(name); }

// Why a department key cannot be set from `where` (a file:line or a variable), and where it lives.
[[noreturn]] void refuse_department_key(const std::string& where, const std::string& name, std::string_view undo) {
  fail_invalid("{}: {} is a department setting: it lives in the database, the same for every desk, and is not "
               "taken from config files or the environment; an admin changes it with `csdesk config set {} VALUE` "
               "(or `csdesk config import FILE`); {}",
               where, name, name, undo);
}

StringList key_names() {
  StringList names;
  for (const auto& k : config_keys()) names.push_back(k.name);
  return names;
}

// " (did you mean 'score.target'?); see …" or just the pointer to every key.
std::string unknown_key_hint(const std::string& name) {
  return did_you_mean(name, key_names()) + std::string(tr("; see `csdesk config show` for every key"));
}

// What is wrong with a numeric value for `key`, or "" when it lies in the key's range.
std::string range_problem(const ConfigKey& key, const ConfigValue& v) {
  NumberRange r = number_range(key);
  if (const auto* i = std::get_if<std::int64_t>(&v)) {
    // Compared as integers: a double cannot tell INT64_MAX from its neighbours.
    if (*i < static_cast<std::int64_t>(r.min) || *i > static_cast<std::int64_t>(r.max))
      return trf("must be a whole number from {}, not {}", range_text(r.min, r.max), *i);
  } else if (const auto* d = std::get_if<double>(&v)) {
    if (!(*d >= r.min && *d <= r.max)) return trf("must be a number from {}, not {}", range_text(r.min, r.max), *d);
  }
  return "";
}

void check_value(const ConfigKey& key, const ConfigValue& v, const std::string& where) {
  std::string problem = range_problem(key, v);
  if (problem.empty() && key.check) problem = key.check(v);
  if (!problem.empty()) fail_invalid("{}: {} {}", where, key.name, problem);
}

// An integer as the file wrote it (0x10, 0o20, 0b10000).
std::string toml_text(const toml::value<std::int64_t>& v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

// Converts a TOML node to the key's type; returns false when the type does not fit.
bool from_toml(const toml::node& node, ConfigType type, ConfigValue& out) {
  switch (type) {
    case T::integer:
      if (auto v = node.value_exact<std::int64_t>()) { out = *v; return true; }
      return false;
    case T::number:
      if (auto v = node.value_exact<double>()) { out = *v; return true; }
      if (auto v = node.value_exact<std::int64_t>()) { out = static_cast<double>(*v); return true; }
      return false;
    case T::boolean:
      if (auto v = node.value_exact<bool>()) { out = *v; return true; }
      return false;
    case T::text:
      if (auto v = node.value_exact<std::string>()) { out = *v; return true; }
      return false;
    case T::list: {
      const auto* arr = node.as_array();
      if (!arr) return false;
      StringList list;
      for (const auto& item : *arr) {
        auto s = item.value_exact<std::string>();
        if (!s) return false;
        list.push_back(*s);
      }
      out = list;
      return true;
    }
    case T::list_map: {
      const auto* tbl = node.as_table();
      if (!tbl) return false;
      ListMap map;
      for (const auto& [k, item] : *tbl) {
        StringList list;
        if (auto s = item.value_exact<std::string>()) {
          list.push_back(*s);
        } else if (const auto* arr = item.as_array()) {
          for (const auto& e : *arr) {
            auto es = e.value_exact<std::string>();
            if (!es) return false;
            list.push_back(*es);
          }
        } else {
          return false;
        }
        map[std::string(k.str())] = list;
      }
      out = map;
      return true;
    }
  }
  return false;
}

void walk(const toml::table& table, const std::string& prefix, const std::string& file,
          const std::function<void(const std::string&, const toml::node&)>& visit) {
  for (const auto& [k, node] : table) {
    std::string name = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    const ConfigKey* key = find_key(name);
    if (key || !node.is_table()) {
      visit(name, node);
    } else {
      walk(*node.as_table(), name, file, visit);
    }
  }
}

}  // namespace

NumberRange number_range(const ConfigKey& key) { return key.range.value_or(kDefaultRange); }

const std::vector<ConfigKey>& config_keys() {
  static const std::vector<ConfigKey> keys = with_scopes(with_permission_keys(make_keys()));
  return keys;
}

const ConfigKey* find_config_key(const std::string& name) {
  for (const auto& k : config_keys())
    if (k.name == name) return &k;
  return nullptr;
}

std::string config_key_help(const ConfigKey& key) {
  if (key.name.rfind("permissions.", 0) == 0)
    for (const auto& rule : permission_rules())
      if (key.name == "permissions." + rule.name) return fmt::format(fmt::runtime(tr(kRolesThatMay)), tr(rule.what));
  return std::string(tr(key.help));
}

std::string config_scope_name(ConfigScope s) { return s == ConfigScope::desk ? "desk" : "department"; }

std::string config_type_name(ConfigType t) {
  switch (t) {
    case T::integer: return tr_ctx_noop("config-type", "integer");
    case T::number: return tr_ctx_noop("config-type", "number");
    case T::boolean: return tr_ctx_noop("config-type", "boolean");
    case T::text: return tr_ctx_noop("config-type", "string");
    case T::list: return tr_ctx_noop("config-type", "list of strings");
    case T::list_map: return tr_ctx_noop("config-type", "table of string lists");
  }
  return "value";
}

std::string env_name_for(const std::string& key) {
  std::string out = "CSDESK_";
  for (char c : key) {
    if (c == '.') out += '_';
    else if (c >= 'a' && c <= 'z') out += static_cast<char>(c - 'a' + 'A');
    else out += c;
  }
  return out;
}

std::string config_value_text(const ConfigValue& v) {
  return std::visit(
      [](const auto& x) -> std::string {
        using X = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<X, std::int64_t>) return std::to_string(x);
        else if constexpr (std::is_same_v<X, double>) return fmt::format("{}", x);
        else if constexpr (std::is_same_v<X, bool>) return x ? "true" : "false";
        else if constexpr (std::is_same_v<X, std::string>) return x;
        else if constexpr (std::is_same_v<X, StringList>) return join(x, ",");
        else {
          std::string out;
          for (const auto& [k, list] : x) {
            if (!out.empty()) out += "; ";
            out += k + "=" + join(list, ",");
          }
          return out;
        }
      },
      v);
}

std::string config_value_json(const ConfigValue& v) {
  return std::visit(
      [](const auto& x) -> std::string {
        using X = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<X, ListMap>) {
          Json object = Json::object();
          for (const auto& [k, list] : x) object[k] = list;
          return json_text(object, JsonStyle{true});
        } else {
          return json_text(Json(x), JsonStyle{true});
        }
      },
      v);
}

namespace {

// A JSON value as the key's type; false when it does not fit.
bool from_json(const Json& j, ConfigType type, ConfigValue& out) {
  auto strings = [](const Json& a, StringList& list) {
    if (!a.is_array()) return false;
    for (const auto& e : a) {
      if (!e.is_string()) return false;
      list.push_back(e.get<std::string>());
    }
    return true;
  };
  switch (type) {
    case T::integer:
      if (!j.is_number_integer()) return false;
      out = j.get<std::int64_t>();
      return true;
    case T::number:
      if (!j.is_number()) return false;
      out = j.get<double>();
      return true;
    case T::boolean:
      if (!j.is_boolean()) return false;
      out = j.get<bool>();
      return true;
    case T::text:
      if (!j.is_string()) return false;
      out = j.get<std::string>();
      return true;
    case T::list: {
      StringList list;
      if (!strings(j, list)) return false;
      out = list;
      return true;
    }
    case T::list_map: {
      if (!j.is_object()) return false;
      ListMap map;
      for (auto it = j.begin(); it != j.end(); ++it) {
        StringList list;
        if (it.value().is_string()) list.push_back(it.value().get<std::string>());
        else if (!strings(it.value(), list)) return false;
        map[it.key()] = list;
      }
      out = map;
      return true;
    }
  }
  return false;
}

}  // namespace

Config::Config() {
  for (const auto& k : config_keys()) entries_[k.name] = Entry{k.default_value, "default"};
}

StringList Config::load_file(const std::string& path, ConfigScope scope) {
  if (std::ifstream readable(path); !readable)
    fail_invalid("{}: cannot read the config file: {}; fix its permissions, or name another with --config FILE",
                 path, std::strerror(errno));
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    const auto& src = e.source();
    fail_invalid("{}:{}:{}: not valid TOML: {}", path, src.begin.line, src.begin.column, e.description());
  }
  if (scope == ConfigScope::desk) file_ = path;
  StringList set;
  walk(root, "", path, [&](const std::string& name, const toml::node& node) {
    std::string where = fmt::format("{}:{}", path, node.source().begin.line);
    const ConfigKey* key = find_key(name);
    if (!key) fail_invalid("{}: unknown key '{}'{}", where, name, unknown_key_hint(name));
    if (key->scope != scope) {
      if (scope == ConfigScope::desk) refuse_department_key(where, name, tr("remove it from this file"));
      fail_invalid("{}: {} is a desk key, a choice of each person or machine: set it in csdesk.toml or {}, not in "
                   "the department's settings", where, name, env_name_for(name));
    }
    ConfigValue v;
    if (!from_toml(node, key->type, v))
      fail_invalid("{}: {} must be a {}", where, name, tr_ctx("config-type", config_type_name(key->type)));
    if (const auto* i = node.as_integer(); i && i->flags() != toml::value_flags::none)
      fail_invalid("{}: {} = {} must be written in decimal digits (as {})", where, name, toml_text(*i), i->get());
    check_value(*key, v, where);
    entries_[name] = Entry{v, where};
    set.push_back(name);
  });
  return set;
}

void Config::load_env() {
  for (const auto& k : config_keys()) {
    if (k.type == T::list_map) continue;
    std::string env = env_name_for(k.name);
    const char* v = std::getenv(env.c_str());
    if (!v) continue;
    if (k.scope == ConfigScope::department) refuse_department_key(env, k.name, trf("unset {}", env));
    set_text(k.name, v, "env " + env);
  }
}

void Config::load_stored(const std::string& name, const std::string& value_json, const std::string& source) {
  const ConfigKey* key = find_key(name);
  if (!key) return;  // written by a newer csdesk; this one has no use for it
  auto j = parse_json(value_json);
  ConfigValue v;
  std::string where = trf("database setting {}", name);
  if (!j || !from_json(*j, key->type, v))
    fail_invalid("{}: stored value {} is not a {}; an admin can `csdesk config set {} VALUE` or `csdesk config unset {}`",
                 where, value_json, tr_ctx("config-type", config_type_name(key->type)), name, name);
  std::string problem = range_problem(*key, v);
  if (problem.empty() && key->check) problem = key->check(v);
  if (!problem.empty())
    fail_invalid("{}: {} {}; an admin can `csdesk config set {} VALUE` or `csdesk config unset {}`", where, name,
                 problem, name, name);
  entries_[name] = Entry{v, source};
}

void Config::reset(const std::string& name) {
  const ConfigKey* key = find_key(name);
  if (!key) fail_invalid("unknown key '{}'{}", name, unknown_key_hint(name));
  entries_[name] = Entry{key->default_value, "default"};
}

void Config::set_text(const std::string& name, const std::string& text, const std::string& source) {
  const ConfigKey* key = find_key(name);
  if (!key) fail_invalid("{}: unknown key '{}'{}", source, name, unknown_key_hint(name));
  ConfigValue v;
  std::string t = trim(text);
  auto bad = [&] {
    bool numeric = key->type == T::integer || key->type == T::number;
    std::string range = range_text(number_range(*key).min, number_range(*key).max);
    if (key->type == T::integer)
      fail_invalid("{}: {} must be an integer in decimal digits from {}, not '{}'", source, name, range, text);
    if (numeric) fail_invalid("{}: {} must be a number in decimal digits from {}, not '{}'", source, name, range, text);
    fail_invalid("{}: {} must be a {}, not '{}'", source, name, tr_ctx("config-type", config_type_name(key->type)), text);
  };
  switch (key->type) {
    case T::integer: {
      auto n = decimal_integer(t);
      if (!n) bad();
      v = *n;
      break;
    }
    case T::number: {
      auto d = decimal_number(t);
      if (!d) bad();
      v = *d;
      break;
    }
    case T::boolean:
      // true/false, 1/0, yes/no, or their Chinese (是/否) and synonyms (rules/vocabulary).
      if (auto yes_no = vocab::parse(vocab::yes_no, to_lower_ascii(t))) v = *yes_no == "yes";
      else bad();
      break;
    case T::text: v = t; break;
    case T::list: {
      StringList list;
      if (!t.empty())
        for (auto& part : split(t, ',')) list.push_back(trim(part));
      v = list;
      break;
    }
    case T::list_map: {
      auto j = parse_json(t);
      if (!j || !from_json(*j, key->type, v))
        fail_invalid("{}: {} must be a JSON object of lists, such as {{\"北京\": [\"2001\", \"2003\"]}}, not '{}'",
                     source, name, text);
      break;
    }
  }
  check_value(*key, v, source);
  entries_[name] = Entry{v, source};
}

namespace {

std::string shown_source(const std::string& source) { return source == "default" ? std::string(tr("the default")) : source; }

}  // namespace

std::string Config::coherence_problem() const {
  auto numeric = [&](const std::string& key) {
    const ConfigValue& v = value(key);
    return std::holds_alternative<double>(v) ? std::get<double>(v) : static_cast<double>(std::get<std::int64_t>(v));
  };
  // "" when low < high (<= unless strict). The message leads with the key someone set, so it
  // names their file:line.
  auto order = [&](const std::string& low, const std::string& high, bool strict, const char* why) {
    double a = numeric(low), b = numeric(high);
    if (strict ? a < b : a <= b) return std::string();
    bool lead_low = source(low) != "default" || source(high) == "default";
    const std::string& lead = lead_low ? low : high;
    const std::string& other = lead_low ? high : low;
    // One sentence for each relation, so that a translation can word each as a whole.
    const char* sentence = lead_low ? (strict ? tr_noop("{}: {} = {} must be below {} = {} ({}); {}")
                                              : tr_noop("{}: {} = {} must not be above {} = {} ({}); {}"))
                                    : (strict ? tr_noop("{}: {} = {} must be above {} = {} ({}); {}")
                                              : tr_noop("{}: {} = {} must not be below {} = {} ({}); {}"));
    return fmt::format(fmt::runtime(tr(sentence)), shown_source(source(lead)), lead,
                       config_value_text(value(lead)), other, config_value_text(value(other)),
                       shown_source(source(other)), tr(why));
  };
  const char* rising = tr_noop("registration points must not fall as registrations rise (seed 001: 280 < 330 < 380)");
  for (auto problem : {order("score.lower_threshold", "score.target", true, rising),
                       order("score.target", "score.upper_threshold", true, rising),
                       order("score.lower_points", "score.base_points", false, rising),
                       order("score.base_points", "score.upper_points", false, rising)})
    if (!problem.empty()) return problem;

  // Just inside the flat bands, the per-step points must not pass the flat points.
  std::int64_t target = integer("score.target"), step = integer("score.step"), per_step = integer("score.points_per_step");
  auto step_points = [&](std::int64_t n) { return integer("score.base_points") + (n - target) / step * per_step; };
  // Where the step rule was set: the first of its keys not left at the default.
  auto set_at = [&](const char* flat) {
    for (const char* k : {"score.points_per_step", "score.step", "score.base_points", "score.target", flat})
      if (source(k) != "default") return source(k);
    return std::string("default");
  };
  std::int64_t below_upper = integer("score.upper_threshold") - 1, above_lower = integer("score.lower_threshold") + 1;
  if (step_points(below_upper) > integer("score.upper_points"))
    return trf("{}: by score.step and score.points_per_step, {} registrations earn {} points, more than "
                       "score.upper_points = {} for {}; raise score.upper_points or lower score.points_per_step",
                       shown_source(set_at("score.upper_points")), below_upper, step_points(below_upper),
                       integer("score.upper_points"), below_upper + 1);
  if (step_points(above_lower) < integer("score.lower_points"))
    return trf("{}: by score.step and score.points_per_step, {} registrations earn {} points, fewer than "
                       "score.lower_points = {} for {}; lower score.lower_points or score.points_per_step",
                       shown_source(set_at("score.lower_points")), above_lower, step_points(above_lower),
                       integer("score.lower_points"), above_lower - 1);

  if (auto problem = order("revisit.satisfaction_floor", "revisit.satisfied_min", true,
                           tr_noop("a score that reopens a complaint cannot also count as satisfied"));
      !problem.empty())
    return problem;
  for (const char* p : {"P1", "P2", "P3"})
    if (auto problem = order(fmt::format("sla.first_response_hours.{}", p), fmt::format("sla.resolution_hours.{}", p),
                             false, tr_noop("a complaint cannot be due for resolution before its first response"));
        !problem.empty())
      return problem;

  {
    std::map<std::string, std::string> off;
    for (const auto& e : list("sla.holidays"))
      if (auto d = parse_calendar_entry(e)) off[d->first] = e;
    for (const auto& e : list("sla.extra_workdays"))
      if (auto d = parse_calendar_entry(e); d && off.count(d->first))
        return trf("{0} is in both sla.holidays (\"{1}\", {2}) and sla.extra_workdays (\"{3}\", {4}); a day is "
                   "either off or worked: remove it from one of them",
                   d->first, off[d->first], shown_source(source("sla.holidays")), e,
                   shown_source(source("sla.extra_workdays")));
  }

  double weights = 0;
  std::string weights_set = "default";
  for (const char* w : {"registration", "timeliness", "resolution", "satisfaction"}) {
    std::string key = fmt::format("score.weights.{}", w);
    weights += number(key);
    if (source(key) != "default") weights_set = source(key);
  }
  if (weights <= 0)
    return trf("{}: score.weights.registration, .timeliness, .resolution and .satisfaction are all 0; give "
                       "at least one a weight above 0, or the combined score is undefined",
                       shown_source(weights_set));
  return "";
}

void Config::check_coherence() const {
  if (std::string problem = coherence_problem(); !problem.empty()) throw Error(ErrorKind::invalid, problem);
}

const Config::Entry& Config::entry(const std::string& key) const {
  auto it = entries_.find(key);
  if (it == entries_.end()) fail(ErrorKind::internal, "config key '{}' is not declared", key);
  return it->second;
}

const ConfigValue& Config::value(const std::string& key) const { return entry(key).value; }
const std::string& Config::source(const std::string& key) const { return entry(key).source; }

std::int64_t Config::integer(const std::string& key) const { return std::get<std::int64_t>(value(key)); }
double Config::number(const std::string& key) const { return std::get<double>(value(key)); }
bool Config::flag(const std::string& key) const { return std::get<bool>(value(key)); }
const std::string& Config::text(const std::string& key) const { return std::get<std::string>(value(key)); }
const StringList& Config::list(const std::string& key) const { return std::get<StringList>(value(key)); }
const ListMap& Config::list_map(const std::string& key) const { return std::get<ListMap>(value(key)); }

std::string find_config_file(const std::string& flag_value) {
  namespace fs = std::filesystem;
  // Whether `p` exists; a directory that cannot be searched is an error, not "no config".
  auto present = [](const std::string& p, const std::string& how) {
    std::error_code ec;
    bool found = fs::exists(p, ec);
    if (ec)
      fail_invalid("{}: cannot look for the config file '{}': {}; fix the permissions of its directory, point "
                   "XDG_CONFIG_HOME (or HOME) at a directory you can read, or name a config with --config FILE",
                   how, p, ec.message());
    return found;
  };
  auto must_exist = [&](const std::string& p, const char* how) {
    if (!present(p, how)) fail_invalid("{}: config file '{}' does not exist", how, p);
    return p;
  };
  if (!flag_value.empty()) return must_exist(flag_value, "--config");
  if (const char* env = std::getenv("CSDESK_CONFIG"); env && *env) return must_exist(env, "CSDESK_CONFIG");
  if (present("csdesk.toml", "./csdesk.toml")) return "csdesk.toml";
  std::string xdg, how;
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x) xdg = x, how = "$XDG_CONFIG_HOME/csdesk";
  else if (const char* h = std::getenv("HOME"); h && *h) xdg = std::string(h) + "/.config", how = "$HOME/.config/csdesk";
  if (!xdg.empty() && present(xdg + "/csdesk/csdesk.toml", how)) return xdg + "/csdesk/csdesk.toml";
  return "";
}

}  // namespace csdesk
