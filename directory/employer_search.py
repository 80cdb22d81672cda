"""Searching live employers: text, filters, distance and facet counts in a fixed number of queries.

Distance: an employer's point is its ZIP code's (`EmployerSnippet.apply_zip`), so the ZIP codes within
the radius (`geo.zips_within`, great-circle, computed and cached in Python) select exactly the employers
within it: `zip_code IN (...)`, equality lookups on the index `employer_zip_page_idx` instead of a
two-dimensional range that a btree serves badly. The counts come grouped by ZIP code, so the page of a
nearest-first search is cut in Python: only the few nearest ZIP codes that hold the page's rows are read
again, in distance order, then name. The distance shown is the same great-circle distance.

Text search runs through Wagtail's search backend and is combined with the filters by a
`pk__in` subquery: the backends cannot filter on annotations (wagtail#2340).
"""

import re
from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Case, CharField, Count, Exists, F, FloatField, OuterRef, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from wagtail.search.backends import get_search_backend
from wagtail.search.query import PlainText

from directory import geo
from directory.fields import ChoiceListField
from directory.models.employers import CARE_SETTING_CHOICES, CARE_SETTING_LABELS, EmployerSnippet
from search import indexed
from search.synonyms import expand_query, fts5_expression

PER_PAGE = 20
# Up to this many ZIP codes in the radius, SQLite checks the words row by row (`_sqlite_text_match`); beyond,
# the rows within the radius may outnumber the matches, and the list of matching employers drives instead.
TEXT_CHECK_PER_ROW_MAX_ZIPS = 500
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


def _sqlite_text_match(q):
    """On SQLite, a condition that the employer's own index entry is among the FTS matches of `q`, or None.

    For a search near a ZIP code: the rows within the radius are read from the ZIP index and each is checked
    by its index entry (a unique-index lookup) against the list of matching FTS rowids, built once. The
    other way round, `id IN (matches)` reads every matching index entry to get its employer id first
    (17,000 for "hospital" at 100,000 employers: 30 ms against 11 ms for the 4,500 rows within 25 miles
    of Rochester)."""
    if connection.vendor != "sqlite" or not _sqlite_fts_available():
        return None
    expression = fts5_expression(q)
    if not expression:
        return None
    from wagtail.search.models import IndexEntry

    # Only a constant is formatted in; the match expression is a parameter.
    sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608
    fts_rowids = RawSQL(sql, [f"{{title body}} : ({expression})"])  # noqa: S611
    own_entry = IndexEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(EmployerSnippet),
        object_id=Cast(OuterRef("pk"), CharField()),
        id__in=fts_rowids,
    )
    return Exists(own_entry)


def _postgres_text_search_pks(q):
    """PostgreSQL: the employers' own index entries matched first (the employer-only GIN index of
    site_search 0005; search.indexed). Wagtail's backend joins every employer to its entry on
    `object_id = id::text`, which no index serves (0.2-0.5 s for "hospital" at 100,000 employers)."""
    backend = get_search_backend()
    everyone = EmployerSnippet.objects.all()
    if not indexed.supports(backend, everyone):
        return None
    return indexed.matching_entry_ids(backend, everyone, search_query(q))


def text_search_pks(q):
    """A subquery of the pks of employers matching `q`."""
    if connection.vendor == "sqlite" and _sqlite_fts_available():
        pks = _sqlite_text_search_pks(q)
        if pks is not None:
            return pks
    if connection.vendor == "postgresql" and (pks := _postgres_text_search_pks(q)) is not None:
        return pks
    results = get_search_backend().search(search_query(q), EmployerSnippet.objects.all(), order_by_relevance=False)
    if hasattr(results, "get_queryset"):  # database backends: stay lazy, one SQL statement
        return results.get_queryset().values("pk")
    return [employer.pk for employer in results]  # other backends: a list of ids


class EmployerSearch:
    """Build once from the form's valid values; `page(number)` and `facets()` run the queries."""

    def __init__(self, values):
        self.values = values
        self.near = values["near"]
        self.radius = values["radius"]
        self.sort = values["sort"]
        self.base = EmployerSnippet.objects.public()
        self.has_text = bool(search_words(values["q"]))
        self.zip_miles = {}
        if self.near is not None:
            self.zip_miles = {zip_code: miles for miles, zip_code in geo.zips_within(self.near.zip_code, self.radius)}
        # Before the words: relevance ranking on PostgreSQL matches them itself (search.indexed).
        self.without_text = self.base.filter(zip_code__in=list(self.zip_miles)) if self.near is not None else self.base
        text_by_row = self.has_text and len(self.zip_miles) <= TEXT_CHECK_PER_ROW_MAX_ZIPS
        if text_by_row and (match := _sqlite_text_match(values["q"])) is not None:
            self.base = self.base.filter(match)
        elif self.has_text:
            pks = text_search_pks(values["q"])
            if isinstance(pks, RawSQL):
                # SQLite: with a plain `id IN (matches)` it reads every matching employer by primary key
                # (a quarter of the table for "hospital"); `id + 0` leaves it the box index instead.
                self.base = self.base.alias(text_match_id=F("pk") + 0).filter(text_match_id__in=pks)
            else:
                self.base = self.base.filter(pk__in=pks)
        # Without the radius: the page of a distance search replaces it with the page's few ZIP codes.
        self.unbounded = self.base
        if self.near is not None:
            self.base = self.base.filter(zip_code__in=list(self.zip_miles))
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

    def queryset(self, excluding=(), base=None):
        queryset = self.base if base is None else base
        for name, condition in self.dimension_filters.items():
            if name not in excluding and condition:
                queryset = queryset.filter(condition)
        return queryset

    def ordered(self):
        queryset = self.queryset()
        if self.sort == "verified":
            return queryset.order_by(F("last_verified").desc(nulls_last=True), "name", "pk")
        return queryset.order_by("name", "pk")

    def relevance_results(self):
        """Search results in relevance order, restricted to the filtered rows. On PostgreSQL read from the
        employers' index entries (search.indexed: matched through the GIN index, each match checked against
        the filters by primary key, ranked as Wagtail ranks, the page and the count in one query);
        elsewhere Wagtail's backend, with the filtered rows as a pk subquery."""
        backend = get_search_backend()
        query = search_query(self.values["q"])
        filtered = self.queryset(base=self.without_text)
        if connection.vendor == "postgresql" and indexed.supports(backend, filtered):
            return indexed.IndexedResults(backend, filtered, query, backend.query_compiler_class, prefetch=PER_PAGE)
        candidates = EmployerSnippet.objects.filter(pk__in=self.queryset().values("pk"))
        return backend.search(query, candidates, order_by_relevance=True)

    def results_source(self):
        if self.sort == "relevance" and self.has_text:
            return CountedResults(self.relevance_results(), self.total)
        if self.sort == "distance" and self.near is not None:
            return CountedResults(self, self.total, page=self.nearest_page)
        return CountedResults(self.ordered(), self.total)

    def nearest_page(self, start, stop):
        """Rows start..stop of the nearest-first order, reading only the ZIP codes that hold them.

        The order is (miles, name, pk) and every row of a ZIP has its miles, so the per-ZIP totals
        (from the counts query) say which ZIP codes hold the page and how many rows come before them.
        ZIP codes at the same distance (some share a point) are taken together, as their rows interleave by name."""
        page_miles, skipped, seen = [], 0, 0
        zip_totals = self.counts["by_zip"]
        for miles, zip_codes in self._zips_by_distance():
            rows = sum(zip_totals.get(zip_code, 0) for zip_code in zip_codes)
            if not rows:
                continue
            if seen + rows <= start:
                skipped += rows
            elif seen < stop:
                page_miles.append((miles, zip_codes))
            else:
                break
            seen += rows
        if not page_miles:
            return EmployerSnippet.objects.none()
        zip_codes = [zip_code for _miles, codes in page_miles for zip_code in codes]
        # Sorting the distance expression in SQL keeps the tie-break (name, pk) in the database.
        distance = self._distance((zip_code, miles) for miles, codes in page_miles for zip_code in codes)
        ordering = ("distance", "name", "pk")
        in_page_zips = self.queryset(base=self.unbounded).filter(zip_code__in=zip_codes).alias(distance=distance)
        # Ids first (an index-only read), then the 20 full rows, in the same single query.
        page_ids = in_page_zips.order_by(*ordering).values("pk")[start - skipped : stop - skipped]
        return EmployerSnippet.objects.filter(pk__in=page_ids).alias(distance=distance).order_by(*ordering)

    def nearest_first(self):
        """Every result nearest first (then name), for the API, which counts and slices it with limit and offset.
        A queryset sorted by a CASE over every ZIP code in the radius took 7 s at 250 miles (7,000 ZIP codes)."""
        return CountedResults(self, self.total, page=self.nearest_page)

    @staticmethod
    def _distance(zip_miles):
        return Case(
            *(When(zip_code=zip_code, then=Value(miles)) for zip_code, miles in zip_miles), output_field=FloatField()
        )

    def _zips_by_distance(self):
        groups = {}
        for zip_code, miles in self.zip_miles.items():
            groups.setdefault(miles, []).append(zip_code)
        return sorted(groups.items())

    def with_distances(self, employers):
        results = []
        for employer in employers:
            distance = None
            if self.near is not None and employer.latitude is not None:
                distance = self.zip_miles.get(employer.zip_code)
                if distance is None:  # not reached: the search only returns rows of these ZIP codes
                    distance = geo.distance_miles(
                        self.near.latitude, self.near.longitude, employer.latitude, employer.longitude
                    )
            results.append(EmployerResult(employer, distance))
        return results

    def _counts(self):
        """The number of results and every facet count, from grouped counts over the rows of the search.

        Each facet count applies every filter except its own dimension's (choosing a setting does not
        zero the other settings). Rows are counted by (ZIP code, hiring now, region) among those matching the
        settings filter: the total, the per-ZIP totals that cut a nearest-first page, and the region and
        hiring facets follow in Python (region comes from the ZIP code, so the groups are few). They are
        counted by their list of care settings among those matching the region and hiring filters: the
        settings facets. No per-row string matching: conditional counts (a LIKE per setting and row) took
        30 ms per 12,000 rows on SQLite, each grouped count 3 ms (an index-only read of employer_zip_page_idx).
        With words, one query groups by all four columns instead: the text match is the costly part, done once."""
        rows = self.queryset(excluding=("setting", "region", "hiring"))  # text, radius and job title apply to all
        columns = ["zip_code", "hiring_now", "region"]  # the index's order: SQLite groups without a sort
        # Count("*"), not Count("pk"): PostgreSQL's index holds no id, and asking for one makes it read the table.
        if self.has_text:
            groups = list(rows.order_by().values_list(*columns, "care_settings").annotate(rows=Count("*")))
            place_groups = [(z, h, r, n) for z, h, r, settings, n in groups if self._settings_match(settings)]
            settings_groups = [(settings, n) for _z, h, r, settings, n in groups if self._place_match(h, r)]
        else:
            settings_filter = self.dimension_filters["setting"]
            place_filter = self.dimension_filters["region"] & self.dimension_filters["hiring"]
            by_place = rows.filter(settings_filter) if settings_filter else rows
            by_settings = rows.filter(place_filter) if place_filter else rows
            place_groups = by_place.order_by().values_list(*columns).annotate(rows=Count("*"))
            settings_groups = by_settings.order_by().values_list("care_settings").annotate(rows=Count("*"))

        region, hiring = self.values["region"], self.values["hiring"]
        total, by_zip, hiring_count = 0, {}, 0
        region_counts = dict.fromkeys(dict(geo.REGION_CHOICES), 0)
        for zip_code, row_hiring, row_region, count in place_groups:
            region_ok = not region or row_region == region
            hiring_ok = not hiring or row_hiring
            if hiring_ok and row_region in region_counts:
                region_counts[row_region] += count
            if region_ok and row_hiring:
                hiring_count += count
            if region_ok and hiring_ok:
                total += count
                by_zip[zip_code] = by_zip.get(zip_code, 0) + count
        setting_counts = dict.fromkeys(CARE_SETTING_LABELS, 0)
        for settings, count in settings_groups:
            for setting in settings:
                if setting in setting_counts:
                    setting_counts[setting] += count
        return {
            "total": total,
            "by_zip": by_zip,
            "hiring": hiring_count,
            "regions": region_counts,
            "settings": setting_counts,
        }

    def _settings_match(self, settings):
        chosen = self.values["setting"]
        return not chosen or any(setting in settings for setting in chosen)

    def _place_match(self, hiring_now, region):
        return (not self.values["hiring"] or hiring_now) and (
            not self.values["region"] or region == self.values["region"]
        )

    @cached_property
    def counts(self):
        return self._counts()

    @property
    def total(self):
        return self.counts["total"]

    def facets(self):
        counts = self.counts
        return Facets(
            settings=[(value, label, counts["settings"][value]) for value, label in CARE_SETTING_CHOICES],
            regions=[(value, label, counts["regions"][value]) for value, label in geo.REGION_CHOICES],
            hiring=counts["hiring"],
        )


class CountedResults:
    """Results for the paginator with the count it would otherwise query for (already in `EmployerSearch.counts`)."""

    def __init__(self, source, count, page=None):
        self.source = source
        self._count = count
        self.page = page

    def count(self):
        return self._count

    def __len__(self):
        return self._count

    def __getitem__(self, key):
        if self.page is None:
            return self.source[key]
        if not isinstance(key, slice) or key.step is not None:
            raise TypeError("Only page slices of a nearest-first search are supported.")
        start, stop, _step = key.indices(self._count)
        return self.page(start, stop)
