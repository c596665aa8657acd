# SPDX-License-Identifier: MIT
"""The callee's Contact on an address of the proxy itself (127.0.0.1, another port): a UA on the
proxy's host, e.g. a local media server or a softphone beside the server, is still a UA. The same
flows as test_proxy_flows.py with the callee SIPp on 127.0.0.1: RFC 3665 §3.1 (ACK and BYE for the
callee's Contact must be forwarded there, not taken as addressed to the proxy) and §3.4 failover
(the BYE goes to the Contact of the branch that answered, not to the AOR's bindings)."""
import unittest

import test_proxy_flows as flows
from test_proxy_flows import TRANSPORTS, ProxyFlowCase


class CalleeOnTheProxysAddressTest(ProxyFlowCase):
    CALLEE_HOST = "127.0.0.1"
    run_call = flows.ProxySuccessfulSessionTest.run_call

    def test_3_1_successful_session(self):
        for name, transport in TRANSPORTS:
            with self.subTest(transport=name):
                self.run_call(name, transport)

    test_3_4_failover_after_503 = flows.ProxyFailoverAndForkingTest.test_3_4_failover_after_503_from_the_first_contact


if __name__ == "__main__":
    unittest.main(verbosity=2)
