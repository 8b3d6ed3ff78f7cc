-- Hand-written SQL for `csdesk score` with the default config: every active person's registrations,
-- registration points, timeliness, resolution and satisfaction rates, complaint count,
-- adjustments, combined score and full attendance. :b, :e (the month), :first, :last (its days), :now.
DROP TABLE IF EXISTS temp.person;
CREATE TEMP TABLE person AS
WITH reg AS (SELECT registered_by AS id, COUNT(*) AS n FROM customers
             WHERE registered_at >= :b AND registered_at < :e AND merged_into IS NULL AND registered_by IS NOT NULL
             GROUP BY registered_by),
scored AS MATERIALIZED (
  SELECT cu.registered_by AS a, cu.owner_id AS o, c.handler_id AS h, r.satisfaction >= 4 AS sat
  FROM revisits r JOIN customers cu ON cu.id = r.customer_id LEFT JOIN complaints c ON c.id = r.complaint_id
  WHERE r.done_at >= :b AND r.done_at < :e AND r.satisfaction IS NOT NULL),
sat AS (SELECT id, COUNT(*) AS scored, SUM(sat) AS satisfied FROM (
          SELECT a AS id, sat FROM scored UNION ALL SELECT o, sat FROM scored WHERE o IS NOT a
          UNION ALL SELECT h, sat FROM scored WHERE h IS NOT a AND h IS NOT o) WHERE id IS NOT NULL GROUP BY id),
opened AS MATERIALIZED (
  SELECT c.handler_id, c.about_staff_id, c.category, c.resolved_at IS NOT NULL AS resolved,
         c.first_response_at - c.received_at - (SELECT COALESCE(SUM(MAX(0, MIN(COALESCE(p.ended_at, :now), c.first_response_at)
                                                     - MAX(p.started_at, c.received_at))), 0)
                                                FROM complaint_pauses p WHERE p.complaint_id = c.id) AS response,
         c.resolved_at - c.received_at - (SELECT COALESCE(SUM(MAX(0, MIN(COALESCE(p.ended_at, :now), c.resolved_at)
                                               - MAX(p.started_at, c.received_at))), 0)
                                          FROM complaint_pauses p WHERE p.complaint_id = c.id) AS resolution,
         :now - c.received_at - (SELECT COALESCE(SUM(MAX(0, MIN(COALESCE(p.ended_at, :now), :now) - MAX(p.started_at, c.received_at))), 0)
                                 FROM complaint_pauses p WHERE p.complaint_id = c.id) AS so_far,
         CASE c.priority WHEN 'P1' THEN 24 WHEN 'P2' THEN 72 ELSE 168 END * 3600 AS resolution_limit
  FROM complaints c WHERE c.received_at >= :b AND c.received_at < :e),
handled AS (SELECT handler_id AS id, COUNT(*) AS handled, SUM(resolved) AS resolved,
                   SUM(resolved OR so_far > resolution_limit) AS due,
                   SUM(response <= 86400 AND resolution <= resolution_limit) AS on_time
            FROM opened WHERE handler_id IS NOT NULL GROUP BY handler_id),
about AS (SELECT about_staff_id AS id, COUNT(*) AS complaints FROM opened
          WHERE category = 'service-attitude' AND about_staff_id IS NOT NULL GROUP BY about_staff_id),
adj AS (SELECT staff_id AS id, SUM(points) AS points, SUM(kind IN ('late', 'absent')) AS missed
        FROM score_adjustments WHERE on_date >= :first AND on_date <= :last GROUP BY staff_id)
SELECT s.id, s.number, s.name, EXISTS (SELECT 1 FROM staff_roles r WHERE r.staff_id = s.id AND r.role = 'consult') AS target_role,
       COALESCE(reg.n, 0) AS n, 1.0 * handled.on_time / NULLIF(handled.due, 0) AS timeliness,
       1.0 * handled.resolved / NULLIF(handled.handled, 0) AS resolution,
       1.0 * sat.satisfied / NULLIF(sat.scored, 0) AS satisfaction, COALESCE(about.complaints, 0) AS complaints,
       COALESCE(adj.points, 0) AS points, COALESCE(adj.missed, 0) = 0 AS full_attendance
FROM staff s LEFT JOIN reg ON reg.id = s.id LEFT JOIN sat ON sat.id = s.id LEFT JOIN handled ON handled.id = s.id
LEFT JOIN about ON about.id = s.id LEFT JOIN adj ON adj.id = s.id
WHERE s.active = 1;

SELECT number, name, n, registration, timeliness, resolution, satisfaction, complaints, points, full_attendance,
       (COALESCE(registration * 0.5, 0) + COALESCE(timeliness * 15, 0) + COALESCE(resolution * 15, 0)
        + COALESCE(satisfaction * 20, 0))
         / NULLIF((registration IS NOT NULL) * 0.5 + (timeliness IS NOT NULL) * 0.15 + (resolution IS NOT NULL) * 0.15
                  + (satisfaction IS NOT NULL) * 0.2, 0)
         - 2 * complaints + points AS combined
FROM (SELECT *, CASE WHEN NOT target_role THEN NULL WHEN n >= 380 THEN 110 WHEN n <= 280 THEN 90
                     ELSE 100 + (n - 330) / 10 END AS registration FROM person)
ORDER BY combined DESC, complaints;
