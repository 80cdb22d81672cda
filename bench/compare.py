#!/usr/bin/env python
# ruff: noqa: S603, S607, S608, S108  (runs this script, manage.py, git, tar and psql; fixed table and database names)
"""Compare the search speed of two versions of the code on identical data, in one interleaved run.

    .venv/bin/python bench/compare.py                       # ec3a3b8 against this checkout, SQLite and PostgreSQL
    .venv/bin/python bench/compare.py --reuse --rounds 3    # keep the databases for the next run
    .venv/bin/python bench/compare.py --databases sqlite --only training --repeat 5
    .venv/bin/python bench/compare.py --markdown out.md --json out.json

"Old" is the code of a commit (--old, default ec3a3b8: the main before the redesign of issue 14), unpacked with
`git archive` into a temporary folder; "new" is this checkout. Both run with the same Python (.venv): their
requirements are compatible (the new one adds modelsearch, which Wagtail 8 already installs, and import-linter).

Data, for each (database, size): one database is made with the OLD code (its `migrate`, `load_demo_content`,
`generate_directory_data --trainings N --employers M --seed 7`), then copied (SQLite: the file; PostgreSQL:
CREATE DATABASE ... TEMPLATE) and the copy migrated with the NEW code (docs/upgrading.md), so both read the same
rows. Both are then settled as autovacuum would keep a running site: ANALYZE, on PostgreSQL VACUUM ANALYZE.
Sizes are those of `make bench` (bench/run.py): small = 100 trainings + 1,000 employers, large = 10,000 +
100,000 (plus the demo content's 12 trainings and few employers). With --reuse, an old database that already
holds the trainings and employers asked for is kept, and so is its migrated copy (made again if the old one was).

Measurement: one worker process per (code, size) on each database, four in all, each answering the parent's
requests through Django's test client in-process (no network; DEBUG off, page cache off). For every URL the
requests go round the four workers, the order flipping every request (old small, new small, old large, new large,
then the reverse), so old and new, small and large, see the same spells of a shared machine (the lockstep method
of bench/training_search.py). --rounds starts new processes --rounds times, each warmed with --warmup requests per
URL; --repeat timed requests per URL, worker and round; p50 is over all rounds. SQL queries per request are
counted once per worker (CaptureQueriesContext).

A request that takes longer than --timeout seconds (a URL once took over 60 s on SQLite) is abandoned: the worker
is killed and replaced, the URL is reported as "> N s" for that code and size and not asked again there. On
PostgreSQL the workers also set statement_timeout to the same value, so an abandoned query stops on the server.

URLs: the training search URLs of bench/training_search.py and `make bench`'s combined one, the employer search
URLs of bench/employer_search.py and bench/run.py, the site search and suggestion URLs of bench/site_search.py,
and the API searches (bench/run.py's near searches, and `search=` on trainings and employers). A training type in
the API is named as each code names it (old `directory.TrainingPage`, new `trainings.TrainingPage`).

Output: one markdown table per database (printed; --markdown FILE writes them too): p50 old and new at each size,
new/old, and the size ratio large/small of each code. Marked in bold: new/old above 1.10 at the large size, and a
size ratio above 2. SQLite files go to BENCH_COMPARE_DIR (default /tmp/compare), PostgreSQL databases are
BENCH_COMPARE_POSTGRES (default postgres://postgres@127.0.0.1:5432/hw_compare) + _old_<size> / _new_<size>.
"""

import argparse
import json
import os
import platform
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"small": (100, 1_000), "large": (10_000, 100_000)}
SEED = 7
OLD_TRAINING_TYPE, NEW_TRAINING_TYPE = "directory.TrainingPage", "trainings.TrainingPage"
# (group, name, path): {T} is the API's name of the training page type in each code.
URLS = [
    ("training", "keywords", "/trainings/?q=care+coordination"),
    ("training", "near", "/trainings/?near=12207&radius=25"),
    ("training", "combined", "/trainings/?q=care+coordination&format=in-person&near=12207&radius=50"),
    ("training", "broad", "/trainings/?q=care&format=online&format=hybrid&near=12207&radius=50"),
    ("employer", "keyword", "/employers/?q=hospital"),
    ("employer", "near", "/employers/?near=10001&radius=10"),
    ("employer", "keyword+near", "/employers/?q=hospital&near=14604&radius=25"),
    ("site", "care coordination", "/search/?q=care+coordination"),
    ("site", "RN case manager Buffalo", "/search/?q=RN+case+manager+Buffalo"),
    ("site", "CHW", "/search/?q=CHW"),
    ("site", "hospital", "/search/?q=hospital"),
    ("site", "nurce practitioner", "/search/?q=nurce+practitioner"),
    ("suggest", "car", "/search/suggest/?q=car"),
    ("suggest", "care co", "/search/suggest/?q=care+co"),
    ("suggest", "hosp", "/search/suggest/?q=hosp"),
    ("api", "trainings search", "/api/v2/pages/?type={T}&search=care+coordination"),
    ("api", "trainings near", "/api/v2/pages/?type={T}&near=12207&radius=25"),
    ("api", "employers search", "/api/v2/employers/?search=hospital"),
    ("api", "employers near", "/api/v2/employers/?near=10001&radius=10"),
]
SLOWER = 1.10
SIZE_TARGET = 2.0


def log(message):
    print(f"[compare {time.strftime('%H:%M:%S', time.gmtime())}] {message}", file=sys.stderr, flush=True)


def load():
    return "{:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


# --- worker side (runs in a subprocess, inside the old or the new tree) ---------------------------------------


def use_tree(tree):
    """Import the project from `tree`, not from this script's folder (bench/ holds modules named like Django's)."""
    here = str(Path(__file__).resolve().parent)
    sys.path[:] = [tree] + [entry for entry in sys.path if entry not in (here, "")]
    os.chdir(tree)


def worker_main(tree, timeout):
    use_tree(tree)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hwcollab.settings.dev")
    import django

    django.setup()
    from django.db import connection
    from django.db.backends.signals import connection_created
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    def statement_timeout(sender, connection, **kwargs):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"SET statement_timeout = {int(timeout * 1000)}")

    connection_created.connect(statement_timeout)
    client = Client()
    with connection.cursor() as cursor:
        counts = {}
        for table in ("directory_trainingpage", "directory_employersnippet"):
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            counts[table] = cursor.fetchone()[0]
    print(json.dumps({"counts": counts}), flush=True)
    # One command a line from the parent: "get URL" (answers ms) or "queries URL" (answers the count).
    for line in sys.stdin:
        command, url = line.split(maxsplit=1)
        url = url.strip()
        try:
            if command == "get":
                started = time.perf_counter()
                response = client.get(url)
                answer = {"ms": (time.perf_counter() - started) * 1000, "status": response.status_code}
            else:
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(url)
                answer = {
                    "queries": len(queries.captured_queries),
                    "status": response.status_code,
                    "bytes": len(response.content),
                }
        except Exception as error:  # reported to the parent, which marks the URL
            answer = {"error": f"{type(error).__name__}: {str(error)[:200]}"}
            connection.close()
        print(json.dumps(answer), flush=True)


def settle_main(tree):
    use_tree(tree)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hwcollab.settings.dev")
    import django

    django.setup()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        counts = {}
        for table in ("directory_trainingpage", "directory_employersnippet"):
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            counts[table] = cursor.fetchone()[0]
    print(json.dumps(counts))


# --- parent side ----------------------------------------------------------------------------------------------


def environment(url):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="hwcollab.settings.dev",
        DEBUG="0",
        PAGE_CACHE="0",
        WAGTAIL_CACHE="0",
        LOG_LEVEL="WARNING",
    )
    return env


def manage(tree, url, *arguments):
    command = [sys.executable, "manage.py", *arguments]
    log(f"{Path(tree).name}: manage.py {' '.join(arguments)}  ({url})")
    subprocess.run(command, cwd=tree, env=environment(url), check=True, stdout=subprocess.DEVNULL)


def settle(tree, url):
    output = subprocess.run(
        [sys.executable, __file__, "--settle", tree], env=environment(url), capture_output=True, text=True, check=True
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


def postgres(base, sql, check=True):
    return subprocess.run(
        ["psql", f"{base}/postgres", "-v", "ON_ERROR_STOP=1", "-qAtc", sql],
        check=check,
        capture_output=True,
        text=True,
    )


def filled(tree, url, trainings, employers):
    """Whether the database holds at least the asked-for data (demo content on top)."""
    result = subprocess.run(
        [sys.executable, __file__, "--settle", tree, "--count-only"],
        env=environment(url),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        return False
    counts = json.loads(result.stdout.strip().splitlines()[-1])
    return counts["directory_trainingpage"] >= trainings and counts["directory_employersnippet"] >= employers


def count_main(tree):
    use_tree(tree)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hwcollab.settings.dev")
    import django

    django.setup()
    from django.db import connection

    counts = {}
    with connection.cursor() as cursor:
        for table in ("directory_trainingpage", "directory_employersnippet"):
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            counts[table] = cursor.fetchone()[0]
    print(json.dumps(counts))


def prepare(database, size, old_tree, args):
    """(old url, new url) of the database pair for (database, size), made or reused."""
    trainings, employers = SIZES[size]
    if database == "sqlite":
        folder = Path(os.environ.get("BENCH_COMPARE_DIR", "/tmp/compare"))
        folder.mkdir(parents=True, exist_ok=True)
        old_path, new_path = folder / f"old_{size}.sqlite3", folder / f"new_{size}.sqlite3"
        old_url, new_url = f"sqlite:///{old_path}", f"sqlite:///{new_path}"
        made = False
        if not (args.reuse and old_path.exists() and filled(old_tree, old_url, trainings, employers)):
            old_path.unlink(missing_ok=True)
            generate(old_tree, old_url, trainings, employers)
            made = True
        if made or not new_path.exists():
            new_path.unlink(missing_ok=True)
            shutil.copyfile(old_path, new_path)
            log(f"copied {old_path} to {new_path}")
    else:
        base_url = os.environ.get("BENCH_COMPARE_POSTGRES", "postgres://postgres@127.0.0.1:5432/hw_compare")
        base, prefix = base_url.rsplit("/", 1)
        old_name, new_name = f"{prefix}_old_{size}", f"{prefix}_new_{size}"
        old_url, new_url = f"{base}/{old_name}", f"{base}/{new_name}"

        def exists(name):
            return postgres(base, f"SELECT 1 FROM pg_database WHERE datname = '{name}'").stdout.strip() == "1"

        made = False
        if not (args.reuse and exists(old_name) and filled(old_tree, old_url, trainings, employers)):
            postgres(base, f'DROP DATABASE IF EXISTS "{old_name}"')
            postgres(base, f'CREATE DATABASE "{old_name}"')
            generate(old_tree, old_url, trainings, employers)
            made = True
        if made or not exists(new_name):
            postgres(base, f'DROP DATABASE IF EXISTS "{new_name}"')
            postgres(base, f'CREATE DATABASE "{new_name}" TEMPLATE "{old_name}"')
            log(f"copied {old_name} to {new_name}")
    manage(str(ROOT), new_url, "migrate", "--noinput", "-v", "0")
    old_counts, new_counts = settle(old_tree, old_url), settle(str(ROOT), new_url)
    if old_counts != new_counts:
        sys.exit(f"{database} {size}: the two databases differ: old {old_counts}, new {new_counts}")
    log(f"{database} {size}: {old_counts} in both (settled)")
    return old_url, new_url, old_counts


def generate(tree, url, trainings, employers):
    started = time.monotonic()
    manage(tree, url, "migrate", "--noinput", "-v", "0")
    manage(tree, url, "load_demo_content")
    manage(
        tree,
        url,
        "generate_directory_data",
        "--trainings",
        str(trainings),
        "--employers",
        str(employers),
        "--seed",
        str(SEED),
    )
    log(f"generated in {time.monotonic() - started:.0f} s ({url})")


class Worker:
    """A measuring process for one (code, size) on one database; replaced when a request overruns."""

    def __init__(self, code, size, tree, url, timeout):
        self.code, self.size, self.tree, self.url, self.timeout = code, size, tree, url, timeout
        self.start()

    def start(self):
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--worker", self.tree, "--timeout", str(self.timeout)],
            env=environment(self.url),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.counts = self.read(120)["counts"]

    def read(self, timeout):
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        if not ready:
            return None
        line = self.process.stdout.readline()
        if not line:
            self.process.wait()
            sys.exit(f"worker {self.code} {self.size} stopped (exit code {self.process.returncode})")
        return json.loads(line)

    def ask(self, command, url):
        """The worker's answer, or {"timeout": True} after killing and replacing it."""
        self.process.stdin.write(f"{command} {url}\n")
        self.process.stdin.flush()
        answer = self.read(self.timeout)
        if answer is None:
            self.process.kill()
            self.process.wait()
            self.start()
            return {"timeout": True}
        return answer

    def close(self):
        self.process.stdin.close()
        self.process.wait()


def measure(args, database, trees, urls, sizes):
    """{(code, size, path): {"timings": [...], "queries", "bytes", "failed"}} over all rounds."""
    results = {}
    keys = [(code, size) for size in sizes for code in ("old", "new")]
    for key in keys:
        for _group, _name, path in urls:
            results[(*key, path)] = {"timings": [], "queries": None, "bytes": None, "failed": None}
    for round_number in range(args.rounds):
        log(f"{database}: round {round_number + 1} of {args.rounds}, load {load()}")
        workers = [Worker(code, size, trees[code], trees[code + "_urls"][size], args.timeout) for code, size in keys]
        for _group, _name, path in urls:
            paths = {
                "old": path.replace("{T}", OLD_TRAINING_TYPE),
                "new": path.replace("{T}", NEW_TRAINING_TYPE),
            }

            def ask(worker, command, path=path, paths=paths):
                entry = results[(worker.code, worker.size, path)]
                if entry["failed"]:
                    return None
                answer = worker.ask(command, paths[worker.code])
                if answer.get("timeout"):
                    entry["failed"] = f"> {args.timeout:g} s"
                elif "error" in answer:
                    entry["failed"] = answer["error"]
                elif answer["status"] != 200:
                    entry["failed"] = f"status {answer['status']}"
                else:
                    return answer
                log(f"{database} {worker.code} {worker.size} {paths[worker.code]}: {entry['failed']}")
                return None

            for _ in range(args.warmup):
                for worker in workers:
                    ask(worker, "get")
            for index in range(args.repeat):
                for worker in workers if index % 2 == 0 else reversed(workers):
                    answer = ask(worker, "get")
                    if answer:
                        results[(worker.code, worker.size, path)]["timings"].append(answer["ms"])
            if round_number == 0:
                for worker in workers:
                    answer = ask(worker, "queries")
                    if answer:
                        entry = results[(worker.code, worker.size, path)]
                        entry["queries"], entry["bytes"] = answer["queries"], answer["bytes"]
        for worker in workers:
            worker.close()
    return results


def p50(entry):
    if entry["failed"] and not entry["timings"]:
        return None
    return statistics.median(entry["timings"]) if entry["timings"] else None


def fmt_ms(entry):
    value = p50(entry)
    if value is None:
        return entry["failed"] or "–"
    return f"{value:.1f}" + (f" ({entry['failed']} later)" if entry["failed"] else "")


def ratio(top, bottom, limit):
    if top is None or bottom is None or bottom == 0:
        return "–"
    value = top / bottom
    text = f"{value:.2f}\N{MULTIPLICATION SIGN}"
    return f"**{text}**" if value > limit else text


def table(database, results, urls, sizes, counts):
    small, large = sizes[0], sizes[-1]
    lines = [
        f"{database}: small = {counts[small]['directory_trainingpage']:,} trainings, "
        f"{counts[small]['directory_employersnippet']:,} employers; large = "
        f"{counts[large]['directory_trainingpage']:,} trainings, {counts[large]['directory_employersnippet']:,} "
        "employers. p50 ms (SQL queries per request, old / new).",
        "",
        "| URL | small old | small new | new/old | large old | large new | new/old | old large/small | "
        "new large/small | queries (large) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for _group, _name, path in urls:
        cells = {(code, size): results[(code, size, path)] for code in ("old", "new") for size in sizes}
        queries = f"{cells['old', large]['queries'] or '–'} / {cells['new', large]['queries'] or '–'}"
        lines.append(
            f"| `{path.replace('{T}', NEW_TRAINING_TYPE)}` | {fmt_ms(cells['old', small])} | "
            f"{fmt_ms(cells['new', small])} | {ratio(p50(cells['new', small]), p50(cells['old', small]), 99)} | "
            f"{fmt_ms(cells['old', large])} | {fmt_ms(cells['new', large])} | "
            f"{ratio(p50(cells['new', large]), p50(cells['old', large]), SLOWER)} | "
            f"{ratio(p50(cells['old', large]), p50(cells['old', small]), SIZE_TARGET)} | "
            f"{ratio(p50(cells['new', large]), p50(cells['new', small]), SIZE_TARGET)} | {queries} |"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--old", default="ec3a3b8", help="The commit compared with this checkout.")
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgres"], choices=["sqlite", "postgres"])
    parser.add_argument("--sizes", nargs="+", default=["small", "large"], choices=list(SIZES))
    parser.add_argument("--rounds", type=int, default=3, help="New worker processes this many times.")
    parser.add_argument("--repeat", type=int, default=10, help="Timed requests per URL, worker and round.")
    parser.add_argument("--warmup", type=int, default=2, help="Untimed requests per URL and worker, each round.")
    parser.add_argument("--timeout", type=float, default=20, help="Seconds before a request is abandoned.")
    parser.add_argument("--reuse", action="store_true", help="Keep and reuse databases that hold the data.")
    parser.add_argument("--only", nargs="+", help="Only these URL groups: training employer site suggest api.")
    parser.add_argument("--json", help="Write the raw timings to this file too.")
    parser.add_argument("--markdown", help="Write the tables to this file too.")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--settle", help=argparse.SUPPRESS)
    parser.add_argument("--count-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker_main(args.worker, args.timeout)
        return
    if args.settle:
        (count_main if args.count_only else settle_main)(args.settle)
        return

    urls = [url for url in URLS if not args.only or url[0] in args.only]
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    new = subprocess.check_output(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True).strip()
    header = (
        f"Run {started} on {platform.node()} ({os.cpu_count()} CPUs), Python {platform.python_version()}; "
        f"old = {args.old}, new = {new} "
        f"(this checkout); load average at the start {load()}."
    )
    log(header)
    raw = {}
    tables = [header]
    with tempfile.TemporaryDirectory(prefix="compare-old-") as old_tree:
        archive = subprocess.run(
            ["git", "archive", args.old],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        subprocess.run(["tar", "-x", "-C", old_tree], input=archive.stdout, check=True)
        for database in args.databases:
            trees = {"old": old_tree, "new": str(ROOT), "old_urls": {}, "new_urls": {}}
            counts = {}
            for size in args.sizes:
                old_url, new_url, counts[size] = prepare(database, size, old_tree, args)
                trees["old_urls"][size], trees["new_urls"][size] = old_url, new_url
            results = measure(args, database, trees, urls, args.sizes)
            text = table(database, results, urls, args.sizes, counts)
            text += f"\n\nLoad average at the end of the {database} run: {load()}."
            print("\n" + text + "\n", flush=True)
            tables.append(text)
            raw[database] = {"|".join(key): value for key, value in results.items()}
    if args.markdown:
        Path(args.markdown).write_text("\n\n".join(tables) + "\n")
    if args.json:
        Path(args.json).write_text(json.dumps(raw, indent=1))


if __name__ == "__main__":
    main()
