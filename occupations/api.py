"""Occupations and their BLS wages in the JSON API (docs/api.md): /api/v2/occupations/.

/api/v2/occupations/?soc=21-1094,29-1141&area=10580&release=2025 lists occupations with their wages; without
`area` every area, without `release` the newest. Every bad value is a 400 with a message.
"""

import re

from django.db.models import Prefetch
from django.http import Http404
from django.urls import path
from drf_spectacular.utils import extend_schema_field
from rest_framework.fields import Field
from wagtail.api import APIField
from wagtail.api.v2.filters import OrderingFilter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet

from home.api_base import JSONErrorsMixin
from occupations.api_schemas import WAGES_SCHEMA
from occupations.models import SOC_CODE_PATTERN, Occupation, OewsRelease, Wage, WageArea
from occupations.pay import area_json, wage_figures_json

MAX_SOC_CODES = 50
SOC_CODE_RE = re.compile(SOC_CODE_PATTERN)
AREA_CODE_RE = re.compile(r"^\d{1,7}$")
AREA_DESCRIPTION = "A BLS area code, e.g. `36` for New York State, `10580` for Albany (see /api/v2/occupations/)."


def parse_soc_codes(value):
    codes = [code.strip() for code in value.split(",") if code.strip()]
    if not codes:
        raise BadRequestError("soc: give one or more SOC codes like 21-1094, separated by commas")
    if len(codes) > MAX_SOC_CODES:
        raise BadRequestError(f"soc: at most {MAX_SOC_CODES} codes")
    bad = [code for code in codes if not SOC_CODE_RE.match(code)]
    if bad:
        raise BadRequestError(f"soc: not a SOC code like 21-1094: {bad[0][:20]}")
    known = set(Occupation.objects.filter(soc_code__in=codes).values_list("soc_code", flat=True))
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise BadRequestError("soc: no such occupation: " + ", ".join(unknown[:10]))
    return codes


def parse_area(value):
    """The WageArea for an `area=` value, or BadRequestError."""
    code = value.strip()
    area = WageArea.objects.filter(pk=code).first() if AREA_CODE_RE.match(code) else None
    if area is None:
        raise BadRequestError(f"area: no such BLS area: {code[:20]} (e.g. 36 for New York State, 10580 for Albany)")
    return area


def parse_release(value):
    text = value.strip()
    release = OewsRelease.objects.filter(year=int(text)).first() if text.isdigit() and len(text) == 4 else None
    if release is None:
        years = ", ".join(str(year) for year in OewsRelease.objects.values_list("year", flat=True))
        raise BadRequestError(f"release: no OEWS release for {text[:20]} (releases: {years or 'none'})")
    return release


@extend_schema_field(WAGES_SCHEMA)
class WagesField(Field):
    """The occupation's wages, as the view selected them (`api_wages`, prefetched for the whole page)."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, occupation):
        return [
            {"area": area_json(wage.area), "release": wage.release.year, **wage_figures_json(wage)}
            for wage in getattr(occupation, "api_wages", [])
        ]


class OccupationsEndpoint(JSONErrorsMixin, BaseAPIViewSet):
    """2018 SOC occupations with the wages BLS reports for them, per area and release."""

    name = "occupations"
    model = Occupation
    filter_backends = [OrderingFilter]
    known_query_parameters = frozenset(["limit", "offset", "fields", "order", "soc", "area", "release"])
    body_fields = ["soc_code", "title", "group", "source", APIField("wages", serializer=WagesField())]
    meta_fields = ["type", "detail_url"]
    listing_default_fields = ["type", "detail_url", "soc_code", "title", "wages"]
    nested_default_fields = ["soc_code", "title"]

    @classmethod
    def schema_common_parameters(cls):
        return {
            "area": ({"type": "string"}, AREA_DESCRIPTION + " Without it, every area."),
            "release": ({"type": "string"}, "An OEWS release year, e.g. `2025` (default the newest)."),
        }

    @classmethod
    def schema_parameters(cls):
        return {
            "soc": (
                {"type": "string"},
                f"SOC codes, comma-separated, e.g. `21-1094,29-1141` (at most {MAX_SOC_CODES}).",
            )
        }

    def get_queryset(self):
        return Occupation.objects.order_by("soc_code")

    def check_query_parameters(self, queryset):
        unknown = set(self.request.GET) - self.known_query_parameters
        if unknown:
            raise BadRequestError("query parameter is not an operation or a filter: " + ", ".join(sorted(unknown)))

    def wage_filter(self):
        query = self.request.GET
        release = parse_release(query["release"]) if "release" in query else OewsRelease.objects.first()
        wages = Wage.objects.filter(release=release).select_related("area", "release").order_by("area_id")
        if "area" in query:
            wages = wages.filter(area=parse_area(query["area"]))
        return wages

    def filter_queryset(self, queryset):
        wages = self.wage_filter()
        if self.action == "listing_view" and "soc" in self.request.GET:
            queryset = queryset.filter(soc_code__in=parse_soc_codes(self.request.GET["soc"]))
        queryset = super().filter_queryset(queryset)
        return queryset.prefetch_related(Prefetch("wages", queryset=wages, to_attr="api_wages"))

    def get_object(self):
        queryset = self.filter_queryset(self.get_queryset())
        occupation = queryset.filter(pk=self.kwargs["pk"]).first()
        if occupation is None:
            raise Http404("no such occupation")
        return occupation

    @classmethod
    def get_urlpatterns(cls):
        return [
            path("", cls.as_view({"get": "listing_view"}), name="listing"),
            path("<str:pk>/", cls.as_view({"get": "detail_view"}), name="detail"),
        ]
