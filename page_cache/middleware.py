"""The page cache: whole pages for anonymous visitors, stored in the "pagecache" cache (Redis in production).

Only what may be shared between anonymous visitors is served or stored (rules.py). A page's key is its host
and path alone: tracking parameters and cookies are not part of it (the rules already refuse a request with a
session, a pending message or a query that changes the page, and a response that sets a cookie), so a visitor
with an analytics cookie gets the same copy as everyone, and random cookies or `utm_` values cannot fill the
cache. The number of pages stored per `CACHE_MIDDLEWARE_SECONDS` is capped (`PAGE_CACHE_MAX_ENTRIES`).

Each response says X-Page-Cache: hit, miss or skip. Browsers may keep a copy only if they revalidate it, since
publishing clears the server copy at once (signals.py).

MIDDLEWARE: UpdatePageCacheMiddleware right after WhiteNoise, FetchFromPageCacheMiddleware last (it needs
request.user).
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import get_max_age

from .rules import request_is_cacheable, response_is_cacheable

STATUS_HEADER = "X-Page-Cache"
ENTRY_COUNTER_KEY = "stored-entries"
DEFAULT_MAX_ENTRIES = 5000


def page_cache():
    return caches[settings.CACHE_MIDDLEWARE_ALIAS]


def page_cache_key(request):
    # The path, not the full URL: what is left of a query string here is tracking parameters only.
    url = f"{request.scheme}://{request.get_host()}{request.path}"
    return "page:" + hashlib.sha256(url.encode()).hexdigest()


def _revalidate_in_browsers(response):
    response["Cache-Control"] = "no-cache"
    for header in ("Expires", "Age"):
        if header in response:
            del response[header]


def _may_store_another(cache, timeout):
    """Count this entry against the cap of PAGE_CACHE_MAX_ENTRIES per `timeout` seconds."""
    limit = getattr(settings, "PAGE_CACHE_MAX_ENTRIES", DEFAULT_MAX_ENTRIES)
    cache.add(ENTRY_COUNTER_KEY, 0, timeout)
    try:
        return cache.incr(ENTRY_COUNTER_KEY) <= limit
    except ValueError:  # expired in between, or the cache is unavailable
        return False


class FetchFromPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request_is_cacheable(request):
            request._page_cache_status = "skip"
            return self.get_response(request)
        entry = page_cache().get(page_cache_key(request))
        if entry is None:
            request._page_cache_status = "miss"
            return self.get_response(request)
        request._page_cache_status = "hit"
        status, headers, content = entry
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        return response


class UpdatePageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        status = getattr(request, "_page_cache_status", None)
        if status is None:
            # The fetch middleware never saw this request (an earlier middleware answered it).
            return response
        if status == "hit":
            _revalidate_in_browsers(response)
        elif status == "miss":
            status = "miss" if self._store(request, response) else "skip"
        response[STATUS_HEADER] = status
        return response

    def _store(self, request, response):
        if request.method != "GET" or response.status_code != 200 or response.streaming:
            return False
        if not response_is_cacheable(response):
            return False
        timeout = settings.CACHE_MIDDLEWARE_SECONDS
        max_age = get_max_age(response)
        if max_age is not None:
            timeout = min(timeout, max_age)
        if timeout <= 0:
            return False
        cache = page_cache()
        if not _may_store_another(cache, timeout):
            return False
        headers = [(name, value) for name, value in response.items() if name not in ("Set-Cookie", STATUS_HEADER)]
        cache.set(page_cache_key(request), (response.status_code, headers, response.content), timeout)
        _revalidate_in_browsers(response)
        return True
