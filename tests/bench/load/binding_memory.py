#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Memory per stored binding (issue 4): fills the location store of a data folder with N bindings
(default 1,000,000), starts `parley serve` on it, looks up a random sample of the AORs with
REGISTER queries (RFC 3665 §2.3, digest off so each query is one round trip), and reports:

    server RSS after the queries / N      and      database file bytes / N

The bindings are written straight into the SQLite file the server created (the columns are read
from the file with PRAGMA table_info, so a schema change shows up as an error here, not as a
wrong figure), in one transaction: registering a million users through the server would take
longer than the measurement is worth. What the server keeps in memory for its bindings is what
this measures; the bindings themselves live in the file.

    tests/bench/load/binding_memory.py --parley build/release/src/app/parley [--bindings N]
"""
import argparse
import os
import random
import socket
import sqlite3
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "interop"))
from parley_process import DOMAIN, ParleyProcess  # noqa: E402
from load_common import describe_machine, rss_kib  # noqa: E402

CONFIG = "[auth]\nenabled = false\n"


def value_for(column, i, now):
    """A realistic value per binding column (a phone registered over UDP behind NAT)."""
    user = f"user{i:07d}"
    values = {
        "aor": f"sip:{user}@{DOMAIN}",
        "contact": f"sip:{user}@198.51.{i // 65536 % 256}.{i % 250}:{5060 + i % 1000};ob",
        "contact_params": ';+sip.instance="<urn:uuid:00000000-0000-1000-8000-%012x>";reg-id=1' % i,
        "call_id": f"{i:08x}-4f1c-11ee-9a3b-0242ac120002",
        "cseq": 2, "expires": now + 3600, "updated": now, "q": -1, "path": "", "instance":
        "<urn:uuid:00000000-0000-1000-8000-%012x>" % i, "reg_id": 1, "user_agent": "Parley-bench/1.0",
        "flow_transport": 0, "flow_address": f"198.51.{i // 65536 % 256}.{i % 250}",
        "flow_port": 5060 + i % 1000, "flow_connection": 0, "flow_node": "bench",
    }
    if column not in values:
        raise SystemExit(f"binding_memory: unknown column bindings.{column}: update value_for()")
    return values[column]


def fill(db, count):
    now = int(time.time())
    with sqlite3.connect(db) as c:
        columns = [row[1] for row in c.execute("PRAGMA table_info(bindings)") if row[1] != "id"]
        sql = f"INSERT INTO bindings ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        c.executemany(sql, ([value_for(col, i, now) for col in columns] for i in range(count)))
    with sqlite3.connect(db) as c:
        c.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def query(sock, port, user, n):
    msg = (f"REGISTER sip:{DOMAIN} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{sock.getsockname()[1]};branch=z9hG4bKq{n};rport\r\n"
           f"Max-Forwards: 70\r\nFrom: <sip:{user}@{DOMAIN}>;tag=q{n}\r\nTo: <sip:{user}@{DOMAIN}>\r\n"
           f"Call-ID: query-{n}\r\nCSeq: 1 REGISTER\r\nContent-Length: 0\r\n\r\n")
    sock.sendto(msg.encode(), ("127.0.0.1", port))
    reply = sock.recv(65536).decode(errors="replace")
    return reply.startswith("SIP/2.0 200") and f"sip:{user}@" in reply


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--parley", default=os.environ.get("PARLEY_BIN"))
    parser.add_argument("--bindings", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=2000)
    args = parser.parse_args()
    if not args.parley:
        parser.error("--parley or $PARLEY_BIN must name the parley binary")
    os.environ["PARLEY_BIN"] = os.path.abspath(args.parley)
    describe_machine()
    with tempfile.TemporaryDirectory(prefix="parley-binding-memory-") as work:
        data_dir = os.path.join(work, "data")
        with ParleyProcess(workers=1, config_text=CONFIG, data_dir=data_dir) as parley:
            empty_rss = rss_kib(parley.pid)
        db = os.path.join(data_dir, "parley.db")
        began = time.monotonic()
        fill(db, args.bindings)
        print(f"# {args.bindings} bindings written in {time.monotonic() - began:.1f} s; "
              f"database {os.path.getsize(db) / 1e6:.1f} MB", flush=True)
        with ParleyProcess(workers=1, config_text=CONFIG, data_dir=data_dir) as parley:
            started_rss = rss_kib(parley.pid)
            sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            sock.bind(("127.0.0.1", 0))
            sock.settimeout(5)
            ok = sum(query(sock, parley.udp_port, f"user{random.randrange(args.bindings):07d}", n)
                     for n in range(args.queries))
            queried_rss = rss_kib(parley.pid)
        if ok != args.queries:
            raise SystemExit(f"binding_memory: only {ok} of {args.queries} queries returned their binding")
        db_bytes = os.path.getsize(db)
        print(f"RSS empty store {empty_rss / 1024:.1f} MiB; with {args.bindings} bindings: {started_rss / 1024:.1f} MiB "
              f"at start, {queried_rss / 1024:.1f} MiB after {ok} random queries (all answered with their binding)")
        print(f"per binding: {queried_rss * 1024 / args.bindings:.1f} bytes of server RSS "
              f"({(queried_rss - empty_rss) * 1024 / args.bindings:.1f} above the empty server); "
              f"{db_bytes / args.bindings:.0f} bytes of database file")


if __name__ == "__main__":
    main()
