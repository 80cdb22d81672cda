"""The career page side by side with wagtail/bakerydemo's pages: same machine, Wagtail, Django, server and database.

    python -m bench.bakerydemo --bakerydemo /tmp/bakerydemo [--setup] [--rounds 6 --seconds 8]

`--bakerydemo` is a checkout of wagtail/bakerydemo that is never part of this repository (docs/benchmarks.md says
how to get one and which versions it runs on), with its own virtualenv in `<checkout>/.venv`. `--setup` creates
the two PostgreSQL databases (`<prefix>_bakery`, `<prefix>_career`), migrates them and loads each site's demo
content (bakerydemo's `load_initial_data`, this project's `load_demo_content`), then collects static files.

Both sites run at once under gunicorn (2 sync workers each, production settings, no page cache, local-memory
cache, `--no-control-socket`). Each round measures every page for `--seconds` with `--concurrency` client threads,
the pages in an order that flips every round, so both sites see the same spells of a shared machine. Prints one
JSON line per page: requests per second, p50 and p90 in ms, SQL queries per request, and the career page's ratio.
"""

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "test-results" / "bakerydemo"
CAREER = ("career page", "/careers/care-coordination-and-care-management/")
BAKERY_PAGES = [
    ("bakerydemo recipe", "/recipes/hot-cross-bun/"),
    ("bakerydemo bread", "/breads/anadama-bread/"),
    ("bakerydemo blog", "/blog/wild-yeast/"),
]


def log(message):
    print(message, file=sys.stderr, flush=True)


def envs(args):
    common = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    career = {
        **common,
        "DJANGO_SETTINGS_MODULE": "hwcollab.settings.production",
        "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdefghijklmnop",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{args.db_prefix}_career",
        "STATIC_ROOT": str(OUT / "static"),
        "LOG_LEVEL": "WARNING",
        "PAGE_CACHE": "false",
    }
    bakery = {
        **common,
        "DJANGO_SETTINGS_MODULE": "bakerydemo.settings.production",
        "DJANGO_SECRET_KEY": "bench-only-secret-key",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{args.db_prefix}_bakery",
        "DJANGO_LOG_LEVEL": "WARNING",
        "SECURE_SSL_REDIRECT": "false",
    }
    return career, bakery


def run(cmd, env, cwd):
    log("$ " + " ".join(map(str, cmd)))
    subprocess.run(cmd, env=env, cwd=cwd, check=True)  # noqa: S603 - our own commands


def setup(args, career_env, bakery_env):
    bakery_python = args.bakerydemo / ".venv" / "bin" / "python"
    for name in (f"{args.db_prefix}_career", f"{args.db_prefix}_bakery"):
        for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
            run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql], career_env, ROOT)
    python = ROOT / ".venv" / "bin" / "python"
    migrate, collect = ["migrate", "--noinput", "-v", "0"], ["collectstatic", "--noinput", "-v", "0"]
    for command in (migrate, ["load_demo_content"], collect):
        run([python, "manage.py", *command], career_env, ROOT)
    for command in (migrate, ["load_initial_data"], collect):
        run([bakery_python, "manage.py", *command], bakery_env, args.bakerydemo)


class Server:
    def __init__(self, name, gunicorn, wsgi, port, env, cwd):
        self.name, self.port = name, port
        self.url = f"http://127.0.0.1:{port}"
        cmd = [gunicorn, wsgi, "--bind", f"127.0.0.1:{port}", "--workers", "2", "--no-control-socket"]
        cmd += ["--access-logfile", "/dev/null", "--error-logfile", str(OUT / f"{name}.log")]
        log("$ " + " ".join(map(str, cmd)))
        self.process = subprocess.Popen(cmd, env=env, cwd=cwd, start_new_session=True)  # noqa: S603

    def wait(self, path):
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"{self.name} exited; see {OUT / (self.name + '.log')}")
            try:
                with urllib.request.urlopen(self.url + path, timeout=5) as response:  # noqa: S310 - our server
                    response.read()
                    return
            except OSError:
                time.sleep(0.5)
        sys.exit(f"{self.name} did not answer {path}")

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def get(url):
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - our servers
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{url}: {response.status}")
    return (time.perf_counter() - started) * 1000


def measure(url, seconds, concurrency):
    """(requests completed, elapsed seconds, latencies in ms) for `concurrency` threads asking `url` for `seconds`."""
    timings, stop = [], time.monotonic() + seconds
    lock = threading.Lock()

    def client():
        while time.monotonic() < stop:
            ms = get(url)
            with lock:
                timings.append(ms)

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(timings), time.monotonic() - started, timings


def query_count(python, cwd, env, path, host):
    code = (
        "import django, json; django.setup()\n"
        "from django.db import connection\nfrom django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        f"client = Client(HTTP_HOST={host!r}); client.get({path!r})\n"
        f"with CaptureQueriesContext(connection) as queries: status = client.get({path!r}).status_code\n"
        "print(json.dumps([status, len(queries)]))\n"
    )
    result = subprocess.run([python, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, check=True)  # noqa: S603
    return json.loads(result.stdout.strip().splitlines()[-1])[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bakerydemo", type=Path, required=True, help="checkout of wagtail/bakerydemo with .venv")
    parser.add_argument("--setup", action="store_true", help="create, migrate and load both databases first")
    parser.add_argument("--db-prefix", default="hw_bakerydemo_bench")
    parser.add_argument("--port", type=int, default=8650, help="the career site's port; bakerydemo's is the next")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--concurrency", type=int, default=2)
    args = parser.parse_args()
    args.bakerydemo = args.bakerydemo.resolve()
    OUT.mkdir(parents=True, exist_ok=True)
    career_env, bakery_env = envs(args)
    if args.setup:
        setup(args, career_env, bakery_env)
    bakery_bin = args.bakerydemo / ".venv" / "bin"
    queries = {CAREER[0]: query_count(ROOT / ".venv/bin/python", ROOT, career_env, CAREER[1], "127.0.0.1")}
    for name, path in BAKERY_PAGES:
        queries[name] = query_count(bakery_bin / "python", args.bakerydemo, bakery_env, path, "127.0.0.1")
    career = Server("career", ROOT / ".venv/bin/gunicorn", "hwcollab.wsgi", args.port, career_env, ROOT)
    bakery_port = args.port + 1
    bakery = Server("bakerydemo", bakery_bin / "gunicorn", "bakerydemo.wsgi", bakery_port, bakery_env, args.bakerydemo)
    pages = [(CAREER[0], career.url + CAREER[1])] + [(name, bakery.url + path) for name, path in BAKERY_PAGES]
    try:
        career.wait(CAREER[1])
        bakery.wait(BAKERY_PAGES[0][1])
        for _name, url in pages:  # warm both workers of each server
            measure(url, 2, 4)
        results = {name: {"requests": 0, "seconds": 0.0, "timings": []} for name, _ in pages}
        for round_ in range(args.rounds):
            for name, url in pages if round_ % 2 == 0 else reversed(pages):
                count, elapsed, timings = measure(url, args.seconds, args.concurrency)
                results[name]["requests"] += count
                results[name]["seconds"] += elapsed
                results[name]["timings"] += timings
                log(f"round {round_ + 1}: {name}: {count / elapsed:.1f} req/s")
    finally:
        career.stop()
        bakery.stop()
    career_rps = results[CAREER[0]]["requests"] / results[CAREER[0]]["seconds"]
    for name, result in results.items():
        rps = result["requests"] / result["seconds"]
        timings = sorted(result["timings"])
        print(
            json.dumps(
                {
                    "page": name,
                    "rps": round(rps, 1),
                    "p50_ms": round(statistics.median(timings), 1),
                    "p90_ms": round(timings[int(len(timings) * 0.9)], 1),
                    "queries": queries[name],
                    "career_rps_ratio": round(career_rps / rps, 2),
                }
            )
        )


if __name__ == "__main__":
    main()
