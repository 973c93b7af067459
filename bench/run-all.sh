#!/usr/bin/env bash
# Runs every benchmark: speed (tables of medians and ratios), peak heap, the component's footprint, payload bytes.
# NOT part of `mvn -B verify`.
#
#   bench/run-all.sh                      # everything (synthetic + real /proc, heap, footprint, payload), ~45 min
#   BENCH_SIZES="1000 10000" BENCH_REAL_SIZES="" BENCH_FOOTPRINT_SIZES="" bench/run-all.sh   # a quick subset
#
# Environment:
#   BENCH_SIZES        established connections of the synthetic roots   (default "1000 10000 100000 200000")
#   BENCH_REAL_SIZES   ESTABLISHED rows held on this machine's loopback  (default = BENCH_SIZES; "" skips)
#   BENCH_AGENT_SIZES  sizes at which psutil also runs AWS's agent code verbatim (quadratic) (default "1000")
#   BENCH_SEED         seed of the synthetic roots (default 20261128)
#   JMH_WARM / JMH_COLD  JMH options of the warm and first-in-process runs
#   PSUTIL_ITERATIONS  warm psutil reports per case (default 10)
#   PYTHON             a python3 with Debian's python3-psutil (default /usr/bin/python3)
#   BENCH_HEAP_SIZE    synthetic size of the peak-heap probe, bench/heap.sh (default 100000; "" skips)
#   BENCH_FOOTPRINT_SIZES  synthetic sizes of the component footprint, bench/footprint.py on local mode's component
#                      child, 100 cycles each (default "1000 100000"; "" skips)
#   DETECT_SIZES       synthetic sizes of Detect's evaluation beside collect, bench/detect.sh (default "1000 100000";
#                      "" skips)
# Results: target/bench/results/<kind>-<N>/{jmh-warm.json,jmh-cold.json,psutil.jsonl}; table: target/bench/table.md;
#   then target/bench/heap.txt, target/bench/footprint.jsonl (local mode's child), target/bench/device-footprint.txt
#   (this CPU's device jar in component mode, ComponentFootprint), target/bench/payload.md (payload bytes) and
#   target/bench/detect/table.md (Detect's evaluation per sample)
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${BENCH_SIZES-"1000 10000 100000 200000"}
REAL_SIZES=${BENCH_REAL_SIZES-$SIZES}
AGENT_SIZES=${BENCH_AGENT_SIZES-"1000"}
SEED=${BENCH_SEED:-20261128}
HEAP_SIZE=${BENCH_HEAP_SIZE-100000}
FOOTPRINT_SIZES=${BENCH_FOOTPRINT_SIZES-"1000 100000"}
JMH_WARM=${JMH_WARM:-"-wi 4 -w 3s -i 5 -r 2s -f 1 -prof gc"}
# Cold: Watchpost's setup then skips its baseline collection, so the one shot is the process's first report.
JMH_COLD=${JMH_COLD:-"-bm ss -wi 0 -i 1 -f 3 -tu ms -jvmArgsAppend -Dwatchpost.bench.firstInProcess=true"}
PYTHON=${PYTHON:-/usr/bin/python3}
OUT=target/bench
mkdir -p "$OUT/roots" "$OUT/results"

"$PYTHON" -c 'import psutil' || { echo "python3-psutil missing: apt-get install -y python3-psutil" >&2; exit 1; }
mvn -q -B -Pbench -DskipTests test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$OUT/classpath.txt"
CP="target/test-classes:target/classes:$(cat "$OUT/classpath.txt")"

BENCHMARKS=${BENCHMARKS:-'io.watchpost.bench.(FloorBenchmark|OshiBenchmark|WatchpostBenchmark)'}

measure() { # kind N root
    local kind=$1 n=$2 root=$3 dir="$OUT/results/$1-$2"
    mkdir -p "$dir"
    echo "== $kind N=$n root=$root ($(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg))"
    # shellcheck disable=SC2086
    java -cp "$CP" org.openjdk.jmh.Main "$BENCHMARKS" -p root="$root" $JMH_WARM -rf json -rff "$dir/jmh-warm.json" \
        > "$dir/jmh-warm.log" 2>&1
    # shellcheck disable=SC2086
    java -cp "$CP" org.openjdk.jmh.Main "$BENCHMARKS" -p root="$root" $JMH_COLD -rf json -rff "$dir/jmh-cold.json" \
        > "$dir/jmh-cold.log" 2>&1
    "$PYTHON" bench/psutil_collect.py --root "$root" --mode lean --iterations "${PSUTIL_ITERATIONS:-10}" > "$dir/psutil.jsonl"
    if [[ " $AGENT_SIZES " == *" $n "* ]]; then
        "$PYTHON" bench/psutil_collect.py --root "$root" --mode agent --iterations 3 --budget-seconds 300 \
            >> "$dir/psutil.jsonl"
    fi
}

synthetic_root() { # N -> prints the root's path, writing it first if needed
    local root="$OUT/roots/n$1-s$SEED"
    if [[ ! -f "$root/expected.json" ]]; then
        java -cp "$CP" io.watchpost.synth.SyntheticProcRootMain "$root" "$SEED" "$1" >&2
    fi
    realpath "$root"
}

for n in $SIZES; do
    root=$(synthetic_root "$n")
    measure synthetic "$n" "$root"
done

for n in $REAL_SIZES; do
    fifo=$(mktemp -u) && mkfifo "$fifo"
    # The holder stops when we close its stdin (fd 7), or by itself after 40 minutes at the latest.
    "$PYTHON" bench/loopback_connections.py --rows "$n" --hold-seconds 2400 < "$fifo" > "$OUT/loopback.out" &
    holder=$!
    exec 7> "$fifo"
    until grep -q '^ready' "$OUT/loopback.out" 2>/dev/null; do
        kill -0 "$holder" 2>/dev/null || { echo "loopback holder failed" >&2; exit 1; }
        sleep 1
    done
    measure real "$n" /proc
    exec 7>&-
    wait "$holder" || true
    rm -f "$fifo"
done

"$PYTHON" bench/report.py "$OUT/results" | tee "$OUT/table.md"

# Memory and payload: peak heap of the pipeline, the component's footprint (the deployed process: local mode's child,
# started with the recipe's flags), payload bytes. Quiet machine wanted for the footprint's CPU and start-up times.
if [[ -n "$HEAP_SIZE" ]]; then
    echo "== peak heap N=$HEAP_SIZE ($(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg))"
    bench/heap.sh "$(synthetic_root "$HEAP_SIZE")" 10 "64 24 16 12 10 8" | tee "$OUT/heap.txt"
fi
echo "== payload bytes ($(date -u +%H:%M:%S))"
java -cp "$CP" io.watchpost.bench.PayloadSizes "$OUT/payload-roots" "$SEED" | tee "$OUT/payload.md"
if [[ -n "$FOOTPRINT_SIZES" ]]; then
    # The bench profile again, so the benchmark classes stay in target/test-classes (test scope never reaches the jar).
    mvn -q -B -Pbench -DskipTests package
    # Local mode is only in target/watchpost.jar (the device jars leave it out); its child runs that jar in component
    # mode. ComponentFootprint then runs this CPU's device jar itself, the artifact a device gets.
    case "$(uname -m)" in
        x86_64) device_jar=target/watchpost-linux-x86_64.jar ;;
        aarch64) device_jar=target/watchpost-linux-aarch_64.jar ;;
        armv7*) device_jar=target/watchpost-linux-armv7.jar ;;
        *) device_jar=target/watchpost.jar ;;
    esac
    : > "$OUT/footprint.jsonl"
    : > "$OUT/device-footprint.txt"
    for n in $FOOTPRINT_SIZES; do
        echo "== footprint N=$n ($(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg))"
        "$PYTHON" bench/footprint.py --cycles 100 --label "synthetic-$n" --report-regex ' INFO report_published ' \
            --pid-regex ' local_mode_started .*component_pid=(\d+)' -- \
            java -jar target/watchpost.jar local --interval 1 --proc-root "$(synthetic_root "$n")" \
            | tee -a "$OUT/footprint.jsonl"
        echo "N=$n $device_jar $(java -cp "$CP" io.watchpost.bench.ComponentFootprint "$device_jar" \
            "$(synthetic_root "$n")" 2>&1 | tail -1)" | tee -a "$OUT/device-footprint.txt"
    done
fi
DETECT_SIZES=${DETECT_SIZES-"1000 100000"}
if [[ -n "$DETECT_SIZES" ]]; then
    echo "== detect evaluation ($(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg))"
    DETECT_SIZES="$DETECT_SIZES" BENCH_SEED="$SEED" bench/detect.sh
fi
