"""Which requests and responses wagtail-cache may serve from / store in the page cache.

wagtail-cache already skips non-GET requests, signed-in users and previews, and
only stores 200/301/302/304/404 responses that are not private or no-cache.
These rules add what this site needs on top.
"""

from wagtail import hooks

# Tracking parameters that do not change the page (wagtail-cache drops them from the key).
_IGNORED_QUERY_PREFIXES = ("utm_", "_ga", "_gl", "gclid", "fbclid", "msclkid", "mc_")


def _has_meaningful_query(request):
    return any(not name.startswith(_IGNORED_QUERY_PREFIXES) for name in request.GET)


@hooks.register("is_request_cacheable")
def never_cache_search_admin_or_previews(request, is_cacheable):
    if not is_cacheable:
        return False
    # Searches, filters and pagination: the combinations are unbounded and
    # results must reflect the data of the moment.
    if _has_meaningful_query(request):
        return False
    # Previews and moderation views build a dummy request and run it through the middleware.
    if getattr(request, "is_dummy", False) or getattr(request, "is_preview", False):
        return False
    if request.path.startswith(("/admin/", "/django-admin/", "/accounts/")):
        return False
    return is_cacheable


@hooks.register("is_response_cacheable")
def never_cache_responses_that_set_cookies(response, is_cacheable):
    # A response that sets a cookie belongs to one visitor: a form's CSRF token,
    # a session, a flash message. Replaying it to others would leak it or break the form.
    if response.cookies:
        return False
    return is_cacheable
