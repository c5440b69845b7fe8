#!/usr/bin/env python3
"""Times two release builds of stet on one store, alternating, medians: for measuring a change
before and after. Each build acts with a key folder of its own (its own verified head and caches).

Usage: scripts/bench-compare.py BEFORE_BIN AFTER_BIN STORE [RUNS]
  BEFORE_BIN, AFTER_BIN: folders holding a `stet` binary (swift build -c release --show-bin-path)
  STORE: a store, as `stet-bench generate` makes them (its `store` folder)"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

before, after, store = sys.argv[1:4]
runs = int(sys.argv[4]) if len(sys.argv) > 4 else 9
homes = {name: tempfile.mkdtemp(prefix=f"stet-compare-{name}-") for name in ("before", "after")}
binaries = {"before": os.path.join(before, "stet"), "after": os.path.join(after, "stet")}


def run(name, arguments, clear_signatures=False):
    home = homes[name]
    if clear_signatures:
        for file in os.listdir(os.path.join(home, "cache")) if os.path.isdir(os.path.join(home, "cache")) else []:
            if file.startswith("stet-signatures") or file.startswith("stet-audit"):
                path = os.path.join(home, "cache", file)
                shutil.rmtree(path) if os.path.isdir(path) else os.remove(path)
    env = dict(os.environ, STET_HOME=home)
    start = time.perf_counter()
    with open(os.devnull, "wb") as null:
        process = subprocess.Popen([binaries[name], *arguments, "--store", store], stdout=null, stderr=null, env=env)
        _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit(f"{name}: stet {' '.join(arguments)} failed ({status})")
    return time.perf_counter() - start, usage.ru_maxrss // 1024


# A document of the store's last SOP shard (SOP-05 on a store of 1,000 documents).
shard = [name for name in subprocess.run(
    ["git", "-C", store, "ls-tree", "--name-only", "main:documents"], capture_output=True, text=True,
    check=True).stdout.split() if name.startswith("SOP-")][-1]
document = subprocess.run(
    ["git", "-C", store, "ls-tree", "--name-only", f"main:documents/{shard}"], capture_output=True, text=True,
    check=True).stdout.split()[0]
measures = [
    ("`stet show <id>`", ["show", document], False, runs),
    ("`stet list`", ["list"], False, runs),
    ("`stet log <id>`", ["log", document], False, runs),
    ("`stet audit --format csv` (signatures on record)", ["audit", "--format", "csv", "--output", os.devnull],
     False, 3),
    ("`stet audit --format csv` (none on record)", ["audit", "--format", "csv", "--output", os.devnull], True, 3),
    ("`stet verify` (none on record)", ["verify"], True, 3),
]
for name in homes:
    os.makedirs(homes[name], mode=0o700, exist_ok=True)
    run(name, ["list"])  # the first command of a user verifies the whole history: not measured

print("| command | before | after | after / before | peak memory before → after |")
print("| --- | --- | --- | --- | --- |")
for label, arguments, clear, count in measures:
    times = {"before": [], "after": []}
    peaks = {"before": 0, "after": 0}
    for _ in range(count):
        for name in ("before", "after"):
            elapsed, peak = run(name, arguments, clear)
            times[name].append(elapsed)
            peaks[name] = max(peaks[name], peak)
    b, a = statistics.median(times["before"]), statistics.median(times["after"])

    def fmt(seconds):
        return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.1f} s"

    print(f"| {label} | {fmt(b)} | {fmt(a)} | {a / b:.2f}× | {peaks['before']} MB → {peaks['after']} MB |", flush=True)
