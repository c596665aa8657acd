#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""OPTIONS-over-UDP load benchmark (issue 3): SIPp offers OPTIONS at increasing rates to `parley
serve` with 1 and then 2 workers, and this script reports for every step the achieved rate, the
failed calls, and the server's CPU time per answered request:

    (utime + stime of parley from /proc/<pid>/stat, after - before) / requests answered

That figure does not depend on how much CPU SIPp takes, which matters on a small machine where the
load generator competes with the server. SIPp's own CPU share is reported beside it (from
getrusage of the finished child), and so is each parley thread's share, which shows whether
SO_REUSEPORT spread the load over the workers.

    tests/bench/load/options_load.py --parley build/release/src/app/parley            # full run
    tests/bench/load/options_load.py --parley ... --workers 1 --rates 5000 --seconds 3
    tests/bench/load/options_load.py --parley ... --smoke   # CTest: a few seconds, asserts numbers

SIPp runs with `-t un -max_socket 64`: 64 source ports, so that the kernel's SO_REUSEPORT hash can
spread the datagrams over the workers (with one source port every request lands on one worker).
Everything is sent to 127.0.0.1 only.
"""
import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "interop"))
from parley_process import ParleyProcess  # noqa: E402  (the interop harness: start, ports, SIGTERM)
from load_common import (describe_machine, elapsed_seconds, final_stats, pin,  # noqa: E402
                         thread_cpu_seconds, udp_counters)

SCENARIO = os.path.join(os.path.dirname(os.path.abspath(__file__)), "options_load.xml")
def run_step(parley, rate, seconds, sipp_cpus, work):
    """Offers `rate` OPTIONS/s for `seconds` and returns the measured figures as a dict."""
    calls = int(rate * seconds)
    stats = os.path.join(work, f"stats-{parley.workers}-{rate}.csv")
    cmd = ["sipp", f"127.0.0.1:{parley.udp_port}", "-sf", SCENARIO, "-i", "127.0.0.1",
           "-t", "un", "-max_socket", "64", "-nr", "-r", str(rate), "-m", str(calls),
           "-timeout", f"{seconds * 2 + 10:.0f}s", "-buff_size", str(4 << 20), "-nostdin",
           "-trace_stat", "-stf", stats, "-fd", "1"]
    if sipp_cpus:
        cmd = ["taskset", "-c", ",".join(map(str, sorted(sipp_cpus)))] + cmd
    threads_before = thread_cpu_seconds(parley.pid)
    cpu_before = parley.cpu_seconds()
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    udp_before = udp_counters()
    began = time.monotonic()
    done = subprocess.run(cmd, cwd=work, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, timeout=seconds * 2 + 30)
    wall = time.monotonic() - began
    cpu_after = parley.cpu_seconds()
    threads_after = thread_cpu_seconds(parley.pid)
    children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    udp_after = udp_counters()
    if not parley.alive():
        raise RuntimeError("parley died during the load:\n" + parley.log())
    row = final_stats(stats)
    answered = int(row["SuccessfulCall(C)"])
    failed = int(row["FailedCall(C)"])
    sipp_elapsed = elapsed_seconds(row) or wall
    server_cpu = cpu_after - cpu_before
    sipp_cpu = (children_after.ru_utime + children_after.ru_stime
                - children_before.ru_utime - children_before.ru_stime)
    per_thread = sorted((threads_after[t] - threads_before.get(t, 0.0) for t in threads_after), reverse=True)
    return {
        "workers": parley.workers, "offered": rate, "calls": calls, "answered": answered, "failed": failed,
        "sipp_exit": done.returncode, "elapsed": sipp_elapsed, "achieved": answered / sipp_elapsed,
        "server_cpu": server_cpu, "us_per_request": server_cpu / answered * 1e6 if answered else float("nan"),
        "server_cpu_pct": 100 * server_cpu / wall, "sipp_cpu_pct": 100 * sipp_cpu / wall,
        "thread_cpu": [round(c, 2) for c in per_thread if c > 0], "sipp_stderr": done.stderr.strip()[-300:],
        "udp_drops": udp_after["RcvbufErrors"] - udp_before["RcvbufErrors"],
        "failures": {k[6:-3]: int(v) for k, v in row.items()
                     if k.startswith("Failed") and k.endswith("(C)") and k != "FailedCall(C)" and v != "0"},
    }


def print_header():
    print(f"{'workers':>7} {'offered/s':>9} {'answered':>9} {'failed':>7} {'achieved/s':>10} "
          f"{'server CPU s':>12} {'us/request':>10} {'server %CPU':>11} {'sipp %CPU':>9} {'UDP drops':>9}  "
          "busy threads (CPU s)",
          flush=True)


def print_row(r):
    print(f"{r['workers']:>7} {r['offered']:>9} {r['answered']:>9} {r['failed']:>7} {r['achieved']:>10.0f} "
          f"{r['server_cpu']:>12.2f} {r['us_per_request']:>10.2f} {r['server_cpu_pct']:>11.0f} "
          f"{r['sipp_cpu_pct']:>9.0f} {r['udp_drops']:>9}  {r['thread_cpu']}", flush=True)
    if r["failures"]:
        print(f"        failed calls by cause: {r['failures']}", flush=True)
    if r["sipp_exit"] != 0 and r["failed"] == 0:
        print(f"        sipp exit {r['sipp_exit']}: {r['sipp_stderr']}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--parley", default=os.environ.get("PARLEY_BIN"), help="the parley binary (or $PARLEY_BIN)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--rates", type=int, nargs="+", default=[5000, 10000, 20000, 40000])
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each step")
    parser.add_argument("--pin", action="store_true",
                        help="with 1 worker: SIPp on CPU 0, parley on CPU 1 (needs 2 CPUs)")
    parser.add_argument("--smoke", action="store_true",
                        help="a short run for CTest: 1 worker, 1000/s for 2 s; fails unless it yields a figure")
    args = parser.parse_args()
    if not args.parley:
        parser.error("--parley or $PARLEY_BIN must name the parley binary")
    if shutil.which("sipp") is None:
        sys.exit("options_load: sipp is not installed (scripts/deps.sh test installs sip-tester)")
    os.environ["PARLEY_BIN"] = os.path.abspath(args.parley)
    if args.smoke:
        args.workers, args.rates, args.seconds = [1], [1000], 2.0

    describe_machine()
    print(f"# parley: {os.environ['PARLEY_BIN']}", flush=True)
    print_header()
    results = []
    with tempfile.TemporaryDirectory(prefix="parley-load-") as work:
        for workers in args.workers:
            with ParleyProcess(workers=workers) as parley:
                sipp_cpus = None
                if args.pin and workers == 1 and os.cpu_count() >= 2:
                    pin(parley.pid, {1})
                    sipp_cpus = {0}
                for rate in args.rates:
                    r = run_step(parley, rate, args.seconds, sipp_cpus, work)
                    print_row(r)
                    results.append(r)
    if args.smoke:
        r = results[0]
        if not (r["answered"] > 0 and r["us_per_request"] == r["us_per_request"]):
            sys.exit(f"options_load smoke: no figure (answered {r['answered']}, sipp: {r['sipp_stderr']})")
        print(f"smoke: {r['answered']} answered, server CPU per request {r['us_per_request']:.2f} us")


if __name__ == "__main__":
    main()
