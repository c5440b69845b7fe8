#!/usr/bin/env python3
"""The staff portal under load, against nginx serving the same page as a static file, in the
same run: wrk on loopback, two threads, 64 connections, the two servers alternately, medians.
Also the register and a search of the store uncached (each asked once, a page not kept).

As a module: `measure(portal_program, store, home, work)` returns the table's rows (bench.py
calls it on the large store). As a program: `bench_portal.py PORTAL STORE HOME` prints the table
and puts it in BENCHMARKS.md under "## Staff portal", replacing what was there.
"""

import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

SECONDS = 8
ROUNDS = 3
CONNECTIONS = 64


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url):
    """The body and the seconds the request took, as a browser's first visit: nothing kept."""
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        body = response.read()
    return body, time.perf_counter() - start


def wrk(url):
    """Requests a second and the 99th percentile latency in ms."""
    text = subprocess.run(["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", url],
                          check=True, capture_output=True, text=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([0-9.]+)", text).group(1))
    value, unit = re.search(r"^\s+99%\s+([0-9.]+)(us|ms|s)\s*$", text, re.M).groups()
    p99 = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    if errors:
        raise SystemExit(f"wrk saw {errors.group(1)} error responses from {url}")
    return rate, p99


def measure(portal_program, store, home, work):
    port = free_port()
    log = open(os.path.join(work, "portal.log"), "w")
    portal = subprocess.Popen([portal_program, "--store", store, "--port", str(port)], stderr=log,
                              stdout=subprocess.DEVNULL, env=dict(os.environ, STET_HOME=home))
    nginx_folder = os.path.join(work, "nginx")
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(6000):
            try:
                get(base + "/health")
                break
            except OSError:
                time.sleep(0.1)
        register, first = get(base + "/")
        in_force = re.search(rb"([0-9,]+) documents? in force", register).group(1).decode()
        ids = re.findall(rb'href="/documents/([A-Z0-9-]+)"', register)
        document = ids[len(ids) // 2].decode()

        # The register and searches, each asked once: rendered, not served from kept pages.
        pages = [get(f"{base}/?page={n}")[1] for n in range(2, 12)]
        sorted_pages = [get(f"{base}/?sort={order}")[1] for order in ("title", "effective", "review")]
        first_search = get(f"{base}/?q=specimen")[1]
        searches = [get(f"{base}/?q={word}")[1] for word in ("procedure", "records", "training", "sample", "review")]
        document_cold = get(f"{base}/documents/{document}")[1]

        # The same page as a static file for nginx.
        page, _ = get(f"{base}/documents/{document}")
        os.makedirs(os.path.join(nginx_folder, "www"), exist_ok=True)
        # nginx's workers run as another user, who must be able to read the page.
        for folder in (work, nginx_folder, os.path.join(nginx_folder, "www")):
            os.chmod(folder, 0o755)
        with open(os.path.join(nginx_folder, "www", "page.html"), "wb") as file:
            file.write(page)
        os.chmod(os.path.join(nginx_folder, "www", "page.html"), 0o644)
        nginx_port = free_port()
        with open(os.path.join(nginx_folder, "nginx.conf"), "w") as file:
            file.write(f"""worker_processes auto;
pid {nginx_folder}/nginx.pid;
error_log {nginx_folder}/error.log;
events {{ worker_connections 1024; }}
http {{
    access_log {nginx_folder}/access.log;
    client_body_temp_path {nginx_folder}/body; proxy_temp_path {nginx_folder}/proxy;
    fastcgi_temp_path {nginx_folder}/fastcgi; uwsgi_temp_path {nginx_folder}/uwsgi; scgi_temp_path {nginx_folder}/scgi;
    server {{
        listen 127.0.0.1:{nginx_port};
        root {nginx_folder}/www;
        location / {{ default_type text/html; }}
    }}
}}
""")
        subprocess.run(["nginx", "-c", os.path.join(nginx_folder, "nginx.conf"), "-p", nginx_folder], check=True)
        portal_url, nginx_url = f"{base}/documents/{document}", f"http://127.0.0.1:{nginx_port}/page.html"
        get(nginx_url)
        portal_runs, nginx_runs = [], []
        for _ in range(ROUNDS):
            portal_runs.append(wrk(portal_url))
            nginx_runs.append(wrk(nginx_url))
    finally:
        portal.send_signal(signal.SIGTERM)
        portal.wait(timeout=60)
        log.close()
        if os.path.exists(os.path.join(nginx_folder, "nginx.pid")):
            subprocess.run(["nginx", "-c", os.path.join(nginx_folder, "nginx.conf"), "-p", nginx_folder, "-s", "stop"])

    portal_rate = statistics.median(r for r, _ in portal_runs)
    nginx_rate = statistics.median(r for r, _ in nginx_runs)
    portal_p99 = statistics.median(p for _, p in portal_runs)
    nginx_p99 = statistics.median(p for _, p in nginx_runs)
    register_ms = statistics.median(pages) * 1000
    sorted_ms = max(sorted_pages) * 1000
    search_ms = statistics.median(searches) * 1000

    def verdict(ok):
        return "met" if ok else "**not met**"

    return [
        (f"document page, wrk -t2 -c{CONNECTIONS}, {SECONDS} s × {ROUNDS}", f"{portal_rate:,.0f} requests/s",
         f"nginx, the same page as a file: {nginx_rate:,.0f} requests/s", f"{portal_rate / nginx_rate:.0%}", "≥ 50%",
         verdict(portal_rate >= 0.5 * nginx_rate)),
        (f"document page, p99 latency at {CONNECTIONS} connections", f"{portal_p99:.1f} ms", f"nginx: {nginx_p99:.1f} ms",
         "", "≤ 50 ms", verdict(portal_p99 <= 50)),
        (f"the register of {in_force} documents in force, a page of 100, uncached (median of 10 pages)",
         f"{register_ms:.0f} ms", f"the first page, at start: {first * 1000:.0f} ms", "", "≤ 100 ms",
         verdict(register_ms <= 100)),
        ("the register sorted by title, effective date or review, uncached (slowest)", f"{sorted_ms:.0f} ms", "", "",
         "≤ 100 ms", verdict(sorted_ms <= 100)),
        ("a search of titles and text in force, uncached (median of 5 words)", f"{search_ms:.0f} ms",
         f"the first, building the index: {first_search * 1000:.0f} ms", "", "", ""),
        ("a document page, uncached", f"{document_cold * 1000:.0f} ms", "", "", "", ""),
    ]


def table(rows):
    lines = ["| measure | portal | reference | ratio | target | |", "| --- | --- | --- | --- | --- | --- |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


if __name__ == "__main__":
    program, store, home = sys.argv[1:4]
    work = tempfile.mkdtemp(prefix="stet-bench-portal.")
    try:
        rows = measure(program, store, home, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    lines = table(rows)
    print("\n".join(lines))
    if len(sys.argv) > 4:
        path = sys.argv[4]
        text = open(path).read()
        section = "## Staff portal"
        start = text.find(section)
        body = "\n".join([section, "", "`scripts/bench-portal`: `stet serve` on a store of 10,000 documents, wrk on loopback, nginx serving the same page in the same run.", ""] + lines) + "\n\n"
        if start < 0:
            anchor = text.find("## In process")
            text = text[:anchor] + body + text[anchor:] if anchor >= 0 else text + "\n" + body
        else:
            end = text.find("\n## ", start + len(section))
            text = text[:start] + body + (text[end + 1:] if end >= 0 else "")
        open(path, "w").write(text)
        print(f"Wrote {path}")
