#!/usr/bin/env python3
"""Benchmark of `customer list --format xlsx`: writing a workbook of N customers (libxlsxwriter's
constant-memory mode) against writing the same listing as CSV.

    python3 bench/export_bench.py [N] [--bin build/csdesk] [--keep DIR] [--runs R]

Imports N generated customers (default 1000000; register_bench.py's generator: Chinese names and
companies, real mobile numbers) with `csdesk register --from`, then R times (default 3),
alternating: `customer list --limit 0 --csv > FILE.csv` and `customer list --limit 0 --format xlsx
--output FILE.xlsx`. Prints each run's wall time and peak memory (ru_maxrss of that process
alone) and CPU time, the medians, the ratios and both file sizes. The workbook's wall time
includes the fsync of every file csdesk writes (output_file.cpp); the CSV goes to stdout.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from register_bench import timed, write_customers  # noqa: E402


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", nargs="?", type=int, default=1_000_000)
    ap.add_argument("--bin", default=os.path.join(here, "..", "build", "csdesk"))
    ap.add_argument("--keep", help="work in this directory and keep it")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    work = args.keep or tempfile.mkdtemp(prefix="csdesk-export-bench-")
    os.makedirs(work, exist_ok=True)
    binary = os.path.abspath(args.bin)
    db = os.path.join(work, "csdesk.db")
    env = dict(os.environ, CSDESK_NOW="2026-11-02 10:00", LANG="C.UTF-8")
    base = [binary, "--db", db, "-q"]
    try:
        if not os.path.exists(db):
            source = os.path.join(work, "customers.csv")
            write_customers(source, args.n)
            for cmd in (["init"], ["staff", "add", "1001", "张伟", "--roles", "consult"]):
                timed(base + cmd, env=env)
            seconds, _ = timed(base + ["--as", "1001", "register", "--from", source], env=env)
            print(f"imported {args.n:,} rows in {seconds:.1f} s")
        listing = ["--lang", "zh", "customer", "list", "--limit", "0"]
        csv_path, xlsx_path = os.path.join(work, "customers.csv.out"), os.path.join(work, "customers.xlsx")
        runs = {"csv": [], "xlsx": []}
        for r in range(args.runs):
            with open(csv_path, "wb") as out:
                runs["csv"].append(run(base + listing + ["--csv", "--bom"], env, out))
            runs["xlsx"].append(run(base + listing + ["--format", "xlsx", "--output", xlsx_path, "--force"], env,
                                    subprocess.DEVNULL))
            print(f"run {r + 1}: " + ", ".join(f"{k} {v[-1][0]:.2f} s wall {v[-1][1]:.2f} s CPU {v[-1][2]:.0f} MB"
                                              for k, v in runs.items()))
        med = {k: [statistics.median(x[i] for x in v) for i in range(3)] for k, v in runs.items()}
        for k, path in (("csv", csv_path), ("xlsx", xlsx_path)):
            print(f"median {k}: {med[k][0]:.2f} s wall, {med[k][1]:.2f} s CPU, {med[k][2]:.0f} MB peak, "
                  f"{os.path.getsize(path) / 1e6:.0f} MB file")
        print(f"xlsx / csv: wall {med['xlsx'][0] / med['csv'][0]:.2f}, CPU {med['xlsx'][1] / med['csv'][1]:.2f}, "
              f"peak memory {med['xlsx'][2] / med['csv'][2]:.2f}")
    finally:
        if not args.keep:
            shutil.rmtree(work, True)


def run(cmd, env, out):
    """Wall seconds, CPU seconds and peak RSS (MB) of one child process writing stdout to `out`."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(p.pid, 0)
    elapsed = time.perf_counter() - start
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)} exited {p.returncode}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0


if __name__ == "__main__":
    main()
