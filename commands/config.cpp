// csdesk config: show the effective configuration and where each value came from.
#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "context.hpp"
#include "output/columns.hpp"
#include "util/numbers.hpp"

namespace csdesk {
namespace {

// "1 to 1440" for integer and number keys, "" for the others.
std::string range_of(const ConfigKey& k) {
  if (k.type != ConfigType::integer && k.type != ConfigType::number) return "";
  NumberRange r = number_range(k);
  return range_text(r.min, r.max);
}

// Each key with its effective value in `config`.
ColumnSpec<ConfigKey> config_columns(const Config& config) {
  return {
      {{"key", "Key", "配置项"}, member(&ConfigKey::name)},
      {{"value", "Value", "取值"}, [&config](const ConfigKey& k) -> Value { return config_value_text(config.value(k.name)); }},
      {{"source", "Source", "来源"}, [&config](const ConfigKey& k) -> Value { return config.source(k.name); }},
      {{"env", "Environment", "环境变量"},
       [](const ConfigKey& k) -> Value { return k.type == ConfigType::list_map ? std::string() : env_name_for(k.name); }},
      {{"range", "Range", "取值范围"}, [](const ConfigKey& k) -> Value { return range_of(k); }},
      {{"help", "Meaning", "说明"}, member(&ConfigKey::help)},
  };
}

void run_config_show(Context& ctx) { ctx.print(config_columns(ctx.config()).table(config_keys(), ctx.spec().format)); }

void run_config_path(Context& ctx) {
  static const ColumnSpec<std::string> spec{{{"config_file", "Config file", "配置文件"}, text_or_null}};
  ctx.print(spec.single(ctx.config().file(), ctx.spec().format));
}

}  // namespace

void setup_config(CLI::App& app, Context& ctx, CommandActions& actions) {
  auto* cmd = app.add_subcommand("config", "Show the effective configuration");
  cmd->require_subcommand(1);
  cmd->footer(
      "Order: built-in defaults < config file < CSDESK_* environment < flags.\n"
      "Examples:\n"
      "  csdesk config show\n"
      "  CSDESK_SCORE_TARGET=300 csdesk config show --csv");
  auto* show = cmd->add_subcommand("show", "Every key, its effective value and where it came from");
  show->footer("Example:\n  csdesk --config examples/csdesk.toml config show");
  actions.bind(show, [&ctx] { run_config_show(ctx); });
  auto* path = cmd->add_subcommand("path", "Which config file is in use");
  path->footer("Example:\n  csdesk config path");
  actions.bind(path, [&ctx] { run_config_path(ctx); });
}

}  // namespace csdesk
