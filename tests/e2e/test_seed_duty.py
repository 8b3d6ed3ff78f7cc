"""The duty rota (seed 001: weekday duty of at least an hour after office hours, in turn; Saturday duty by
plan) and handovers the receiver confirms (seed 003: 接班人未到,交班人不得擅自离开) — issue 17."""
import unittest

from harness import Desk, main


def desk(test):
    d = Desk(test, now="2026-09-20 10:00")
    for number, name, roles in [("1001", "张伟", "consult"), ("1002", "王芳", "consult"), ("1003", "刘洋", "consult"),
                                ("6001", "孙丽", "team-lead"), ("9001", "赵敏", "supervisor")]:
        d.ok("staff", "add", number, name, "--roles", roles)
    return d


class Rota(unittest.TestCase):
    def test_weekday_duty_in_turn_around_the_national_day_holidays(self):
        d = desk(self)
        d.ok("config", "set", "sla.holidays", "2026-10-01 国庆节,2026-10-02,2026-10-05,2026-10-06,2026-10-07")
        d.ok("config", "set", "sla.extra_workdays", "2026-10-10 国庆调休")
        rota = d.json("--as", "6001", "duty", "plan", "--month", "2026-10", "--saturday", "9001")
        after = [r for r in rota if r["kind"] == "after-hours"]
        # October 2026: 22 weekdays, 5 of them holidays; Saturday 10 October is a make-up working day.
        self.assertEqual(len(after), 22 - 5 + 1)
        self.assertNotIn("2026-10-01", [r["date"] for r in rota])
        self.assertIn(("2026-10-10", "after-hours"), [(r["date"], r["kind"]) for r in rota])
        self.assertEqual([r["staff"] for r in after[:4]], ["1001 张伟", "1002 王芳", "1003 刘洋", "1001 张伟"])
        first = after[0]
        self.assertEqual((first["starts_at"], first["ends_at"]), ("2026-10-08T18:00:00+08:00", "2026-10-08T19:00:00+08:00"))
        saturdays = [r["date"] for r in rota if r["kind"] == "saturday"]
        self.assertEqual(saturdays, ["2026-10-03", "2026-10-17", "2026-10-24", "2026-10-31"])
        # November goes on from whoever had October's last duty.
        last = after[-1]["staff"]
        nov = d.json("--as", "6001", "duty", "plan", "--month", "2026-11")
        order = ["1001 张伟", "1002 王芳", "1003 刘洋"]
        self.assertEqual(nov[0]["staff"], order[(order.index(last) + 1) % 3])
        self.assertEqual({r["kind"] for r in nov}, {"after-hours"})  # no Saturday staff named

    def test_the_setting_sets_the_length_and_a_plan_is_not_overwritten_by_accident(self):
        d = desk(self)
        d.ok("config", "set", "hours.after_hours_duty_minutes", "90")
        d.ok("config", "set", "sla.work_hours", "08:30-17:30")
        rota = d.json("--as", "9001", "duty", "plan", "--month", "2026-11")
        self.assertEqual((rota[0]["starts_at"], rota[0]["ends_at"]), ("2026-11-02T17:30:00+08:00", "2026-11-02T19:00:00+08:00"))
        before = d.ok("duty", "list", "--month", "2026-11", "--json")
        d.fails(5, "--as", "9001", "duty", "plan", "--month", "2026-11", says="--replace")
        self.assertEqual(d.ok("duty", "list", "--month", "2026-11", "--json"), before)
        d.fails(6, "--as", "1001", "duty", "plan", "--month", "2026-12", says="duty_plan")
        d.fails(3, "--as", "9001", "duty", "plan", "--month", "2026-13", says="--month")
        d.ok("--as", "9001", "duty", "plan", "--month", "2026-11", "--replace")
        self.assertIn("下班后值班", d.ok("duty", "list", "--month", "2026-11", "--lang", "zh"))

    def test_a_swap_keeps_who_was_planned(self):
        d = desk(self)
        d.ok("--as", "9001", "duty", "plan", "--month", "2026-11")
        d.fails(5, "--as", "9001", "duty", "swap", "2026-11-02", "--from", "1002", "--to", "1003", says="1001 张伟")
        d.fails(4, "--as", "9001", "duty", "swap", "2026-11-01", "--from", "1001", "--to", "1003")  # a Sunday
        d.fails(6, "--as", "1001", "duty", "swap", "2026-11-02", "--from", "1001", "--to", "1003")
        out = d.json("--as", "9001", "duty", "swap", "2026-11-02", "--from", "1001", "--to", "1003")
        self.assertEqual((out["staff"], out["swapped_from"]), ("1003 刘洋", "1001 张伟"))
        mine = d.json("duty", "list", "--month", "2026-11", "--staff", "1003")
        self.assertIn("2026-11-02", [r["date"] for r in mine])
        d.ok("check")


class Handover(unittest.TestCase):
    def test_the_receiver_confirms(self):
        d = desk(self)
        h = d.json("--as", "1001", "handover", "add", "--work-done", "登记 42 个来电", "--to", "1002", now="2026-11-02 16:30")
        self.assertEqual((h["receiver"], h["confirmed_at"]), ("1002 王芳", None))
        waiting = d.json("handover", "list", "--unconfirmed")
        self.assertEqual([x["id"] for x in waiting], [h["id"]])
        d.fails(6, "--as", "1003", "handover", "confirm", str(h["id"]), says="1002 王芳")
        done = d.json("--as", "1002", "handover", "confirm", str(h["id"]), now="2026-11-02 16:35")
        self.assertEqual(done["confirmed_at"], "2026-11-02T16:35:00+08:00")
        d.fails(5, "--as", "1002", "handover", "confirm", str(h["id"]), says="already")
        self.assertEqual(d.json("handover", "list", "--unconfirmed"), [])
        alone = d.json("--as", "1001", "handover", "add", "--work-done", "x")
        d.fails(5, "--as", "1002", "handover", "confirm", str(alone["id"]), says="no receiver")
        d.fails(3, "--as", "1001", "handover", "add", "--work-done", "x", "--to", "1001", says="--to")
        d.fails(4, "--as", "1001", "handover", "add", "--work-done", "x", "--to", "8888", says="--to")
        self.assertIn("接班人", d.ok("handover", "list", "--lang", "zh"))
        d.ok("check")


if __name__ == "__main__":
    main()
