// csdesk config: show the effective configuration and where each value came from.
#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "context.hpp"
#include "util/numbers.hpp"

namespace csdesk {
namespace {

// "1 to 1440" for integer and number keys, "" for the others.
std::string range_of(const ConfigKey& k) {
  if (k.type != ConfigType::integer && k.type != ConfigType::number) return "";
  NumberRange r = number_range(k);
  return range_text(r.min, r.max);
}

void run_config_show(Context& ctx) {
  Table t;
  t.columns = {{"key", "Key", "配置项"},
               {"value", "Value", "取值"},
               {"source", "Source", "来源"},
               {"env", "Environment", "环境变量"},
               {"range", "Range", "取值范围"},
               {"help", "Meaning", "说明"}};
  for (const auto& k : config_keys()) {
    const ConfigValue& v = ctx.config().value(k.name);
    t.add_row({k.name, config_value_text(v), ctx.config().source(k.name),
               k.type == ConfigType::list_map ? std::string() : env_name_for(k.name), range_of(k), k.help});
  }
  ctx.print(t);
}

void run_config_path(Context& ctx) {
  Table t;
  t.single = true;
  t.columns = {{"config_file", "Config file", "配置文件"}};
  t.add_row({ctx.config().file().empty() ? Value{} : Value{ctx.config().file()}});
  ctx.print(t);
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
