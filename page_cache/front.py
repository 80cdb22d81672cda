"""The front cache: Varnish or a CDN in front of the app servers, purged by Wagtail's frontend_cache backends.

Two halves (docs/caching.md#front-cache):

- `FrontCacheHeadersMiddleware` tells shared caches what they may keep. A response that this site's page cache
  rules call shareable (rules.py: an anonymous GET without a session or a pending message, without a query
  that changes the page, that sets no cookie, so never a form with a CSRF token) gets
  `Cache-Control: max-age=0, s-maxage=FRONT_CACHE_SECONDS`: a front cache keeps it, browsers revalidate it
  every time. Every other response is marked `private`, so that no shared cache keeps a signed-in page.
- `purge_front_cache()` purges every site's pages from each backend in `WAGTAILFRONTENDCACHE`, after the
  transaction commits, on the same events that clear the page cache (signals.py). What a visitor sees on one
  page comes from many objects (lists, featured blocks, search), so the purge is the whole site: one wildcard
  URL per site, `<root_url>/*` (Varnish bans it, deploy/varnish/default.vcl; CloudFront invalidates `/*`;
  the Cloudflare backend below purges the zone).

Wagtail's own frontend_cache app is not installed: its handlers purge the published page alone, and before the
transaction commits, so a request in between could cache the old page again.
"""

import logging
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from django.conf import settings
from django.utils.cache import cc_delim_re, patch_cache_control
from wagtail.contrib.frontend_cache.backends import CloudflareBackend as WagtailCloudflareBackend
from wagtail.contrib.frontend_cache.backends import HTTPBackend as WagtailHTTPBackend
from wagtail.contrib.frontend_cache.backends.http import PurgeRequest
from wagtail.contrib.frontend_cache.utils import get_backends

from .middleware import STATUS_HEADER
from .rules import request_is_shareable, response_is_cacheable

logger = logging.getLogger(__name__)

WILDCARD = "/*"
PURGE_TIMEOUT_SECONDS = 2


def front_cache_seconds():
    return getattr(settings, "FRONT_CACHE_SECONDS", 0)


def response_is_shareable(request, response):
    if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.streaming:
        return False
    # Belt and braces: a page that used the CSRF token also sets its cookie, which response_is_cacheable refuses.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    return response_is_cacheable(response)


def _max_age(response):
    for part in cc_delim_re.split(response.get("Cache-Control", "")):
        name, _, value = part.partition("=")
        if name.strip().lower() == "max-age" and value.strip().isdigit():
            return int(value)
    return None


class FrontCacheHeadersMiddleware:
    """Cache-Control for shared caches. MIDDLEWARE: right above UpdatePageCacheMiddleware (it sees the response
    after the page cache has stored it, and hits too)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        seconds = front_cache_seconds()
        if seconds <= 0:
            return response
        if response.get(STATUS_HEADER) in ("hit", "miss"):
            # The page cache served or stored it under the same rules; its "no-cache" is for browsers, which
            # max-age=0 keeps revalidating.
            response["Cache-Control"] = f"max-age=0, s-maxage={seconds}"
            return response
        if request_is_shareable(request) and response_is_shareable(request, response):
            own = _max_age(response)
            shared = seconds if own is None else min(seconds, own)
            if shared > 0:
                response["Cache-Control"] = f"max-age=0, s-maxage={shared}"
                return response
        if not _private_already(response):
            patch_cache_control(response, private=True)
        return response


def _private_already(response):
    directives = {part.split("=")[0].strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))}
    return bool(directives & {"private", "no-store"})


def front_cache_backends():
    return get_backends()


def site_wildcard_urls():
    from wagtail.models import Site

    return sorted({site.root_url.rstrip("/") + WILDCARD for site in Site.objects.all()})


def purge_front_cache():
    """Purge every site from every configured front cache now. Failures are logged: a purge never fails a
    publish (entries then expire after FRONT_CACHE_SECONDS)."""
    backends = front_cache_backends()
    if not backends:
        return
    try:
        urls = site_wildcard_urls()
    except Exception:
        logger.exception("Could not list the sites to purge from the front cache.")
        return
    for name, backend in backends.items():
        hosted = [url for url in urls if backend.invalidates_hostname(urlsplit(url).netloc)]
        if not hosted:
            continue
        try:
            backend.purge_batch(hosted)
        except Exception:
            logger.exception("Could not purge the front cache %s.", name)


class HTTPBackend(WagtailHTTPBackend):
    """Wagtail's HTTP (Varnish) backend, with a timeout: a hung Varnish must not hang the editor's publish."""

    def __init__(self, params):
        self.timeout = float(params.pop("TIMEOUT", PURGE_TIMEOUT_SECONDS))
        super().__init__(params)

    def purge(self, url):
        parsed = urlsplit(url)
        host = parsed.hostname + (f":{parsed.port}" if parsed.port else "")
        request = PurgeRequest(
            url=urlunsplit([self.cache_scheme, self.cache_netloc, parsed.path, parsed.query, ""]),
            headers={"Host": host, "User-Agent": "HWcollab-frontcache"},
        )
        try:
            with urlopen(request, timeout=self.timeout):  # noqa: S310 (the scheme comes from settings)
                pass
        except HTTPError as error:
            logger.error("Could not purge %s from %s: HTTP %d %s", url, self.cache_netloc, error.code, error.reason)
        except (URLError, OSError) as error:
            logger.error("Could not purge %s from %s: %s", url, self.cache_netloc, getattr(error, "reason", error))


class CloudflareBackend(WagtailCloudflareBackend):
    """Wagtail's Cloudflare backend; a wildcard purges the whole zone (Cloudflare purges listed URLs only)."""

    def purge_batch(self, urls):
        if any(url.endswith(WILDCARD) for url in urls):
            self._purge_everything()
            urls = [url for url in urls if not url.endswith(WILDCARD)]
        if urls:
            super().purge_batch(urls)

    def _purge_everything(self):
        import requests

        headers = {"Content-Type": "application/json"}
        if self.cloudflare_token:
            headers["Authorization"] = f"Bearer {self.cloudflare_token}"
        else:
            headers["X-Auth-Email"] = self.cloudflare_email
            headers["X-Auth-Key"] = self.cloudflare_api_key
        try:
            response = requests.post(
                self.cloudflare_purge_endpoint_url, json={"purge_everything": True}, headers=headers, timeout=30
            )
            response.raise_for_status()
        except requests.RequestException:
            logger.exception("Could not purge the Cloudflare zone %s.", self.cloudflare_zoneid)
