#pragma once
// What every command gets: the global options, the effective config, the clock, the
// operator, the database (opened on first use) and the one output renderer.
#include <memory>
#include <optional>
#include <string>

#include "config/config.hpp"
#include "output/output_file.hpp"
#include "output/render.hpp"
#include "store/customers.hpp"
#include "store/database.hpp"
#include "store/staff.hpp"
#include "util/time.hpp"

namespace CLI {
class App;
}

namespace csdesk {

struct GlobalOptions {
  std::string db;         // --db, CSDESK_DB, ./csdesk.db
  std::string config;     // --config
  std::string as;         // --as, CSDESK_USER
  std::string now;        // --now, CSDESK_NOW
  std::string format = "table";
  std::string lang;       // --lang overrides config `lang`
  bool csv = false, json = false, bom = false, no_header = false, quiet = false;
  bool reveal = false;    // --reveal: insist on unmasked personal data (refused unless allowed)
  std::string output;     // --output FILE: where --format xlsx (or report's html) is written
  bool force = false;     // --force: replace the files named (--output, and the command's own)
};

class Context {
 public:
  GlobalOptions opt;

  // Where the department's settings come from: the database (every command that touches records),
  // the database when its file exists (config), or the defaults (init, which makes the database).
  enum class Settings { database, database_if_present, defaults };
  // Called once after parsing: loads config (desk keys from file, environment and flags; department
  // settings as `settings` says), sets the time zone and the clock.
  void initialise(Settings settings = Settings::database);

  const Config& config() const { return config_; }
  Config& mutable_config() { return config_; }
  Epoch now() const { return now_; }

  // Opens the database on first use. Commands that only read may pass read_only.
  Database& db(Database::Open mode = Database::Open::existing);
  // Who is acting: the staff member the OS account running csdesk maps to (`staff --login`), or the
  // one an admin names with --as. Refuses (exit 6) an account not on the staff list, --as for
  // anyone but an admin, and --now for anyone but an admin. Opens the database.
  void resolve_operator();
  std::string acting_login();  // who is running csdesk, as the database knows them
  std::optional<Staff> operator_staff();  // always set once resolved; optional for older callers
  Staff require_operator(const std::string& why);
  // The operator with the permissions their roles grant (permission table), for the services.
  Actor actor();

  RenderSpec spec() const;
  // Whose contact details the operator may see (need to know, README "Privacy"): everyone's for a
  // role in privacy.reveal_roles, else the customers their work ties them to. Read once.
  const ContactView& contacts();
  // The customer's phone, e-mail, QQ and WeChat may be shown to the operator unmasked.
  bool sees_contacts_of(const std::optional<std::int64_t>& customer_id) { return contacts().sees(customer_id); }
  // Every row's personal data (staff phones, audit images of records without a customer).
  bool sees_all_personal() { return contacts().all(); }
  // Refuses (not permitted, exit 6) an operator who may see no one's personal data; `what` names
  // what was asked for.
  void require_reveal(const std::string& what);
  // Writes the audit row of an output that showed personal data unmasked (`rows` rows of it).
  void record_reveal(std::size_t rows);
  // Decides whether the personal data in what is about to be printed is shown unmasked in the rows
  // the operator may see (Table::visible): only when there are some, and then the showing is
  // recorded first (record_reveal). Pass the answer to print(). With --reveal, refuses (exit 6)
  // output holding personal data of which the operator may see none.
  bool reveal_personal(const Table& table);
  bool reveal_personal(const std::vector<Table>& tables);
  // As reveal_personal, from counts: `personal` rows hold personal data, `visible` of them the
  // operator may see (history, whose images are masked before they become a table).
  bool reveal_rows(std::size_t personal, std::size_t visible);
  // The running command names a file of its own that --force applies to besides --output
  // (register --rejects, backup FILE): set by its setup once it is parsed.
  bool own_files = false;
  std::string command_path;  // "staff list": set by main.cpp, named in audit rows of revealing output
  Lang lang() const;
  // Results to stdout through the one renderer; personal data masked unless `reveal`.
  void print(const Table& table, bool reveal = false) const;
  void print_sections(const std::vector<Table>& tables, bool reveal = false) const;
  // Progress and notes to stderr, unless --quiet.
  void note(const std::string& text) const;
  // A progress line redrawn in place on stderr when it is a terminal (never when piped or --quiet);
  // "" clears it.
  void progress(const std::string& line) const;
  void warn(const std::string& text) const;  // always shown

 private:
  Config config_;
  Epoch now_ = 0;
  std::unique_ptr<Database> db_;
  bool operator_resolved_ = false;
  std::optional<Staff> operator_;       // acted as
  std::optional<Actor> actor_;          // operator_ with the permissions of their roles
  std::unique_ptr<ContactView> contacts_;
  std::unique_ptr<OutputFile> workbook_;  // --format xlsx: checked before the command runs
  void write_workbook_of(const std::vector<const Table*>& tables, const RenderSpec& spec) const;
};

}  // namespace csdesk
