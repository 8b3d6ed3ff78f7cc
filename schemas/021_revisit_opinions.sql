-- csdesk schema, version 21: what a revisit brings back besides its score (seed 001).
-- 《回访客户意见表》: the customer's opinion on each configured item (revisit.opinion_items: product,
-- service, delivery, suggestions …), in the order the items are configured.
CREATE TABLE revisit_opinions (
  revisit_id INTEGER NOT NULL REFERENCES revisits (id),
  position   INTEGER NOT NULL,                  -- the item's place in revisit.opinion_items when recorded
  item       TEXT NOT NULL CHECK (item <> ''),
  opinion    TEXT NOT NULL CHECK (opinion <> ''),
  PRIMARY KEY (revisit_id, item)
) WITHOUT ROWID;

-- 《回访客户投诉表》: a complaint the customer raised during a revisit (channel revisit, 回访). The
-- revisit shows its complaint and the complaint its revisit; one complaint per revisit.
CREATE TABLE revisit_complaints (
  revisit_id   INTEGER PRIMARY KEY REFERENCES revisits (id),
  complaint_id INTEGER NOT NULL UNIQUE REFERENCES complaints (id)
);
