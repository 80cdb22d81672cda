"""Endpoints and parameter names for the property-based test, and the data behind them."""

import wagtail_factories

from tests.api.factories import demo_site, make_employer, make_training

ENDPOINTS = [
    "/api/v2/pages/",
    "/api/v2/pages/{page_id}/",
    "/api/v2/pages/find/",
    "/api/v2/images/",
    "/api/v2/images/{image_id}/",
    "/api/v2/documents/",
    "/api/v2/documents/{document_id}/",
    "/api/v2/page_preview/",
    "/api/v2/pages/?type=trainings.TrainingPage",
    "/api/v2/pages/{training_id}/",
    "/api/v2/employers/",
    "/api/v2/employers/{employer_id}/",
    "/api/v2/occupations/",
    "/api/v2/occupations/21-1094/",
]

PARAMETER_NAMES = [
    "soc",
    "area",
    "release",
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
    "credential",
    "career",
    "language",
    "schedule",
    "max_cost",
    "near",
    "radius",
    "setting",
    "region",
    "job_title",
    "hiring",
]


def fuzz_fixture_data():
    site = demo_site()
    training = make_training(site["training_index"], "Care Coordination Certificate", careers=[site["career"]])
    make_training(site["training_index"], "Online Essentials", delivery_format="online", zip_code="", city="")
    employer = make_employer("Capital Care Partners")
    image = wagtail_factories.ImageFactory(title="Nurse at work")
    document = wagtail_factories.DocumentFactory(title="Pay scale")
    return {
        "page_id": site["career"].pk,
        "training_id": training.pk,
        "employer_id": employer.pk,
        "image_id": image.pk,
        "document_id": document.pk,
    }
