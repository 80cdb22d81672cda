"""Serializer fields that career page models name in their `api_fields` (see docs/api.md).

Kept free of model imports so that models can import it.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework.fields import Field

from occupations.api_schemas import LOCAL_PAY_SCHEMA

PAGE_SUMMARY_PROPERTIES = {
    "id": {"type": "integer"},
    "meta": {
        "type": "object",
        "properties": {
            "type": {"type": "string"},
            "detail_url": {"type": ["string", "null"], "format": "uri"},
            "html_url": {"type": ["string", "null"], "format": "uri"},
        },
        "required": ["type", "detail_url", "html_url"],
    },
    "title": {"type": "string"},
}
RELATED_TRAINING_SCHEMA = {
    "type": "object",
    "properties": {
        **PAGE_SUMMARY_PROPERTIES,
        "provider_name": {"type": "string"},
        "credential": {"type": "string"},
        "delivery_format": {"type": "string"},
        "city": {"type": "string"},
    },
    "required": ["id", "meta", "title", "provider_name", "credential", "delivery_format", "city"],
    "additionalProperties": False,
}


def page_summary(page, context):
    """A page as Wagtail's API nests it: id, meta (type, detail_url, html_url) and title."""
    from wagtail.api.v2.utils import get_object_detail_url  # imports models: not at module load

    request = context.get("request")
    router = context.get("router")
    detail_url = get_object_detail_url(router, request, type(page), page.pk) if router else None
    return {
        "id": page.pk,
        "meta": {
            "type": f"{page._meta.app_label}.{type(page).__name__}",
            "detail_url": detail_url,
            "html_url": page.get_full_url(request),
        },
        "title": page.title,
    }


RELATED_TRAININGS_LIMIT = 20


@extend_schema_field({"type": "array", "items": RELATED_TRAINING_SCHEMA})
class RelatedTrainingsField(Field):
    """The first RELATED_TRAININGS_LIMIT live, public trainings (by title) that name this career, as page
    summaries with their key facts. A career can have thousands; all of them, with paging and filters, are
    `/api/v2/pages/?type=trainings.TrainingPage&career=<slug>`.

    Reads `trainings` (the reverse of TrainingPage.related_careers).
    """

    def get_attribute(self, instance):
        return instance

    def to_representation(self, career_page):
        trainings = (
            career_page.trainings.live().public().select_related("provider").order_by("title")[:RELATED_TRAININGS_LIMIT]
        )
        return [
            {
                **page_summary(training, self.context),
                "provider_name": training.provider.name if training.provider_id else "",
                "credential": training.credential,
                "delivery_format": training.delivery_format,
                "city": training.city,
            }
            for training in trainings
        ]


@extend_schema_field(LOCAL_PAY_SCHEMA)
class CareerLocalPayField(Field):
    """A career page's BLS wages for `?area=` (default New York State); the pages endpoint checks the area."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        from occupations.pay import STATEWIDE_AREA_CODE, area_json  # imports models: not at module load

        request = self.context.get("request")
        area_code = (request.GET.get("area") if request is not None else None) or STATEWIDE_AREA_CODE
        local_pay = page.local_pay(area_code=area_code.strip())
        if not local_pay.available:
            return None
        return {
            "area": area_json(local_pay.area),
            "release": {"year": local_pay.release.year, "citation": local_pay.release.citation},
            "occupations": [item.as_api() for item in local_pay.for_occupations(page.occupations())],
        }
