"""Endpoints and parameter names for the property-based test, and the data behind them."""

import wagtail_factories
from wagtail.models import Page

ENDPOINTS = [
    "/api/v2/pages/",
    "/api/v2/pages/{page_id}/",
    "/api/v2/pages/find/",
    "/api/v2/images/",
    "/api/v2/images/{image_id}/",
    "/api/v2/documents/",
    "/api/v2/documents/{document_id}/",
    "/api/v2/page_preview/",
]

PARAMETER_NAMES = [
    "limit",
    "offset",
    "fields",
    "order",
    "search",
    "search_operator",
    "rich_text_format",
    "type",
    "child_of",
    "ancestor_of",
    "descendant_of",
    "translation_of",
    "locale",
    "site",
    "id",
    "title",
    "slug",
    "html_path",
    "show_in_menus",
    "first_published_at",
    "width",
    "height",
    "tags",
    "content_type",
    "token",
    "format",
]


def fuzz_fixture_data(site_root):
    page = site_root.add_child(instance=Page(title="Care coordination", slug="care-coordination"))
    image = wagtail_factories.ImageFactory(title="Nurse at work")
    document = wagtail_factories.DocumentFactory(title="Pay scale")
    return {"page_id": page.pk, "image_id": image.pk, "document_id": document.pk}
