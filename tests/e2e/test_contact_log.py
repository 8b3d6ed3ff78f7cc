"""The contact log (schema 5): a new customer's first contact is kept on the customer row, later
contacts in `contacts`; databases from before keep first contacts as 'new' rows in `contacts`.
Everything that reads contacts must see the same log either way."""
import shutil
import sqlite3
import unittest

from harness import Desk, main, connect


def registered(test):
    d = Desk(test)
    d.ok("staff", "add", "1001", "张伟", "--roles", "consult")
    d.ok("staff", "add", "1002", "王芳", "--roles", "consult")
    d.ok("staff", "add", "2001", "李娜", "--roles", "sales")
    d.ok("staff", "add", "3001", "周主管", "--roles", "supervisor")
    d.ok("--as", "1001", "register", "--name", "王女士", "--company", "北京华信科技有限公司", "--phone", "13912345678",
         "--channel", "电话", "--urgent", "--note", "想了解进销存", "--contacted-at", "2026-11-02 08:58", now="2026-11-02 09:00")
    d.ok("--as", "1002", "register", "--name", "陈先生", "--company", "成都天府软件有限公司", "--phone", "028-85551234",
         "--channel", "活动", "--contacted-at", "2026-11-02 08:00", now="2026-11-02 09:30")  # registered late
    d.ok("--as", "1002", "register", "--name", "王女士", "--phone", "139 1234 5678", "--channel", "QQ",
         "--contacted-at", "2026-11-04 09:57", now="2026-11-04 10:00")  # returning
    d.ok("--as", "1001", "register", "--name", "刘女士", "--email", "liu@pudong.example.com", "--channel", "邮件",
         "--contacted-at", "2026-11-05 10:58", now="2026-11-05 11:00")
    d.ok("--as", "1001", "customer", "edit", "KH202611-0001", "--channel", "在线", "--note", "改过的备注", now="2026-11-06 09:00")
    return d


def as_before_schema_5(d):
    """The same database as csdesk wrote it before schema 5: first contacts as 'new' rows."""
    con = connect(d.db)
    con.execute("INSERT INTO contacts (customer_id, kind, channel, agent_id, contacted_at, registered_at, within_limit, "
                "urgent, note) SELECT id, 'new', first_channel, registered_by, contacted_at, registered_at, "
                "first_within_limit, first_urgent, first_note FROM customers WHERE first_within_limit IS NOT NULL")
    con.execute("UPDATE customers SET first_channel = NULL, first_note = NULL, first_urgent = NULL, first_within_limit = NULL")
    con.commit()
    con.close()


def views(d):
    shown = [d.ok("customer", "show", n, "--json", now="2026-11-10 09:00") for n in ("KH202611-0001", "KH202611-0002", "KH202611-0003")]
    return shown + [d.ok("report", "intake", "--month", "2026-11", "--json", now="2026-12-01 09:00")]


class ContactLog(unittest.TestCase):
    def test_first_contacts_are_kept_on_the_customer_row(self):
        d = registered(self)
        self.assertEqual(d.sql("SELECT kind FROM contacts"), [("returning",)])
        self.assertEqual(d.sql("SELECT number, first_channel, first_note, first_urgent, first_within_limit FROM customers ORDER BY id"),
                         [("KH202611-0001", "phone", "想了解进销存", 1, 1), ("KH202611-0002", "event", None, 0, 0),
                          ("KH202611-0003", "email", None, 0, 1)])
        # the edit changed the customer, not what was logged of the first contact
        self.assertEqual(d.sql("SELECT channel, note FROM customers WHERE id = 1"), [("online", "改过的备注")])
        self.assertEqual(d.sql("SELECT customer_id, kind, channel, agent_id, within_limit, urgent, note FROM contact_log "
                               "ORDER BY registered_at"),
                         [(1, "new", "phone", 1, 1, 1, "想了解进销存"), (2, "new", "event", 2, 0, 0, None),
                          (1, "returning", "qq", 2, 1, 0, None), (3, "new", "email", 1, 1, 0, None)])
        intake = d.json("report", "intake", "--month", "2026-11", now="2026-12-01 09:00")["intake"]
        # register told 2001 of each contact as it was registered: late only for the one registered late
        self.assertEqual(intake, {"new_customers": 3, "returning_contacts": 1, "contacts": 4, "within_limit": 0.75,
                                  "owner_notified_within_limit": 0.75, "contact_time_unknown": 0})

    def test_databases_from_before_schema_5_read_the_same(self):
        d = registered(self)
        now_kept = views(d)
        as_before_schema_5(d)
        self.assertEqual(d.sql("SELECT count(*) FROM contacts WHERE kind = 'new'"), [(3,)])
        self.assertEqual(views(d), now_kept)

    def test_merge_moves_the_other_customers_first_contact(self):
        d = registered(self)
        d.ok("--as", "3001", "customer", "merge", "KH202611-0001", "KH202611-0003", now="2026-11-07 09:00")
        self.assertEqual(d.sql("SELECT customer_id, kind, channel FROM contacts ORDER BY id"),
                         [(1, "returning", "qq"), (1, "new", "email")])
        self.assertEqual(d.sql("SELECT first_within_limit FROM customers WHERE id = 3"), [(None,)])
        self.assertEqual(d.sql("SELECT count(*) FROM contact_log WHERE customer_id = 1"), [(3,)])
        timeline = d.json("customer", "show", "KH202611-0001", now="2026-11-10 09:00")
        self.assertEqual(d.json("customer", "show", "KH202611-0003", now="2026-11-10 09:00"), timeline)


if __name__ == "__main__":
    main()
