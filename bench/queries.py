"""SQL queries per request, per benchmark URL: Django's test client with the page cache off.

Run by bench/run.py as `python -m bench.queries PATH...` with the bench environment;
prints one JSON object {path: {"status": int, "queries": int}}.
"""

import json
import os
import sys


def main(paths):
    os.environ["PAGE_CACHE"] = "0"  # what a cache miss costs; a hit costs none
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    results = {}
    for path in paths:
        client.get(path)  # warm per-process caches (site root, content types) as a running worker has them
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        results[path] = {"status": response.status_code, "queries": len(queries)}
    print(json.dumps(results))


if __name__ == "__main__":
    main(sys.argv[1:])
