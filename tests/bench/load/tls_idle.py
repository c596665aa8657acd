#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Idle TLS connections benchmark (issue 3): opens N TLS connections to `parley serve` (one worker,
a throwaway self-signed certificate made with the openssl command), lets them sit idle, and reports
the server's resident memory before and after, per connection. Target from the issue: 10,000
concurrent idle TLS connections held with under 200 MB of server RSS. Traffic only to 127.0.0.1.

  tests/bench/load/tls_idle.py --parley build/release/src/app/parley            # 10,000 connections
  tests/bench/load/tls_idle.py --parley build/release/src/app/parley --smoke    # 200, for CTest
"""
import argparse
import os
import re
import resource
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time

LISTENING = re.compile(r"listening on tls:127\.0\.0\.1:(\d+)")


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def make_certificate(folder):
    cert, key = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=parley.test"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return cert, key


def start_parley(binary, folder, cert, key, connections):
    config = os.path.join(folder, "parley.toml")
    with open(config, "w") as f:
        f.write(f"""[server]
listen = ["tls:127.0.0.1:0"]
workers = 1
log_level = "info"

[tls]
certificate = "{cert}"
private_key = "{key}"

[transport]
max_connections = {connections + 100}
max_connections_per_source = {connections + 100}
tcp_idle_timeout = 3600
""")
    proc = subprocess.Popen([binary, "serve", "--config", config], cwd=folder, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    port = {}
    seen = threading.Event()

    def drain():
        for line in proc.stderr:
            m = LISTENING.search(line)
            if m:
                port["tls"] = int(m.group(1))
                seen.set()
    threading.Thread(target=drain, daemon=True).start()
    if not seen.wait(10):
        proc.kill()
        raise SystemExit("parley did not report its TLS port")
    return proc, port["tls"]


def ping(sock):
    """RFC 5626 keep-alive over the TLS flow: CRLFCRLF must come back as CRLF."""
    sock.sendall(b"\r\n\r\n")
    return sock.recv(16) == b"\r\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--parley", default=os.environ.get("PARLEY_BIN"), help="the parley binary (or $PARLEY_BIN)")
    ap.add_argument("--connections", type=int, default=10000)
    ap.add_argument("--smoke", action="store_true", help="200 connections; fails unless it yields a figure")
    args = ap.parse_args()
    if not args.parley:
        raise SystemExit("--parley or $PARLEY_BIN must name the parley binary")
    args.parley = os.path.abspath(args.parley)  # parley runs in a temporary folder
    n = 200 if args.smoke else args.connections
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard < n + 64:
        raise SystemExit(f"the open file limit ({hard}) is below {n} connections")
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

    with tempfile.TemporaryDirectory(prefix="parley-tls-idle-") as folder:
        cert, key = make_certificate(folder)
        proc, port = start_parley(args.parley, folder, cert, key, n)
        try:
            time.sleep(0.3)
            before = rss_kb(proc.pid)
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            socks = []
            began = time.monotonic()
            for _ in range(n):
                raw = socket.create_connection(("127.0.0.1", port), timeout=10)
                socks.append(ctx.wrap_socket(raw, server_hostname="parley.test"))
            opened = time.monotonic() - began
            time.sleep(1.0)
            alive = ping(socks[0]) and ping(socks[-1])
            after = rss_kb(proc.pid)
            per = (after - before) * 1024 / n
            print(f"# {time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}; {os.cpu_count()} cores; "
                  f"{ssl.OPENSSL_VERSION}; parley: {args.parley}")
            print(f"connections {n}  handshakes in {opened:.1f} s  RSS before {before / 1024:.1f} MB  "
                  f"after {after / 1024:.1f} MB  per connection {per / 1024:.2f} KB  "
                  f"first and last flow answer a ping: {alive}")
            if not alive:
                raise SystemExit("an idle TLS connection no longer answers")
            if not args.smoke:
                verdict = "met" if after < 200 * 1024 else "MISSED"
                print(f"target: {n} idle TLS connections under 200 MB RSS: {verdict} ({after / 1024:.1f} MB)")
            for s in socks:
                s.close()
        finally:
            proc.send_signal(signal.SIGTERM)
            code = proc.wait(10)
        if code != 0:
            raise SystemExit(f"parley exited with {code} after SIGTERM")


if __name__ == "__main__":
    sys.exit(main())
