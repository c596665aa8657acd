#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# A real SIP user agent for the TLS registration test: Perl's Net::SIP (Debian libnet-sip-perl)
# registers an address-of-record over TLS with digest authentication (RFC 3665 §2.1), verifying
# the server's certificate against --ca, then refreshes the registration --refreshes times,
# --interval seconds apart, with the same Call-ID and a rising CSeq (RFC 3261 §10.2.4).
#
# Prints one line per 200 OK: "registered N expires=E cseq=C call-id=I at=T" (N = 0 for the first
# registration, T the Unix time it arrived, with fractions), and exits 0 only if every REGISTER ended in a 200 OK listing our contact.
# Net::SIP 0.835 computes MD5 digests only: from the server's SHA-256 and MD5 challenges it answers
# the MD5 one. Net::SIP keeps no state across its register() calls, so the refresh passes the
# Call-ID and the next CSeq itself.
use strict;
use warnings;
use Getopt::Long;
use Time::HiRes qw(time);
use IO::Socket::INET;
use IO::Socket::SSL qw(SSL_VERIFY_PEER);
use Net::SIP qw(:all);

my %o = (scheme => 'sips', domain => 'example.com', expires => 60, refreshes => 1, interval => 1);
GetOptions(\%o, 'port=i', 'user=s', 'password=s', 'ca=s', 'scheme=s', 'domain=s', 'expires=i',
           'refreshes=i', 'interval=f', 'debug') or die "usage\n";
defined $o{$_} or die "--$_ is required\n" for qw(port user password ca);
Net::SIP::Debug->level(10) if $o{debug};

my $aor = "$o{scheme}:$o{user}\@$o{domain}";
# Our own listening socket on a port the kernel picks: given none, Net::SIP would try 5061 first.
my $sock = IO::Socket::INET->new(Proto => 'tcp', LocalAddr => '127.0.0.1', LocalPort => 0, Listen => 10)
    or die "listen: $!\n";
my $leg = Net::SIP::Leg->new(
    sock => $sock, proto => 'tls', dst => "127.0.0.1:$o{port}",
    tls => {SSL_ca_file => $o{ca}, SSL_verify_mode => SSL_VERIFY_PEER, SSL_verifycn_name => $o{domain}},
);
# The Request-URI names the domain (as F1 of RFC 3665 §2.1 does); domain2proxy sends it to the
# server's TLS port instead of asking DNS.
my $ua = Net::SIP::Simple->new(
    leg => $leg, from => $aor, auth => [$o{user}, $o{password}],
    domain2proxy => {$o{domain} => "$o{scheme}:127.0.0.1:$o{port}"},
);
my $contact = "<$o{scheme}:$o{user}\@127.0.0.1:" . $sock->sockport . ($o{scheme} eq 'sip' ? ';transport=tls>' : '>');

my $callid = sprintf('%08x%08x@netsip', rand(2**32), rand(2**32));
my $cseq = 1;
for my $n (0 .. $o{refreshes}) {
    sleep_seconds($o{interval}) if $n > 0;
    my ($result, %info);
    $ua->register(
        registrar => "$o{scheme}:$o{domain}", contact => $contact, expires => $o{expires},
        callid => $callid, cseq => $cseq,
        cb_final => sub { ($result, %info) = @_ },
    );
    $ua->loop(10, \$result);
    defined $result or die "REGISTER $n: no final response within 10 s\n";
    $result eq 'OK' or die "REGISTER $n: failed (" . ($info{code} ? "status $info{code}" : "error " . ($info{errno} // '?')) . ")\n";
    my $packet = $info{packet};
    my ($sent) = $packet->cseq =~ m{^(\d+)};
    my @ours = grep { m{\Q$o{user}\E\@127\.0\.0\.1} } $packet->get_header('contact');
    @ours == 1 or die "REGISTER $n: the 200 OK does not list our contact once: " . join(' | ', $packet->get_header('contact')) . "\n";
    printf "registered %d expires=%s cseq=%d call-id=%s at=%.3f\n", $n, $info{expires} // '?', $sent,
        $packet->callid, time();
    $cseq = $sent + 1;
}
exit 0;

sub sleep_seconds { Time::HiRes::sleep($_[0]) }
