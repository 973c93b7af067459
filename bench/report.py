#!/usr/bin/env python3
"""Prints the benchmark tables (Markdown) from target/bench/results/<kind>-<N>/ written by bench/run-all.sh.

Two clocks: wall (JMH's score; psutil's perf_counter) and the measuring thread's CPU time (CpuTime aux counters;
psutil's thread_time). The machine is shared (load 7-15 on 2 cores), so wall time is mostly waiting for a core and the
ratios are computed from CPU time; wall tables are printed too.
"""
import json
import os
import sys

TOOLS = {"FloorBenchmark.readBytes": "floor", "OshiBenchmark.collect": "oshi", "WatchpostBenchmark.collect": "collect",
         "WatchpostBenchmark.report": "report"}


def jmh(path):
    """tool -> {"wall": ms, "cpu": ms or None, "alloc": bytes/op or None}"""
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return {}
    out = {}
    for run in json.load(open(path)):
        tool = TOOLS.get(".".join(run["benchmark"].rsplit(".", 2)[-2:]))
        if tool is None:
            continue
        metric = run["primaryMetric"]
        wall = metric["score"]
        if metric["scoreUnit"].startswith("us"):
            wall /= 1000.0
        secondary = run.get("secondaryMetrics", {})
        alloc = next((m["score"] for name, m in secondary.items() if name.endswith("gc.alloc.rate.norm")), None)
        cpu = None
        if "cpuNanos" in secondary and secondary.get("calls", {}).get("score"):
            cpu = secondary["cpuNanos"]["score"] / secondary["calls"]["score"] / 1e6
        out[tool] = {"wall": wall, "cpu": cpu, "alloc": alloc}
    return out


def psutil_records(path):
    lean = agent = None
    if os.path.exists(path):
        for line in open(path):
            rec = json.loads(line)
            if rec["mode"] == "lean":
                lean = rec
            else:
                agent = rec
    return lean, agent


def fmt(v, digits=2):
    return "–" if v is None else ("%.*f" % (digits, v))


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def get(d, tool, key):
    return d.get(tool, {}).get(key)


def main():
    results = sys.argv[1]
    cases = sorted((c for c in os.listdir(results) if "-" in c),
                   key=lambda c: (c.split("-")[0] != "synthetic", int(c.split("-")[1])))
    rows = {"cpu": [], "wall": [], "cold": [], "alloc": []}
    for case in cases:
        kind, n = case.split("-")
        d = os.path.join(results, case)
        warm = jmh(os.path.join(d, "jmh-warm.json"))
        cold = jmh(os.path.join(d, "jmh-cold.json"))
        lean, agent = psutil_records(os.path.join(d, "psutil.jsonl"))
        for clock in ("cpu", "wall"):
            f, c, r, o = (get(warm, t, clock) for t in ("floor", "collect", "report", "oshi"))
            key = "median_cpu_ms" if clock == "cpu" else "median_ms"
            p = lean.get(key) if lean else None
            a = agent.get(key) if agent else None
            rows[clock].append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                kind, n, fmt(f, 3), fmt(c, 2), fmt(r, 2), fmt(o, 1), fmt(p, 1), fmt(a, 0), fmt(ratio(r, f), 1),
                fmt(ratio(c, f), 1), fmt(ratio(p, r), 1), fmt(ratio(o, r), 1)))
        rows["cold"].append("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            kind, n, fmt(get(cold, "floor", "wall"), 1), fmt(get(cold, "collect", "wall"), 1),
            fmt(get(cold, "report", "wall"), 1), fmt(get(cold, "report", "cpu"), 1), fmt(get(cold, "oshi", "wall"), 1),
            fmt(lean["first_ms"] if lean else None, 1), fmt(lean.get("first_cpu_ms") if lean else None, 1)))
        rows["alloc"].append("| %s | %s | %s | %s | %s | %s |" % (
            kind, n, fmt(get(warm, "floor", "alloc"), 0), fmt(get(warm, "collect", "alloc"), 0),
            fmt(get(warm, "report", "alloc"), 0), fmt(get(warm, "oshi", "alloc"), 0)))
    header = ("| root | N | floor | Watchpost collect | Watchpost report | OSHI | psutil lean | psutil agent |"
              " report/floor | collect/floor | psutil/report | OSHI/report |\n"
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    print("Warm, CPU time of the measuring thread per report, ms (JMH average after warm-up; psutil: median). "
          "\"collect\" = ProcNetworkCollector.collect; \"report\" = collect + assemble + encode "
          "(CollectingReportSource.prepare, JSON long, 128 KiB budget). Ratios use the full report.")
    print()
    print(header)
    print("\n".join(rows["cpu"]))
    print()
    print("Warm, wall time per report, ms (same runs; inflated by waiting for a core on the shared machine):")
    print()
    print(header)
    print("\n".join(rows["wall"]))
    print()
    print("First report in a fresh process, ms (JMH single shot, mean of 3 forks, wall, plus Watchpost's CPU; psutil: "
          "the first report after import):")
    print()
    print("| root | N | floor | Watchpost collect | Watchpost report | Watchpost report CPU | OSHI | psutil |"
          " psutil CPU |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    print("\n".join(rows["cold"]))
    print()
    print("Allocation per report (JMH -prof gc, gc.alloc.rate.norm), bytes:")
    print()
    print("| root | N | floor | Watchpost collect | Watchpost report | OSHI |")
    print("|---|---:|---:|---:|---:|---:|")
    print("\n".join(rows["alloc"]))


if __name__ == "__main__":
    main()
