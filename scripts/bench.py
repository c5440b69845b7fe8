#!/usr/bin/env python3
"""Stet's benchmark harness: generates stores of two sizes, runs stet-bench's in-process measures,
and times whole stet commands against the stock git command doing the nearest work on the same
store, alternating the two, with medians, ratios and peak memory. Writes BENCHMARKS.md.

Called by scripts/bench, which builds the binaries first."""

import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time

BIN, WORK, ROOT = sys.argv[1], sys.argv[2], sys.argv[3]
QUICK = "--quick" in sys.argv
SIZES = [("small", 100, 1000), ("large", 1000, 10000)] if QUICK else [("small", 1000, 10000), ("large", 10000, 100000)]
STET = os.path.join(BIN, "stet")
BENCH = os.path.join(BIN, "stet-bench")


def run_once(argv):
    """Wall time (s) and peak memory (KB) of one process, output discarded."""
    start = time.perf_counter()
    with open(os.devnull, "wb") as null:
        process = subprocess.Popen(argv, stdout=null, stderr=null)
        _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"failed ({status}): {' '.join(argv)}")
    return elapsed, usage.ru_maxrss


def compare(stet_argv, git_argv, runs):
    """Runs the two commands alternately; medians and peak memories."""
    stet_times, git_times, stet_peak, git_peak = [], [], 0, 0
    if runs >= 10:
        run_once(stet_argv), run_once(git_argv)  # warm the page cache
    for _ in range(runs):
        elapsed, peak = run_once(stet_argv)
        stet_times.append(elapsed)
        stet_peak = max(stet_peak, peak)
        elapsed, peak = run_once(git_argv)
        git_times.append(elapsed)
        git_peak = max(git_peak, peak)
    return statistics.median(stet_times), statistics.median(git_times), stet_peak, git_peak


def output(argv):
    return subprocess.run(argv, check=True, capture_output=True, text=True).stdout


def git(store, *args):
    return ["git", "-C", store, *args]


results = {}
for name, documents, events in SIZES:
    folder = os.path.join(WORK, name)
    print(f"== {name}: generating {documents} documents, about {events} events", flush=True)
    start = time.perf_counter()
    subprocess.run([BENCH, "generate", "--documents", str(documents), "--events", str(events), folder], check=True)
    generate_seconds = time.perf_counter() - start
    store = os.path.join(folder, "store")
    count = int(output(git(store, "rev-list", "--count", "main")).strip())

    register = json.loads(output([STET, "list", "--state", "effective", "--format", "json", "--store", store]))
    document = register[len(register) // 2]["id"]
    shown = json.loads(output([STET, "show", document, "--format", "json", "--store", store]))
    shard = document[:-2] if len(document) > 2 else document
    folder_path = f"documents/{shard}/{document}"
    blob = output(git(store, "rev-parse", f"main:{folder_path}/versions/{shown['version']}.md")).strip()

    print(f"== {name}: whole commands against stock git", flush=True)
    whole = {}
    whole["show"] = compare([STET, "show", document, "--store", store], git(store, "cat-file", "-p", blob), 30)
    whole["log"] = compare(
        [STET, "log", document, "--store", store], git(store, "log", "--format=%H %an %aI %s", "--", folder_path), 10)
    whole["audit"] = compare(
        [STET, "audit", "--format", "csv", "--output", os.devnull, "--store", store],
        git(store, "log", "--reverse", "--format=%H,%an,%ae,%aI,%s,%b"), 2)
    # git verify-commit on every event: timed on a sample of commits, scaled to the whole history.
    sample = output(git(store, "rev-list", "--max-count=200", "main")).split()
    allowed = os.path.join(folder, "allowed_signers")
    subprocess.run([STET, "signers", "--output", allowed, "--store", store], check=True)
    verify_git = git(store, "-c", f"gpg.ssh.allowedSignersFile={allowed}", "verify-commit")
    stet_verify, peak = run_once([STET, "verify", "--store", store])
    start = time.perf_counter()
    git_peak = 0
    for commit in sample:
        _, used = run_once(verify_git + [commit])
        git_peak = max(git_peak, used)
    git_verify = (time.perf_counter() - start) / len(sample) * count
    whole["verify"] = (stet_verify, git_verify, peak, git_peak)

    print(f"== {name}: in-process measures", flush=True)
    inprocess = {}
    for line in output([BENCH, "measure", folder]).splitlines():
        measure, value, unit, detail = (line.split("\t") + [""] * 4)[:4]
        inprocess[measure] = (float(value), unit, detail)
    results[name] = dict(documents=documents, events=count, generate=generate_seconds, whole=whole, inprocess=inprocess)

small, large = results["small"], results["large"]


def fmt(seconds):
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.1f} s"


def verdict(ok):
    return "met" if ok else "**not met**"


rows = []
ip_small, ip_large = small["inprocess"], large["inprocess"]
current = ip_large["current-version"][0]
rows.append(("current effective version of one document", f"{ip_small['current-version'][0]:.0f} µs",
             f"{current:.0f} µs", "≤ 100 µs; large ≤ 1.2× small",
             verdict(current <= 100 and current <= 1.2 * ip_small["current-version"][0])))
rows.append(("the whole register", f"{ip_small['register'][0]} ms", f"{ip_large['register'][0]} ms ({ip_large['register'][2]})",
             "≤ 50 ms", verdict(ip_large["register"][0] <= 50)))
rows.append(("one document's history", f"{ip_small['history'][0]} ms", f"{ip_large['history'][0]} ms ({ip_large['history'][2]})",
             "≤ 1 ms, same on both", verdict(ip_large["history"][0] <= 1 and ip_large["history"][0] <= 1.2 * ip_small["history"][0])))
rows.append(("audit export, all events", f"{ip_small['audit-export'][0]:.0f} events/s", f"{ip_large['audit-export'][0]:.0f} events/s",
             "≥ 100,000 events/s", verdict(ip_large["audit-export"][0] >= 100000)))
rows.append(("verify the whole store", f"{ip_small['verify'][0]:.0f} events/s", f"{ip_large['verify'][0]:.0f} events/s ({ip_large['verify'][2]})",
             "≥ 60% of raw Ed25519", verdict("%" in ip_large["verify"][2] and int(ip_large["verify"][2].split("%")[0]) >= 60)))
rows.append(("one signed event, key unlocked", f"{ip_small['signed-event'][0]} ms", f"{ip_large['signed-event'][0]} ms",
             "≤ 20 ms; large ≤ 1.5× small",
             verdict(ip_large["signed-event"][0] <= 20 and ip_large["signed-event"][0] <= 1.5 * ip_small["signed-event"][0])))
rows.append(("passphrase unlock (scrypt)", f"{ip_small['scrypt-unlock'][0]} ms", f"{ip_large['scrypt-unlock'][0]} ms",
             "reported: 50–500 ms intended", "reported"))

pairs = []
targets = {
    "show": ("`stet show <id>`", "`git cat-file -p <blob>`", "≤ git + 10 ms", lambda s, g: s <= g + 0.010),
    "log": ("`stet log <id>`", "`git log -- <its path>`", "≤ 0.2× git (large)", lambda s, g: s <= 0.2 * g),
    "audit": ("`stet audit --format csv`", "`git log --format=…`", "≤ 2× git", lambda s, g: s <= 2 * g),
    "verify": ("`stet verify`", "`git verify-commit` on every event", "≥ 50× faster", lambda s, g: g >= 50 * s),
}
for key, (stet_cmd, git_cmd, target, check) in targets.items():
    for name in ("small", "large"):
        s, g, sp, gp = results[name]["whole"][key]
        pairs.append((f"{stet_cmd} ({name})", fmt(s), f"{sp // 1024} MB", git_cmd, fmt(g), f"{gp // 1024} MB",
                      f"{s / g:.2f}×", target, verdict(check(s, g)) if name == "large" or key != "log" else "—"))

cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "unknown CPU")
memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // (1 << 30)
swift = output(["swift", "--version"]).splitlines()[0] if True else ""
libgit2 = output(["dpkg-query", "-W", "-f", "${Version}", "libgit2-dev"]).strip()
machine = (f"{os.cpu_count()} cores ({cpu}), {memory} GiB, {platform.platform()}, {swift}, libgit2 {libgit2}, "
           f"release build; run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")

lines = ["# Benchmarks", "", f"Machine: {machine}.", "",
         f"Stores built by `stet-bench generate`: small {small['documents']} documents × {small['events']} events "
         f"(built in {small['generate']:.0f} s), large {large['documents']} documents × {large['events']} events "
         f"(built in {large['generate']:.0f} s). Each is verified by `stet verify` as part of the run.", "",
         "## In process (`stet-bench measure`, medians)", "",
         "| operation | small | large | target | |", "| --- | --- | --- | --- | --- |"]
lines += [f"| {' | '.join(row)} |" for row in rows]
lines += ["", "## Whole commands against stock git (alternating, medians; peak memory)", "",
          "| stet | time | memory | stock git | time | memory | ratio | target | |",
          "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
lines += [f"| {' | '.join(pair)} |" for pair in pairs]
notes = os.path.join(ROOT, "scripts", "bench-notes.md")
if os.path.exists(notes):
    lines += ["", open(notes).read().strip()]
text = "\n".join(lines) + "\n"
print(text)
if not QUICK:
    with open(os.path.join(ROOT, "BENCHMARKS.md"), "w") as file:
        file.write(text)
    print("Wrote BENCHMARKS.md")
