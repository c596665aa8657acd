# SPDX-License-Identifier: MIT
"""SIGTERM while SIPp drives OPTIONS over UDP and TCP: parley must exit with status 0 within a few
seconds (ParleyProcess.stop asserts both). SIPp's statistics file proves the load was being
answered when the signal came."""
import csv
import os
import subprocess
import tempfile
import time
import unittest

import sip_client
import sipp
from parley_process import ParleyProcess

LOAD_SECONDS = 2.0


def successful_calls(stat_file):
    """SuccessfulCall(C), the cumulative count, of the last row SIPp wrote (0 if none yet)."""
    try:
        with open(stat_file, newline="") as f:
            rows = list(csv.DictReader(f, delimiter=";"))
    except FileNotFoundError:
        return 0
    return int(rows[-1]["SuccessfulCall(C)"]) if rows else 0


class SigtermUnderLoadTest(unittest.TestCase):
    def test_sigterm_during_load_exits_0(self):
        work = tempfile.TemporaryDirectory(prefix="parley-load-")
        self.addCleanup(work.cleanup)
        with ParleyProcess(workers=2) as parley:
            loads = []
            for transport, port, rate in (("u1", parley.udp_port, 3000), ("t1", parley.tcp_port, 500)):
                stats = os.path.join(work.name, f"{transport}.csv")
                cmd = sipp.sipp_command("options.xml", port, transport, calls=1_000_000,
                                        extra=["-r", str(rate), "-trace_stat", "-stf", stats, "-fd", "1"])
                proc = subprocess.Popen(cmd, cwd=work.name, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                self.addCleanup(self.end_sipp, proc)
                loads.append((transport, stats))
            time.sleep(LOAD_SECONDS)

            # Still answering a request of its own during the load ...
            client = sip_client.UdpClient(parley.udp_port)
            self.assertEqual(client.request(sip_client.options(via_port=client.port)).status, 200)
            client.close()
            # ... and the load was being answered (SIPp writes its statistics every second).
            for transport, stats in loads:
                self.assertGreater(successful_calls(stats), 100, f"no load answered over {transport}")
            took = parley.stop()  # asserts exit status 0 within STOP_WITHIN seconds
        print(f"parley exited 0 {took:.2f} s after SIGTERM under load")

    @staticmethod
    def end_sipp(proc):
        proc.terminate()  # our own child, by its pid
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


if __name__ == "__main__":
    unittest.main(verbosity=2)
