// Department settings: only from the database, changed by an admin through the settings service;
// desk keys from file, environment and flags.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>

#include "config/config.hpp"
#include "service_db.hpp"
#include "settings/settings.hpp"
#include "store/audit.hpp"
#include "store/settings.hpp"
#include "util/error.hpp"

using namespace csdesk;

namespace {

struct TempFile {
  std::string path;
  TempFile(const std::string& name, const std::string& text)
      : path((std::filesystem::temp_directory_path() / ("csdesk-settings-" + name)).string()) {
    std::ofstream(path) << text;
  }
  ~TempFile() { std::remove(path.c_str()); }
};

// The kind and message of what `f` throws; kind internal and "" when it throws nothing.
std::pair<ErrorKind, std::string> refusal(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return {e.kind(), e.what()};
  }
  return {ErrorKind::internal, ""};
}

bool says(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

Actor admin() { return Actor::with_roles("0000", 1, {"admin"}); }
Actor agent() { return Actor::with_roles("1001", 2, {"consult"}); }

std::int64_t audit_rows(Database& db) { return AuditStore(db).count(); }

}  // namespace

TEST_CASE("every key has one scope; the desk keys are a person's or machine's own choices") {
  for (const char* desk : {"lang", "storage.synchronous", "import.max_field_bytes"})
    CHECK(find_config_key(desk)->scope == ConfigScope::desk);
  for (const char* department : {"score.target", "intake.register_limit_minutes", "privacy.reveal_roles", "notify.command",
                                 "permissions.config", "timezone", "sla.calendar", "assign.region"})
    CHECK(find_config_key(department)->scope == ConfigScope::department);
}

TEST_CASE("a desk config file may not set a department key, naming file:line and where it lives") {
  TempFile file("desk.toml", "lang = \"zh\"\n[privacy]\nreveal_roles = [\"consult\"]\n");
  Config c;
  auto [kind, message] = refusal([&] { c.load_file(file.path); });
  CHECK(kind == ErrorKind::invalid);
  CHECK(says(message, file.path + ":3: privacy.reveal_roles is a department setting"));
  CHECK(says(message, "csdesk config set privacy.reveal_roles VALUE"));
  CHECK(c.list("privacy.reveal_roles") == StringList{"supervisor", "manager", "director"});

  TempFile notify("notify.toml", "[notify]\ncommand = \"touch /tmp/owned\"\n");
  CHECK(says(refusal([&] { Config().load_file(notify.path); }).second, notify.path + ":2: notify.command"));

  TempFile desk("fine.toml", "lang = \"zh\"\n[storage]\nsynchronous = \"normal\"\n");
  Config fine;
  CHECK(fine.load_file(desk.path) == StringList{"lang", "storage.synchronous"});
  CHECK(fine.text("lang") == "zh");
  CHECK(fine.source("lang") == desk.path + ":1");
}

TEST_CASE("a department file (config import) may not hold a desk key") {
  TempFile file("department.toml", "[score]\ntarget = 300\n[storage]\nsynchronous = \"normal\"\n");
  auto [kind, message] = refusal([&] { Config().load_file(file.path, ConfigScope::department); });
  CHECK(kind == ErrorKind::invalid);
  CHECK(says(message, file.path + ":4: storage.synchronous is a desk key"));
}

TEST_CASE("a CSDESK_ variable naming a department key is refused; desk variables apply") {
  ::setenv("CSDESK_INTAKE_REGISTER_LIMIT_MINUTES", "999", 1);
  auto [kind, message] = refusal([] { Config().load_env(); });
  ::unsetenv("CSDESK_INTAKE_REGISTER_LIMIT_MINUTES");
  CHECK(kind == ErrorKind::invalid);
  CHECK(says(message, "CSDESK_INTAKE_REGISTER_LIMIT_MINUTES: intake.register_limit_minutes is a department setting"));

  ::setenv("CSDESK_LANG", "zh", 1);
  Config c;
  c.load_env();
  ::unsetenv("CSDESK_LANG");
  CHECK(c.text("lang") == "zh");
  CHECK(c.source("lang") == "env CSDESK_LANG");
}

TEST_CASE("stored values round-trip through JSON and say where they came from") {
  Config c;
  c.set_text("assign.region", R"({"北京": ["2001", "2003"], "上海": "2002"})", "test");
  c.set_text("score.weights.registration", "1", "test");
  Config d;
  for (const char* key : {"assign.region", "score.weights.registration", "sla.work_days", "sla.calendar"})
    d.load_stored(key, config_value_json(c.value(key)), "database (set 2026-11-02 by 0000)");
  CHECK(d.list_map("assign.region").at("上海") == StringList{"2002"});
  CHECK(d.number("score.weights.registration") == 1.0);
  CHECK(d.source("assign.region") == "database (set 2026-11-02 by 0000)");
  CHECK(says(refusal([&] { d.load_stored("score.target", "\"many\"", "database"); }).second,
             "csdesk config unset score.target"));
  d.load_stored("no.such.key", "1", "database");  // a newer csdesk's key: skipped
}

TEST_CASE("config set: an admin's change is stored and audited; an agent's is refused and writes nothing") {
  testing::ServiceDb sdb("settings-set");
  Database& db = sdb.db();
  Epoch now = from_local(2026, 11, 2, 10, 0);
  std::int64_t rows = audit_rows(db);

  auto [kind, message] = refusal([&] { set_setting(db, agent(), "privacy.reveal_roles", "consult", now); });
  CHECK(kind == ErrorKind::not_permitted);
  CHECK(says(message, "consult"));
  CHECK(SettingsStore(db).all().empty());
  CHECK(audit_rows(db) == rows);

  SettingChange change = set_setting(db, admin(), "score.target", "300", now);
  CHECK(change.before == "330");
  CHECK(change.after == "300");
  auto row = SettingsStore(db).find("score.target");
  REQUIRE(row);
  CHECK(row->value_json == "300");
  CHECK(row->set_by == "0000");
  auto trail = AuditStore(db).for_record("score.target");
  REQUIRE(trail.size() == 1);
  CHECK(trail[0].record_kind == "setting");
  CHECK(says(trail[0].before, "\"330\""));
  CHECK(says(trail[0].after, "\"300\""));

  Config loaded;
  load_department_settings(db, loaded);
  CHECK(loaded.integer("score.target") == 300);
  CHECK(loaded.source("score.target") == "database (set 2026-11-02 by 0000)");

  // Type, range and coherence are judged against what is stored, naming the key.
  CHECK(says(refusal([&] { set_setting(db, admin(), "score.target", "0", now); }).second, "score.target"));
  CHECK(says(refusal([&] { set_setting(db, admin(), "score.lower_threshold", "300", now); }).second,
             "score.lower_threshold = 300 must be below score.target = 300"));
  CHECK(says(refusal([&] { set_setting(db, admin(), "lang", "zh", now); }).second, "lang is a desk key"));
  CHECK(audit_rows(db) == rows + 1);

  unset_setting(db, admin(), "score.target", now);
  CHECK(!SettingsStore(db).find("score.target"));
  CHECK(AuditStore(db).for_record("score.target").size() == 2);
  unset_setting(db, admin(), "score.target", now);  // never set now: nothing to audit
  CHECK(AuditStore(db).for_record("score.target").size() == 2);
}

TEST_CASE("config import: all or nothing, and only what changes is written") {
  testing::ServiceDb sdb("settings-import");
  Database& db = sdb.db();
  Epoch now = from_local(2026, 11, 2, 10, 0);
  TempFile bad("bad.toml", "[score]\ntarget = 20\nstep = 2\nupper_threshold = 26\n");  // lower 280 > 20
  CHECK(says(refusal([&] { import_settings(db, admin(), bad.path, now); }).second, "score.lower_threshold"));
  CHECK(SettingsStore(db).all().empty());

  TempFile good("good.toml", "[score]\ntarget = 20\nstep = 2\nupper_threshold = 26\nlower_threshold = 14\n"
                             "base_points = 100\n");
  CHECK(refusal([&] { import_settings(db, agent(), good.path, now); }).first == ErrorKind::not_permitted);
  auto changes = import_settings(db, admin(), good.path, now);
  CHECK(changes.size() == 4);  // base_points is already 100
  CHECK(SettingsStore(db).all().size() == 4);
  CHECK(import_settings(db, admin(), good.path, now).empty());
}
