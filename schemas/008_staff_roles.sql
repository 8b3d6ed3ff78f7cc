-- csdesk schema, version 8: a staff member's roles as a set, one row each, instead of a comma list
-- matched with LIKE. `position` keeps the order they were given in (as `staff list` shows them).
CREATE TABLE staff_roles (
  staff_id INTEGER NOT NULL REFERENCES staff (id),
  role     TEXT NOT NULL CHECK (role IN ('consult', 'revisit', 'sales', 'complaint', 'supervisor', 'manager', 'admin')),
  position INTEGER NOT NULL,
  PRIMARY KEY (staff_id, role)
) WITHOUT ROWID;
CREATE INDEX staff_roles_role ON staff_roles (role, staff_id);

-- Every role of the comma list, in its order; a role named twice keeps its first place.
WITH RECURSIVE parts (staff_id, role, rest, position) AS (
  SELECT id, NULL, roles || ',', 0 FROM staff
  UNION ALL
  SELECT staff_id, trim(substr(rest, 1, instr(rest, ',') - 1)), substr(rest, instr(rest, ',') + 1), position + 1
  FROM parts WHERE rest <> ''
)
INSERT INTO staff_roles (staff_id, role, position)
  SELECT staff_id, role, min(position) FROM parts WHERE role <> '' GROUP BY staff_id, role;

ALTER TABLE staff DROP COLUMN roles;
