# SPDX-License-Identifier: MIT
"""Requests the server does not serve, RFC 3261 §8.2: 405 with Allow for INVITE, 501 for an unknown
method, 403 for a relay between two foreign domains (SIPp over UDP and TCP), and stateless 400s whose reason phrase names
the broken header (SIPp for a broken Via, Python for a CSeq method mismatch)."""
import unittest

import sip_client
import sipp
from parley_process import ParleyTestCase

SCENARIOS = ("invite_405.xml", "unknown_method_501.xml", "relay_forbidden_403.xml", "bad_via_400.xml")


class ErrorResponsesTest(ParleyTestCase):
    def test_sipp_scenarios_over_udp(self):
        for scenario in SCENARIOS:
            with self.subTest(scenario=scenario):
                sipp.run_scenario(scenario, self.parley.udp_port, "u1")

    def test_sipp_scenarios_over_tcp(self):
        for scenario in SCENARIOS:
            with self.subTest(scenario=scenario):
                sipp.run_scenario(scenario, self.parley.tcp_port, "t1")

    def test_cseq_method_mismatch_gets_400_bad_cseq(self):
        client = sip_client.UdpClient(self.parley.udp_port)
        answer = client.request(sip_client.options(via_port=client.port, cseq_method="INVITE"))
        self.assertEqual(answer.status, 400)
        self.assertTrue(answer.reason.startswith("Bad CSeq"), answer.reason)
        client.close()

    def test_405_allow_lists_what_is_served(self):
        client = sip_client.UdpClient(self.parley.udp_port)
        answer = client.request(sip_client.options(via_port=client.port, method="SUBSCRIBE",
                                                   cseq_method="SUBSCRIBE"))
        self.assertEqual(answer.status, 405)
        allowed = [m.strip() for m in (answer.header("allow") or "").split(",")]
        self.assertIn("OPTIONS", allowed)
        self.assertNotIn("SUBSCRIBE", allowed)
        client.close()


if __name__ == "__main__":
    unittest.main(verbosity=2)
