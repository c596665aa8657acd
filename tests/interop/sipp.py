# SPDX-License-Identifier: MIT
"""Runs one SIPp scenario from scenarios/ against a ParleyProcess and fails on any SIPp failure.

SIPp exits 0 only when every call of the scenario succeeded: each expected response arrived with
the expected status and every `check_it` regular expression matched. Anything else (an unexpected
status, a missing header, a timeout) is a failed call and a non-zero exit, which run_scenario turns
into an AssertionError carrying SIPp's error log.
"""
import os
import re
import socket
import subprocess
import tempfile
import time

SCENARIOS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "scenarios")


def sipp_command(scenario, port, transport="u1", calls=1, extra=(), host="127.0.0.1", local="127.0.0.1"):
    """The SIPp command line for `scenario` (a file in scenarios/) against host:port (port None: no
    remote address, for a UAS that only answers)."""
    return ["sipp", *([f"{host}:{port}"] if port is not None else []),
            "-sf", os.path.join(SCENARIOS, scenario),
            "-t", transport, "-i", local,
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


class SippRun:
    """One SIPp process, e.g. a UAS started in the background (start()) before the UAC runs, then
    wait()ed for: wait() asserts exit 0 within the SIPp timeout (plus 10 s) and kills it otherwise
    (SIPp's own -timeout does not always end a run blocked on a receive). `local` is the address
    (-i) SIPp binds; -p PORT in `extra` fixes its port (free_port())."""

    def __init__(self, scenario, port, transport="u1", calls=1, timeout_s=15, extra=(), host="127.0.0.1",
                 local="127.0.0.1"):
        self.scenario, self.transport, self.timeout_s = scenario, transport, timeout_s
        self._work = tempfile.TemporaryDirectory(prefix="parley-sipp-")
        work = self._work.name
        self.errors, self.messages, self.logs = (os.path.join(work, f"{n}.log") for n in ("errors", "messages", "logs"))
        self.cmd = sipp_command(scenario, port, transport, calls,
                                ["-timeout", f"{timeout_s}s", "-timeout_error",
                                 "-trace_err", "-error_file", self.errors,
                                 "-trace_msg", "-message_file", self.messages,
                                 "-trace_logs", "-log_file", self.logs, *extra], host=host, local=local)
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(self.cmd, cwd=self._work.name, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        return self

    def wait(self):
        try:
            try:
                _, stderr = self.proc.communicate(timeout=self.timeout_s + 10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                _, stderr = self.proc.communicate()
                raise AssertionError(f"sipp {self.scenario} still running {self.timeout_s + 10} s after start\n"
                                     + self.report(stderr))
            if self.proc.returncode != 0:
                raise AssertionError(f"sipp {self.scenario} over {self.transport} failed with exit "
                                     f"{self.proc.returncode}\n" + self.report(stderr))
            self.returncode = self.proc.returncode
            self.scenario_log = _read(self.logs)  # what the scenario's <log> actions wrote
            self.message_log = _read(self.messages)  # every message sent and received (-trace_msg)
            return self
        finally:
            self._work.cleanup()

    def stop(self):
        """Ends a run that is still going (cleanup after a failure elsewhere)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.communicate()
        self._work.cleanup()

    def report(self, stderr):
        return (f"command: {' '.join(self.cmd)}\n"
                f"---- sipp errors ----\n{_read(self.errors)}\n"
                f"---- scenario log ----\n{_read(self.logs)}\n"
                f"---- sipp messages ----\n{_read(self.messages)[-6000:]}\n"
                f"---- sipp stderr ----\n{stderr[-2000:]}")


def received(message_log, start):
    """The messages of a SIPp -trace_msg log that SIPp received and whose first line starts with
    `start` (e.g. "INVITE ", "SIP/2.0 200"), each as (first line, [(lower-case name, value), ...])
    with one entry per header line, in order."""
    found = []
    for entry in re.split(r"^-{47} [^\n]*\n", message_log, flags=re.M):
        head, _, text = entry.partition("\n")
        if "message received" not in head:
            continue
        lines = text.strip("\n").split("\n\n", 1)[0].splitlines()
        if lines and lines[0].startswith(start):
            fields = [(n.strip().lower(), v.strip()) for n, _, v in (line.partition(":") for line in lines[1:])]
            found.append((lines[0], fields))
    return found


def free_port(transport="u1", host="127.0.0.1"):
    """A port the kernel just handed out on `host` for UDP (u1) or TCP (t1), free again now: for a
    SIPp -p (a small race with other processes, which the kernel's port rotation makes unlikely)."""
    kind = socket.SOCK_DGRAM if transport == "u1" else socket.SOCK_STREAM
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def wait_bound(port, transport="u1", host="127.0.0.1", within_s=5.0, alive=lambda: True):
    """Waits until some process has bound `host:port` (UDP) or listens on it (TCP), read from
    /proc/net/udp or /proc/net/tcp, so that nothing is sent to the port before a SIPp UAS is there.
    Fails at once when `alive()` turns false (the process that was to bind it has exited)."""
    table, state = ("/proc/net/udp", None) if transport == "u1" else ("/proc/net/tcp", "0A")
    want = "%08X:%04X" % (int.from_bytes(socket.inet_aton(host), "little"), port)
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline and alive():
        with open(table) as f:
            for line in f.readlines()[1:]:
                fields = line.split()
                if fields[1] == want and (state is None or fields[3] == state):
                    return
        time.sleep(0.02)
    raise AssertionError(f"nothing bound {host}:{port} ({transport}) within {within_s} s")


def start_callee(scenario, registrar_port, user, domain, password=None, transport="u1", q=None,
                 registrar_host="127.0.0.1", timeout_s=20, extra=(), local="127.0.0.1"):
    """A registered callee for the proxy flows: starts `scenario` as a SIPp UAS in the background on a
    free port of `local` (a 127.0.0.x address; `transport` u1 or t1), waits until it is bound, then registers
    sip:USER@DOMAIN with that address as its Contact (with ;q= when given) through
    scenarios/proxy_register.xml over UDP at registrar_host:registrar_port (digest when `password`
    is given). Returns the running SippRun, with `contact` (the bare Contact URI) and `port` set;
    the caller wait()s for it, or stop()s it on failure."""
    port = free_port(transport, local)
    uas = SippRun(scenario, None, transport, timeout_s=timeout_s, extra=["-p", str(port), "-s", user, *extra],
                  local=local)
    uas.port = port
    uas.contact = f"sip:{user}@{local}:{port};transport={'udp' if transport == 'u1' else 'tcp'}"
    uas.start()
    try:
        try:
            wait_bound(port, transport, local, alive=lambda: uas.proc.poll() is None)
        except AssertionError as e:
            uas.proc.kill()
            raise AssertionError(f"{e}: sipp {scenario} did not start\n" + uas.report(uas.proc.communicate()[1]))
        contact = f"<{uas.contact}>" + (f";q={q}" if q is not None else "")
        auth = ["-au", user, "-ap", password, "-auth_uri", domain] if password else []
        SippRun("proxy_register.xml", registrar_port, "u1", timeout_s=10, host=registrar_host,
                extra=["-s", user, "-key", "domain", domain, "-key", "contact", contact, *auth]).start().wait()
    except BaseException:
        uas.stop()
        raise
    return uas


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
