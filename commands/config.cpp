// csdesk config: show the effective configuration and where each value came from; an admin's
// changes to the department's settings (stored in the database).
#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "context.hpp"
#include "output/columns.hpp"
#include "rules/vocabulary.hpp"
#include "settings/settings.hpp"
#include "util/numbers.hpp"

namespace csdesk {
namespace {

// "1 to 1440" for integer and number keys, "" for the others; JSON's in English in every language.
std::string range_of(const ConfigKey& k, Format format) {
  if (k.type != ConfigType::integer && k.type != ConfigType::number) return "";
  NumberRange r = number_range(k);
  return format == Format::json ? fmt::format("{} to {}", r.min, r.max) : range_text(r.min, r.max);
}

// Each key with its effective value in `config`. Its help is read in the reader's language; JSON
// keeps the English, as it keeps every code.
ColumnSpec<ConfigKey> config_columns(const Config& config, Format format) {
  return {
      {{"key", "Key", "配置项"}, member(&ConfigKey::name)},
      {{"value", "Value", "取值"}, [&config](const ConfigKey& k) -> Value { return config_value_text(config.value(k.name)); }},
      {{"source", "Source", "来源"},
       [&config, format](const ConfigKey& k) -> Value {
         return format == Format::json ? config.source(k.name) : source_in_language(config.source(k.name));
       }},
      {Column{"scope", "Scope", "范围"}.with_terms(vocab::config_scope), [](const ConfigKey& k) -> Value { return config_scope_name(k.scope); }},
      {{"env", "Environment", "环境变量"},
       [](const ConfigKey& k) -> Value {
         return k.type == ConfigType::list_map || k.scope == ConfigScope::department ? std::string() : env_name_for(k.name);
       }},
      {{"range", "Range", "取值范围"}, [format](const ConfigKey& k) -> Value { return range_of(k, format); }},
      {{"help", "Meaning", "说明"},
       [format](const ConfigKey& k) -> Value { return format == Format::json ? k.help : config_key_help(k); }},
  };
}

void run_config_show(Context& ctx) { ctx.print(config_columns(ctx.config(), ctx.spec().format).table(config_keys(), ctx.spec().format)); }

void run_config_path(Context& ctx) {
  static const ColumnSpec<std::string> spec{{{"config_file", "Config file", "配置文件"}, text_or_null}};
  ctx.print(spec.single(ctx.config().file(), ctx.spec().format));
}

ColumnSpec<SettingChange> change_columns(Format format) {
  return {
      {{"key", "Key", "配置项"}, member(&SettingChange::key)},
      {{"before", "Before", "原值"}, member(&SettingChange::before)},
      {{"after", "After", "新值"}, member(&SettingChange::after)},
      {{"before_source", "Was from", "原来源"},
       [format](const SettingChange& c) -> Value {
         return format == Format::json ? c.before_source : source_in_language(c.before_source);
       }},
  };
}

void print_changes(Context& ctx, const std::vector<SettingChange>& changes) {
  if (changes.empty()) ctx.note(std::string(tr("nothing changed: every value is already in effect")));
  ctx.print(change_columns(ctx.spec().format).table(changes, ctx.spec().format));
}

}  // namespace

void setup_config(CLI::App& app, Context& ctx, CommandActions& actions) {
  auto* cmd = app.add_subcommand("config", std::string(tr("Show the configuration; admins change the department's settings")));
  cmd->require_subcommand(1);
  cmd->footer(
      std::string(tr("Department settings (the rules' numbers, privacy.*, notify.*, permissions.*, timezone) live in the\n"
      "database, the same for every desk: built-in defaults < `config set` / `config import` (admins).\n"
      "Desk keys (lang, storage.synchronous, import.max_field_bytes): defaults < config file < CSDESK_* < flags.\n"
      "Examples:\n"
      "  csdesk config show\n"
      "  csdesk config set score.target 300\n"
      "  CSDESK_LANG=zh csdesk config show --csv")));
  auto* show = cmd->add_subcommand("show", std::string(tr("Every key, its effective value and where it came from")));
  show->footer(std::string(tr("Example:\n  csdesk --config examples/csdesk.toml config show")));
  actions.bind(show, [&ctx] { run_config_show(ctx); });
  auto* path = cmd->add_subcommand("path", std::string(tr("Which config file is in use")));
  path->footer(std::string(tr("Example:\n  csdesk config path")));
  actions.bind(path, [&ctx] { run_config_path(ctx); });

  auto key = std::make_shared<std::string>(), value = std::make_shared<std::string>();
  auto* set = cmd->add_subcommand("set", std::string(tr("Admins: change one department setting (stored in the database, audited)")));
  set->add_option("KEY", *key, std::string(tr("A department key, e.g. score.target")))->required();
  set->add_option("VALUE", *value, std::string(tr("Its value as `config show` prints it; lists comma-separated; "
                                   "assign.region and assign.need as JSON")))->required();
  set->footer(std::string(tr("Examples:\n"
              "  csdesk config set score.target 300\n"
              "  csdesk config set privacy.reveal_roles supervisor,manager\n"
              "  csdesk config set assign.region '{\"北京\": [\"2001\", \"2003\"]}'")));
  actions.bind(set, [&ctx, key, value] {
    print_changes(ctx, {set_setting(ctx.db(), ctx.actor(), *key, *value, ctx.now())});
  });
  auto* unset = cmd->add_subcommand("unset", std::string(tr("Admins: put one department setting back to its default (audited)")));
  unset->add_option("KEY", *key, std::string(tr("A department key")))->required();
  unset->footer(std::string(tr("Example:\n  csdesk config unset score.target")));
  actions.bind(unset, [&ctx, key] {
    SettingChange change = unset_setting(ctx.db(), ctx.actor(), *key, ctx.now());
    print_changes(ctx, change.before_source == "default" ? std::vector<SettingChange>{} : std::vector{change});
  });
  auto file = std::make_shared<std::string>();
  auto* import = cmd->add_subcommand("import", std::string(tr("Admins: set the department keys of a TOML file, all or nothing (audited)")));
  import->add_option("FILE", *file, std::string(tr("TOML with department keys only, e.g. examples/department.toml")))->required();
  import->footer(std::string(tr("Example:\n  csdesk config import examples/department.toml")));
  actions.bind(import, [&ctx, file] { print_changes(ctx, import_settings(ctx.db(), ctx.actor(), *file, ctx.now())); });
}

}  // namespace csdesk
