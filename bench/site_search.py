"""Site search benchmark: p50/p95 of /search/?q=… and /search/suggest/?q=… on PostgreSQL at a
small and a large directory (trainings and employers made by `generate_directory_data`).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hw_sitesearch \
        .venv/bin/python bench/site_search.py --trainings 10000 --employers 1000 100000 --write-doc

Requests go through Django's test client in this process (no HTTP server, no page cache: the
search views are never cached anyway), one at a time, after a warm-up, so the numbers are the
view's own time. The database is migrated and loaded with the demo content and then with each
size in turn, in the order given: use a database of your own, not one holding data you need.
Results are printed and, with --write-doc, written to the "Site search" section of
docs/benchmarks.md (other sections are left as they are).
"""

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
START_MARK = "<!-- site-search-bench:start (written by bench/site_search.py) -->"
END_MARK = "<!-- site-search-bench:end -->"

URLS = [
    "/search/?q=care+coordination",
    "/search/?q=RN+case+manager+Buffalo",
    "/search/?q=CHW",
    "/search/?q=hospital",
    "/search/?q=nurce+practitioner",  # typo: the fuzzy fallback on PostgreSQL
    "/search/suggest/?q=car",
    "/search/suggest/?q=care+co",
    "/search/suggest/?q=hosp",
]
TARGET_RATIO = 2.0


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hwcollab.settings.dev")
    os.environ["DEBUG"] = "0"  # no per-query bookkeeping
    os.environ["WAGTAIL_CACHE"] = "0"
    import django

    django.setup()


def percentile(samples, fraction):
    ordered = sorted(samples)
    index = max(0, min(len(ordered) - 1, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def measure(client, url, requests, warmup):
    for _ in range(warmup):
        client.get(url)
    timings = []
    status = None
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        status = response.status_code
    return {"p50": statistics.median(timings), "p95": percentile(timings, 0.95), "status": status}


def load(trainings, employers):
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("generate_directory_data", trainings=trainings, employers=employers)
    analyze(connection)
    return time.perf_counter() - started


def analyze(connection):
    # Fresh statistics, as autovacuum would give a production database some time after a bulk
    # load: without them PostgreSQL estimates one matching index entry and picks nested loops
    # that take seconds (measured: 20 s instead of 0.1 s at 10,000 trainings).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def counts():
    from django.apps import apps

    result = {}
    for label, model_name, filters in (
        ("trainings", "TrainingPage", {"live": True}),
        ("employers", "EmployerSnippet", {"live": True}),
    ):
        try:
            model = apps.get_model("trainings" if model_name.startswith("Training") else "employers", model_name)
        except LookupError:
            result[label] = 0
            continue
        result[label] = model.objects.filter(**filters).count()
    return result


def render(results, args, started, finished):
    lines = [
        START_MARK,
        "## Site search",
        "",
        f"Run {started:%Y-%m-%d %H:%M} to {finished:%H:%M} UTC on {platform.node()} "
        f"({os.cpu_count()} cores, shared), PostgreSQL, Django test client in-process, one request at a time, "
        f"{args.requests} timed requests per URL after {args.warmup} warm-up requests.",
        "",
        "Command (with --compare, the earlier run's sizes come from its own command, on its own database):",
        "",
        "```",
        f"DATABASE_URL={os.environ['DATABASE_URL']} .venv/bin/python bench/site_search.py " + " ".join(sys.argv[1:]),
        "```",
        "",
    ]
    sizes = list(results)
    header = "| URL | " + " | ".join(f"{size} p50 ms | {size} p95 ms" for size in sizes) + " | large/small p50 |"
    lines += [header, "|" + "---|" * (2 + 2 * len(sizes))]
    small, large = sizes[0], sizes[-1]
    verdicts = []
    for url in URLS:
        cells = []
        for size in sizes:
            row = results[size]["urls"][url]
            cells += [f"{row['p50']:.0f}", f"{row['p95']:.0f}"]
        ratio = results[large]["urls"][url]["p50"] / max(results[small]["urls"][url]["p50"], 0.001)
        verdicts.append(ratio <= TARGET_RATIO)
        lines.append(f"| `{url}` | " + " | ".join(cells) + f" | {ratio:.2f}x |")
    lines.append("")
    for size in sizes:
        data = results[size]
        lines.append(
            f"- {size}: {data['counts']['trainings']:,} live trainings, {data['counts']['employers']:,} live employers"
            f" (loaded in {data['load_seconds']:.0f} s)."
        )
    if len(sizes) > 1:
        met = sum(verdicts)
        lines.append(
            f"- Target p50 at {large} ≤ {TARGET_RATIO:g}x p50 at {small}: met for {met} of {len(verdicts)} URLs."
        )
    lines += ["", END_MARK]
    return "\n".join(lines)


def write_doc(section):
    text = DOC.read_text() if DOC.exists() else "# Benchmarks\n"
    if START_MARK in text and END_MARK in text:
        before = text[: text.index(START_MARK)]
        after = text[text.index(END_MARK) + len(END_MARK) :]
        text = before + section + after
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    DOC.write_text(text)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trainings", type=int, default=10_000)
    parser.add_argument("--employers", type=int, nargs="+", default=[1_000, 100_000])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--skip-load", action="store_true", help="measure the data already in the database")
    parser.add_argument(
        "--skip-first-load", action="store_true", help="the first size is already loaded (a previous run)"
    )
    parser.add_argument("--write-doc", action="store_true")
    parser.add_argument("--save", help="also write the results to this JSON file")
    parser.add_argument(
        "--compare", help="JSON file saved by an earlier run (e.g. the small size on another database): shown first"
    )
    args = parser.parse_args(argv)

    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        parser.error("set DATABASE_URL to a PostgreSQL database of your own")
    setup_django()
    from django.core.management import call_command
    from django.test import Client

    started = dt.datetime.now(dt.UTC)
    call_command("migrate", verbosity=0)
    call_command("load_demo_content", verbosity=0)
    client = Client()
    results = {}
    for position, employers in enumerate(args.employers):
        label = f"{employers:,} employers"
        if args.skip_load or (position == 0 and args.skip_first_load):
            from django.db import connection

            analyze(connection)
            load_seconds = 0.0
        else:
            load_seconds = load(args.trainings, employers)
        loaded = counts()
        label = f"{loaded['employers']:,} employers"  # what is really there, whatever was asked
        results[label] = {"counts": loaded, "load_seconds": load_seconds, "urls": {}}
        print(f"== {label}: {results[label]['counts']}", flush=True)
        for url in URLS:
            row = measure(client, url, args.requests, args.warmup)
            results[label]["urls"][url] = row
            print(f"{url:45} p50 {row['p50']:8.1f} ms  p95 {row['p95']:8.1f} ms  (HTTP {row['status']})", flush=True)
    if args.save:
        Path(args.save).write_text(json.dumps(results, indent=2))
    if args.compare:
        results = {**json.loads(Path(args.compare).read_text()), **results}
    section = render(results, args, started, dt.datetime.now(dt.UTC))
    print(section)
    if args.write_doc:
        write_doc(section)


if __name__ == "__main__":
    main()
