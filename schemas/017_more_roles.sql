-- csdesk schema, version 17: the seeds' other posts as roles — 班长 (team-lead), 主任 / 服务质量监控员
-- (inspector), 总监 (director), 数据分析 (analyst), 培训专员 (trainer). The CHECK names the roles
-- rules/roles.cpp knows; SQLite cannot change a CHECK in place, so the table is rebuilt.
CREATE TABLE staff_roles_017 (
  staff_id INTEGER NOT NULL REFERENCES staff (id),
  role     TEXT NOT NULL CHECK (role IN ('consult', 'revisit', 'sales', 'complaint', 'team-lead', 'supervisor',
                                         'inspector', 'manager', 'director', 'analyst', 'trainer', 'admin')),
  position INTEGER NOT NULL,
  PRIMARY KEY (staff_id, role)
);
INSERT INTO staff_roles_017 (staff_id, role, position) SELECT staff_id, role, position FROM staff_roles;
DROP TABLE staff_roles;
ALTER TABLE staff_roles_017 RENAME TO staff_roles;
CREATE INDEX staff_roles_role ON staff_roles (role, staff_id);
