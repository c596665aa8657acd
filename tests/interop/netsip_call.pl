#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# A real SIP user agent placing a call through the proxy over TLS: Perl's Net::SIP (Debian
# libnet-sip-perl) connects to --port over TLS (verifying the server's certificate against --ca),
# sends INVITE for --to (with Net::SIP's own SDP offer), answers the proxy's 407 with --user/--password (RFC 3665
# §3.2: Net::SIP computes MD5 digests), waits for the 200 OK, acknowledges it, holds the call for
# --hold seconds and hangs up with BYE.
#
# Prints "established code=200 record-route=<values joined by ' | '>" once the 200 OK arrived and
# "bye done" once the BYE transaction completed; exits 0 only if both happened.
use strict;
use warnings;
use Getopt::Long;
use IO::Socket::INET;
use IO::Socket::SSL qw(SSL_VERIFY_PEER);
use Net::SIP qw(:all);

my %o = (domain => 'example.com', hold => 0.5);
GetOptions(\%o, 'port=i', 'user=s', 'password=s', 'ca=s', 'to=s', 'domain=s', 'hold=f', 'debug') or die "usage\n";
defined $o{$_} or die "--$_ is required\n" for qw(port user password ca to);
Net::SIP::Debug->level(10) if $o{debug};

my $sock = IO::Socket::INET->new(Proto => 'tcp', LocalAddr => '127.0.0.1', LocalPort => 0, Listen => 10)
    or die "listen: $!\n";
my $leg = Net::SIP::Leg->new(
    sock => $sock, proto => 'tls', dst => "127.0.0.1:$o{port}",
    tls => {SSL_ca_file => $o{ca}, SSL_verify_mode => SSL_VERIFY_PEER, SSL_verifycn_name => $o{domain}},
);
my $ua = Net::SIP::Simple->new(
    leg => $leg, from => "sip:$o{user}\@$o{domain}", auth => [$o{user}, $o{password}],
    outgoing_proxy => "sip:127.0.0.1:$o{port};transport=tls",
);

my ($result, %info);
my $call = $ua->invite($o{to},
    init_media => 0,  # Net::SIP makes the SDP offer with RTP sockets of its own; no media is sent
    cb_final => sub { ($result, undef, %info) = @_ },
);
$ua->loop(15, \$result);
defined $result or die "INVITE: no final response within 15 s\n";
$result eq 'OK' or die "INVITE failed (" . ($info{code} ? "status $info{code}" : "error " . ($info{errno} // '?')) . ")\n";
my $packet = $info{packet};
printf "established code=%d record-route=%s\n", $packet->code, join(' | ', $packet->get_header('record-route'));

my $stop;
$ua->add_timer($o{hold}, sub { $stop = 1 });
$ua->loop(\$stop);
# Net::SIP reports the end of the BYE transaction without its status (the callee's side of the
# test checks the BYE arrived and was answered 200).
my $bye;
$call->bye(cb_final => sub { $bye = 'done' });
$ua->loop(10, \$bye);
defined $bye or die "BYE: not completed within 10 s\n";
print "bye done\n";
exit 0;
