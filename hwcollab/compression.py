"""Gzip for HTML and JSON, except where BREACH could read a secret out of the compressed size.

BREACH needs a secret in the body and attacker-controlled text beside it, over a compressed response. So
Django's GZipMiddleware (which also pads each response with random bytes) compresses only what carries no
secret: pages for anonymous visitors that did not use the CSRF token and set no cookie. Forms (their CSRF
token), anything sent to a signed-in visitor or to a browser with a session, and responses that set cookies
are sent uncompressed. Static files are WhiteNoise's, compressed ahead of time.
"""

from django.conf import settings
from django.middleware.gzip import GZipMiddleware


def may_hold_a_secret(request, response):
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or response.cookies:
        return True
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class SafeGZipMiddleware(GZipMiddleware):
    """MIDDLEWARE: right after WhiteNoise, above the caches (they store the uncompressed page)."""

    def process_response(self, request, response):
        if may_hold_a_secret(request, response):
            return response
        return super().process_response(request, response)
