-- csdesk schema, version 11: tamper evidence against someone who can write the file. Rows from
-- here on are keyed (HMAC-SHA-256, the key in DB.key beside the database) and carry who entered
-- them on whose behalf, the real time besides the effective `at`, and the digest of the states of
-- the records they are about (audit_states), so `check` can compare every record with its last
-- audited state. Older rows keep their plain SHA-256 and NULL in the new columns.
ALTER TABLE audit ADD COLUMN entered_by TEXT;      -- the admin who entered it for `actor` (--as), or NULL
ALTER TABLE audit ADD COLUMN recorded_at INTEGER;  -- wall-clock time of writing; `at` may be --now
ALTER TABLE audit ADD COLUMN state_hash TEXT;      -- digest of this row's audit_states, or NULL

CREATE TABLE audit_states (
  audit_id    INTEGER NOT NULL REFERENCES audit (id),
  record_kind TEXT NOT NULL,                       -- customer, staff, complaint, score-adjustment, report
  record_key  TEXT NOT NULL,                       -- the record's id; "score 2026-11" for an issued report
  state_hash  TEXT NOT NULL,                       -- SHA-256 of the record's row after the change; '' if gone
  PRIMARY KEY (record_kind, record_key, audit_id)
) WITHOUT ROWID;
CREATE INDEX audit_states_row ON audit_states (audit_id);

-- The chain head (rows, digest of the newest row) when a report or score was issued.
ALTER TABLE frozen_reports ADD COLUMN chain_rows INTEGER;
ALTER TABLE frozen_reports ADD COLUMN chain_head TEXT;
