#!/usr/bin/env python3
"""UDP echo server for the xlat end-to-end test: echoes every datagram back to its sender."""
import socket
import sys

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind((sys.argv[1], int(sys.argv[2])))
while True:
    data, peer = sock.recvfrom(65535)
    sock.sendto(data, peer)
