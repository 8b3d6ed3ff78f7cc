-- The mean resolution time of the complaints opened in the efficiency-target baseline month. :b, :e, :now.
SELECT AVG(c.resolved_at - c.received_at
           - (SELECT COALESCE(SUM(MAX(0, MIN(COALESCE(p.ended_at, :now), c.resolved_at) - MAX(p.started_at, c.received_at))), 0)
              FROM complaint_pauses p WHERE p.complaint_id = c.id))
FROM complaints c WHERE c.received_at >= :b AND c.received_at < :e;
