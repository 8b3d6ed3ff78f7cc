#pragma once
// The department's settings as stored: key → JSON value, with when and by whom it was set. What a
// key means and which values it takes is config's; the audit rows are the caller's (one transaction).
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace csdesk {

struct SettingRow {
  std::string key;
  std::string value_json;
  Epoch set_at = 0;
  std::string set_by;
};

class SettingsStore {
 public:
  explicit SettingsStore(Database& db) : db_(db) {}
  std::vector<SettingRow> all();  // by key
  std::optional<SettingRow> find(const std::string& key);
  void put(const SettingRow& row);  // inside a Transaction
  void remove(const std::string& key);  // inside a Transaction

 private:
  Database& db_;
};

}  // namespace csdesk
