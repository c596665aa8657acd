# SPDX-License-Identifier: MIT
"""The stateful proxy (RFC 3261 §16) in RFC 3665 §3's successful flows, SIPp to SIPp through one
`parley serve` for example.com, over UDP and over TCP: §3.1 a session with proxy authentication,
§3.4 failover to the next contact (the first, higher-q contact answers 503, cannot be reached, or
does not answer at all: Timer B with [timers] t1_ms = 100), a call forked to two contacts of one
user, and TCP in / UDP out and back (double Record-Route).

The callee is a SIPp UAS registered (with digest) before each call, its scenario checking what the
proxy forwards: Request-URI rewritten to the registered Contact, the proxy's Via above the
caller's, Max-Forwards 69, Record-Route, no Route or Proxy-Authorization left, ACK and BYE along
the route set. The caller (scenarios/proxy_uac_call.xml) checks 407, 100 Trying, 180, 200 with one
Via left and the Record-Route. What the scenarios log is compared here exactly (ports, URIs).
SIPp computes MD5 digests only, so the server offers MD5 alone."""
import re
import time
import unittest

import sipp
from parley_process import ParleyTestCase

DOMAIN = "example.com"
PASSWORD = "proxy-secret"
CALLER = "alice"
TRANSPORTS = (("udp", "u1"), ("tcp", "t1"))
CONFIG = '[auth]\nalgorithms = ["MD5"]\n[timers]\nt1_ms = 100\n'
# The callees run on their own loopback address: an address of the proxy's own (127.0.0.1, another
# port) is a case of its own, test_proxy_own_address.py.
CALLEE_HOST = "127.0.0.10"


def log_values(log, key):
    """Every value a scenario logged as "KEY=VALUE" (one per line)."""
    return [m.group(1) for m in re.finditer(rf"^{re.escape(key)}=(.*)$", log, re.M)]


def split_values(header):
    """The comma-separated values of a header as SIPp joins repeated lines (commas inside <> kept)."""
    return [v.strip() for v in re.findall(r"(?:<[^>]*>|[^,])+", header) if v.strip()]


class ProxyFlowCase(ParleyTestCase):
    """Shared set-up for the proxy flow tests: one server, the caller alice, a fresh callee user
    per flow and transport."""
    CONFIG = CONFIG

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.parley.add_user(CALLER, PASSWORD)

    def port(self, name):
        return self.parley.udp_port if name == "udp" else self.parley.tcp_port

    def callee(self, name):
        user = f"{self.id().rsplit('.', 1)[1].replace('_', '-')}-{name}"[-40:].lstrip("-")
        self.parley.add_user(user, PASSWORD)
        return user

    CALLEE_HOST = CALLEE_HOST

    def start_callee(self, scenario, user, transport, q=None, extra=()):
        uas = sipp.start_callee(scenario, self.parley.udp_port, user, DOMAIN, PASSWORD, transport, q, extra=extra,
                                local=self.CALLEE_HOST)
        self.addCleanup(uas.stop)
        return uas

    def call(self, scenario, user, name, transport, extra=(), timeout_s=15):
        """Runs the caller alice -> sip:USER@example.com through the proxy over `name`."""
        return sipp.SippRun(scenario, self.port(name), transport, timeout_s=timeout_s,
                            extra=["-s", user, "-key", "caller", CALLER, "-key", "from_domain", DOMAIN,
                                   "-key", "to_domain", DOMAIN, "-au", CALLER, "-ap", PASSWORD,
                                   "-auth_uri", f"{user}@{DOMAIN}", *extra]).start().wait()

    def assert_proxied_invite(self, uas, out_name, in_name):
        """What the callee received: Request-URI = its contact, our Via on top of the caller's,
        MF 69, and the Record-Route this proxy must add (two values with ;r2=on when the
        transports differ); returns the Record-Route values."""
        return assert_forwarded_invite(self, uas, [(self.parley.host, self.port(out_name), out_name)], in_name,
                                       [record_route_of(self.parley, in_name, out_name)])

    def assert_dialog_requests(self, uas, out_name):
        assert_dialog_requests(self, uas, self.parley.host, self.port(out_name), out_name)


def values(fields, name):
    """Every value of header `name` in (name, value) fields, comma-joined lines split."""
    return [v for n, value in fields if n == name for v in split_values(value)]


def uri_params(name_addrs):
    """<sip:host:port;a;b=c> values as (sip:host:port, {params}): the order of URI parameters is free."""
    out = []
    for value in name_addrs:
        uri, *params = value.strip("<>").split(";")
        out.append((uri, frozenset(p.lower() for p in params)))
    return out


def record_route_of(parley, in_name, out_name):
    """The Record-Route values a Parley instance adds, in message order (RFC 3261 §16.6 step 4;
    RFC 5658 double Record-Route, the value facing the callee first, when transports differ)."""
    port = lambda name: parley.udp_port if name == "udp" else parley.tcp_port
    if in_name == out_name:
        return [f"<sip:{parley.host}:{port(in_name)};transport={in_name};lr>"]
    return [f"<sip:{parley.host}:{port(name)};transport={name};lr;r2=on>" for name in (out_name, in_name)]


def assert_forwarded_invite(test, uas, hops, in_name, record_routes):
    """The first INVITE the callee `uas` received went through `hops` [(host, port, transport name)
    of each proxy, caller side first]: Request-URI its Contact, one Via per proxy (the last one's on
    top: z9hG4bK branch, rport) above the caller's, Max-Forwards 70 minus one per proxy, the
    Record-Route values given (per proxy, caller side first), no Route, no Proxy-Authorization."""
    line, fields = sipp.received(uas.message_log, "INVITE ")[0]
    test.assertEqual(line.lower(), f"invite {uas.contact} sip/2.0".lower(), fields)
    vias = values(fields, "via")
    test.assertEqual(len(vias), len(hops) + 1, vias)
    for via, (host, port, name) in zip(vias, reversed(hops)):
        test.assertRegex(via, rf"^SIP/2\.0/{name.upper()} {re.escape(host)}:{port};branch=z9hG4bK[^;,]+(;.*)?$")
        test.assertIn(";rport", via)
    test.assertRegex(vias[-1], rf"^SIP/2\.0/{in_name.upper()} 127\.0\.0\.1:\d+;branch=z9hG4bK-")
    test.assertEqual(values(fields, "max-forwards"), [str(70 - len(hops))])
    expected_rr = [v for values_of_one in reversed(record_routes) for v in values_of_one]
    test.assertEqual(uri_params(values(fields, "record-route")), uri_params(expected_rr))
    test.assertEqual(values(fields, "route"), [])
    test.assertEqual(values(fields, "proxy-authorization"), [])
    return expected_rr


def assert_dialog_requests(test, uas, host, port, name):
    """ACK and BYE reached the callee's Contact from the proxy next to it (its Via on top), with no
    Route header left."""
    for method in ("ACK", "BYE"):
        got = sipp.received(uas.message_log, f"{method} ")
        test.assertTrue(got, f"the callee received no {method}")
        line, fields = got[0]
        test.assertEqual(line.lower(), f"{method} {uas.contact} sip/2.0".lower())
        test.assertRegex(values(fields, "via")[0], rf"^SIP/2\.0/{name.upper()} {re.escape(host)}:{port};branch=z9hG4bK")
        test.assertEqual(values(fields, "route"), [])


class ProxySuccessfulSessionTest(ProxyFlowCase):
    def run_call(self, name, transport, callee_transport=None, out_name=None):
        out_name = out_name or name
        user = self.callee(name)
        uas = self.start_callee("proxy_uas_answer.xml", user, callee_transport or transport,
                                extra=["-key", "mf", "69"])
        caller = self.call("proxy_uac_call.xml", user, name, transport)
        uas.wait()
        rr = self.assert_proxied_invite(uas, out_name, name)
        self.assert_dialog_requests(uas, out_name)
        # The caller was challenged for example.com and got the same Record-Route on the 200.
        self.assertEqual(log_values(caller.scenario_log, "challenge 407 realm"), [DOMAIN], caller.scenario_log)
        _, ok = sipp.received(caller.message_log, "SIP/2.0 200 OK")[0]
        self.assertEqual(uri_params(values(ok, "record-route")), uri_params(rr))
        self.assertIn("bye answered", caller.scenario_log)

    def test_3_1_successful_session_with_proxy_authentication(self):
        for name, transport in TRANSPORTS:
            with self.subTest(transport=name):
                self.run_call(name, transport)

    def test_tcp_in_udp_out_double_record_route(self):
        self.run_call("tcp", "t1", callee_transport="u1", out_name="udp")

    def test_udp_in_tcp_out_double_record_route(self):
        self.run_call("udp", "u1", callee_transport="t1", out_name="tcp")


class ProxyFailoverAndForkingTest(ProxyFlowCase):
    def test_3_4_failover_after_503_from_the_first_contact(self):
        """The q=1.0 contact answers 503 Service Unavailable; the proxy tries the q=0.5 contact."""
        for name, transport in TRANSPORTS:
            with self.subTest(transport=name):
                user = self.callee(name)
                first = self.start_callee("proxy_uas_503.xml", user, transport, q="1.0")
                second = self.start_callee("proxy_uas_answer.xml", user, transport, q="0.5",
                                           extra=["-key", "mf", "69"])
                self.call("proxy_uac_call.xml", user, name, transport)
                first.wait()
                second.wait()
                self.assertEqual(log_values(first.scenario_log, "invite ruri"), [first.contact])
                self.assertEqual(len(sipp.received(second.message_log, "INVITE ")), 1)
                self.assert_proxied_invite(second, name, name)

    def test_3_4_failover_when_the_first_contact_cannot_be_reached(self):
        """The q=1.0 contact is a TCP port nobody listens on (connection refused: a transport
        error, RFC 3261 §16.7 step 1 / §8.1.3.1); the proxy tries the q=0.5 contact at once."""
        for name, transport in TRANSPORTS:
            with self.subTest(transport=name):
                user = self.callee(name)
                dead_port = sipp.free_port("t1", CALLEE_HOST)
                sipp.SippRun("proxy_register.xml", self.parley.udp_port, "u1", timeout_s=10,
                             extra=["-s", user, "-key", "domain", DOMAIN, "-key", "contact",
                                    f"<sip:{user}@{CALLEE_HOST}:{dead_port};transport=tcp>;q=1.0",
                                    "-au", user, "-ap", PASSWORD, "-auth_uri", DOMAIN]).start().wait()
                second = self.start_callee("proxy_uas_answer.xml", user, transport, q="0.5",
                                           extra=["-key", "mf", "69"])
                self.call("proxy_uac_call.xml", user, name, transport)
                second.wait()
                self.assert_proxied_invite(second, name, name)

    def test_3_4_failover_when_the_first_contact_does_not_answer(self):
        """The q=1.0 contact receives the INVITE and stays silent (RFC 3665 §3.4: proxy failure):
        after Timer B (64*T1 = 6.4 s) the proxy tries the q=0.5 contact, which answers."""
        for name, transport in TRANSPORTS:
            with self.subTest(transport=name):
                user = self.callee(name)
                first = self.start_callee("proxy_uas_silent.xml", user, transport, q="1.0", extra=["-d", "8000"])
                second = self.start_callee("proxy_uas_answer.xml", user, transport, q="0.5",
                                           extra=["-key", "mf", "69"])
                began = time.monotonic()
                self.call("proxy_uac_call.xml", user, name, transport)
                self.assertGreater(time.monotonic() - began, 6.0)
                second.wait()
                first.wait()
                self.assertEqual(log_values(first.scenario_log, "invite ruri"), [first.contact])
                self.assert_proxied_invite(second, name, name)

    def test_forking_to_two_contacts_one_answers_the_other_is_cancelled(self):
        """Two contacts with the same q ring in parallel (RFC 3261 §16.6); the one that answers
        (after 500 ms) gets ACK and BYE, the other CANCEL (and sends 487, which the proxy ACKs)."""
        for name, transport in TRANSPORTS:
            with self.subTest(transport=name):
                user = self.callee(name)
                loser = self.start_callee("proxy_uas_cancelled.xml", user, transport)
                winner = self.start_callee("proxy_uas_answer.xml", user, transport,
                                           extra=["-key", "mf", "69", "-d", "500"])
                self.call("proxy_uac_call.xml", user, name, transport)
                winner.wait()
                loser.wait()
                self.assert_proxied_invite(winner, name, name)
                self.assertIn("cancel branch=", loser.scenario_log)


if __name__ == "__main__":
    unittest.main(verbosity=2)
