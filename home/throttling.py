"""Request limits per client on the JSON API, the site search and its suggestions (docs/api.md, "Limits").

One counter per client, scope and time window in the default cache (a fixed window: `120/min` is at most 120
requests from the start of each minute). A client is its account when signed in, else its IP address: REMOTE_ADDR,
or with TRUSTED_PROXY_COUNT proxies in front (a balancer, a front cache) the address they recorded in
X-Forwarded-For, which a client cannot forge past them. When the cache fails the request is served: a limit
is protection, and an outage of its store must not become an outage of the site.
"""

import logging
import math
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import BaseThrottle

logger = logging.getLogger(__name__)

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate):
    """`120/min` -> (120, 60); None or empty -> None (no limit). The period's first letter counts (s, m, h, d)."""
    if not rate:
        return None
    number, _, period = str(rate).partition("/")
    try:
        return int(number), PERIODS[period.strip()[0].lower()]
    except (ValueError, KeyError, IndexError) as e:
        raise ValueError(f"a rate is like 120/min, not {rate!r}") from e


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if not forwarded:
        return remote
    # Each trusted proxy appends the address it was reached from; what comes before theirs came from the client.
    return forwarded[-min(proxies, len(forwarded))]


def client_key(request):
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{client_ip(request)}"


def seconds_to_wait(request, scope, rate):
    """None when this request is within the limit, else the seconds until the client's window ends."""
    limit = parse_rate(rate)
    if limit is None:
        return None
    number, period = limit
    now = time.time()
    window = int(now // period)
    key = f"throttle:{scope}:{client_key(request)}:{window}"
    try:
        cache.add(key, 0, timeout=period + 1)
        count = cache.incr(key)
    except Exception:
        logger.warning("request limit not checked: the cache failed", exc_info=True)
        return None
    if count <= number:
        return None
    return max(1, math.ceil((window + 1) * period - now))


class APIThrottle(BaseThrottle):
    """The API's limit, API_THROTTLE_RATE; DRF answers 429 with Retry-After."""

    scope = "api"

    def allow_request(self, request, view):
        self.wait_seconds = seconds_to_wait(request, self.scope, settings.API_THROTTLE_RATE)
        return self.wait_seconds is None

    def wait(self):
        return self.wait_seconds


def throttled(scope, rate_setting, refuse):
    """A view decorator: over the limit in settings.<rate_setting>, `refuse(request, seconds)` answers (a 429)
    with Retry-After."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            wait = seconds_to_wait(request, scope, getattr(settings, rate_setting))
            if wait is None:
                return view(request, *args, **kwargs)
            response = refuse(request, wait)
            response.status_code = 429
            response["Retry-After"] = str(wait)
            return response

        return wrapped

    return decorator
