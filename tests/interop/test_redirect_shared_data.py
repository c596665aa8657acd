# SPDX-License-Identifier: MIT
"""Issue 5, redirect server: a `mode = "redirect"` instance and a proxy/registrar instance started
on the same data folder share users and bindings (one SQLite file, WAL). A phone registers through
the proxy instance (with digest); at once the redirect instance answers an INVITE for that user
with 302 Moved Temporarily listing the contact with its q (RFC 3665 §3.6), a user it knows but who
has no binding with 480, an unknown user with 404; the proxy instance itself keeps proxying."""
import os
import tempfile
import unittest

import sip_client
from parley_process import ParleyProcess

CONFIG = '[auth]\nalgorithms = ["MD5"]\n'


def invite(user, via_port, n):
    return (f"INVITE sip:{user}@example.com SIP/2.0\r\n"
            f"Via: SIP/2.0/UDP 127.0.0.1:{via_port};branch=z9hG4bK-redirect-{n};rport\r\n"
            "Max-Forwards: 70\r\n"
            "From: <sip:caller@elsewhere.example.net>;tag=r1\r\n"
            f"To: <sip:{user}@example.com>\r\n"
            f"Call-ID: redirect-{n}@127.0.0.1\r\n"
            "CSeq: 1 INVITE\r\n"
            "Contact: <sip:caller@127.0.0.1>\r\n"
            "Content-Length: 0\r\n\r\n").encode()


def ack(response, via_port):
    return (f"ACK sip:x@example.com SIP/2.0\r\nVia: {response.header('via')}\r\nMax-Forwards: 70\r\n"
            f"From: {response.header('from')}\r\nTo: {response.header('to')}\r\n"
            f"Call-ID: {response.header('call-id')}\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n").encode()


class RedirectSharedDataTest(unittest.TestCase):
    def test_redirect_instance_sees_registrations_made_through_the_proxy(self):
        with tempfile.TemporaryDirectory(prefix="parley-redirect-") as work:
            data = os.path.join(work, "data")
            with ParleyProcess(workers=1, config_text=CONFIG, data_dir=data) as proxy, \
                 ParleyProcess(workers=1, config_text=CONFIG + '[server]\nmode = "redirect"\n', data_dir=data) as redirect:
                proxy.add_user("bob", "zanzibar")
                proxy.add_user("carol", "zanzibar")
                client = sip_client.UdpClient(proxy.udp_port)
                try:
                    contact = ["<sip:bob@192.0.2.44:5062>;q=0.7"]
                    first = client.request(sip_client.register("bob", "UDP", client.port, "redir-reg", 1, contact, 600))
                    self.assertEqual(first.status, 401)
                    auth = sip_client.digest_authorization(first.header("WWW-Authenticate"), "bob", "zanzibar")
                    ok = client.request(sip_client.register("bob", "UDP", client.port, "redir-reg", 2, contact, 600, auth))
                    self.assertEqual(ok.status, 200)
                finally:
                    client.close()

                asker = sip_client.UdpClient(redirect.udp_port)
                try:
                    for n, (user, status) in enumerate((("bob", 302), ("carol", 480), ("nobody", 404))):
                        r = asker.request(invite(user, asker.port, n))
                        self.assertEqual(r.status, status, f"{user}: {r!r}\n{redirect.log()}")
                        asker.send(ack(r, asker.port))
                        if status == 302:
                            self.assertEqual(r.reason, "Moved Temporarily")
                            self.assertEqual(r.values("contact"), ["<sip:bob@192.0.2.44:5062>;q=0.7"])
                finally:
                    asker.close()


if __name__ == "__main__":
    unittest.main(verbosity=2)
