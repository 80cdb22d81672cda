"""Searching live employers: text, filters, distance and facet counts in a fixed number of queries.

Distance: the indexed latitude/longitude columns are filtered to the radius's bounding box first
(`geo.bounding_box`), and only the rows inside it get the distance expression, which the database
evaluates, filters and orders by. The expression is the equirectangular distance (plain arithmetic,
so it runs on SQLite and PostgreSQL without extensions); within 250 miles it differs from the
great-circle distance by well under 1%. The distance shown on each result is the great-circle
(haversine) distance, computed in Python for the rows of the page only.

Text search runs through Wagtail's search backend and is combined with the filters by a
`pk__in` subquery: the backends cannot filter on annotations (wagtail#2340).
"""

import math
import re
from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count, ExpressionWrapper, F, FloatField, Q, Value
from django.db.models.expressions import RawSQL
from wagtail.search.backends import get_search_backend
from wagtail.search.query import PlainText

from directory import geo
from directory.fields import ChoiceListField
from directory.models.employers import CARE_SETTING_CHOICES, EmployerSnippet
from search.synonyms import expand_query, fts5_expression

PER_PAGE = 20
FTS_TABLE = "wagtailsearch_indexentry_fts"
INDEX_TABLE = "wagtailsearch_indexentry"


def _sqlite_fts_available():
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

    return isinstance(get_search_backend(), SQLiteSearchBackend)


@dataclass
class EmployerResult:
    employer: EmployerSnippet
    distance: float | None = None
    url: str = ""

    @property
    def distance_label(self):
        if self.distance is None:
            return ""
        if self.distance < 0.1:
            return "less than 0.1 miles"
        return f"{self.distance:.1f} miles"


@dataclass
class Facets:
    settings: list = field(default_factory=list)  # (value, label, count)
    regions: list = field(default_factory=list)
    hiring: int = 0


def search_words(q):
    """The words of `q`, without the punctuation that full-text query syntaxes trip over."""
    return " ".join(re.findall(r"\w+", q or ""))


def search_query(q):
    """Every word of `q` (or one of its synonyms, search.synonyms) must match. Stemming comes from the
    backend: PostgreSQL's english configuration, and on SQLite the porter tokenizer (directory migration 0003)."""
    return expand_query(q) or PlainText(search_words(q), operator="and")


def _sqlite_text_search_pks(q):
    """The FTS5 table first, then each matching index entry by primary key. Wagtail's backend lets SQLite
    walk every employer's index entry and re-run MATCH for each (about 4 s a query at 100,000 employers)."""
    expression = fts5_expression(q)
    if not expression:
        return None
    content_type = ContentType.objects.get_for_model(EmployerSnippet)
    # Only constants are formatted in; the match expression and content type are parameters.
    sql = (
        f"SELECT CAST(e.object_id AS INTEGER) FROM {FTS_TABLE} CROSS JOIN {INDEX_TABLE} e "  # noqa: S608
        f"ON e.id = {FTS_TABLE}.rowid WHERE {FTS_TABLE} MATCH %s AND e.content_type_id = %s"
    )
    return RawSQL(sql, [f"{{title body}} : ({expression})", content_type.pk])  # noqa: S611 - parameters only


def text_search_pks(q):
    """A subquery of the pks of employers matching `q`."""
    if connection.vendor == "sqlite" and _sqlite_fts_available():
        pks = _sqlite_text_search_pks(q)
        if pks is not None:
            return pks
    results = get_search_backend().search(search_query(q), EmployerSnippet.objects.all(), order_by_relevance=False)
    if hasattr(results, "get_queryset"):  # database backends: stay lazy, one SQL statement
        return results.get_queryset().values("pk")
    return [employer.pk for employer in results]  # other backends: a list of ids


def distance_expression(latitude, longitude):
    """Miles from (latitude, longitude), squared (equirectangular, evaluated by the database)."""
    miles_per_degree_longitude = geo.MILES_PER_DEGREE_LATITUDE * math.cos(math.radians(latitude))
    delta_y = (F("latitude") - Value(latitude)) * Value(geo.MILES_PER_DEGREE_LATITUDE)
    delta_x = (F("longitude") - Value(longitude)) * Value(miles_per_degree_longitude)
    return ExpressionWrapper(delta_y * delta_y + delta_x * delta_x, output_field=FloatField())


class EmployerSearch:
    """Build once from the form's valid values; `page(number)` and `facets()` run the queries."""

    def __init__(self, values):
        self.values = values
        self.near = values["near"]
        self.radius = values["radius"]
        self.sort = values["sort"]
        self.base = EmployerSnippet.objects.public()
        self.has_text = bool(search_words(values["q"]))
        if self.has_text:
            pks = text_search_pks(values["q"])
            if isinstance(pks, RawSQL):
                # SQLite: with a plain `id IN (matches)` it reads every matching employer by primary key
                # (a quarter of the table for "hospital"); `id + 0` leaves it the box index instead.
                self.base = self.base.alias(text_match_id=F("pk") + 0).filter(text_match_id__in=pks)
            else:
                self.base = self.base.filter(pk__in=pks)
        if self.near is not None:
            box = geo.bounding_box(self.near.latitude, self.near.longitude, self.radius)
            self.base = (
                self.base.filter(**box.as_filter())
                .annotate(distance_sq=distance_expression(self.near.latitude, self.near.longitude))
                .filter(distance_sq__lte=self.radius * self.radius)
            )
        self.dimension_filters = {
            "setting": self._setting_filter(values["setting"]),
            "region": Q(region=values["region"]) if values["region"] else Q(),
            "job_title": self._job_title_filter(values["job_title"]),
            "hiring": Q(hiring_now=True) if values["hiring"] else Q(),
        }

    @staticmethod
    def _setting_filter(settings):
        condition = Q()
        for setting in settings:  # any of the chosen settings
            condition |= Q(care_settings__contains=ChoiceListField.contains_lookup(setting))
        return condition

    @staticmethod
    def _job_title_filter(title):
        if not title:
            return Q()
        return Q(job_titles__icontains=ChoiceListField.contains_lookup(title)) | Q(other_job_titles__icontains=title)

    def queryset(self, excluding=None):
        queryset = self.base
        for name, condition in self.dimension_filters.items():
            if name != excluding and condition:
                queryset = queryset.filter(condition)
        return queryset

    def ordered(self):
        queryset = self.queryset()
        if self.sort == "distance" and self.near is not None:
            return queryset.order_by("distance_sq", "name", "pk")
        if self.sort == "verified":
            return queryset.order_by(F("last_verified").desc(nulls_last=True), "name", "pk")
        return queryset.order_by("name", "pk")

    def relevance_results(self):
        """Search results in relevance order, restricted to the filtered rows by a pk subquery."""
        candidates = EmployerSnippet.objects.filter(pk__in=self.queryset().values("pk"))
        return get_search_backend().search(search_query(self.values["q"]), candidates, order_by_relevance=True)

    def results_source(self):
        if self.sort == "relevance" and self.has_text:
            return CountedResults(self.relevance_results(), self.total)
        return CountedResults(self.ordered(), self.total, by_ids=self.sort == "distance" and self.near is not None)

    def with_distances(self, employers):
        results = []
        for employer in employers:
            distance = None
            if self.near is not None and employer.latitude is not None:
                distance = geo.distance_miles(
                    self.near.latitude, self.near.longitude, employer.latitude, employer.longitude
                )
            results.append(EmployerResult(employer, distance))
        return results

    def _counts(self):
        """The number of results and every facet count, in one query over the rows of the search.

        Each facet count applies every filter except its own dimension's (choosing a setting does not
        zero the other settings), as conditional counts over the search without the dimension filters:
        one pass over the rows in the box instead of one per facet, and no model instances."""
        conditions = {name: condition for name, condition in self.dimension_filters.items() if condition}

        def others(excluding):
            combined = Q()
            for name, condition in conditions.items():
                if name != excluding:
                    combined &= condition
            return combined

        def count(condition):
            # Count(filter=Q()) is not allowed; a condition that is always true counts every row.
            return Count("pk", filter=condition) if condition else Count("pk")

        aggregates = {"total": count(others(None))}
        for index, (value, _label) in enumerate(CARE_SETTING_CHOICES):
            setting = Q(care_settings__contains=ChoiceListField.contains_lookup(value))
            aggregates[f"setting_{index}"] = count(others("setting") & setting)
        for index, (value, _label) in enumerate(geo.REGION_CHOICES):
            aggregates[f"region_{index}"] = count(others("region") & Q(region=value))
        aggregates["hiring"] = count(others("hiring") & Q(hiring_now=True))
        return self.base.order_by().aggregate(**aggregates)

    @cached_property
    def counts(self):
        return self._counts()

    @property
    def total(self):
        return self.counts["total"]

    def facets(self):
        counts = self.counts
        return Facets(
            settings=[
                (value, label, counts[f"setting_{index}"]) for index, (value, label) in enumerate(CARE_SETTING_CHOICES)
            ],
            regions=[
                (value, label, counts[f"region_{index}"]) for index, (value, label) in enumerate(geo.REGION_CHOICES)
            ],
            hiring=counts["hiring"],
        )


class CountedResults:
    """Results for the paginator with the count it would otherwise query for (already in `EmployerSearch.counts`)."""

    def __init__(self, source, count, by_ids=False):
        self.source = source
        self._count = count
        self.by_ids = by_ids

    def count(self):
        return self._count

    def __len__(self):
        return self._count

    def __getitem__(self, key):
        if not (self.by_ids and isinstance(key, slice)):
            return self.source[key]
        # Sorted by distance, every row of the box is sorted: sort ids only (an index-only read with
        # employer_box_page_idx) and load the full rows of the page alone, in the same single query.
        page_ids = self.source.values("pk")[key]
        return (
            self.source.model.objects.filter(pk__in=page_ids)
            .annotate(distance_sq=self.source.query.annotations["distance_sq"])
            .order_by(*self.source.query.order_by)
        )
