#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Proxied-call load benchmark (issue 5): SIPp UAC -> `parley serve` (stateful proxy) -> SIPp UAS,
over UDP on loopback. Each call is INVITE / 100 / 180 / 200 / ACK / BYE / 200 (RFC 3665 §3.1); with
proxy authentication the INVITE is first answered 407 and sent again with Proxy-Authorization
(RFC 3665 §3.2). For every offered rate it reports calls/s achieved, failed calls and the server's
CPU time per completed call:

    (utime + stime of parley from /proc/<pid>/stat, after - before) / successful calls

and, in a separate step on a fresh server, its RSS with N calls established at once (default
10,000: the caller holds every call long enough for all of them to be up together).

    tests/bench/load/call_load.py --parley build/release/src/app/parley            # full run
    tests/bench/load/call_load.py --parley ... --variants auth --rates 2000 --concurrent 0
    tests/bench/load/call_load.py --parley ... --smoke   # CTest: seconds, no failed call, a figure

Variants: `noauth` ([auth] enabled = false) and `auth` (407 proxy authentication; Debian's SIPp 3.6
computes MD5 only, so [auth] algorithms = ["MD5"]). The callers are users imported with `parley
user import` (register_load.make_users: the injection file carries each user's [authentication]
keyword); the callee is one user, `parley user add callee`, whose AOR the UAS registers to its own
address and port (call_register.xml, a one-call SIPp run on the UAS's port just before each UAS
starts: one SIPp process cannot place a REGISTER and then wait for INVITEs). Every call goes to
that AOR, so each INVITE costs the proxy one location lookup.
"""
import argparse
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "interop"))
from parley_process import DOMAIN, ParleyProcess, add_user  # noqa: E402
from load_common import describe_machine, elapsed_seconds, final_stats, rss_kib, udp_counters  # noqa: E402
from register_load import make_users  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
UAC, UAS, REGISTER = (os.path.join(HERE, f"call_{name}.xml") for name in ("uac", "uas", "register"))
VARIANTS = {
    "noauth": ("no authentication", "[auth]\nenabled = false\n"),
    "auth": ("407 proxy authentication, MD5, qop=auth", '[auth]\nalgorithms = ["MD5"]\n'),
}
CALLEE, CALLEE_PASSWORD = "callee", "callee-secret"
BUFFER = str(4 << 20)
# The callee lives on another loopback address than the server and the caller (127.0.0.1), as a
# phone would on another host. (d982f1f took a Request-URI naming one of its own addresses for its
# own whatever the port, and kept the ACKs of 2xx to a callee on 127.0.0.1 to itself; fixed in
# 37a6914.)
CALLEE_ADDRESS = "127.0.0.2"


def free_udp_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind((CALLEE_ADDRESS, 0))
        return s.getsockname()[1]


def error_events(path, most=3):
    """The first `most` events of a SIPp error log (each opens with a date; the message it quotes
    follows on its own lines), one line each, and how many there were."""
    events = []
    try:
        with open(path, errors="replace") as f:
            for line in f:
                # An event opens with a date, also after the "'" closing the message the previous
                # event quoted, or straight after the previous event's text without a newline.
                for i, part in enumerate(re.split(r"'?(?=\d{4}-\d\d-\d\d\t)", line)):
                    if i > 0 and part.strip():
                        events.append(part.strip())
                    elif events and part.strip() and len(events[-1]) < 400:
                        events[-1] += " | " + part.strip()
    except FileNotFoundError:
        pass
    # "Dead call": a message for a call that already ended (a late retransmission); not a failure.
    late = [e for e in events if ": Dead call " in e]
    failures = [e for e in events if ": Dead call " not in e]
    shown = [e.split(": ", 1)[-1][:400] for e in (failures or late)[:most]]
    if len(events) > len(shown):
        shown.append(f"... {len(events)} events in all, {len(late)} of them messages for calls already ended")
    return shown


def register_callee(parley, port, work):
    """The callee's binding: sip:callee@DOMAIN -> CALLEE_ADDRESS:port, from that very port."""
    errors = os.path.join(work, "register-errors.log")
    done = subprocess.run(["sipp", f"127.0.0.1:{parley.udp_port}", "-sf", REGISTER, "-i", CALLEE_ADDRESS, "-p", str(port),
                           "-t", "u1", "-m", "1", "-s", CALLEE, "-au", CALLEE, "-ap", CALLEE_PASSWORD,
                           "-auth_uri", DOMAIN, "-timeout", "10s", "-nostdin", "-trace_err", "-error_file", errors],
                          cwd=work, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30)
    if done.returncode != 0:
        raise RuntimeError(f"the callee did not register (sipp exit {done.returncode}):\n"
                           + "\n".join(error_events(errors)) + "\n---- parley log ----\n" + parley.log())


class Callee:
    """The SIPp UAS of one step, on the registered port; it ends after `calls` calls."""

    def __init__(self, port, calls, seconds, work, name):
        self.stats = os.path.join(work, f"uas-{name}.csv")
        self.errors = os.path.join(work, f"uas-{name}-errors.log")
        self.proc = subprocess.Popen(
            ["sipp", "-sf", UAS, "-i", CALLEE_ADDRESS, "-p", str(port), "-t", "u1", "-nr", "-s", CALLEE,
             "-m", str(calls), "-buff_size", BUFFER, "-timeout", f"{seconds:.0f}s", "-nostdin",
             "-trace_stat", "-stf", self.stats, "-fd", "1", "-trace_err", "-error_file", self.errors],
            cwd=work, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.3)  # bound before the first INVITE comes

    def finish(self, within=10):
        try:
            self.proc.wait(within)
        except subprocess.TimeoutExpired:  # calls that never reached it
            self.proc.terminate()
            self.proc.wait(10)
        try:
            return int(final_stats(self.stats)["FailedCall(C)"])
        except (RuntimeError, FileNotFoundError):
            return -1


def caller_command(parley, injection, rate, calls, hold_ms, work, name, extra=(), limit=None):
    stats = os.path.join(work, f"uac-{name}.csv")
    errors = os.path.join(work, f"uac-{name}-errors.log")
    cmd = ["sipp", f"127.0.0.1:{parley.udp_port}", "-sf", UAC, "-inf", injection, "-i", "127.0.0.1",
           "-t", "un", "-max_socket", "64", "-nr", "-r", str(rate), "-m", str(calls),
           "-l", str(limit or calls + 100),
           "-d", str(hold_ms), "-s", CALLEE, "-auth_uri", f"{CALLEE}@{DOMAIN}",
           "-timeout", f"{calls / rate + hold_ms / 1000 + 30:.0f}s", "-buff_size", BUFFER, "-nostdin",
           "-trace_stat", "-stf", stats, "-fd", "1", "-trace_err", "-error_file", errors, *extra]
    return cmd, stats, errors


def run_step(parley, injection, uas_port, rate, seconds, hold_ms, settle, work):
    """`rate` calls/s for `seconds`, each held `hold_ms`; figures as a dict. With `settle` > 0 the
    server's CPU is read again that many seconds after the step, so that the work its timers do
    later (ending the transactions: Timer J, K, L, M of RFC 3261 / RFC 6026, 32 s at most) counts."""
    calls = max(1, int(rate * seconds))
    name = f"{rate}-{time.monotonic_ns()}"
    # At most 5 s of calls open at once (-l): more are failing anyway, and SIPp warns when -l
    # exceeds the open-file limit.
    cmd, stats, errors = caller_command(parley, injection, rate, calls, hold_ms, work, name,
                                        limit=int(rate * (5 + hold_ms / 1000)) + 100)
    load = os.getloadavg()[0]
    callee = Callee(uas_port, calls, seconds + hold_ms / 1000 + 40, work, name)
    cpu_before = parley.cpu_seconds()
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    udp_before = udp_counters()
    began = time.monotonic()
    try:
        done = subprocess.run(cmd, cwd=work, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True, timeout=seconds + hold_ms / 1000 + 90)
        exit_code, stderr = done.returncode, done.stderr
    except subprocess.TimeoutExpired:  # an overloaded SIPp can outlive its own -timeout; it was killed
        exit_code, stderr = "killed", "sipp ran past its -timeout and was killed; figures from its last statistics row"
    wall = time.monotonic() - began
    cpu_after = parley.cpu_seconds()
    uas_failed = callee.finish()
    children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if settle > 0:
        time.sleep(settle)
    cpu_settled = parley.cpu_seconds()
    if not parley.alive():
        raise RuntimeError("parley died during the load:\n" + parley.log())
    row = final_stats(stats)
    ok, failed = int(row["SuccessfulCall(C)"]), int(row["FailedCall(C)"])
    server_cpu = cpu_after - cpu_before
    return {
        "offered": rate, "calls": calls, "ok": ok, "failed": failed, "uas_failed": uas_failed,
        "achieved": ok / (elapsed_seconds(row) or wall), "server_cpu": server_cpu,
        "us_per_call": server_cpu / ok * 1e6 if ok else float("nan"), "server_cpu_pct": 100 * server_cpu / wall,
        "sipp_cpu_pct": 100 * (children_after.ru_utime + children_after.ru_stime
                               - children_before.ru_utime - children_before.ru_stime) / wall,
        "rss_mib": rss_kib(parley.pid) / 1024, "udp_drops": udp_counters()["RcvbufErrors"] - udp_before["RcvbufErrors"],
        "settle": settle, "us_per_call_settled": (cpu_settled - cpu_before) / ok * 1e6 if ok else float("nan"),
        "load": load, "sipp_exit": exit_code, "sipp_stderr": stderr.strip()[-300:],
        "uac_errors": error_events(errors), "uas_errors": error_events(callee.errors),
    }


def established(work, name):
    """Calls whose 2xx the caller has ACKed so far (SIPp's -trace_counts file, last row)."""
    files = [f for f in os.listdir(work) if f.startswith("call_uac_") and f.endswith("_counts.csv")]
    for f in files:
        with open(os.path.join(work, f)) as counts:
            rows = [line.rstrip("\n").split(";") for line in counts]
        if len(rows) < 2:
            return 0
        acks = [i for i, column in enumerate(rows[0]) if column.endswith("_ACK_Sent")]
        return int(rows[-1][acks[-1]])  # the last ACK of the scenario is the 2xx's
    return 0


def run_concurrent(parley, injection, uas_port, calls, rate, after_timers, work):
    """`calls` calls at `rate`/s, all held together; RSS once all are up and again `after_timers`
    seconds later (when the INVITE transactions' Timer L / M of RFC 6026, 32 s, have ended)."""
    ramp = calls / rate
    hold_s = ramp + after_timers + 5
    name = f"concurrent-{time.monotonic_ns()}"
    for f in os.listdir(work):
        if f.endswith("_counts.csv"):
            os.remove(os.path.join(work, f))
    cmd, stats, errors = caller_command(parley, injection, rate, calls, int(hold_s * 1000), work, name,
                                        ["-trace_counts", "-fd", "1"])
    load = os.getloadavg()[0]
    rss_idle = rss_kib(parley.pid)
    callee = Callee(uas_port, calls, ramp + hold_s + 60, work, name)
    caller = subprocess.Popen(cmd, cwd=work, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    began = time.monotonic()
    up = 0
    while time.monotonic() - began < ramp + 15 and caller.poll() is None:
        time.sleep(0.5)
        up = established(work, name)
        if up >= calls:
            break
    up_after = time.monotonic() - began
    time.sleep(1.5)  # the last ACKs reach the callee; the counts file lags by up to a second
    rss_up = rss_kib(parley.pid)
    rss_later = None
    if after_timers > 0:
        time.sleep(max(0.0, began + ramp + after_timers - time.monotonic()))
        rss_later = rss_kib(parley.pid)
    caller.wait(hold_s + ramp + 60)
    uas_failed = callee.finish()
    row = final_stats(stats)
    return {
        "calls": calls, "rate": rate, "established": up, "up_after": up_after, "hold_s": hold_s,
        "ok": int(row["SuccessfulCall(C)"]), "failed": int(row["FailedCall(C)"]), "uas_failed": uas_failed,
        "rss_idle": rss_idle, "rss_up": rss_up, "rss_later": rss_later, "after_timers": after_timers,
        "load": load, "uac_errors": error_events(errors), "uas_errors": error_events(callee.errors),
    }


def print_header():
    print(f"{'variant':>7} {'load':>5} {'offered/s':>9} {'calls':>7} {'ok':>7} {'failed':>6} {'achieved/s':>10} "
          f"{'server CPU s':>12} {'us/call':>8} {'server %CPU':>11} {'sipp %CPU':>9} {'RSS MiB':>8} {'UDP drops':>9}",
          flush=True)


def print_failures(r, parley):
    if r["failed"] or r["uas_failed"]:
        print(f"        callee failed calls: {r['uas_failed']}", flush=True)
        for line in r["uac_errors"]:
            print(f"        caller sipp: {line}", flush=True)
        for line in r["uas_errors"]:
            print(f"        callee sipp: {line}", flush=True)
        for line in [line for line in parley.log_lines if " warn" in line or " error" in line][-8:]:
            print(f"        parley: {line}", flush=True)


def print_row(variant, r, parley):
    print(f"{variant:>7} {r['load']:>5.2f} {r['offered']:>9} {r['calls']:>7} {r['ok']:>7} {r['failed']:>6} "
          f"{r['achieved']:>10.0f} {r['server_cpu']:>12.2f} {r['us_per_call']:>8.1f} {r['server_cpu_pct']:>11.0f} "
          f"{r['sipp_cpu_pct']:>9.0f} {r['rss_mib']:>8.1f} {r['udp_drops']:>9}", flush=True)
    if r["settle"] > 0:
        print(f"        with the {r['settle']:.0f} s after the step: {r['us_per_call_settled']:.1f} us/call", flush=True)
    if r["sipp_exit"] != 0 and (r["failed"] == 0 or r["sipp_exit"] == "killed"):
        print(f"        sipp exit {r['sipp_exit']}: {r['sipp_stderr']}", flush=True)
    print_failures(r, parley)


def print_concurrent(variant, r, parley):
    mib = 1 / 1024
    line = (f"# {variant}: {r['established']} of {r['calls']} calls up together after {r['up_after']:.1f} s "
            f"({r['rate']}/s, held {r['hold_s']:.0f} s, load {r['load']:.2f}): RSS {r['rss_idle'] * mib:.1f} MiB idle, "
            f"{r['rss_up'] * mib:.1f} MiB with all up ({(r['rss_up'] - r['rss_idle']) * 1024 / max(r['calls'], 1):.0f} "
            f"bytes per call)")
    if r["rss_later"] is not None:
        line += f", {r['rss_later'] * mib:.1f} MiB {r['after_timers']:.0f} s after the first INVITE"
    print(line + f"; ok {r['ok']}, failed {r['failed']}", flush=True)
    print_failures(r, parley)


def run_variant(variant, args, work):
    label, config = VARIANTS[variant]
    data_dir = os.path.join(work, f"data-{variant}")
    injection, _ = make_users(work, data_dir, args.callers)
    add_user(data_dir, CALLEE, CALLEE_PASSWORD)
    results, concurrent = [], None
    print(f"# {variant}: {label}; {args.workers} worker(s); {args.callers} callers, one callee; "
          f"hold {args.hold_ms} ms", flush=True)
    uas_port = free_udp_port()
    with ParleyProcess(workers=args.workers, config_text=config, data_dir=data_dir) as parley:
        register_callee(parley, uas_port, work)
        for rate in args.rates:
            r = run_step(parley, injection, uas_port, rate, args.seconds, args.hold_ms, args.settle, work)
            print_row(variant, r, parley)
            results.append(r)
    if args.concurrent > 0:
        with ParleyProcess(workers=args.workers, config_text=config, data_dir=data_dir) as parley:
            register_callee(parley, uas_port, work)
            concurrent = run_concurrent(parley, injection, uas_port, args.concurrent, args.concurrent_rate,
                                        args.after_timers, work)
            print_concurrent(variant, concurrent, parley)
    return results, concurrent


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--parley", default=os.environ.get("PARLEY_BIN"), help="the parley binary (or $PARLEY_BIN)")
    parser.add_argument("--variants", nargs="+", choices=sorted(VARIANTS), default=["noauth", "auth"])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rates", type=int, nargs="+", default=[250, 500, 1000, 2000])
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each rate step")
    parser.add_argument("--hold-ms", type=int, default=0, help="call hold in the rate steps (SIPp -d)")
    parser.add_argument("--settle", type=float, default=0.0,
                        help="also count the server's CPU this many seconds after each step (its timers' work)")
    parser.add_argument("--callers", type=int, default=1000, help="distinct calling users")
    parser.add_argument("--concurrent", type=int, default=10000, help="calls up together for the RSS step; 0: none")
    parser.add_argument("--concurrent-rate", type=int, default=1000)
    parser.add_argument("--after-timers", type=float, default=40.0,
                        help="second RSS sample this many seconds after the first INVITE of the RSS step; 0: none")
    parser.add_argument("--smoke", action="store_true", help="CTest: both variants, 100 calls at 50/s, 50 held; "
                        "fails on any failed call or without a figure")
    args = parser.parse_args()
    if not args.parley:
        parser.error("--parley or $PARLEY_BIN must name the parley binary")
    if shutil.which("sipp") is None:
        sys.exit("call_load: sipp is not installed (scripts/deps.sh test installs sip-tester)")
    os.environ["PARLEY_BIN"] = os.path.abspath(args.parley)
    if args.smoke:
        args.workers, args.rates, args.seconds, args.callers = 1, [50], 2.0, 20
        args.concurrent, args.concurrent_rate, args.after_timers = 50, 50, 0
    # SIPp keeps a socket per call with -t un up to -max_socket, and the callee one per call it holds.
    resource.setrlimit(resource.RLIMIT_NOFILE, (resource.getrlimit(resource.RLIMIT_NOFILE)[1],) * 2)

    describe_machine()
    print(f"# parley: {os.environ['PARLEY_BIN']}", flush=True)
    print_header()
    outcome = {}
    with tempfile.TemporaryDirectory(prefix="parley-call-load-") as work:
        for variant in args.variants:
            outcome[variant] = run_variant(variant, args, work)
    if args.smoke:
        for variant, (results, concurrent) in outcome.items():
            r = results[0]
            if r["failed"] or r["ok"] != r["calls"] or r["us_per_call"] != r["us_per_call"]:
                sys.exit(f"call_load smoke ({variant}): {r['ok']} of {r['calls']} calls, {r['failed']} failed")
            if concurrent["failed"] or concurrent["established"] < concurrent["calls"]:
                sys.exit(f"call_load smoke ({variant}): {concurrent['established']} of {concurrent['calls']} calls up, "
                         f"{concurrent['failed']} failed")
            print(f"smoke {variant}: {r['ok']} calls, server CPU per call {r['us_per_call']:.1f} us")


if __name__ == "__main__":
    main()
