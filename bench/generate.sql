-- Benchmark data for csdesk report/score: @CUSTOMERS@ customers and @RECORDS@ each of contacts,
-- complaints and revisits, spread over the 24 months before 2026-11-01 (Asia/Shanghai). Records
-- are numbered in time order, as csdesk writes them (each is created when it happens).
-- Run by bench/report_bench.sh on a database made by `csdesk init`, with the numbers
-- substituted for @CUSTOMERS@ and @RECORDS@.
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -400000;
BEGIN;
CREATE TEMP TABLE k (start INTEGER, span INTEGER);
INSERT INTO k VALUES (1730390400, 63072000);  -- 2024-11-01T00:00+08:00, 730 days

INSERT INTO staff (id, number, name, created_at)
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 80)
SELECT i, CAST(1000 + i AS TEXT), '员工' || i, 1700000000 FROM n;
-- Roles are a set, one row each (schema 8).
INSERT INTO staff_roles (staff_id, role, position)
SELECT id, CASE WHEN id <= 40 THEN 'consult' WHEN id <= 60 THEN 'sales' WHEN id <= 70 THEN 'complaint' ELSE 'revisit' END, 0
FROM staff WHERE id BETWEEN 1 AND 80;

INSERT INTO customers (id, number, name, company, channel, city, category, owner_id, registered_by, contacted_at,
                       registered_at, first_channel, first_urgent, first_within_limit)
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @CUSTOMERS@),
x AS MATERIALIZED (SELECT i, (SELECT start FROM k) + i * (SELECT span FROM k) / @CUSTOMERS@ AS t FROM n)
SELECT i, 'B' || i, '客户' || i, '公司' || (i % 5000),
       CASE i % 6 WHEN 0 THEN 'phone' WHEN 1 THEN 'online' WHEN 2 THEN 'qq' WHEN 3 THEN 'email' WHEN 4 THEN 'walk-in' ELSE 'event' END,
       CASE i % 5 WHEN 0 THEN '北京' WHEN 1 THEN '上海' WHEN 2 THEN '成都' WHEN 3 THEN '广州' ELSE '深圳' END,
       CASE WHEN i % 100 < 5 THEN 'at-risk' WHEN i % 100 < 8 THEN 'lost' WHEN i % 100 < 40 THEN 'active' ELSE 'potential' END,
       41 + i % 20, 1 + i % 40, t - 120, t,
       -- 70 % of the contacts are customers' first contacts, logged on the customer row (schema 5)
       CASE WHEN i <= @RECORDS@ * 7 / 10 THEN
         CASE i % 6 WHEN 0 THEN 'phone' WHEN 1 THEN 'online' WHEN 2 THEN 'qq' WHEN 3 THEN 'email' WHEN 4 THEN 'walk-in' ELSE 'event' END
       END,
       CASE WHEN i <= @RECORDS@ * 7 / 10 THEN i % 10 = 0 END,
       CASE WHEN i <= @RECORDS@ * 7 / 10 THEN abs(random()) % 100 < 95 END
FROM x;

-- 30 % returning contacts of customers registered before.
INSERT INTO contacts (customer_id, kind, channel, agent_id, contacted_at, registered_at, within_limit, urgent)
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @RECORDS@ - @RECORDS@ * 7 / 10),
x AS MATERIALIZED (SELECT i, (SELECT start FROM k) + abs(random()) % (SELECT span FROM k) AS t FROM n)
SELECT 1 + abs(random()) % (i * @CUSTOMERS@ / (@RECORDS@ - @RECORDS@ * 7 / 10) + 1), 'returning', 'phone', 1 + i % 40, t - 400, t, abs(random()) % 100 < 80, 0
FROM x;

-- One assignment per customer: 2 % to the pool, 10 % urgent.
INSERT INTO assignments (number, customer_id, staff_id, at, operator, rule, reason, urgent, deadline, contacted_at)
SELECT 'FPB' || id, id, CASE WHEN id % 50 = 0 THEN NULL ELSE owner_id END, registered_at + 60, 'system',
       CASE WHEN id % 50 = 0 THEN 'pool' ELSE 'round-robin' END, 'bench', id % 10 = 0,
       CASE WHEN id % 10 = 0 THEN registered_at + 960 END,
       CASE WHEN id % 10 = 0 THEN registered_at + 60 + abs(random()) % 1500 END
FROM customers;

-- Complaints: 97 % responded and resolved within hours to days, half of those closed.
INSERT INTO complaints (id, number, customer_id, content, category, priority, received_at, handler_id, about_staff_id,
                        status, cause, first_response_at, resolved_at, closed_at, reopened_count, escalation_level,
                        created_at)
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @RECORDS@),
x AS MATERIALIZED (SELECT i, (SELECT start FROM k) + i * (SELECT span FROM k) / @RECORDS@ AS t,
             CASE i % 6 WHEN 0 THEN 'product' WHEN 1 THEN 'service-attitude' WHEN 2 THEN 'delivery'
                        WHEN 3 THEN 'billing' WHEN 4 THEN 'after-sale' ELSE 'other' END AS cat,
             i % 100 < 3 AS open, abs(random()) % 100000 AS response, abs(random()) % 800000 AS resolution FROM n)
SELECT i, 'TSB' || i, 1 + abs(random()) % (i * @CUSTOMERS@ / @RECORDS@ + 1), '反馈内容', cat, 'P' || (1 + i % 3), t, 61 + i % 10,
       CASE WHEN cat = 'service-attitude' THEN 1 + i % 40 END,
       CASE WHEN open THEN 'in-progress' WHEN i % 2 = 0 THEN 'closed' ELSE 'resolved' END,
       CASE i % 5 WHEN 0 THEN '软件缺陷' WHEN 1 THEN '态度问题' WHEN 2 THEN '物流延误' WHEN 3 THEN '计费错误' ELSE '操作不当' END,
       t + 60 + response,
       CASE WHEN NOT open THEN t + 3600 + response + resolution END,
       CASE WHEN NOT open AND i % 2 = 0 THEN t + 900000 END,
       i % 100 = 7, i % 50 = 3, t
FROM x;
UPDATE complaints SET first_response_at = resolved_at WHERE id % 4 = 1 AND resolved_at IS NOT NULL;
INSERT INTO complaint_pauses (complaint_id, started_at, ended_at)
SELECT id, received_at + 7200, received_at + 7200 + abs(random()) % 172800 FROM complaints WHERE id % 20 = 0;
INSERT INTO complaint_log (complaint_id, at, actor, action, status_after)
SELECT id, received_at + 86400, 'system', 'reopen', 'reopened' FROM complaints WHERE reopened_count > 0;

-- Revisits: 85 % done (scored 1–5, mostly 4–5), 12 % planned, 3 % cancelled.
INSERT INTO revisits (id, number, customer_id, complaint_id, purpose, planned_at, due_at, agent_id, status, attempts,
                      method, satisfaction, done_at, done_by)
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @RECORDS@),
x AS MATERIALIZED (SELECT i, (SELECT start FROM k) + i * (SELECT span FROM k) / @RECORDS@ AS t,
                          abs(random()) % 100 AS r FROM n)
SELECT i, 'HFB' || i, 1 + abs(random()) % (i * @CUSTOMERS@ / @RECORDS@ + 1), CASE WHEN i % 4 = 0 THEN i END,
       CASE WHEN i % 4 = 0 THEN 'complaint-follow-up' ELSE 'satisfaction' END, t - 604800, t, 71 + i % 10,
       CASE WHEN r < 85 THEN 'done' WHEN r < 97 THEN 'planned' ELSE 'cancelled' END, 1, 'phone',
       CASE WHEN r < 85 THEN CASE abs(random()) % 10 WHEN 0 THEN 1 WHEN 1 THEN 2 WHEN 2 THEN 3 WHEN 3 THEN 3
                                                       WHEN 4 THEN 4 WHEN 5 THEN 4 WHEN 6 THEN 4 ELSE 5 END END,
       CASE WHEN r < 85 THEN t - 86400 + abs(random()) % 172800 END,
       CASE WHEN r < 85 THEN 71 + i % 10 END
FROM x;
INSERT INTO revisit_attempts (revisit_id, at, agent_id, method, reached)
SELECT id, done_at, done_by, 'phone', 1 FROM revisits WHERE status = 'done';
INSERT INTO revisit_attempts (revisit_id, at, agent_id, method, reached)
SELECT id, due_at - 3600, agent_id, 'phone', 0 FROM revisits WHERE id % 5 = 0;
INSERT INTO revisit_problems (revisit_id, factor)
SELECT id, CASE id % 7 WHEN 0 THEN '服务态度' WHEN 1 THEN '响应速度' WHEN 2 THEN '产品质量' WHEN 3 THEN '价格'
                       WHEN 4 THEN '售后服务' WHEN 5 THEN '交付' ELSE '其他' END
FROM revisits WHERE status = 'done' AND satisfaction <= 3;

INSERT INTO score_adjustments (number, staff_id, on_date, points, kind, reason, operator, created_at)
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
SELECT 'KPB' || i, 1 + i % 80, date((SELECT start FROM k) + i * (SELECT span FROM k) / 5000, 'unixepoch', '+8 hours'),
       CASE i % 4 WHEN 0 THEN 2 WHEN 1 THEN -1 WHEN 2 THEN -2 ELSE 1 END,
       CASE i % 4 WHEN 0 THEN 'praise' WHEN 1 THEN 'late' WHEN 2 THEN 'absent' ELSE 'inspection' END, 'bench', 'bench',
       1700000000 FROM n;
COMMIT;
ANALYZE;
