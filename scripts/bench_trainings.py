#!/usr/bin/env python
"""Benchmark the training search: p50/p95 latency of three /trainings/ URLs at several data sizes.

    .venv/bin/python scripts/bench_trainings.py                        # SQLite and PostgreSQL, 100 and 10,000
    .venv/bin/python scripts/bench_trainings.py --databases sqlite --sizes 100 --repeat 20
    .venv/bin/python scripts/bench_trainings.py --json results.json    # also write machine-readable results

Each (database, size) runs in a fresh database: migrate, load_demo_content, generate_directory_data
--trainings N (minus the 12 demo trainings). Requests go through Django's test client in-process
(no network, no runserver), after warm-up requests, so the numbers are the application's own time.
PostgreSQL uses BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/hw_trainings_bench),
which is dropped and recreated.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
URLS = [
    ("keywords", "/trainings/?q=care+coordination"),
    ("near", "/trainings/?near=12207&radius=25"),
    ("combined", "/trainings/?q=care+coordination&credential=certificate&format=in-person&near=12207&radius=50"),
]
DEMO_TRAININGS = 12


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def check(response, url):
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")


def worker(size, repeat, warmup):
    """Runs inside a subprocess whose DATABASE_URL is the fresh benchmark database."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hwcollab.settings.dev")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from directory.models import TrainingPage

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo_content", stdout=open(os.devnull, "w"))  # noqa: SIM115
    started = time.monotonic()
    if size > DEMO_TRAININGS:
        call_command("generate_directory_data", trainings=size - DEMO_TRAININGS, seed=1, stdout=open(os.devnull, "w"))  # noqa: SIM115
    generate_seconds = time.monotonic() - started
    client = Client()
    results = {"size": TrainingPage.objects.count(), "generate_seconds": round(generate_seconds, 1), "urls": {}}
    for name, url in URLS:
        for _ in range(warmup):
            check(client.get(url), url)
        timings = []
        for _ in range(repeat):
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            check(response, url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        results["urls"][name] = {
            "url": url,
            "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(percentile(timings, 0.95), 1),
            "queries": len(queries.captured_queries),
        }
    print(json.dumps(results))


def fresh_database(kind, tmpdir):
    if kind == "sqlite":
        path = Path(tmpdir) / "bench.sqlite3"
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    url = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/hw_trainings_bench")
    name = url.rsplit("/", 1)[1]
    base = url.rsplit("/", 1)[0]
    for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
        subprocess.run(["psql", f"{base}/postgres", "-qc", sql], check=True)  # noqa: S603, S607 - fixed command
    return url


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgres"], choices=["sqlite", "postgres"])
    parser.add_argument("--sizes", nargs="+", type=int, default=[100, 10_000])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--json", help="Write the results to this file too.")
    parser.add_argument("--worker-size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker_size is not None:
        worker(args.worker_size, args.repeat, args.warmup)
        return

    print(
        f"# {platform.node()} · {platform.processor() or platform.machine()} · {os.cpu_count()} CPUs · "
        f"Python {platform.python_version()} · {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    )
    rows = []
    with tempfile.TemporaryDirectory() as tmpdir:
        for database in args.databases:
            for size in args.sizes:
                env = {**os.environ, "DATABASE_URL": fresh_database(database, tmpdir)}
                command = [
                    sys.executable,
                    __file__,
                    "--worker-size",
                    str(size),
                    "--repeat",
                    str(args.repeat),
                    "--warmup",
                    str(args.warmup),
                ]
                output = subprocess.run(  # noqa: S603 - this script, with its own arguments
                    command, env=env, cwd=ROOT, capture_output=True, text=True, check=False
                )
                if output.returncode != 0:
                    sys.stderr.write(output.stderr[-3000:])
                    sys.exit(f"benchmark failed for {database} with {size} trainings")
                result = json.loads(output.stdout.strip().splitlines()[-1])
                result["database"] = database
                rows.append(result)
                for name, data in result["urls"].items():
                    print(
                        f"{database:9} {result['size']:>6} trainings  {name:9} p50 {data['p50_ms']:7.1f} ms  "
                        f"p95 {data['p95_ms']:7.1f} ms  {data['queries']} queries"
                    )
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
