# SPDX-License-Identifier: MIT
"""Registrations survive a crash (issue 4): 1,000 users (created with `parley user import`)
register with digest through one SIPp run over UDP, each with its own expiry; the server is killed
with SIGKILL and started again on the same data folder. Then every binding must be back with the
right remaining expiry: all 1,000 read from the SQLite file (python's sqlite3), and a sample of 50
asked of the restarted server itself, each with an authenticated query REGISTER (RFC 3665 §2.3,
scenarios/register_query_logged.xml). Each user's [authentication] keyword travels in the
injection file (see scenarios/register_bulk.xml)."""
import os
import sqlite3
import subprocess
import tempfile
import time
import unittest

import sipp
from parley_process import DOMAIN, ParleyProcess, parley_binary

USERS = 1000
SAMPLE = range(0, USERS, 20)  # 50 users queried over SIP
BASE_EXPIRES = 3000  # user i asks for BASE_EXPIRES + i seconds, so a mix-up shows
CONFIG = '[auth]\nalgorithms = ["MD5"]\n'


def user(i):
    return f"user{i:04d}"


def password(i):
    return f"pw-{i}-secret"


class RegisterRestartTest(unittest.TestCase):
    def test_bindings_survive_kill_9_with_their_expiry(self):
        with tempfile.TemporaryDirectory(prefix="parley-restart-") as work:
            data = os.path.join(work, "data")
            rows = [(user(i), str(BASE_EXPIRES + i), f"[authentication username={user(i)} password={password(i)}]")
                    for i in range(USERS)]
            users_csv = sipp.write_injection_file(os.path.join(work, "users.csv"), rows)
            import_file = os.path.join(work, "users.txt")
            with open(import_file, "w") as f:
                f.writelines(f"{user(i)}:{password(i)}\n" for i in range(USERS))
            subprocess.run([parley_binary(), "user", "import", import_file, "--realm", DOMAIN, "--data-dir", data],
                           cwd=work, check=True, capture_output=True, timeout=60)
            first = ParleyProcess(workers=2, config_text=CONFIG, data_dir=data).start()
            try:
                registered_from = time.time()
                sipp.run_scenario("register_bulk.xml", first.udp_port, "u1", calls=USERS, timeout_s=90,
                                  extra=["-inf", users_csv, "-r", "200", "-l", "50", "-auth_uri", DOMAIN])
                registered_until = time.time()
            except BaseException:
                print("---- parley log (last lines) ----\n" + first.log())
                first.kill()
                raise
            first.kill()
            print(f"{USERS} registrations: {registered_until - registered_from:.1f} s")

            with ParleyProcess(workers=2, config_text=CONFIG, data_dir=data) as second:
                self.assertTrue(any(f"{USERS} current binding(s)" in line for line in second.log_lines),
                                second.log())
                self.check_file(data, registered_from, registered_until)
                self.check_queries(second, registered_from, registered_until)

    def check_file(self, data, registered_from, registered_until):
        with sqlite3.connect(os.path.join(data, "parley.db"), timeout=5) as db:
            found = db.execute("SELECT aor, contact, expires FROM bindings").fetchall()
        self.assertEqual(len(found), USERS)
        by_aor = {aor: (contact, expires) for aor, contact, expires in found}
        for i in range(USERS):
            contact, expires = by_aor[f"sip:{user(i)}@{DOMAIN}"]
            self.assertEqual(contact, f"sip:{user(i)}@192.0.2.1:5060")
            # Stored as an absolute time: when the REGISTER was handled plus what the user asked for.
            self.assertGreaterEqual(expires, int(registered_from) + BASE_EXPIRES + i, user(i))
            self.assertLessEqual(expires, int(registered_until) + 1 + BASE_EXPIRES + i, user(i))

    def check_queries(self, parley, registered_from, registered_until):
        for i in SAMPLE:
            asked_from = time.time()
            done = sipp.run_scenario("register_query_logged.xml", parley.udp_port, "u1",
                                     extra=sipp.digest_user(user(i), password(i)))
            asked_until = time.time()
            listed = [line.split() for line in done.scenario_log.splitlines() if line.startswith("binding ")]
            self.assertEqual(len(listed), 1, done.scenario_log)
            _, name, contact_user, remaining = listed[0]
            self.assertEqual((name, contact_user), (user(i), user(i)))
            # remaining = stored expiry - the second of the query, within the windows of both.
            self.assertGreaterEqual(int(remaining), int(registered_from) + BASE_EXPIRES + i - int(asked_until) - 1)
            self.assertLessEqual(int(remaining), int(registered_until) + 1 + BASE_EXPIRES + i - int(asked_from))


if __name__ == "__main__":
    unittest.main(verbosity=2)
