#!/usr/bin/env python3
"""Decode a proc root with psutil and print what Watchpost must collect from it, as JSON on stdout.

Used by SyntheticProcRootTest to check the generator's files WITHOUT Watchpost's parser: psutil (Debian's
python3-psutil) decodes the socket tables and net/dev; interface ownership is decoded here from net/if_inet6,
net/fib_trie and net/route with a parser of its own.

psutil resolves every path as "<PROCFS_PATH>/net/<file>" (psutil/_pslinux.py Connections.retrieve and
net_io_counters), i.e. the root's own net/ directory, not <root>/1/net or /proc/self/net. net_connections() also
lists <PROCFS_PATH>/<pid>/fd to map sockets to processes; a synthetic root has no such directories, which psutil
tolerates (pid and fd come back as None/-1).

usage: psutil_crosscheck.py <proc root>
"""
import ipaddress
import json
import os
import socket
import sys

import psutil


def read_ownership(root):
    """Address text -> interface name, and the IPv4 routes, from the root's own files."""
    v6_owner = {}
    path = os.path.join(root, "net", "if_inet6")
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                fields = line.split()
                v6_owner[str(ipaddress.IPv6Address(bytes.fromhex(fields[0])))] = fields[5]
    local_v4 = set()
    with open(os.path.join(root, "net", "fib_trie")) as f:
        leaf = None
        for line in f:
            text = line.strip()
            if text.startswith("|-- "):
                leaf = text[4:]
            elif text.startswith("/") and leaf is not None:
                prefix, scope, kind = text.split()[:3]
                if prefix == "/32" and scope == "host" and kind == "LOCAL":
                    local_v4.add(leaf)
            elif text.startswith("+-- ") or text.endswith(":"):
                leaf = None
    routes = []
    with open(os.path.join(root, "net", "route")) as f:
        next(f)
        for line in f:
            fields = line.split("\t")
            dest = int.from_bytes(bytes.fromhex(fields[1])[::-1], "big")
            mask = int.from_bytes(bytes.fromhex(fields[7])[::-1], "big")
            routes.append((bin(mask).count("1"), dest, mask, fields[0].strip()))
    routes.sort(reverse=True)
    return v6_owner, local_v4, routes


def owner_of(ip, v6_owner, local_v4, routes):
    if ip in ("0.0.0.0", "::"):
        return None
    address = ipaddress.ip_address(ip)
    if address.version == 6 and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.version == 6:
        return v6_owner.get(str(address))
    if address in ipaddress.ip_network("127.0.0.0/8"):
        return "lo"
    if str(address) not in local_v4:
        return None
    value = int(address)
    for _, dest, mask, name in routes:
        if value & mask == dest:
            return name
    return None


def remote_text(ip, port):
    address = ipaddress.ip_address(ip)
    if address.version == 6 and address.ipv4_mapped is not None:
        return "%s:%d" % (address.ipv4_mapped, port)
    if address.version == 6:
        return "[%s]:%d" % (ip, port)  # glibc inet_ntop text, RFC 5952 compressed
    return "%s:%d" % (ip, port)


def remote_key(text):
    """Watchpost's order of remote ends: IPv4 before IPv6, then the address as a number, then the port."""
    host, port = text.rsplit(":", 1)
    address = ipaddress.ip_address(host.strip("[]"))
    return (address.version, int(address), int(port))


def iface_key(name):
    return (0, "") if name is None else (1, name)


def main():
    root = sys.argv[1]
    psutil.PROCFS_PATH = root
    v6_owner, local_v4, routes = read_ownership(root)
    tcp, udp, established = set(), set(), set()
    for c in psutil.net_connections(kind="inet"):
        owner = owner_of(c.laddr.ip, v6_owner, local_v4, routes)
        if c.type == socket.SOCK_STREAM and c.status == psutil.CONN_LISTEN:
            tcp.add((c.laddr.port, owner))
        elif c.type == socket.SOCK_STREAM and c.status == psutil.CONN_ESTABLISHED:
            established.add((remote_text(c.raddr.ip, c.raddr.port), c.laddr.port, owner))
        elif c.type == socket.SOCK_DGRAM and not c.raddr:
            udp.add((c.laddr.port, owner))
    counters = psutil.net_io_counters(pernic=True)
    with open(os.path.join(root, "sys", "kernel", "random", "boot_id")) as f:
        boot_id = f.read().strip()
    ports = lambda s: [{"port": p, "interface": i} for p, i in sorted(s, key=lambda e: (e[0], iface_key(e[1])))]
    conns = sorted(established, key=lambda e: (remote_key(e[0]), e[1], iface_key(e[2])))
    print(json.dumps({
        "boot_id": boot_id,
        "listening_tcp_ports": {"total": len(tcp), "ports": ports(tcp)},
        "listening_udp_ports": {"total": len(udp), "ports": ports(udp)},
        "established_connections": {"total": len(conns), "connections": [
            {"remote_addr": r, "local_port": p, "local_interface": i} for r, p, i in conns]},
        "interfaces": [{"name": name, "loopback": name == "lo", "rx_bytes": c.bytes_recv,
                        "rx_packets": c.packets_recv, "tx_bytes": c.bytes_sent, "tx_packets": c.packets_sent}
                       for name, c in counters.items()],
        "ownership": {},
    }))


if __name__ == "__main__":
    main()
