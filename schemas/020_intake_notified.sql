-- csdesk schema, version 20: seed 001's five-minute rule whole (所有客户信息需在5分钟内登记完毕,
-- 并通知到负责人): whether a contact's time was given, and finding the owner's notifications of a
-- customer by time.
-- time_known = 0: registered without a contact time (no --contacted-at, no time column in an
-- import); such a contact is never counted as registered within intake.register_limit_minutes
-- (within_limit is 0) and reports show it as "contact time unknown". Rows from before this version
-- keep 1: they were counted as on time when registered.
ALTER TABLE contacts ADD COLUMN time_known INTEGER NOT NULL DEFAULT 1 CHECK (time_known IN (0, 1));
-- The same for a first contact logged on the customer row (NULL: as before this version, known).
ALTER TABLE customers ADD COLUMN first_time_known INTEGER CHECK (first_time_known IN (0, 1));

DROP VIEW contact_log;
CREATE VIEW contact_log (id, customer_id, kind, channel, agent_id, contacted_at, registered_at, within_limit, urgent, note,
                         time_known) AS
  SELECT id, customer_id, kind, channel, agent_id, contacted_at, registered_at, within_limit, urgent, note, time_known
  FROM contacts
  UNION ALL
  SELECT NULL, id, 'new', first_channel, registered_by, contacted_at, registered_at, first_within_limit, first_urgent, first_note,
         coalesce(first_time_known, 1)
  FROM customers WHERE first_within_limit IS NOT NULL;

-- A contact's owner was notified when the first notification to its owner (assigned, reassigned,
-- returning) queued since the contact's registration was delivered (notifications.sent_at).
CREATE INDEX notifications_customer ON notifications (customer_id, at) WHERE customer_id IS NOT NULL;
