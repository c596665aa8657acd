# SPDX-License-Identifier: MIT
"""RFC 3665 §3's unsuccessful sessions through the stateful proxy, SIPp to SIPp over UDP and TCP,
the caller authenticated with 407 first: §3.8 no answer (the caller CANCELs after 180: 200 to the
CANCEL, the callee gets CANCEL and answers 487, the caller gets 487 and ACKs it), §3.9 busy (486
passed back), §3.10 no response (the callee stays silent: 408 after Timer B, 64*T1 with
[timers] t1_ms = 100), §3.11 unavailable (a user without bindings: 480), and Timer C (§16.8,
[proxy] timer_c = 3): a callee that rings and never answers is cancelled by the proxy and the
caller gets a final response. The callees run on 127.0.0.10 (see test_proxy_flows.py)."""
import time
import unittest

import sipp
from test_proxy_flows import CONFIG, TRANSPORTS, ProxyFlowCase


class RefusedCallCase(ProxyFlowCase):
    def refused(self, user, name, transport, final, timeout_s=15):
        """The caller's INVITE (after the 407) ends with `final` (the scenario checks it too)."""
        caller = self.call("proxy_uac_refused.xml", user, name, transport, extra=["-key", "final", final],
                           timeout_s=timeout_s)
        self.assertIn(f"final {final}", caller.scenario_log)
        return caller


class ProxyUnsuccessfulSessionTest(RefusedCallCase):
    def test_3_8_no_answer_caller_cancels(self):
        for name, transport in TRANSPORTS:
            with self.subTest(transport=name):
                user = self.callee(name)
                uas = self.start_callee("proxy_uas_cancelled.xml", user, transport)
                caller = self.call("proxy_uac_cancel.xml", user, name, transport)
                uas.wait()
                self.assertIn("cancel answered", caller.scenario_log)
                self.assertIn("final 487", caller.scenario_log)
                self.assertEqual(len(sipp.received(uas.message_log, "CANCEL ")), 1, uas.message_log[-3000:])

    def test_3_9_busy(self):
        for name, transport in TRANSPORTS:
            with self.subTest(transport=name):
                user = self.callee(name)
                uas = self.start_callee("proxy_uas_busy.xml", user, transport)
                self.refused(user, name, transport, "486")
                uas.wait()

    def test_3_10_no_response(self):
        """Timer B (64*T1 = 6.4 s) ends the proxy's client transaction: 408 to the caller."""
        for name, transport in TRANSPORTS:
            with self.subTest(transport=name):
                user = self.callee(name)
                uas = self.start_callee("proxy_uas_silent.xml", user, transport, extra=["-d", "8000"])
                began = time.monotonic()
                self.refused(user, name, transport, "408", timeout_s=20)
                took = time.monotonic() - began
                self.assertGreater(took, 6.0)
                self.assertLess(took, 12.0)
                uas.wait()

    def test_3_11_unavailable(self):
        """A user of ours who has no binding: 480 Temporarily Unavailable."""
        for name, transport in TRANSPORTS:
            with self.subTest(transport=name):
                self.refused(self.callee(name), name, transport, "480")


class ProxyTimerCTest(RefusedCallCase):
    CONFIG = CONFIG + "[proxy]\ntimer_c = 3\n"

    def test_timer_c_cancels_a_callee_that_rings_forever(self):
        for name, transport in TRANSPORTS:
            with self.subTest(transport=name):
                user = self.callee(name)
                uas = self.start_callee("proxy_uas_cancelled.xml", user, transport)
                began = time.monotonic()
                self.refused(user, name, transport, "408", timeout_s=15)
                took = time.monotonic() - began
                uas.wait()  # it got the proxy's CANCEL on the INVITE's branch and ACK for its 487
                self.assertGreater(took, 2.5)
                self.assertLess(took, 8.0)


if __name__ == "__main__":
    unittest.main(verbosity=2)
