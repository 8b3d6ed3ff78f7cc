#include "settings/settings.hpp"

#include <fmt/format.h>

#include "store/settings.hpp"
#include "util/error.hpp"
#include "util/json.hpp"
#include "util/time.hpp"

namespace csdesk {
namespace {

std::string stored_source(const SettingRow& row) {
  return fmt::format("database (set {} by {})", format_date(row.set_at), row.set_by);
}

// The department's settings as they are now in `db` (inside the transaction that changes them, so
// that coherence is judged against what another admin may just have set).
Config current(Database& db) {
  Config config;
  load_department_settings(db, config);
  return config;
}

const ConfigKey& department_key(const std::string& name) {
  const ConfigKey* key = find_config_key(name);
  if (!key) {
    Config().reset(name);  // throws invalid naming the key, with the nearest one
    fail(ErrorKind::internal, "config key '{}' is not declared", name);
  }
  if (key->scope == ConfigScope::desk)
    fail_invalid("{} is a desk key, a choice of each person or machine: set it in csdesk.toml, with {} or a flag; "
                 "`csdesk config set` changes the department's settings", name, env_name_for(name));
  return *key;
}

std::string image(const std::string& key, const Config& config) {
  JsonObject o;
  o.add("key", key).add("value", config_value_text(config.value(key)));
  o.add("source", config.source(key) == "default" ? "default" : "database");
  return o.str();
}

// Writes `key` of `after` (or removes it when `remove`) with its audit row; the caller commits.
SettingChange record(Database& db, const Actor& actor, const Config& before, const Config& after,
                    const std::string& key, const std::string& action, bool remove, Epoch now) {
  SettingsStore store(db);
  if (remove) store.remove(key);
  else store.put(SettingRow{key, config_value_json(after.value(key)), now, actor.label});
  db.audit(actor, now, AuditEntry{"setting", std::nullopt, key, action, image(key, before), image(key, after)});
  return SettingChange{key, config_value_text(before.value(key)), config_value_text(after.value(key)),
                       before.source(key), remove ? "default" : "database"};
}


}  // namespace

std::string source_in_language(const std::string& source) {
  constexpr std::string_view open = "database (set ", by = " by ";
  if (source.rfind(open, 0) == 0 && source.size() > open.size() && source.back() == ')') {
    std::string_view inner = std::string_view(source).substr(open.size(), source.size() - open.size() - 1);
    if (auto at = inner.find(by); at != std::string_view::npos)
      return trf("database (set {} by {})", inner.substr(0, at), inner.substr(at + by.size()));
  }
  return term_in("config-source", source, language());
}

void load_department_settings(Database& db, Config& config) {
  for (const auto& row : SettingsStore(db).all()) config.load_stored(row.key, row.value_json, stored_source(row));
}

SettingChange set_setting(Database& db, const Actor& actor, const std::string& key, const std::string& text, Epoch now) {
  actor.require(Permission::config_change);
  department_key(key);
  Database::Transaction tx(db);
  Config before = current(db);
  Config after = before;
  after.set_text(key, text, "config set");
  after.check_coherence();
  SettingChange change = record(db, actor, before, after, key, "set", false, now);
  tx.commit();
  return change;
}

SettingChange unset_setting(Database& db, const Actor& actor, const std::string& key, Epoch now) {
  actor.require(Permission::config_change);
  department_key(key);
  Database::Transaction tx(db);
  Config before = current(db);
  if (before.source(key) == "default")
    return SettingChange{key, config_value_text(before.value(key)), config_value_text(before.value(key)), "default",
                         "default"};
  Config after = before;
  after.reset(key);
  after.check_coherence();
  SettingChange change = record(db, actor, before, after, key, "unset", true, now);
  tx.commit();
  return change;
}

std::vector<SettingChange> import_settings(Database& db, const Actor& actor, const std::string& file, Epoch now) {
  actor.require(Permission::config_change);
  Database::Transaction tx(db);
  Config before = current(db);
  Config after = before;
  StringList keys = after.load_file(file, ConfigScope::department);
  after.check_coherence();
  std::vector<SettingChange> changes;
  for (const auto& key : keys) {
    if (config_value_json(before.value(key)) == config_value_json(after.value(key))) continue;  // already in effect
    changes.push_back(record(db, actor, before, after, key, "import", false, now));
  }
  tx.commit();
  return changes;
}

std::vector<SettingChange> change_settings(Database& db, const Actor& actor, const SettingsEdit& change,
                                           const std::string& action, Epoch now) {
  actor.require(Permission::config_change);
  Database::Transaction tx(db);
  Config before = current(db);
  Config after = before;
  change(before, after);
  after.check_coherence();
  std::vector<SettingChange> changes;
  for (const auto& key : config_keys()) {
    if (config_value_json(before.value(key.name)) == config_value_json(after.value(key.name))) continue;
    department_key(key.name);
    changes.push_back(record(db, actor, before, after, key.name, action, false, now));
  }
  tx.commit();
  return changes;
}

}  // namespace csdesk
