#!/bin/sh
# Captures a proc-root fixture of a network namespace with several interfaces (run as root; needs iproute2, python3).
# wp-main holds the sockets (capture.py); wp-peer is the far end of four veth pairs and holds listeners that wp-main
# connects to, so wp-main has established connections to remote (non-local) addresses.
# usage: capture-netns.sh OUTDIR
set -eu
OUT=$1
HERE=$(cd "$(dirname "$0")" && pwd)
cleanup() {
    [ -n "${PEER_PID:-}" ] && kill "$PEER_PID" 2>/dev/null || true
    ip netns del wp-main 2>/dev/null || true
    ip netns del wp-peer 2>/dev/null || true
}
trap cleanup EXIT
ip netns add wp-main
ip netns add wp-peer
# no duplicate address detection: link-local addresses must be bindable at once, not "tentative"
for ns in wp-main wp-peer; do
    ip netns exec $ns sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
done
ip -n wp-main link set lo up
ip -n wp-peer link set lo up
pair() { # main-name peer-name
    ip link add "$1" netns wp-main type veth peer name "$2" netns wp-peer
    ip -n wp-main link set "$1" up
    ip -n wp-peer link set "$2" up
}
pair v1-main v1-peer
pair v2-main v2-peer
pair v3.data v3-peer
pair vethlongname015 v4-peer
ip -n wp-main addr add 10.1.0.1/24 dev v1-main
ip -n wp-main addr add fd01::1/64 dev v1-main nodad
ip -n wp-peer addr add 10.1.0.2/24 dev v1-peer
ip -n wp-peer addr add fd01::2/64 dev v1-peer nodad
ip -n wp-main addr add 10.2.0.1/24 dev v2-main
ip -n wp-main addr add fd02::1:0:0:1/64 dev v2-main nodad
ip -n wp-peer addr add 10.2.0.2/24 dev v2-peer
ip -n wp-main addr add 172.16.5.1/16 dev v3.data
ip -n wp-peer addr add 172.16.5.2/16 dev v3-peer
# a primary and a secondary address in one subnet, and a /32 that has no connected route (owned by no route)
ip -n wp-main addr add 10.4.0.1/24 dev vethlongname015
ip -n wp-main addr add 10.4.0.9/24 dev vethlongname015
ip -n wp-main addr add 10.9.9.9/32 dev vethlongname015
ip -n wp-peer addr add 10.4.0.2/24 dev v4-peer
ip netns exec wp-peer python3 -c '
import socket, signal
held = []
for fam, addr in [(socket.AF_INET, "0.0.0.0"), (socket.AF_INET6, "::")]:
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if fam == socket.AF_INET6:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    s.bind((addr, 9000))
    s.listen(16)
    held.append(s)
print("ready", flush=True)
signal.pause()
' > /tmp/wp-peer.out &
PEER_PID=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do grep -q ready /tmp/wp-peer.out 2>/dev/null && break; sleep 0.2; done
ip netns exec wp-main python3 "$HERE/capture.py" "$OUT" --port-base 48000 \
    --peer 10.1.0.2:9000 --peer '[fd01::2]:9000' --peer 172.16.5.2:9000 --peer 10.4.0.2:9000
