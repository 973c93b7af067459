#!/usr/bin/env bash
# Peak heap of the report pipeline at one root: HeapProbe under the recipe's JVM flags, at -Xmx from large to small;
# the smallest -Xmx that still completes CYCLES reports is the heap the pipeline needs. NOT part of `mvn -B verify`.
#   bench/heap.sh <root> [cycles] [xmx-list-in-MB]     (after bench/run-all.sh has built target/bench/classpath.txt)
set -uo pipefail
cd "$(dirname "$0")/.."
root=$1 cycles=${2:-10} sizes=${3:-"64 48 32 24 20 16 12 10 8"}
OUT=target/bench
mkdir -p "$OUT/bench-extra"
CP="target/test-classes:target/classes:$(cat "$OUT/classpath.txt")"
javac -proc:none -d "$OUT/bench-extra" -cp "$CP" src/bench/java/io/watchpost/bench/HeapProbe.java || exit 1
for mb in $sizes; do
    xms=$(( mb < 8 ? mb : 8 ))
    line=$(java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss256k "-Xms${xms}m" "-Xmx${mb}m" -XX:+ExitOnOutOfMemoryError \
        -cp "$OUT/bench-extra:$CP" io.watchpost.bench.HeapProbe "$root" "$cycles" 2>&1 | tail -1)
    echo "xmx_mb=$mb exit=${PIPESTATUS[0]} $line"
done
