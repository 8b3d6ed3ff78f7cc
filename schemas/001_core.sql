-- csdesk schema, version 1: every record the department keeps.
-- Times are INTEGER seconds since 1970-01-01 UTC; days and months are computed in the
-- configured time zone by the program. Record numbers (KH202611-0001 …) are stable and
-- readable on the phone; `id` is the plain numeric id.

CREATE TABLE staff (
  id          INTEGER PRIMARY KEY,
  number      TEXT NOT NULL UNIQUE,            -- 工号
  name        TEXT NOT NULL,
  roles       TEXT NOT NULL DEFAULT '',        -- comma list: consult,revisit,sales,complaint,supervisor,manager,admin
  phone       TEXT,
  city        TEXT,
  shift       TEXT,                            -- a shift name from config [hours.shifts], or NULL
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  joined_on   TEXT,                            -- YYYY-MM-DD
  left_on     TEXT,
  created_at  INTEGER NOT NULL
);

-- Per-prefix, per-month counters behind record numbers.
CREATE TABLE sequences (
  prefix TEXT NOT NULL,
  period TEXT NOT NULL,                        -- YYYYMM
  last   INTEGER NOT NULL,
  PRIMARY KEY (prefix, period)
) WITHOUT ROWID;

-- Append-only, hash-chained trail of every change.
CREATE TABLE audit (
  id            INTEGER PRIMARY KEY,
  at            INTEGER NOT NULL,
  actor         TEXT NOT NULL,                 -- staff number, or 'system'
  record_kind   TEXT NOT NULL,                 -- customer, staff, assignment, complaint, revisit, ...
  record_id     INTEGER,
  record_number TEXT,
  action        TEXT NOT NULL,                 -- create, update, delete, merge, export, ...
  before        TEXT,                          -- JSON object or NULL
  after         TEXT,                          -- JSON object or NULL
  prev_hash     TEXT NOT NULL,
  hash          TEXT NOT NULL
);
CREATE INDEX audit_record ON audit (record_kind, record_id);
CREATE INDEX audit_number ON audit (record_number);

CREATE TABLE customers (
  id             INTEGER PRIMARY KEY,
  number         TEXT NOT NULL UNIQUE,         -- KH202611-0001
  name           TEXT NOT NULL,                -- 称呼
  company        TEXT,
  phone          TEXT,                         -- normalised: 13912345678 or 010-12345678
  email          TEXT,                         -- normalised: lower case
  qq             TEXT,
  wechat         TEXT,
  title          TEXT,
  pcs            INTEGER,                      -- 电脑台数
  needs          TEXT,                         -- 功能需求
  channel        TEXT,                         -- phone, online, qq, email, walk-in, event
  city           TEXT,
  grade          TEXT CHECK (grade IN ('A', 'B', 'C')),
  category       TEXT NOT NULL DEFAULT 'potential'
                 CHECK (category IN ('potential', 'active', 'at-risk', 'lost')),
  owner_id       INTEGER REFERENCES staff (id),
  in_pool        INTEGER NOT NULL DEFAULT 0,   -- 1: nobody eligible, waiting to be claimed
  registered_by  INTEGER REFERENCES staff (id),
  contacted_at   INTEGER,                      -- first contact
  registered_at  INTEGER NOT NULL,
  urgent         INTEGER NOT NULL DEFAULT 0,
  consent        INTEGER CHECK (consent IN (0, 1)),  -- NULL: not asked
  birthday       TEXT,                         -- MM-DD, for birthday greetings
  note           TEXT,
  name_key       TEXT,                         -- normalised company + name, for de-duplication
  merged_into    INTEGER REFERENCES customers (id),
  updated_at     INTEGER
);
CREATE INDEX customers_phone    ON customers (phone)    WHERE phone IS NOT NULL;
CREATE INDEX customers_email    ON customers (email)    WHERE email IS NOT NULL;
CREATE INDEX customers_qq       ON customers (qq)       WHERE qq IS NOT NULL;
CREATE INDEX customers_wechat   ON customers (wechat)   WHERE wechat IS NOT NULL;
CREATE INDEX customers_name_key ON customers (name_key) WHERE name_key IS NOT NULL;
CREATE INDEX customers_registered ON customers (registered_at);
CREATE INDEX customers_owner    ON customers (owner_id);

-- Numbers of customers merged away still resolve to the customer kept.
CREATE TABLE customer_aliases (
  number      TEXT PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers (id)
) WITHOUT ROWID;

-- Every contact: the first registration and each returning call.
CREATE TABLE contacts (
  id             INTEGER PRIMARY KEY,
  customer_id    INTEGER NOT NULL REFERENCES customers (id),
  kind           TEXT NOT NULL CHECK (kind IN ('new', 'returning')),
  channel        TEXT,
  agent_id       INTEGER REFERENCES staff (id),
  contacted_at   INTEGER NOT NULL,
  registered_at  INTEGER NOT NULL,
  within_limit   INTEGER NOT NULL,             -- registered within intake.register_limit_minutes
  urgent         INTEGER NOT NULL DEFAULT 0,
  note           TEXT
);
CREATE INDEX contacts_customer   ON contacts (customer_id);
CREATE INDEX contacts_registered ON contacts (registered_at);

-- Assignments of customers to sales (or to the unclaimed pool when staff_id is NULL).
CREATE TABLE assignments (
  id                INTEGER PRIMARY KEY,
  number            TEXT NOT NULL UNIQUE,      -- FP202611-0001
  customer_id       INTEGER NOT NULL REFERENCES customers (id),
  staff_id          INTEGER REFERENCES staff (id),
  previous_staff_id INTEGER REFERENCES staff (id),
  at                INTEGER NOT NULL,
  operator          TEXT NOT NULL,             -- staff number or 'system'
  rule              TEXT NOT NULL,             -- owner, round-robin, least-loaded, region, need, manual, claim, reassign, pool
  reason            TEXT NOT NULL,
  urgent            INTEGER NOT NULL DEFAULT 0,
  deadline          INTEGER,                   -- urgent: at + assign.urgent_contact_minutes
  contacted_at      INTEGER,
  contacted_by      INTEGER REFERENCES staff (id),
  superseded_at     INTEGER                    -- set when a later assignment replaces this one
);
CREATE INDEX assignments_customer ON assignments (customer_id);
CREATE INDEX assignments_at       ON assignments (at);
CREATE INDEX assignments_staff    ON assignments (staff_id);

-- Cursors of round-robin rules, shared by every process.
CREATE TABLE allocation_cursors (
  scope         TEXT PRIMARY KEY,              -- 'sales', 'region:北京', 'revisit', ...
  last_staff_id INTEGER
) WITHOUT ROWID;

CREATE TABLE notifications (
  id            INTEGER PRIMARY KEY,
  at            INTEGER NOT NULL,
  staff_id      INTEGER REFERENCES staff (id),
  customer_id   INTEGER REFERENCES customers (id),
  assignment_id INTEGER REFERENCES assignments (id),
  kind          TEXT NOT NULL,                 -- assigned, reassigned, returning, reassigned-away
  payload       TEXT NOT NULL,                 -- JSON given to notify.command
  status        TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent')),
  attempts      INTEGER NOT NULL DEFAULT 0,
  last_error    TEXT,
  sent_at       INTEGER
);
CREATE INDEX notifications_pending ON notifications (status) WHERE status = 'pending';

CREATE TABLE complaints (
  id                 INTEGER PRIMARY KEY,
  number             TEXT NOT NULL UNIQUE,     -- TS202611-0001
  customer_id        INTEGER NOT NULL REFERENCES customers (id),
  content            TEXT NOT NULL,            -- 反馈内容
  category           TEXT,
  priority           TEXT NOT NULL CHECK (priority IN ('P1', 'P2', 'P3')),
  channel            TEXT,
  received_at        INTEGER NOT NULL,
  handler_id         INTEGER REFERENCES staff (id),
  about_staff_id     INTEGER REFERENCES staff (id),  -- the staff member complained about, if any
  status             TEXT NOT NULL DEFAULT 'open'
                     CHECK (status IN ('open', 'in-progress', 'pending-customer', 'resolved', 'closed', 'reopened')),
  escalation_level   INTEGER NOT NULL DEFAULT 0,     -- 0 handler, 1 supervisor, 2 manager
  cause              TEXT,                     -- 原因分析
  measure            TEXT,                     -- 处理措施
  solution           TEXT,                     -- 解决方案
  first_response_at  INTEGER,
  resolved_at        INTEGER,
  closed_at          INTEGER,
  reopened_count     INTEGER NOT NULL DEFAULT 0,
  satisfaction       INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
  created_at         INTEGER NOT NULL
);
CREATE INDEX complaints_received ON complaints (received_at);
CREATE INDEX complaints_customer ON complaints (customer_id);
CREATE INDEX complaints_status   ON complaints (status);

-- The progress log: the feedback record (date, content, measures, handler, status).
CREATE TABLE complaint_log (
  id            INTEGER PRIMARY KEY,
  complaint_id  INTEGER NOT NULL REFERENCES complaints (id),
  at            INTEGER NOT NULL,
  actor         TEXT NOT NULL,
  action        TEXT NOT NULL,                 -- new, respond, update, assign, escalate, wait, resume, resolve, close, reopen
  status_after  TEXT NOT NULL,
  content       TEXT,
  measure       TEXT,
  handler_id    INTEGER REFERENCES staff (id)
);
CREATE INDEX complaint_log_complaint ON complaint_log (complaint_id, at);

-- Time spent waiting on the customer (pending-customer) stops the SLA clock.
CREATE TABLE complaint_pauses (
  complaint_id INTEGER NOT NULL REFERENCES complaints (id),
  started_at   INTEGER NOT NULL,
  ended_at     INTEGER,
  PRIMARY KEY (complaint_id, started_at)
) WITHOUT ROWID;

CREATE TABLE revisits (
  id            INTEGER PRIMARY KEY,
  number        TEXT NOT NULL UNIQUE,          -- HF202611-0001
  customer_id   INTEGER NOT NULL REFERENCES customers (id),
  complaint_id  INTEGER REFERENCES complaints (id),
  purpose       TEXT NOT NULL,                 -- after-sale, satisfaction, complaint-follow-up, holiday, maintenance, birthday, routine
  plan_key      TEXT UNIQUE,                   -- makes planning idempotent; NULL for unplanned revisits
  planned_at    INTEGER,
  due_at        INTEGER,
  agent_id      INTEGER REFERENCES staff (id),
  status        TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'done', 'cancelled')),
  attempts      INTEGER NOT NULL DEFAULT 0,
  method        TEXT,                          -- phone, sms, visit
  content       TEXT,
  result        TEXT,                          -- 回访效果
  satisfaction  INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
  done_at       INTEGER,
  done_by       INTEGER REFERENCES staff (id)
);
CREATE INDEX revisits_due      ON revisits (status, due_at);
CREATE INDEX revisits_done     ON revisits (done_at);
CREATE INDEX revisits_customer ON revisits (customer_id);

-- Every attempt, reached or not.
CREATE TABLE revisit_attempts (
  id          INTEGER PRIMARY KEY,
  revisit_id  INTEGER NOT NULL REFERENCES revisits (id),
  at          INTEGER NOT NULL,
  agent_id    INTEGER REFERENCES staff (id),
  method      TEXT,
  reached     INTEGER NOT NULL
);
CREATE INDEX revisit_attempts_revisit ON revisit_attempts (revisit_id);

CREATE TABLE revisit_problems (               -- 回访问题因素
  revisit_id INTEGER NOT NULL REFERENCES revisits (id),
  factor     TEXT NOT NULL,
  PRIMARY KEY (revisit_id, factor)
) WITHOUT ROWID;

CREATE TABLE score_adjustments (
  id          INTEGER PRIMARY KEY,
  number      TEXT NOT NULL UNIQUE,            -- KP202611-0001
  staff_id    INTEGER NOT NULL REFERENCES staff (id),
  on_date     TEXT NOT NULL,                   -- YYYY-MM-DD, local
  points      REAL NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('praise', 'complaint', 'late', 'absent', 'inspection', 'other')),
  reason      TEXT NOT NULL,
  operator    TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);
CREATE INDEX score_adjustments_date ON score_adjustments (on_date);

-- Reports and score tables as issued (--freeze). Issued figures never change silently.
CREATE TABLE frozen_reports (
  kind       TEXT NOT NULL,                    -- report-monthly, report-weekly, score
  period     TEXT NOT NULL,                    -- 2026-11, 2026-W47
  payload    TEXT NOT NULL,                    -- JSON
  frozen_at  INTEGER NOT NULL,
  frozen_by  TEXT NOT NULL,
  PRIMARY KEY (kind, period)
) WITHOUT ROWID;

-- Shift handover log (交接日志, seed 003).
CREATE TABLE handovers (
  id         INTEGER PRIMARY KEY,
  at         INTEGER NOT NULL,
  staff_id   INTEGER REFERENCES staff (id),
  work_done  TEXT,
  open_issues TEXT,
  staff_changes TEXT
);
