#include "config.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <filesystem>
#include <fmt/format.h>
#include <toml++/toml.h>

#include "error.hpp"
#include "text.hpp"

namespace csdesk {
namespace {

std::string positive_int(const ConfigValue& v) {
  return std::get<std::int64_t>(v) > 0 ? "" : "must be a whole number greater than 0";
}
std::string non_negative_int(const ConfigValue& v) {
  return std::get<std::int64_t>(v) >= 0 ? "" : "must be a whole number, 0 or more";
}
std::string field_bytes(const ConfigValue& v) {
  auto n = std::get<std::int64_t>(v);
  return n >= 1024 && n <= (std::int64_t{64} << 20) ? "" : "must be between 1024 (1 KiB) and 67108864 (64 MiB) bytes";
}
std::string ratio(const ConfigValue& v) {
  double d = std::get<double>(v);
  return d >= 0 && d <= 1 ? "" : "must be a ratio between 0 and 1 (0.10 means 10 %)";
}
std::string non_negative_number(const ConfigValue& v) {
  return std::get<double>(v) >= 0 ? "" : "must be 0 or more";
}
std::string score_1_to_5(const ConfigValue& v) {
  auto n = std::get<std::int64_t>(v);
  return n >= 1 && n <= 5 ? "" : "must be a satisfaction score from 1 to 5";
}
std::string time_range(const ConfigValue& v) {
  // "HH:MM-HH:MM"
  const auto& s = std::get<std::string>(v);
  int h1, m1, h2, m2;
  char extra;
  if (std::sscanf(s.c_str(), "%2d:%2d-%2d:%2d%c", &h1, &m1, &h2, &m2, &extra) != 4 || h1 > 24 || h2 > 24 || m1 > 59 ||
      m2 > 59 || h1 * 60 + m1 >= h2 * 60 + m2)
    return "must be a time range HH:MM-HH:MM on one day, such as 09:00-18:00";
  return "";
}
std::string lang_value(const ConfigValue& v) {
  const auto& s = std::get<std::string>(v);
  return s.empty() || s == "en" || s == "zh" ? "" : "must be \"en\" or \"zh\" (or \"\" to follow the locale)";
}
std::string allocation_rule(const ConfigValue& v) {
  const auto& s = std::get<std::string>(v);
  return s == "round-robin" || s == "least-loaded" || s == "region" || s == "need"
             ? ""
             : "must be one of round-robin, least-loaded, region, need";
}
std::string agent_rule(const ConfigValue& v) {
  const auto& s = std::get<std::string>(v);
  return s == "round-robin" || s == "least-loaded" ? "" : "must be round-robin or least-loaded";
}
std::string weekdays(const ConfigValue& v) {
  static const StringList names = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  for (const auto& d : std::get<StringList>(v)) {
    if (std::find(names.begin(), names.end(), to_lower_ascii(d)) == names.end())
      return fmt::format("'{}' is not a weekday; use mon, tue, wed, thu, fri, sat, sun", d);
  }
  return "";
}
std::string date_list(const ConfigValue& v) {
  for (const auto& d : std::get<StringList>(v)) {
    int y, m, day;
    char extra;
    if (std::sscanf(d.c_str(), "%4d-%2d-%2d%c", &y, &m, &day, &extra) != 3 || m < 1 || m > 12 || day < 1 || day > 31)
      return fmt::format("'{}' is not a date; use YYYY-MM-DD", d);
  }
  return "";
}
std::string roles_list(const ConfigValue& v) {
  static const StringList roles = {"consult", "revisit", "sales", "complaint", "supervisor", "manager", "admin"};
  for (const auto& r : std::get<StringList>(v))
    if (std::find(roles.begin(), roles.end(), r) == roles.end())
      return fmt::format("'{}' is not a role; use consult, revisit, sales, complaint, supervisor, manager, admin", r);
  return "";
}
std::string non_empty_list(const ConfigValue& v) {
  return std::get<StringList>(v).empty() ? "must list at least one value" : "";
}

using T = ConfigType;
using I = std::int64_t;

std::vector<ConfigKey> make_keys() {
  return {
      // General
      {"lang", T::text, std::string(""), "Column headings: \"en\" or \"zh\"; \"\" follows the locale (LANG)", lang_value},
      {"timezone", T::text, std::string("Asia/Shanghai"), "Time zone for days, weeks and months (IANA name)"},
      // Intake (seed 001)
      {"intake.register_limit_minutes", T::integer, I{5}, "Register a contact and notify its owner within this many minutes", positive_int},
      {"import.max_field_bytes", T::integer, I{1 << 20}, "register --from: the longest field a row may hold, in bytes (a longer one rejects its row)", field_bytes},
      // Allocation (seed 001)
      {"assign.rule", T::text, std::string("round-robin"), "Allocation rule after owner stickiness: round-robin, least-loaded, region, need", allocation_rule},
      {"assign.urgent_contact_minutes", T::integer, I{15}, "An urgent customer must be contacted by sales within this many minutes, else reassigned", positive_int},
      {"assign.only_on_shift", T::boolean, false, "Allocate only to salespeople whose shift covers the current time"},
      {"assign.region", T::list_map, ListMap{}, "City/region → employee numbers, for rule = \"region\" (round-robin inside each list)"},
      {"assign.need", T::list_map, ListMap{}, "Need keyword → employee numbers, for rule = \"need\""},
      {"notify.command", T::text, std::string(""), "Command run for each notification with its JSON on stdin; \"\" prints notifications"},
      // Working hours (seeds 001, 003)
      {"hours.early", T::text, std::string("09:00-16:30"), "Early shift", time_range},
      {"hours.late", T::text, std::string("16:00-23:00"), "Late shift", time_range},
      {"hours.after_hours_duty_minutes", T::integer, I{60}, "Duty kept after office hours on weekdays", non_negative_int},
      // Service standards (seeds 000–003)
      {"sla.first_response_hours.P1", T::integer, I{24}, "First response to a P1 complaint, hours", positive_int},
      {"sla.first_response_hours.P2", T::integer, I{24}, "First response to a P2 complaint, hours", positive_int},
      {"sla.first_response_hours.P3", T::integer, I{24}, "First response to a P3 complaint, hours", positive_int},
      {"sla.resolution_hours.P1", T::integer, I{24}, "Resolution of a P1 complaint, hours", positive_int},
      {"sla.resolution_hours.P2", T::integer, I{72}, "Resolution of a P2 complaint, hours", positive_int},
      {"sla.resolution_hours.P3", T::integer, I{168}, "Resolution of a P3 complaint, hours (7 days)", positive_int},
      {"sla.email_reply_hours", T::integer, I{24}, "Reply to an e-mail within, hours", positive_int},
      {"sla.delayed_feedback_hours", T::integer, I{24}, "A delayed problem: feedback to the customer within, hours", positive_int},
      {"sla.decision_handover_hours", T::integer, I{24}, "Decision items handed to the responsible department within, hours", positive_int},
      {"sla.crisis_response_hours", T::integer, I{2}, "Crisis: quick-response plan within, hours", positive_int},
      {"sla.calendar", T::boolean, false, "Count SLA time only in working hours (work_days, work_hours, holidays)"},
      {"sla.work_days", T::list, StringList{"mon", "tue", "wed", "thu", "fri"}, "Working days for the SLA calendar", weekdays},
      {"sla.work_hours", T::text, std::string("09:00-18:00"), "Working hours for the SLA calendar", time_range},
      {"sla.holidays", T::list, StringList{}, "Dates (YYYY-MM-DD) not worked, for the SLA calendar", date_list},
      // Complaints
      {"complaint.categories", T::list, StringList{"product", "service-attitude", "delivery", "billing", "after-sale", "other"},
       "Complaint categories", non_empty_list},
      {"complaint.about_staff_categories", T::list, StringList{"service-attitude"},
       "Categories that count as a complaint about the staff member named (score: complaint count)"},
      // Revisits (seeds 001, 002)
      {"revisit.after_resolution_days", T::integer, I{3}, "Follow-up revisit due this many days after a complaint is resolved", positive_int},
      {"revisit.interval_days.A", T::integer, I{30}, "Routine revisit of grade A customers every N days", positive_int},
      {"revisit.interval_days.B", T::integer, I{90}, "Routine revisit of grade B customers every N days", positive_int},
      {"revisit.interval_days.C", T::integer, I{180}, "Routine revisit of grade C customers every N days", positive_int},
      {"revisit.satisfaction_floor", T::integer, I{2}, "A follow-up scored at or below this reopens its complaint", score_1_to_5},
      {"revisit.satisfied_min", T::integer, I{4}, "A score at or above this counts as satisfied", score_1_to_5},
      {"revisit.agent_rule", T::text, std::string("round-robin"), "How planned revisits are allotted to revisit agents", agent_rule},
      {"revisit.problem_factors", T::list,
       StringList{"服务态度", "响应速度", "产品质量", "价格", "售后服务", "交付", "其他"}, "回访问题因素: problem factors a revisit may record", non_empty_list},
      {"revisit.occasions", T::list, StringList{"01-01 holiday 元旦问候", "10-01 holiday 国庆问候"},
       "Occasions: \"MM-DD purpose label\" (purpose: holiday, maintenance, …)"},
      {"revisit.occasion_lead_days", T::integer, I{7}, "Plan occasion revisits this many days ahead", non_negative_int},
      {"revisit.marketing_purposes", T::list, StringList{"holiday", "birthday", "promotion"},
       "Purposes never planned for customers without consent"},
      // Customer lifecycle
      {"customer.at_risk_low_scores", T::integer, I{2}, "This many low satisfaction scores in a row mark a customer at-risk", positive_int},
      {"customer.at_risk_no_contact_days", T::integer, I{180}, "No contact for this many days marks a customer at-risk", positive_int},
      // Monthly assessment (seed 001, seed 003)
      {"score.target", T::integer, I{330}, "Registrations a month for 100 points (task complete)", positive_int},
      {"score.base_points", T::integer, I{100}, "Points for meeting the target", non_negative_int},
      {"score.step", T::integer, I{10}, "Registrations per point above or below the target (whole steps only)", positive_int},
      {"score.points_per_step", T::integer, I{1}, "Points per step", non_negative_int},
      {"score.upper_threshold", T::integer, I{380}, "At or above this many registrations (以上): flat upper_points", positive_int},
      {"score.upper_points", T::integer, I{110}, "Points at or above upper_threshold", non_negative_int},
      {"score.lower_threshold", T::integer, I{280}, "At or below this many registrations (以下): flat lower_points", non_negative_int},
      {"score.lower_points", T::integer, I{90}, "Points at or below lower_threshold", non_negative_int},
      {"score.prorate", T::boolean, false, "Prorate the target for staff who joined or left mid-month"},
      {"score.target_roles", T::list, StringList{"consult"}, "Roles scored by registrations", roles_list},
      {"score.weights.registration", T::number, 0.5, "Weight of registration points in the combined score", non_negative_number},
      {"score.weights.timeliness", T::number, 0.15, "Weight of the timeliness rate (×100)", non_negative_number},
      {"score.weights.resolution", T::number, 0.15, "Weight of the resolution rate (×100)", non_negative_number},
      {"score.weights.satisfaction", T::number, 0.2, "Weight of the satisfaction rate (×100)", non_negative_number},
      {"score.complaint_penalty", T::number, 2.0, "Points subtracted from the combined score per complaint about the person", non_negative_number},
      // Targets (seed 002)
      {"targets.satisfaction_gain", T::number, 0.10, "Satisfaction to rise by this share…", ratio},
      {"targets.satisfaction_months", T::integer, I{3}, "…within this many months", positive_int},
      {"targets.efficiency_gain", T::number, 0.20, "Complaint-handling efficiency to rise by this share…", ratio},
      {"targets.efficiency_months", T::integer, I{6}, "…within this many months", positive_int},
      {"targets.repeat_purchase_rate", T::number, 0.75, "Repeat-purchase rate to reach…", ratio},
      {"targets.repeat_purchase_years", T::integer, I{3}, "…within this many years", positive_int},
      // Privacy (seeds 000–002)
      {"privacy.reveal_roles", T::list, StringList{"supervisor", "manager", "admin"},
       "Roles that see phone, e-mail, QQ and WeChat unmasked", roles_list},
  };
}

const ConfigKey* find_key(const std::string& name) {
  for (const auto& k : config_keys())
    if (k.name == name) return &k;
  return nullptr;
}

StringList key_names() {
  StringList names;
  for (const auto& k : config_keys()) names.push_back(k.name);
  return names;
}

std::string unknown_key_hint(const std::string& name) {
  auto best = closest_match(name, key_names());
  return best.empty() ? "see `csdesk config show` for every key" : fmt::format("did you mean '{}'?", best);
}

void check_value(const ConfigKey& key, const ConfigValue& v, const std::string& where) {
  if (!key.check) return;
  std::string problem = key.check(v);
  if (!problem.empty()) fail_invalid("{}: {} {}", where, key.name, problem);
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

const std::vector<ConfigKey>& config_keys() {
  static const std::vector<ConfigKey> keys = make_keys();
  return keys;
}

std::string config_type_name(ConfigType t) {
  switch (t) {
    case T::integer: return "integer";
    case T::number: return "number";
    case T::boolean: return "boolean";
    case T::text: return "string";
    case T::list: return "list of strings";
    case T::list_map: return "table of string lists";
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

Config::Config() {
  for (const auto& k : config_keys()) entries_[k.name] = Entry{k.default_value, "default"};
}

void Config::load_file(const std::string& path) {
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    const auto& src = e.source();
    fail_invalid("{}:{}:{}: not valid TOML: {}", path, src.begin.line, src.begin.column, e.description());
  }
  file_ = path;
  walk(root, "", path, [&](const std::string& name, const toml::node& node) {
    std::string where = fmt::format("{}:{}", path, node.source().begin.line);
    const ConfigKey* key = find_key(name);
    if (!key) fail_invalid("{}: unknown key '{}'; {}", where, name, unknown_key_hint(name));
    ConfigValue v;
    if (!from_toml(node, key->type, v))
      fail_invalid("{}: {} must be a {}", where, name, config_type_name(key->type));
    check_value(*key, v, where);
    entries_[name] = Entry{v, where};
  });
}

void Config::load_env() {
  for (const auto& k : config_keys()) {
    if (k.type == T::list_map) continue;
    std::string env = env_name_for(k.name);
    if (const char* v = std::getenv(env.c_str())) set_text(k.name, v, "env " + env);
  }
}

void Config::set_text(const std::string& name, const std::string& text, const std::string& source) {
  const ConfigKey* key = find_key(name);
  if (!key) fail_invalid("{}: unknown key '{}'; {}", source, name, unknown_key_hint(name));
  ConfigValue v;
  std::string t = trim(text);
  auto bad = [&] { fail_invalid("{}: {} must be a {}, not '{}'", source, name, config_type_name(key->type), text); };
  switch (key->type) {
    case T::integer: {
      char* end = nullptr;
      errno = 0;
      long long n = std::strtoll(t.c_str(), &end, 10);
      if (t.empty() || *end != '\0' || errno == ERANGE) bad();
      v = static_cast<std::int64_t>(n);
      break;
    }
    case T::number: {
      char* end = nullptr;
      double d = std::strtod(t.c_str(), &end);
      if (t.empty() || *end != '\0') bad();
      v = d;
      break;
    }
    case T::boolean:
      if (t == "true" || t == "1" || t == "yes") v = true;
      else if (t == "false" || t == "0" || t == "no") v = false;
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
    case T::list_map: fail_invalid("{}: {} can only be set in the config file", source, name);
  }
  check_value(*key, v, source);
  entries_[name] = Entry{v, source};
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
  auto must_exist = [](const std::string& p, const char* how) {
    if (!fs::exists(p)) fail_invalid("{}: config file '{}' does not exist", how, p);
    return p;
  };
  if (!flag_value.empty()) return must_exist(flag_value, "--config");
  if (const char* env = std::getenv("CSDESK_CONFIG"); env && *env) return must_exist(env, "CSDESK_CONFIG");
  if (fs::exists("csdesk.toml")) return "csdesk.toml";
  std::string xdg;
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x) xdg = x;
  else if (const char* h = std::getenv("HOME"); h && *h) xdg = std::string(h) + "/.config";
  if (!xdg.empty() && fs::exists(xdg + "/csdesk/csdesk.toml")) return xdg + "/csdesk/csdesk.toml";
  return "";
}

}  // namespace csdesk
