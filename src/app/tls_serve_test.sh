#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# End to end over TLS (RFC 3261 §26.2.1) with the built binary and `openssl s_client`:
# an OPTIONS through s_client gets 200 OK; TLS 1.1 is refused, TLS 1.2 and 1.3 are accepted;
# SIGHUP makes new connections use the re-read certificate, and a broken one is refused while the
# server keeps serving. The CA and certificates are made here, in a scratch folder (no key is
# committed). Usage: tls_serve_test.sh PARLEY_BINARY SCRATCH_DIR
set -euo pipefail
parley=$1
work=$2
rm -rf "$work" && mkdir -p "$work" && cd "$work"

fail() { echo "FAIL: $*" >&2; echo "--- server log" >&2; cat server.log >&2 || true; exit 1; }

quiet() { "$@" >/dev/null 2>&1; }
quiet openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.crt -days 1 \
  -subj "/CN=Parley Test CA"
issue() {  # stem common-name
  quiet openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$1.key" -out "$1.csr" -subj "/CN=$2"
  printf 'subjectAltName=DNS:%s\n' "$2" >"$1.ext"
  quiet openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 1 -extfile "$1.ext" -out "$1.crt"
}
issue first first.parley.test
issue second second.parley.test
cp first.crt live.crt && cp first.key live.key

"$parley" serve --listen tls:127.0.0.1:0 --tls-cert live.crt --tls-key live.key --workers 2 2>server.log &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT
port=
for _ in $(seq 100); do
  port=$(sed -n 's/.*listening on tls:127\.0\.0\.1:\([0-9]*\).*/\1/p' server.log)
  [[ -n $port ]] && break
  sleep 0.1
done
[[ -n $port ]] || fail "server did not start"

client() {  # s_client options...; stdin is the request
  timeout 10 openssl s_client -connect "127.0.0.1:$port" -CAfile ca.crt -verify_return_error "$@" 2>&1
}

# OPTIONS to the server (RFC 3261 §11) through s_client; -quiet prints only what the server sends.
request() {
  printf 'OPTIONS sip:127.0.0.1:%s;transport=tls SIP/2.0\r\nVia: SIP/2.0/TLS 127.0.0.1:5999;branch=z9hG4bK-e2e\r\n' "$port"
  printf 'Max-Forwards: 70\r\nFrom: <sip:tester@127.0.0.1>;tag=e2e\r\nTo: <sip:127.0.0.1>\r\n'
  printf 'Call-ID: tls-e2e@127.0.0.1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n'
}
reply=$({ request; sleep 1; } | client -quiet -no_ign_eof) || true
[[ $reply == *"SIP/2.0 200 OK"* ]] || fail "no 200 OK to OPTIONS over TLS; got: $reply"

# Versions: 1.1 refused even when the client drops its own security level; 1.2 and 1.3 accepted.
if client -tls1_1 -cipher "DEFAULT:@SECLEVEL=0" </dev/null >tls11.out; then fail "TLS 1.1 was accepted"; fi
grep -q "alert protocol version" tls11.out || fail "TLS 1.1 not refused by the server: $(cat tls11.out)"
for v in 1_2 1_3; do
  client "-tls$v" -brief </dev/null >"tls$v.out" || fail "TLS ${v/_/.} refused: $(cat "tls$v.out")"
  grep -q "Protocol version: TLSv${v/_/.}" "tls$v.out" || fail "TLS ${v/_/.}: $(cat "tls$v.out")"
done
grep -q "CN = first.parley.test" tls1_3.out || fail "first certificate not served: $(cat tls1_3.out)"

# SIGHUP: the re-read certificate serves new connections.
cp second.crt live.crt && cp second.key live.key
kill -HUP "$pid"
served=
for _ in $(seq 50); do
  if client -brief </dev/null | grep -q "CN = second.parley.test"; then served=yes && break; fi
  sleep 0.1
done
[[ -n $served ]] || fail "SIGHUP did not switch to the new certificate"

# A broken key on SIGHUP: logged, the current certificate stays in service.
echo "not a key" >live.key
kill -HUP "$pid"
for _ in $(seq 50); do grep -q "TLS reload failed" server.log && break; sleep 0.1; done
grep -q "TLS reload failed.*live.key" server.log || fail "broken key not reported"
client -brief </dev/null | grep -q "CN = second.parley.test" || fail "server stopped serving after a failed reload"
# A clean exit on SIGTERM, and nothing from the sanitizers (the ASan build runs this too).
kill -TERM "$pid"
rc=0 && wait "$pid" || rc=$?
trap - EXIT
[[ $rc -eq 0 ]] || fail "exit code $rc after SIGTERM"
if grep -q "Sanitizer" server.log; then fail "sanitizer report"; fi
echo "PASS"
