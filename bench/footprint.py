#!/usr/bin/env python3
"""Footprint of one Watchpost process over K report cycles: RSS, heap, CPU per cycle, time to the first report.

usage: footprint.py --cycles 100 --report-regex REGEX [--rows N] [--label L] [--pid-regex REGEX] [--nmt]
                    -- java ... -jar watchpost.jar local ...

Starts the command (its stdout and stderr merged and read line by line), counts the lines that match --report-regex
as published reports, and measures the process it started or, with --pid-regex (a regex whose group 1 is a pid, e.g.
' local_mode_started .*component_pid=(\d+)'), the process named by the first matching line: local mode's component
child, which runs with the recipe's JVM flags. Then (parent_* keys: the started process itself, if it is not the
measured one):
- first_report_s: seconds from spawning the command to the first matching line (nothing subtracted: the JVM's
  start, the component's start, any first-report delay the mode has, and the first collection are all in it);
- first_report_without_delay_s: the same minus the random first-report delay the component chose, read from its
  `report_scheduled first_due=...` log line (first_due minus that line's own timestamp), when the output has one;
- cpu_ms_per_cycle: utime+stime (/proc/<pid>/stat, all threads) from the first to the last counted report, divided
  by the cycles between them (so JVM start-up and JIT warm-up of the first cycle are out, the steady state is in);
- rss_mb / hwm_mb: VmRSS and VmHWM (/proc/<pid>/status) after the last cycle, and VmRSS split into RssAnon and
  RssFile;
- heap_used_mb / heap_committed_mb: `jcmd <pid> GC.heap_info` after the last cycle, then heap_live_mb: the same after
  `jcmd <pid> GC.run` (what survives a full GC);
- smaps: /proc/<pid>/smaps_rollup (Rss, Anonymous, Pss) and the thread count;
- with --nmt (the measured JVM must run with -XX:NativeMemoryTracking=summary): `jcmd <pid> VM.native_memory summary`
  committed KB per category (Java Heap, Class, Thread, Code, GC, Internal, Other, Symbol, ...);
then stops the process with SIGTERM. With --rows N it first makes bench/loopback_connections.py hold N ESTABLISHED
loopback rows and releases them at the end. Prints one JSON line.
"""
import argparse
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
# The runtime's log line when it schedules the first report: `<instant> INFO report_scheduled first_due=<instant>`.
SCHEDULED = re.compile(r"^(\S+Z) INFO report_scheduled first_due=(\S+Z)")


def log_instant(text):
    """Seconds since the epoch of an ISO-8601 UTC instant with up to nanosecond digits (the log's format)."""
    import datetime
    whole, _, fraction = text.rstrip("Z").partition(".")
    seconds = datetime.datetime.fromisoformat(whole).replace(tzinfo=datetime.timezone.utc).timestamp()
    return seconds + (float("0." + fraction) if fraction else 0.0)


def rounded(value):
    return None if value is None else round(value, 1)


def status_mb(pid, key):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024.0
    return None


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # fields[0] is state (field 3); utime/stime are fields 14/15
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def smaps_rollup_mb(pid):
    values = {}
    with open("/proc/%d/smaps_rollup" % pid) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and parts[2] == "kB":
                values[parts[0].rstrip(":")] = round(int(parts[1]) / 1024.0, 1)
    return {k: values.get(k) for k in ("Rss", "Pss", "Anonymous", "Private_Dirty", "Shared_Clean")}


def native_memory(pid):
    out = subprocess.run(["jcmd", str(pid), "VM.native_memory", "summary"], capture_output=True, text=True,
                         timeout=60).stdout
    result = {}
    total = re.search(r"Total: reserved=(\d+)KB, committed=(\d+)KB", out)
    if total:
        result["Total"] = round(int(total.group(2)) / 1024.0, 1)
    for m in re.finditer(r"-\s+([A-Za-z][A-Za-z ]*?) \(reserved=(\d+)KB, committed=(\d+)KB\)", out):
        result[m.group(1)] = round(int(m.group(3)) / 1024.0, 1)
    return result


def heap_info(pid):
    out = subprocess.run(["jcmd", str(pid), "GC.heap_info"], capture_output=True, text=True, timeout=60).stdout
    used = committed = 0
    for m in re.finditer(r"(?:generation|space|heap)\s+total (\d+)K, used (\d+)K", out):
        committed += int(m.group(1))
        used += int(m.group(2))
    return used / 1024.0, committed / 1024.0, out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cycles", type=int, default=100)
    parser.add_argument("--report-regex", required=True)
    parser.add_argument("--rows", type=int, default=0)
    parser.add_argument("--label", default="")
    parser.add_argument("--timeout", type=float, default=1200)
    parser.add_argument("--log", help="file to copy the process's output to")
    parser.add_argument("--pid-regex", help="measure the pid in group 1 of the first output line matching this")
    parser.add_argument("--nmt", action="store_true", help="add jcmd VM.native_memory summary (committed MB)")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    pattern = re.compile(args.report_regex)

    holder = None
    if args.rows:
        holder = subprocess.Popen([sys.executable, os.path.join(HERE, "loopback_connections.py"), "--rows",
                                   str(args.rows), "--hold-seconds", "2400"], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True)
        line = holder.stdout.readline()
        if not line.startswith("ready"):
            holder.kill()
            sys.exit("loopback holder failed: %r" % line)
    result = {"label": args.label, "rows": args.rows, "cycles": args.cycles}
    log = open(args.log, "w") if args.log else None
    spawned = time.monotonic()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    reports = []
    first_cpu = []
    measured = [] if args.pid_regex else [proc.pid]
    pid_pattern = re.compile(args.pid_regex) if args.pid_regex else None
    done = threading.Event()
    delay = []

    def read():
        for out_line in proc.stdout:
            if log:
                log.write(out_line)
            scheduled = SCHEDULED.search(out_line)
            if scheduled and not delay:
                delay.append(log_instant(scheduled.group(2)) - log_instant(scheduled.group(1)))
            if not measured and pid_pattern.search(out_line):
                measured.append(int(pid_pattern.search(out_line).group(1)))
            if pattern.search(out_line) and measured:
                reports.append(time.monotonic() - spawned)
                if len(reports) == 1:
                    first_cpu.append(cpu_seconds(measured[0]))
                if len(reports) >= args.cycles:
                    done.set()
        done.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        if not done.wait(args.timeout) or len(reports) < args.cycles:
            result["error"] = "only %d reports (exit %s)" % (len(reports), proc.poll())
        else:
            pid = measured[0]
            cpu = cpu_seconds(pid)
            result["first_report_s"] = round(reports[0], 3)
            if delay:
                result["first_report_delay_s"] = round(delay[0], 3)
                result["first_report_without_delay_s"] = round(reports[0] - delay[0], 3)
            result["cpu_ms_per_cycle"] = round(1000 * (cpu - first_cpu[0]) / (args.cycles - 1), 2)
            result["cpu_total_s"] = round(cpu, 2)
            result["rss_mb"] = rounded(status_mb(pid, "VmRSS"))
            result["hwm_mb"] = rounded(status_mb(pid, "VmHWM"))
            # anonymous (heap, metaspace, code, thread stacks, malloc) vs file-backed (libjvm.so, the CDS archive,
            # jars: shared with other JVMs and reclaimable)
            result["rss_anon_mb"] = rounded(status_mb(pid, "RssAnon"))
            result["rss_file_mb"] = rounded(status_mb(pid, "RssFile"))
            result["threads"] = int(status_mb(pid, "Threads") * 1024)
            result["smaps_rollup_mb"] = smaps_rollup_mb(pid)
            if args.nmt:
                result["nmt_committed_mb"] = native_memory(pid)
            if pid != proc.pid:
                result["parent_rss_mb"] = rounded(status_mb(proc.pid, "VmRSS"))
                result["parent_cpu_total_s"] = round(cpu_seconds(proc.pid), 2)
            used, committed, _ = heap_info(pid)
            result["heap_used_mb"] = round(used, 1)
            result["heap_committed_mb"] = round(committed, 1)
            subprocess.run(["jcmd", str(pid), "GC.run"], capture_output=True, timeout=60)
            live, _, _ = heap_info(pid)
            result["heap_live_mb"] = round(live, 1)
            result["rss_after_jcmd_mb"] = rounded(status_mb(pid, "VmRSS"))
            result["seconds"] = round(reports[-1] - reports[0], 1)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if holder:
            holder.stdin.close()
            try:
                holder.wait(60)
            except subprocess.TimeoutExpired:
                holder.terminate()
                holder.wait()
        if log:
            log.close()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
