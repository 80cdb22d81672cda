"""Searching live employers: words, filters, distance and facet counts in a fixed number of queries.

Written against the search layer (`search.matching`: the employers matching some words, or a page of them in
relevance order, from whichever Wagtail search backend the site uses) and plain queries on the employer's own
columns. Nothing here knows which backend or database answers.

Distance: an employer's point is its ZIP code's (`EmployerSnippet.apply_zip`), so the ZIP codes within the radius
(`geo.zips_within`, great-circle, computed and cached in Python) select exactly the employers within it:
`zip_code IN (...)`, equality lookups on the index `employer_zip_page_idx`. The counts come grouped by ZIP code, so
the page of a nearest-first search is cut in Python: only the few nearest ZIP codes that hold the page's rows are
read again, in distance order, then name. The distance shown is the same great-circle distance.

Broad searches are not counted to the end. A statewide search with words that match more than TEXT_COUNT_CAP
employers says "1,000+", shows no facet counts and ranks the best matches among the first TEXT_COUNT_CAP + 1 rows
found (as site search does for its groups). A search near a ZIP code with more than NEAR_COUNT_CAP employers in the
radius (before the care setting, region and hiring filters; with words or a care setting, more than TEXT_COUNT_CAP)
says "10,000+" ("1,000+"), counts the region and hiring facets up to the same cap ("10,000+" beyond; the ZIP code index
serves them), shows no care setting counts, ranks the best matches among the first rows found (sorted by relevance),
and cuts its nearest-first page from the ZIP codes nearest the centre only: without a care setting or job title filter,
every query reads at most a bounded number of rows, however many employers the directory holds.

Common words near a ZIP code are not read from the index (which reads every match before a LIMIT applies) when the
search backend can check each row on its own (`search.matching.row_match`): the search walks the radius in ZIP code
order, hiring rows first, and stops at the (count_cap + 1)th match, or at its bound (`walk_rows`), after which it reads
the index after all (`walking`, docs/employers.md).
"""

import math
import re
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import CharField, Count, F, FloatField, Q, Value
from django.db.models.expressions import Case, RawSQL, When
from django.utils.translation import gettext

from directory import geo
from directory.employers.models import CARE_SETTING_CHOICES, CARE_SETTING_LABELS, EmployerSnippet
from directory.fields import ChoiceListField
from directory.search_options import RESULTS_PER_PAGE
from search.matching import (
    filter_matching,
    match_estimate,
    ranked_pks,
    reading_matches,
    row_match,
    row_rank,
    walking_rows,
)

PER_PAGE = RESULTS_PER_PAGE
# A statewide text search matching more employers than this says "1,000+" (see the module docstring).
TEXT_COUNT_CAP = 1000
# A search near a ZIP code with more employers than this in the radius says "10,000+".
NEAR_COUNT_CAP = 10000
# Up to this many ZIP codes in the radius, the rows within it are few enough to check each against the words.
SELECTIVE_MAX_ZIPS = 500
# Near a ZIP code, words that the search backend expects in more than count_cap rows of the radius, and in at least
# this fraction of them, are checked row by row, walking the radius until count_cap + 1 match (module docstring).
WALK_MIN_FRACTION = 0.1
# A walk reads at most this many rows, then the search reads the matches from the index instead.
WALK_MAX_ROWS = 20_000


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
            return gettext("less than 0.1 miles")
        return gettext("%(miles)s miles") % {"miles": f"{self.distance:.1f}"}


@dataclass
class Facets:
    settings: list = field(default_factory=list)  # (value, label, count as `hiring`)
    regions: list = field(default_factory=list)
    hiring: int | str | None = 0  # a count, "10,000+" beyond a broad search's cap, or None: not counted


def zip_region(zip_code):
    info = geo.lookup_zip(zip_code)
    return info.ny_region if info else ""


def search_words(q):
    """The words of `q`: a search with none (only punctuation, say) is no text search."""
    return " ".join(re.findall(r"\w+", q or ""))


class SearchRows:
    """Results for the paginator (and the API's pagination) with the count known already: `fetch(start, stop)`
    reads one page."""

    def __init__(self, count, fetch):
        self._count = count
        self.fetch = fetch

    def count(self):
        return self._count

    def __len__(self):
        return self._count

    def __getitem__(self, key):
        if not isinstance(key, slice) or key.step is not None:
            raise TypeError("Search results are read a page (a slice) at a time.")
        start, stop, _step = key.indices(self._count)
        return self.fetch(start, stop) if stop > start else []


class EmployerSearch:
    """Build once from the form's valid values; `results_source()`, `facets()` and the counts run the queries."""

    def __init__(self, values):
        self.values = values
        self.near = values["near"]
        self.radius = values["radius"]
        self.sort = values["sort"]
        self.has_text = bool(search_words(values["q"]))
        self.zip_miles = {}
        if self.near is not None:
            self.zip_miles = {zip_code: miles for miles, zip_code in geo.zips_within(self.near.zip_code, self.radius)}
        # Words or a care setting cap the count lower: each row counted is checked against them (no index serves a
        # setting, one of a list in a column), and near a ZIP code they match ten times as many rows in a directory
        # ten times as large.
        checked_per_row = self.has_text or bool(values["setting"])
        self.count_cap = NEAR_COUNT_CAP if self.near is not None and not checked_per_row else TEXT_COUNT_CAP
        self._known_rows = 0
        self.public_rows = EmployerSnippet.objects.public()
        self.dimension_filters = {
            "setting": self._setting_filter(values["setting"]),
            "region": Q(region=values["region"]) if values["region"] else Q(),
            "job_title": self._job_title_filter(values["job_title"]),
            "hiring": Q(hiring_now=True) if values["hiring"] else Q(),
        }
        self.walk_match, self.walk_rows = None, 0
        # The ZIP code index serves a walk of a radius of up to SELECTIVE_MAX_ZIPS ZIP codes in their order; for a
        # wider one PostgreSQL plans another index and sorts every row.
        if self.has_text and self.near is not None and len(self.zip_miles) <= SELECTIVE_MAX_ZIPS:
            radius = self.public_rows.filter(zip_code__in=list(self.zip_miles))
            # The care setting and job title are checked on each row walked too: the matches expected are of both,
            # among all the rows of the radius.
            checked = self.dimension_filters["setting"] & self.dimension_filters["job_title"]
            estimate = match_estimate(radius.filter(checked) if checked else radius, values["q"])
            if estimate is not None:
                matches, rows = estimate
                if checked:
                    rows = (match_estimate(radius, values["q"]) or (0, 0))[1]
                fraction = matches / rows if rows else 0
                # More matches expected than the cap (under it, the index reads them all at once), densely enough
                # for the walk to stop soon.
                if matches > self.count_cap and fraction >= WALK_MIN_FRACTION:
                    self.walk_match = row_match(self.public_rows, values["q"])
                    self.walk_rows = min(WALK_MAX_ROWS, math.ceil(3 * (self.count_cap + 1) / fraction))
        # A row's region is its ZIP code's (EmployerSnippet.apply_zip), so a region filter near a ZIP code keeps the
        # radius's ZIP codes of that region only: the other ZIP codes' rows are never read to be filtered out.
        self.region_zips = None
        if self.near is not None and values["region"]:
            self.region_zips = [zip_code for zip_code in self.zip_miles if zip_region(zip_code) == values["region"]]
        self._set_bases()

    @property
    def walking(self):
        """True when the words are checked row by row on a walk of the radius (module docstring)."""
        return self.walk_match is not None

    def _set_bases(self):
        """The rows of the search before the facet filters: `base` (words and radius), `unbounded` (words only: the
        page of a distance search replaces the radius with the page's few ZIP codes), and the same without the words
        (`base_rows`, `unbounded_rows`), which a walk checks against them row by row."""
        self.unbounded_rows = self.public_rows
        self.unbounded = self.public_rows
        if self.has_text:
            if self.walking:
                self.unbounded = self.public_rows.filter(self.walk_match)
            else:
                # A small radius leaves few rows: each is better checked against the matches than every match read.
                selective = self.near is not None and len(self.zip_miles) <= SELECTIVE_MAX_ZIPS
                self.unbounded = filter_matching(self.public_rows, self.values["q"], selective=selective)
        self.base, self.base_rows = self.unbounded, self.unbounded_rows
        if self.near is not None:
            self.base = self.unbounded.filter(zip_code__in=list(self.zip_miles))
            self.base_rows = self.unbounded_rows.filter(zip_code__in=list(self.zip_miles))

    def _stop_walking(self):
        """The walk met its bound before it found count_cap + 1 matches: the words are rare here after all, and the
        index serves them better."""
        self.walk_match = None
        self._set_bases()

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

    def queryset(self, excluding=(), base=None, words=True):
        """The rows of the search with its facet filters except those `excluding`; with `words=False` without the
        words (for a walk)."""
        if base is None:
            base = self.base if words else self.base_rows
            if self.region_zips is not None and "region" not in excluding:
                base = (self.unbounded if words else self.unbounded_rows).filter(zip_code__in=self.region_zips)
        queryset = base
        for name, condition in self.dimension_filters.items():
            if name not in excluding and condition:
                queryset = queryset.filter(condition)
        return queryset

    def shared(self, words=True):
        """The rows every count applies to: words, radius and job title, before the facet filters."""
        return self.queryset(excluding=("setting", "region", "hiring"), words=words)

    def ordered(self):
        queryset = self.queryset()
        if self.sort == "verified":
            return queryset.order_by(F("last_verified").desc(nulls_last=True), "name", "pk")
        return queryset.order_by("name", "pk")

    # -- relevance ------------------------------------------------------------------------

    def _walk(self, queryset):
        """The context of one query that walks rows (`walking`): search.matching.walking_rows."""
        return walking_rows(queryset) if self.walking else nullcontext()

    def relevance_page(self, rows, start, stop):
        """Employers start..stop of `rows` in relevance order, ranked by the search backend."""
        with self._walk(rows):
            pks = ranked_pks(rows.order_by(), self.values["q"], start, stop - start)
        return self._employers(pks)

    @staticmethod
    def _employers(pks):
        by_pk = EmployerSnippet.objects.in_bulk(pks)
        return [by_pk[pk] for pk in pks if pk in by_pk]

    def relevance_results(self, sample=False, count=None):
        """Search results in relevance order, restricted to the filtered rows; with `sample`, the best among the
        first TEXT_COUNT_CAP + 1 rows found (a broad search)."""
        rows = self.queryset()
        filtered = any(self.dimension_filters[name] for name in ("setting", "region", "hiring"))
        if sample and self.walking and not filtered:
            # The matches the count's walk found and ranked (`_first_rows`, read to know the search is broad), best
            # first, ties newest first as `ranked_pks` orders them.
            ranked = [pk for pk, _rank in sorted(self.walk_found, key=lambda found: (-(found[1] or 0), -found[0]))]
            count = self.total if count is None else count
            return SearchRows(count, lambda start, stop: self._employers(ranked[start:stop]))
        elif sample and self.walking:
            # The matches a walk of the filtered rows finds first (at most count_cap + 1), bounded as the count's.
            walk_sql, params = self._walk_sql(self.queryset(words=False), ["pk"])
            found = RawSQL(f"SELECT pk FROM ({walk_sql}) AS walk WHERE matched", params)  # noqa: S611, S608
            rows = EmployerSnippet.objects.filter(pk__in=found)
        elif sample:
            rows = EmployerSnippet.objects.filter(pk__in=rows.order_by().values("pk")[: self.count_cap + 1])
        count = self.total if count is None else count
        return SearchRows(count, lambda start, stop: self.relevance_page(rows, start, stop))

    def results_source(self):
        if self.sort == "relevance" and self.has_text:
            return self.relevance_results(sample=self.broad)
        if self.sort == "distance" and self.near is not None:
            return SearchRows(self.total, self.nearest_page)
        return SearchRows(self.total, lambda start, stop: self.ordered()[start:stop])

    # -- distance -------------------------------------------------------------------------

    def nearest_page(self, start, stop):
        """Rows start..stop of the nearest-first order, reading only the ZIP codes that hold them.

        The order is (miles, name, pk) and every row of a ZIP has its miles, so the per-ZIP totals say which ZIP codes
        hold the page and how many rows come before them. ZIP codes at the same distance (some share a point) are
        taken together, as their rows interleave by name."""
        groups = self._zip_groups
        counted = self.__dict__.get("counts")  # the page's counts, when they were made (not the API's)
        zip_totals = counted["by_zip"] if counted else None
        if zip_totals is None:  # a broad search, or the API: the totals of the nearest ZIP codes only
            zip_totals = self._nearest_zip_totals(groups, stop)
        page_miles, skipped, seen = [], 0, 0
        for miles, zip_codes in groups:
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
        # One point's ZIP codes (a page inside a city centre's): one distance, so the order is the name index's.
        ordering = ("distance", "name", "pk") if len(page_miles) > 1 else ("name", "pk")
        in_page_zips = self.queryset(base=self.unbounded).filter(zip_code__in=zip_codes).alias(distance=distance)
        # Ids first (an index-only read), then the 20 full rows, in the same single query.
        page_ids = in_page_zips.order_by(*ordering).values("pk")[start - skipped : stop - skipped]
        if self.walking:
            with self._walk(in_page_zips):  # the ids now: the walk's plan applies to this query only
                page_ids = list(page_ids.values_list("pk", flat=True))
        return EmployerSnippet.objects.filter(pk__in=page_ids).alias(distance=distance).order_by(*ordering)

    def _nearest_zip_totals(self, groups, stop):
        """Per-ZIP totals of the ZIP codes nearest the centre that hold the first `stop` rows (and a few more).

        The nearest ZIP codes are counted, as many as should hold twice `stop` rows at the density of the radius
        (`known_rows` of them over all its ZIP codes), then twice as many until they hold `stop` (or all are)."""
        density = max(self.known_rows, 1) / max(sum(len(codes) for _miles, codes in groups), 1)
        wanted = max(1, math.ceil(2 * stop / density))
        totals, counted = {}, 0
        if self.walking and groups:
            # A walk's count stops at the cap wherever the walk got to, which says little of the density. The nearest
            # point first, its count capped at `stop`: it often holds the whole page (a city centre's point can hold
            # dozens of ZIP codes); then from there out, doubling.
            _miles, nearest = groups[0]
            first = self._capped_count(zips=nearest, cap=stop)
            totals[nearest[0]] = first  # the point's ZIP codes are taken together: their sum is what counts
            if first >= stop:
                return totals
            counted, wanted = 1, 2
        while True:
            # Only the ZIP codes not counted yet: each round reads new rows.
            nearest = [zip_code for _miles, codes in groups[counted:wanted] for zip_code in codes]
            rows = self.queryset(base=self.unbounded).filter(zip_code__in=nearest)
            with self._walk(rows):
                totals.update(rows.order_by().values_list("zip_code").annotate(rows=Count("*")))
            counted = min(wanted, len(groups))
            if sum(totals.values()) >= stop or counted >= len(groups):
                return totals
            wanted *= 2

    @property
    def known_rows(self):
        """How many rows the search is known to have (at least), for `_nearest_zip_totals`."""
        counted = self.__dict__.get("counts")
        if counted:
            return counted.get("shared", counted["total"])
        return self._known_rows

    def nearest_first(self, count):
        """Every result nearest first (then name), for the API, which slices it with limit and offset."""
        self._known_rows = count
        return SearchRows(count, self.nearest_page)

    @staticmethod
    def _distance(zip_miles):
        return Case(
            *(When(zip_code=zip_code, then=Value(miles)) for zip_code, miles in zip_miles), output_field=FloatField()
        )

    @cached_property
    def _zip_groups(self):
        """The ZIP codes of the radius grouped by distance (some share a point), nearest first."""
        groups = {}
        allowed = None if self.region_zips is None else set(self.region_zips)
        for zip_code, miles in self.zip_miles.items():
            if allowed is None or zip_code in allowed:
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

    # -- counts ---------------------------------------------------------------------------

    def _walk_sql(self, rows, columns, hiring_first=True, cap=None, annotations=None):
        """(sql, params) of the walk of `rows` (without the words): `columns`, `matched` and `walk_end` of the rows
        matching the words, checked one by one in the walk's order, at most count_cap + 1 of them; and, when the walk
        reaches its bound (`walk_rows` rows) first, that last row marked `walk_end`. With `hiring_first`, the rows
        hiring now are walked first (the capped hiring count then comes with the total). `annotations` are more
        columns (expressions by name)."""
        annotations = annotations or {}
        match = {"matched": self.walk_match, **annotations}
        columns = [*columns, *annotations]
        parts = [rows.filter(hiring_now=True), rows.filter(hiring_now=False)] if hiring_first else [rows]
        # In ZIP code order: the plan then walks the ZIP code index (another index, on name say, would read rows of
        # the whole directory to find those of the radius).
        parts = [part.order_by("zip_code").annotate(**match).values_list(*columns, "matched") for part in parts]
        walk = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        sql, params = walk[: self.walk_rows].query.sql_with_params()
        names = ", ".join(connections[rows.db].ops.quote_name(column) for column in columns)
        # row_number() numbers the rows as the walk reads them; the LIMIT stops the walk at the (count_cap + 1)th
        # match or at its bound, whichever comes first.
        sql = (
            f"SELECT {names}, matched, walked_row = %s AS walk_end FROM ("  # noqa: S608 - names and the ORM's SQL
            f"SELECT radius_rows.*, row_number() OVER () AS walked_row FROM ({sql}) AS radius_rows) AS walk "
            f"WHERE matched OR walked_row = %s LIMIT %s"
        )
        return sql, [self.walk_rows, *params, self.walk_rows, self.count_cap + 1 if cap is None else cap]

    def _walked_first_rows(self, columns):
        """`_first_rows` by a walk (`walking`), with the groups even beyond the cap (they count hiring: the walk read
        hiring rows first); None when the walk met its bound first."""
        rows = self.shared(words=False)  # near a ZIP code: by ZIP code
        # Sorted by relevance, the rank of each match found too (only of matches: a rank costs more than a match).
        ranked = {}
        if self.sort == "relevance":
            ranked = {"walk_rank": Case(When(self.walk_match, then=row_rank(self.public_rows, self.values["q"])))}
        sql, params = self._walk_sql(rows, [*columns, "pk"], annotations=ranked)
        # At most count_cap + 2 rows: grouped here, and their ids (and ranks) kept for a relevance sample.
        with self._walk(rows), connections[rows.db].cursor() as cursor:
            cursor.execute(sql, params)
            found = cursor.fetchall()
        if any(walk_end for *_row, walk_end in found):
            return None
        groups = Counter((zip_code, bool(hiring), region, settings) for zip_code, hiring, region, settings, *_ in found)
        # (pk, rank or None) of each match: every row found is one, the bound's row aside (then not walking).
        self.walk_found = [(row[4], row[5] if ranked else None) for row in found]
        return len(found), [
            (zip_code, hiring, region, ChoiceListField.to_list(settings), count)
            for (zip_code, hiring, region, settings), count in groups.items()
        ]

    @cached_property
    def _first_rows(self):
        """(number of rows, groups) of the first `count_cap` + 1 rows of the search before the facet filters (words,
        radius, job title). The groups, by (ZIP code, hiring now, region, care settings), are (zip_code, hiring,
        region, settings, rows) tuples; none when there are more than `count_cap` rows (then unused).

        One read answers both questions: whether the search is broad (more than `count_cap` rows) and, when it is
        not, every count (the facet filters are applied to the groups in Python). The text match, the costly part,
        runs once. Without a ZIP code the groups are by a constant instead of the ZIP code: per-ZIP totals only cut a
        nearest-first page, and grouped by ZIP code they made thousands of groups to add up in Python."""
        by_zip = self.near is not None
        columns = ["zip_code" if by_zip else "no_zip", "hiring_now", "region", "care_settings"]
        if self.walking:
            walked = self._walked_first_rows(columns)
            if walked is not None:
                return walked
            self._stop_walking()
        rows = self.shared()
        if not by_zip:
            rows = rows.annotate(no_zip=Value("", output_field=CharField()))
        first = rows.order_by().values_list(*columns)[: self.count_cap + 1]
        try:
            sql, params = first.query.sql_with_params()
        except EmptyResultSet:  # a condition nothing can meet (no keyword matches, as a list of ids)
            return 0, []
        connection = connections[first.db]
        names = ", ".join(connection.ops.quote_name(column) for column in columns)
        # Grouped outside the LIMIT: GROUP BY over a slice is not expressible in the ORM. The rows are read once (a
        # WITH query used twice is materialized) and counted (the row marked 1); a broad search's groups are not
        # used, and the condition on the count, known before the grouping starts, skips grouping its rows.
        grouped = (
            f"WITH first_rows AS ({sql}) "  # noqa: S608 - column names and the ORM's SQL
            f"SELECT 1, NULL, NULL, NULL, NULL, COUNT(*) FROM first_rows "
            f"UNION ALL SELECT * FROM (SELECT 0, {names}, COUNT(*) FROM first_rows "
            f"WHERE (SELECT COUNT(*) FROM first_rows) <= %s GROUP BY {names}) AS place_groups"
        )
        # A read of many matches: the search backend may tune the database for this query (search.matching).
        reading = reading_matches(first) if self.has_text else nullcontext()
        with reading, connection.cursor() as cursor:
            cursor.execute(grouped, [*params, self.count_cap])
            rows = cursor.fetchall()
        total = next(count for is_total, *_group, count in rows if is_total)
        groups = [
            (zip_code, bool(hiring_now), region, ChoiceListField.to_list(settings), count)
            for is_total, zip_code, hiring_now, region, settings, count in rows
            if not is_total
        ]
        return total, groups

    def _counts(self):
        """The number of results and every facet count, from grouped counts over the rows of the search.

        Each facet count applies every filter except its own dimension's (choosing a setting does not zero the other
        settings). Near a ZIP code or with words, the groups of `_first_rows` (all the rows: the search is not
        broad) give them all. Otherwise (the whole directory, no words) rows are counted by (ZIP code, hiring now,
        region) among those matching the settings filter: the total, the region and hiring facets follow in Python
        (region comes from the ZIP code, so the groups are few); and by their list of care settings among those
        matching the region and hiring filters: the settings facets. No per-row string matching in the counts (a
        LIKE per setting and row)."""
        if self.has_text or self.near is not None:
            _total, groups = self._first_rows
            place_groups = [(z, h, r, n) for z, h, r, settings, n in groups if self._settings_match(settings)]
            settings_groups = [(settings, n) for _z, h, r, settings, n in groups if self._place_match(h, r)]
        else:
            rows = self.shared()
            settings_filter = self.dimension_filters["setting"]
            place_filter = self.dimension_filters["region"] & self.dimension_filters["hiring"]
            by_place = rows.filter(settings_filter) if settings_filter else rows
            by_settings = rows.filter(place_filter) if place_filter else rows
            # Count("*"), not Count("pk"): an index without the id then serves the count without reading the table.
            columns = ["zip_code", "hiring_now", "region"]
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

    def _capped_count(self, excluding=(), zips=None, hiring=False, cap=None):
        """How many rows the search has with its facet filters except those `excluding`, only in `zips` if given,
        only hiring now with `hiring`, reading at most `cap` (count_cap + 1) of them (a walk, `walking`, when it
        can)."""
        cap = self.count_cap + 1 if cap is None else cap

        def rows(words):
            if zips is None:
                queryset = self.queryset(excluding=excluding, words=words)
            else:
                unbounded = self.unbounded if words else self.unbounded_rows
                queryset = self.queryset(excluding=excluding, base=unbounded).filter(zip_code__in=zips)
            return queryset.filter(hiring_now=True) if hiring else queryset

        if self.walking:
            walked = rows(words=False)
            sql, params = self._walk_sql(walked, ["hiring_now"], hiring_first=False, cap=cap)
            counted = (
                "SELECT COALESCE(SUM(CASE WHEN matched THEN 1 ELSE 0 END), 0), "  # noqa: S608 - the ORM's SQL
                f"COALESCE(MAX(CASE WHEN walk_end THEN 1 ELSE 0 END), 0) FROM ({sql}) AS walk"
            )
            with self._walk(walked), connections[walked.db].cursor() as cursor:
                cursor.execute(counted, params)
                count, walk_end = cursor.fetchone()
            if not walk_end:
                return count
        return rows(words=True).order_by()[:cap].count()

    @cached_property
    def broad(self):
        """More than `count_cap` rows before the facet filters: a statewide text search (no facet counts, module
        docstring) or a search near a ZIP code (capped facet counts). Found by reading at most `count_cap` + 1 rows
        (`_first_rows`)."""
        if not self.has_text and self.near is None:
            return False
        self._shared_count, _groups = self._first_rows
        return self._shared_count > self.count_cap

    def _broad_counts(self):
        """The total of a broad search, counted up to `count_cap` + 1; region and hiring counts only near a ZIP code,
        each up to `count_cap` + 1."""
        if any(self.dimension_filters[name] for name in ("setting", "region", "hiring")):
            total = self._capped_count()
        else:
            total = self._shared_count  # the same rows
        self._filtered_count = total
        counts = {
            "total": min(total, self.count_cap),
            "more": total > self.count_cap,
            "shared": self._shared_count,
            "by_zip": None,
            "hiring": None,
            "regions": dict.fromkeys(dict(geo.REGION_CHOICES)),
            "settings": dict.fromkeys(CARE_SETTING_LABELS),
        }
        if self.near is not None:
            counts.update(self._capped_facet_counts())
        return counts

    def _capped_facet_counts(self):
        """The region and hiring facets' counts near a ZIP code, up to `count_cap` + 1 rows each. The region of a row
        is its ZIP code's, so a region's rows are those of its ZIP codes in the radius: equality lookups on the ZIP
        index, as is hiring now (the next column of that index)."""
        zips_by_region = {}
        for zip_code in self.zip_miles:
            zips_by_region.setdefault(zip_region(zip_code), []).append(zip_code)
        regions = dict.fromkeys(dict(geo.REGION_CHOICES), 0)
        if len(zips_by_region) == 1 and not self.values["region"]:  # one region: its count is the total
            region = next(iter(zips_by_region))
            if region in regions:
                regions[region] = self._filtered_count
            return {"hiring": self._hiring_count(), "regions": regions}
        for region in regions:
            if zips_by_region.get(region):
                regions[region] = self._capped_count(excluding=("region",), zips=zips_by_region[region])
        # No care setting counts: no index serves a setting (one of a list in a column), so even a capped count of a
        # rare one reads every row in the radius.
        return {"hiring": self._hiring_count(), "regions": regions}

    def _hiring_count(self):
        if self.values["hiring"]:
            return self._filtered_count  # the same rows
        if self.walking and not self.values["region"] and not self.values["setting"]:
            # The walk of `_first_rows` read the hiring rows first: its groups hold them all, or count_cap + 1.
            _total, groups = self._first_rows
            return sum(rows for _zip, hiring, _region, _settings, rows in groups if hiring)
        return self._capped_count(hiring=True)

    @cached_property
    def counts(self):
        return self._broad_counts() if self.broad else self._counts()

    @property
    def more(self):
        """True when there are more results than `total` says ("1,000+", "10,000+")."""
        return self.counts.get("more", False)

    @property
    def total(self):
        return self.counts["total"]

    def facets(self):
        """The facet counts as shown: a capped count beyond the cap reads "10,000+"."""
        counts = self.counts
        cap = self.count_cap if self.broad and self.near is not None else None

        def shown(count):
            return f"{cap:,}+" if cap is not None and count is not None and count > cap else count

        return Facets(
            settings=[(value, label, shown(counts["settings"][value])) for value, label in CARE_SETTING_CHOICES],
            regions=[(value, label, shown(counts["regions"][value])) for value, label in geo.REGION_CHOICES],
            hiring=shown(counts["hiring"]),
        )
