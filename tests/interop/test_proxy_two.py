# SPDX-License-Identifier: MIT
"""Two `parley serve` instances as Proxy 1 (atlanta.example.com, 127.0.0.1) and Proxy 2
(biloxi.example.com, 127.0.0.2) of RFC 3665 §3.2 and §3.3: Proxy 1 reaches biloxi.example.com
through a [[dns.hosts]] entry (UDP, Proxy 2's port); bob registers at Proxy 2 (digest, realm
biloxi.example.com) from a SIPp UAS on 127.0.0.10.

§3.2: alice's INVITE is challenged by Proxy 1 alone (407, realm atlanta.example.com); Proxy 2 does
not challenge a caller of another domain. The callee sees Max-Forwards 68, three Vias (Proxy 2's,
Proxy 1's, alice's) and both proxies' Record-Route (Proxy 1's doubled when alice came over TCP);
ACK and BYE follow that route. Over UDP and TCP from alice to Proxy 1.

§3.3: Proxy 2 challenges atlanta's users too ([proxy] auth_domains, alice's account in realm
biloxi.example.com): alice (a raw Python client; SIPp answers one challenge only) gets 407 from
Proxy 1, then Proxy 2's 407 forwarded by Proxy 1, and succeeds with two Proxy-Authorization values,
one per realm; Proxy 1 removes its own and passes Proxy 2's on (RFC 3261 §22.3)."""
import hashlib
import re
import time
import unittest

import sip_client
import sipp
from parley_process import ParleyProcess
from test_proxy_flows import CALLEE_HOST, TRANSPORTS, assert_dialog_requests, assert_forwarded_invite, \
    record_route_of, uri_params, values

ATLANTA, BILOXI = "atlanta.example.com", "biloxi.example.com"
PASSWORD = "two-proxies"
MD5 = '[auth]\nalgorithms = ["MD5"]\n'


def proxy1_config(proxy2):
    return (MD5 + "[[dns.hosts]]\n"
            f'name = "{BILOXI}"\naddress = "{proxy2.host}"\ntransport = "udp"\nport = {proxy2.udp_port}\n')


class TwoProxiesCase(unittest.TestCase):
    PROXY2_CONFIG = MD5

    def setUp(self):
        self.proxy2 = ParleyProcess(workers=1, host="127.0.0.2", domains=[BILOXI], config_text=self.PROXY2_CONFIG)
        self.proxy2.start()
        self.addCleanup(self.stop, self.proxy2)
        self.proxy1 = ParleyProcess(workers=1, domains=[ATLANTA], config_text=proxy1_config(self.proxy2))
        self.proxy1.start()
        self.addCleanup(self.stop, self.proxy1)
        self.proxy1.add_user("alice", PASSWORD)
        self.proxy2.add_user("bob", PASSWORD)

    def stop(self, parley):
        if not parley._released:
            try:
                parley.stop()
            except AssertionError:
                print("---- parley log (last lines) ----\n" + parley.log())
                raise

    def run(self, result=None):
        before = len(result.failures) + len(result.errors) if result is not None else 0
        outcome = super().run(result)
        if result is not None and len(result.failures) + len(result.errors) > before:
            for name, parley in (("proxy 1", getattr(self, "proxy1", None)), ("proxy 2", getattr(self, "proxy2", None))):
                if parley is not None:
                    print(f"---- {name} log (last lines) ----\n" + parley.log())
        return outcome

    def start_bob(self, scenario="proxy_uas_answer.xml", extra=("-key", "mf", "68")):
        uas = sipp.start_callee(scenario, self.proxy2.udp_port, "bob", BILOXI, PASSWORD, "u1",
                                registrar_host=self.proxy2.host, extra=list(extra), local=CALLEE_HOST)
        self.addCleanup(uas.stop)
        return uas

    def assert_two_proxy_call(self, uas, in_name):
        hops = [(self.proxy1.host, self.proxy1.udp_port, "udp"), (self.proxy2.host, self.proxy2.udp_port, "udp")]
        rr = assert_forwarded_invite(self, uas, hops, in_name,
                                     [record_route_of(self.proxy1, in_name, "udp"),
                                      record_route_of(self.proxy2, "udp", "udp")])
        assert_dialog_requests(self, uas, self.proxy2.host, self.proxy2.udp_port, "udp")
        return rr


class TwoProxiesTest(TwoProxiesCase):
    def test_3_2_session_through_two_proxies(self):
        for name, transport in TRANSPORTS:
            with self.subTest(transport=name):
                uas = self.start_bob()
                port = self.proxy1.udp_port if name == "udp" else self.proxy1.tcp_port
                caller = sipp.SippRun("proxy_uac_call.xml", port, transport, extra=[
                    "-s", "bob", "-key", "caller", "alice", "-key", "from_domain", ATLANTA, "-key", "to_domain", BILOXI,
                    "-au", "alice", "-ap", PASSWORD, "-auth_uri", f"bob@{BILOXI}"]).start().wait()
                uas.wait()
                rr = self.assert_two_proxy_call(uas, name)
                # Only Proxy 1 challenged.
                self.assertEqual(re.findall(r"^challenge 407 realm=(.*)$", caller.scenario_log, re.M), [ATLANTA])
                _, ok = sipp.received(caller.message_log, "SIP/2.0 200 OK")[0]
                self.assertEqual(uri_params(values(ok, "record-route")), uri_params(rr))


class MultipleProxyAuthenticationTest(TwoProxiesCase):
    PROXY2_CONFIG = MD5 + f'[proxy]\nauth_domains = ["{ATLANTA}"]\n'

    def setUp(self):
        super().setUp()
        self.proxy2.add_user("alice", PASSWORD, realm=BILOXI)

    def test_3_3_both_proxies_challenge(self):
        uas = self.start_bob()
        caller = UdpCaller(self.proxy1.udp_port)
        self.addCleanup(caller.close)
        realms = caller.invite(f"sip:bob@{BILOXI}", "alice", ATLANTA, PASSWORD)
        self.assertEqual(realms, [ATLANTA, BILOXI])
        caller.ack_and_bye()
        uas.wait()
        self.assert_two_proxy_call(uas, "udp")


def digest(challenge, user, password, uri, nc):
    """Proxy-Authorization for an MD5 qop=auth challenge, used for the nc-th time: a nonce used
    again carries a higher nonce count (RFC 7616 §3.4), as when alice answers Proxy 2's challenge
    with Proxy 1's credentials again (RFC 3665 §3.3 F9)."""
    value = sip_client.digest_authorization(challenge, user, password, "INVITE", uri)
    if nc == 1:
        return value
    fields = dict(re.findall(r'(\w+)="?([^",]*)"?', value))
    md5 = lambda text: hashlib.md5(text.encode()).hexdigest()
    count = f"{nc:08x}"
    response = md5(":".join([md5(f"{user}:{fields['realm']}:{password}"), fields["nonce"], count, fields["cnonce"],
                             "auth", md5(f"INVITE:{uri}")]))
    return (value.replace(f'response="{fields["response"]}"', f'response="{response}"')
            .replace("nc=00000001", f"nc={count}"))


class UdpCaller:
    """The caller of §3.3 as raw SIP over UDP: answers every 407 by sending the INVITE again with one
    Proxy-Authorization per realm challenged so far (RFC 3261 §22.3), then ACK and BYE along the
    Record-Route of the 200."""

    def __init__(self, proxy_port):
        self.client = sip_client.UdpClient(proxy_port, timeout=10)
        self.proxy_port = proxy_port
        self.call_id = f"two-proxies-{time.monotonic_ns()}@127.0.0.1"
        self.tag = f"a{time.monotonic_ns()}"
        self.cseq = 0

    def close(self):
        self.client.close()

    def request(self, method, ruri, to, cseq, branch, extra=()):
        lines = [f"{method} {ruri} SIP/2.0",
                 f"Via: SIP/2.0/UDP 127.0.0.1:{self.client.port};branch={branch};rport",
                 "Max-Forwards: 70",
                 f"From: <sip:{self.user}@{self.domain}>;tag={self.tag}",
                 f"To: {to}", f"Call-ID: {self.call_id}", f"CSeq: {cseq} {method}", *extra]
        if method == "INVITE":
            lines.append(f"Contact: <sip:{self.user}@127.0.0.1:{self.client.port};transport=udp>")
        self.client.send(("\r\n".join(lines) + "\r\nContent-Length: 0\r\n\r\n").encode())

    def final(self, cseq_method):
        """The next final response for `cseq_method` (provisionals and retransmissions skipped)."""
        while True:
            answer = self.client.receive()
            if answer.status >= 200 and answer.header("cseq").endswith(cseq_method):
                return answer

    def invite(self, ruri, user, domain, password):
        """INVITE until a 2xx; returns the realms that challenged, in order."""
        self.user, self.domain, self.ruri = user, domain, ruri
        challenges, realms = {}, []  # realm -> [challenge, times used]
        for _ in range(4):
            self.cseq += 1
            branch = f"z9hG4bK-py3-{self.cseq}-{time.monotonic_ns()}"
            credentials = []
            for entry in challenges.values():
                entry[1] += 1
                credentials.append("Proxy-Authorization: " + digest(entry[0], user, password, ruri, entry[1]))
            self.request("INVITE", ruri, f"<{ruri}>", self.cseq, branch, credentials)
            answer = self.final("INVITE")
            if answer.status != 407:
                break
            self.request("ACK", ruri, answer.header("to"), self.cseq, branch)
            for challenge in answer.values("proxy-authenticate"):
                realm = re.search(r'realm="([^"]+)"', challenge).group(1)
                realms.append(realm)
                challenges[realm] = [challenge, 0]
        if answer.status != 200:
            raise AssertionError(f"INVITE ended with {answer.status} {answer.reason}")
        self.ok = answer
        return realms

    def ack_and_bye(self):
        contact = re.search(r"<([^>]+)>", self.ok.header("contact")).group(1)
        routes = [f"Route: {v}" for v in reversed(
            [v for value in self.ok.values("record-route") for v in re.findall(r"<[^>]+>", value)])]
        to = self.ok.header("to")
        self.request("ACK", contact, to, self.cseq, f"z9hG4bK-py3-ack-{time.monotonic_ns()}", routes)
        self.request("BYE", contact, to, self.cseq + 1, f"z9hG4bK-py3-bye-{time.monotonic_ns()}", routes)
        answer = self.final("BYE")
        if answer.status != 200:
            raise AssertionError(f"BYE answered {answer.status} {answer.reason}")


if __name__ == "__main__":
    unittest.main(verbosity=2)
