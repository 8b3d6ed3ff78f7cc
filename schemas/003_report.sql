-- Indexes for the monthly report and score: every query ranges over a time column, so its cost
-- grows with the month's records, not with the history.
CREATE INDEX complaints_resolved     ON complaints (resolved_at) WHERE resolved_at IS NOT NULL;
CREATE INDEX complaints_closed       ON complaints (closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX complaints_unresolved   ON complaints (received_at) WHERE resolved_at IS NULL;
CREATE INDEX complaint_log_action_at ON complaint_log (action, at);
CREATE INDEX revisit_attempts_at     ON revisit_attempts (at);
CREATE INDEX assignments_pool        ON assignments (at) WHERE staff_id IS NULL;
CREATE INDEX audit_customer_at       ON audit (at) WHERE record_kind = 'customer';
CREATE INDEX customers_lifecycle     ON customers (category) WHERE category IN ('at-risk', 'lost');
-- The longest resolution so far bounds how far back a complaint still open at a month's end
-- can have been received (open at end = unresolved, or received before the end and resolved after it).
CREATE INDEX complaints_resolution_time ON complaints (resolved_at - received_at) WHERE resolved_at IS NOT NULL;
