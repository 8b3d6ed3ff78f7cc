-- csdesk schema, version 4: customers rebuilt for large imports (by SQLite's documented procedure:
-- the runner turns foreign keys off around migrations and runs foreign_key_check before commit).
-- - The same CHECK constraints, written as comparisons: SQLite evaluates `grade IN ('A', 'B', 'C')`
--   in a CHECK by building a temporary b-tree for every row written (a quarter of an import's CPU).
-- - The company + name de-duplication key is stored as its 64-bit hash (name_hash) instead of the
--   text (name_key, ~40 bytes a row, twice with its index). csdesk_name_hash() is csdesk's own SQL
--   function (FNV-1a of the key); a match by hash is confirmed against company and name.
CREATE TABLE customers_v4 (
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
  grade          TEXT CHECK (grade = 'A' OR grade = 'B' OR grade = 'C'),
  category       TEXT NOT NULL DEFAULT 'potential'
                 CHECK (category = 'potential' OR category = 'active' OR category = 'at-risk' OR category = 'lost'),
  owner_id       INTEGER REFERENCES staff (id),
  in_pool        INTEGER NOT NULL DEFAULT 0,   -- 1: nobody eligible, waiting to be claimed
  registered_by  INTEGER REFERENCES staff (id),
  contacted_at   INTEGER,                      -- first contact
  registered_at  INTEGER NOT NULL,
  urgent         INTEGER NOT NULL DEFAULT 0,
  consent        INTEGER CHECK (consent IN (0, 1)),  -- NULL: not asked
  birthday       TEXT,                         -- MM-DD, for birthday greetings
  note           TEXT,
  name_hash      INTEGER,                      -- hash of the normalised company + name, for de-duplication
  merged_into    INTEGER REFERENCES customers (id),
  updated_at     INTEGER
);
INSERT INTO customers_v4 (id, number, name, company, phone, email, qq, wechat, title, pcs, needs, channel, city,
                          grade, category, owner_id, in_pool, registered_by, contacted_at, registered_at, urgent,
                          consent, birthday, note, name_hash, merged_into, updated_at)
  SELECT id, number, name, company, phone, email, qq, wechat, title, pcs, needs, channel, city,
         grade, category, owner_id, in_pool, registered_by, contacted_at, registered_at, urgent,
         consent, birthday, note, csdesk_name_hash(name_key), merged_into, updated_at
  FROM customers;
DROP TABLE customers;
ALTER TABLE customers_v4 RENAME TO customers;
CREATE INDEX customers_phone    ON customers (phone)    WHERE phone IS NOT NULL;
CREATE INDEX customers_email    ON customers (email)    WHERE email IS NOT NULL;
CREATE INDEX customers_qq       ON customers (qq)       WHERE qq IS NOT NULL;
CREATE INDEX customers_wechat   ON customers (wechat)   WHERE wechat IS NOT NULL;
CREATE INDEX customers_name_hash ON customers (name_hash) WHERE name_hash IS NOT NULL;
CREATE INDEX customers_registered ON customers (registered_at);
CREATE INDEX customers_owner    ON customers (owner_id);
CREATE INDEX customers_lifecycle ON customers (category) WHERE category IN ('at-risk', 'lost');
