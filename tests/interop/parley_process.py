# SPDX-License-Identifier: MIT
"""A `parley serve` child process for one interop test.

ParleyProcess starts the binary named by $PARLEY_BIN on 127.0.0.1 with UDP and TCP listeners on
port 0, learns the ports the kernel chose from the "listening on udp:127.0.0.1:NNNNN" log lines,
and always stops it again: SIGTERM, then it must exit with status 0 within STOP_WITHIN seconds
(a failed stop fails the test). Use it as a context manager:

    with ParleyProcess(workers=2) as parley:
        ... parley.udp_port, parley.tcp_port ...

ParleyTestCase does the same once for all tests of a unittest class.

For registrar tests: `data_dir` names a folder that outlives the process (so a second process can
start on the same SQLite file), `tls=True` adds a tls:127.0.0.1:0 listener (with the certificate
and key files given, else the self-signed one Parley makes), `kill()` ends it with SIGKILL on
purpose, and add_user() runs `parley user add`.

For proxy tests: `host` puts both listeners on another loopback address (e.g. 127.0.0.2 for a
second instance), `domains` replaces the one --domain example.com, and `extra_args` are appended to
the command line (e.g. ["--mode", "redirect"]).

The process runs in its own temporary folder (so no ./parley.toml is picked up) and its stderr is
drained by a thread into `log_lines`, printed when a test fails.
"""
import os
import re
import signal
import subprocess
import tempfile
import threading
import time
import unittest

START_WITHIN = 10.0  # seconds for both listeners to be reported
STOP_WITHIN = 5.0  # seconds between SIGTERM and exit (the server's grace period is 0.5 s)
DOMAIN = "example.com"

_LISTENING = re.compile(r"listening on (udp|tcp|tls):(127\.\d+\.\d+\.\d+):(\d+)")


def parley_binary():
    binary = os.environ.get("PARLEY_BIN")
    if not binary or not os.access(binary, os.X_OK):
        raise RuntimeError(f"PARLEY_BIN must name the built parley binary (got {binary!r})")
    return binary


def add_user(data_dir, user, password, realm=DOMAIN):
    """`parley user add` into the database of `data_dir` (the server need not be running)."""
    # Run beside the data folder, so that no ./parley.toml of the caller's folder is read.
    done = subprocess.run([parley_binary(), "user", "add", user, "--realm", realm, "--password", password,
                           "--data-dir", data_dir], cwd=os.path.dirname(os.path.abspath(data_dir)),
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30)
    if done.returncode != 0:
        raise AssertionError(f"parley user add {user} failed with {done.returncode}: {done.stderr}")


class ParleyProcess:
    def __init__(self, workers=1, config_text=None, log_level="info", data_dir=None, tls=False,
                 tls_cert=None, tls_key=None, host="127.0.0.1", domains=(DOMAIN,), extra_args=()):
        self.workers = workers
        self.host = host
        self.domains = list(domains)
        self.extra_args = list(extra_args)
        self.config_text = config_text
        self.log_level = log_level
        self.data_dir = data_dir
        self.tls = tls
        self.tls_cert = tls_cert
        self.tls_key = tls_key
        self.udp_port = None
        self.tcp_port = None
        self.tls_port = None
        self.log_lines = []
        self.exit_code = None
        self._proc = None
        self._dir = None
        self._ports_seen = threading.Event()
        self._drain = None
        self._released = False

    @property
    def pid(self):
        return self._proc.pid

    @property
    def data_path(self):
        """The server's data folder: `data_dir`, else ./data of its temporary working folder."""
        return self.data_dir if self.data_dir is not None else os.path.join(self._dir.name, "data")

    def add_user(self, user, password, realm=None):
        add_user(self.data_path, user, password, realm or self.domains[0])

    def start(self):
        self._dir = tempfile.TemporaryDirectory(prefix="parley-interop-")
        args = [parley_binary(), "serve",
                "--listen", f"udp:{self.host}:0", "--listen", f"tcp:{self.host}:0",
                "--workers", str(self.workers), "--log-level", self.log_level]
        for domain in self.domains:
            args += ["--domain", domain]
        if self.tls:
            args += ["--listen", f"tls:{self.host}:0"]
            if self.tls_cert:
                args += ["--tls-cert", self.tls_cert, "--tls-key", self.tls_key]
        if self.data_dir is not None:
            args += ["--data-dir", self.data_dir]
        if self.config_text is not None:
            path = os.path.join(self._dir.name, "parley.toml")
            with open(path, "w") as f:
                f.write(self.config_text)
            args += ["--config", path]
        args += self.extra_args
        self._proc = subprocess.Popen(args, cwd=self._dir.name, stdin=subprocess.DEVNULL,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self._drain = threading.Thread(target=self._drain_stderr, daemon=True)
        self._drain.start()
        if not self._ports_seen.wait(START_WITHIN):
            self._release()
            raise AssertionError("parley did not report all its listening ports:\n" + self.log())
        return self

    def _drain_stderr(self):
        for line in self._proc.stderr:
            self.log_lines.append(line.rstrip("\n"))
            m = _LISTENING.search(line)
            if m and m.group(2) == self.host:
                setattr(self, f"{m.group(1)}_port", int(m.group(3)))
                if self.udp_port and self.tcp_port and (self.tls_port or not self.tls):
                    self._ports_seen.set()

    def alive(self):
        return self._proc.poll() is None

    def cpu_seconds(self):
        """utime + stime of the whole process (all threads) from /proc/<pid>/stat."""
        with open(f"/proc/{self._proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        """SIGTERM; asserts exit status 0 within STOP_WITHIN seconds. Returns the seconds taken."""
        try:
            if self._proc.poll() is not None:
                self.exit_code = self._proc.returncode
                raise AssertionError(f"parley had already exited with status {self.exit_code}:\n" + self.log())
            began = time.monotonic()
            self._proc.send_signal(signal.SIGTERM)
            try:
                self.exit_code = self._proc.wait(STOP_WITHIN)
            except subprocess.TimeoutExpired:
                raise AssertionError(f"parley still running {STOP_WITHIN} s after SIGTERM:\n" + self.log())
            took = time.monotonic() - began
            if self.exit_code != 0:
                raise AssertionError(f"parley exited with status {self.exit_code} after SIGTERM:\n" + self.log())
            return took
        finally:
            self._release()

    def kill(self):
        """SIGKILL, as a crash would end it: no exit-status check, no grace period."""
        self._proc.send_signal(signal.SIGKILL)
        self._proc.wait(STOP_WITHIN)
        self._release()

    def _release(self):
        self._released = True
        if self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
        self._drain.join(2)  # so that the whole log has been read
        self._proc.stderr.close()
        self._dir.cleanup()

    def log(self, last=40):
        return "\n".join(self.log_lines[-last:])

    def __enter__(self):
        return self.start()

    def __exit__(self, exc_type, exc, tb):
        if self._released:  # the test called stop() itself
            return False
        if exc_type is None:
            self.stop()
            return False
        print("---- parley log (last lines) ----\n" + self.log())
        if self._proc.poll() is None:
            self.stop()  # the test failed already; a failed stop is reported as well
        else:
            self._release()
        return False


class ParleyTestCase(unittest.TestCase):
    """A TestCase whose tests share one server, started before the first test and stopped (with the
    exit checks of ParleyProcess.stop) after the last. Subclasses may set WORKERS and CONFIG."""
    WORKERS = 2
    CONFIG = None

    @classmethod
    def setUpClass(cls):
        cls.parley = ParleyProcess(workers=cls.WORKERS, config_text=cls.CONFIG).start()

    @classmethod
    def tearDownClass(cls):
        cls.parley.stop()
