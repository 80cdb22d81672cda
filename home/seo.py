"""Search-engine and social metadata shared by the site's page types."""

import json

from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

META_DESCRIPTION_LENGTH = 160

# Same escapes as Django's json_script, so a title containing "</script>" cannot end the script early.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def plain_text(value):
    return " ".join(strip_tags(str(value or "")).split())


def json_ld(data):
    """Serialise schema.org data for a <script type="application/ld+json"> element."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES))  # noqa: S308


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

    def get_json_ld(self):
        return None

    def get_json_ld_script(self):
        data = self.get_json_ld()
        return json_ld(data) if data else ""
