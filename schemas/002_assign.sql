-- csdesk schema, version 2 (assign): notifications being delivered are held by their deliverer
-- ("host:pid"), so two processes delivering at the same moment never send one twice. A holder
-- that is no longer running releases its hold.
ALTER TABLE notifications ADD COLUMN claimed_by TEXT;
