# SPDX-License-Identifier: MIT
"""Bad input for the proxy (issue 5, "Bad input"), sent by a raw UDP client to a running server
with short timers (T1 = 20 ms, so Timer B/F end a dead branch after 1.3 s) and authentication off:

- a broken Route header -> 400 naming Route; Max-Forwards 0 -> 483; an unknown Proxy-Require ->
  420 with Unsupported; a loop (a Request-URI that [[dns.hosts]] resolves back to the proxy) -> 482;
- a CANCEL matching no transaction -> 481; responses matching no transaction (a 180 and a 2xx
  with a Via of ours) -> dropped, nothing sent;
- a callee that answers the forwarded INVITE with garbage and then nothing -> the caller gets
  408 once Timer B fires;
- afterwards, at SIGTERM, every worker reports 0 transactions and 0 proxied requests alive (the
  server's own log line), so nothing above leaked.
"""
import re
import socket
import time
import unittest

import sip_client
from parley_process import ParleyProcess

CONFIG = ("[timers]\nt1_ms = 20\nt2_ms = 160\nt4_ms = 200\n[auth]\nenabled = false\n"
          '[[dns.hosts]]\nname = "loop.invalid"\naddress = "127.0.0.1"\n')
_count = iter(range(1, 1_000_000))


def request(method, ruri, via_port, extra=(), cseq_method=None, branch=None, call_id=None, max_forwards="70",
            to_tag=None):
    n = next(_count)
    lines = [f"{method} {ruri} SIP/2.0",
             f"Via: SIP/2.0/UDP 127.0.0.1:{via_port};branch={branch or f'z9hG4bK-bad-{n}'};rport",
             f"Max-Forwards: {max_forwards}",
             f"From: <sip:caller@example.com>;tag=bad-{n}",
             f"To: <{ruri}>" + (f";tag={to_tag}" if to_tag else ""),
             f"Call-ID: {call_id or f'bad-{n}@127.0.0.1'}",
             f"CSeq: 1 {cseq_method or method}"]
    lines += list(extra)
    return ("\r\n".join(lines) + "\r\nContent-Length: 0\r\n\r\n").encode()


def ack_for(r):
    """The ACK for a non-2xx final response to an INVITE (§17.1.1.3): stops its retransmission."""
    via, frm, to, call_id = (r.header(h) for h in ("via", "from", "to", "call-id"))
    cseq = r.header("cseq").split()[0]
    return (f"ACK sip:bob@example.com SIP/2.0\r\nVia: {via}\r\nMax-Forwards: 70\r\nFrom: {frm}\r\nTo: {to}\r\n"
            f"Call-ID: {call_id}\r\nCSeq: {cseq} ACK\r\nContent-Length: 0\r\n\r\n").encode()


def final(client, timeout=5.0):
    """The first final response (provisionals skipped); an INVITE's is acknowledged."""
    end = time.monotonic() + timeout
    while True:
        client.sock.settimeout(max(0.05, end - time.monotonic()))
        r = client.receive()
        if r.status >= 200:
            if r.header("cseq").endswith("INVITE") and r.status >= 300:
                client.send(ack_for(r))
            return r


class ForwardingBadInputTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.parley = ParleyProcess(workers=2, config_text=CONFIG).start()
        cls.client = sip_client.UdpClient(cls.parley.udp_port)

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        # Long enough for Timer K/J/H (64*T1 = 1.3 s) and the server INVITE transactions of 408s.
        time.sleep(2.5)
        cls.parley.stop()
        alive = [l for l in cls.parley.log_lines if "alive at stop" in l]
        assert len(alive) == 2, "\n".join(cls.parley.log_lines[-20:])
        for line in alive:
            assert re.search(r": 0 transaction\(s\), 0 proxied request\(s\) alive at stop", line), line

    def ask(self, data):
        self.client.send(data)
        return final(self.client)

    def test_broken_route_gets_400(self):
        r = self.ask(request("INVITE", "sip:bob@elsewhere.example.net", self.client.port,
                             ["Route: <sip:127.0.0.1;lr"]))
        self.assertEqual(r.status, 400)
        self.assertIn("Route", r.reason)

    def test_max_forwards_zero_gets_483(self):
        r = self.ask(request("INVITE", "sip:bob@elsewhere.example.net", self.client.port, max_forwards="0"))
        self.assertEqual(r.status, 483)

    def test_unknown_proxy_require_gets_420_with_unsupported(self):
        r = self.ask(request("MESSAGE", "sip:bob@elsewhere.example.net", self.client.port,
                             ["Proxy-Require: x-teleport, x-unicorn"]))
        self.assertEqual(r.status, 420)
        self.assertEqual(r.header("Unsupported"), "x-teleport, x-unicorn")

    def test_a_request_that_comes_back_gets_482(self):
        # "loop.invalid" is no name of ours, but the hosts table sends it to this very proxy: the
        # forwarded INVITE arrives again with our Via and the same loop-detection hash (§16.3 step 4).
        # Over TCP, so that the client transaction ends with the 482 (UDP would keep it 32 s in
        # Completed for Timer D, longer than this test waits before counting transactions).
        r = self.ask(request("INVITE", f"sip:bob@loop.invalid:{self.parley.tcp_port};transport=tcp", self.client.port))
        self.assertEqual(r.status, 482)

    def test_cancel_for_nothing_gets_481(self):
        r = self.ask(request("CANCEL", "sip:bob@example.com", self.client.port))
        self.assertEqual(r.status, 481)

    def test_responses_matching_no_transaction_are_dropped(self):
        for status in ("180 Ringing", "200 OK", "486 Busy Here"):
            self.client.send((f"SIP/2.0 {status}\r\n"
                              f"Via: SIP/2.0/UDP 127.0.0.1:{self.parley.udp_port};branch=z9hG4bK0123456789abcdef.0nothere\r\n"
                              "From: <sip:caller@example.com>;tag=x\r\nTo: <sip:bob@example.com>;tag=y\r\n"
                              "Call-ID: stray@127.0.0.1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n").encode())
        self.assertTrue(self.client.nothing_within(0.5))
        # Still serving.
        r = self.client.request(sip_client.options(via_port=self.client.port))
        self.assertEqual(r.status, 200)

    def test_callee_answering_garbage_leaves_the_caller_with_408(self):
        callee = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        callee.bind(("127.0.0.1", 0))
        callee.settimeout(3)
        try:
            port = callee.getsockname()[1]
            reg = sip_client.register("garbage", "UDP", self.client.port, "garbage-reg", 1,
                                      [f"<sip:garbage@127.0.0.1:{port}>"], 300)
            self.assertEqual(self.client.request(reg).status, 200)
            self.client.send(request("INVITE", "sip:garbage@example.com", self.client.port))
            data, proxy = callee.recvfrom(65536)
            self.assertTrue(data.startswith(b"INVITE sip:garbage@127.0.0.1"))
            for junk in (b"SIP/2.0 200\r\n\r\n", b"\x00\xff" * 40, b"SIP/2.0 180 Ringing\r\nVia: ;;;\r\n\r\n"):
                callee.sendto(junk, proxy)
            r = final(self.client, timeout=5)
            self.assertEqual(r.status, 408)
        finally:
            callee.close()


if __name__ == "__main__":
    unittest.main(verbosity=2)
