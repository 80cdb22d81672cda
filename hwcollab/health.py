"""Health endpoints for the balancer and for deployments (docs/deployment.md#health-checks).

- `/healthz/`: the process is up and serving; touches nothing else. The balancer's check: the database and Redis
  are shared by every instance, so taking instances out for their outage would not help anyone.
- `/readyz/`: this instance can serve real pages: the database answers and the cache (Redis) answers. 503
  with what failed otherwise. For a deployment to wait on before it sends traffic to a new instance.

Neither is ever cached (`Cache-Control: no-store`; the page cache and Varnish pass them).
"""

import logging

from django.core.cache import caches
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


@never_cache
def healthz(request):
    return _no_store(JsonResponse({"status": "ok"}))


def database_ready():
    connection = connections["default"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception as error:
        logger.warning("readyz: the database does not answer: %s", error)
        # A broken connection must not be reused by the next request on this thread.
        connection.close_if_unusable_or_obsolete()
        return False


def cache_ready():
    cache = caches["default"]
    client_of = getattr(getattr(cache, "_cache", None), "get_client", None)
    try:
        if client_of is not None:
            # Redis itself, not ResilientRedisCache's answers (which never fail: page_cache/backends.py).
            return bool(client_of(None, write=True).ping())
        cache.set("readyz", "1", 5)
        return cache.get("readyz") == "1"
    except Exception as error:
        logger.warning("readyz: the cache does not answer: %s", error)
        return False


@never_cache
def readyz(request):
    checks = {"database": database_ready(), "cache": cache_ready()}
    ready = all(checks.values())
    body = {
        "status": "ok" if ready else "unavailable",
        "checks": {k: "ok" if v else "failed" for k, v in checks.items()},
    }
    return _no_store(JsonResponse(body, status=200 if ready else 503))
