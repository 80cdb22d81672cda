"""HTTP caching of JSON API responses: an ETag and a Cache-Control on every 200, and 304 for a conditional GET.

The ETag is a hash of the response body, computed on every request: a page published or unpublished, or an
employer listing approved, changes the body and so the ETag at once; nothing stale can hide behind a validator.
What a 304 saves is the transfer, and a client's or shared cache's copy stays usable for API_CACHE_SECONDS
(public, short) before it is revalidated. Drafts (the headless preview) are `private, no-store`.
"""

from functools import wraps

from django.conf import settings
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag

CACHEABLE_METHODS = ("GET", "HEAD")


def with_validators(request, response, private=False):
    """The response with ETag and Cache-Control, or a 304 when the request's If-None-Match matches."""
    if request.method not in CACHEABLE_METHODS:
        return response
    if private:
        patch_cache_control(response, private=True, no_store=True)
        return response
    if response.status_code != 200 or response.streaming:
        return response
    if hasattr(response, "render") and not getattr(response, "is_rendered", True):
        response.render()
    patch_cache_control(response, public=True, max_age=settings.API_CACHE_SECONDS)
    set_response_etag(response)
    return get_conditional_response(request, etag=response["ETag"], response=response)


def api_cached(view):
    """A view decorator for the API's own views (index, schema): with_validators on what they answer."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return with_validators(request, view(request, *args, **kwargs))

    return wrapped
