#!/usr/bin/env python3
"""Hold N real established TCP rows on this machine's loopback, for the real-/proc measurements; then exit by itself.

Each connection made here is two ESTABLISHED rows in /proc/net/tcp (the client end and the accepted end), so
--rows N opens N/2 connections. One process holds both ends: N file descriptors. The soft (and, as root, the hard)
RLIMIT_NOFILE is raised to fit. Ephemeral ports are shared per (source, destination) pair, so the connections are
spread over several listener ports and source addresses 127.0.0.2..127.0.0.9 (all loopback, no sysctl changed).

Prints "ready rows=<N> pid=<pid>" on stdout once every connection is established, then holds them until
--hold-seconds pass, stdin closes, or SIGTERM/SIGINT arrives; it never outlives --hold-seconds.
usage: loopback_connections.py --rows 100000 [--hold-seconds 600]
"""
import argparse
import os
import resource
import select
import signal
import socket
import sys
import time

PER_PAIR = 20000  # well inside the default ephemeral range (32768-60999) for one source/destination pair


def raise_fd_limit(needed):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft >= needed:
        return
    if hard < needed:
        try:
            with open("/proc/sys/fs/nr_open") as f:
                ceiling = int(f.read())
            resource.setrlimit(resource.RLIMIT_NOFILE, (min(needed, ceiling), min(needed, ceiling)))
            return
        except (OSError, ValueError):
            pass
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(needed, hard), hard))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--hold-seconds", type=float, default=600.0)
    parser.add_argument("--max-rows", type=int, default=400000, help="refuse more than this (safety bound)")
    args = parser.parse_args()
    if args.rows < 2 or args.rows > args.max_rows:
        sys.exit("--rows must be within 2..%d" % args.max_rows)
    deadline = time.monotonic() + args.hold_seconds
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))

    connections = args.rows // 2
    raise_fd_limit(connections * 2 + 256)
    sources = ["127.0.0.%d" % i for i in range(2, 10)]
    pairs = (connections + PER_PAIR - 1) // PER_PAIR
    listeners = []
    for _ in range((pairs + len(sources) - 1) // len(sources)):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen(4096)
        listeners.append(listener)

    held = []
    made = 0
    pair = 0
    while made < connections and not stop and time.monotonic() < deadline:
        listener = listeners[pair // len(sources)]
        source = sources[pair % len(sources)]
        for _ in range(min(PER_PAIR, connections - made)):
            client = socket.socket()
            client.bind((source, 0))
            client.connect(listener.getsockname())
            accepted, _ = listener.accept()
            held.append(client)
            held.append(accepted)
            made += 1
        pair += 1
    if made < connections:
        sys.exit("stopped before all connections were made (%d of %d)" % (made, connections))
    print("ready rows=%d pid=%d" % (made * 2, os.getpid()), flush=True)

    while not stop and time.monotonic() < deadline:
        readable, _, _ = select.select([sys.stdin], [], [], min(1.0, max(0.0, deadline - time.monotonic())))
        if readable and not sys.stdin.readline():
            break  # the caller closed our stdin: it is done measuring
    for s in held:
        s.close()
    for listener in listeners:
        listener.close()


if __name__ == "__main__":
    main()
