"""Which requests may be answered from the page cache, and which responses may be stored."""

from django.conf import settings

# Tracking parameters that do not change the page: a URL carrying only these is still cacheable.
IGNORED_QUERY_PREFIXES = ("utm_", "_ga", "_gl", "gclid", "fbclid", "msclkid", "mc_")
NEVER_CACHED_PATHS = ("/admin/", "/django-admin/", "/accounts/")


def page_cache_enabled():
    return getattr(settings, "PAGE_CACHE_ENABLED", True)


def has_meaningful_query(request):
    return any(not name.startswith(IGNORED_QUERY_PREFIXES) for name in request.GET)


def request_is_cacheable(request):
    if not page_cache_enabled() or request.method not in ("GET", "HEAD"):
        return False
    # Searches, filters and pagination: unbounded combinations, and results
    # must reflect the data of the moment.
    if has_meaningful_query(request):
        return False
    # Previews and moderation views build a dummy request and run it through the middleware.
    if getattr(request, "is_dummy", False) or getattr(request, "is_preview", False):
        return False
    if request.path.startswith(NEVER_CACHED_PATHS):
        return False
    # A site's own extra paths (a deployment's tools, the benchmark's static copy): settings, not code.
    if request.path.startswith(tuple(getattr(settings, "PAGE_CACHE_SKIPPED_PATHS", ()))):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def response_is_cacheable(response):
    # A response that sets a cookie belongs to one visitor: a form's CSRF token,
    # a session, a flash message. Replaying it to others would leak it or break the form.
    return not response.cookies
