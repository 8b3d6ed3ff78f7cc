"""Concurrent staff, shared by test_reliability_concurrency.py (short) and test_long_concurrency.py (full size).

Each worker is a thread running the real csdesk binary one command after another, as one member
of staff at one desk would; all workers start together and share one database file.
"""
import threading
from concurrent.futures import ThreadPoolExecutor

LOCKED = ("database is locked", "SQLITE_BUSY", "busy")


def phone(worker, i):
    return f"139{worker:02d}{i:06d}"


def run_together(n, work):
    """Runs work(k) for k in range(n) at once; returns their results in order."""
    start = threading.Barrier(n)

    def go(k):
        start.wait()
        return work(k)

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(go, range(n)))


def failures(results):
    """(command, exit code, stderr) of every failed run in a list of lists of CompletedProcess."""
    out = []
    for runs in results:
        for args, r in runs:
            if r.returncode != 0:
                out.append((args, r.returncode, r.stderr.decode(errors="replace")))
    return out


def assert_no_failures(test, results):
    bad = failures(results)
    locked = [b for b in bad if any(s in b[2] for s in LOCKED)]
    test.assertEqual(locked, [], "no writer may fail with a locked database")
    test.assertEqual(bad, [], f"{len(bad)} commands failed")


def register_storm(test, d, workers, per_worker):
    """`workers` agents register `per_worker` contacts each, all at once; every tenth contact is a
    customer another agent registers too (the same person calling twice). Returns the distinct count."""
    assert per_worker % 10 == 0
    for w in range(workers):
        d.ok("staff", "add", str(1001 + w), f"客服{w}", "--roles", "consult")

    def contacts(w):
        for i in range(per_worker):
            if i % 10 == 9:  # a customer the next agent registers (before or after us)
                yield f"王女士{(w + 1) % workers}-{i - 9}", phone((w + 1) % workers, i - 9)
            else:
                yield f"王女士{w}-{i}", phone(w, i)

    def agent(w):
        runs = []
        for name, ph in contacts(w):
            args = ("--as", str(1001 + w), "register", "--name", name, "--phone", ph, "--channel", "电话",
                    "--city", ["北京", "上海", "成都"][w % 3])
            runs.append((args, d.run(*args)))
        return runs

    assert_no_failures(test, run_together(workers, agent))
    distinct = workers * per_worker * 9 // 10
    test.assertEqual(d.sql("SELECT count(*) FROM customers")[0][0], distinct, "exactly one customer per person")
    test.assertEqual(d.sql("SELECT count(*) FROM contact_log")[0][0], workers * per_worker, "every contact logged")
    test.assertEqual(d.sql("SELECT count(*) FROM contact_log WHERE kind = 'new'")[0][0], distinct)
    test.assertEqual(d.sql("SELECT count(DISTINCT phone) FROM customers")[0][0], distinct)
    return distinct


def assign_storm(test, d, workers, customers):
    """`workers` processes allocate every waiting customer at the same moment: each customer gets
    exactly one current owner and one assignment."""
    for s in range(3):
        d.ok("staff", "add", str(2001 + s), f"销售{s}", "--roles", "sales")

    def allocator(k):
        args = ("--as", "1001", "assign")
        return [(args, d.run(*args))]

    assert_no_failures(test, run_together(workers, allocator))
    test.assertEqual(d.sql("SELECT count(*) FROM assignments")[0][0], customers, "nobody allocated twice")
    test.assertEqual(d.sql("SELECT count(*) FROM customers WHERE owner_id IS NULL")[0][0], 0)
    test.assertEqual(d.sql("SELECT max(n) FROM (SELECT count(*) AS n FROM assignments "
                           "WHERE superseded_at IS NULL GROUP BY customer_id) AS open_per_customer")[0][0], 1)
    # Round-robin shares the customers out evenly even when the allocators raced.
    per_sales = [n for (n,) in d.sql("SELECT count(*) FROM customers GROUP BY owner_id")]
    test.assertLessEqual(max(per_sales) - min(per_sales), 1, per_sales)


def complain_storm(test, d, workers, complaints, notes_each):
    """`workers` handlers take `complaints` complaints between them, then all add `notes_each`
    progress notes to every complaint at once: every note is in its log exactly once."""
    d.ok("staff", "add", "3001", "投诉专员", "--roles", "complaint")
    numbers = [n for (n,) in d.sql(f"SELECT number FROM customers ORDER BY id LIMIT {complaints}")]

    def intake(k):
        runs = []
        for c in numbers[k::workers]:
            args = ("--as", "3001", "complain", "new", "--customer", c, "--content", f"发票金额错误 {c}",
                    "--category", "billing")
            runs.append((args, d.run(*args)))
        return runs

    assert_no_failures(test, run_together(workers, intake))
    tickets = [n for (n,) in d.sql("SELECT number FROM complaints ORDER BY id")]
    test.assertEqual(len(tickets), complaints)
    test.assertEqual(len(set(tickets)), complaints, "complaint numbers are unique")

    def handler(k):
        runs = []
        for j in range(notes_each):
            for t in tickets:
                args = ("--as", "3001", "complain", "update", t, "--note", f"note {k}-{j}")
                runs.append((args, d.run(*args)))
        return runs

    assert_no_failures(test, run_together(workers, handler))
    notes = d.sql("SELECT c.number, l.content FROM complaint_log l JOIN complaints c ON c.id = l.complaint_id "
                  "WHERE l.content LIKE 'note %'")
    test.assertEqual(len(notes), complaints * workers * notes_each)
    test.assertEqual(len(set(notes)), len(notes), "no note written twice")


def assert_whole(test, d):
    rows = d.json("check")
    test.assertEqual({r["result"] for r in rows}, {"ok"}, rows)


def write_import(d, name, rows, offset=0):
    """A customer list as an admin would import it: Chinese names, companies, cities."""
    lines = ["name,company,phone,city,channel"]
    for i in range(offset, offset + rows):
        company = "北京华信科技有限公司" if i % 2 else ""
        lines.append(f"王女士{i},{company},137{i:08d},{['北京', '上海', '成都'][i % 3]},电话")
    return d.write(name, "\n".join(lines) + "\n")


def crash_storm(test, d, rows, interrupted_wanted, seed):
    """kill -9 a `register --from` import of `rows` rows at random moments until `interrupted_wanted`
    kills landed mid-import. After each: integrity and audit chain ok, and either none or all of
    that import's rows are in. Returns (kills, interrupted, killed while its pages were being
    written to the WAL). On a server the kill ends the client: the server rolls its transaction back."""
    import os
    import random
    import subprocess
    import time
    from harness import BIN, new_pg_database, on_postgres

    d.ok("staff", "add", "1001", "张伟", "--roles", "consult")
    d.ok("--as", "1001", "register", "--name", "王女士", "--company", "北京华信科技有限公司", "--phone", "13912345678")
    big = write_import(d, "big.csv", rows)
    # How long a whole import takes here, measured on a scratch copy.
    scratch = new_pg_database(test) if on_postgres() else d.path("scratch.db")
    d.ok("--db", scratch, "init", db=False)
    d.ok("--db", scratch, "staff", "add", "1001", "张伟", "--roles", "consult", db=False)
    started = time.monotonic()
    d.ok("--db", scratch, "--as", "1001", "register", "--from", big, db=False)
    full = time.monotonic() - started

    rng = random.Random(seed)
    kills = interrupted = mid_write = 0
    offset = 0
    contacts = d.sql("SELECT count(*) FROM contact_log")[0][0]
    customers = d.sql("SELECT count(*) FROM customers")[0][0]
    while interrupted < interrupted_wanted:
        test.assertLess(kills, interrupted_wanted * 4, "the kills keep missing the import")
        p = subprocess.Popen([BIN, "--db", d.db, "--now", d.now, "--as", "1001", "register", "--from", big],
                             env=d.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # The stimulus of this test is a kill at a random moment of the import, not a wait for a condition.
        # Every other kill aims at the second half, when the import's pages are spilling into the WAL
        # (the first half is mostly reading and checking rows).
        time.sleep(rng.uniform(0.0, full * 1.1) if kills % 2 == 0 else rng.uniform(full * 0.5, full))
        wal = d.db + "-wal"
        writing = not on_postgres() and os.path.exists(wal) and os.path.getsize(wal) > 0
        finished = p.poll()
        # An import that ended by itself must have succeeded: a failure is not an interruption.
        test.assertIn(finished, (None, 0), f"kill {kills + 1}: the import failed on its own (exit {finished})")
        p.kill()
        p.wait()
        kills += 1
        now_contacts = d.sql("SELECT count(*) FROM contact_log")[0][0]
        now_customers = d.sql("SELECT count(*) FROM customers")[0][0]
        test.assertIn(now_contacts - contacts, (0, rows), f"kill {kills}: half an import is in")
        if finished is None and now_contacts == contacts:  # killed mid-import: none of it is in
            interrupted += 1
            mid_write += writing
            test.assertEqual(now_customers, customers, f"kill {kills}: customers of a killed import are in")
        else:  # finished before the kill: all of it, once
            test.assertEqual((now_contacts - contacts, now_customers - customers), (rows, rows), f"kill {kills}")
            offset += rows  # the next round imports new customers, so it has work to interrupt
            big = write_import(d, "big.csv", rows, offset)
        contacts, customers = now_contacts, now_customers
        rows_check = d.json("check")
        test.assertEqual({r["result"] for r in rows_check}, {"ok"}, f"kill {kills}: {rows_check}")
    if not on_postgres():  # a server keeps its own pages sound
        test.assertEqual(d.sql("PRAGMA integrity_check"), [("ok",)])
    return kills, interrupted, mid_write
