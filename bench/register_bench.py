#!/usr/bin/env python3
"""Benchmark of `csdesk register`: batch import against the sqlite3 shell, and one registration
on a large database against one sqlite3 INSERT.

    python3 bench/register_bench.py [N] [--bin build/csdesk] [--keep DIR] [--runs R]

Generates a realistic customer CSV of N rows (default 100000): Chinese names and companies,
mobile numbers written the ways people write them (spaces, dashes, +86, full-width digits),
about 1 % duplicates. Then, in the same run:
  1. csdesk init + csdesk register --from FILE (validation, normalisation, de-duplication,
     audit, one transaction);
  2. the sqlite3 shell: .import into a temporary table, then INSERT OR IGNORE into a table with
     a unique index on phone (no validation, no normalisation);
  3. a floor: the sqlite3 shell copying the rows csdesk stored (customers with their first
     contacts, then the other contacts; already checked and de-duplicated) into an empty csdesk
     database with one INSERT … SELECT a table;
  4. one `csdesk register` on the database just filled vs one `sqlite3 DB "INSERT …"` on the
     same file (median of 9 each, interleaved).
Steps 1-3 run R times (default 3), alternating, so that a busy moment of a shared machine does
not decide the ratio. Prints medians, every run, ratios and csdesk's peak memory (ru_maxrss of
that process alone).
"""
import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红燕鹏辉建国新宇浩然欣怡子涵梓轩思远晨阳雨萱"
FORMS = ["先生", "女士", "经理", "总", "老师", "工"]
CITIES = ["北京", "上海", "成都", "广州", "深圳", "杭州", "武汉", "南京", "西安", "重庆", "天津", "苏州"]
TRADES = ["华信", "天府", "浦东", "恒通", "金桥", "宏达", "远航", "博瑞", "新锐", "启明", "长城", "东方", "鼎盛", "瑞丰", "嘉禾", "众诚"]
KINDS = ["科技", "软件", "贸易", "物流", "电子", "商贸", "信息技术", "文化传媒", "机械", "医药"]
CHANNELS = ["电话", "在线", "QQ", "邮件", "现场", "活动", "phone", "online", "event"]
FULL = str.maketrans("0123456789", "０１２３４５６７８９")
# Mobile blocks in use (libphonenumber's CN metadata): every generated number is a real one, so
# csdesk stores every row and the comparison with sqlite3 is like for like.
MOBILE_BLOCKS = [f"1{b}" for b in
                 [*(f"3{d}" for d in range(10)), "45", "47", *(f"5{d}" for d in "012356789"), *(f"6{d}" for d in "2567"),
                  *(f"7{d}" for d in "01235678"), *(f"8{d}" for d in range(10)), *(f"9{d}" for d in "012356789")]]


def write_customers(path, n, seed=20261102):
    rng = random.Random(seed)
    used = set()
    phones = []
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("姓名,公司名称,手机号,城市,渠道,等级,备注\r\n")
        for i in range(n):
            if phones and rng.random() < 0.01:  # the same person again, written differently
                phone = rng.choice(phones)
            else:
                while True:
                    phone = rng.choice(MOBILE_BLOCKS) + "".join(rng.choice("0123456789") for _ in range(8))
                    if phone not in used:
                        break
                used.add(phone)
                phones.append(phone)
            style = rng.random()
            shown = phone
            if style < 0.15:
                shown = f"{phone[:3]} {phone[3:7]} {phone[7:]}"
            elif style < 0.25:
                shown = f"{phone[:3]}-{phone[3:7]}-{phone[7:]}"
            elif style < 0.30:
                shown = "+86 " + phone
            elif style < 0.33:
                shown = phone.translate(FULL)
            surname = rng.choice(SURNAMES)
            name = surname + (rng.choice(FORMS) if rng.random() < 0.2 else rng.choice(GIVEN) + rng.choice(GIVEN))
            city = rng.choice(CITIES)
            company = f"{city}{rng.choice(TRADES)}{rng.choice(TRADES)}{rng.choice(KINDS)}有限公司" if rng.random() < 0.8 else ""
            note = '"想了解报价,尽快回电"' if rng.random() < 0.05 else ""
            f.write(f"{name},{company},{shown},{city},{rng.choice(CHANNELS)},{rng.choice('ABC')},{note}\r\n")


def timed(cmd, **kw):
    """Wall seconds and peak RSS (MB) of one child process."""
    # stderr to a file, not a pipe: wait4 cannot drain a pipe, and a run with many rejected rows
    # would block on it full.
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=errors, **kw)
        _, status, usage = os.wait4(p.pid, 0)
        elapsed = time.perf_counter() - start
        p.returncode = os.waitstatus_to_exitcode(status)  # reaped here; Popen must not wait again
        errors.seek(0)
        err = errors.read().decode(errors="replace")
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"{' '.join(map(str, cmd))} exited {code}: {err}")
    return elapsed, usage.ru_maxrss / 1024.0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", nargs="?", type=int, default=100_000)
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--bin", default=os.path.join(here, "..", "build", "csdesk"))
    ap.add_argument("--keep", help="work in this directory and keep it")
    ap.add_argument("--runs", type=int, default=3, help="alternating import runs of csdesk and sqlite3 (default 3)")
    args = ap.parse_args()
    if not shutil.which("sqlite3"):
        sys.exit("the sqlite3 shell is needed (apt-get install sqlite3)")
    work = args.keep or tempfile.mkdtemp(prefix="csdesk-bench-")
    os.makedirs(work, exist_ok=True)
    try:
        csv_path = os.path.join(work, "customers.csv")
        t0 = time.perf_counter()
        write_customers(csv_path, args.n)
        print(f"generated {args.n} rows ({os.path.getsize(csv_path) / 1e6:.1f} MB) in {time.perf_counter() - t0:.1f} s")

        env = dict(os.environ, CSDESK_NOW="2026-11-02 10:00", TZ="UTC")
        db = os.path.join(work, "csdesk.db")
        csdesk = [args.bin, "--db", db, "-q"]
        plain = os.path.join(work, "plain.db")
        same = os.path.join(work, "same-rows.db")

        def import_with_csdesk():
            remove_database(db)
            subprocess.run(csdesk + ["init"], check=True, env=env, stdout=subprocess.DEVNULL)
            subprocess.run(csdesk + ["staff", "add", "1001", "张伟", "--roles", "consult"], check=True, env=env,
                           stdout=subprocess.DEVNULL)
            return timed(csdesk + ["--as", "1001", "register", "--from", csv_path], env=env)

        def import_with_sqlite3():
            remove_database(plain)
            return timed_script(plain, (
                "PRAGMA journal_mode = WAL;\n"
                "CREATE TABLE customers (name TEXT, company TEXT, phone TEXT, city TEXT, channel TEXT, grade TEXT, note TEXT);\n"
                "CREATE UNIQUE INDEX customers_phone ON customers (phone);\n"
                "CREATE TEMP TABLE incoming (name TEXT, company TEXT, phone TEXT, city TEXT, channel TEXT, grade TEXT, note TEXT);\n"
                f".import --csv --skip 1 --schema temp '{csv_path}' incoming\n"
                "INSERT OR IGNORE INTO customers SELECT * FROM temp.incoming;\n"))

        # What csdesk stores is more than that pipeline stores: a customer row (with record number,
        # registration times, agent, name hash, first contact) and the indexes every other command
        # needs. Floor: the sqlite3 shell copying csdesk's own rows, already validated and
        # de-duplicated, into an empty csdesk database with one INSERT … SELECT a table (lookup
        # indexes built after, as csdesk does), then closing (checkpoint), like above.
        def copy_finished_rows():
            remove_database(same)
            subprocess.run([args.bin, "--db", same, "-q", "init"], check=True, env=env, stdout=subprocess.DEVNULL)
            return timed_script(same, (
                "PRAGMA foreign_keys = ON;\n"
                f"ATTACH '{db}' AS done;\n"
                "INSERT INTO staff SELECT * FROM done.staff WHERE id NOT IN (SELECT id FROM staff);\n"  # init made the admin
                "BEGIN;\n"
                "DROP INDEX customers_phone; DROP INDEX customers_name_hash;\n"
                "INSERT INTO customers SELECT * FROM done.customers;\n"
                "INSERT INTO contacts SELECT * FROM done.contacts;\n"
                "CREATE INDEX customers_phone ON customers (phone) WHERE phone IS NOT NULL;\n"
                "CREATE INDEX customers_name_hash ON customers (name_hash) WHERE name_hash IS NOT NULL;\n"
                "COMMIT;\n"))

        # Alternating runs on a shared machine: the medians, and the ratio of each pair.
        csdesk_times, sqlite_times, floor_times, ratios, peak = [], [], [], [], 0.0
        for _ in range(args.runs):
            t_csdesk, rss = import_with_csdesk()
            t_sqlite = import_with_sqlite3()
            floor_times.append(copy_finished_rows())
            csdesk_times.append(t_csdesk)
            sqlite_times.append(t_sqlite)
            ratios.append(t_csdesk / t_sqlite)
            peak = max(peak, rss)
        t_csdesk, t_sqlite, t_floor = (statistics.median(t) for t in (csdesk_times, sqlite_times, floor_times))
        runs = f"median of {args.runs}" if args.runs > 1 else "1 run"
        shown = lambda ts: " ".join(f"{t:.2f}" for t in ts)
        print(f"import   csdesk register --from ({runs}) : {t_csdesk:8.2f} s   [{shown(csdesk_times)}]   peak memory {peak:6.1f} MB")
        print(f"import   sqlite3 .import + INSERT OR IGNORE ({runs}) : {t_sqlite:8.2f} s   [{shown(sqlite_times)}]")
        print(f"import   ratio csdesk / sqlite3 (median of the runs' ratios) : {statistics.median(ratios):8.2f}"
              f"   [{shown(ratios)}]   (bar: ≤ 1.00, memory < 200 MB)")
        print(f"floor    sqlite3 copying csdesk's finished rows (customers + contacts + indexes) : {t_floor:8.2f} s"
              f"   (csdesk / floor {t_csdesk / t_floor:.2f}; floor / pipeline {t_floor / t_sqlite:.2f})")
        count = subprocess.run(["sqlite3", db, "SELECT count(*) FROM customers"], capture_output=True, text=True).stdout.strip()
        print(f"         customers in csdesk database: {count}")

        one_csdesk, one_sqlite = [], []
        for i in range(9):
            phone = f"1990000{i:04d}"
            one_csdesk.append(timed(csdesk + ["--as", "1001", "register", "--name", "王女士", "--company", "北京华信科技有限公司",
                                              "--phone", phone, "--channel", "电话"], env=env)[0])
            one_sqlite.append(timed(["sqlite3", db, "INSERT INTO customers (number, name, phone, registered_at) "
                                     f"VALUES ('BENCH-{i}', '王女士', '1980000{i:04d}', 0)"])[0])
        c, s = statistics.median(one_csdesk), statistics.median(one_sqlite)
        print(f"single   csdesk register (median of 9) : {c * 1000:8.1f} ms")
        print(f"single   sqlite3 DB \"INSERT …\" (median of 9) : {s * 1000:8.1f} ms")
        print(f"single   ratio csdesk / sqlite3 : {c / s:8.2f}   (bar: ≤ 1.50)")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def remove_database(path):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def timed_script(db, script):
    """Wall seconds of the sqlite3 shell running a script."""
    start = time.perf_counter()
    p = subprocess.Popen(["sqlite3", db], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, err = p.communicate(script.encode("utf-8"))
    elapsed = time.perf_counter() - start
    if p.returncode != 0 or err:
        sys.exit(f"sqlite3 failed: {err.decode(errors='replace')}")
    return elapsed


if __name__ == "__main__":
    main()
