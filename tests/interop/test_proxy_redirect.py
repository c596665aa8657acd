# SPDX-License-Identifier: MIT
"""RFC 3665 §3.6, the redirect server: `parley serve --mode redirect` is a registrar that answers an
INVITE for a registered user with 302 Moved Temporarily listing every binding as a Contact with its
q, highest q first (RFC 3261 §8.3, §21.3.3); a user it knows without bindings gets 480, an unknown
user 404. bob registers two contacts (q=1.0 and q=0.5) with digest through SIPp; the caller
(scenarios/proxy_uac_redirect.xml, a user of another domain, so not challenged) checks the status
and ACKs the final response; the Contact list is compared here. Over UDP and TCP."""
import unittest

import sipp
from parley_process import ParleyProcess, ParleyTestCase
from test_proxy_flows import CALLEE_HOST, TRANSPORTS, values

DOMAIN = "example.com"
PASSWORD = "redirect-secret"


class RedirectServerTest(ParleyTestCase):
    CONFIG = '[auth]\nalgorithms = ["MD5"]\n'

    @classmethod
    def setUpClass(cls):
        cls.parley = ParleyProcess(
            workers=2, config_text=cls.CONFIG, extra_args=["--mode", "redirect"]).start()

    def register(self, user, contact):
        sipp.SippRun("proxy_register.xml", self.parley.udp_port, "u1", timeout_s=10, extra=[
            "-s", user, "-key", "domain", DOMAIN, "-key", "contact", contact,
            "-au", user, "-ap", PASSWORD, "-auth_uri", DOMAIN]).start().wait()

    def invite(self, user, name, transport, final):
        port = self.parley.udp_port if name == "udp" else self.parley.tcp_port
        caller = sipp.SippRun("proxy_uac_redirect.xml", port, transport, extra=[
            "-s", user, "-key", "caller", "carol", "-key", "from_domain", "elsewhere.example.net",
            "-key", "to_domain", DOMAIN, "-key", "final", final]).start().wait()
        self.assertIn(f"final {final}", caller.scenario_log)
        return caller

    def test_3_6_302_lists_the_contacts_by_q(self):
        for name, transport in TRANSPORTS:
            with self.subTest(transport=name):
                user = f"bob-{name}"
                self.parley.add_user(user, PASSWORD)
                low = f"sip:{user}@{CALLEE_HOST}:5070;transport=udp"
                high = f"sip:{user}@{CALLEE_HOST}:5080;transport=tcp"
                self.register(user, f"<{low}>;q=0.5")
                self.register(user, f"<{high}>;q=1.0")
                caller = self.invite(user, name, transport, "302")
                line, fields = sipp.received(caller.message_log, "SIP/2.0 302")[0]
                self.assertEqual(line, "SIP/2.0 302 Moved Temporarily")
                contacts = [v.replace("q=1.0", "q=1").replace("q=0.50", "q=0.5") for v in values(fields, "contact")]
                self.assertEqual(contacts, [f"<{high}>;q=1", f"<{low}>;q=0.5"], fields)

    def test_known_user_without_bindings_gets_480(self):
        for name, transport in TRANSPORTS:
            with self.subTest(transport=name):
                self.parley.add_user(f"carl-{name}", PASSWORD)
                self.invite(f"carl-{name}", name, transport, "480")

    def test_unknown_user_gets_404(self):
        for name, transport in TRANSPORTS:
            with self.subTest(transport=name):
                self.invite("nobody", name, transport, "404")


if __name__ == "__main__":
    unittest.main(verbosity=2)
