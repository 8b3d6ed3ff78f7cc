#pragma once
// The department's settings: read from the database into the effective config, and changed by an
// admin (Permission::config_change) with `config set`, `config unset` and `config import`, each
// change audited (record kind "setting", record number = the key, so `history KEY` shows it).
#include <functional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "rules/permissions.hpp"
#include "store/database.hpp"

namespace csdesk {

// Puts every stored department setting over `config`, each with its source
// "database (set 2026-11-02 by 0000)". Keys never set keep their defaults.
void load_department_settings(Database& db, Config& config);
// A source as the reader reads it: "default" and "database (set 2026-11-02 by 0000)" in the
// current language (默认值, 数据库（2026-11-02 由 0000 设置）); a file:line, variable or flag as it is.
// JSON keeps the English.
std::string source_in_language(const std::string& source);

struct SettingChange {
  std::string key;
  std::string before, after;  // values as `config show` prints them
  std::string before_source, after_source;
};

// Sets one department key from text (as `config show` prints values; a table of lists as JSON).
// Refused unless the actor may config_change; a desk key, an unknown key, a value of the wrong
// type or range, or one that breaks coherence (score thresholds …) is invalid, naming the key.
SettingChange set_setting(Database& db, const Actor& actor, const std::string& key, const std::string& text, Epoch now);
// Back to the built-in default; nothing changes (and nothing is audited) when it was never set.
SettingChange unset_setting(Database& db, const Actor& actor, const std::string& key, Epoch now);
// Every key of a TOML file of department keys (examples/department.toml), all or nothing: one bad
// key, a desk key or an incoherent result writes none. Keys whose value is already in effect are
// left as they are. Returns the keys changed.
std::vector<SettingChange> import_settings(Database& db, const Actor& actor, const std::string& file, Epoch now);
// Several keys at once, all or nothing (`calendar import`): `change` gets the department's
// settings as they are inside the transaction and sets keys on `after` (it may throw to change
// nothing); then coherence is checked and every key whose value changed is written and audited
// with `action`. Refused unless the actor may config_change. Returns the keys changed.
using SettingsEdit = std::function<void(const Config& before, Config& after)>;
std::vector<SettingChange> change_settings(Database& db, const Actor& actor, const SettingsEdit& change,
                                           const std::string& action, Epoch now);

}  // namespace csdesk
