# SPDX-License-Identifier: MIT
"""TCP framing and connection handling (RFC 3261 §18.3, RFC 5626 §4.4.1) with a raw socket client:
a message split at every byte boundary, messages pipelined in one write, the CRLFCRLF keep-alive
answered with exactly CRLF, and an idle connection closed after [transport] tcp_idle_timeout."""
import socket
import time
import unittest

import sip_client
from parley_process import ParleyTestCase

IDLE_TIMEOUT_S = 2
SDP = b"v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"


def options_with_body(client_port, tag):
    """An OPTIONS carrying a body, so that splits also fall inside the body (Content-Length framing)."""
    head = sip_client.options(via_transport="TCP", via_port=client_port, tag=tag)
    head = head.replace(b"Content-Length: 0\r\n\r\n",
                        b"Content-Type: application/sdp\r\nContent-Length: %d\r\n\r\n" % len(SDP))
    return head + SDP


class TcpTest(ParleyTestCase):
    CONFIG = f"[transport]\ntcp_idle_timeout = {IDLE_TIMEOUT_S}\n"

    def connect(self):
        client = sip_client.TcpClient(self.parley.tcp_port)
        self.addCleanup(client.close)
        return client

    def test_message_split_at_every_byte_boundary(self):
        client = self.connect()
        length = len(options_with_body(client.port, "split"))
        for cut in range(1, length):
            message = options_with_body(client.port, f"split{cut}")
            client.send(message[:cut])
            time.sleep(0.001)  # let the server read the first part on its own
            client.send(message[cut:])
            (answer,) = client.responses(1)
            self.assertEqual((cut, answer.status), (cut, 200))
            self.assertIn(f"tag=split{cut}", answer.header("from"))

    def test_message_sent_one_byte_per_write(self):
        client = self.connect()
        for byte in options_with_body(client.port, "bytewise"):
            client.send(bytes([byte]))
            time.sleep(0.0005)
        (answer,) = client.responses(1)
        self.assertEqual(answer.status, 200)
        self.assertIn("tag=bytewise", answer.header("from"))

    def test_pipelined_messages_in_one_write(self):
        client = self.connect()
        tags = [f"pipe{i}" for i in range(20)]
        # Mixed: with and without a body, some after a lone CRLF (allowed before a start line,
        # RFC 3261 §7.5, and not a keep-alive), and a 501 at the end.
        batch = b"".join(options_with_body(client.port, t) if i % 2 else
                         b"\r\n" + sip_client.options(via_transport="TCP", via_port=client.port, tag=t)
                         for i, t in enumerate(tags))
        batch += sip_client.options(via_transport="TCP", via_port=client.port, tag="pipe-unknown",
                                    method="FROBNICATE", cseq_method="FROBNICATE")
        client.send(batch)
        answers = client.responses(len(tags) + 1)
        self.assertEqual([a.status for a in answers], [200] * len(tags) + [501])
        self.assertEqual([a.header("from").split("tag=")[1] for a in answers], tags + ["pipe-unknown"])

    def test_crlfcrlf_gets_exactly_crlf(self):
        client = self.connect()
        client.send(b"\r\n\r\n")
        client.sock.settimeout(2)
        self.assertEqual(client.sock.recv(100), b"\r\n")
        client.sock.settimeout(0.3)
        with self.assertRaises(socket.timeout, msg="more than CRLF came back"):
            client.sock.recv(100)
        # The connection still carries requests afterwards.
        client.sock.settimeout(3)
        client.send(sip_client.options(via_transport="TCP", via_port=client.port))
        self.assertEqual(client.responses(1)[0].status, 200)

    def test_idle_connection_closed_on_time(self):
        client = self.connect()
        began = time.monotonic()
        client.sock.settimeout(IDLE_TIMEOUT_S + 3)
        try:
            data = client.sock.recv(100)
        except ConnectionResetError:
            data = b""
        waited = time.monotonic() - began
        self.assertEqual(data, b"", "the server sent something on an idle connection")
        self.assertGreaterEqual(waited, 1.5, f"closed after {waited:.2f} s, before the timeout")
        self.assertLessEqual(waited, IDLE_TIMEOUT_S + 1.5, f"closed only after {waited:.2f} s")

    def test_traffic_keeps_connection_open(self):
        client = self.connect()
        for _ in range(3):  # 3 x 1.2 s > the timeout, but never 1.2 s idle
            time.sleep(1.2)
            client.send(sip_client.options(via_transport="TCP", via_port=client.port))
            self.assertEqual(client.responses(1)[0].status, 200)


if __name__ == "__main__":
    unittest.main(verbosity=2)
