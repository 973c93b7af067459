#!/usr/bin/env python3
"""Derives the broken variants in broken/ from the verbatim captures in host/ (each damages one line)."""
import os

SRC = "host/1/net/"
os.makedirs("broken", exist_ok=True)


def lines(name):
    with open(SRC + name, "rb") as f:
        return f.read().split(b"\n")


def write(name, parts):
    with open("broken/" + name, "wb") as f:
        f.write(b"\n".join(parts))


tcp = lines("tcp")  # ends with b"" after the last newline
# the last row cut in the middle of rem_address, without a newline, as a reader racing a writer could see it
write("tcp-truncated", tcp[:-2] + [tcp[-2][:30]])
write("tcp-too-few-columns", tcp[:2] + [b"   9: 0100007F:1F90 00000000:0000 0A"] + tcp[2:])
non_hex = bytearray(tcp[2])
non_hex[8] = ord("G")  # a digit of local_address
write("tcp-non-hex", tcp[:2] + [bytes(non_hex)] + tcp[2:])
write("tcp-binary", tcp[:2] + [b"\x00\x01\xff\xfe garbage \x1b[31m\r" + tcp[2][10:]] + tcp[2:])
write("tcp-overlong", tcp[:2] + [tcp[2] + b" 0" * 1000] + tcp[2:])
write("tcp-empty", [b""])
tcp6 = lines("tcp6")
write("tcp6-truncated-address", tcp6[:2] + [tcp6[2][:12] + tcp6[2][20:]] + tcp6[2:])
dev = lines("dev")
write("dev-broken", dev[:3]
      + [b"  bad0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15",                          # too few columns
         b"  bad1: 1 2 3 4 5 6 7 8 9x 10 11 12 13 14 15 16",                     # non-decimal
         b"  bad2: 18446744073709551616 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0",           # 2^64: overflows
         b"  big0: 18446744073709551615 9223372036854775808 0 0 0 0 0 0 "
         b"18446744073709551614 1 0 0 0 0 0 0",                                  # valid: beyond Long.MAX_VALUE
         b"no colon here 1 2 3"]
      + dev[3:])
if6 = lines("if_inet6")
write("if_inet6-broken", [if6[0], b"fd00000000000000000000000000000g 04 40 00 82     eth9", b"fd00 04 40"] + if6[1:])
route = lines("route")
write("route-broken", route[:2] + [b"eth9\tXYZ\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0", b"eth9\t0000"] + route[2:])
fib = lines("fib_trie")
write("fib_trie-broken", fib[:3] + [b"     ?? nonsense", b"        /99 host LOCAL"] + fib[3:])
