# SPDX-License-Identifier: MIT
"""Parley interoperates with another proxy (issue 5): RFC 3665 §3.2 with Parley as Proxy 1
(atlanta.example.com, 127.0.0.1, 407 proxy authentication) and Kamailio 5.6 from Debian as Proxy 2
(biloxi.example.com, 127.0.0.3: tm, rr, registrar with usrloc in memory; kamailio/kamailio.cfg).
bob registers at Kamailio from a SIPp UAS on 127.0.0.10; alice (SIPp) calls sip:bob@biloxi through
Parley, which reaches Kamailio through a [[dns.hosts]] entry. Asserted: alice's 407 from Parley
(realm atlanta.example.com), 100/180/200, the callee's INVITE with Max-Forwards 68, Kamailio's Via
on top of Parley's on top of alice's, the Record-Route of both proxies (Kamailio's first) also on
the 200 alice gets, and ACK and BYE reaching bob from Kamailio along that route. Over UDP and TCP
from alice to Parley (Parley to Kamailio UDP). Kamailio runs in the foreground (-DD -E) with its
own runtime folder and is stopped with SIGTERM at the end."""
import os
import re
import signal
import subprocess
import tempfile
import threading
import unittest

import sipp
from parley_process import ParleyProcess
from test_proxy_flows import CALLEE_HOST, TRANSPORTS, assert_dialog_requests, record_route_of, uri_params, values

ATLANTA, BILOXI = "atlanta.example.com", "biloxi.example.com"
KAMAILIO_HOST = "127.0.0.3"
PASSWORD = "kamailio-interop"
KAMAILIO_CFG = os.path.join(os.path.dirname(os.path.abspath(__file__)), "kamailio", "kamailio.cfg")


class KamailioProcess:
    """kamailio -DD -E on udp:127.0.0.3:<a free port>, its stderr drained into log_lines."""

    def __init__(self):
        self.port = sipp.free_port("u1", KAMAILIO_HOST)
        self.log_lines = []
        self._dir = tempfile.TemporaryDirectory(prefix="parley-kamailio-")
        self._proc = subprocess.Popen(
            ["kamailio", "-DD", "-E", "-f", KAMAILIO_CFG, "-l", f"udp:{KAMAILIO_HOST}:{self.port}",
             "-Y", self._dir.name, "-P", os.path.join(self._dir.name, "kamailio.pid"), "-m", "32", "-M", "4"],
            cwd=self._dir.name, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self._drain = threading.Thread(target=self._read, daemon=True)
        self._drain.start()
        try:
            sipp.wait_bound(self.port, "u1", KAMAILIO_HOST, within_s=10, alive=lambda: self._proc.poll() is None)
        except AssertionError:
            self.stop(check=False)
            raise AssertionError("kamailio did not start:\n" + self.log())

    def _read(self):
        for line in self._proc.stderr:
            self.log_lines.append(line.rstrip("\n"))

    def log(self, last=40):
        return "\n".join(self.log_lines[-last:])

    def stop(self, check=True):
        """SIGTERM to the main process (it ends its children); it must be gone within 10 s."""
        try:
            if self._proc.poll() is None:
                self._proc.send_signal(signal.SIGTERM)
                try:
                    self._proc.wait(10)
                except subprocess.TimeoutExpired:
                    self._proc.kill()
                    self._proc.wait()
                    if check:
                        raise AssertionError("kamailio still running 10 s after SIGTERM:\n" + self.log())
        finally:
            self._drain.join(2)
            self._proc.stderr.close()
            self._dir.cleanup()


class KamailioAsProxy2Test(unittest.TestCase):
    def setUp(self):
        self.kamailio = KamailioProcess()
        self.addCleanup(self.kamailio.stop)
        config = ('[auth]\nalgorithms = ["MD5"]\n[[dns.hosts]]\n'
                  f'name = "{BILOXI}"\naddress = "{KAMAILIO_HOST}"\ntransport = "udp"\nport = {self.kamailio.port}\n')
        self.parley = ParleyProcess(workers=1, domains=[ATLANTA], config_text=config).start()
        self.addCleanup(self.stop_parley)
        self.parley.add_user("alice", PASSWORD)

    def stop_parley(self):
        if not self.parley._released:
            self.parley.stop()

    def run(self, result=None):
        before = len(result.failures) + len(result.errors) if result is not None else 0
        outcome = super().run(result)
        if result is not None and len(result.failures) + len(result.errors) > before:
            for name in ("parley", "kamailio"):
                if hasattr(self, name):
                    print(f"---- {name} log (last lines) ----\n" + getattr(self, name).log())
        return outcome

    def test_3_2_parley_then_kamailio(self):
        for name, transport in TRANSPORTS:
            with self.subTest(transport=name):
                uas = sipp.start_callee("proxy_uas_answer.xml", self.kamailio.port, "bob", BILOXI, None, "u1",
                                        registrar_host=KAMAILIO_HOST, extra=["-key", "mf", "68"], local=CALLEE_HOST)
                self.addCleanup(uas.stop)
                port = self.parley.udp_port if name == "udp" else self.parley.tcp_port
                caller = sipp.SippRun("proxy_uac_call.xml", port, transport, extra=[
                    "-s", "bob", "-key", "caller", "alice", "-key", "from_domain", ATLANTA, "-key", "to_domain", BILOXI,
                    "-au", "alice", "-ap", PASSWORD, "-auth_uri", f"bob@{BILOXI}"]).start().wait()
                uas.wait()
                self.assertEqual(re.findall(r"^challenge 407 realm=(.*)$", caller.scenario_log, re.M), [ATLANTA])

                line, fields = sipp.received(uas.message_log, "INVITE ")[0]
                self.assertEqual(line.lower(), f"invite {uas.contact} sip/2.0".lower())
                self.assertEqual(values(fields, "max-forwards"), ["68"])
                vias = values(fields, "via")
                self.assertEqual(len(vias), 3, vias)
                self.assertRegex(vias[0], rf"^SIP/2\.0/UDP {re.escape(KAMAILIO_HOST)}:{self.kamailio.port};branch=z9hG4bK")
                # Kamailio adds received= and fills rport= in Parley's Via (RFC 3581).
                self.assertRegex(vias[1], rf"^SIP/2\.0/UDP 127\.0\.0\.1:{self.parley.udp_port};.*branch=z9hG4bK.*;rport")
                self.assertRegex(vias[2], rf"^SIP/2\.0/{name.upper()} 127\.0\.0\.1:\d+;branch=z9hG4bK-")
                rr = values(fields, "record-route")
                ours = record_route_of(self.parley, name, "udp")
                self.assertEqual(len(rr), 1 + len(ours), rr)
                self.assertRegex(rr[0], rf"^<sip:{re.escape(KAMAILIO_HOST)}:{self.kamailio.port};lr")
                self.assertEqual(uri_params(rr[1:]), uri_params(ours))
                self.assertEqual(values(fields, "route"), [])
                self.assertEqual(values(fields, "proxy-authorization"), [])
                _, ok = sipp.received(caller.message_log, "SIP/2.0 200 OK")[0]
                self.assertEqual(uri_params(values(ok, "record-route")), uri_params(rr))
                assert_dialog_requests(self, uas, KAMAILIO_HOST, self.kamailio.port, "udp")


if __name__ == "__main__":
    unittest.main(verbosity=2)
