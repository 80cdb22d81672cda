"""Searching live employers: text, filters, distance and facet counts in a fixed number of queries.

Distance: an employer's point is its ZIP code's (`EmployerSnippet.apply_zip`), so the ZIP codes within
the radius (`geo.zips_within`, great-circle, computed and cached in Python) select exactly the employers
within it: `zip_code IN (...)`, equality lookups on the index `employer_zip_page_idx` instead of a
two-dimensional range that a btree serves badly. The counts come grouped by ZIP code, so the page of a
nearest-first search is cut in Python: only the few nearest ZIP codes that hold the page's rows are read
again, in distance order, then name. The distance shown is the same great-circle distance.

Text search: on PostgreSQL each employer row carries a copy of its search index entry (directory migration
0009, kept by triggers), so the words are one more condition on the employer table: its GIN index and the
ZIP code index meet in a bitmap AND, and relevance is ranked from the copy exactly as Wagtail ranks the
entry. On SQLite the FTS5 table is read (see `_sqlite_text_match`); on other backends Wagtail's search,
combined with the filters by a `pk__in` subquery (the backends cannot filter on annotations, wagtail#2340).

A statewide text search (no ZIP code) that matches more than TEXT_COUNT_CAP employers is "broad": it says
"1,000+" instead of counting every match, shows no facet counts, and ranks the best matches among the first
TEXT_COUNT_CAP + 1 rows found (as site search does for its groups, search/indexed.py). Counting and ranking
17,000 matches ("hospital" at 100,000 employers) cost 70 ms and grow with the directory; a list that long
is narrowed by a ZIP code, a region or a setting, which the page asks for.
"""

import re
from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.db import connection
from django.db.models import Case, CharField, Count, Exists, F, FloatField, Func, OuterRef, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from wagtail.search.backends import get_search_backend
from wagtail.search.query import PlainText

from directory import geo, search_index
from directory.employers.models import CARE_SETTING_CHOICES, CARE_SETTING_LABELS, EmployerSnippet
from directory.fields import ChoiceListField
from search import indexed
from search.synonyms import expand_query, fts5_expression

PER_PAGE = 20
# A statewide text search matching more employers than this says "1,000+" (see the module docstring).
TEXT_COUNT_CAP = 1000
# Up to this many ZIP codes in the radius, SQLite checks the words row by row (`_sqlite_text_match`); beyond,
# the rows within the radius may outnumber the matches, and the list of matching employers drives instead.
TEXT_CHECK_PER_ROW_MAX_ZIPS = 500


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
    sql = search_index.sqlite_match_sql("CAST(e.object_id AS INTEGER)")
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
    sql = f"SELECT rowid FROM {search_index.FTS_TABLE} WHERE {search_index.FTS_TABLE} MATCH %s"  # noqa: S608
    fts_rowids = RawSQL(sql, [f"{{title body}} : ({expression})"])  # noqa: S611
    own_entry = IndexEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(EmployerSnippet),
        object_id=Cast(OuterRef("pk"), CharField()),
        id__in=fts_rowids,
    )
    return Exists(own_entry)


class EmployerSearchColumn(Func):
    """A column of the employer's copy of its search index entry (directory migration 0009; PostgreSQL only).
    The columns are not model fields, so that no save writes them; this reads one from the employer table
    of the query it is used in (the outer query or a subquery alike: the alias comes from the pk column)."""

    def __init__(self, column, output_field):
        super().__init__(F("pk"), output_field=output_field)
        self.column = column

    def as_sql(self, compiler, connection, **extra_context):
        pk_sql, params = compiler.compile(self.source_expressions[0])
        table = pk_sql.rsplit(".", 1)[0]  # the quoted alias of `"alias"."id"`
        return f"{table}.{connection.ops.quote_name(self.column)}", params


def _postgres_copy_available():
    """True on PostgreSQL with Wagtail's database search backend, the one whose entries the copy follows."""
    return connection.vendor == "postgresql" and indexed.supports(get_search_backend(), EmployerSnippet.objects.all())


def _postgres_text_parts(q):
    """(the copy's `title || body` vector, the tsquery, the rank expression) for `q`, built by Wagtail's
    PostgreSQL query compiler: the same stemming, synonyms and ranking as its own search."""
    backend = get_search_backend()
    query = search_query(q)
    compiler = backend.query_compiler_class(EmployerSnippet.objects.all(), query)
    config = compiler.get_config(backend)
    title = EmployerSearchColumn("search_title", SearchVectorField())
    body = EmployerSearchColumn("search_body", SearchVectorField())
    rank = compiler.build_tsrank(title, query, config=config) * EmployerSearchColumn(
        "search_title_norm", FloatField()
    ) + compiler.build_tsrank(body, query, config=config)
    return title._combine(body, "||", False), compiler.build_tsquery(query, config=config), rank


def text_search_pks(q):
    """A subquery of the pks of employers matching `q`."""
    if connection.vendor == "sqlite" and _sqlite_fts_available():
        pks = _sqlite_text_search_pks(q)
        if pks is not None:
            return pks
    if _postgres_copy_available():
        vector, tsquery, _rank = _postgres_text_parts(q)
        return EmployerSnippet.objects.alias(text_vector=vector).filter(text_vector=tsquery).values("pk")
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
        self.count_cap = TEXT_COUNT_CAP
        self.base = EmployerSnippet.objects.public()
        self.has_text = bool(search_words(values["q"]))
        self.zip_miles = {}
        if self.near is not None:
            self.zip_miles = {zip_code: miles for miles, zip_code in geo.zips_within(self.near.zip_code, self.radius)}
        text_by_row = self.has_text and len(self.zip_miles) <= TEXT_CHECK_PER_ROW_MAX_ZIPS
        self.rank = None  # PostgreSQL: the relevance of each row, from the copy of its index entry
        if self.has_text and _postgres_copy_available():
            vector, tsquery, self.rank = _postgres_text_parts(values["q"])
            self.base = self.base.alias(text_vector=vector).filter(text_vector=tsquery)
        elif text_by_row and (match := _sqlite_text_match(values["q"])) is not None:
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

    def relevance_results(self, sample=False):
        """Search results in relevance order, restricted to the filtered rows; with `sample`, the best among the
        first TEXT_COUNT_CAP + 1 rows found (a broad search). PostgreSQL ranks the rows' copies of their index
        entries as Wagtail ranks the entries (ties: newest first); SQLite ranks the FTS5 matches with bm25
        (`_sqlite_ranked_page`); other backends rank through Wagtail, with the filtered rows as a pk subquery."""
        rows = self.queryset()
        if sample:
            rows = EmployerSnippet.objects.filter(pk__in=rows.order_by().values("pk")[: self.count_cap + 1])
        if self.rank is not None:
            return rows.alias(rank=self.rank).order_by("-rank", "-pk")
        if connection.vendor == "sqlite" and _sqlite_fts_available() and fts5_expression(self.values["q"]):
            ranked_page = lambda start, stop: self._sqlite_ranked_page(rows, start, stop)  # noqa: E731
            # A broad search's total stops at the cap: every match (the API's) is counted here instead.
            count = rows.count() if self.broad and not sample else self.total
            return CountedResults(self, count, page=ranked_page)
        backend = get_search_backend()
        candidates = EmployerSnippet.objects.filter(pk__in=rows.values("pk"))
        return backend.search(search_query(self.values["q"]), candidates, order_by_relevance=True)

    def _sqlite_ranked_page(self, rows, start, stop):
        """Employers start..stop of `rows` in relevance order on SQLite: FTS5's bm25 over the matching index
        entries (title weighted double, as the training search ranks), ties newest first. Wagtail's SQLite backend
        scores each candidate with a subquery of its own: 6 s for a broad search at 100,000 employers."""
        content_type = ContentType.objects.get_for_model(EmployerSnippet)
        rows_sql, rows_params = rows.order_by().values("pk").query.sql_with_params()
        # Columns are (autocomplete, body, title); bm25 is lower for better matches. Only constants and Django's
        # compiled query are formatted in; the values are parameters.
        sql = (
            search_index.sqlite_match_sql(
                "CAST(e.object_id AS INTEGER) AS employer_id", f" AND CAST(e.object_id AS INTEGER) IN ({rows_sql})"
            )
            + f" ORDER BY bm25({search_index.FTS_TABLE}, 0.0, 1.0, 2.0), employer_id DESC LIMIT %s OFFSET %s"
        )
        match = f"{{title body}} : ({fts5_expression(self.values['q'])})"
        with connection.cursor() as cursor:
            cursor.execute(sql, [match, content_type.pk, *rows_params, max(stop - start, 0), start])
            ids = [row[0] for row in cursor.fetchall()]
        by_id = EmployerSnippet.objects.in_bulk(ids)
        return [by_id[pk] for pk in ids if pk in by_id]

    def results_source(self):
        if self.sort == "relevance" and self.has_text:
            return CountedResults(self.relevance_results(sample=self.broad), self.total)
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
        # The index's order: SQLite groups without a sort. The per-ZIP totals cut a nearest-first page only, so
        # words without a ZIP code group by a constant instead: their rows come from the text match, not the index
        # in order, and grouped by ZIP code they made thousands of groups to add up in Python.
        by_zip = self.near is not None or not self.has_text
        columns = ["zip_code" if by_zip else "no_zip", "hiring_now", "region"]
        if not by_zip:
            rows = rows.annotate(no_zip=Value("", output_field=CharField()))
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
    def broad(self):
        """A statewide text search matching more than TEXT_COUNT_CAP employers, before the facet filters: its
        counts are not computed (module docstring). Found by counting at most TEXT_COUNT_CAP + 1 rows."""
        if not self.has_text or self.near is not None:
            return False
        shared = self.queryset(excluding=("setting", "region", "hiring"))
        self._shared_count = shared.order_by()[: self.count_cap + 1].count()
        return self._shared_count > self.count_cap

    def _broad_counts(self):
        """The total of a broad search, counted up to TEXT_COUNT_CAP + 1; no facet counts."""
        if any(self.dimension_filters[name] for name in ("setting", "region", "hiring")):
            total = self.queryset().order_by()[: self.count_cap + 1].count()
        else:
            total = self._shared_count  # the same rows
        return {
            "total": min(total, self.count_cap),
            "more": total > self.count_cap,
            "by_zip": {},
            "hiring": None,
            "regions": dict.fromkeys(dict(geo.REGION_CHOICES)),
            "settings": dict.fromkeys(CARE_SETTING_LABELS),
        }

    @cached_property
    def counts(self):
        return self._broad_counts() if self.broad else self._counts()

    @property
    def more(self):
        """True when there are more results than `total` says (a broad search: "1,000+")."""
        return self.counts.get("more", False)

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
