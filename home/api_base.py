"""Shared by every endpoint of the JSON API: strict parameters and JSON errors."""

import re
from functools import cache
from types import SimpleNamespace

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldError, ValidationError
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response
from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet

from home.api_schema import SchemaDescribedMixin
from home.throttling import APIThrottle
from search.text import query_terms

# Longer values are no real query: refuse them before they reach the search backend.
MAX_PARAMETER_LENGTH = 500
# offset/limit beyond this overflow SQLite's integers; no listing is that long.
MAX_OFFSET = 1_000_000
SEARCH_OPERATORS = {"and", "or"}
ASCII_DIGITS = re.compile(r"[0-9]+")
# The type names API clients have used for the directory's models since the API opened. The models now live in
# the `trainings` and `employers` apps; these names stay the ones responses give (meta.type) and stay accepted in
# `type=` next to the new labels (docs/api.md, "Type names").
PUBLIC_TYPE_MODELS = ("TrainingPage", "TrainingIndexPage", "EmployerDirectoryPage", "EmployerSnippet")
PUBLIC_TYPE_APP_LABEL = "directory"
DIRECTORY_APP_LABELS = ("directory", "trainings", "employers")


class QueryStringNegotiation(DefaultContentNegotiation):
    """Content negotiation by the Accept header only.

    DRF reads `?format=` to pick a renderer; here `format` is a trainings filter
    (in person, online, hybrid), so it must not switch the response to HTML or 404.
    """

    settings = SimpleNamespace(URL_FORMAT_OVERRIDE=None)


class StrictPagination(WagtailPagination):
    """Wagtail's offset/limit pagination, refusing numbers too big for the database."""

    def paginate_queryset(self, queryset, request, view=None):
        for name in ("offset", "limit"):
            value = request.GET.get(name, "").strip()
            if ASCII_DIGITS.fullmatch(value) and int(value) > MAX_OFFSET:
                raise BadRequestError(f"{name} must be at most {MAX_OFFSET}")
        prefetch_page = getattr(queryset, "prefetch_page", None)
        window = self.window(request) if prefetch_page is not None else None
        if window is not None:
            # Search results of a backend that reads a page with its count in one query (this project's
            # PostgreSQL backend): the page asked for is read first, so the count needs no query of its own.
            prefetch_page(*window)
        return super().paginate_queryset(queryset, request, view)

    @staticmethod
    def window(request):
        """(start, stop) of the page asked for, or None when offset or limit is not valid (the error is
        Wagtail's to answer)."""
        offset = request.GET.get("offset", "0").strip()
        limit = request.GET.get("limit", "20").strip()
        if not (ASCII_DIGITS.fullmatch(offset) and ASCII_DIGITS.fullmatch(limit)):
            return None
        limit_max = settings.WAGTAILAPI_LIMIT_MAX
        if limit_max and int(limit) > limit_max:
            return None
        return int(offset), int(offset) + min(int(limit), limit_max or int(limit))


@cache
def type_names():
    """({Django label: public name}, {public name, lowercased: Django label}) for the directory's API models."""
    public_names, labels = {}, {}
    for model in apps.get_models():
        if model._meta.app_label in DIRECTORY_APP_LABELS and model.__name__ in PUBLIC_TYPE_MODELS:
            public = f"{PUBLIC_TYPE_APP_LABEL}.{model.__name__}"
            public_names[f"{model._meta.app_label}.{model.__name__}"] = public
            labels[public.lower()] = f"{model._meta.app_label}.{model.__name__}"
    return public_names, labels


def resolve_type_parameter(value):
    """`type=` with the public names (directory.TrainingPage) swapped for the models' Django labels."""
    labels = type_names()[1]
    return ",".join(labels.get(part.lower(), part) for part in value.split(","))


def with_public_type_names(data):
    """The response data with every meta.type naming a directory model given its public name, nested ones too."""
    if isinstance(data, list):
        return [with_public_type_names(item) for item in data]
    if not isinstance(data, dict):
        return data
    result = {}
    for key, value in data.items():
        if key == "meta" and isinstance(value, dict) and isinstance(value.get("type"), str):
            value = {**value, "type": type_names()[0].get(value["type"], value["type"])}
        result[key] = with_public_type_names(value)
    return result


class PublicTypeNamesMixin:
    """The directory's models keep their public type names in `type=` and in meta.type (PUBLIC_TYPE_MODELS)."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        value = request.GET.get("type")
        if value:
            resolved = resolve_type_parameter(value)
            if resolved != value:
                query = request._request.GET.copy()
                query["type"] = resolved
                request._request.GET = query

    @classmethod
    def schema_type_name(cls, model):
        label = f"{model._meta.app_label}.{model.__name__}"
        return type_names()[0].get(label, label)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200 and isinstance(getattr(response, "data", None), (dict, list)):
            response.data = with_public_type_names(response.data)
        return response


def _message(exc):
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)
    return str(exc)


class WordsSearchFilter(SearchFilter):
    """Wagtail's `search=` with only its words (letters and digits, search.text) reaching the search backend, so
    no punctuation, quote or operator is read as full-text syntax on any backend; no words find nothing."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return super().filter_queryset(request, queryset, view)
        words = " ".join(query_terms(request.GET["search"]))
        get = request.GET.copy()
        get["search"] = words
        results = super().filter_queryset(SimpleNamespace(GET=get), queryset, view)
        return results if words else queryset.none()


class JSONErrorsMixin(SchemaDescribedMixin):
    """Bad input gives a 4xx with a JSON {"message": ...}, never a 500."""

    content_negotiation_class = QueryStringNegotiation
    pagination_class = StrictPagination
    throttle_classes = [APIThrottle]
    # `format` is freed for the trainings filter (see QueryStringNegotiation).
    known_query_parameters = BaseAPIViewSet.known_query_parameters - {"format"}

    @property
    def filter_backends(self):
        return [WordsSearchFilter if backend is SearchFilter else backend for backend in super().filter_backends]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        for name, values in request.GET.lists():
            for value in values:
                if "\x00" in name or "\x00" in value:
                    raise BadRequestError("null characters are not allowed in query parameters")
                if len(value) > MAX_PARAMETER_LENGTH:
                    raise BadRequestError(f"{name} is too long (at most {MAX_PARAMETER_LENGTH} characters)")
        operator = request.GET.get("search_operator")
        if operator is not None and operator not in SEARCH_OPERATORS:
            raise BadRequestError("search_operator must be 'and' or 'or'")

    def find_object(self, queryset, request):
        if "id" in request.GET and not ASCII_DIGITS.fullmatch(request.GET["id"]):
            raise BadRequestError("id must be a positive integer")
        return super().find_object(queryset, request)

    def handle_exception(self, exc):
        # Django raises these when a filter value doesn't fit the field (e.g. a bad date).
        if isinstance(exc, (ValidationError, FieldError, OverflowError)):
            return Response({"message": _message(exc)}, status=status.HTTP_400_BAD_REQUEST)
        response = super().handle_exception(exc)
        if isinstance(exc, APIException) and isinstance(response.data, dict) and "detail" in response.data:
            # DRF's own errors (405, 406, ...) in the same shape as Wagtail's.
            response.data = {"message": str(response.data["detail"])}
        return response
