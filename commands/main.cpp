// csdesk: the records of a customer-service department (客服部) in one SQLite file.
#include <CLI/CLI.hpp>

#include <iostream>
#include <regex>
#include <sstream>

#include "commands.hpp"
#include "context.hpp"
#include "util/error.hpp"
#include "store/database.hpp"
#include "util/owner_only.hpp"
#include "util/text.hpp"

using namespace csdesk;

namespace {

const char* const kExitCodes = tr_noop(
    "Exit codes: 0 ok, 1 internal error, 2 usage, 3 invalid input, 4 not found, 5 conflict or wrong state,\n"
    "6 not permitted (the operator's roles do not allow it).\n"
    "The operator is the OS account running csdesk, mapped to a staff member by `staff edit NO --login ACCOUNT`.\n"
    "Environment: CSDESK_DB, CSDESK_CONFIG, CSDESK_USER, CSDESK_NOW, CSDESK_<KEY> for desk keys, NO_COLOR.\n"
    "Department settings (rules, privacy, notify, permissions, timezone) live in the database: `csdesk config set`.\n"
    "Installed setgid to a service group (README \"Shared install\"), files are written only where the account\n"
    "running csdesk could write them itself.\n"
    "Examples:\n"
    "  csdesk init\n"
    "  csdesk staff add 1001 张伟 --roles consult --login zhangwei\n"
    "  csdesk register --name 王女士 --company 华信科技 --phone 13912345678 --channel 电话\n"
    "  csdesk report monthly --month 2026-10 --lang zh\n"
    "Excel and WPS workbooks (.xlsx), both directions:\n"
    "  csdesk --as 1001 register --from 客户名单.xlsx --rejects 待改.xlsx   # read one in\n"
    "  csdesk customer list --limit 0 --lang zh --format xlsx --output 客户.xlsx   # write one out");

// The language of --help and of anything said before the config is read: --lang, else
// CSDESK_LANG, else the locale. Once the department's settings are read, Context::lang() decides.
Lang invocation_language(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--lang" && i + 1 < argc) return lang_from_text(argv[i + 1]).value_or(Lang::en);
    if (arg.rfind("--lang=", 0) == 0) return lang_from_text(arg.substr(7)).value_or(Lang::en);
  }
  if (const char* env = std::getenv("CSDESK_LANG"); env && *env) return lang_from_text(env).value_or(Lang::en);
  return lang_from_environment();
}

// CLI11's formatter, with the left column padded by display width: a Chinese type name (文本) is
// three bytes a character but two columns wide, and CLI11 pads by bytes.
class WidthFormatter : public CLI::Formatter {
 public:
  std::string make_option(const CLI::Option* opt, bool is_positional) const override {
    std::string name = make_option_name(opt, is_positional) + make_option_opts(opt);
    std::size_t wide = name.size() - static_cast<std::size_t>(std::max(0, display_width(name)));
    std::stringstream out;
    CLI::detail::format_help(out, name, make_option_desc(opt), get_column_width() + wide);
    return out.str();
  }
};

// CLI11's own words in --help (its labels, type names and default group names), in the language.
void translate_help_labels(CLI::App& app) {
  app.formatter(std::make_shared<WidthFormatter>());
  auto formatter = app.get_formatter();
  for (const char* label : {tr_noop("Usage"), tr_noop("OPTIONS"), tr_noop("SUBCOMMAND"), tr_noop("SUBCOMMANDS"),
                            tr_noop("Positionals"), tr_noop("REQUIRED"), tr_noop("Env"), tr_noop("Needs"),
                            tr_noop("Excludes"), tr_noop("TEXT"), tr_noop("INT"), tr_noop("UINT"), tr_noop("FLOAT"),
                            tr_noop("NUMBER"), tr_noop("FILE"), tr_noop("DIR"), tr_noop("PATH"), tr_noop("[TEXT]"),
                            tr_noop("[INT]"), tr_noop("TEXT ...")})
    formatter->label(label, std::string(tr(label)));
  app.set_help_flag("-h,--help", std::string(tr("Print this help message and exit")));
}

// Group names are kept per option and per command; once every command is built they are translated.
void translate_groups(CLI::App& app) {
  static const char* const groups[] = {tr_noop("Options"), tr_noop("Global"), tr_noop("Subcommands"), tr_noop("Import"),
                                      tr_noop("Customer")};
  for (CLI::Option* option : app.get_options())
    for (const char* g : groups)
      if (option->get_group() == g) option->group(std::string(tr(g)));
  for (CLI::App* sub : app.get_subcommands({})) {
    for (const char* g : groups)
      if (sub->get_group() == g) sub->group(std::string(tr(g)));
    translate_groups(*sub);
  }
}

struct CommandEntry {
  const char* name;  // the top-level command its setup adds
  CommandSetup setup;
};

// Every command, in the order `csdesk --help` lists them.
constexpr CommandEntry kCommands[] = {
    {"init", setup_init},         {"staff", setup_staff},     {"register", setup_register}, {"customer", setup_customer},
    {"assign", setup_assign},     {"complain", setup_complain}, {"revisit", setup_revisit}, {"handover", setup_handover},
    {"purchase", setup_purchase}, {"attendance", setup_attendance}, {"duty", setup_duty}, {"history", setup_history},   {"report", setup_report},   {"form", setup_form},       {"score", setup_score},       {"check", setup_check},
    {"config", setup_config},     {"calendar", setup_calendar}, {"backup", setup_backup},
    {"copy", setup_copy},
};

void setup_commands(CLI::App& app, Context& ctx, CommandActions& actions) {
  for (const auto& entry : kCommands) {
    entry.setup(app, ctx, actions);
    auto commands = app.get_subcommands({});
    if (commands.empty() || commands.back()->get_name() != entry.name)
      throw std::logic_error(fmt::format("the setup of '{}' did not add the command '{}'", entry.name, entry.name));
  }
}

void add_global_options(CLI::App& app, GlobalOptions& o) {
  app.add_option("--db", o.db, std::string(tr("Database file (env CSDESK_DB; default ./csdesk.db)")))->group("Global");
  app.add_option("--config", o.config, std::string(tr("Config file (env CSDESK_CONFIG; else ./csdesk.toml, ~/.config/csdesk/csdesk.toml)")))
      ->group("Global");
  app.add_option("--as", o.as, std::string(tr("Admins only: act on behalf of this staff member (工号 or name), e.g. entering a paper form; env CSDESK_USER")))->group("Global");
  app.add_option("--now", o.now, std::string(tr("Admins only: what time it is, ISO 8601 (env CSDESK_NOW), for backfilling and tests")))->group("Global");
  app.add_option("--format", o.format,
                 std::string(tr("Output: table, csv, json, or xlsx (an Excel workbook, with --output: --format xlsx --output 客户.xlsx; "
                 "to read one, register --from 客户名单.xlsx)")))
      ->group("Global");
  app.add_option("--output", o.output, std::string(tr("With --format xlsx (or html for reports): the file to write, created 0600; must not exist unless --force")))
      ->group("Global");
  app.add_flag("--force", o.force,
               std::string(tr("Replace the files named (--output, register --rejects, backup FILE) if they exist, each once the new one is complete")))
      ->group("Global");
  app.add_flag("--csv", o.csv, std::string(tr("Same as --format csv")))->group("Global");
  app.add_flag("--json", o.json, std::string(tr("Same as --format json")))->group("Global");
  app.add_flag("--bom", o.bom, std::string(tr("Start CSV with a UTF-8 BOM (Excel/WPS)")))->group("Global");
  app.add_flag("--no-header", o.no_header, std::string(tr("Leave out the header row")))->group("Global");
  app.add_option("--lang", o.lang, std::string(tr("Column headings: en or zh (config `lang`)")))->group("Global");
  app.add_flag("-q,--quiet", o.quiet, std::string(tr("No progress or notes on stderr")))->group("Global");
  app.add_flag("--reveal", o.reveal,
               std::string(tr("Insist on phone, e-mail, QQ, WeChat unmasked where you may see them (privacy.reveal_roles: all; sales, "
               "complaint, revisit: the customers your work needs); refused (exit 6) when you may see none of them")))
      ->group("Global");
}

// "staff list" for the selected command, as named in audit rows.
std::string command_path(CLI::App* cmd) {
  std::string path;
  for (CLI::App* c = cmd; c && c->get_parent(); c = c->get_parent())
    path = path.empty() ? c->get_name() : c->get_name() + " " + path;
  return path;
}

// The parsed command deepest in the tree.
CLI::App* selected(CLI::App* app) {
  for (auto* sub : app->get_subcommands())
    if (sub->parsed()) return selected(sub);
  return app;
}

// For a parse error: the first word that is not a command at its level, and the closest command.
std::string unknown_command_message(CLI::App& app, int argc, char** argv) {
  CLI::App* level = &app;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.empty() || arg[0] == '-') continue;
    std::vector<std::string> names;
    for (auto* sub : level->get_subcommands({})) names.push_back(sub->get_name());
    if (names.empty()) return "";
    if (std::find(names.begin(), names.end(), arg) != names.end()) {
      level = level->get_subcommand(arg);
      continue;
    }
    // An option's value (e.g. --db FILE) is not a command word.
    if (i > 1 && argv[i - 1][0] == '-' && std::string(argv[i - 1]).find('=') == std::string::npos) continue;
    std::string best = closest_match(arg, names);
    std::string where = level == &app ? "csdesk" : "csdesk " + level->get_name();
    if (best.empty()) return trf("unknown command '{}' for {}; commands: {}", arg, where, join(names, ", "));
    return trf("unknown command '{}' for {} (did you mean '{}'?)", arg, where, best);
  }
  return "";
}

// CLI11's parse errors, in the language: its usual messages are matched and said again through the
// catalogue (the English text stays as CLI11 writes it); any other is shown as CLI11 gave it.
std::string parse_error_message(const CLI::ParseError& e) {
  std::string text = e.what();
  std::smatch m;
  static const std::regex required("^(\\S+) is required$");
  static const std::regex unexpected_one("^The following argument was not expected: (.*)$");
  static const std::regex unexpected_many("^The following arguments were not expected: (.*)$");
  static const std::regex missing("^(\\S+): (\\d+) required (\\S+) missing$");
  if (std::regex_match(text, m, required)) return trf("{} is required", m[1].str());
  if (std::regex_match(text, m, unexpected_one)) return trf("The following argument was not expected: {}", m[1].str());
  if (std::regex_match(text, m, unexpected_many)) return trf("The following arguments were not expected: {}", m[1].str());
  if (std::regex_match(text, m, missing)) return trf("{}: {} required {} missing", m[1].str(), m[2].str(), tr(m[3].str()));
  if (text == "A subcommand is required") return std::string(tr("A subcommand is required"));
  return text;
}

// A mistyped command is an error even with --help: help for the wrong command (or the main
// help, exit 0) would hide the typo from scripts and people alike.
int usage_error(const std::string& message) {
  std::cerr << "csdesk: " << terminal_safe(message) << "\n"
            << tr("Run `csdesk --help` (or `csdesk COMMAND --help`) for usage.") << "\n";
  return exit_code(ErrorKind::usage);
}

}  // namespace

#if defined(__SANITIZE_ADDRESS__)
#include <unistd.h>
// Under AddressSanitizer: a setgid csdesk makes itself non-dumpable, and the leak checker cannot stop
// a process it may not trace, so it is turned off there (every other check stays on).
extern "C" int __lsan_is_turned_off() { return ::getegid() != ::getgid(); }
#endif

int main(int argc, char** argv) {
  harden_when_setgid();  // before anything is read: no core dump, no TZ/TZDIR/TMPDIR of the invoker's
  set_language(invocation_language(argc, argv));
  Context ctx;
  CLI::App app{std::string(tr("csdesk — customer-service department records: intake, allocation, complaints, revisits, "
                              "reports and monthly scores, in one SQLite file.")),
               "csdesk"};
  app.footer(std::string(tr(kExitCodes)));
  translate_help_labels(app);
  app.require_subcommand(1);
  app.fallthrough();
  app.set_version_flag("--version", "csdesk 0.1.0", std::string(tr("Display program version information and exit")));
  add_global_options(app, ctx.opt);

  CommandActions actions;
  try {
    setup_commands(app, ctx, actions);
    translate_groups(app);
  } catch (const std::exception& e) {
    std::cerr << "csdesk: " << trf("internal error while setting up commands: {}", e.what()) << "\n";
    return 1;
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    if (std::string unknown = unknown_command_message(app, argc, argv); !unknown.empty()) return usage_error(unknown);
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    if (std::string unknown = unknown_command_message(app, argc, argv); !unknown.empty()) return usage_error(unknown);
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string unknown = unknown_command_message(app, argc, argv);
    return usage_error(unknown.empty() ? parse_error_message(e) : unknown);
  }

  try {
    CLI::App* cmd = selected(&app);
    // A named operator must exist and be active for any command that touches records.
    std::string top = app.get_subcommands().empty() ? "" : app.get_subcommands().front()->get_name();
    ctx.initialise(top == "init"     ? Context::Settings::defaults
                   : top == "config" ? Context::Settings::database_if_present
                                     : Context::Settings::database);
    set_language(ctx.lang());  // the desk's and the department's choice, now that both are read
    // `config` shows a config whose keys disagree, so it can be fixed; every other command refuses it.
    if (top == "config") {
      if (std::string problem = ctx.config().coherence_problem(); !problem.empty()) ctx.warn(problem);
    } else {
      ctx.config().check_coherence();
    }
    // Every command that touches records knows who is acting before it starts (init makes the first).
    if (top != "config" && top != "init") ctx.resolve_operator();
    const CommandActions::Action* action = actions.find(cmd);
    if (!action) {
      std::cerr << cmd->help();
      return exit_code(ErrorKind::usage);
    }
    ctx.command_path = command_path(cmd);
    if (ctx.opt.reveal) ctx.require_reveal("--reveal");
    (*action)();
    return 0;
  } catch (const Error& e) {
    std::cerr << "csdesk: " << terminal_safe(e.what()) << "\n";
    return exit_code(e.kind());
  } catch (const sql::DriverError& e) {
    try {
      fail_store(ctx.opt.db, e, std::string(tr("internal error (database) on")));
    } catch (const Error& named) {
      std::cerr << "csdesk: " << terminal_safe(named.what()) << "\n";
      return exit_code(named.kind());
    }
  } catch (const std::exception& e) {
    std::cerr << "csdesk: " << terminal_safe(trf("internal error: {}", e.what())) << "\n";
    return exit_code(ErrorKind::internal);
  }
}
