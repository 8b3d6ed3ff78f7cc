-- csdesk schema, version 19: the attendance register (考勤, seeds 001 and 003) — 签到, 签退, 迟到, 早退,
-- 请假, 旷工 and 休息 by day — from which 全勤奖 is decided when score.attendance_tracked is true.
-- One record per staff member, day and kind: a second sign-in the same day is a conflict.
CREATE TABLE attendance (
  id          INTEGER PRIMARY KEY,
  staff_id    INTEGER NOT NULL REFERENCES staff (id),
  on_date     TEXT NOT NULL CHECK (on_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  kind        TEXT NOT NULL CHECK (kind IN ('sign-in', 'sign-out', 'late', 'early-leave', 'leave', 'absent', 'rest')),
  at_time     TEXT CHECK (at_time IS NULL OR at_time GLOB '[0-9][0-9]:[0-9][0-9]'),  -- HH:MM of a sign-in or sign-out
  minutes     INTEGER CHECK (minutes IS NULL OR minutes >= 0),                     -- how late, how early
  approver_id INTEGER REFERENCES staff (id),                                       -- who approved a leave
  note        TEXT,
  recorded_by INTEGER REFERENCES staff (id),
  recorded_at INTEGER NOT NULL,
  UNIQUE (staff_id, on_date, kind)
);
CREATE INDEX attendance_date ON attendance (on_date, staff_id);
