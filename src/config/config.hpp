#pragma once
// Layered configuration: built-in defaults < csdesk.toml < CSDESK_* environment < flags.
// Every key is declared once (config.cpp) with its type, default, check and help text.
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
};

// A numeric key's range: its own, else kDefaultRange, so that no value can overflow what reads it.
inline constexpr NumberRange kDefaultRange{0, 1e9};
NumberRange number_range(const ConfigKey& key);

const std::vector<ConfigKey>& config_keys();
std::string config_type_name(ConfigType t);
std::string env_name_for(const std::string& key);  // score.target → CSDESK_SCORE_TARGET
std::string config_value_text(const ConfigValue& v);  // for display
// A per-person choice that decides nothing for anyone else (lang): the only keys a shared install
// (csdesk setgid) takes from a config file or the environment.
bool is_desk_key(const std::string& key);

class Config {
 public:
  Config();  // built-in defaults
  // Loads a TOML file; unknown key, wrong type or impossible value → invalid naming file:line and key.
  // `desk_only` (a setgid csdesk, whose files and environment are the invoker's): a key other than a
  // desk key is refused, not permitted (exit 6), naming where it was set.
  void load_file(const std::string& path, bool desk_only = false);
  // Applies CSDESK_<KEY> variables for every scalar and list key (lists comma-separated).
  void load_env(bool desk_only = false);
  // Sets one key from text, as from a flag; `source` names where it came from.
  void set_text(const std::string& key, const std::string& text, const std::string& source);
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
