"""A hand-built October 2026 for the report and score tests.

The records are written straight into a database made by `csdesk init`, so every timestamp is
exact and the expected figures can be worked out by hand (see the comments in test_report.py
and test_score.py). Times are Asia/Shanghai local time.
"""
import datetime
import sqlite3

from harness import connect

CST = datetime.timezone(datetime.timedelta(hours=8))


def t(text):
    """'2026-10-05 09:00' in Asia/Shanghai → epoch seconds."""
    return int(datetime.datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=CST).timestamp())


STAFF = [  # id, number, name, roles
    (1, "1001", "张伟", "consult"),
    (2, "1002", "王芳", "consult"),
    (3, "2001", "李娜", "sales,complaint"),
    (4, "2002", "刘洋", "sales"),
    (5, "3001", "陈静", "revisit"),
    (6, "9001", "赵敏", "manager"),
]
Z, W, LI, LIU, CHEN = 1, 2, 3, 4, 5

# id, number, name, company, channel, city, category, owner, registered_by, registered_at, merged_into
CUSTOMERS = [
    (1, "KH202610-0001", "王女士", "北京华信科技有限公司", "phone", "北京", "active", LI, Z, "2026-10-05 09:00", None),
    (2, "KH202610-0002", "李先生", "上海明达贸易有限公司", "online", "上海", "at-risk", LI, Z, "2026-10-12 14:00", None),
    (3, "KH202610-0003", "张总", "北京远景软件有限公司", "phone", "北京", "potential", None, Z, "2026-10-31 23:30", None),
    (4, "KH202610-0004", "刘女士", "成都蓉城电子有限公司", "qq", "成都", "potential", LIU, W, "2026-10-20 10:00", None),
    (5, "KH202611-0001", "赵先生", "成都天府网络有限公司", "phone", "成都", "potential", None, W, "2026-11-01 00:10", None),
    (6, "KH202609-0001", "孙经理", "上海浦江物流有限公司", "email", "上海", "lost", LIU, Z, "2026-09-30 23:59", None),
    (7, "KH202610-0005", "王女士", "北京华信科技有限公司", "phone", "北京", "potential", None, Z, "2026-10-06 09:00", 1),
]

# customer, kind, channel, agent, contacted_at, registered_at, within_limit
CONTACTS = [
    (1, "new", "phone", Z, "2026-10-05 08:58", "2026-10-05 09:00", 1),
    (2, "new", "online", Z, "2026-10-12 13:58", "2026-10-12 14:00", 1),
    (3, "new", "phone", Z, "2026-10-31 23:27", "2026-10-31 23:30", 1),
    (4, "new", "qq", W, "2026-10-20 09:58", "2026-10-20 10:00", 1),
    (1, "returning", "phone", W, "2026-10-20 15:00", "2026-10-20 15:10", 0),
    (5, "new", "phone", W, "2026-11-01 00:08", "2026-11-01 00:10", 1),
    (6, "new", "email", Z, "2026-09-30 23:57", "2026-09-30 23:59", 1),
]

# id, number, customer, staff, previous, at, rule, urgent, deadline, contacted_at, superseded_at
ASSIGNMENTS = [
    (1, "FP202610-0001", 1, LI, None, "2026-10-05 09:05", "round-robin", 1, "2026-10-05 09:20", "2026-10-05 09:15", None),
    (2, "FP202610-0002", 2, LIU, None, "2026-10-12 14:05", "round-robin", 1, "2026-10-12 14:20", "2026-10-12 14:40", "2026-10-12 14:41"),
    (3, "FP202610-0003", 2, LI, LIU, "2026-10-12 14:41", "reassign", 1, "2026-10-12 14:56", "2026-10-12 14:50", None),
    (4, "FP202610-0004", 3, None, None, "2026-10-31 23:31", "pool", 0, None, None, None),
    (5, "FP202610-0005", 4, LIU, None, "2026-10-20 10:05", "round-robin", 0, None, None, None),
]

# id, number, customer, category, priority, received, handler, about, status, cause,
# first_response, resolved, closed, reopened_count
COMPLAINTS = [
    (1, "TS202610-0001", 1, "product", "P2", "2026-10-06 10:00", LI, None, "closed", "软件缺陷",
     "2026-10-06 12:00", "2026-10-06 12:00", "2026-10-08 10:00", 0),
    (2, "TS202610-0002", 2, "service-attitude", "P1", "2026-10-10 09:00", LI, Z, "resolved", "态度问题",
     "2026-10-11 11:00", "2026-10-11 12:00", None, 0),
    (3, "TS202610-0003", 4, "delivery", "P3", "2026-10-25 09:00", LI, None, "resolved", "物流延误",
     "2026-10-25 09:30", "2026-11-02 09:00", None, 0),
    (4, "TS202610-0004", 3, "product", "P2", "2026-10-31 23:30", LI, None, "open", None, None, None, None, 0),
    (5, "TS202609-0001", 6, "billing", "P2", "2026-09-20 10:00", LI, None, "resolved", "计费错误",
     "2026-09-20 11:00", "2026-10-05 10:00", None, 1),
    (6, "TS202609-0002", 6, "after-sale", "P1", "2026-09-25 10:00", LI, None, "in-progress", None,
     "2026-09-25 11:00", None, None, 0),
]
PAUSES = [(3, "2026-10-26 09:00", "2026-10-28 09:00")]
# The delivery complaint's customer hears of it when the wait ends and every day after (seed 003: a
# delayed problem is fed back within 24 hours), which keeps it on time.
COMPLAINT_LOG = [(5, "2026-10-04 10:00", "reopen", "reopened")] + [
    (3, f"2026-{day} 09:00", "inform", "in-progress") for day in ("10-28", "10-29", "10-30", "10-31", "11-01")]

# id, number, customer, complaint, purpose, due, agent, status, done_at, done_by, satisfaction
REVISITS = [
    (1, "HF202610-0001", 1, None, "after-sale", "2026-10-10 18:00", CHEN, "done", "2026-10-09 10:00", CHEN, 5),
    (2, "HF202610-0002", 2, 2, "complaint-follow-up", "2026-10-15 18:00", CHEN, "done", "2026-10-16 10:00", CHEN, 2),
    (3, "HF202610-0003", 4, None, "satisfaction", "2026-10-28 18:00", CHEN, "planned", None, None, None),
    (4, "HF202610-0004", 3, None, "routine", "2026-11-05 18:00", CHEN, "planned", None, None, None),
    (5, "HF202610-0005", 1, None, "satisfaction", "2026-10-20 18:00", W, "done", "2026-10-20 10:00", W, 4),
    (6, "HF202610-0006", 4, None, "routine", "2026-10-22 18:00", CHEN, "cancelled", None, None, None),
    (7, "HF202609-0001", 6, None, "satisfaction", "2026-09-15 18:00", CHEN, "done", "2026-09-15 10:00", CHEN, 3),
]
ATTEMPTS = [  # revisit, at, agent, reached
    (1, "2026-10-09 10:00", CHEN, 1),
    (2, "2026-10-15 10:00", CHEN, 0),
    (2, "2026-10-16 10:00", CHEN, 1),
    (3, "2026-10-28 10:00", CHEN, 0),
    (5, "2026-10-20 10:00", W, 1),
    (7, "2026-09-15 10:00", CHEN, 1),
]
PROBLEMS = [(2, "服务态度"), (2, "响应速度"), (5, "价格")]
# Lifecycle moves, as `customer edit` records them in the audit trail.
CATEGORY_CHANGES = [(1, "KH202610-0001", "2026-10-08 10:00", "potential", "active"),
                    (2, "KH202610-0002", "2026-10-18 10:00", "potential", "at-risk"),
                    (6, "KH202609-0001", "2026-09-30 23:59", "active", "lost")]
ADJUSTMENTS = [  # number, staff, on_date, points, kind, reason
    ("KP202610-9001", Z, "2026-10-15", 2.0, "praise", "客户来电表扬"),
    ("KP202610-9002", W, "2026-10-09", -1.0, "late", "迟到"),
    ("KP202611-9001", W, "2026-11-01", -1.0, "absent", "缺勤"),
]


def opt_t(text):
    return None if text is None else t(text)


def build(db_path):
    con = connect(db_path)
    with con:
        con.executemany("INSERT INTO staff (id, number, name, created_at) VALUES (?, ?, ?, ?)",
                        [(i, n, name, t("2026-01-01 09:00")) for i, n, name, _ in STAFF])
        con.executemany("INSERT INTO staff_roles (staff_id, role, position) VALUES (?, ?, ?)",
                        [(i, role, k) for i, _, _, roles in STAFF for k, role in enumerate(roles.split(","), 1)])
        con.executemany(
            "INSERT INTO customers (id, number, name, company, channel, city, category, owner_id, registered_by, "
            "contacted_at, registered_at, merged_into) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(i, n, name, co, ch, city, cat, owner, by, t(at) - 120, t(at), merged)
             for i, n, name, co, ch, city, cat, owner, by, at, merged in CUSTOMERS])
        con.executemany(
            "INSERT INTO contacts (customer_id, kind, channel, agent_id, contacted_at, registered_at, within_limit) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(c, k, ch, a, t(ca), t(ra), w) for c, k, ch, a, ca, ra, w in CONTACTS])
        con.executemany(
            "INSERT INTO assignments (id, number, customer_id, staff_id, previous_staff_id, at, operator, rule, reason, "
            "urgent, deadline, contacted_at, superseded_at) VALUES (?, ?, ?, ?, ?, ?, 'system', ?, 'test', ?, ?, ?, ?)",
            [(i, n, c, s, p, t(at), rule, u, opt_t(d), opt_t(ca), opt_t(sup))
             for i, n, c, s, p, at, rule, u, d, ca, sup in ASSIGNMENTS])
        con.executemany(
            "INSERT INTO complaints (id, number, customer_id, content, category, priority, received_at, handler_id, "
            "about_staff_id, status, cause, first_response_at, resolved_at, closed_at, reopened_count, created_at) "
            "VALUES (?, ?, ?, '反馈内容', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(i, n, c, cat, p, t(r), h, a, st, cause, opt_t(fr), opt_t(res), opt_t(cl), ro, t(r))
             for i, n, c, cat, p, r, h, a, st, cause, fr, res, cl, ro in COMPLAINTS])
        con.executemany("INSERT INTO complaint_pauses (complaint_id, started_at, ended_at) VALUES (?, ?, ?)",
                        [(c, t(a), t(b)) for c, a, b in PAUSES])
        con.executemany("INSERT INTO complaint_log (complaint_id, at, actor, action, status_after) VALUES (?, ?, 'system', ?, ?)",
                        [(c, t(at), a, s) for c, at, a, s in COMPLAINT_LOG])
        con.executemany(
            "INSERT INTO revisits (id, number, customer_id, complaint_id, purpose, planned_at, due_at, agent_id, status, "
            "done_at, done_by, satisfaction) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(i, n, c, k, p, t(due) - 86400 * 7, t(due), a, st, opt_t(done), by, sat)
             for i, n, c, k, p, due, a, st, done, by, sat in REVISITS])
        con.executemany("INSERT INTO revisit_attempts (revisit_id, at, agent_id, reached) VALUES (?, ?, ?, ?)",
                        [(r, t(at), a, ok) for r, at, a, ok in ATTEMPTS])
        con.executemany("INSERT INTO revisit_problems (revisit_id, factor) VALUES (?, ?)", PROBLEMS)
        con.executemany(
            "INSERT INTO audit (at, actor, record_kind, record_id, record_number, action, before, after, prev_hash, hash) "
            "VALUES (?, 'system', 'customer', ?, ?, 'update', ?, ?, 'fixture', 'fixture')",
            [(t(at), i, n, '{"category":"%s"}' % a, '{"category":"%s"}' % b) for i, n, at, a, b in CATEGORY_CHANGES])
        con.executemany(
            "INSERT INTO score_adjustments (number, staff_id, on_date, points, kind, reason, operator, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, 'system', ?)",
            [(n, s, d, p, k, r, t("2026-10-31 18:00")) for n, s, d, p, k, r in ADJUSTMENTS])
    con.close()


def add_customer(db_path, number, registered_at, agent=1):
    """A later, backdated registration: changes the month's figures after a report was frozen."""
    con = connect(db_path)
    with con:
        con.execute("INSERT INTO customers (number, name, channel, city, registered_by, registered_at) "
                    "VALUES (?, '周女士', 'phone', '北京', ?, ?)", (number, agent, t(registered_at)))
    con.close()


def add_agents_with_registrations(db_path, counts, month_start="2026-10-01 09:00"):
    """One consult agent per count (工号 5001, 5002, …), each with that many new customers in the month."""
    con = connect(db_path)
    start = t(month_start)
    with con:
        for i, n in enumerate(counts):
            agent = con.execute("INSERT INTO staff (number, name, created_at) VALUES (?, ?, ?) RETURNING id",
                                (str(5001 + i), f"客服{i + 1:02d}", start)).fetchall()[0][0]
            con.execute("INSERT INTO staff_roles (staff_id, role, position) VALUES (?, 'consult', 1)", (agent,))
            con.executemany("INSERT INTO customers (number, name, registered_by, registered_at) VALUES (?, '客户', ?, ?)",
                            [(f"KH-{agent}-{k}", agent, start + k * 60) for k in range(n)])
    con.close()
