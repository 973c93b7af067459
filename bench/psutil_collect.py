#!/usr/bin/env python3
"""Time one Device Defender report collected with psutil, the way AWS's Python agent collects it.

AWS's agent (aws-iot-device-defender-agent-sdk-python, collector.py + metrics.py; the V1 connector and the V2
aws.greengrass.DeviceDefender component run it) does per report:
  net_io_counters() summed over all interfaces; net_connections('inet') for listeners (TCP in LISTEN, every UDP
  socket); net_connections('tcp') again for ESTABLISHED; for every socket an interface lookup through
  net_if_addrs(); de-duplication with `x not in list` (quadratic); lists randomly sampled to 50; json.dumps with
  long key names.

Modes:
  agent  exactly that, quadratic parts included (only sensible up to ~10,000 connections);
  lean   the same report done as cheaply as psutil allows: one net_connections('inet'), net_if_addrs() once, sets.
         Ratios against Watchpost use `lean`, so they never flatter Watchpost.

psutil reads "<PROCFS_PATH>/net/{tcp,tcp6,udp,udp6,dev}" (psutil/_pslinux.py), i.e. the root's own net/
directory, and lists <PROCFS_PATH>/<pid>/fd to map sockets to processes (a cost the agent pays on a real /proc).
Interface addresses (net_if_addrs) always come from the live host (getifaddrs), not from the root.

Prints one JSON line: {"tool": "psutil", "mode", "root", "first_ms", "median_ms", "iterations", ...}.
usage: psutil_collect.py --root /proc [--mode lean|agent] [--iterations 10] [--budget-seconds 120]
"""
import argparse
import json
import random
import socket
import statistics
import time

import psutil


def interface_of(address, by_address):
    if address in ("0.0.0.0", "::"):
        return address
    return by_address.get(address)


def lean_report():
    by_address = {}
    for name, addrs in psutil.net_if_addrs().items():
        for snic in addrs:
            by_address.setdefault(snic.address, name)
    tcp, udp, conns = {}, {}, {}
    for c in psutil.net_connections(kind="inet"):
        if not c.laddr:
            continue
        iface = interface_of(c.laddr.ip, by_address)
        if c.type == socket.SOCK_STREAM:
            if c.status == psutil.CONN_LISTEN:
                entry = {"port": c.laddr.port, "interface": iface} if iface else {"port": c.laddr.port}
                tcp[(c.laddr.port, iface)] = entry
            elif c.status == psutil.CONN_ESTABLISHED and c.raddr:
                remote = c.raddr.ip if ":" not in c.raddr.ip else "[" + c.raddr.ip + "]"
                key = (remote + ":" + str(c.raddr.port), iface, c.laddr.port)
                conns[key] = {"remote_addr": key[0], "local_interface": iface, "local_port": c.laddr.port}
        elif c.type == socket.SOCK_DGRAM:
            entry = {"port": c.laddr.port, "interface": iface} if iface else {"port": c.laddr.port}
            udp[(c.laddr.port, iface)] = entry
    return build(list(tcp.values()), list(udp.values()), list(conns.values()))


def agent_interface_name(address):
    # The agent calls net_if_addrs() twice per interface for every socket (collector.py __get_interface_name).
    if address == "0.0.0.0" or address == "::":
        return address
    for iface in psutil.net_if_addrs():
        for snic in psutil.net_if_addrs()[iface]:
            if snic.address == address:
                return iface
    return None


def agent_report():
    tcp, udp, conns = [], [], []
    for c in psutil.net_connections(kind="inet"):
        if not c.laddr:
            continue
        iface = agent_interface_name(c.laddr.ip)
        entry = {"port": c.laddr.port, "interface": iface} if iface else {"port": c.laddr.port}
        if c.status == "LISTEN" and c.type == socket.SOCK_STREAM and entry not in tcp:
            tcp.append(entry)
        if c.type == socket.SOCK_DGRAM and entry not in udp:
            udp.append(entry)
    for c in psutil.net_connections(kind="tcp"):
        if c.status == "ESTABLISHED" and c.raddr:
            remote = c.raddr.ip if ":" not in c.raddr.ip else "[" + c.raddr.ip + "]"
            conn = {"remote_addr": remote + ":" + str(c.raddr.port),
                    "local_interface": agent_interface_name(c.laddr.ip), "local_port": c.laddr.port}
            if conn not in conns:
                conns.append(conn)
    return build(tcp, udp, conns)


def sample(items, limit=50):
    return random.sample(items, limit) if len(items) > limit else items


def build(tcp, udp, conns):
    counters = psutil.net_io_counters(pernic=False)
    report = {
        "header": {"report_id": int(time.time()), "version": "1.0"},
        "metrics": {
            "network_stats": {"bytes_in": counters.bytes_recv, "bytes_out": counters.bytes_sent,
                              "packets_in": counters.packets_recv, "packets_out": counters.packets_sent},
            "tcp_connections": {"established_connections": {"connections": sample(conns), "total": len(conns)}},
            "listening_tcp_ports": {"ports": sample(tcp), "total": len(tcp)},
            "listening_udp_ports": {"ports": sample(udp), "total": len(udp)},
        },
    }
    return json.dumps(report, separators=(",", ":")), len(conns), len(tcp), len(udp)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", default="/proc")
    parser.add_argument("--mode", choices=("lean", "agent"), default="lean")
    parser.add_argument("--iterations", type=int, default=10)
    parser.add_argument("--budget-seconds", type=float, default=120.0)
    args = parser.parse_args()
    psutil.PROCFS_PATH = args.root
    collect = lean_report if args.mode == "lean" else agent_report

    times = []
    cpu = []  # thread CPU time (user + system): on the shared machine wall time is mostly waiting for a core
    started = time.perf_counter()
    payload, established, tcp, udp = None, 0, 0, 0
    for _ in range(args.iterations + 1):
        t0 = time.perf_counter()
        c0 = time.thread_time()
        payload, established, tcp, udp = collect()
        cpu.append((time.thread_time() - c0) * 1000.0)
        times.append((time.perf_counter() - t0) * 1000.0)
        if time.perf_counter() - started > args.budget_seconds:
            break
    warm = times[1:] or times
    warm_cpu = cpu[1:] or cpu
    print(json.dumps({"tool": "psutil", "mode": args.mode, "root": args.root, "psutil": psutil.__version__,
                      "first_ms": round(times[0], 3), "median_ms": round(statistics.median(warm), 3),
                      "first_cpu_ms": round(cpu[0], 3), "median_cpu_ms": round(statistics.median(warm_cpu), 3),
                      "iterations": len(warm), "complete": len(times) == args.iterations + 1,
                      "established": established, "tcp_listeners": tcp, "udp_ports": udp,
                      "payload_bytes": len(payload)}))


if __name__ == "__main__":
    main()
