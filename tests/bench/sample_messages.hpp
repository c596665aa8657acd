// SPDX-License-Identifier: MIT
#pragma once

#include <string_view>

// The messages the benchmarks parse and answer: what a registrar and a proxy see most, written as
// a current softphone writes them (RFC 5626 instance id, digest with qop=auth, RFC 3581 rport).
namespace parley::bench {

// A REGISTER answering a digest challenge: 691 bytes, every header the issue lists.
inline constexpr std::string_view kRegister =
    "REGISTER sip:example.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 192.0.2.10:5060;rport;branch=z9hG4bK.Jk3nR9aQ2\r\n"
    "Max-Forwards: 70\r\n"
    "From: <sip:alice@example.com>;tag=8kf93Bq1\r\n"
    "To: <sip:alice@example.com>\r\n"
    "Call-ID: 6Hk1bQx9Lm2vZ0pR\r\n"
    "CSeq: 21 REGISTER\r\n"
    "Contact: <sip:alice@192.0.2.10:5060>;+sip.instance=\"<urn:uuid:0c2f3e88-2c1d-4b5a-9f3e-1a2b3c4d5e6f>\""
    ";expires=3600\r\n"
    "Authorization: Digest username=\"alice\", realm=\"example.com\", nonce=\"5f8a3c1e9b7d2a64\", "
    "uri=\"sip:example.com\", response=\"9a6f0b3c2d1e4f5a6b7c8d9e0f1a2b3c\", algorithm=MD5, "
    "cnonce=\"a1b2c3d4\", qop=auth, nc=00000001\r\n"
    "User-Agent: Bench/1.0\r\n"
    "Expires: 3600\r\n"
    "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS\r\n"
    "Supported: outbound, path\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

// An initial INVITE with an audio+video SDP offer of 993 bytes (1,583 bytes in all).
inline constexpr std::string_view kInvite =
    "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 192.0.2.10:5060;rport;branch=z9hG4bK.74bf9Qe1\r\n"
    "Max-Forwards: 70\r\n"
    "From: \"Alice\" <sip:alice@example.com>;tag=9fxced76sl\r\n"
    "To: <sip:bob@biloxi.example.com>\r\n"
    "Call-ID: 3848276298220188511@192.0.2.10\r\n"
    "CSeq: 1 INVITE\r\n"
    "Contact: <sip:alice@192.0.2.10:5060;transport=udp>;+sip.instance=\"<urn:uuid:0c2f3e88-2c1d-4b5a-9f3e-1a2b3c4d5e6f>\"\r\n"
    "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, NOTIFY, MESSAGE, UPDATE, PRACK\r\n"
    "Supported: replaces, outbound, timer, 100rel\r\n"
    "User-Agent: Parley-Bench/1.0\r\n"
    "Content-Type: application/sdp\r\n"
    "Content-Length: 993\r\n"
    "\r\n"
    "v=0\r\n"
    "o=alice 2890844526 2890844526 IN IP4 192.0.2.10\r\n"
    "s=Talk\r\n"
    "c=IN IP4 192.0.2.10\r\n"
    "b=AS:2048\r\n"
    "t=0 0\r\n"
    "a=ice-ufrag:Xz4b\r\n"
    "a=ice-pwd:9pKm2v7ZbQ1x8LrT0wYc3nHf\r\n"
    "a=fingerprint:sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF\r\n"
    "m=audio 49170 RTP/AVP 96 97 0 8 101\r\n"
    "a=rtpmap:96 opus/48000/2\r\n"
    "a=fmtp:96 useinbandfec=1; maxaveragebitrate=64000\r\n"
    "a=rtpmap:97 G722/8000\r\n"
    "a=rtpmap:0 PCMU/8000\r\n"
    "a=rtpmap:8 PCMA/8000\r\n"
    "a=rtpmap:101 telephone-event/8000\r\n"
    "a=fmtp:101 0-16\r\n"
    "a=candidate:1 1 UDP 2130706431 192.0.2.10 49170 typ host\r\n"
    "a=candidate:2 1 UDP 1694498815 198.51.100.7 61002 typ srflx raddr 192.0.2.10 rport 49170\r\n"
    "a=rtcp-mux\r\n"
    "a=ptime:20\r\n"
    "a=sendrecv\r\n"
    "m=video 49172 RTP/AVP 98 99\r\n"
    "a=rtpmap:98 VP8/90000\r\n"
    "a=rtcp-fb:98 nack\r\n"
    "a=rtcp-fb:98 nack pli\r\n"
    "a=rtcp-fb:98 ccm fir\r\n"
    "a=rtpmap:99 H264/90000\r\n"
    "a=fmtp:99 profile-level-id=42e01f; packetization-mode=1\r\n"
    "a=rtcp-fb:99 nack pli\r\n"
    "a=candidate:1 1 UDP 2130706431 192.0.2.10 49172 typ host\r\n"
    "a=rtcp-mux\r\n"
    "a=sendrecv\r\n";

}  // namespace parley::bench
