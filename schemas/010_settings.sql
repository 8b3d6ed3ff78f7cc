-- csdesk schema, version 10: the department's settings (the numbers of its rules, privacy, notify,
-- permissions, timezone), the same for every desk. Written only by `config set` / `config import`
-- (an admin), each change audited; a key without a row has its built-in default.
CREATE TABLE settings (
  key     TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 100),
  value   TEXT NOT NULL CHECK (json_valid(value)),  -- the value as JSON (config_value_json)
  set_at  INTEGER NOT NULL,                         -- epoch seconds (the effective time, --now)
  set_by  TEXT NOT NULL                             -- the staff number of the admin
) WITHOUT ROWID;
