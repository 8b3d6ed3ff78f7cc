-- csdesk schema, version 5: a new customer's first contact is logged on the customer row;
-- customers_owner indexes owned customers only.
-- The row already says who registered the customer (registered_by), when (registered_at) and
-- when the contact happened (contacted_at); a second row in contacts repeated all of that and
-- was a third of what a large import wrote. The first_* columns keep what the customer's own
-- fields may later lose to an edit: the contact's channel, note, urgency, and whether it was
-- registered within intake.register_limit_minutes.
-- first_within_limit IS NULL: the first contact, if any, is a 'new' row in contacts (customers
-- registered before this version, and first contacts of customers merged into this one).
ALTER TABLE customers ADD COLUMN first_channel TEXT;
ALTER TABLE customers ADD COLUMN first_note TEXT;
ALTER TABLE customers ADD COLUMN first_urgent INTEGER;
ALTER TABLE customers ADD COLUMN first_within_limit INTEGER;

-- Every contact, wherever it is kept: read contacts through this view. A first contact kept on
-- the customer row has no contact id.
CREATE VIEW contact_log (id, customer_id, kind, channel, agent_id, contacted_at, registered_at, within_limit, urgent, note) AS
  SELECT id, customer_id, kind, channel, agent_id, contacted_at, registered_at, within_limit, urgent, note FROM contacts
  UNION ALL
  SELECT NULL, id, 'new', first_channel, registered_by, contacted_at, registered_at, first_within_limit, first_urgent, first_note
  FROM customers WHERE first_within_limit IS NOT NULL;

-- Customers are looked up by owner, never by having none (`customer list --unassigned` scans):
-- index only owned customers, so that a large import of new, unowned customers adds nothing here.
DROP INDEX customers_owner;
CREATE INDEX customers_owner ON customers (owner_id) WHERE owner_id IS NOT NULL;
