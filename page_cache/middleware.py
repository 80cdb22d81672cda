"""Django's two-part cache middleware, restricted to what may be shared between anonymous visitors.

Django's own middleware caches every GET: signed-in pages (per session
cookie), search results, forms. These subclasses only serve and store pages
for anonymous visitors without a query string (rules.py), mark each response
with X-Page-Cache (hit, miss or skip) and let browsers keep a copy only if
they revalidate it, since publishing clears the server copy at once.

MIDDLEWARE: UpdatePageCacheMiddleware right after WhiteNoise (before anything
that adds Vary headers), FetchFromPageCacheMiddleware last.
"""

from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware

from .rules import request_is_cacheable, response_is_cacheable

STATUS_HEADER = "X-Page-Cache"


def _revalidate_in_browsers(response):
    response["Cache-Control"] = "no-cache"
    for header in ("Expires", "Age"):
        if header in response:
            del response[header]


class FetchFromPageCacheMiddleware(FetchFromCacheMiddleware):
    def process_request(self, request):
        if not request_is_cacheable(request):
            request._cache_update_cache = False
            request._page_cache_status = "skip"
            return None
        response = super().process_request(request)
        request._page_cache_status = "hit" if response is not None else "miss"
        return response


class UpdatePageCacheMiddleware(UpdateCacheMiddleware):
    def process_response(self, request, response):
        status = getattr(request, "_page_cache_status", None)
        if status is None:
            # The fetch middleware never saw this request (an earlier middleware answered it).
            return response
        if status == "hit":
            _revalidate_in_browsers(response)
        elif status == "miss":
            if not response_is_cacheable(response):
                request._cache_update_cache = False
            response = super().process_response(request, response)
            stored = request._cache_update_cache and response.status_code == 200 and response.has_header("Expires")
            if stored:
                _revalidate_in_browsers(response)
            else:
                status = "skip"
        response[STATUS_HEADER] = status
        return response
