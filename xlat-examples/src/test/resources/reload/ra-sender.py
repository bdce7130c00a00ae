#!/usr/bin/env python3
"""Sends Router Advertisements with one PREF64 option (RFC 8781) on an interface, through the kernel's raw ICMPv6
socket (the kernel fills in the link-local source and the checksum). A stand-in for radvd, whose Debian 12 build
(2.19) has no nat64prefix; the option is encoded here from the RFC, independently of xlat's Pref64Option.

Usage: ra-sender.py IFACE PREFIX/LEN[,PREFIX/LEN...] LIFETIME_SECONDS COUNT INTERVAL_SECONDS   (COUNT 0 = until killed)
Several prefixes give several PREF64 options in the same RA, all with the same lifetime.
"""
import ipaddress
import socket
import struct
import sys
import time

PLC = {96: 0, 64: 1, 56: 2, 48: 3, 40: 4, 32: 5}  # RFC 8781 4


def pref64_option(prefix, lifetime):
    # RFC 8781 4: type 38, length 2 (16 bytes), 13-bit scaled lifetime in 8 s units (rounded up), 3-bit PLC,
    # then the highest 96 bits of the prefix.
    scaled = min(8191, (lifetime + 7) // 8)
    net = ipaddress.IPv6Network(prefix)
    return struct.pack("!BBH", 38, 2, (scaled << 3) | PLC[net.prefixlen]) + net.network_address.packed[:12]


def router_advertisement(prefixes, lifetime):
    # RFC 4861 4.2: type 134, code 0, checksum (kernel), cur hop limit 64, flags 0, router lifetime 0 (not a default
    # router), reachable time 0, retrans timer 0.
    header = struct.pack("!BBHBBHII", 134, 0, 0, 64, 0, 0, 0, 0)
    return header + b"".join(pref64_option(prefix, lifetime) for prefix in prefixes.split(","))


def main():
    iface, prefix, lifetime, count, interval = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), \
        float(sys.argv[5])
    sock = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, iface.encode())
    sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 255)
    index = socket.if_nametoindex(iface)
    message = router_advertisement(prefix, lifetime)
    sent = 0
    while count == 0 or sent < count:
        sock.sendto(message, ("ff02::1", 0, 0, index))
        sent += 1
        print("RA sent on %s: PREF64 %s lifetime %d" % (iface, prefix, lifetime), flush=True)
        time.sleep(interval)


if __name__ == "__main__":
    main()
