# SPDX-License-Identifier: MIT
"""The registrar (RFC 3261 §10.3) with digest authentication against SIPp, over UDP and over TCP:
each registration flow of RFC 3665 §2.1-2.5 and the bad input of issue 4, one scenario file each
(scenarios/register_*.xml; the scenarios themselves check the status codes, the Contact list with
its expires values, the Date header and the challenges). Every flow runs as its own user, added
with `parley user add` while the server runs. SIPp 3.6 computes MD5 digests only, so the server
offers MD5 alone here; the TLS test covers the default offer (SHA-256 first)."""
import unittest

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


if __name__ == "__main__":
    unittest.main(verbosity=2)
