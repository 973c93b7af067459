#!/usr/bin/env python3
"""Capture a proc-root fixture with its oracle, in the network namespace this script runs in.

Holds open sockets of every kind (TCP/UDP, IPv4/IPv6, wildcard and specific addresses, established TCP, connected
UDP clients), then copies the proc network tables and, at the same moment, what iproute2 says (ss uses sock_diag
netlink, not /proc, so it is an independent oracle). The copy is retried until `ss` and `ip -s link` print the same
before and after it, so the files and the oracle describe one instant.

usage: capture.py OUTDIR [--port-base N] [--peer HOST:PORT ...]
Writes OUTDIR/1/net/{tcp,tcp6,udp,udp6,dev,if_inet6,fib_trie,route}, OUTDIR/sys/kernel/random/boot_id and
OUTDIR/oracle/{ss-listen.txt,ss-established.txt,ip-addr.json,ip-link-stats.json}.
"""
import argparse
import json
import os
import shutil
import socket
import subprocess
import sys

NET_FILES = ["tcp", "tcp6", "udp", "udp6", "dev", "if_inet6", "fib_trie", "route"]


def run(*cmd):
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def addresses():
    """(family, address, scope_id) of every address of this namespace, from `ip -j addr`."""
    out = []
    for link in json.loads(run("ip", "-j", "addr")):
        for a in link.get("addr_info", []):
            fam = socket.AF_INET if a["family"] == "inet" else socket.AF_INET6
            scope = link["ifindex"] if a.get("scope") == "link" and fam == socket.AF_INET6 else 0
            out.append((fam, a["local"], scope))
    return out


def sockaddr(fam, addr, port, scope=0):
    return (addr, port) if fam == socket.AF_INET else (addr, port, 0, scope)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--port-base", type=int, default=47000)
    ap.add_argument("--peer", action="append", default=[])
    args = ap.parse_args()
    held = []
    port = args.port_base

    def listen(kind, fam, addr, p, scope=0, v6only=None, reuseport=False):
        s = socket.socket(fam, socket.SOCK_STREAM if kind == "tcp" else socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if reuseport:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        if v6only is not None:
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1 if v6only else 0)
        s.bind(sockaddr(fam, addr, p, scope))
        if kind == "tcp":
            s.listen(16)
        held.append(s)
        return s

    def connect_tcp(fam, addr, p, scope=0):
        c = socket.socket(fam, socket.SOCK_STREAM)
        c.connect(sockaddr(fam, addr, p, scope))
        held.append(c)

    # Wildcards: a dual-stack [::] TCP listener, two SO_REUSEPORT listeners on one port (one entry after dedup),
    # UDP 0.0.0.0 and a v6-only [::] UDP socket on the same port (one entry after dedup).
    dual = port + 1
    listen("tcp", socket.AF_INET, "0.0.0.0", port)
    listen("tcp", socket.AF_INET6, "::", dual, v6only=False)
    listen("tcp", socket.AF_INET, "0.0.0.0", port + 2, reuseport=True)
    listen("tcp", socket.AF_INET, "0.0.0.0", port + 2, reuseport=True)
    listen("udp", socket.AF_INET, "0.0.0.0", port + 3)
    listen("udp", socket.AF_INET6, "::", port + 3, v6only=True)
    port += 10
    specific = []
    for fam, addr, scope in addresses():
        listen("tcp", fam, addr, port, scope)
        listen("udp", fam, addr, port + 1, scope)
        specific.append((fam, addr, scope, port))
        port += 2
    # Established: a client to every specific TCP listener (both ends are rows), an IPv4 client to the dual-stack
    # listener (the accepted socket is an IPv4-mapped row of tcp6), and clients to peers in other namespaces.
    for fam, addr, scope, p in specific:
        connect_tcp(fam, addr, p, scope)
    connect_tcp(socket.AF_INET, "127.0.0.1", dual)
    for peer in args.peer:
        host, _, p = peer.rpartition(":")
        host = host.strip("[]")
        connect_tcp(socket.AF_INET6 if ":" in host else socket.AF_INET, host, int(p))
    # Connected UDP clients: not listeners.
    for fam, addr in [(socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")]:
        c = socket.socket(fam, socket.SOCK_DGRAM)
        c.connect(sockaddr(fam, addr, args.port_base + 3))
        held.append(c)

    out = args.outdir
    net = os.path.join(out, "1", "net")
    os.makedirs(net, exist_ok=True)
    os.makedirs(os.path.join(out, "sys", "kernel", "random"), exist_ok=True)
    os.makedirs(os.path.join(out, "oracle"), exist_ok=True)

    def oracle():
        return (run("ss", "-H", "-tlnu"), run("ss", "-H", "-tn", "state", "established"),
                run("ip", "-j", "addr"), run("ip", "-j", "-s", "link"))

    for attempt in range(50):
        before = oracle()
        for name in NET_FILES:
            src = "/proc/self/net/" + name
            if os.path.exists(src):
                with open(src, "rb") as f, open(os.path.join(net, name), "wb") as g:
                    g.write(f.read())
        after = oracle()
        if before == after:
            break
    else:
        sys.exit("the namespace kept changing; no consistent capture")
    shutil.copyfile("/proc/sys/kernel/random/boot_id", os.path.join(out, "sys", "kernel", "random", "boot_id"))
    for name, text in zip(["ss-listen.txt", "ss-established.txt", "ip-addr.json", "ip-link-stats.json"], after):
        with open(os.path.join(out, "oracle", name), "w") as f:
            f.write(text)
    print("captured after %d attempt(s): %s" % (attempt + 1, out))


if __name__ == "__main__":
    main()
