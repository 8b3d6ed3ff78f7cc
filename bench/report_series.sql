-- The satisfaction rate of one period (the trend series and the target baseline). :b, :e.
SELECT COUNT(satisfaction), SUM(satisfaction >= 4), 1.0 * SUM(satisfaction >= 4) / NULLIF(COUNT(satisfaction), 0)
FROM revisits WHERE done_at >= :b AND done_at < :e;
