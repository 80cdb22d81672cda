"""Measuring in lockstep, shared by the benchmark scripts (bench/training_search.py, bench/employer_search.py).

One worker process per database (or size), all asked the same requests in an order that flips every request, so
that each sees the same spells of a shared machine: on these machines the same request takes twice as long for
seconds at a time, and numbers taken one after the other compare spells, not code (docs/benchmarks.md).

A worker is a benchmark script started with its worker flag: it prints one JSON line when it is ready (its
"hello", e.g. the number of rows it reads), then answers each line "get URL" with {"ms": ...} and "queries URL"
with {"queries": ...}, one JSON line each.
"""

import json
import os
import subprocess
import sys


class Worker:
    """A measuring process (see the module docstring), named for the reports."""

    def __init__(self, name, command, env, cwd=None):
        self.name = name
        self.process = subprocess.Popen(  # noqa: S603 - a benchmark script of this folder, with its own arguments
            command,
            env={**os.environ, **env},
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.hello = self._answer()

    def _answer(self):
        line = self.process.stdout.readline()
        if not line:
            self.process.wait()
            sys.exit(f"benchmark worker {self.name} stopped (exit code {self.process.returncode})")
        return json.loads(line)

    def ask(self, command, url):
        self.process.stdin.write(f"{command} {url}\n")
        self.process.stdin.flush()
        return self._answer()

    def close(self):
        self.process.stdin.close()
        self.process.wait()


def lockstep(start_workers, urls, rounds, repeat, warmup):
    """Measure `urls` ((name, url) pairs) on the workers of `start_workers()`, started anew for each of `rounds`:
    each URL warmed `warmup` times per worker, then `repeat` timed requests per worker, the order flipping every
    request. Returns ({worker name: {url name: {"url", "timings", "queries"}}}, {worker name: its hello})."""
    merged, hellos = {}, {}
    for _round in range(rounds):
        workers = start_workers()
        for worker in workers:
            hellos[worker.name] = worker.hello
            merged.setdefault(worker.name, {})
        for url_name, url in urls:
            for _ in range(warmup):
                for worker in workers:
                    worker.ask("get", url)
            for index in range(repeat):
                # Neither worker always goes first (just after the other's request).
                for worker in workers if index % 2 == 0 else reversed(workers):
                    entry = merged[worker.name].setdefault(url_name, {"url": url, "timings": [], "queries": None})
                    entry["timings"].append(worker.ask("get", url)["ms"])
            for worker in workers:
                merged[worker.name][url_name]["queries"] = worker.ask("queries", url)["queries"]
        for worker in workers:
            worker.close()
    return merged, hellos
