#!/usr/bin/env python3
"""Tiny authoritative DNS server for the xlat end-to-end test (UDP only, documentation addresses).

Zone: server.example A 198.51.100.10 (no AAAA: an IPv4-only name for DNS64 to synthesize),
ipv4only.arpa A 192.0.0.170 and 192.0.0.171 (RFC 7050 / RFC 8880). Everything else: NXDOMAIN.
"""
import socket
import struct
import sys

ZONE_A = {
    "server.example": ["198.51.100.10"],
    "ipv4only.arpa": ["192.0.0.170", "192.0.0.171"],
}
SOA_NAME = {"server.example": "example", "ipv4only.arpa": "ipv4only.arpa"}


def encode_name(name):
    out = b""
    for label in name.split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b"\x00"


def parse_question(data):
    pos, labels = 12, []
    while data[pos] != 0:
        n = data[pos]
        labels.append(data[pos + 1:pos + 1 + n].decode().lower())
        pos += 1 + n
    qtype, qclass = struct.unpack("!HH", data[pos + 1:pos + 5])
    return ".".join(labels), qtype, qclass, pos + 5


def answer(data):
    qid, flags = struct.unpack("!HH", data[:4])
    name, qtype, _qclass, end = parse_question(data)
    question = data[12:end]
    rd = flags & 0x0100
    answers, authority, rcode = [], [], 0
    if name in ZONE_A:
        if qtype == 1:
            for a in ZONE_A[name]:
                answers.append(b"\xc0\x0c" + struct.pack("!HHIH", 1, 1, 60, 4) + socket.inet_aton(a))
        else:
            zone = encode_name(SOA_NAME[name])
            rdata = encode_name("ns." + SOA_NAME[name]) + encode_name("hostmaster." + SOA_NAME[name]) \
                + struct.pack("!IIIII", 1, 3600, 600, 86400, 60)
            authority.append(zone + struct.pack("!HHIH", 6, 1, 60, len(rdata)) + rdata)
    else:
        rcode = 3
    header = struct.pack("!HHHHHH", qid, 0x8400 | rd | rcode, 1, len(answers), len(authority), 0)
    return header + question + b"".join(answers) + b"".join(authority)


def main():
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((sys.argv[1], int(sys.argv[2])))
    while True:
        data, peer = sock.recvfrom(4096)
        try:
            sock.sendto(answer(data), peer)
        except Exception as ex:  # malformed query: ignore it, keep serving
            print("authdns: " + repr(ex), file=sys.stderr)


if __name__ == "__main__":
    main()
