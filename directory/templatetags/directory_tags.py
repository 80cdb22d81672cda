import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

from directory import hooks

register = template.Library()

# Characters that could end or confuse a <script> element; JSON stays valid with them escaped.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """JSON for a <script type="application/ld+json"> element, safe against </script> in the data."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return mark_safe(text)  # noqa: S308 - every <, > and & is escaped above


@register.simple_tag(takes_context=True)
def listing_actions(context, listing):
    """{% listing_actions training %}: what other apps add to a listing (directory/hooks.py), e.g. Save to my plan."""
    return hooks.listing_actions(context, listing)


__all__ = ["json_ld", "listing_actions"]
