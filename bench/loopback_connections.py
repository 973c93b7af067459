#!/usr/bin/env python3
"""Hold N real established TCP rows on this machine's loopback, for the real-/proc measurements; then exit by itself.

Each connection made here is two ESTABLISHED rows in /proc/net/tcp (the client end and the accepted end), so
--rows N opens N/2 connections, each end one file descriptor. One process may hold only RLIMIT_NOFILE descriptors
(the hard limit here is 20,000 and cannot be raised without CAP_SYS_RESOURCE), so the rows are spread over worker
processes of at most --rows-per-process rows each. Ephemeral ports are shared per (source, destination) pair, so
every worker has its own listener port and connects from source addresses 127.0.0.2..127.0.0.9 in turn (all
loopback; no sysctl is changed).

Prints "ready rows=<N> pid=<pid>" on stdout once every connection is established, then holds them until
--hold-seconds pass, stdin closes, or SIGTERM/SIGINT arrives; workers never outlive --hold-seconds either.
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

SOURCES = ["127.0.0.%d" % i for i in range(2, 10)]


def raise_fd_limit(needed):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < needed:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(needed, hard), hard))
    return min(needed, hard)


def hold(rows, deadline, ready_fd):
    """Worker: make rows/2 connections to a listener of its own, report on ready_fd, sleep until told to stop."""
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    connections = rows // 2
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4096)
    held = []
    for i in range(connections):
        if stop or time.monotonic() > deadline:
            os._exit(1)
        client = socket.socket()
        client.bind((SOURCES[i % len(SOURCES)], 0))
        client.connect(listener.getsockname())
        accepted, _ = listener.accept()
        held.append(client)
        held.append(accepted)
    os.write(ready_fd, b"%d\n" % (connections * 2))
    while not stop and time.monotonic() < deadline:
        time.sleep(min(1.0, max(0.0, deadline - time.monotonic())))
    os._exit(0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--hold-seconds", type=float, default=600.0)
    parser.add_argument("--rows-per-process", type=int, default=18000)
    parser.add_argument("--max-rows", type=int, default=400000, help="refuse more than this (safety bound)")
    args = parser.parse_args()
    if args.rows < 2 or args.rows > args.max_rows:
        sys.exit("--rows must be within 2..%d" % args.max_rows)
    deadline = time.monotonic() + args.hold_seconds
    per_process = min(args.rows_per_process, raise_fd_limit(args.rows_per_process + 64) - 64) // 2 * 2
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))

    ready_read, ready_write = os.pipe()
    workers = []
    left = args.rows // 2 * 2
    while left > 0:
        share = min(per_process, left)
        pid = os.fork()
        if pid == 0:
            os.close(ready_read)
            hold(share, deadline, ready_write)
        workers.append(pid)
        left -= share
    os.close(ready_write)
    made = 0
    with os.fdopen(ready_read) as ready:
        for _ in workers:
            line = ready.readline()
            if not line:
                break
            made += int(line)
    try:
        if made < args.rows // 2 * 2:
            sys.exit("stopped before all connections were made (%d of %d rows)" % (made, args.rows))
        print("ready rows=%d pid=%d workers=%d" % (made, os.getpid(), len(workers)), flush=True)
        while not stop and time.monotonic() < deadline:
            readable, _, _ = select.select([sys.stdin], [], [], min(1.0, max(0.0, deadline - time.monotonic())))
            if readable and not sys.stdin.readline():
                break  # the caller closed our stdin: it is done measuring
    finally:
        for pid in workers:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for pid in workers:
            os.waitpid(pid, 0)


if __name__ == "__main__":
    main()
