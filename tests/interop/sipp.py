# SPDX-License-Identifier: MIT
"""Runs one SIPp scenario from scenarios/ against a ParleyProcess and fails on any SIPp failure.

SIPp exits 0 only when every call of the scenario succeeded: each expected response arrived with
the expected status and every `check_it` regular expression matched. Anything else (an unexpected
status, a missing header, a timeout) is a failed call and a non-zero exit, which run_scenario turns
into an AssertionError carrying SIPp's error log.
"""
import os
import subprocess
import tempfile

SCENARIOS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "scenarios")


def sipp_command(scenario, port, transport="u1", calls=1, extra=()):
    """The SIPp command line for `scenario` (a file in scenarios/) against 127.0.0.1:port."""
    return ["sipp", f"127.0.0.1:{port}",
            "-sf", os.path.join(SCENARIOS, scenario),
            "-t", transport, "-i", "127.0.0.1",
            "-m", str(calls), "-nostdin", *extra]


def run_scenario(scenario, port, transport="u1", calls=1, timeout_s=15, extra=()):
    with tempfile.TemporaryDirectory(prefix="parley-sipp-") as work:
        errors = os.path.join(work, "errors.log")
        messages = os.path.join(work, "messages.log")
        logs = os.path.join(work, "logs.log")
        cmd = sipp_command(scenario, port, transport, calls,
                           ["-timeout", f"{timeout_s}s", "-timeout_error",
                            "-trace_err", "-error_file", errors,
                            "-trace_msg", "-message_file", messages,
                            "-trace_logs", "-log_file", logs, *extra])
        done = subprocess.run(cmd, cwd=work, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=timeout_s + 10)
        if done.returncode != 0:
            raise AssertionError(
                f"sipp {scenario} over {transport} failed with exit {done.returncode}\n"
                f"command: {' '.join(cmd)}\n"
                f"---- sipp errors ----\n{_read(errors)}\n"
                f"---- scenario log ----\n{_read(logs)}\n"
                f"---- sipp messages ----\n{_read(messages)[-6000:]}\n"
                f"---- sipp stderr ----\n{done.stderr[-2000:]}")
        done.scenario_log = _read(logs)  # what the scenario's <log> actions wrote
        return done


def digest_user(user, password, request_uri_host="example.com"):
    """SIPp options for scenarios that answer digest challenges with [authentication]: [service] is
    the user, and the digest-uri is the scenarios' Request-URI (SIPp's default, its remote
    address, is not). For one user per run; a run of many users puts a whole
    "[authentication username=U password=P]" keyword in an injection field instead (SIPp 3.6 takes
    no [fieldN] inside the keyword), as scenarios/register_bulk.xml does."""
    return ["-s", user, "-au", user, "-ap", password, "-auth_uri", request_uri_host]


def write_injection_file(path, rows):
    """A SIPp injection file (-inf): one call per row, read in order; [field0], [field1] ... are a
    row's values. Returns `path`."""
    with open(path, "w") as f:
        f.write("SEQUENTIAL\n")
        for row in rows:
            f.write(";".join(row) + ";\n")
    return path


def _read(path):
    try:
        with open(path, errors="replace") as f:
            return f.read()
    except FileNotFoundError:
        return "(none)"
