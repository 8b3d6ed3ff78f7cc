-- csdesk schema, version 23: the duty rota and handovers the receiver confirms (issue 17).
-- Seed 001: weekday after-hours duty of hours.after_hours_duty_minutes taken in turn by the agents,
-- Saturday duty by plan. Seed 003: 接班人未到,交班人不得擅自离开 — a handover names its receiver,
-- who confirms it.
CREATE TABLE duty_rota (
  id            INTEGER PRIMARY KEY,
  duty_date     TEXT NOT NULL,                                   -- local date, YYYY-MM-DD
  kind          TEXT NOT NULL CHECK (kind IN ('after-hours', 'saturday')),
  staff_id      INTEGER NOT NULL REFERENCES staff (id),
  starts_at     INTEGER NOT NULL,
  ends_at       INTEGER NOT NULL CHECK (ends_at > starts_at),
  swapped_from  INTEGER REFERENCES staff (id),                   -- who was planned, when swapped
  UNIQUE (duty_date, kind)
);
CREATE INDEX duty_rota_staff ON duty_rota (staff_id, duty_date);

ALTER TABLE handovers ADD COLUMN receiver_id INTEGER REFERENCES staff (id);
ALTER TABLE handovers ADD COLUMN confirmed_at INTEGER;
