"""Employer directory benchmark: p50/p95 of two searches at a given number of employers.

    # 1. an empty database (SQLite file or PostgreSQL via DATABASE_URL), migrated, with the demo content
    # 2. fill it with N published synthetic employers and time the searches:
    python bench/employer_search.py --employers 1000 --runs 50
    python bench/employer_search.py --employers 100000 --runs 50
    # Write a CSV of synthetic rows (for timing import_employers):
    python bench/employer_search.py --write-csv /tmp/employers-100k.csv --employers 100000

The employers are generated to exactly N synthetic rows (seed 0, idempotent), demo rows aside. Requests go
through Django's test client (full middleware, page routing, templates), without a network server.
Prints one line per URL: database, employers, runs, p50 and p95 in milliseconds.

Lockstep across sizes (the method of bench/training_search.py): databases made beforehand (migrate,
load_demo_content, generate_directory_data --employers N, VACUUM ANALYZE), one worker process per database, the
requests alternating between them with the order flipping every request, so that every size sees the same machine:

    python bench/employer_search.py --lockstep \
        --database 100k=postgres://postgres@127.0.0.1:5432/hw_employers_100k \
        --database 1m=postgres://postgres@127.0.0.1:5432/hw_employers_1m --rounds 3 --repeat 10

--rounds starts new worker processes (each warmed up with --warmup requests per URL) that many times; --repeat is
the number of timed requests per URL, database and round; p50/p95 are over all rounds. The ratio printed is the
last database's p50 over the first's. --urls near measures NEAR_URLS (every near search shape), --urls wide
WIDE_NEAR_URLS (224 searches with words near five cities' ZIP codes), --url NAME=PATH adds
one.
"""

import argparse
import csv
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.lockstep import Worker, lockstep

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hwcollab.settings.dev")

URLS = ["/employers/?near=10001&radius=10", "/employers/?q=hospital&near=14604&radius=25"]
# The near search's shapes: without and with words, each facet filter, nearest-first and by name, a later page.
NEAR_URLS = [
    ("near", "/employers/?near=10001&radius=10"),
    ("near-page-5", "/employers/?near=10001&radius=10&page=5"),
    ("near-by-name", "/employers/?near=10001&radius=10&sort=name"),
    ("near-by-name-page-5", "/employers/?near=10001&radius=10&sort=name&page=5"),
    ("near-verified", "/employers/?near=10001&radius=10&sort=verified"),
    ("near-setting", "/employers/?near=10001&radius=10&setting=hospital"),
    ("near-region", "/employers/?near=10001&radius=25&region=long-island"),
    ("near-hiring", "/employers/?near=10001&radius=10&hiring=1"),
    ("near-hiring-page-5", "/employers/?near=10001&radius=10&hiring=1&page=5"),
    ("words-near", "/employers/?q=hospital&near=14604&radius=25"),
    ("words-near-page-2", "/employers/?q=hospital&near=14604&radius=25&page=2"),
    ("words-near-by-name", "/employers/?q=hospital&near=14604&radius=25&sort=name"),
    ("words-near-relevance", "/employers/?q=hospital&near=14604&radius=25&sort=relevance"),
    ("words-near-setting", "/employers/?q=care&near=10001&radius=10&setting=fqhc"),
    ("broad-words-near", "/employers/?q=care&near=10001&radius=10"),
    ("broad-words-near-hiring", "/employers/?q=care&near=10001&radius=10&hiring=1&page=3"),
]

# Wider: common and less common words near ZIP codes of five cities, within radii up to 500 ZIP codes (the walk's
# limit), each sorted every way, with a facet filter, at a later page (docs/benchmarks.md, "Employers").
WIDE_NEAR_URLS = [
    (
        f"{q.replace(' ', '-')}-{zip_code}-{radius}{extra.replace('&', '-').replace('=', '-')}",
        f"/employers/?q={q.replace(' ', '+')}&near={zip_code}&radius={radius}{extra}",
    )
    for zip_code, radii in [
        ("10001", [5, 10]),
        ("14604", [25, 50]),
        ("12207", [25]),
        ("13202", [25, 50]),
        ("14201", [25]),
    ]
    for radius in radii
    for q in ["care", "hospital", "care management", "health home"]
    for extra in ["", "&sort=name", "&sort=verified", "&sort=relevance", "&hiring=1", "&setting=fqhc", "&page=7"]
]


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def write_csv(path, count):
    from directory.employers.importing import COLUMNS
    from directory.employers.synthetic import synthetic_employer_rows

    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for row in synthetic_employer_rows(count, seed=0):
            writer.writerow(row)
    print(f"Wrote {count} rows to {path}")


def fill(count):
    from directory.employers.importing import EmployerImporter
    from directory.employers.models import EmployerSnippet
    from directory.employers.synthetic import synthetic_employer_rows

    have = EmployerSnippet.objects.filter(external_id__startswith="synthetic-employer-0-").count()
    if have > count:
        EmployerSnippet.objects.filter(external_id__startswith="synthetic-employer-0-").delete()
        have = 0
    if have < count:
        started = time.monotonic()
        EmployerImporter(publish=True).run(enumerate(synthetic_employer_rows(count, seed=0), start=2))
        print(f"Generated {count} employers in {time.monotonic() - started:.1f} s", file=sys.stderr)


def check(response):
    if response.status_code != 200:
        raise SystemExit(f"Unexpected status {response.status_code}")


def bench(runs, warmup=3):
    from django.db import connection
    from django.test import Client

    client = Client()
    for url in URLS:
        for _ in range(warmup):
            check(client.get(url))
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            check(response)
        print(
            f"{connection.vendor:10} employers={total_employers():>7} runs={runs} "
            f"p50={statistics.median(timings):7.1f} ms p95={percentile(timings, 0.95):7.1f} ms  {url}"
        )


def total_employers():
    from directory.employers.models import EmployerSnippet

    return EmployerSnippet.objects.public().count()


def worker():
    """A measuring process on DATABASE_URL: "get URL" answers the time in ms, "queries URL" the query count."""
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    print(json.dumps({"size": total_employers(), "vendor": connection.vendor}), flush=True)
    for line in sys.stdin:
        command, url = line.split(maxsplit=1)
        url = url.strip()
        if command == "get":
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            check(response)
            print(json.dumps({"ms": elapsed}), flush=True)
        else:
            with CaptureQueriesContext(connection) as queries:
                check(client.get(url))
            print(json.dumps({"queries": len(queries.captured_queries)}), flush=True)


def measure_lockstep(databases, urls, rounds, repeat, warmup):
    """{database name: {"size", "vendor", url name: {"url", "timings", "queries"}}}, measured in lockstep."""

    def start_workers():
        return [Worker(name, [sys.executable, __file__, "--worker"], {"DATABASE_URL": url}) for name, url in databases]

    merged, hellos = lockstep(start_workers, urls, rounds, repeat, warmup)
    for name, hello in hellos.items():
        merged[name].update(size=hello["size"], vendor=hello["vendor"])
    return merged


def report_lockstep(merged, databases, urls, json_path=None):
    names = [name for name, _url in databases]
    first, last = names[0], names[-1]
    header = " | ".join(f"{name} ({merged[name]['size']:,}) p50 / p95 ms, queries" for name in names)
    print(f"| URL | {header} | ratio p50 {last} / {first} |")
    print("|---|" + "---|" * len(names) + "---|")
    results = {}
    for url_name, url in urls:
        cells, p50s = [], {}
        for name in names:
            data = merged[name][url_name]
            p50, p95 = statistics.median(data["timings"]), percentile(data["timings"], 0.95)
            p50s[name] = p50
            cells.append(f"{p50:.1f} / {p95:.1f}, {data['queries']}")
            results.setdefault(name, {"size": merged[name]["size"], "vendor": merged[name]["vendor"], "urls": {}})
            results[name]["urls"][url_name] = {
                "url": url,
                "p50_ms": round(p50, 1),
                "p95_ms": round(p95, 1),
                "queries": data["queries"],
                "samples": len(data["timings"]),
            }
        print(f"| {url_name} `{url}` | " + " | ".join(cells) + f" | {p50s[last] / p50s[first]:.2f}x |", flush=True)
    if json_path:
        Path(json_path).write_text(json.dumps(results, indent=2))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--employers", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--write-csv", metavar="FILE")
    parser.add_argument("--lockstep", action="store_true", help="Measure --database's in lockstep (no filling).")
    parser.add_argument("--database", action="append", default=[], metavar="NAME=DATABASE_URL")
    parser.add_argument(
        "--urls", choices=["near", "wide", "default"], default="near", help="With --lockstep: which URLs."
    )
    parser.add_argument("--url", action="append", default=[], metavar="NAME=PATH", help="Measure this URL too.")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="With --lockstep: only these URL names.")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--json", metavar="FILE", help="With --lockstep: write the results to FILE too.")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker()
        return
    if args.lockstep:
        databases = [tuple(entry.split("=", 1)) for entry in args.database]
        if len(databases) < 2 or any(len(entry) != 2 for entry in databases):
            parser.error("--lockstep wants two or more --database NAME=DATABASE_URL")
        urls = {"near": NEAR_URLS, "wide": WIDE_NEAR_URLS}.get(args.urls, [(url, url) for url in URLS])
        urls = list(urls)
        for extra in args.url:
            name, separator, path = extra.partition("=")
            if not separator or not path.startswith("/"):
                parser.error(f"--url wants NAME=PATH, got {extra!r}")
            urls.append((name, path))
        if args.only:
            urls = [(name, url) for name, url in urls if name in args.only]
        print(f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load {os.getloadavg()[0]:.1f}", flush=True)
        merged = measure_lockstep(databases, urls, args.rounds, args.repeat, args.warmup)
        report_lockstep(merged, databases, urls, args.json)
        return

    import django

    django.setup()
    if args.write_csv:
        write_csv(args.write_csv, args.employers)
        return
    fill(args.employers)
    bench(args.runs)


if __name__ == "__main__":
    main()
