# SPDX-License-Identifier: MIT
"""Robustness: 2,000 garbage datagrams (random bytes and mutated requests) and 120 half-open TCP
connections; afterwards the server is alive and still answers OPTIONS over UDP and over a new TCP
connection with 200. The random seed is printed so a failure can be replayed (PARLEY_FLOOD_SEED)."""
import os
import random
import socket
import time
import unittest

import sip_client
from parley_process import ParleyProcess

DATAGRAMS = 2000
HALF_OPEN = 120  # below the default limit of 200 connections per source per worker


def garbage(rng, valid):
    """Random bytes, or a valid request with bytes flipped, cut short, or lines shuffled."""
    kind = rng.randrange(4)
    if kind == 0:
        return rng.randbytes(rng.randrange(1, 1400))
    data = bytearray(valid)
    if kind == 1:
        for _ in range(rng.randrange(1, 12)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data)
    if kind == 2:
        return bytes(data[:rng.randrange(1, len(data))])
    lines = bytes(data).split(b"\r\n")
    rng.shuffle(lines)
    return b"\r\n".join(lines)


class GarbageFloodTest(unittest.TestCase):
    def test_flood_then_options_still_answered(self):
        seed = int(os.environ.get("PARLEY_FLOOD_SEED", time.time_ns() % 1_000_000))
        print(f"PARLEY_FLOOD_SEED={seed}")
        rng = random.Random(seed)
        # At debug level the server logs each unparsable message: proof that the flood reached it.
        with ParleyProcess(workers=2, log_level="debug") as parley:
            flood = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            flood.bind(("127.0.0.1", 0))  # the 400s the server sends back are never read
            valid = sip_client.options(via_port=flood.getsockname()[1])
            for i in range(DATAGRAMS):
                flood.sendto(garbage(rng, valid), ("127.0.0.1", parley.udp_port))
                if i % 100 == 0:
                    time.sleep(0.01)  # stay mostly under the socket buffers: a flood, not a loss test

            half_open = []
            for i in range(HALF_OPEN):
                conn = socket.create_connection(("127.0.0.1", parley.tcp_port), timeout=3)
                request = sip_client.options(via_transport="TCP", via_port=conn.getsockname()[1])
                if i % 3 == 1:
                    conn.sendall(request[:rng.randrange(1, len(request))])  # a message never finished
                elif i % 3 == 2:
                    conn.sendall(request[:40])
                    conn.shutdown(socket.SHUT_WR)  # half-closed by us
                half_open.append(conn)

            self.assertTrue(parley.alive(), "parley died during the flood")
            client = sip_client.UdpClient(parley.udp_port)
            self.assertEqual(client.request(sip_client.options(via_port=client.port)).status, 200)
            client.close()
            tcp = sip_client.TcpClient(parley.tcp_port)
            tcp.send(sip_client.options(via_transport="TCP", via_port=tcp.port))
            self.assertEqual(tcp.responses(1)[0].status, 200)
            tcp.close()
            self.assertTrue(parley.alive())
            for conn in half_open:
                conn.close()
            flood.close()
        # Leaving the `with` stopped parley and asserted exit status 0 within a few seconds.
        rejected = sum("unparsable message" in line for line in parley.log_lines)
        # Most garbage is unparsable (some mutations still parse); kernel drops under a slow (ASan)
        # build or a busy machine lower the count, hence the margin.
        self.assertGreater(rejected, DATAGRAMS // 4, "the garbage did not reach the parser")
        print(f"{rejected} garbage datagrams/connections rejected by the parser")


if __name__ == "__main__":
    unittest.main(verbosity=2)
