# SPDX-License-Identifier: MIT
"""The registrar (RFC 3261 §10.3) with digest authentication against SIPp, over UDP and over TCP:
each registration flow of RFC 3665 §2.1-2.5 and the bad input of issue 4, one scenario file each
(scenarios/register_*.xml; the scenarios themselves check the status codes, the Contact list with
its expires values, the Date header and the challenges). Every flow runs as its own user, added
with `parley user add` while the server runs. SIPp 3.6 computes MD5 digests only, so the server
offers MD5 alone here; the TLS test covers the default offer (SHA-256 first)."""
import unittest

import sip_client
import sipp
from parley_process import ParleyTestCase

TRANSPORTS = (("udp", "u1"), ("tcp", "t1"))
PASSWORD = "correct-horse"


class RegisterTest(ParleyTestCase):
    CONFIG = '[auth]\nalgorithms = ["MD5"]\n'

    def run_flow(self, scenario):
        """Runs scenarios/<scenario> once over UDP and once over TCP, each as a new user."""
        for name, transport in TRANSPORTS:
            with self.subTest(transport=name):
                user = f"{scenario.removesuffix('.xml').replace('_', '-')}-{name}"
                self.parley.add_user(user, PASSWORD)
                port = self.parley.udp_port if name == "udp" else self.parley.tcp_port
                sipp.run_scenario(scenario, port, transport, extra=sipp.digest_user(user, PASSWORD))

    def test_2_1_new_registration(self):
        self.run_flow("register_new.xml")

    def test_2_2_update_of_contact_list(self):
        self.run_flow("register_update.xml")

    def test_2_3_request_for_current_contact_list(self):
        self.run_flow("register_query.xml")

    def test_2_4_cancellation_of_registration(self):
        self.run_flow("register_cancel.xml")

    def test_2_5_unsuccessful_registration(self):
        self.run_flow("register_wrong_password.xml")  # its wrong password is in the scenario

    def test_bad_input_changes_nothing(self):
        self.run_flow("register_bad_input.xml")

    def test_sips_registration_needs_tls(self):
        self.run_flow("register_sips_needs_tls.xml")



class RegisterRawClientTest(ParleyTestCase):
    """Bad input a SIPp scenario cannot express, sent by the raw client with its own MD5 digest after
    registering contact A: 10,000 contacts in one REGISTER (issue 4), and a CSeq that is not above
    the binding's for the same Call-ID (RFC 3261 §10.3 step 7; SIPp drops the answer to a CSeq
    lower than one it saw as unexpected). max_message_size is raised so that the 10,000 contacts
    reach the registrar (at the default 64 KiB a stream carrying them is closed unanswered)."""
    CONFIG = '[auth]\nalgorithms = ["MD5"]\n[transport]\nmax_message_size = 1048576\n'
    CONTACT_A = "<sip:flood@192.0.2.1:5060>"
    FLOOD = [f"<sip:flood@192.0.2.{i % 250 + 1}:{10000 + i}>" for i in range(10000)]

    def setUp(self):
        self.parley.add_user("flood", PASSWORD)
        self.client = sip_client.TcpClient(self.parley.tcp_port, timeout=10)
        self.addCleanup(self.client.close)
        self.call_id = f"flood-{self.id()}"
        self.cseq = 0
        self.assertEqual(self.register([self.CONTACT_A], 3600).status, 200)

    def register(self, contact_lines, expires=None):
        """REGISTER, and when challenged the same again with credentials; the final answer."""
        self.cseq += 1
        request = lambda auth=None: sip_client.register("flood", "TCP", self.client.port, self.call_id, self.cseq,
                                                        contact_lines, expires, auth)
        self.client.send(request())
        (answer,) = self.client.responses(1)
        if answer.status != 401:
            return answer
        self.cseq += 1
        self.client.send(request(sip_client.digest_authorization(answer.header("www-authenticate"), "flood",
                                                                 PASSWORD)))
        (answer,) = self.client.responses(1)
        return answer

    def assert_only_contact_a(self):
        """A query lists A alone, with (nearly) the hour it was registered for."""
        answer = self.register([])
        self.assertEqual(answer.status, 200)
        self.assertEqual(len(answer.values("contact")), 1, answer.values("contact"))
        self.assertRegex(answer.values("contact")[0], r"^<sip:flood@192\.0\.2\.1:5060>;expires=3[56]\d\d$")

    def test_ten_thousand_contacts_in_one_header_get_403(self):
        answer = self.register([", ".join(self.FLOOD)], 3600)
        self.assertEqual(answer.status, 403)
        self.assertIn("Too many contacts", answer.reason)
        self.assert_only_contact_a()

    def test_cseq_not_above_the_bindings_gets_400(self):
        self.cseq = 0  # A was stored with CSeq 2: the challenged request gets 1, the answer 2 again
        answer = self.register([self.CONTACT_A], 60)
        self.assertEqual(answer.status, 400)
        self.assertIn("Out-of-order CSeq", answer.reason)
        self.assert_only_contact_a()

    def test_ten_thousand_contact_lines_get_400(self):
        answer = self.register(self.FLOOD, 3600)
        self.assertEqual(answer.status, 400)
        self.assertTrue(answer.reason, "a 400 without a reason phrase")
        self.assert_only_contact_a()


if __name__ == "__main__":
    unittest.main(verbosity=2)
