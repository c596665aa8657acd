# SPDX-License-Identifier: MIT
"""OPTIONS to the server (RFC 3261 §11) from real peers: SIPp over UDP and TCP, sipsak over UDP
and TCP, and a UDP retransmission answered from the server transaction (§17.2.2)."""
import subprocess
import unittest

import sip_client
import sipp
from parley_process import ParleyTestCase


class OptionsTest(ParleyTestCase):
    def test_sipp_udp_gets_200_with_allow_supported_server(self):
        sipp.run_scenario("options.xml", self.parley.udp_port, "u1")

    def test_sipp_tcp_gets_200_with_allow_supported_server(self):
        sipp.run_scenario("options.xml", self.parley.tcp_port, "t1")

    def test_sipp_retransmission_gets_same_200(self):
        # The scenario compares the To tags of the two 200s itself and fails the call if they differ.
        sipp.run_scenario("options_retransmitted.xml", self.parley.udp_port, "u1", extra=["-nr"])

    def test_each_retransmission_answered_exactly_once(self):
        client = sip_client.UdpClient(self.parley.udp_port)
        request = sip_client.options(via_port=client.port)
        answers = [client.request(request) for _ in range(3)]
        self.assertEqual([a.status for a in answers], [200, 200, 200])
        tags = {a.to_tag() for a in answers}
        self.assertEqual(len(tags), 1, f"a retransmission was processed again: To tags {tags}")
        self.assertIsNotNone(tags.pop())
        self.assertTrue(client.nothing_within(0.3), "more responses than requests")
        client.close()

    def test_via_port_zero_is_answered_at_the_source_port(self):
        # Found by the load benchmark: sipp 3.6 writes port 0 into its Via after 10,000 calls. A
        # sent-by port of 0 cannot be answered, so the answer goes to the source port (§18.2.2
        # leaves no other usable port; RFC 3581 does the same when asked).
        client = sip_client.UdpClient(self.parley.udp_port)
        answer = client.request(sip_client.options(via_port=0))
        self.assertEqual(answer.status, 200)
        client.close()

    def test_sipsak_udp_and_tcp_get_200(self):
        # The Request-URI names the listen address, which is "addressed to the server" too.
        # (sipsak 0.9.8 drops the last digit of a 5-digit port in the Request-URI it writes, which
        # is harmless here: the host alone decides.)
        for transport, port in (("udp", self.parley.udp_port), ("tcp", self.parley.tcp_port)):
            with self.subTest(transport=transport):
                done = subprocess.run(
                    ["sipsak", "-vv", "-E", transport, "-H", "127.0.0.1", "-s", f"sip:127.0.0.1:{port}"],
                    stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=10)
                self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
                self.assertIn("SIP/2.0 200 OK", done.stdout)
                self.assertIn("Server: Parley", done.stdout)


if __name__ == "__main__":
    unittest.main(verbosity=2)
