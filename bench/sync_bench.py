#!/usr/bin/env python3
"""What storage.synchronous costs: N one-off `csdesk register` commands, each its own process
and commit, with synchronous = full and = normal, alternating blocks of 20 so that a busy moment
of a shared machine hits both alike.

    python3 bench/sync_bench.py [N] [--bin build/csdesk] [--dir DIR]

Run it on the disk the database will live on (tmpfs ignores fsync and would show no cost).
Prints the median and total time per command for each setting.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", nargs="?", type=int, default=200)
    ap.add_argument("--bin", default=os.path.join(here, "..", "build", "csdesk"))
    ap.add_argument("--dir", help="work in this directory (default: a new one under the system temp dir)")
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="csdesk-sync-", dir=args.dir)
    try:
        times = {"full": [], "normal": []}
        env = dict(os.environ, CSDESK_NOW="2026-11-02 10:00", TZ="UTC")
        dbs = {}
        for mode in times:
            dbs[mode] = os.path.join(work, f"{mode}.db")
            subprocess.run([args.bin, "--db", dbs[mode], "-q", "init"], check=True, env=env, stdout=subprocess.DEVNULL)
            subprocess.run([args.bin, "--db", dbs[mode], "staff", "add", "1001", "张伟", "--roles", "consult"],
                           check=True, env=env, stdout=subprocess.DEVNULL)
        block = 20
        for start in range(0, args.n, block):
            for mode in times:
                e = dict(env, CSDESK_STORAGE_SYNCHRONOUS=mode)
                for i in range(start, min(start + block, args.n)):
                    cmd = [args.bin, "--db", dbs[mode], "-q", "--as", "1001", "register", "--name", f"王女士{i}",
                           "--company", f"华信科技{i}", "--phone", f"139{i:08d}", "--channel", "电话"]
                    t0 = time.perf_counter()
                    subprocess.run(cmd, check=True, env=e, stdout=subprocess.DEVNULL)
                    times[mode].append(time.perf_counter() - t0)
        for mode, ts in times.items():
            print(f"one-off register, synchronous = {mode:6}: median {statistics.median(ts) * 1000:6.2f} ms, "
                  f"total {sum(ts):6.2f} s for {len(ts)}")
        print(f"full / normal (medians): {statistics.median(times['full']) / statistics.median(times['normal']):.2f}")
    finally:
        shutil.rmtree(work, True)


if __name__ == "__main__":
    main()
