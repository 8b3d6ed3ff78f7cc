#pragma once
// Every command's setup function, and the actions they bind. main.cpp holds the one table that
// lists the commands in the order `csdesk --help` shows them.
#include <functional>
#include <map>

namespace CLI {
class App;
}

namespace csdesk {

class Context;

// What a parsed (sub)command runs, bound by its setup function and run by main once the context
// is initialised.
class CommandActions {
 public:
  using Action = std::function<void()>;
  void bind(CLI::App* command, Action action) { actions_[command] = std::move(action); }
  // The action of `command`, or null for a command that only groups others.
  const Action* find(CLI::App* command) const {
    auto it = actions_.find(command);
    return it == actions_.end() ? nullptr : &it->second;
  }

 private:
  std::map<CLI::App*, Action> actions_;
};

// Each adds its top-level command (named as in main.cpp's table) and binds its actions.
using CommandSetup = void (*)(CLI::App& app, Context& ctx, CommandActions& actions);

void setup_init(CLI::App& app, Context& ctx, CommandActions& actions);
void setup_staff(CLI::App& app, Context& ctx, CommandActions& actions);
void setup_register(CLI::App& app, Context& ctx, CommandActions& actions);
void setup_customer(CLI::App& app, Context& ctx, CommandActions& actions);
void setup_assign(CLI::App& app, Context& ctx, CommandActions& actions);
void setup_complain(CLI::App& app, Context& ctx, CommandActions& actions);
void setup_revisit(CLI::App& app, Context& ctx, CommandActions& actions);
void setup_handover(CLI::App& app, Context& ctx, CommandActions& actions);
void setup_purchase(CLI::App& app, Context& ctx, CommandActions& actions);
void setup_attendance(CLI::App& app, Context& ctx, CommandActions& actions);
void setup_duty(CLI::App& app, Context& ctx, CommandActions& actions);
void setup_history(CLI::App& app, Context& ctx, CommandActions& actions);
void setup_report(CLI::App& app, Context& ctx, CommandActions& actions);
void setup_form(CLI::App& app, Context& ctx, CommandActions& actions);
void setup_score(CLI::App& app, Context& ctx, CommandActions& actions);
void setup_check(CLI::App& app, Context& ctx, CommandActions& actions);
void setup_config(CLI::App& app, Context& ctx, CommandActions& actions);
void setup_calendar(CLI::App& app, Context& ctx, CommandActions& actions);
void setup_backup(CLI::App& app, Context& ctx, CommandActions& actions);
void setup_copy(CLI::App& app, Context& ctx, CommandActions& actions);

}  // namespace csdesk
