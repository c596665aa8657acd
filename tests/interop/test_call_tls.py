# SPDX-License-Identifier: MIT
"""A call through the proxy that arrives over TLS and leaves over UDP (issue 5: "TLS in, UDP out";
RFC 3665 §3.2 with proxy authentication): Perl's Net::SIP (netsip_call.pl) calls
sip:bob@example.com over TLS, verifying the server's certificate, and answers the 407; bob is a
SIPp UAS registered over UDP (with digest, by the raw client). Checked: the call is established and
torn down on both sides (scenarios/call_tls_callee.xml exits 0 only after INVITE/180/200/ACK/BYE/200),
the INVITE bob got carries Max-Forwards 69 and the double Record-Route of a request that changes
transport (the UDP leg's value on top, then the TLS leg's, both r2=on, RFC 5658), the caller saw the
same pair in the 200 OK, and the proxy's credentials did not reach bob."""
import os
import re
import socket
import subprocess
import tempfile
import unittest

import sip_client
from parley_process import ParleyProcess
from test_register_tls import make_certificate

HERE = os.path.dirname(os.path.abspath(__file__))
CONFIG = '[auth]\nalgorithms = ["MD5"]\n'


def free_udp_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def register_with_digest(parley_port, user, password, contact_port):
    """REGISTER sip:<user>@example.com with Contact sip:<user>@127.0.0.1:<contact_port>, answering
    the 401 (MD5, as the server is configured here)."""
    client = sip_client.UdpClient(parley_port)
    try:
        contact = [f"<sip:{user}@127.0.0.1:{contact_port}>"]
        first = client.request(sip_client.register(user, "UDP", client.port, f"call-tls-{user}", 1, contact, 300))
        if first.status != 401:
            raise AssertionError(f"REGISTER without credentials: expected 401, got {first!r}")
        auth = sip_client.digest_authorization(first.header("WWW-Authenticate"), user, password)
        ok = client.request(sip_client.register(user, "UDP", client.port, f"call-tls-{user}", 2, contact, 300, auth))
        if ok.status != 200:
            raise AssertionError(f"REGISTER with credentials: expected 200, got {ok!r}")
    finally:
        client.close()


class CallOverTlsTest(unittest.TestCase):
    def test_tls_caller_reaches_udp_callee_with_double_record_route(self):
        with tempfile.TemporaryDirectory(prefix="parley-call-tls-") as work:
            cert, key = make_certificate(work)
            with ParleyProcess(workers=2, config_text=CONFIG, data_dir=os.path.join(work, "data"), tls=True,
                               tls_cert=cert, tls_key=key) as parley:
                parley.add_user("alice", "wonderland")
                parley.add_user("bob", "zanzibar")
                bob_port = free_udp_port()
                register_with_digest(parley.udp_port, "bob", "zanzibar", bob_port)
                trace = os.path.join(work, "bob.log")
                bob = subprocess.Popen(["sipp", "-sf", os.path.join(HERE, "scenarios", "call_tls_callee.xml"), "-i", "127.0.0.1", "-p", str(bob_port), "-m", "1",
                                        "-nostdin", "-timeout", "20s", "-timeout_error",
                                        "-trace_msg", "-message_file", trace,
                                        "-trace_err", "-error_file", os.path.join(work, "bob-errors.log")],
                                       cwd=work, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.PIPE, text=True)
                try:
                    caller = subprocess.run(["perl", os.path.join(HERE, "netsip_call.pl"),
                                             "--port", str(parley.tls_port), "--user", "alice",
                                             "--password", "wonderland", "--ca", cert,
                                             "--to", "sip:bob@example.com"],
                                            cwd=work, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                            timeout=40)
                    bob_exit = bob.wait(timeout=25)
                finally:
                    if bob.poll() is None:
                        bob.kill()
                        bob.wait()
                with open(trace) as f:
                    bob_saw = f.read()
                self.assertEqual(caller.returncode, 0, f"caller failed:\n{caller.stdout}\n{caller.stderr[-3000:]}\n"
                                                       f"---- bob ----\n{bob_saw[-3000:]}\n---- parley ----\n{parley.log()}")
                errors = os.path.join(work, "bob-errors.log")
                bob_errors = open(errors).read() if os.path.exists(errors) else ""
                self.assertEqual(bob_exit, 0, f"SIPp uas failed:\n{bob_errors[-2000:]}\n{bob.stderr.read()[-2000:]}\n"
                                              f"{[l for l in bob_saw.splitlines() if l.startswith(('SIP/2.0 ', 'INVITE ', 'ACK ', 'BYE ', 'UDP message'))]}")

                invite = bob_saw[bob_saw.index("INVITE sip:"):]
                invite = invite[:invite.index("\n\n")]
                routes = re.findall(r"^Record-Route: (.*)$", invite, re.M)
                self.assertEqual(len(routes), 2, invite)
                self.assertIn("transport=udp", routes[0])
                self.assertIn(f":{parley.udp_port};", routes[0])
                self.assertIn("transport=tls", routes[1])
                self.assertIn(f":{parley.tls_port};", routes[1])
                for r in routes:
                    self.assertIn("r2=on", r)
                self.assertRegex(invite, r"(?mi)^Max-Forwards: 69$")  # Net::SIP writes "Max-forwards"
                self.assertRegex(invite, r"(?m)^INVITE sip:bob@127\.0\.0\.1:%d SIP/2\.0" % bob_port)
                self.assertNotIn("proxy-authorization", invite.lower())
                self.assertRegex(invite, r"(?m)^Via: SIP/2\.0/UDP 127\.0\.0\.1:%d;branch=z9hG4bK" % parley.udp_port)
                self.assertRegex(invite, r"(?m)^Via: SIP/2\.0/TLS ")
                self.assertIn("BYE sip:", bob_saw)
                self.assertIn("established code=200", caller.stdout)
                self.assertIn("transport=tls", caller.stdout)
                self.assertIn("bye done", caller.stdout)


if __name__ == "__main__":
    unittest.main(verbosity=2)
