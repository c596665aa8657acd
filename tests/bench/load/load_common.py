# SPDX-License-Identifier: MIT
"""What the SIPp load benchmarks share: reading a process's CPU time per thread from /proc, the
kernel's UDP drop counters, SIPp's final statistics row, CPU pinning and the machine line printed
at the top of every report."""
import csv
import os
import subprocess
import time

CLOCK_TICK = os.sysconf("SC_CLK_TCK")


def thread_cpu_seconds(pid):
    """{tid: utime+stime seconds} of every thread of `pid`."""
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            out[int(tid)] = (int(fields[11]) + int(fields[12])) / CLOCK_TICK
        except FileNotFoundError:
            pass
    return out


def udp_counters():
    """The kernel's UDP counters (system-wide, /proc/net/snmp): receive-buffer drops show up here."""
    with open("/proc/net/snmp") as f:
        rows = [line.split() for line in f if line.startswith("Udp:")]
    return dict(zip(rows[0][1:], map(int, rows[1][1:])))


def pin(pid, cpus):
    """Restrict every thread of `pid` to `cpus`."""
    for tid in os.listdir(f"/proc/{pid}/task"):
        os.sched_setaffinity(int(tid), cpus)


def final_stats(stat_file):
    with open(stat_file, newline="") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    if not rows:
        raise RuntimeError(f"SIPp wrote no statistics to {stat_file}")
    return rows[-1]


def elapsed_seconds(row):
    """From SIPp's StartTime to CurrentTime ("date<TAB>time<TAB>epoch") of a statistics row."""
    return float(row["CurrentTime"].split("\t")[2]) - float(row["StartTime"].split("\t")[2])


def describe_machine():
    model = "unknown CPU"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    sipp_version = subprocess.run(["sipp", "-v"], capture_output=True, text=True).stdout.strip().splitlines()
    print(f"# {time.strftime('%Y-%m-%d %H:%M:%S %Z')}; CPU: {model}; {os.cpu_count()} cores; "
          f"load average {os.getloadavg()[0]:.2f}; {sipp_version[0] if sipp_version else 'sipp ?'}", flush=True)


def rss_kib(pid):
    """Resident set size of `pid` in KiB (VmRSS of /proc/<pid>/status)."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0
