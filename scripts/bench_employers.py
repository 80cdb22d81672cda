"""Employer directory benchmark: p50/p95 of two searches at a given number of employers.

    # 1. an empty database (SQLite file or PostgreSQL via DATABASE_URL), migrated, with the demo content
    # 2. fill it with N published synthetic employers and time the searches:
    python scripts/bench_employers.py --employers 1000 --runs 50
    python scripts/bench_employers.py --employers 100000 --runs 50
    # Write a CSV of synthetic rows (for timing import_employers):
    python scripts/bench_employers.py --write-csv /tmp/employers-100k.csv --employers 100000

The employers are generated to exactly N synthetic rows (seed 0, idempotent), demo rows aside. Requests go
through Django's test client (full middleware, page routing, templates), without a network server.
Prints one line per URL: database, employers, runs, p50 and p95 in milliseconds. Used by `make bench`.
"""

import argparse
import csv
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hwcollab.settings.dev")

URLS = ["/employers/?near=10001&radius=10", "/employers/?q=hospital&near=14604&radius=25"]


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


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--employers", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--write-csv", metavar="FILE")
    args = parser.parse_args()

    import django

    django.setup()
    if args.write_csv:
        write_csv(args.write_csv, args.employers)
        return
    fill(args.employers)
    bench(args.runs)


if __name__ == "__main__":
    main()
