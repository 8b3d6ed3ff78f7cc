#include "store/settings.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

namespace csdesk {
namespace {

SettingRow read_row(SQLite::Statement& q) {
  return SettingRow{q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getInt64(),
                    q.getColumn(3).getString()};
}

}  // namespace

std::vector<SettingRow> SettingsStore::all() {
  SQLite::Statement q(db_.sql(), "SELECT key, value, set_at, set_by FROM settings ORDER BY key");
  std::vector<SettingRow> rows;
  while (q.executeStep()) rows.push_back(read_row(q));
  return rows;
}

std::optional<SettingRow> SettingsStore::find(const std::string& key) {
  SQLite::Statement q(db_.sql(), "SELECT key, value, set_at, set_by FROM settings WHERE key = ?");
  q.bind(1, key);
  if (!q.executeStep()) return std::nullopt;
  return read_row(q);
}

void SettingsStore::put(const SettingRow& row) {
  SQLite::Statement q(db_.sql(),
                      "INSERT INTO settings (key, value, set_at, set_by) VALUES (?, ?, ?, ?) "
                      "ON CONFLICT (key) DO UPDATE SET value = excluded.value, set_at = excluded.set_at, "
                      "set_by = excluded.set_by");
  q.bind(1, row.key);
  q.bind(2, row.value_json);
  q.bind(3, static_cast<int64_t>(row.set_at));
  q.bind(4, row.set_by);
  q.exec();
}

void SettingsStore::remove(const std::string& key) {
  SQLite::Statement q(db_.sql(), "DELETE FROM settings WHERE key = ?");
  q.bind(1, key);
  q.exec();
}

}  // namespace csdesk
