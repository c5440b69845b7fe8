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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_portal  # noqa: E402

BIN, WORK, ROOT = sys.argv[1], sys.argv[2], sys.argv[3]
QUICK = "--quick" in sys.argv
SIZES = [("small", 1000, 10000)] if QUICK else [("small", 1000, 10000), ("large", 10000, 100000)]
STET = os.path.join(BIN, "stet")
BENCH = os.path.join(BIN, "stet-bench")


HOME = os.path.join(WORK, "home")
os.makedirs(HOME, mode=0o700, exist_ok=True)
ENV = dict(os.environ, STET_HOME=HOME)


def clear_caches():
    """No signature and no export on record: the audit export and verification as on a new
    machine (the user's verified head stays, so a command does not first re-verify the whole
    history)."""
    # Every version of the signature and export records, whatever their format's number.
    folder = os.path.join(HOME, "cache")
    for cache in os.listdir(folder) if os.path.isdir(folder) else []:
        if cache.startswith("stet-signatures-") or cache.startswith("stet-audit-"):
            subprocess.run(["rm", "-rf", os.path.join(folder, cache)], check=True)


def run_once(argv, before=None):
    """Wall time (s) and peak memory (KB) of one process, output discarded."""
    if before:
        before()
    start = time.perf_counter()
    with open(os.devnull, "wb") as null:
        process = subprocess.Popen(argv, stdout=null, stderr=null, env=ENV)
        _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"failed ({status}): {' '.join(argv)}")
    return elapsed, usage.ru_maxrss


def compare(stet_argv, git_argv, runs, before=None):
    """Runs the two commands alternately; medians and peak memories."""
    stet_times, git_times, stet_peak, git_peak = [], [], 0, 0
    run_once(stet_argv), run_once(git_argv)  # warm the page cache (and, unless cleared, Stet's caches)
    for _ in range(runs):
        elapsed, peak = run_once(stet_argv, before)
        stet_times.append(elapsed)
        stet_peak = max(stet_peak, peak)
        elapsed, peak = run_once(git_argv)
        git_times.append(elapsed)
        git_peak = max(git_peak, peak)
    return statistics.median(stet_times), statistics.median(git_times), stet_peak, git_peak


def output(argv):
    return subprocess.run(argv, check=True, capture_output=True, text=True, env=ENV).stdout


def ed25519_rate(seconds=3.0):
    """OpenSSL's Ed25519 verifications per second on one core (Python's cryptography)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    key = Ed25519PrivateKey.generate()
    message = os.urandom(600)
    signature = key.sign(message)
    public = key.public_key()
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for _ in range(200):
            public.verify(signature, message)
        count += 200
    return count / (time.perf_counter() - start)


def verify_rate(store, events, runs):
    """`stet verify` of the whole store from cold (a user's first run), events per second:
    median of `runs`, alternating with the OpenSSL reference; peak memory."""
    stet_rates, openssl_rates, peak = [], [], 0
    for _ in range(runs):
        elapsed, used = run_once([STET, "verify", "--store", store], clear_caches)
        stet_rates.append(events / elapsed)
        peak = max(peak, used)
        openssl_rates.append(ed25519_rate())
    return statistics.median(stet_rates), statistics.median(openssl_rates), peak


def git(store, *args):
    return ["git", "-C", store, *args]


results = {}
for name, documents, events in SIZES:
    folder = os.path.join(WORK, name)
    print(f"== {name}: generating {documents} documents, about {events} events", flush=True)
    start = time.perf_counter()
    subprocess.run([BENCH, "generate", "--documents", str(documents), "--events", str(events), folder], check=True,
                   env=ENV)
    generate_seconds = time.perf_counter() - start
    store = os.path.join(folder, "store")
    # The generator writes a pack per batch (50 on the large store); libgit2 keeps a delta-base
    # cache of up to 16 MB per pack. Measured as a maintained store is kept: one pack.
    # If repack fails the store is measured as generated, and the report says so. (It failed
    # with "bad revision" when /dev/null had become a regular file, which pack-objects then read
    # revisions from: this harness's `audit --output /dev/null` replaced it, before `--output`
    # learnt to write into devices.)
    packed = subprocess.run(git(store, "repack", "-a", "-d", "-q"), stdin=subprocess.DEVNULL).returncode == 0
    if not packed:
        print(f"== {name}: git repack failed; measuring the store as generated", flush=True)
    count = int(output(git(store, "rev-list", "--count", "main")).strip())
    clear_caches()

    register = json.loads(output([STET, "list", "--state", "effective", "--format", "json", "--store", store]))
    document = register[len(register) // 2]["id"]
    shown = json.loads(output([STET, "show", document, "--format", "json", "--store", store]))
    shard = document[:-2] if len(document) > 2 else document
    folder_path = f"documents/{shard}/{document}"
    blob = output(git(store, "rev-parse", f"main:{folder_path}/versions/{shown['version']}.md")).strip()

    print(f"== {name}: whole commands against stock git, alternating", flush=True)
    whole = {}
    # Reads as a user makes them every day: the history verified once, caches warm.
    whole["show"] = compare([STET, "show", document, "--store", store], git(store, "cat-file", "-p", blob), 30)
    whole["list"] = compare([STET, "list", "--store", store], git(store, "ls-tree", "-r", "main"), 30)
    whole["log"] = compare(
        [STET, "log", document, "--store", store], git(store, "log", "--format=%H %an %aI %s", "--", folder_path), 10)
    # The audit export from cold (no signature on record) and warm.
    audit = [STET, "audit", "--format", "csv", "--output", os.devnull, "--store", store]
    reference = git(store, "log", "--format=fuller")
    whole["audit"] = compare(audit, reference, 5 if name == "small" else 2, clear_caches)
    whole["audit-warm"] = compare(audit, reference, 5 if name == "small" else 2)
    print(f"== {name}: stet verify from cold against OpenSSL Ed25519 on one core, alternating", flush=True)
    verify = verify_rate(store, count, 3 if name == "small" else 1)

    print(f"== {name}: in-process measures", flush=True)
    inprocess = {}
    for line in output([BENCH, "measure", folder]).splitlines():
        measure, value, unit, detail = (line.split("\t") + [""] * 4)[:4]
        inprocess[measure] = (float(value), unit, detail)
    results[name] = dict(documents=documents, events=count, generate=generate_seconds, whole=whole, verify=verify,
                         inprocess=inprocess, packed=packed,
                         reads={"show": [STET, "show", document, "--store", store],
                                "log": [STET, "log", document, "--store", store]})

# The staff portal on the largest store, against nginx serving the same page.
portal_rows = []
if not QUICK:
    print("== the staff portal on the large store, against nginx", flush=True)
    portal_rows = bench_portal.measure(os.path.join(BIN, "stet-portal"), os.path.join(WORK, "large", "store"), HOME,
                                       WORK)

# The targets for the large store are ratios to the small store's times: the two stores' commands
# are run alternately too, as each pair above is, so that the machine's drift between the two
# stores' turns (up to 40% here) does not decide them.
alternating = {}
if "large" in results:
    print("== large against small: show and log, alternating", flush=True)
    for command in ["show", "log"]:
        alternating[command] = compare(results["large"]["reads"][command], results["small"]["reads"][command], 30)


def fmt(seconds):
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.1f} s"


def verdict(ok):
    return "met" if ok else "**not met**"


def table(name):
    r = results[name]
    w = r["whole"]
    rows = []
    s, g, sp, gp = w["show"]
    rows.append(("`stet show <id>`", fmt(s), f"`git cat-file -p <blob>` {fmt(g)}", f"+{(s - g) * 1000:.1f} ms",
                 "≤ git + 10 ms", verdict(s <= g + 0.010)))
    s, g, sp, gp = w["list"]
    rows.append(("`stet list`", fmt(s), f"`git ls-tree -r main` {fmt(g)}", f"{s / g:.2f}×", "≤ 1×", verdict(s <= g)))
    s, g, sp, gp = w["log"]
    rows.append(("`stet log <id>`", fmt(s), f"`git log -- <path>` {fmt(g)}", f"{s / g:.2f}×", "≤ 0.2×",
                 verdict(s <= 0.2 * g)))
    s, g, sp, gp = w["audit"]
    rows.append(("`stet audit --format csv` (nothing on record)", fmt(s),
                 f"`git log --format=fuller` {fmt(g)}", f"{s / g:.1f}×", "≤ 2×", verdict(s <= 2 * g)))
    s2, g2, _, _ = w["audit-warm"]
    rows.append(("`stet audit --format csv` (the same head exported before)", fmt(s2),
                 f"`git log --format=fuller` {fmt(g2)}", f"{s2 / g2:.1f}×", "≤ 2×", verdict(s2 <= 2 * g2)))
    rate, openssl, peak = r["verify"]
    rows.append(("`stet verify` (no signature on record)", f"{rate:,.0f} events/s", f"OpenSSL Ed25519, one core: {openssl:,.0f} verifies/s",
                 f"{rate / openssl:.0%}", "≥ 60%", verdict(rate >= 0.6 * openssl)))
    return rows


cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "unknown CPU")
memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // (1 << 30)
swift = output(["swift", "--version"]).splitlines()[0]
libgit2 = output(["dpkg-query", "-W", "-f", "${Version}", "libgit2-dev"]).strip()
machine = (f"{os.cpu_count()} cores ({cpu}), {memory} GiB, {platform.platform()}, {swift}, libgit2 {libgit2}, "
           f"release build; run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")

small = results["small"]
lines = ["# Benchmarks", "", f"Machine: {machine}.", "",
         f"`scripts/bench{' --quick' if QUICK else ''}`. Stores built by `stet-bench generate`, then packed "
         "into one pack by `git repack -a -d` (as a maintained store is): "
         + ", ".join(f"{n} {r['documents']:,} documents × {r['events']:,} events (built in {r['generate']:.0f} s"
                     + ("" if r["packed"] else "; repack failed, measured as generated") + ")"
                     for n, r in results.items())
         + ". Each pair is run alternately, medians; `show`, `list` and `log` as a user runs them every day "
           "(history verified once, caches warm); `audit` also with no signature on record, and `verify` always so.", ""]
for name in results:
    r = results[name]
    lines += [f"## {name.capitalize()} store: {r['documents']:,} × {r['events']:,}", "",
              "| command | stet | reference | ratio | target | |", "| --- | --- | --- | --- | --- | --- |"]
    lines += [f"| {' | '.join(row)} |" for row in table(name)]
    lines.append("")
if "large" in results:
    large = results["large"]
    ws, wl = small["whole"], large["whole"]
    ip = large["inprocess"]
    def against_small(command):
        large_time, small_time, _, _ = alternating[command]
        return (f"`stet {command}` large / small, alternating", f"{large_time / small_time:.2f}× "
                f"({fmt(large_time)} against {fmt(small_time)}; in the tables above {wl[command][0] / ws[command][0]:.2f}×)",
                "≤ 1.2×", large_time <= 1.2 * small_time)
    checks = [
        against_small("show"),
        against_small("log"),
        ("the register in process (large), from the register cache", f"{ip['register-cached'][0]} ms", "≤ 50 ms",
         ip["register-cached"][0] <= 50),
        ("`stet audit` peak memory (large)", f"{wl['audit'][2] // 1024} MB", "≤ 100 MB", wl["audit"][2] // 1024 <= 100),
        ("`stet verify` peak memory (large)", f"{large['verify'][2] // 1024} MB", "≤ 300 MB",
         large["verify"][2] // 1024 <= 300),
    ]
    lines += ["## Large store against small", "", "| measure | value | target | |", "| --- | --- | --- | --- |"]
    lines += [f"| {m} | {v} | {t} | {verdict(ok)} |" for m, v, t, ok in checks]
    lines.append("")
if portal_rows:
    lines += ["## Staff portal", "", "`stet serve` on the large store, wrk on loopback (`scripts/bench-portal` alone).",
              ""] + bench_portal.table(portal_rows) + [""]
lines += ["## In process (`stet-bench measure`, medians)", "", "| operation | " + " | ".join(results) + " |",
          "| --- | " + " | ".join("---" for _ in results) + " |"]
for measure in small["inprocess"]:
    values = [f"{results[n]['inprocess'][measure][0]:g} {results[n]['inprocess'][measure][1]}"
              + (f" ({results[n]['inprocess'][measure][2]})" if results[n]['inprocess'][measure][2] else "")
              for n in results]
    lines.append(f"| {measure} | " + " | ".join(values) + " |")
notes = os.path.join(ROOT, "scripts", "bench-notes.md")
if os.path.exists(notes):
    lines += ["", open(notes).read().strip()]
text = "\n".join(lines) + "\n"
print(text)
with open(os.path.join(WORK if QUICK else ROOT, "BENCHMARKS.md" if not QUICK else "bench-quick.md"), "w") as file:
    file.write(text)
if not QUICK:
    print("Wrote BENCHMARKS.md")
