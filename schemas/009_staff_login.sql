-- csdesk schema, version 9: who a staff member is to the system. `login` is the OS account (on
-- SQLite) or database role (on PostgreSQL) that acts as them; csdesk takes the operator from it
-- instead of from --as. At most one member per account.
ALTER TABLE staff ADD COLUMN login TEXT CHECK (login IS NULL OR length(login) BETWEEN 1 AND 64);
CREATE UNIQUE INDEX staff_login ON staff (login) WHERE login IS NOT NULL;
