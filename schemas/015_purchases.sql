-- csdesk schema, version 15: purchase records (购买记录, seed 000) — what the customer bought, when, for
-- how much — and the repeat-purchase rate they give (三年内客户复购率突破75%, seed 002).
-- Amounts are integer fen (分): money is never a floating-point number here.
CREATE TABLE purchases (
  id           INTEGER PRIMARY KEY,
  number       TEXT NOT NULL UNIQUE,                         -- GM202611-0001
  customer_id  INTEGER NOT NULL REFERENCES customers (id),
  purchased_at INTEGER NOT NULL,                             -- local midnight of the purchase date
  item         TEXT NOT NULL CHECK (item <> ''),
  quantity     INTEGER NOT NULL DEFAULT 1 CHECK (quantity > 0),
  amount_fen   INTEGER NOT NULL CHECK (amount_fen >= 0),
  note         TEXT,
  recorded_by  INTEGER REFERENCES staff (id),
  recorded_at  INTEGER NOT NULL
);
CREATE INDEX purchases_customer ON purchases (customer_id, purchased_at);
CREATE INDEX purchases_at ON purchases (purchased_at, customer_id);
