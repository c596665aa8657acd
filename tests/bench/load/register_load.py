#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Authenticated-registration load benchmark (issue 4): SIPp registers N distinct users over UDP,
each call REGISTER -> 401 -> REGISTER with digest credentials -> 200 (RFC 3665 §2.1), at increasing
rates, against `parley serve` with its default SQLite location store (every 200 OK is sent after
the binding is committed). For every step it reports the achieved rate, failed calls, and the
server's CPU time per completed registration:

    (utime + stime of parley from /proc/<pid>/stat, after - before) / successful registrations

plus the server's RSS and, at the end, the bindings stored and the database bytes per binding.

    tests/bench/load/register_load.py --parley build/release/src/app/parley          # full run
    tests/bench/load/register_load.py --parley ... --users 10000 --rates 8000 --seconds 5
    tests/bench/load/register_load.py --parley ... --smoke   # CTest: seconds, asserts a figure

Debian's SIPp 3.6 computes MD5 digests only, so the server offers MD5 here ([auth] algorithms);
SHA-256 costs the server about the same (one more hash of similar length). Users are created with
`parley user import` before the server starts. Everything is sent to 127.0.0.1.
"""
import argparse
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "interop"))
from parley_process import DOMAIN, ParleyProcess, parley_binary  # noqa: E402
from load_common import describe_machine, elapsed_seconds, final_stats, rss_kib, udp_counters  # noqa: E402

SCENARIO = os.path.join(os.path.dirname(os.path.abspath(__file__)), "register_load.xml")
CONFIG = '[auth]\nalgorithms = ["MD5"]\n'


def make_users(work, data_dir, count):
    """Writes the SIPp injection file and imports the same users into the server's database."""
    injection = os.path.join(work, "users.csv")
    importing = os.path.join(work, "import.txt")
    with open(injection, "w") as sipp_file, open(importing, "w") as import_file:
        sipp_file.write("SEQUENTIAL\n")
        for i in range(count):
            user, password = f"user{i:07d}", f"pw{i * 7919 % 100003:05d}"
            sipp_file.write(f"{user};{DOMAIN};[authentication username={user} password={password}]\n")
            import_file.write(f"{user}:{password}\n")
    began = time.monotonic()
    done = subprocess.run([parley_binary(), "user", "import", importing, "--realm", DOMAIN, "--data-dir", data_dir],
                          cwd=work, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        sys.exit(f"register_load: parley user import failed ({done.returncode}): {done.stderr}")
    return injection, time.monotonic() - began


def run_step(parley, injection, rate, seconds, work):
    calls = max(1, int(rate * seconds))
    stats = os.path.join(work, f"stats-{rate}.csv")
    cmd = ["sipp", f"127.0.0.1:{parley.udp_port}", "-sf", SCENARIO, "-inf", injection, "-i", "127.0.0.1",
           "-t", "un", "-max_socket", "64", "-nr", "-r", str(rate), "-m", str(calls),
           "-timeout", f"{seconds * 2 + 20:.0f}s", "-buff_size", str(4 << 20), "-nostdin",
           "-trace_stat", "-stf", stats, "-fd", "1"]
    cpu_before = parley.cpu_seconds()
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    udp_before = udp_counters()
    began = time.monotonic()
    done = subprocess.run(cmd, cwd=work, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, timeout=seconds * 3 + 60)
    wall = time.monotonic() - began
    cpu_after = parley.cpu_seconds()
    children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if not parley.alive():
        raise RuntimeError("parley died during the load:\n" + parley.log())
    row = final_stats(stats)
    ok = int(row["SuccessfulCall(C)"])
    failed = int(row["FailedCall(C)"])
    elapsed = elapsed_seconds(row) or wall
    server_cpu = cpu_after - cpu_before
    sipp_cpu = (children_after.ru_utime + children_after.ru_stime
                - children_before.ru_utime - children_before.ru_stime)
    return {
        "offered": rate, "calls": calls, "ok": ok, "failed": failed, "achieved": ok / elapsed,
        "server_cpu": server_cpu, "us_per_registration": server_cpu / ok * 1e6 if ok else float("nan"),
        "server_cpu_pct": 100 * server_cpu / wall, "sipp_cpu_pct": 100 * sipp_cpu / wall,
        "rss_mib": rss_kib(parley.pid) / 1024, "sipp_exit": done.returncode, "sipp_stderr": done.stderr.strip()[-300:],
        "udp_drops": udp_counters()["RcvbufErrors"] - udp_before["RcvbufErrors"],
    }


def print_row(r):
    print(f"{r['offered']:>9} {r['calls']:>7} {r['ok']:>7} {r['failed']:>6} {r['achieved']:>10.0f} "
          f"{r['server_cpu']:>12.2f} {r['us_per_registration']:>9.1f} {r['server_cpu_pct']:>11.0f} "
          f"{r['sipp_cpu_pct']:>9.0f} {r['rss_mib']:>8.1f} {r['udp_drops']:>9}", flush=True)
    if r["sipp_exit"] != 0 and r["failed"] == 0:
        print(f"        sipp exit {r['sipp_exit']}: {r['sipp_stderr']}", flush=True)


def stored_bindings(db):
    with sqlite3.connect(db) as c:
        return c.execute("SELECT count(*) FROM bindings WHERE expires > ?", (int(time.time()),)).fetchone()[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--parley", default=os.environ.get("PARLEY_BIN"), help="the parley binary (or $PARLEY_BIN)")
    parser.add_argument("--users", type=int, default=10000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rates", type=int, nargs="+", default=[1000, 2000, 4000, 8000])
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each step")
    parser.add_argument("--smoke", action="store_true", help="CTest: 200 users at 200/s for 1 s; fails without a figure")
    args = parser.parse_args()
    if not args.parley:
        parser.error("--parley or $PARLEY_BIN must name the parley binary")
    if shutil.which("sipp") is None:
        sys.exit("register_load: sipp is not installed (scripts/deps.sh test installs sip-tester)")
    os.environ["PARLEY_BIN"] = os.path.abspath(args.parley)
    if args.smoke:
        args.users, args.rates, args.seconds, args.workers = 200, [200], 1.0, 1

    describe_machine()
    with tempfile.TemporaryDirectory(prefix="parley-register-load-") as work:
        data_dir = os.path.join(work, "data")
        injection, import_seconds = make_users(work, data_dir, args.users)
        print(f"# parley: {os.environ['PARLEY_BIN']}; {args.workers} worker(s); {args.users} users imported "
              f"in {import_seconds:.1f} s; MD5 digest, qop=auth; SQLite store (durability: process)", flush=True)
        print(f"{'offered/s':>9} {'calls':>7} {'ok':>7} {'failed':>6} {'achieved/s':>10} {'server CPU s':>12} "
              f"{'us/reg':>9} {'server %CPU':>11} {'sipp %CPU':>9} {'RSS MiB':>8} {'UDP drops':>9}", flush=True)
        results = []
        with ParleyProcess(workers=args.workers, config_text=CONFIG, data_dir=data_dir) as parley:
            for rate in args.rates:
                r = run_step(parley, injection, rate, args.seconds, work)
                print_row(r)
                results.append(r)
            rss = rss_kib(parley.pid) * 1024
        db = os.path.join(data_dir, "parley.db")
        bindings = stored_bindings(db)
        db_bytes = sum(os.path.getsize(db + suffix) for suffix in ("", "-wal") if os.path.exists(db + suffix))
        print(f"# {bindings} bindings stored; database {db_bytes / 1e6:.1f} MB "
              f"({db_bytes / max(bindings, 1):.0f} bytes per binding incl. users); final RSS {rss / 2**20:.1f} MiB",
              flush=True)
    if args.smoke:
        r = results[0]
        if not (r["ok"] > 0 and r["us_per_registration"] == r["us_per_registration"] and bindings > 0):
            sys.exit(f"register_load smoke: no figure (ok {r['ok']}, bindings {bindings}, sipp: {r['sipp_stderr']})")
        print(f"smoke: {r['ok']} registrations, server CPU per registration {r['us_per_registration']:.1f} us")


if __name__ == "__main__":
    main()
