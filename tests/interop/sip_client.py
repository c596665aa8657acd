# SPDX-License-Identifier: MIT
"""A deliberately small SIP client for the tests SIPp cannot express: raw bytes over UDP and TCP
(split writes, pipelining, keep-alives, garbage). Only 127.0.0.1 is ever contacted.
"""
import hashlib
import itertools
import re
import socket
import time

HOST = "127.0.0.1"
_counter = itertools.count(1)


def options(via_transport="UDP", via_port=9, ruri="sip:example.com", cseq_method="OPTIONS", tag=None,
            call_id=None, branch=None, method="OPTIONS"):
    """An OPTIONS (or `method`) request as bytes; each call gets a fresh branch, tag and Call-ID."""
    n = next(_counter)
    branch = branch or f"z9hG4bK-py-{n}-{time.monotonic_ns()}"
    call_id = call_id or f"py-{n}-{time.monotonic_ns()}@127.0.0.1"
    return (f"{method} {ruri} SIP/2.0\r\n"
            f"Via: SIP/2.0/{via_transport} 127.0.0.1:{via_port};branch={branch}\r\n"
            "Max-Forwards: 70\r\n"
            f"From: <sip:py@example.com>;tag={tag or f'py{n}'}\r\n"
            "To: <sip:example.com>\r\n"
            f"Call-ID: {call_id}\r\n"
            f"CSeq: {n} {cseq_method}\r\n"
            "Content-Length: 0\r\n\r\n").encode()


def register(user, via_transport, via_port, call_id, cseq, contact_lines=(), expires=None, authorization=None):
    """A REGISTER for sip:<user>@example.com as bytes; `contact_lines` are whole Contact values, one
    header line each."""
    lines = [f"REGISTER sip:example.com SIP/2.0",
             f"Via: SIP/2.0/{via_transport} 127.0.0.1:{via_port};branch=z9hG4bK-py-{next(_counter)}-{time.monotonic_ns()}",
             "Max-Forwards: 70",
             f"From: <sip:{user}@example.com>;tag=py-{call_id}",
             f"To: <sip:{user}@example.com>",
             f"Call-ID: {call_id}",
             f"CSeq: {cseq} REGISTER"]
    lines += [f"Contact: {c}" for c in contact_lines]
    if expires is not None:
        lines.append(f"Expires: {expires}")
    if authorization:
        lines.append(f"Authorization: {authorization}")
    return ("\r\n".join(lines) + "\r\nContent-Length: 0\r\n\r\n").encode()


def digest_authorization(challenge, user, password, method="REGISTER", uri="sip:example.com"):
    """Authorization value answering one MD5 WWW-Authenticate `challenge` with qop=auth (RFC 7616
    §3.4.1 with MD5, RFC 2617 §3.2.2)."""
    fields = {name: quoted or token for name, quoted, token in re.findall(r'(\w+)=(?:"([^"]*)"|([^,\s]+))', challenge)}
    if fields.get("algorithm", "MD5") != "MD5" or "auth" not in fields.get("qop", "").split(","):
        raise AssertionError(f"not an MD5 qop=auth challenge: {challenge}")
    md5 = lambda text: hashlib.md5(text.encode()).hexdigest()
    cnonce, nc = f"{time.monotonic_ns():x}", "00000001"
    response = md5(":".join([md5(f"{user}:{fields['realm']}:{password}"), fields["nonce"], nc, cnonce, "auth",
                             md5(f"{method}:{uri}")]))
    return (f'Digest username="{user}", realm="{fields["realm"]}", nonce="{fields["nonce"]}", uri="{uri}", '
            f'response="{response}", algorithm=MD5, qop=auth, nc={nc}, cnonce="{cnonce}", opaque="{fields["opaque"]}"')


class Response:
    """Status line and headers of one response (header names lower-cased; body ignored)."""

    def __init__(self, raw):
        head = raw.split(b"\r\n\r\n", 1)[0].decode("utf-8", "replace")
        lines = head.split("\r\n")
        version, status, *reason = lines[0].split(" ", 2)
        if version != "SIP/2.0":
            raise AssertionError(f"not a SIP response: {lines[0]!r}")
        self.raw = raw
        self.status = int(status)
        self.reason = reason[0] if reason else ""
        self.headers = {}
        self.fields = []  # every header line as (lower-case name, value), in order
        for line in lines[1:]:
            name, _, value = line.partition(":")
            self.headers.setdefault(name.strip().lower(), value.strip())
            self.fields.append((name.strip().lower(), value.strip()))

    def header(self, name):
        return self.headers.get(name.lower())

    def values(self, name):
        """The values of every header line called `name`."""
        return [value for field, value in self.fields if field == name.lower()]

    def to_tag(self):
        to = self.header("to") or ""
        return to.split("tag=", 1)[1].split(";")[0] if "tag=" in to else None

    def __repr__(self):
        return f"<{self.status} {self.reason}>"


class UdpClient:
    def __init__(self, port, timeout=3.0):
        self.server = (HOST, port)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((HOST, 0))
        self.sock.settimeout(timeout)
        self.port = self.sock.getsockname()[1]

    def send(self, data):
        self.sock.sendto(data, self.server)

    def receive(self):
        return Response(self.sock.recv(65536))

    def request(self, data):
        self.send(data)
        return self.receive()

    def nothing_within(self, seconds):
        """True when no datagram arrives within `seconds`."""
        self.sock.settimeout(seconds)
        try:
            self.sock.recv(65536)
            return False
        except socket.timeout:
            return True

    def close(self):
        self.sock.close()


class TcpClient:
    """One TCP connection; `responses(n)` reads exactly n framed responses (by Content-Length)."""

    def __init__(self, port, timeout=3.0):
        self.sock = socket.create_connection((HOST, port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.port = self.sock.getsockname()[1]
        self.pending = b""

    def send(self, data):
        self.sock.sendall(data)

    def read_some(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise AssertionError("server closed the connection")
        self.pending += chunk

    def responses(self, n):
        out = []
        while len(out) < n:
            end = self.pending.find(b"\r\n\r\n")
            if end < 0:
                self.read_some()
                continue
            head = self.pending[:end].decode("utf-8", "replace").lower()
            length = 0
            for line in head.split("\r\n"):
                if line.startswith("content-length:") or line.startswith("l:"):
                    length = int(line.split(":", 1)[1])
            total = end + 4 + length
            while len(self.pending) < total:
                self.read_some()
            out.append(Response(self.pending[:total]))
            self.pending = self.pending[total:]
        return out

    def close(self):
        self.sock.close()
