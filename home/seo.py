"""Search-engine and social metadata shared by the site's page types."""

import json
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

META_DESCRIPTION_LENGTH = 160

# Same escapes as Django's json_script, so a title containing "</script>" cannot end the script early.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


# Hostnames a Site may keep from development or the demo loader; no visitor reaches the site by them.
_LOCAL_HOSTNAMES = {"localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0", "testserver"}  # noqa: S104


def _is_local_hostname(hostname):
    hostname = (hostname or "").lower()
    return not hostname or hostname in _LOCAL_HOSTNAMES or hostname.endswith(".localhost")


def public_base_url(request=None, site=None):
    """Scheme and host of the site's public addresses (canonical, og:url, JSON-LD, sitemap), no trailing slash.

    PUBLIC_BASE_URL wins when set (production, behind a proxy that changes the host). Otherwise a Site whose
    hostname is a real one gives it; in development (DEBUG, or a Site still on localhost) the request's own host
    does, so the links work from wherever the developer opened the site.
    """
    configured = getattr(settings, "PUBLIC_BASE_URL", "")
    if configured:
        return configured.rstrip("/")
    if site is None and request is not None:
        from wagtail.models import Site

        site = Site.find_for_request(request)
    if site is not None and not settings.DEBUG and not _is_local_hostname(site.hostname):
        return site.root_url.rstrip("/")
    if request is not None:
        return f"{request.scheme}://{request.get_host()}"
    return site.root_url.rstrip("/") if site is not None else ""


def public_url(request, path, site=None):
    """The public absolute address of `path`, a path on this site ("/careers/?a=b").

    An absolute URL (e.g. an image on object storage) is another host's and is returned as it is.
    """
    path = path or "/"
    if urlsplit(path).netloc:
        return path
    if not path.startswith("/"):
        path = f"/{path}"
    return public_base_url(request, site=site) + path


def site_path(url):
    """The path, query and fragment of `url`, without its scheme and host."""
    parts = urlsplit(url)
    return urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment))


def page_public_url(page, request=None):
    """The public absolute address of a Wagtail page, or "" when it is not routable."""
    url_parts = page.get_url_parts(request=request)
    if url_parts is None:
        return ""
    site_id, _root_url, page_path = url_parts
    site = None
    if site_id is not None:
        from wagtail.models import Site

        site = Site.objects.filter(pk=site_id).first() if request is None else Site.find_for_request(request)
    return public_url(request, page_path, site=site)


def plain_text(value):
    return " ".join(strip_tags(str(value or "")).split())


def json_ld(data):
    """Serialise schema.org data for a <script type="application/ld+json"> element."""
    return mark_safe(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES))  # noqa: S308


class SeoMetadataMixin:
    """Meta description with a fallback, and the Open Graph image, for Page subclasses.

    `meta_description_fallback_fields` names the fields tried, in order, when the editor left the
    promote tab's search description empty.
    """

    meta_description_fallback_fields = ("intro",)
    # Said when the editor wrote nothing the fallback fields could give.
    meta_description_default = ""

    def get_meta_description(self):
        if self.search_description:
            return plain_text(self.search_description)
        for field_name in self.meta_description_fallback_fields:
            text = plain_text(getattr(self, field_name, ""))
            if text:
                return Truncator(text).chars(META_DESCRIPTION_LENGTH)
        return self.meta_description_default

    def get_og_image(self):
        return getattr(self, "hero_image", None)

    def get_public_url(self, request=None):
        return page_public_url(self, request)

    def get_json_ld(self, request=None):
        return None

    def get_json_ld_script(self, request=None):
        data = self.get_json_ld(request)
        return json_ld(data) if data else ""
