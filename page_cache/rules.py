"""Which requests may be answered from the page cache, and which responses may be stored."""

from django.conf import settings
from django.utils.cache import cc_delim_re

# Tracking parameters that do not change the page: a URL carrying only these is still cacheable.
IGNORED_QUERY_PREFIXES = ("utm_", "_ga", "_gl", "gclid", "fbclid", "msclkid", "mc_")
NEVER_CACHED_PATHS = ("/admin/", "/django-admin/", "/accounts/")
# Headers a stored page may vary on: the rules below make both the same for every request the cache answers.
SHARED_VARY_HEADERS = {"cookie", "accept-encoding"}
PRIVATE_CACHE_CONTROL = {"private", "no-store", "no-cache"}


def page_cache_enabled():
    return getattr(settings, "PAGE_CACHE_ENABLED", True)


def has_meaningful_query(request):
    return any(not name.startswith(IGNORED_QUERY_PREFIXES) for name in request.GET)


def wants_another_language_home(request):
    """The bare `/` for a visitor whose language cookie names another language: sent to that home instead
    (hwcollab/locale.py), so the cached English `/` is not theirs."""
    if request.path != "/":
        return False
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return bool(language) and language != settings.LANGUAGE_CODE


def has_visitor_state(request):
    # A session may hold what this visitor alone should see, a messages cookie a notice not yet shown.
    return settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES


def request_is_cacheable(request):
    return page_cache_enabled() and request_is_shareable(request)


def request_is_shareable(request):
    """Whether any shared cache (this page cache, Varnish, a CDN) may answer this request with a stored page."""
    if request.method not in ("GET", "HEAD"):
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
    if has_visitor_state(request) or wants_another_language_home(request):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def response_is_cacheable(response):
    # A response that sets a cookie belongs to one visitor: a form's CSRF token,
    # a session, a flash message. Replaying it to others would leak it or break the form.
    if response.cookies:
        return False
    directives = {part.split("=")[0].strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))}
    if directives & PRIVATE_CACHE_CONTROL:
        return False
    vary = {part.strip().lower() for part in cc_delim_re.split(response.get("Vary", "")) if part.strip()}
    return vary <= SHARED_VARY_HEADERS
