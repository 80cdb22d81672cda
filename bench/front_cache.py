# ruff: noqa: S603, S607  (runs local programs and talks to 127.0.0.1 only)
"""`make stack-bench`: the career page through the front cache, the page cache, uncached, and nginx, interleaved.

    make stack && make stack-bench                        # print the results
    make stack-bench STACK_BENCH_ARGS="--write-docs"      # and record them in docs/benchmarks.md

On the running `make stack`: the same gzipped HTML (what a browser gets) through Varnish (front cache), from one
gunicorn instance directly (the page cache's hit, from Redis), from that instance with a query string the page
ignores (uncached: rendered each time), and as a static file from nginx (gzip_static, started here on
STACK_PORT_BASE + 85 and stopped by `make stack-stop` like the rest). wrk (Debian's, installed when missing)
sends the load, at concurrency 1 and 8, in rounds that alternate the four, so that a change in the machine's load
hits them all alike.
"""

import argparse
import datetime as dt
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

from bench.stack import CAREER_PATH, RUN, STATE, http_get, launch, log, port_open, wait_until

DOC = RUN.parent / "docs" / "benchmarks.md"
START_MARK = "<!-- front-cache-bench:start (written by `make stack-bench`; edit bench/front_cache.py) -->"
END_MARK = "<!-- front-cache-bench:end -->"
TARGET_RATIO = 0.5

NGINX_CONF = """
worker_processes auto;
pid {run}/nginx.pid;
error_log {run}/logs/nginx-error.log;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {run}/nginx-tmp;
    proxy_temp_path {run}/nginx-tmp;
    fastcgi_temp_path {run}/nginx-tmp;
    uwsgi_temp_path {run}/nginx-tmp;
    scgi_temp_path {run}/nginx-tmp;
    gzip_static on;
    types {{ text/html html; }}
    server {{
        listen 127.0.0.1:{port};
        root {root};
        location / {{ try_files /career.html =404; }}
    }}
}}
"""


def ensure_programs():
    missing = [name for name, binary in (("wrk", "wrk"), ("nginx", "nginx")) if not shutil.which(binary)]
    missing = [name for name in missing if not (name == "nginx" and os.path.exists("/usr/sbin/nginx"))]
    if missing:
        log(f"installing {' '.join(missing)} (apt-get)")
        policy = "/usr/sbin/policy-rc.d"
        created = not os.path.exists(policy)
        if created:
            # Debian's nginx starts a daemon on port 80 on install: not here.
            with open(policy, "w") as out:
                out.write("#!/bin/sh\nexit 101\n")
            os.chmod(policy, 0o755)  # noqa: S103 (invoke-rc.d runs it)
        try:
            env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
            subprocess.run(
                ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], check=True, env=env
            )
        finally:
            if created:
                os.unlink(policy)


def start_nginx(port, html):
    root = RUN / "nginx-root"
    root.mkdir(exist_ok=True)
    (RUN / "nginx-tmp").mkdir(exist_ok=True)
    (root / "career.html").write_bytes(html)
    (root / "career.html.gz").write_bytes(gzip.compress(html, 6))
    conf = RUN / "nginx.conf"
    conf.write_text(NGINX_CONF.format(run=RUN, port=port, root=root))
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    launch("nginx", [nginx, "-c", conf, "-g", "daemon off;"], os.environ.copy())
    wait_until(lambda: port_open(port), "nginx", 20)


def wrk(url, connections, seconds):
    cmd = ["wrk", "-t", "1", "-c", str(connections), "-d", f"{seconds}s", "--latency", "-H", "Accept-Encoding: gzip"]
    output = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)\b", output)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p50.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {"rps": rps, "p50_ms": float(p50.group(1)) * scale, "errors": int(errors.group(1)) if errors else 0}


def machine():
    load = os.getloadavg()
    with open("/proc/cpuinfo") as info:
        cpu = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), "?")
    return f"{os.cpu_count()} CPUs ({cpu}); load average before the run {load[0]:.1f}, {load[1]:.1f}, {load[2]:.1f}"


def render(results, targets, args, started):
    lines = [START_MARK, "", "## Front cache against nginx (`make stack-bench`)", ""]
    lines.append(
        f"Written {started:%Y-%m-%d %H:%M} UTC by `make stack-bench` on `make stack` (2 gunicorn instances of "
        f"{args.workers} workers behind HAProxy and Varnish). {machine()}. {args.rounds} interleaved rounds of "
        f"{args.seconds} s per line; medians. The same gzipped career page (what a browser is sent) each time."
    )
    lines += ["", "| Served by | Bytes | Concurrency | Requests/s | p50 (ms) | Share of nginx's requests/s |"]
    lines.append("| --- | ---: | ---: | ---: | ---: | ---: |")
    for connections in args.concurrency:
        nginx_rps = statistics.median(r["rps"] for r in results[("nginx", connections)])
        for name, (_, label, size) in targets.items():
            rows = results[(name, connections)]
            rps = statistics.median(r["rps"] for r in rows)
            p50 = statistics.median(r["p50_ms"] for r in rows)
            lines.append(f"| {label} | {size:,} | {connections} | {rps:,.0f} | {p50:.2f} | {rps / nginx_rps:.0%} |")
    lines.append("")
    for connections in args.concurrency:
        nginx_rps = statistics.median(r["rps"] for r in results[("nginx", connections)])
        front = statistics.median(r["rps"] for r in results[("front", connections)])
        verdict = "meets" if front / nginx_rps >= TARGET_RATIO else "misses"
        lines.append(
            f"- Concurrency {connections}: the front cache serves {front / nginx_rps:.0%} of nginx's requests per "
            f"second ({verdict} the target of {TARGET_RATIO:.0%})."
        )
    lines += ["", END_MARK]
    return "\n".join(lines)


def write_doc(section):
    text = DOC.read_text()
    if START_MARK in text and END_MARK in text:
        before, rest = text.split(START_MARK, 1)
        after = rest.split(END_MARK, 1)[1]
        text = before + section + after
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    DOC.write_text(text)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args(argv)
    if not STATE.exists():
        log("no stack running: `make stack` first")
        return 1
    state = json.loads(STATE.read_text())
    args.workers = state.get("workers", 2)
    ports = state["ports"]
    public = state["public"]
    app = f"http://127.0.0.1:{ports['app1']}"
    ensure_programs()
    started = dt.datetime.now(dt.UTC)

    status, headers, body = http_get(public + CAREER_PATH, {"Accept-Encoding": "gzip"})
    if status != 200 or headers.get("Content-Encoding") != "gzip":
        log(f"the career page through Varnish: {status} {headers.get('Content-Encoding')}")
        return 1
    html = gzip.decompress(body)
    nginx_port = int(os.environ.get("STACK_PORT_BASE", "8300")) + 85
    if not port_open(nginx_port):
        start_nginx(nginx_port, html)

    targets = {
        "front": (public + CAREER_PATH, "Varnish (front cache)"),
        "page": (app + CAREER_PATH, "gunicorn, page cache hit (Redis)"),
        "uncached": (app + CAREER_PATH + "?uncached=1", "gunicorn, uncached (rendered)"),
        "nginx": (f"http://127.0.0.1:{nginx_port}/", "nginx, static file"),
    }
    sized = {}
    for name, (url, label) in targets.items():
        http_get(url, {"Accept-Encoding": "gzip"})
        status, headers, body = http_get(url, {"Accept-Encoding": "gzip"})
        if status != 200:
            log(f"{label}: {status}")
            return 1
        sized[name] = (url, label, len(body))
        log(
            f"{label}: {len(body)} bytes, {headers.get('Content-Encoding')}, X-Cache {headers.get('X-Cache')}, "
            f"X-Page-Cache {headers.get('X-Page-Cache')}"
        )

    results = {}
    for number in range(args.rounds):
        for connections in args.concurrency:
            for name, (url, label, _) in sized.items():
                result = wrk(url, connections, args.seconds)
                results.setdefault((name, connections), []).append(result)
                log(f"round {number + 1} c={connections} {label}: {result['rps']:,.0f}/s p50 {result['p50_ms']:.2f} ms")
                time.sleep(0.5)
    section = render(results, sized, args, started)
    print(section)
    if args.write_docs:
        write_doc(section)
        log(f"wrote {DOC.relative_to(RUN.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
