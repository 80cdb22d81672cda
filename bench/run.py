# ruff: noqa: S603, S607, S310  (runs local programs and talks to 127.0.0.1 only)
"""`make bench`: gunicorn (production settings) on a fresh PostgreSQL database, loaded
at two data sizes, driven by locust, results written to docs/benchmarks.md.

    make bench                                  # small and large
    make bench BENCH_ARGS="--sizes small --duration 10"

Only loopback addresses are targeted, every load run is bounded in time.
"""

import argparse
import csv
import datetime as dt
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
OUT = ROOT / "test-results" / "bench"
DOC = ROOT / "docs" / "benchmarks.md"
START_MARK = "<!-- bench:start (written by `make bench`; edit bench/run.py, not this section) -->"
END_MARK = "<!-- bench:end -->"

SIZES = {
    "small": {"trainings": 100, "employers": 1_000},
    "large": {"trainings": 10_000, "employers": 100_000},
}

CAREER_PATH = "/careers/care-coordination-and-care-management/"
STATIC_PATH = "/__bench__/static-career-page/"
# (name, path, kind): kind "search" is held to the large <= 2x small p50 target.
ENDPOINTS = [
    ("Home page", "/", "page"),
    ("Career page", CAREER_PATH, "page"),
    ("Career page, static copy", STATIC_PATH, "static"),
    ("Trainings: keyword", "/trainings/?q=care+coordination", "search"),
    ("Trainings: near ZIP", "/trainings/?near=12207&radius=25", "search"),
    (
        "Trainings: keyword + filter + near",
        "/trainings/?q=care&format=online&format=hybrid&near=12207&radius=50",
        "search",
    ),
    ("Employers: keyword", "/employers/?q=hospital", "search"),
    ("Employers: near ZIP", "/employers/?near=10001&radius=10", "search"),
    ("Employers: keyword + near", "/employers/?q=hospital&near=14604&radius=25", "search"),
    ("Site search", "/search/?q=care+coordination", "search"),
    ("Site search: suggestions", "/search/suggest/?q=car", "search"),
    ("API: career pages", "/api/v2/pages/?type=career_pages.CareerPage&fields=*", "api"),
    ("API: trainings near ZIP", "/api/v2/pages/?type=trainings.TrainingPage&near=12207&radius=25", "search"),
    ("API: employers near ZIP", "/api/v2/employers/?near=10001&radius=10", "search"),
]


def log(message):
    print(f"[bench {dt.datetime.now(dt.UTC):%H:%M:%S}] {message}", flush=True)


def run(cmd, env, timeout=None, check=True):
    log("$ " + " ".join(str(part) for part in cmd))
    return subprocess.run(cmd, cwd=ROOT, env=env, check=check, timeout=timeout, text=True, capture_output=False)


def psql(sql, env):
    subprocess.run(
        ["psql", "-h", env["PGHOST"], "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-qc", sql],
        check=True,
        env=env,
        capture_output=True,
    )


def redis_available(url):
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
        return True
    except Exception:
        return False


def base_env(args, database):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        SECRET_KEY="bench-only-secret-key-not-for-production-0123456789abcdefghijklmnop",  # noqa: S106
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=f"postgres://postgres@{args.pg_host}:5432/{database}",
        PGHOST=args.pg_host,
        STATIC_ROOT=str(OUT / "static"),
        LOG_LEVEL="WARNING",
        CACHE_KEY_PREFIX="hw_bench",
        DB_POOL_MAX_SIZE="4",
    )
    if args.redis_url and redis_available(args.redis_url):
        env["REDIS_URL"] = args.redis_url
    return env


def prepare_template(args, template, env):
    """A migrated database with the demo content, cloned for each size."""
    psql(f'DROP DATABASE IF EXISTS "{template}"', env)
    psql(f'CREATE DATABASE "{template}"', env)
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], env)
    run([PYTHON, "manage.py", "load_demo_content"], env)
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], env)


def database_exists(name, env):
    result = subprocess.run(
        ["psql", "-h", env["PGHOST"], "-U", "postgres", "-Atc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],  # noqa: S608 (our own names)
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    return result.stdout.strip() == "1"


def load_size(args, size, template, database, env):
    if args.reuse_db and database_exists(database, env):
        log(f"reusing the existing database {database} (--reuse-db)")
        return f"data from an earlier load reused ({database})", actual_counts(env)
    psql(f'DROP DATABASE IF EXISTS "{database}"', env)
    psql(f'CREATE DATABASE "{database}" TEMPLATE "{template}"', env)
    counts = SIZES[size]
    note = ""
    cmd = [PYTHON, "manage.py", "generate_directory_data", "--seed", "7"]
    cmd += ["--trainings", str(counts["trainings"]), "--employers", str(counts["employers"])]
    started = time.monotonic()
    try:
        run(cmd, env, timeout=args.generate_timeout)
    except subprocess.TimeoutExpired:
        note = f"generate_directory_data did not finish within {args.generate_timeout}s: data partly loaded"
    log(f"data for {size} loaded in {time.monotonic() - started:.0f}s")
    # Planner statistics and a cleaned heap, as autovacuum leaves a running site after a bulk load.
    psql("VACUUM ANALYZE", {**env, "PGDATABASE": database})
    return note, actual_counts(env)


def actual_counts(env):
    code = (
        "import json, django; django.setup()\n"
        "from django.apps import apps\n"
        "models = {'trainings': 'trainings.TrainingPage', 'employers': 'employers.EmployerSnippet'}\n"
        "print(json.dumps({kind: apps.get_model(name).objects.count() for kind, name in models.items()}))\n"
    )
    result = subprocess.run([PYTHON, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


class Gunicorn:
    def __init__(self, args, env):
        self.args, self.env, self.process = args, env, None
        self.url = f"http://127.0.0.1:{args.port}"

    def __enter__(self):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", self.args.port)) == 0:
                raise RuntimeError(f"port {self.args.port} is already in use: pass --port")
        cmd = [
            str(BIN / "gunicorn"),
            "hwcollab.wsgi",
            "--bind",
            f"127.0.0.1:{self.args.port}",
            "--workers",
            str(self.args.workers),
            # gunicorn's control socket is one per machine: another gunicorn's (a running site's) would be replaced.
            "--no-control-socket",
            # Long enough to measure a slow search rather than kill the worker serving it.
            "--timeout",
            "180",
            "--access-logfile",
            "-" if self.args.verbose else "/dev/null",
            "--error-logfile",
            str(OUT / "gunicorn.log"),
        ]
        log("$ " + " ".join(cmd))
        self.process = subprocess.Popen(cmd, cwd=ROOT, env=self.env, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited; see test-results/bench/gunicorn.log")
            try:
                urllib.request.urlopen(self.url + "/robots.txt", timeout=2).read()
                return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        raise RuntimeError("gunicorn did not start; see test-results/bench/gunicorn.log")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)

    def worker_rss_mb(self):
        """Resident memory of each worker (children of the gunicorn master), in MB."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        sizes = []
        for pid in children:
            status = Path(f"/proc/{pid}/status").read_text()
            match = re.search(r"VmRSS:\s+(\d+) kB", status)
            if match:
                sizes.append(int(match.group(1)) / 1024)
        return sizes

    def get(self, path):
        try:
            with urllib.request.urlopen(self.url + path, timeout=170) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()
        except (TimeoutError, urllib.error.URLError) as error:
            return f"no answer ({error})", b""


def locust(args, gunicorn, name, path, label):
    prefix = OUT / f"{label}-{re.sub(r'[^a-z0-9]+', '-', name.lower())}"
    env = {**os.environ, "BENCH_PATH": path, "BENCH_NAME": name}
    cmd = [
        str(BIN / "locust"),
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--users",
        str(args.users),
        "--spawn-rate",
        str(args.users),
        "--run-time",
        f"{args.duration}s",
        "--stop-timeout",
        # Let a slow request that started in time finish and be counted.
        "90",
        "--host",
        gunicorn.url,
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    subprocess.run(cmd, cwd=ROOT, env=env, check=False, timeout=args.duration + 180, capture_output=not args.verbose)
    with open(f"{prefix}_stats.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == name:
                return {
                    "requests": int(row["Request Count"]),
                    "errors": int(row["Failure Count"]),
                    "rps": float(row["Requests/s"]),
                    "p50": float(row["50%"]),
                    "p95": float(row["95%"]),
                }
    # No request finished: report it rather than stop the benchmark.
    return {"requests": 0, "errors": 0, "rps": 0.0, "p50": None, "p95": None}


def query_counts(env, paths):
    result = subprocess.run(
        [PYTHON, "-m", "bench.queries", *paths], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def bench_size(args, size, template):
    database = f"{args.database}_{size}"
    env = base_env(args, database)
    note, counts = load_size(args, size, template, database, env)
    env["BENCH_STATIC_HTML"] = str(OUT / "career-page.html")
    result = {"size": size, "target_counts": SIZES[size], "counts": counts, "note": note, "endpoints": {}}
    with Gunicorn(args, env) as gunicorn:
        status, html = gunicorn.get(CAREER_PATH)
        if status == 200:
            (OUT / "career-page.html").write_bytes(html)
        available = []
        for name, path, kind in ENDPOINTS:
            result["endpoints"][name] = {"path": path, "kind": kind, "skipped": "not measured"}
        for name, path, kind in ENDPOINTS:
            status, _ = gunicorn.get(path)  # also fills the page cache
            if status == 200:
                available.append((name, path, kind))
            else:
                result["endpoints"][name] = {"path": path, "kind": kind, "skipped": f"HTTP {status}"}
        # Every worker serves every URL before memory is first read: requests one at a time can all land on
        # one worker, and a worker that has only served cached pages has not yet imported most of the site.
        with ThreadPoolExecutor(max_workers=args.users) as pool:
            list(pool.map(gunicorn.get, [path for _, path, _ in available] * args.workers * 2))
        result["rss_start"] = gunicorn.worker_rss_mb()
        queries = query_counts(env, [path for _, path, _ in available if path != STATIC_PATH])
        for name, path, kind in available:
            log(f"{size}: {name} ({path}) for {args.duration}s with {args.users} users")
            stats = locust(args, gunicorn, name, path, size)
            stats.update(path=path, kind=kind, queries=queries.get(path, {}).get("queries"))
            result["endpoints"][name] = stats
        result["rss_end"] = gunicorn.worker_rss_mb()
    if not args.keep_db:
        psql(f'DROP DATABASE IF EXISTS "{database}"', env)
    return result


def machine():
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    pg = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", "show server_version"], capture_output=True, text=True
    )
    return {
        "nproc": os.cpu_count(),
        "ram_gb": round(mem_kb / 1024 / 1024, 1),
        "cpu": cpu,
        "python": platform.python_version(),
        "postgresql": pg.stdout.strip() or "unknown",
        "load_before": os.getloadavg(),
    }


def fmt(value, pattern="{:.0f}"):
    return "-" if value is None else pattern.format(value)


def evaluate(results):
    """The targets of docs/benchmarks.md, each with its measured value and PASS/FAIL."""
    checks = []
    errors = sum(ep.get("errors", 0) for r in results for ep in r["endpoints"].values())
    requests = sum(ep.get("requests", 0) for r in results for ep in r["endpoints"].values())
    checks.append(("No errors", f"{errors} errors in {requests:,} requests", errors == 0))
    by_size = {r["size"]: r for r in results}
    for r in results:
        career = r["endpoints"].get("Career page", {})
        static = r["endpoints"].get("Career page, static copy", {})
        if career.get("rps") and static.get("rps"):
            ratio = career["rps"] / static["rps"]
            checks.append((f"Cached career page ≥ 50% of static copy ({r['size']})", f"{ratio:.0%}", ratio >= 0.5))
        if r.get("rss_start") and r.get("rss_end"):
            start, end = sum(r["rss_start"]), sum(r["rss_end"])
            growth = (end - start) / start
            checks.append(
                (
                    f"Worker memory flat ({r['size']}: ≤ 20% growth)",
                    f"{start:.0f} MB → {end:.0f} MB ({growth:+.0%})",
                    growth <= 0.20,
                )
            )
    if "small" in by_size and "large" in by_size:
        for name, ep in by_size["large"]["endpoints"].items():
            small = by_size["small"]["endpoints"].get(name, {})
            if ep.get("kind") == "search" and "skipped" not in ep and ep.get("p50") is None:
                checks.append((f"{name}: p50 large <= 2x small", "no request completed at the large size", False))
            if ep.get("kind") == "search" and ep.get("p50") and small.get("p50"):
                ratio = ep["p50"] / small["p50"]
                checks.append(
                    (
                        f"{name}: p50 large <= 2x small",
                        f"{small['p50']:.0f} ms → {ep['p50']:.0f} ms ({ratio:.1f}x)",
                        ratio <= 2,
                    )
                )
    return checks


def render(results, info, args, started, finished):
    lines = [START_MARK, "", "## Load benchmark (`make bench`)", ""]
    command = "make bench" + (f' BENCH_ARGS="{" ".join(sys.argv[1:])}"' if sys.argv[1:] else "")
    load = ", ".join(f"{x:.1f}" for x in info["load_before"])
    lines.append(
        f"Written {finished:%Y-%m-%d %H:%M} UTC by `{command}`. "
        f"Machine: {info['nproc']} CPUs ({info['cpu']}), {info['ram_gb']} GB RAM, Python {info['python']}, "
        f"PostgreSQL {info['postgresql']}; load average before the run {load} "
        "(the machine is shared, so absolute numbers move between runs; the ratios are what the targets hold)."
    )
    lines.append("")
    lines.append(
        f"Setup: gunicorn {args.workers} sync workers, `bench.settings` (production settings + one URL serving "
        f"the saved static copy of the career page), PostgreSQL database `{args.database}_<size>` cloned from a "
        "migrated template with the demo content, then `generate_directory_data`; page cache "
        + ("in Redis" if results and any(r.get("redis") for r in results) else "in local memory (no Redis)")
        + f". Load: locust (FastHttpUser), {args.users} users without think time, {args.duration} s per URL, "
        "one URL at a time, against 127.0.0.1 only. SQL queries per request: Django's test client with "
        "`CaptureQueriesContext`, page cache off (the cost of a miss; a cache hit runs no query). "
        "Worker memory: RSS of the gunicorn workers after a concurrent warm-up (every URL, "
        "4 times per worker) and after the last URL."
    )
    lines.append("")
    lines.append("### Targets")
    lines.append("")
    lines.append("| Target | Measured | Met |")
    lines.append("| --- | --- | --- |")
    for target, measured, ok in evaluate(results):
        lines.append(f"| {target} | {measured} | {'yes' if ok else '**no**'} |")
    for r in results:
        counts = r["counts"]
        lines += [
            "",
            f"### {r['size'].capitalize()}: {fmt(counts.get('trainings'), '{:,}')} trainings, "
            f"{fmt(counts.get('employers'), '{:,}')} employers "
            f"(asked for {r['target_counts']['trainings']:,} and {r['target_counts']['employers']:,})",
            "",
        ]
        if r.get("measured"):
            lines += [f"Measured {r['measured']}.", ""]
        if r["note"]:
            lines += [f"Note: {r['note']}.", ""]
        lines.append("| URL | req/s | p50 ms | p95 ms | errors | SQL queries (miss) |")
        lines.append("| --- | ---: | ---: | ---: | ---: | ---: |")
        for name, ep in r["endpoints"].items():
            if "skipped" in ep:
                lines.append(f"| {name} `{ep['path']}` | not run: {ep['skipped']} | | | | |")
                continue
            lines.append(
                f"| {name} `{ep['path']}` | {ep['rps']:.1f} | {fmt(ep['p50'])} | {fmt(ep['p95'])} | "
                f"{ep['errors']} / {ep['requests']:,} | {fmt(ep.get('queries'))} |"
            )
        lines.append("")
        lines.append(
            f"Worker RSS (MB): after warm-up {', '.join(f'{x:.0f}' for x in r.get('rss_start', []))}; "
            f"at the end {', '.join(f'{x:.0f}' for x in r.get('rss_end', []))}."
        )
    lines += ["", END_MARK]
    return "\n".join(lines)


def write_doc(section):
    """Replace only the section between the markers: other sections (trainings, employers) stay."""
    DOC.parent.mkdir(exist_ok=True)
    text = DOC.read_text() if DOC.exists() else "# Benchmarks\n"
    if START_MARK in text and END_MARK in text:
        before, rest = text.split(START_MARK, 1)
        after = rest.split(END_MARK, 1)[1]
        text = before + section + after
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    DOC.write_text(text)


def front_cache_comparison(args):
    """`make stack`, the interleaved front-cache comparison (written to docs/benchmarks.md), `make stack-stop`."""
    extra = [] if args.no_doc else ["--write-docs"]
    try:
        started = subprocess.run([PYTHON, "-m", "bench.stack", "start"], cwd=ROOT, check=False).returncode
        if started:
            return started
        return subprocess.run([PYTHON, "-m", "bench.front_cache", *extra], cwd=ROOT, check=False).returncode
    finally:
        subprocess.run([PYTHON, "-m", "bench.stack", "stop"], cwd=ROOT, check=False)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="small,large", help="comma-separated: small, large")
    parser.add_argument("--duration", type=int, default=15, help="seconds of load per URL")
    parser.add_argument("--users", type=int, default=8, help="concurrent locust users")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=8007)
    parser.add_argument("--database", default="hw_bench")
    parser.add_argument("--pg-host", default="127.0.0.1")
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0"))
    parser.add_argument("--generate-timeout", type=int, default=1800, help="seconds allowed per data load")
    parser.add_argument("--keep-db", action="store_true", help="keep the databases afterwards")
    parser.add_argument("--reuse-db", action="store_true", help="reuse hw_bench_* databases as they are")
    parser.add_argument(
        "--merge-results", action="store_true", help="keep other sizes' results (test-results/bench/results.json)"
    )
    parser.add_argument("--render-only", action="store_true", help="rewrite the doc from the saved results")
    parser.add_argument("--no-doc", action="store_true", help="print the results, do not write docs/benchmarks.md")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument(
        "--front-cache",
        action="store_true",
        help="also start `make stack` and compare Varnish, the page cache, uncached and nginx (bench/front_cache.py)",
    )
    parser.add_argument("--front-cache-only", action="store_true", help="only that comparison")
    args = parser.parse_args(argv)
    if args.front_cache or args.front_cache_only:
        code = front_cache_comparison(args)
        if args.front_cache_only or code:
            return code
    sizes = [size.strip() for size in args.sizes.split(",") if size.strip()]
    unknown = set(sizes) - set(SIZES)
    if unknown:
        parser.error(f"unknown size(s): {', '.join(sorted(unknown))}")
    if shutil.which("psql") is None:
        parser.error("psql not found: the benchmark needs PostgreSQL at --pg-host")

    OUT.mkdir(parents=True, exist_ok=True)
    started = dt.datetime.now(dt.UTC)
    info = machine()
    if args.render_only:
        saved = json.loads((OUT / "results.json").read_text())
        info = saved[0].get("machine", info)
        section = render(saved, info, args, dt.datetime.fromisoformat(saved[0]["started"]), started)
        write_doc(section)
        print(section)
        return 0
    template = f"{args.database}_template"
    env = base_env(args, template)
    if not (args.reuse_db and database_exists(template, env)):
        prepare_template(args, template, env)
    results = []
    if args.merge_results and (OUT / "results.json").exists():
        results = [r for r in json.loads((OUT / "results.json").read_text()) if r["size"] not in sizes]
    for size in sizes:
        result = bench_size(args, size, template)
        result["redis"] = "REDIS_URL" in env
        result["machine"] = info
        result["started"] = started.isoformat()
        invocation = " ".join(["python -m bench.run", *sys.argv[1:]])
        result["measured"] = f"{started:%Y-%m-%d %H:%M} to {dt.datetime.now(dt.UTC):%H:%M} UTC by `{invocation}`"
        results.append(result)
        results.sort(key=lambda r: list(SIZES).index(r["size"]))
        (OUT / "results.json").write_text(json.dumps(results, indent=2))
    if not args.keep_db:
        psql(f'DROP DATABASE IF EXISTS "{template}"', env)
    section = render(results, info, args, started, dt.datetime.now(dt.UTC))
    print(section)
    if not args.no_doc:
        write_doc(section)
        log(f"wrote {DOC.relative_to(ROOT)}")
    failed = [target for target, _, ok in evaluate(results) if not ok]
    if failed:
        log("targets not met: " + "; ".join(failed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
