-- csdesk schema, version 7: company + name keys without the characters that show nothing, and
-- one current owner for customers merged before.
-- name_key now leaves out format characters (zero-width spaces and joiners, bidi marks and
-- embeddings, the BOM), controls and line separators, and register strips them from what it
-- stores. A customer stored earlier with such characters in company or name gets the hash of the
-- key it has now, so that a contact typed without them finds it instead of creating a look-alike.
-- The stored fields themselves stay as they were: no audit row could say who changed them.
UPDATE customers SET name_hash = csdesk_name_hash(csdesk_name_key(company, name))
  WHERE company IS NOT NULL AND name_hash IS NOT csdesk_name_hash(csdesk_name_key(company, name));

-- Merges before this version moved the other customer's assignments without ending them, leaving
-- customers with two current owners. As `customer merge` now does: the newest current assignment
-- of the customer's owner stays, the others end now, and an active salesperson who lost the
-- customer gets a queued reassigned-away notification (delivered by `csdesk assign notify`).
CREATE TEMP TABLE merge_leftovers AS
  SELECT a.id, a.customer_id, a.staff_id,
         (SELECT max(k.id) FROM assignments k
          WHERE k.customer_id = a.customer_id AND k.superseded_at IS NULL AND k.staff_id IS c.owner_id) AS kept_id
  FROM assignments a JOIN customers c ON c.id = a.customer_id
  WHERE a.superseded_at IS NULL
    AND (SELECT count(*) FROM assignments k WHERE k.customer_id = a.customer_id AND k.superseded_at IS NULL) > 1;
DELETE FROM merge_leftovers WHERE id = kept_id;
UPDATE assignments SET superseded_at = CAST(strftime('%s', 'now') AS INTEGER) WHERE id IN (SELECT id FROM merge_leftovers);
INSERT INTO notifications (at, staff_id, customer_id, assignment_id, kind, payload)
  SELECT CAST(strftime('%s', 'now') AS INTEGER), s.id, c.id, kept.id, 'reassigned-away',
         json_object('kind', 'reassigned-away', 'staff_number', s.number, 'staff_name', s.name,
                     'customer_number', c.number, 'customer_name', c.name, 'company', c.company, 'phone', c.phone,
                     'email', c.email, 'qq', c.qq, 'wechat', c.wechat, 'channel', c.channel, 'city', c.city,
                     'needs', c.needs, 'assignment_number', kept.number, 'rule', 'merge',
                     'reason', 'merged customers had two current owners',
                     'assigned_at', strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'), 'deadline', NULL,
                     'note', 'customer ' || c.number || ' stays with ' || coalesce(o.number || ' ' || o.name, 'nobody') ||
                             ' after a merge (客户已合并)')
  FROM (SELECT DISTINCT customer_id, staff_id, kept_id FROM merge_leftovers) l
  JOIN customers c ON c.id = l.customer_id
  JOIN staff s ON s.id = l.staff_id AND s.active = 1
  LEFT JOIN staff o ON o.id = c.owner_id
  LEFT JOIN assignments kept ON kept.id = l.kept_id
  WHERE l.staff_id IS NOT c.owner_id;
DROP TABLE merge_leftovers;
