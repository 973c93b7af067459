#!/usr/bin/env bash
# Detect's evaluation per sample beside the collection it evaluates, on synthetic roots (default 1,000 and 100,000
# established connections): a profile of 20 behaviors with a 100-CIDR in-cidr-set over all destinations. CPU time per
# call (CpuTime) is the figure to compare on a shared machine. NOT part of `mvn -B verify`.
#
#   bench/detect.sh                       # sizes "1000 100000"
#   DETECT_SIZES="1000" bench/detect.sh
# Results: target/bench/detect/jmh-<N>.json and a table on stdout (also target/bench/detect/table.md).
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${DETECT_SIZES-"1000 100000"}
SEED=${BENCH_SEED:-20261128}
JMH_OPTS=${JMH_DETECT:-"-wi 3 -w 2s -i 5 -r 2s -f 1"}
OUT=target/bench/detect
mkdir -p "$OUT" target/bench/roots

mvn -q -B -Pbench -DskipTests test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$OUT/classpath.txt"
CP="target/test-classes:target/classes:$(cat "$OUT/classpath.txt")"

echo "| established | collect ms (cpu) | evaluate ms (cpu) | evaluate / collect | evaluate, all destinations ms (cpu) | all / collect |" > "$OUT/table.md"
echo "|---:|---:|---:|---:|---:|---:|" >> "$OUT/table.md"
for n in $SIZES; do
    root="target/bench/roots/n$n-s$SEED"
    [[ -f "$root/expected.json" ]] || java -cp "$CP" io.watchpost.synth.SyntheticProcRootMain "$root" "$SEED" "$n" >&2
    root=$(realpath "$root")
    echo "== N=$n ($(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    # shellcheck disable=SC2086
    java -cp "$CP" org.openjdk.jmh.Main 'io.watchpost.bench.DetectBenchmark' -p root="$root" $JMH_OPTS \
        -rf json -rff "$OUT/jmh-$n.json" > "$OUT/jmh-$n.log" 2>&1
    python3 - "$OUT/jmh-$n.json" "$n" >> "$OUT/table.md" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))
cpu = {}
for r in runs:
    name = r["benchmark"].rsplit(".", 1)[1]
    sec = r["secondaryMetrics"]
    cpu[name] = sec["cpuNanos"]["score"] / sec["calls"]["score"] / 1e6
c, e, a = cpu["collect"], cpu["evaluate"], cpu["evaluateAllDestinations"]
print(f"| {int(sys.argv[2]):,} | {c:.3f} | {e:.3f} | {e / c:.1%} | {a:.3f} | {a / c:.1%} |")
PY
done
cat "$OUT/table.md"
