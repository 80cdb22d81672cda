from django import template

from home.seo import json_ld, page_public_url
from home.seo import public_url as _public_url

register = template.Library()


@register.simple_tag(takes_context=True)
def public_page_url(context, page):
    """{% public_page_url page as canonical %}: the page's public address (home/seo.py public_base_url)."""
    return page_public_url(page, context.get("request")) if page else ""


@register.simple_tag(takes_context=True)
def page_json_ld(context, page):
    """{% page_json_ld page as data %}: the page's schema.org JSON, its URLs on the public host."""
    request = context.get("request")
    if hasattr(page, "get_json_ld_script"):
        return page.get_json_ld_script(request)
    data = page.get_json_ld(request) if hasattr(page, "get_json_ld") else None
    return json_ld(data) if data else ""


@register.simple_tag(takes_context=True)
def public_url(context, path):
    """{% public_url rendition.url %}: an address on this site (e.g. a media file) on the public host."""
    return _public_url(context.get("request"), path) if path else ""
