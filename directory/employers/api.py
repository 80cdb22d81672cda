"""Employers in the JSON API (docs/api.md): the /api/v2/employers/ endpoint."""

from django.db.models import prefetch_related_objects
from django.http import QueryDict
from drf_spectacular.utils import extend_schema_field
from rest_framework.fields import Field
from wagtail.api import APIField
from wagtail.api.v2.filters import OrderingFilter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.images.api.fields import ImageRenditionField

from directory import geo
from directory.employers.forms import EmployerSearchForm
from directory.employers.models import EmployerDirectoryPage, EmployerSnippet
from directory.employers.search import EmployerSearch
from home.api_base import JSONErrorsMixin, PublicTypeNamesMixin

# The API's names for the /employers/ search form's fields (`search` is the form's `q`).
EMPLOYER_FILTERS = frozenset(["setting", "region", "job_title", "hiring", "near", "radius"])
BOOLEAN_VALUES = {"true": True, "1": True, "false": False, "0": False}


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class StringListField(Field):
    """A ChoiceListField (stored as one delimited string) as a JSON list of strings."""

    def to_representation(self, value):
        return list(value or [])


@extend_schema_field({"type": ["string", "null"], "format": "uri"})
class EmployerHtmlUrlField(Field):
    """The listing's public page, /employers/<slug>/ (the directory page is looked up once per response)."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, employer):
        cache_key = "_employer_directory_url"
        if cache_key not in self.context:
            directory = EmployerDirectoryPage.objects.live().public().first()
            self.context[cache_key] = directory.get_full_url(self.context.get("request")) if directory else None
        base = self.context[cache_key]
        return f"{base}{employer.slug}/" if base else None


LOCALES = ("en", "es")


def requested_locale(request):
    """The `locale` query parameter ("en" by default); BadRequestError for any other value."""
    locale = request.GET.get("locale", "en") if request is not None else "en"
    if locale not in LOCALES:
        raise BadRequestError(f"locale: expected one of {', '.join(LOCALES)}")
    return locale


@extend_schema_field({"type": "string"})
class TranslatedTextField(Field):
    """A text field that answers in Spanish (its `_es` field, when not empty) with ?locale=es."""

    def __init__(self, name, **kwargs):
        self.field_name_ = name
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, employer):
        return employer.in_language(self.field_name_, requested_locale(self.context.get("request")))


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class TranslatedJobTitlesField(Field):
    """`all_job_titles`, the other titles from their Spanish version with ?locale=es."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, employer):
        other = employer.in_language("other_job_titles", requested_locale(self.context.get("request")))
        extra = [title.strip() for title in other.split(",") if title.strip()]
        return list(dict.fromkeys([*employer.job_titles, *extra]))


def employer_filter_values(query):
    """Validated /employers/ search values (EmployerSearchForm.valid_values()); BadRequestError otherwise."""
    if "radius" in query and not query.get("near"):
        raise BadRequestError("radius needs near (a ZIP code)")
    if "hiring" in query and query["hiring"] not in BOOLEAN_VALUES:
        raise BadRequestError("hiring: expected true or false")
    data = QueryDict(mutable=True)
    for name in EMPLOYER_FILTERS:
        if name in query:
            data.setlist(name, query.getlist(name))
    if "hiring" in query:
        data["hiring"] = "on" if BOOLEAN_VALUES[query["hiring"]] else ""
    if "search" in query:
        data["q"] = query["search"]
    form = EmployerSearchForm(data)
    form.is_valid()
    messages = [f"{name}: {error}" for name, errors in form.errors.items() for error in errors]
    if messages:
        raise BadRequestError(" ".join(messages))
    return form.valid_values()


class EmployersEndpoint(PublicTypeNamesMixin, JSONErrorsMixin, BaseAPIViewSet):
    """Live employer listings, public fields only (the private ones are not even selectable).

    Filters are the /employers/ search's (EmployerSearchForm, EmployerSearch).
    """

    name = "employers"
    model = EmployerSnippet
    known_query_parameters = (
        frozenset(["limit", "offset", "fields", "order", "search", "locale", "_"]) | EMPLOYER_FILTERS
    )
    body_fields = [
        "id",
        "name",
        "slug",
        APIField("description", serializer=TranslatedTextField("description")),
        "description_es",
        APIField("care_settings", serializer=StringListField()),
        "care_setting_labels",
        APIField("job_titles", serializer=StringListField()),
        APIField("other_job_titles", serializer=TranslatedTextField("other_job_titles")),
        "other_job_titles_es",
        APIField("all_job_titles", serializer=TranslatedJobTitlesField()),
        "street",
        "city",
        "state",
        "zip_code",
        "region",
        "region_label",
        "latitude",
        "longitude",
        "phone",
        "website",
        "careers_url",
        "hiring_now",
        APIField("logo", serializer=ImageRenditionField("max-400x200")),
        APIField("logo_alt_text", serializer=TranslatedTextField("logo_alt_text")),
        "logo_alt_text_es",
        "last_verified",
    ]
    meta_fields = ["type", "detail_url", APIField("html_url", serializer=EmployerHtmlUrlField())]
    listing_default_fields = ["id", "type", "detail_url", "html_url", "name", "city", "region", "hiring_now"]
    nested_default_fields = ["id", "type", "detail_url", "name"]

    @classmethod
    def schema_filter_forms(cls):
        names = {name: name for name in EMPLOYER_FILTERS - {"hiring"}}
        return [(EmployerSearchForm, names, "")]

    @classmethod
    def schema_parameters(cls):
        hiring = ({"type": "boolean"}, "Only employers hiring now (`true`) or not (`false`).")
        return {**super().schema_parameters(), "hiring": hiring}

    @classmethod
    def schema_listing_properties(cls, model):
        return {"distance_miles": {"type": ["number", "null"], "description": "Miles from `near` (with `near` only)."}}

    def get_queryset(self):
        return EmployerSnippet.objects.public().order_by("name", "pk")

    def check_query_parameters(self, queryset):
        unknown = set(self.request.GET) - self.known_query_parameters
        if unknown:
            raise BadRequestError("query parameter is not an operation or a filter: " + ", ".join(sorted(unknown)))
        requested_locale(self.request)

    def filter_queryset(self, queryset):
        if self.action != "listing_view":
            return queryset  # a detail is found by id among the live listings, whatever the filters
        values = self.employer_values = employer_filter_values(self.request.GET)
        search = EmployerSearch(values)
        queryset = search.queryset()
        if "order" in self.request.GET:
            if values["near"] is not None:
                raise BadRequestError("order can't be combined with near: results come nearest first")
            return OrderingFilter().filter_queryset(self.request, queryset, self)
        # The API counts every result, where the page stops at a cap ("1,000+", "10,000+").
        if values["near"] is not None:
            return search.nearest_first(count=queryset.count())
        if search.has_text:
            return search.relevance_results(count=queryset.count())
        return queryset.order_by("name", "pk")

    def paginate_queryset(self, queryset):
        page = list(super().paginate_queryset(queryset))
        prefetch_related_objects(page, "logo__renditions")
        near = self.employer_values["near"]
        if near is not None:
            self.distances = [
                round(geo.distance_miles(near.latitude, near.longitude, e.latitude, e.longitude), 1) for e in page
            ]
        return page

    def get_paginated_response(self, data):
        for item, distance in zip(data, getattr(self, "distances", ()), strict=False):
            item["distance_miles"] = distance
        return super().get_paginated_response(data)
