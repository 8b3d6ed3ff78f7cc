#include "store/settings.hpp"


namespace csdesk {
namespace {

SettingRow read_row(sql::Statement& q) {
  return SettingRow{q.column(0).text(), q.column(1).text(), q.column(2).int64(),
                    q.column(3).text()};
}

}  // namespace

std::vector<SettingRow> SettingsStore::all() {
  sql::Statement q(db_.sql(), "SELECT key, value, set_at, set_by FROM settings ORDER BY key");
  std::vector<SettingRow> rows;
  while (q.step()) rows.push_back(read_row(q));
  return rows;
}

std::optional<SettingRow> SettingsStore::find(const std::string& key) {
  sql::Statement q(db_.sql(), "SELECT key, value, set_at, set_by FROM settings WHERE key = ?");
  q.bind(1, key);
  if (!q.step()) return std::nullopt;
  return read_row(q);
}

void SettingsStore::put(const SettingRow& row) {
  sql::Statement q(db_.sql(),
                      "INSERT INTO settings (key, value, set_at, set_by) VALUES (?, ?, ?, ?) "
                      "ON CONFLICT (key) DO UPDATE SET value = excluded.value, set_at = excluded.set_at, "
                      "set_by = excluded.set_by");
  q.bind(1, row.key);
  q.bind(2, row.value_json);
  q.bind(3, static_cast<int64_t>(row.set_at));
  q.bind(4, row.set_by);
  q.run();
}

void SettingsStore::remove(const std::string& key) {
  sql::Statement q(db_.sql(), "DELETE FROM settings WHERE key = ?");
  q.bind(1, key);
  q.run();
}

}  // namespace csdesk
