#!/usr/bin/env python
"""Benchmark the training search: p50/p95 latency of eight /trainings/ URLs at several data sizes.

    .venv/bin/python bench/training_search.py                        # SQLite and PostgreSQL, 100 and 10,000
    .venv/bin/python bench/training_search.py --databases sqlite --sizes 100 --repeat 20
    .venv/bin/python bench/training_search.py --json results.json    # also write machine-readable results
    .venv/bin/python bench/training_search.py --reuse --rounds 5     # keep the databases for the next run

Each (database, size) gets its own database: migrate, load_demo_content, generate_directory_data
--trainings N (minus the 12 demo trainings), then ANALYZE (VACUUM ANALYZE on PostgreSQL, as autovacuum would).
Without --reuse the databases are recreated; with it, a database that already holds N trainings is used as it is
(and kept afterwards; analyzed again).

The sizes are measured in lockstep: one worker process per size, each with its own database, and the requests
alternate between them (100, 10000, 10000, 100, 100, 10000, ...: the order flips every request, URL by URL), so
that both sizes see the same machine. Measured in separate processes one after the other, a size could land in
a slower spell of a shared machine (docs/benchmarks.md shows how large such spells were). The ratio of the sizes
is what the target is about, and it is only meaningful when both were measured alike.
--rounds starts new worker processes (each with its own warm-up: --warmup requests per URL) --rounds times;
--repeat is the number of timed requests per URL, size and round; p50/p95 are over all rounds.
Requests go through Django's test client in-process (no network, no runserver).
SQLite files are BENCH_SQLITE_DIR/bench_N.sqlite3 (default: the system temporary directory); PostgreSQL
uses BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/hw_trainings_bench) with _N appended.
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
sys.path.insert(0, str(ROOT))

from bench.lockstep import Worker, lockstep  # noqa: E402 - the project root is on the path first

URLS = [
    ("keywords", "/trainings/?q=care+coordination"),
    ("near", "/trainings/?near=12207&radius=25"),
    # Keywords, a filter and a ZIP (the target's "combined keyword, filter and near search"), chosen to find
    # results at both sizes: with a credential too it found none at 100 trainings, which skips the result
    # queries there and inflated the ratio.
    ("combined", "/trainings/?q=care+coordination&format=in-person&near=12207&radius=50"),
    # The facts filters of issue 17, one at a time: funding (free or WIOA), what the visitor can start with,
    # support services, and programs starting within 3 months.
    ("funding", "/trainings/?funding=free&funding=wioa"),
    ("start_with", "/trainings/?start_with=high-school"),
    ("support", "/trainings/?support=childcare&support=transit"),
    ("starts", "/trainings/?starts=3months"),
    # What the program finder sends: what the visitor can start with, free or WIOA-funded, in person, near a ZIP.
    (
        "finder",
        "/trainings/?start_with=high-school&funding=free&funding=wioa&format=in-person&format=hybrid&near=12207&radius=50",
    ),
]
DEMO_TRAININGS = 12


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def check(response, url):
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")


def settle(connection):
    """Bring the database to the state autovacuum keeps a running site in: planner statistics (ANALYZE) and, on
    PostgreSQL, VACUUM. Generating the data writes most rows twice; unvacuumed, the dead rows and the GIN
    indexes' pending lists (index entries not yet merged, read in full by every search) make PostgreSQL scan
    the whole search index for a keyword search, which no running site does. A reused database is settled
    again: it may come from a run that only analyzed it."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def worker(size, setup):
    """Runs inside a subprocess whose DATABASE_URL is the benchmark database: fills it (`setup`) or measures."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hwcollab.settings.dev")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from directory.trainings.models import TrainingPage

    if setup:
        call_command("migrate", verbosity=0, interactive=False)
        if TrainingPage.objects.count() == size:
            settle(connection)
            print(json.dumps({"generate_seconds": 0}))
            return
        call_command("load_demo_content", stdout=open(os.devnull, "w"))  # noqa: SIM115
        started = time.monotonic()
        if size > DEMO_TRAININGS:
            call_command(
                "generate_directory_data",
                trainings=size - DEMO_TRAININGS,
                seed=1,
                stdout=open(os.devnull, "w"),  # noqa: SIM115
            )
        settle(connection)
        print(json.dumps({"generate_seconds": round(time.monotonic() - started, 1)}))
        return
    client = Client()
    print(json.dumps({"size": TrainingPage.objects.count()}), flush=True)
    # Commands from the parent, one a line: "get URL" (answers the time in ms) or "queries URL".
    for line in sys.stdin:
        command, url = line.split(maxsplit=1)
        url = url.strip()
        if command == "get":
            start = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - start) * 1000
            check(response, url)
            print(json.dumps({"ms": elapsed}), flush=True)
        else:
            with CaptureQueriesContext(connection) as queries:
                check(client.get(url), url)
            print(json.dumps({"queries": len(queries.captured_queries)}), flush=True)


def database_url(kind, size, reuse):
    """The benchmark database for (kind, size): recreated empty unless `reuse`."""
    if kind == "sqlite":
        path = Path(os.environ.get("BENCH_SQLITE_DIR", tempfile.gettempdir())) / f"bench_{size}.sqlite3"
        if not reuse:
            path.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    url = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/hw_trainings_bench") + f"_{size}"
    base, name = url.rsplit("/", 1)
    statements = (
        [f'CREATE DATABASE "{name}"'] if reuse else [f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"']
    )
    for sql in statements:
        # With --reuse, CREATE fails harmlessly when the database exists.
        subprocess.run(  # noqa: S603 - fixed command
            ["psql", f"{base}/postgres", "-qc", sql],  # noqa: S607
            check=not reuse,
            capture_output=reuse,
        )
    return url


def setup_database(url, size):
    """Fill (or, reused, settle) the benchmark database for `size` in a worker process; seconds spent generating."""
    env = {**os.environ, "DATABASE_URL": url}
    command = [sys.executable, __file__, "--worker-size", str(size), "--worker-setup"]
    output = subprocess.run(  # noqa: S603 - this script, with its own arguments
        command, env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if output.returncode != 0:
        sys.stderr.write(output.stderr[-3000:])
        sys.exit(f"benchmark setup failed with {size} trainings ({url})")
    return json.loads(output.stdout.strip().splitlines()[-1])["generate_seconds"]


def measure(args, urls_by_size):
    """{size: {"__size": actual size, name: {"url", "timings", "queries"}}}, the sizes measured in lockstep."""

    def start_workers():
        return [
            Worker(size, [sys.executable, __file__, "--worker-size", str(size)], {"DATABASE_URL": url}, cwd=ROOT)
            for size, url in urls_by_size.items()
        ]

    merged, hellos = lockstep(start_workers, URLS, args.rounds, args.repeat, args.warmup)
    for size, hello in hellos.items():
        merged[size]["__size"] = hello["size"]
    return merged


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgres"], choices=["sqlite", "postgres"])
    parser.add_argument("--sizes", nargs="+", type=int, default=[100, 10_000])
    parser.add_argument("--repeat", type=int, default=10, help="Timed requests per URL and round.")
    parser.add_argument("--rounds", type=int, default=3, help="Alternating rounds over the sizes.")
    parser.add_argument("--reuse", action="store_true", help="Keep and reuse databases that hold N trainings.")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--json", help="Write the results to this file too.")
    parser.add_argument(
        "--url",
        action="append",
        default=[],
        metavar="NAME=PATH",
        help="Measure this URL too (repeatable), e.g. broad='/trainings/?q=care&format=online&near=12207'.",
    )
    parser.add_argument("--worker-size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--worker-setup", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker_size is not None:
        worker(args.worker_size, args.worker_setup)
        return
    for extra in args.url:
        name, separator, path = extra.partition("=")
        if not separator or not path.startswith("/"):
            parser.error(f"--url wants NAME=PATH, got {extra!r}")
        URLS.append((name, path))

    print(
        f"# {platform.node()} · {platform.processor() or platform.machine()} · {os.cpu_count()} CPUs · "
        f"Python {platform.python_version()} · {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    )
    rows = []
    for database in args.databases:
        urls = {}
        for size in args.sizes:
            urls[size] = database_url(database, size, args.reuse)
            seconds = setup_database(urls[size], size)
            print(f"# {database} {size}: data generated in {seconds} s (0 = reused)", flush=True)
        merged = measure(args, urls)
        for size in args.sizes:
            actual = merged[size].pop("__size")
            result = {"database": database, "size": actual, "urls": {}}
            for name, data in merged[size].items():
                p50, p95 = statistics.median(data["timings"]), percentile(data["timings"], 0.95)
                result["urls"][name] = {
                    "url": data["url"],
                    "p50_ms": round(p50, 1),
                    "p95_ms": round(p95, 1),
                    "queries": data["queries"],
                    "samples": len(data["timings"]),
                }
                print(
                    f"{database:9} {actual:>6} trainings  {name:9} p50 {p50:7.1f} ms  "
                    f"p95 {p95:7.1f} ms  {data['queries']} queries",
                    flush=True,
                )
            rows.append(result)
        if len(args.sizes) > 1:
            small, large = rows[-len(args.sizes)], rows[-1]
            ratios = "  ".join(
                f"{name} {large['urls'][name]['p50_ms'] / small['urls'][name]['p50_ms']:.2f}x" for name in small["urls"]
            )
            print(f"{database:9} p50 ratio {large['size']} / {small['size']}: {ratios}", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
