# SPDX-License-Identifier: MIT
"""RFC 3665 §2.1 as founded: a real SIP user agent (Perl's Net::SIP, netsip_register.pl) registers
a sips: address-of-record over TLS, verifying the server's certificate (made here with the openssl
command), answers the digest challenge (the default offer, SHA-256 then MD5; Net::SIP takes MD5),
and stays registered across refreshes with a short expiry ([registrar] min_expires lowered).

Checked on both sides: the UA prints each 200 OK that listed its contact, and the server's SQLite
file (read with python's sqlite3) holds the one binding, refreshed (last CSeq, same Call-ID, flow
over TLS) and still current after the first registration's expiry had passed - then gone once
the refreshes stop and it expires (the sweep runs every second)."""
import os
import sqlite3
import subprocess
import tempfile
import time
import unittest

from parley_process import DOMAIN, ParleyProcess

HERE = os.path.dirname(os.path.abspath(__file__))
EXPIRES_S = 4
REFRESHES = 2
INTERVAL_S = 2.0  # refresh at half the expiry, as a UA does
TLS = 2  # TransportKind::Tls as stored in bindings.flow_transport
CONFIG = f"""
[registrar]
min_expires = 1
[location]
sweep_interval = 1
"""


def make_certificate(folder):
    """A self-signed certificate for example.com and 127.0.0.1; the UA trusts exactly this one."""
    cert, key = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                    "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", f"/CN={DOMAIN}",
                    "-addext", f"subjectAltName=DNS:{DOMAIN},IP:127.0.0.1"],
                   check=True, capture_output=True, timeout=30)
    return cert, key


def bindings(data_dir, aor):
    with sqlite3.connect(os.path.join(data_dir, "parley.db"), timeout=5) as db:
        return db.execute("SELECT contact, call_id, cseq, expires, flow_transport FROM bindings WHERE aor = ?",
                          (aor,)).fetchall()


class RegisterOverTlsTest(unittest.TestCase):
    def test_netsip_registers_sips_aor_over_tls_and_stays_registered(self):
        with tempfile.TemporaryDirectory(prefix="parley-tls-register-") as work:
            cert, key = make_certificate(work)
            data = os.path.join(work, "data")
            with ParleyProcess(workers=2, config_text=CONFIG, data_dir=data, tls=True,
                               tls_cert=cert, tls_key=key) as parley:
                parley.add_user("bob", "zanzibar")
                ua = subprocess.run(["perl", os.path.join(HERE, "netsip_register.pl"),
                                     "--port", str(parley.tls_port), "--user", "bob", "--password", "zanzibar",
                                     "--ca", cert, "--expires", str(EXPIRES_S),
                                     "--refreshes", str(REFRESHES), "--interval", str(INTERVAL_S)],
                                    stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
                self.assertEqual(ua.returncode, 0, f"Net::SIP failed:\n{ua.stdout}\n{ua.stderr}\n" + parley.log())
                lines = ua.stdout.splitlines()
                self.assertEqual(len(lines), REFRESHES + 1, ua.stdout)
                for n, line in enumerate(lines):
                    self.assertRegex(line, rf"^registered {n} expires=[34] cseq=\d+ call-id=\S+ at=[\d.]+$")
                fields = [dict(f.split("=", 1) for f in line.split()[2:]) for line in lines]
                last_cseq, call_id = int(fields[-1]["cseq"]), fields[-1]["call-id"]

                # Past the first registration's expiry (and a sweep): only the refreshes kept it.
                time.sleep(max(0.0, float(fields[0]["at"]) + EXPIRES_S + 1.5 - time.time()))
                rows = bindings(data, f"sip:bob@{DOMAIN}")
                self.assertEqual(len(rows), 1, rows)
                contact, stored_call_id, cseq, expires, transport = rows[0]
                self.assertRegex(contact, r"^sips:bob@127\.0\.0\.1:\d+$")
                self.assertEqual((stored_call_id, cseq, transport), (call_id, last_cseq, TLS))
                self.assertGreater(expires, time.time(), "the refreshed binding has expired already")

                # Without further refreshes it expires and the sweep removes it.
                time.sleep(max(0.0, expires + 2.5 - time.time()))
                self.assertEqual(bindings(data, f"sip:bob@{DOMAIN}"), [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
