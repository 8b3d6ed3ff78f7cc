#!/usr/bin/env python3
"""Benchmark of csdesk's JSON writing: one binary against another (the one before a change).

    python3 bench/json_bench.py [N] --bin build/csdesk --before /work/main/build/csdesk [--runs R]

Generates register_bench's customer CSV of N rows (default 1000000), then, R times (default 3),
alternating the two binaries:
  1. csdesk init + register --from FILE into a fresh database (each new customer's audit image
     is a JSON object);
  2. customer list --json --limit 0 of each binary on the database it imported (a binary refuses
     a newer schema, and both imported the same file at the same clock): every customer as a JSON
     row.
Prints every run and the medians of wall time and of CPU time (user + system: on a shared, busy
machine the steadier figure), and checks that both binaries list the same bytes.
"""
import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from register_bench import write_customers  # noqa: E402

ENV = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "TZ": "UTC", "NO_COLOR": "1"}
NOW = "2026-11-02 10:00"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", nargs="?", type=int, default=1_000_000)
    ap.add_argument("--bin", default=os.path.join(here, "..", "build", "csdesk"))
    ap.add_argument("--before", required=True, help="the binary to compare with")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="csdesk-json-bench-")
    try:
        csv_path = os.path.join(work, "customers.csv")
        write_customers(csv_path, args.n)
        bins = {"after": os.path.abspath(args.bin), "before": os.path.abspath(args.before)}
        imports = {k: [] for k in bins}
        lists = {k: [] for k in bins}
        digests = {}
        for run in range(args.runs):
            for name, binary in (bins.items() if run % 2 == 0 else reversed(list(bins.items()))):
                db = os.path.join(work, f"{name}.db")
                for suffix in ("", "-wal", "-shm"):
                    if os.path.exists(db + suffix):
                        os.remove(db + suffix)
                subprocess.run([binary, "--db", db, "--now", NOW, "init"], env=ENV, check=True, capture_output=True)
                subprocess.run([binary, "--db", db, "--now", NOW, "staff", "add", "1001", "张伟", "--roles", "consult"],
                               env=ENV, check=True, capture_output=True)
                seconds = timed([binary, "--db", db, "--now", NOW, "--as", "1001", "register", "--from", csv_path],
                                subprocess.DEVNULL)
                imports[name].append(seconds)
                print(f"run {run + 1} {name}: import {seconds[0]:.2f} s, CPU {seconds[1]:.2f} s", flush=True)
            for name, binary in (bins.items() if run % 2 == 0 else reversed(list(bins.items()))):
                out = os.path.join(work, f"{name}.json")
                with open(out, "wb") as f:
                    seconds = timed([binary, "--db", os.path.join(work, f"{name}.db"), "--now", NOW, "customer", "list",
                                     "--json", "--limit", "0"], f)
                lists[name].append(seconds)
                with open(out, "rb") as f:
                    digests[name] = hashlib.sha256(f.read()).hexdigest()
                print(f"run {run + 1} {name}: customer list --json {seconds[0]:.2f} s, CPU {seconds[1]:.2f} s "
                      f"({os.path.getsize(out)} bytes)", flush=True)
        for what, times in (("import", imports), ("customer list --json", lists)):
            for i, kind in ((0, "wall"), (1, "CPU")):
                a = statistics.median(t[i] for t in times["after"])
                b = statistics.median(t[i] for t in times["before"])
                print(f"{what} ({kind}): after {a:.2f} s (median of {args.runs}), before {b:.2f} s, "
                      f"after/before {a / b:.3f}")
        print("customer list --json output:", "identical" if digests["after"] == digests["before"] else "DIFFERS")
        return 0 if digests["after"] == digests["before"] else 1
    finally:
        shutil.rmtree(work, True)


def timed(cmd, stdout):
    """Wall seconds and CPU seconds (user + system) of one child process."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, env=ENV, stdout=stdout, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    p.returncode = os.waitstatus_to_exitcode(status)  # reaped here; Popen must not wait again
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)} exited {p.returncode}")
    return wall, usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    sys.exit(main())
