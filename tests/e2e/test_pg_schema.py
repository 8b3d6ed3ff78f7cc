"""The PostgreSQL baseline (schemas/postgresql/023_baseline.sql) against the schema the SQLite
migrations build: same tables and views, columns in the same order with the same type family,
NOT NULL and defaults, the same primary keys, unique constraints, named indexes and foreign keys.

Needs a PostgreSQL server: CSDESK_TEST_PG is a libpq connection string to it (one whose user may
create databases); the test makes a database of its own there and drops it afterwards."""
import json
import os
import re
import sqlite3
import subprocess
import unittest
import uuid

from harness import Desk, main, SOURCE_DIR

PG = os.environ.get("CSDESK_TEST_PG", "")
BASELINE = os.path.join(SOURCE_DIR, "schemas", "postgresql", "023_baseline.sql")


def psql(conninfo, *args):
    r = subprocess.run(["psql", conninfo, "-X", "-v", "ON_ERROR_STOP=1", "-qAt", *args],
                       capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        raise AssertionError(f"psql {' '.join(args)} exited {r.returncode}: {r.stderr}")
    return r.stdout


def with_dbname(conninfo, name):
    kept = [part for part in conninfo.split() if not part.startswith("dbname=")]
    return " ".join(kept + [f"dbname={name}"])


def family(declared):
    """The type family of a column, for either engine: integer, text or real."""
    t = declared.lower()
    if t in ("integer", "bigint", "smallint"):
        return "integer"
    if t == "text":
        return "text"
    if t in ("real", "double precision"):
        return "real"
    return t or "(none)"


def default_text(value):
    """A column default as both engines spell it: PostgreSQL's casts of literals left out."""
    if value is None:
        return None
    return re.sub(r"::(text|bigint|integer)\b", "", value).strip()


def sqlite_schema(path):
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        objects = con.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").fetchall()
        tables = sorted(n for t, n, _ in objects if t == "table")
        out = {"tables": tables, "views": {}, "columns": {}, "primary": {}, "unique": {}, "indexes": {}, "foreign": {}}
        for t, n, _ in objects:
            if t == "view":
                out["views"][n] = [r[1] for r in con.execute(f'PRAGMA table_info("{n}")')]
        for table in tables:
            info = con.execute(f'PRAGMA table_info("{table}")').fetchall()
            # A primary-key column cannot hold NULL in either engine (an INTEGER PRIMARY KEY is the
            # rowid; a WITHOUT ROWID table enforces it), whether or not it says NOT NULL.
            out["columns"][table] = [(c[1], family(c[2]), bool(c[3] or c[5]), default_text(c[4])) for c in info]
            out["primary"][table] = [c[1] for c in sorted((c for c in info if c[5]), key=lambda c: c[5])]
            uniques = []
            for _, name, unique, origin, partial in con.execute(f'PRAGMA index_list("{table}")'):
                cols = [r[2] for r in con.execute(f'PRAGMA index_info("{name}")')]
                if origin == "u":
                    uniques.append(cols)
                elif origin == "c":
                    out["indexes"][name] = (table, bool(unique), bool(partial))
            out["unique"][table] = sorted(uniques)
            fks = {}
            for fk_id, _, parent, column, to, *_ in con.execute(f'PRAGMA foreign_key_list("{table}")'):
                cols, _, refs = fks.setdefault(fk_id, ([], parent, []))
                cols.append(column)
                refs.append(to or "id")  # REFERENCES t with no column: t's primary key, always id here
            out["foreign"][table] = sorted((tuple(c), p, tuple(r)) for c, p, r in fks.values())
        return out
    finally:
        con.close()


PG_CATALOGUE = r"""
SELECT json_build_object(
  'tables', (SELECT coalesce(json_agg(table_name ORDER BY table_name), '[]') FROM information_schema.tables
             WHERE table_schema = 'public' AND table_type = 'BASE TABLE'),
  'views', (SELECT coalesce(json_object_agg(v.table_name,
              (SELECT json_agg(column_name ORDER BY ordinal_position) FROM information_schema.columns c
               WHERE c.table_schema = 'public' AND c.table_name = v.table_name)), '{}')
            FROM information_schema.views v WHERE v.table_schema = 'public'),
  'columns', (SELECT json_object_agg(table_name, cols) FROM (
                SELECT table_name, json_agg(json_build_array(column_name, data_type, is_nullable = 'NO', column_default)
                                            ORDER BY ordinal_position) AS cols
                FROM information_schema.columns c
                WHERE table_schema = 'public'
                  AND table_name IN (SELECT table_name FROM information_schema.tables
                                     WHERE table_schema = 'public' AND table_type = 'BASE TABLE')
                GROUP BY table_name) t),
  'constraints', (SELECT coalesce(json_agg(json_build_array(
                     c.conrelid::regclass::text, c.contype,
                     (SELECT json_agg(a.attname ORDER BY k.i) FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
                      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n),
                     c.confrelid::regclass::text,
                     (SELECT json_agg(a.attname ORDER BY k.i) FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
                      JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n))), '[]')
                  FROM pg_constraint c JOIN pg_namespace s ON s.oid = c.connamespace
                  WHERE s.nspname = 'public' AND c.contype IN ('p', 'u', 'f')),
  'indexes', (SELECT coalesce(json_agg(json_build_array(i.relname, t.relname, x.indisunique, x.indpred IS NOT NULL)), '[]')
              FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
              JOIN pg_namespace s ON s.oid = t.relnamespace
              WHERE s.nspname = 'public'
                AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid))
)
"""


def pg_schema(conninfo):
    raw = json.loads(psql(conninfo, "-c", PG_CATALOGUE))
    tables = sorted(raw["tables"])
    out = {"tables": tables, "views": raw["views"], "columns": {}, "primary": {}, "unique": {}, "indexes": {},
           "foreign": {}}
    for table, cols in raw["columns"].items():
        # An identity column has no default expression; SQLite's rowid id has none either.
        out["columns"][table] = [(n, family(t), bool(nn), default_text(d)) for n, t, nn, d in cols]
    for table in tables:
        out["primary"][table] = []
        out["unique"][table] = []
        out["foreign"][table] = []
    for table, kind, cols, parent, refs in raw["constraints"]:
        if kind == "p":
            out["primary"][table] = cols
        elif kind == "u":
            out["unique"][table].append(cols)
        else:
            out["foreign"][table].append((tuple(cols), parent, tuple(refs)))
    for table in tables:
        out["unique"][table].sort()
        out["foreign"][table].sort()
    for name, table, unique, partial in raw["indexes"]:
        out["indexes"][name] = (table, bool(unique), bool(partial))
    return out


@unittest.skipUnless(PG, "CSDESK_TEST_PG names no PostgreSQL server")
class PostgresBaseline(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        name = "csdesk_schema_" + uuid.uuid4().hex[:16]
        psql(PG, "-c", f'CREATE DATABASE "{name}"')
        cls.addClassCleanup(psql, PG, "-c", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cls.conninfo = with_dbname(PG, name)
        psql(cls.conninfo, "-f", BASELINE)
        cls.pg = pg_schema(cls.conninfo)

    def setUp(self):
        d = Desk(self)
        self.lite = sqlite_schema(d.db)

    def test_same_tables_and_views(self):
        self.assertEqual(sorted(set(self.lite["tables"]) - set(self.pg["tables"])), [],
                         "tables SQLite has and the PostgreSQL baseline lacks")
        self.assertEqual(sorted(set(self.pg["tables"]) - set(self.lite["tables"])), [],
                         "tables the PostgreSQL baseline has and SQLite lacks")
        self.assertEqual(self.lite["views"], self.pg["views"], "views (name → columns in order) differ")

    def test_same_columns_in_the_same_order(self):
        for table in self.lite["tables"]:
            with self.subTest(table=table):
                lite = self.lite["columns"][table]
                pg = self.pg["columns"].get(table, [])
                self.assertEqual([c[0] for c in lite], [c[0] for c in pg], f"{table}: column names or their order differ")
                for l, p in zip(lite, pg):
                    self.assertEqual(l[1], p[1], f"{table}.{l[0]}: type family {l[1]} in SQLite, {p[1]} in PostgreSQL")
                    self.assertEqual(l[2], p[2], f"{table}.{l[0]}: NOT NULL {l[2]} in SQLite, {p[2]} in PostgreSQL")
                    self.assertEqual(l[3], p[3], f"{table}.{l[0]}: default {l[3]!r} in SQLite, {p[3]!r} in PostgreSQL")

    def test_same_keys(self):
        for table in self.lite["tables"]:
            with self.subTest(table=table):
                self.assertEqual(self.lite["primary"][table], self.pg["primary"].get(table),
                                 f"{table}: primary key columns differ")
                self.assertEqual(self.lite["unique"][table], self.pg["unique"].get(table),
                                 f"{table}: UNIQUE constraints (column lists) differ")

    def test_same_indexes(self):
        lite, pg = self.lite["indexes"], self.pg["indexes"]
        self.assertEqual(sorted(set(lite) - set(pg)), [], "indexes SQLite has and the PostgreSQL baseline lacks")
        self.assertEqual(sorted(set(pg) - set(lite)), [], "indexes the PostgreSQL baseline has and SQLite lacks")
        for name in lite:
            self.assertEqual(lite[name], pg[name], f"index {name}: (table, unique, partial) differ")

    def test_same_foreign_keys(self):
        for table in self.lite["tables"]:
            with self.subTest(table=table):
                self.assertEqual(self.lite["foreign"][table], self.pg["foreign"].get(table),
                                 f"{table}: foreign keys ((columns), referenced table, (its columns)) differ")

    def test_translated_checks_keep_their_meaning(self):
        # The checks written differently from SQLite's (see the file's head) refuse what SQLite's refuse.
        db = self.conninfo

        def refused(statement):
            r = subprocess.run(["psql", db, "-X", "-v", "ON_ERROR_STOP=1", "-qAtc", statement],
                               capture_output=True, text=True, timeout=60)
            return r.returncode != 0 and "violates check constraint" in r.stderr

        psql(db, "-c", "INSERT INTO staff (id, number, name, created_at) VALUES (900, '9000', 'x', 0)")
        self.assertTrue(refused("INSERT INTO settings VALUES ('a', '{not json', 0, '0000')"))
        psql(db, "-c", "INSERT INTO settings VALUES ('b', '{\"x\": [1, 2.5, \"三\"]}', 0, '0000')")
        self.assertTrue(refused("INSERT INTO attendance (staff_id, on_date, kind, recorded_at) VALUES (900, '2026-1-02', 'rest', 0)"))
        self.assertTrue(refused("INSERT INTO attendance (staff_id, on_date, kind, recorded_at) VALUES (900, '2026-11-02x', 'rest', 0)"))
        self.assertTrue(refused("INSERT INTO attendance (staff_id, on_date, kind, at_time, recorded_at) "
                                "VALUES (900, '2026-11-02', 'sign-in', '9:05', 0)"))
        psql(db, "-c", "INSERT INTO attendance (staff_id, on_date, kind, at_time, recorded_at) "
                       "VALUES (900, '2026-11-02', 'sign-in', '09:05', 0)")


if __name__ == "__main__":
    main()
