#!/usr/bin/env python3
"""Where the CPU of one `.ci/run` goes, from the kernel's process accounting (bench/ci-profile.sh writes it).

Usage: ci_profile.py PACCT CI_LOG

Each accounting record is written when a process exits and names its parent's pid. Pids wrap during a suite run
(40,000 processes), so a child is given to the first process with its parent's pid that exits after it, which is
the parent it had. A JVM's record is named after whichever thread exited last ("C2 CompilerThre", "Finalizer"):
all such names count as one kind, "jvm". Processes shorter than one clock tick (10 ms) record no CPU.
"""
import collections
import datetime
import re
import subprocess
import sys

JVM_THREADS = {"Reference Handl", "C2 CompilerThre", "Finalizer", "Signal Dispatch", "C1 CompilerThre",
               "Service Thread", "process reaper", "Notification Th", "Sweeper thread", "Monitor Deflati",
               "Common-Cleaner", "G1 Service", "VM Periodic Tas", "Logging-Cleaner", "java", "javac", "jlink", "main",
               "mvn"}


def kind(comm):
    if comm in JVM_THREADS or comm.startswith(("GC Thread", "G1 ", "HttpClient", "C1 ", "C2 ")):
        return "jvm"
    if comm.startswith("qemu-"):
        return "qemu"
    return comm


def read(pacct):
    out = subprocess.run(["dump-acct", pacct], capture_output=True, text=True, check=True).stdout
    records, waiting = [], collections.defaultdict(list)
    for line in out.splitlines():
        f = [x.strip() for x in line.split("|")]
        start = datetime.datetime.strptime(f[-1], "%a %b %d %H:%M:%S %Y")
        r = {"comm": f[0], "kind": kind(f[0]), "cpu": (float(f[2]) + float(f[3])) / 100,
             "real": float(f[4]) / 100, "pid": int(f[9]), "start": start}
        r["kids"] = waiting.pop(r["pid"], [])
        for k in r["kids"]:
            k["parent"] = r
        waiting[int(f[10])].append(r)
        records.append(r)
    return records, [r for rs in waiting.values() for r in rs]


def tree_cpu(r):
    return r["cpu"] + sum(tree_cpu(k) for k in r["kids"])


def kinds(r, acc):
    acc[r["kind"]] += r["cpu"]
    for k in r["kids"]:
        kinds(k, acc)
    return acc


def class_windows(log):
    """Each test class's [start, end] from Maven's "Running X" and "Tests run: ... in X" lines."""
    day = None
    windows = {}
    for line in open(log, encoding="utf-8", errors="replace"):
        m = re.match(r"(\d\d:\d\d:\d\d) .*Running (dev\.hermit\.\S+)", line)
        if m:
            windows[m.group(2)] = [m.group(1), None]
        m = re.match(r"(\d\d:\d\d:\d\d) .*Tests run:.* in (dev\.hermit\.\S+)", line)
        if m and m.group(2) in windows:
            windows[m.group(2)][1] = m.group(1)
    return {c: w for c, w in windows.items() if w[1]}


def main(pacct, log):
    records, roots = read(pacct)
    total = sum(r["cpu"] for r in records)
    print(f"all processes: {total / 60:.1f} CPU-minutes in {len(records)} processes\n")
    print("by kind (CPU seconds):")
    acc = collections.Counter()
    for r in records:
        acc[r["kind"]] += r["cpu"]
    for k, v in acc.most_common(12):
        print(f"  {v:7.0f}  {k}")

    # Test JVMs: long-lived JVMs whose children are the tests' processes (surefire/failsafe forks, Maven itself).
    forks = sorted((r for r in records if r["kind"] == "jvm" and r["real"] > 100), key=lambda r: r["start"])
    print("\nlong-lived JVMs (Maven, test forks): own CPU, and their children's")
    for f in forks:
        kids = sum(tree_cpu(k) for k in f["kids"])
        top = ", ".join(f"{k} {v:.0f}" for k, v in
                        sum((kinds(k, collections.Counter()) for k in f["kids"]), collections.Counter()).most_common(4))
        print(f"  started {f['start']:%H:%M:%S}, {f['real']:5.0f} s: own {f['cpu']:5.0f} s, children {kids:5.0f} s"
              f" [{top}]")

    # A test fork runs one class at a time, so its children belong to the class it was running when they
    # started. Which fork ran which class is not logged: the classes are split into chains that never overlap
    # (each class goes to the chain that was free when it started), and each fork takes the chain whose windows
    # hold most of its children.
    chains = []
    for c, (s, e) in sorted(class_windows(log).items(), key=lambda w: w[1]):
        free = [ch for ch in chains if ch[-1][2] <= s]
        (max(free, key=lambda ch: ch[-1][2]) if free else chains.append([]) or chains[-1]).append((c, s, e))
    per_class = collections.Counter()
    maven = max(forks, key=lambda f: f["real"])
    tests = [f for f in forks if f.get("parent") is maven or f.get("parent", {}).get("parent") is maven]
    for f in tests:
        starts = [k["start"].strftime("%H:%M:%S") for k in f["kids"]]
        chain = max(chains, key=lambda ch: sum(any(s <= t <= e for _, s, e in ch) for t in starts))
        for k, t in zip(f["kids"], starts):
            owners = [(s, c) for c, s, e in chain if s <= t <= e]
            if owners:
                per_class[max(owners)[1].rsplit(".", 1)[1]] += tree_cpu(k)
    print("\nchildren's CPU (s) by the test class that started them")
    for c, v in per_class.most_common(20):
        print(f"  {v:6.0f}  {c}")
    timeline(records, maven)


def timeline(records, maven):
    """Cores busy, minute by minute, from the run's start to its end: where the two cores wait on one thing.

    Each process's CPU is spread evenly over its lifetime (accounting gives no finer grain)."""
    start = min(r["start"] for r in records if r["start"] >= maven["start"] - datetime.timedelta(minutes=2))
    end = maven["start"] + datetime.timedelta(seconds=maven["real"])
    busy = collections.Counter()
    for r in records:
        t0 = r["start"].timestamp()
        real = max(r["real"], 1.0)
        if r["start"] < start or t0 > end.timestamp():
            continue  # the machine's own long-lived processes, and what ran before or after
        t = t0
        while t < t0 + real:
            edge = (int(t) // 60 + 1) * 60
            part = min(edge, t0 + real) - t
            busy[int(t) // 60 * 60] += r["cpu"] * part / real
            t = edge
    print("\ncores busy per minute (UTC), each process's CPU spread over its life: a long-lived JVM's is not where it"
          "\nwas spent (bench/ci-profile.sh prints the exact figures from /proc/stat)")
    print("  " + " ".join(f"{datetime.datetime.fromtimestamp(m, datetime.timezone.utc):%H:%M}={busy[m] / 60:.1f}"
                          for m in sorted(busy)))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
