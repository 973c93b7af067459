#!/usr/bin/env python3
"""Prints the benchmark table (Markdown) from target/bench/results/<kind>-<N>/ written by bench/run-all.sh."""
import json
import os
import sys

TOOLS = {"FloorBenchmark.readBytes": "floor", "OshiBenchmark.collect": "oshi", "WatchpostBenchmark.collect": "watchpost",
         "WatchpostBenchmark.report": "report"}


def jmh(path):
    """tool -> (score ms, alloc bytes/op or None)"""
    if not os.path.exists(path):
        return {}
    out = {}
    for run in json.load(open(path)):
        tool = TOOLS.get(run["benchmark"].rsplit(".", 2)[-2] + "." + run["benchmark"].rsplit(".", 1)[-1])
        if tool is None:
            continue
        metric = run["primaryMetric"]
        score = metric["score"]
        if metric["scoreUnit"].startswith("us"):
            score /= 1000.0
        alloc = None
        for name, m in run.get("secondaryMetrics", {}).items():
            if name.endswith("gc.alloc.rate.norm"):
                alloc = m["score"]
        out[tool] = (score, alloc)
    return out


def fmt(v, digits=2):
    return "–" if v is None else ("%.*f" % (digits, v))


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def main():
    results = sys.argv[1]
    cases = sorted(os.listdir(results), key=lambda c: (c.split("-")[0] != "synthetic", int(c.split("-")[1])))
    print("Warm, median-of-JMH average ms per report. \"Watchpost\" = collect only; \"report\" = collect + assemble +"
          " encode (CollectingReportSource.prepare, JSON long). Ratios use the full report.")
    print()
    print("| root | N | floor ms | Watchpost collect ms | Watchpost report ms | OSHI ms | psutil ms | psutil agent ms |"
          " report/floor | collect/floor | psutil/report | OSHI/report | OSHI/floor | psutil/floor |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    cold_rows, alloc_rows = [], []
    for case in cases:
        kind, n = case.split("-")
        d = os.path.join(results, case)
        warm = jmh(os.path.join(d, "jmh-warm.json"))
        cold = jmh(os.path.join(d, "jmh-cold.json"))
        lean = agent = None
        if os.path.exists(os.path.join(d, "psutil.jsonl")):
            for line in open(os.path.join(d, "psutil.jsonl")):
                rec = json.loads(line)
                if rec["mode"] == "lean":
                    lean = rec
                else:
                    agent = rec
        f = warm.get("floor", (None,))[0]
        w = warm.get("watchpost", (None,))[0]
        r = warm.get("report", (None,))[0]
        o = warm.get("oshi", (None,))[0]
        p = lean["median_ms"] if lean else None
        a = agent["median_ms"] if agent else None
        print("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            kind, n, fmt(f, 3), fmt(w, 3), fmt(r, 3), fmt(o), fmt(p), fmt(a, 0), fmt(ratio(r, f), 1),
            fmt(ratio(w, f), 1), fmt(ratio(p, r), 1), fmt(ratio(o, r), 1), fmt(ratio(o, f), 0), fmt(ratio(p, f), 0)))
        cold_rows.append("| %s | %s | %s | %s | %s | %s | %s |" % (
            kind, n, fmt(cold.get("floor", (None,))[0]), fmt(cold.get("watchpost", (None,))[0]),
            fmt(cold.get("report", (None,))[0]), fmt(cold.get("oshi", (None,))[0]),
            fmt(lean["first_ms"] if lean else None)))
        alloc_rows.append("| %s | %s | %s | %s | %s | %s |" % (
            kind, n, fmt(warm.get("floor", (None, None))[1], 0), fmt(warm.get("watchpost", (None, None))[1], 0),
            fmt(warm.get("report", (None, None))[1], 0), fmt(warm.get("oshi", (None, None))[1], 0)))
    print()
    print("First report in a fresh process (JMH single shot, mean of forks; psutil: first call after import), ms:")
    print()
    print("| root | N | floor | Watchpost collect | Watchpost report | OSHI | psutil |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    print("\n".join(cold_rows))
    print()
    print("Allocation per report (JMH -prof gc, gc.alloc.rate.norm), bytes:")
    print()
    print("| root | N | floor | Watchpost collect | Watchpost report | OSHI |")
    print("|---|---:|---:|---:|---:|---:|")
    print("\n".join(alloc_rows))


if __name__ == "__main__":
    main()
