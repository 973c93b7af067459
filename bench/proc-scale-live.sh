#!/bin/sh
# Measures ProcNetworkCollector against a live kernel holding ~100,000 established TCP rows (run as root after
# `mvn -Pbench test-compile`; needs iproute2 and python3). The connections live in a throwaway network namespace; six holder
# processes share them because one process may not open more than ~20,000 files here.
# usage: bench/proc-scale-live.sh [connections-per-process]
set -eu
PER=${1:-8300}
NS=wp-scale
TMP=$(mktemp -d)
PIDS=""
cleanup() {
    for p in $PIDS; do kill "$p" 2>/dev/null || true; done
    ip netns del $NS 2>/dev/null || true
    rm -rf "$TMP"
}
trap cleanup EXIT
ip netns add $NS
ip -n $NS link set lo up
ip netns exec $NS sysctl -qw net.ipv4.ip_local_port_range="1024 65000"
cat > "$TMP/hold.py" <<'PY'
import socket, sys, signal
n, base = int(sys.argv[1]), int(sys.argv[2])
held, listeners = [], []
for p in range(4):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", base + p))
    s.listen(4096)
    listeners.append(s)
for i in range(n):
    c = socket.socket()
    c.connect(("127.0.0.1", base + i % 4))
    held.append(c)
    held.append(listeners[i % 4].accept()[0])
print("ready", flush=True)
signal.pause()
PY
for k in 0 1 2 3 4 5; do
    ip netns exec $NS python3 "$TMP/hold.py" "$PER" $((20000 + k * 10)) > "$TMP/hold$k.out" 2>&1 &
    PIDS="$PIDS $!"
done
i=0
while [ "$(cat "$TMP"/hold*.out | grep -c ready)" -lt 6 ]; do
    i=$((i + 1)); [ $i -gt 300 ] && { echo "holders not ready" >&2; exit 1; }
    sleep 1
done
ip netns exec $NS java -cp target/classes:target/test-classes io.watchpost.collect.LiveScaleBench
