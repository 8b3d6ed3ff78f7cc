-- Hand-written SQL for the figures of one period of `csdesk report monthly`, with the default
-- config (SLA hours 24/24/24 response, 24/72/168 resolution; satisfied ≥ 4; no SLA calendar).
-- Parameters: :b, :e (the period, epoch seconds), :now.

-- Intake: per agent, per channel, per city and in total.
WITH x AS MATERIALIZED (
  SELECT registered_by AS agent_id, channel, city, 1 AS new_c, 0 AS ret, 0 AS cnt, 0 AS within FROM customers
  WHERE registered_at >= :b AND registered_at < :e AND merged_into IS NULL
  UNION ALL
  SELECT k.agent_id, k.channel, cu.city, 0, k.kind = 'returning', 1, k.within_limit
  FROM contact_log k JOIN customers cu ON cu.id = k.customer_id WHERE k.registered_at >= :b AND k.registered_at < :e)
SELECT 'agent', s.number || ' ' || s.name, SUM(new_c), SUM(ret), 1.0 * SUM(within) / NULLIF(SUM(cnt), 0)
FROM x LEFT JOIN staff s ON s.id = x.agent_id GROUP BY x.agent_id
UNION ALL SELECT 'channel', channel, SUM(new_c), SUM(ret), 1.0 * SUM(within) / NULLIF(SUM(cnt), 0) FROM x GROUP BY channel
UNION ALL SELECT 'city', city, SUM(new_c), SUM(ret), 1.0 * SUM(within) / NULLIF(SUM(cnt), 0) FROM x GROUP BY city
UNION ALL SELECT 'total', NULL, SUM(new_c), SUM(ret), 1.0 * SUM(within) / NULLIF(SUM(cnt), 0) FROM x;

-- Assignment: per salesperson, and the pool at the end.
SELECT s.number || ' ' || s.name, SUM(assigned), SUM(urgent), SUM(in_time), 1.0 * SUM(in_time) / NULLIF(SUM(urgent), 0),
       SUM(away)
FROM (SELECT staff_id AS who, 1 AS assigned, urgent, urgent AND contacted_at <= deadline AS in_time, 0 AS away
      FROM assignments WHERE at >= :b AND at < :e AND staff_id IS NOT NULL
      UNION ALL
      SELECT previous_staff_id, 0, 0, 0, 1 FROM assignments
      WHERE at >= :b AND at < :e AND previous_staff_id IS NOT NULL AND (staff_id IS NULL OR staff_id <> previous_staff_id)) x
JOIN staff s ON s.id = x.who GROUP BY x.who;
SELECT COUNT(*) FROM assignments WHERE staff_id IS NULL AND at < :e AND (superseded_at IS NULL OR superseded_at >= :e);

-- Complaints opened in the period with their SLA times (pauses excluded).
DROP TABLE IF EXISTS temp.opened;
CREATE TEMP TABLE opened AS
SELECT c.id, c.priority, c.category, c.cause, c.handler_id, c.about_staff_id,
       c.first_response_at IS NOT NULL AS responded, c.resolved_at IS NOT NULL AS resolved,
       c.first_response_at - c.received_at - (SELECT COALESCE(SUM(MAX(0, MIN(COALESCE(p.ended_at, :now), c.first_response_at)
                                                   - MAX(p.started_at, c.received_at))), 0)
                                              FROM complaint_pauses p WHERE p.complaint_id = c.id) AS response,
       c.resolved_at - c.received_at - (SELECT COALESCE(SUM(MAX(0, MIN(COALESCE(p.ended_at, :now), c.resolved_at)
                                             - MAX(p.started_at, c.received_at))), 0)
                                        FROM complaint_pauses p WHERE p.complaint_id = c.id) AS resolution,
       :now - c.received_at - (SELECT COALESCE(SUM(MAX(0, MIN(COALESCE(p.ended_at, :now), :now) - MAX(p.started_at, c.received_at))), 0)
                               FROM complaint_pauses p WHERE p.complaint_id = c.id) AS so_far,
       c.reopened_count = 0 AND c.escalation_level = 0 AND c.resolved_at IS NOT NULL
         AND (c.first_response_at IS NULL OR c.first_response_at >= c.resolved_at) AS first_contact,
       24 * 3600 AS response_limit,
       CASE c.priority WHEN 'P1' THEN 24 WHEN 'P2' THEN 72 ELSE 168 END * 3600 AS resolution_limit
FROM complaints c WHERE c.received_at >= :b AND c.received_at < :e;

SELECT COUNT(*), SUM(resolved), 1.0 * SUM(resolved) / NULLIF(COUNT(*), 0),
       1.0 * SUM(responded AND resolved AND response <= response_limit AND resolution <= resolution_limit)
         / NULLIF(SUM(resolved OR so_far > resolution_limit), 0),
       1.0 * SUM(first_contact) / NULLIF(COUNT(*), 0), AVG(response), AVG(resolution)
FROM opened;
SELECT response FROM opened WHERE response IS NOT NULL ORDER BY response
LIMIT 1 OFFSET (SELECT (9 * COUNT(response) + 9) / 10 - 1 FROM opened);
SELECT resolution FROM opened WHERE resolution IS NOT NULL ORDER BY resolution
LIMIT 1 OFFSET (SELECT (9 * COUNT(resolution) + 9) / 10 - 1 FROM opened);
SELECT 'category', category, COUNT(*), SUM(resolved), 1.0 * SUM(resolved) / COUNT(*) FROM opened GROUP BY category
UNION ALL SELECT 'priority', priority, COUNT(*), SUM(resolved), 1.0 * SUM(resolved) / COUNT(*) FROM opened GROUP BY priority
UNION ALL SELECT 'cause', cause, COUNT(*), SUM(resolved), 1.0 * SUM(resolved) / COUNT(*) FROM opened GROUP BY cause;
SELECT (SELECT COUNT(*) FROM complaints WHERE resolved_at >= :b AND resolved_at < :e),
       (SELECT COUNT(*) FROM complaints WHERE closed_at >= :b AND closed_at < :e),
       (SELECT COUNT(*) FROM complaint_log WHERE action = 'reopen' AND at >= :b AND at < :e);
-- Open at the end, and overdue at the end.
SELECT COUNT(*), SUM(MIN(:e, :now) - c.received_at
                     - (SELECT COALESCE(SUM(MAX(0, MIN(COALESCE(p.ended_at, :now), MIN(:e, :now)) - MAX(p.started_at, c.received_at))), 0)
                        FROM complaint_pauses p WHERE p.complaint_id = c.id)
                     > CASE c.priority WHEN 'P1' THEN 24 WHEN 'P2' THEN 72 ELSE 168 END * 3600)
FROM (SELECT id, received_at, priority FROM complaints WHERE resolved_at IS NULL AND received_at < :e
      UNION ALL SELECT id, received_at, priority FROM complaints
      WHERE received_at >= :e - 1 - (SELECT MAX(resolved_at - received_at) FROM complaints WHERE resolved_at IS NOT NULL)
        AND received_at < :e AND resolved_at >= :e) c;

-- Revisits.
SELECT COUNT(*), SUM(done_at IS NULL OR done_at > due_at) FROM revisits
WHERE status IN ('planned', 'done') AND due_at >= :b AND due_at < :e;
SELECT s.number || ' ' || s.name, COUNT(*), COUNT(r.satisfaction), SUM(r.satisfaction >= 4),
       1.0 * SUM(r.satisfaction >= 4) / NULLIF(COUNT(r.satisfaction), 0), (AVG(r.satisfaction) - 1) / 4 * 100
FROM revisits r LEFT JOIN staff s ON s.id = r.done_by WHERE r.done_at >= :b AND r.done_at < :e GROUP BY r.done_by;
SELECT s.number || ' ' || s.name, COUNT(*), SUM(a.reached), 1.0 * SUM(a.reached) / COUNT(*)
FROM revisit_attempts a LEFT JOIN staff s ON s.id = a.agent_id WHERE a.at >= :b AND a.at < :e GROUP BY a.agent_id;
SELECT p.factor, COUNT(*) FROM revisits r JOIN revisit_problems p ON p.revisit_id = r.id
WHERE r.done_at >= :b AND r.done_at < :e GROUP BY p.factor ORDER BY COUNT(*) DESC;

-- Customers.
SELECT COUNT(*) FROM customers WHERE registered_at >= :b AND registered_at < :e AND merged_into IS NULL;
SELECT json_extract(after, '$.category'), COUNT(*) FROM audit
WHERE record_kind = 'customer' AND at >= :b AND at < :e AND after IS NOT NULL
  AND json_extract(before, '$.category') IS NOT json_extract(after, '$.category')
  AND json_extract(before, '$.category') IS NOT NULL
GROUP BY 1;
-- The conversion and recovery rates: the customers of each category now, corrected by those whose
-- category changed since the period's start (their category then: the first change's `before`).
WITH ch AS (
  SELECT record_id AS cid, at, json_extract(before, '$.category') AS was, json_extract(after, '$.category') AS became,
         ROW_NUMBER() OVER (PARTITION BY record_id ORDER BY at, id) AS nth,
         ROW_NUMBER() OVER (PARTITION BY record_id, at >= :e ORDER BY at, id) AS nth_side
  FROM audit INDEXED BY audit_customer_at WHERE record_kind = 'customer' AND at >= :b AND after IS NOT NULL
    AND json_extract(before, '$.category') IS NOT NULL
    AND json_extract(before, '$.category') IS NOT json_extract(after, '$.category')),
per AS (
  SELECT cid, MAX(CASE WHEN nth = 1 THEN was END) AS at_begin, MAX(CASE WHEN at >= :e AND nth_side = 1 THEN was END) AS after_end,
         MAX(at < :e AND was = 'potential' AND became = 'active') AS converted
  FROM ch GROUP BY cid),
changed AS MATERIALIZED (
  SELECT cu.category AS now_is, cu.registered_at < :b AS before_period, per.at_begin,
         coalesce(per.after_end, cu.category) AS at_end, per.converted
  FROM per JOIN customers cu ON cu.id = per.cid WHERE cu.merged_into IS NULL AND cu.registered_at < :e),
c AS (SELECT coalesce(SUM(at_begin = 'potential'), 0) - coalesce(SUM(now_is = 'potential'), 0) AS potential,
             coalesce(SUM(at_begin = 'potential' AND converted), 0) AS converted,
             coalesce(SUM(before_period AND at_begin = 'at-risk'), 0) - coalesce(SUM(before_period AND now_is = 'at-risk'), 0) AS at_risk,
             coalesce(SUM(before_period AND at_begin = 'at-risk' AND at_end = 'active'), 0) AS recovered FROM changed)
SELECT (SELECT COUNT(*) FROM customers WHERE category = 'potential' AND registered_at < :e AND merged_into IS NULL) + potential,
       converted,
       (SELECT COUNT(*) FROM customers WHERE category = 'at-risk' AND registered_at < :b AND merged_into IS NULL) + at_risk,
       recovered FROM c;
SELECT category, COUNT(*) FROM customers WHERE category IN ('at-risk', 'lost') GROUP BY category;
