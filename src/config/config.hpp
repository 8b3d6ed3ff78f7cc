#pragma once
// Layered configuration. Department settings (the department's rules, privacy, notify, permissions,
// timezone) come from the database only: built-in defaults < `config set`/`config import`. Desk keys
// (language, storage, import limits) come from defaults < csdesk.toml < CSDESK_* environment < flags.
// Every key is declared once (config.cpp) with its type, default, scope, check and help text.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace csdesk {

using StringList = std::vector<std::string>;
using ListMap = std::map<std::string, StringList>;  // e.g. [assign.region] 北京 = ["1003", "1005"]
using ConfigValue = std::variant<std::int64_t, double, bool, std::string, StringList, ListMap>;

enum class ConfigType { integer, number, boolean, text, list, list_map };

// department: stored in the database, the same for every desk, changed by an admin (`config set`);
// never read from a config file or the environment, which anyone running csdesk controls.
// desk: a per-person or per-machine choice, from csdesk.toml, CSDESK_* variables and flags.
enum class ConfigScope { department, desk };
std::string config_scope_name(ConfigScope s);  // "department", "desk"

// The values an integer or number key may take, both ends included.
struct NumberRange {
  double min;
  double max;
};

struct ConfigKey {
  std::string name;  // dotted: "score.target"
  ConfigType type;
  ConfigValue default_value;
  std::string help;
  // Returns an empty string when the value is acceptable, else what is wrong and what to use.
  std::string (*check)(const ConfigValue&) = nullptr;
  // Integer and number keys: the documented range (README, examples/csdesk.toml, `config show`).
  std::optional<NumberRange> range = std::nullopt;
  ConfigScope scope = ConfigScope::department;  // set from kDeskKeys in config.cpp, the one place
};

// A numeric key's range: its own, else kDefaultRange, so that no value can overflow what reads it.
inline constexpr NumberRange kDefaultRange{0, 1e9};
NumberRange number_range(const ConfigKey& key);

const std::vector<ConfigKey>& config_keys();
// A key's help in the reader's language (util/i18n.hpp); ConfigKey::help is the English.
std::string config_key_help(const ConfigKey& key);
std::string config_type_name(ConfigType t);
std::string env_name_for(const std::string& key);  // score.target → CSDESK_SCORE_TARGET
std::string config_value_text(const ConfigValue& v);  // for display
std::string config_value_json(const ConfigValue& v);  // as the database stores it
// The declared key, or nullptr.
const ConfigKey* find_config_key(const std::string& name);

class Config {
 public:
  Config();  // built-in defaults
  // Loads a TOML file; unknown key, wrong type or impossible value → invalid naming file:line and key.
  // `scope` desk (a csdesk.toml): a department key is refused, naming file:line and `config set`;
  // department (a file for `config import`): a desk key is refused. Returns the keys it set.
  StringList load_file(const std::string& path, ConfigScope scope = ConfigScope::desk);
  // Applies CSDESK_<KEY> variables for every scalar and list desk key (lists comma-separated); a
  // variable naming a department key is refused (invalid), naming it and where the setting lives.
  void load_env();
  // Sets one key from text, as from a flag or `config set`; `source` names where it came from.
  // A table of lists (assign.region) is JSON text: {"北京": ["2001"]}.
  void set_text(const std::string& key, const std::string& text, const std::string& source);
  // A department setting as the database holds it (config_value_json); a value this build cannot
  // read is invalid, naming the key and `config set`/`config unset`. Unknown keys are skipped.
  void load_stored(const std::string& key, const std::string& value_json, const std::string& source);
  // Back to the built-in default (config unset).
  void reset(const std::string& key);
  // Once every layer is in: relations between keys (score.lower_threshold < score.target < …).
  // "" when they hold, else what is wrong, naming where the offending value was set (file:line,
  // env or flag) and what to do.
  std::string coherence_problem() const;
  void check_coherence() const;  // throws invalid with coherence_problem()

  std::int64_t integer(const std::string& key) const;
  double number(const std::string& key) const;
  bool flag(const std::string& key) const;
  const std::string& text(const std::string& key) const;
  const StringList& list(const std::string& key) const;
  const ListMap& list_map(const std::string& key) const;

  const ConfigValue& value(const std::string& key) const;
  const std::string& source(const std::string& key) const;
  const std::string& file() const { return file_; }

 private:
  struct Entry {
    ConfigValue value;
    std::string source;
  };
  const Entry& entry(const std::string& key) const;
  std::map<std::string, Entry> entries_;
  std::string file_;
};

// Which file to read: --config, else CSDESK_CONFIG, else ./csdesk.toml, else
// $XDG_CONFIG_HOME/csdesk/csdesk.toml (or ~/.config/…). Empty when none exists and none was asked for.
std::string find_config_file(const std::string& flag_value);

}  // namespace csdesk
