-- csdesk schema, version 18: the complaint clocks beyond response and resolution (issue 17).
-- A crisis (危机事件, seed 002) must have its quick-response plan within sla.crisis_response_hours;
-- the handling time told to the customer (告知客户预计处理时间, seed 000); the customer's own
-- confirmation on closing (客户签字确认, seed 002). The feedback clock of a delayed problem
-- (seed 003) is read from the progress log (respond, inform, reopen), so it needs no column.
ALTER TABLE complaints ADD COLUMN crisis_at INTEGER;        -- marked a crisis at
ALTER TABLE complaints ADD COLUMN crisis_plan TEXT;         -- the response plan
ALTER TABLE complaints ADD COLUMN crisis_plan_at INTEGER;   -- recorded at: stops the crisis clock
ALTER TABLE complaints ADD COLUMN expected_by INTEGER;      -- the handling time last told to the customer
ALTER TABLE complaints ADD COLUMN confirmed_by TEXT;        -- who confirmed the outcome for the customer

-- Decision items handed to the responsible department (决议事项需在24小时内分配至责任部门, seed
-- 002): decided, handed over (stops the clock of sla.decision_handover_hours), answered.
CREATE TABLE complaint_handovers (
  id            INTEGER PRIMARY KEY,
  complaint_id  INTEGER NOT NULL REFERENCES complaints (id),
  department    TEXT NOT NULL CHECK (department <> ''),
  decision      TEXT NOT NULL CHECK (decision <> ''),
  decided_at    INTEGER NOT NULL,
  handed_at     INTEGER CHECK (handed_at >= decided_at),
  answer        TEXT,
  answered_at   INTEGER CHECK (answered_at >= handed_at)
);
CREATE INDEX complaint_handovers_complaint ON complaint_handovers (complaint_id, decided_at);
CREATE INDEX complaint_handovers_waiting ON complaint_handovers (decided_at) WHERE handed_at IS NULL;
