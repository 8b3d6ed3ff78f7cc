#!/usr/bin/env python3
"""Benchmark of `csdesk register --from FILE.xlsx` against the same rows as CSV.

    /usr/bin/python3 bench/xlsx_import_bench.py [N] [--bin build/csdesk] [--keep DIR] [--runs R]

Generates register_bench.py's customer CSV of N rows (default 100000), then the same rows as a
workbook written by openpyxl (Debian python3-openpyxl: use /usr/bin/python3), as Excel lays one
out: text in the shared strings table, phones made of digits only as number cells (as people type
them), the others as text. Then imports each into an empty database R times (default 3),
alternating CSV and workbook, and prints the medians, every run, the ratio workbook / CSV
(the bar: at most 2) and each import's peak memory (ru_maxrss of that process alone).
"""
import argparse
import csv
import os
import shutil
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from register_bench import remove_database, timed, write_customers  # noqa: E402

try:
    import openpyxl
except ImportError:
    sys.exit("needs openpyxl (Debian python3-openpyxl): run it with /usr/bin/python3")


def write_workbook(csv_path, xlsx_path):
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("客户名单")
    with open(csv_path, encoding="utf-8", newline="") as f:
        for i, row in enumerate(csv.reader(f)):
            if i > 0 and row[2].isascii() and row[2].isdigit():
                row[2] = int(row[2])  # a phone typed as a number
            ws.append([v if v != "" else None for v in row])
    wb.save(xlsx_path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=100000)
    ap.add_argument("--bin", default=os.path.join(os.path.dirname(__file__), "..", "build", "csdesk"))
    ap.add_argument("--keep", help="work in this directory and keep it (the generated files are reused)")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    work = args.keep or tempfile.mkdtemp(prefix="csdesk-xlsx-bench-")
    os.makedirs(work, exist_ok=True)
    try:
        csv_path = os.path.join(work, f"customers-{args.n}.csv")
        xlsx_path = os.path.join(work, f"customers-{args.n}.xlsx")
        if not os.path.exists(xlsx_path):
            t0 = time.perf_counter()
            write_customers(csv_path, args.n)
            write_workbook(csv_path, xlsx_path)
            print(f"generated {args.n} rows: CSV {os.path.getsize(csv_path) / 1e6:.1f} MB, workbook "
                  f"{os.path.getsize(xlsx_path) / 1e6:.1f} MB, in {time.perf_counter() - t0:.1f} s")
        db = os.path.join(work, "bench.db")
        env = dict(os.environ, TZ="Asia/Shanghai", LANG="C.UTF-8")
        csdesk = [os.path.abspath(args.bin), "--db", db, "--now", "2026-11-02 10:00"]

        def import_file(path):
            remove_database(db)
            timed(csdesk + ["init"], env=env)
            timed(csdesk + ["staff", "add", "1001", "张伟", "--roles", "consult"], env=env)
            return timed(csdesk + ["--as", "1001", "register", "--from", path], env=env)

        times = {"csv": [], "xlsx": []}
        peaks = {"csv": 0.0, "xlsx": 0.0}
        ratios = []
        for _ in range(args.runs):
            for kind, path in (("csv", csv_path), ("xlsx", xlsx_path)):
                t, peak = import_file(path)
                times[kind].append(t)
                peaks[kind] = max(peaks[kind], peak)
            ratios.append(times["xlsx"][-1] / times["csv"][-1])
        shown = lambda ts: ", ".join(f"{t:.2f}" for t in ts)  # noqa: E731
        for kind in ("csv", "xlsx"):
            print(f"import {kind:4} ({args.runs}): {statistics.median(times[kind]):7.2f} s   [{shown(times[kind])}]   "
                  f"peak memory {peaks[kind]:6.1f} MB")
        print(f"workbook / CSV: {statistics.median(ratios):.2f}   [{shown(ratios)}]   (bar: <= 2)")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
