"""The training search behind /trainings/ (served by TrainingIndexPage).

How a search runs, in a fixed number of SQL queries whatever the number of results:
- structured filters (credential, format, career, language, schedule, max_cost) are plain ORM filters;
- keywords go through Wagtail search; the matches join the ORM query as a `pk__in` subquery, because
  annotating or filtering Wagtail search results on a computed distance breaks (wagtail#2340);
- near a ZIP: a latitude/longitude bounding box on indexed columns, then the exact haversine distance
  for the rows in the box; online programs are always included;
- facet counts: one grouped query per facet, each with every filter except its own.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, F, FloatField, Prefetch, Q, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import ASin, Cos, Power, Radians, Sin, Sqrt
from django.template.response import TemplateResponse

from career_pages.models import CareerPage
from directory import geo
from directory.forms import TRAINING_RADIUS_CHOICES, TrainingSearchForm
from directory.models.trainings import (
    Credential,
    DeliveryFormat,
    Schedule,
    TrainingLanguage,
    TrainingPage,
)

RESULTS_PER_PAGE = 20
FTS_TABLE = "wagtailsearch_indexentry_fts"
INDEX_TABLE = "wagtailsearch_indexentry"
FILTER_PARAMS = ["credential", "format", "career", "language", "schedule", "max_cost"]


def haversine_expression(latitude, longitude):
    """Great-circle distance in miles from (latitude, longitude) to each row, as a database expression."""
    lat0 = Value(latitude, output_field=FloatField())
    lon0 = Value(longitude, output_field=FloatField())
    half_dlat = (Radians(F("latitude")) - Radians(lat0)) / 2
    half_dlon = (Radians(F("longitude")) - Radians(lon0)) / 2
    a = Power(Sin(half_dlat), 2) + Cos(Radians(lat0)) * Cos(Radians(F("latitude"))) * Power(Sin(half_dlon), 2)
    return Value(2 * geo.EARTH_RADIUS_MILES, output_field=FloatField()) * ASin(Sqrt(a))


def apply_filters(queryset, params, skip=None):
    """The structured filters of `params`, except the one named `skip` (for its own facet counts)."""
    if params["credential"] and skip != "credential":
        queryset = queryset.filter(credential__in=params["credential"])
    if params["format"] and skip != "format":
        queryset = queryset.filter(delivery_format__in=params["format"])
    if params["career"] and skip != "career":
        queryset = queryset.filter(related_careers__slug=params["career"])
    if params["language"] and skip != "language":
        queryset = queryset.filter(languages__code=params["language"])
    if params["schedule"] and skip != "schedule":
        queryset = queryset.filter(schedule=params["schedule"])
    if params["max_cost"] is not None and skip != "max_cost":
        queryset = queryset.filter(cost__lte=params["max_cost"])
    return queryset


def _fts_match_expression(query):
    """FTS5 syntax for all the words of `query` (already reduced to \\w+ words by the form)."""
    terms = " AND ".join(f'"{term}"' for term in query.split() if term.replace('"', ""))
    return f"{{title body}} : ({terms})"


def _sqlite_fts_sql(select):
    # FTS first, then the index entry by primary key: SQLite otherwise walks every index entry of the
    # content type and re-runs MATCH for each (about 1 s at 10,000 trainings).
    # Only constants are interpolated; the match expression and content type are parameters.
    return (
        f"SELECT {select} FROM {FTS_TABLE} CROSS JOIN {INDEX_TABLE} e ON e.id = {FTS_TABLE}.rowid "  # noqa: S608
        f"WHERE {FTS_TABLE} MATCH %s AND e.content_type_id = %s"
    )


def keyword_matches(queryset, query):
    """Primary keys of the trainings matching `query` through Wagtail search, as a subquery."""
    if connection.vendor == "sqlite":
        content_type = ContentType.objects.get_for_model(TrainingPage)
        sql = _sqlite_fts_sql("CAST(e.object_id AS INTEGER)")
        return RawSQL(sql, [_fts_match_expression(query), content_type.pk])  # noqa: S611 - parameters only
    results = queryset.search(query, operator="and", order_by_relevance=False)
    # The database backends expose the matching queryset; using it as a subquery keeps keywords,
    # filters and distance in one SQL query.
    return results.get_queryset().values("pk")


def sqlite_ranked_ids(query):
    """[(training id, bm25 score)] for every match, best first (SQLite: FTS5's own ranking, one query)."""
    content_type = ContentType.objects.get_for_model(TrainingPage)
    # Columns are (autocomplete, body, title): title counts double, as Page.search_fields boosts it.
    sql = (
        _sqlite_fts_sql(f"CAST(e.object_id AS INTEGER), bm25({FTS_TABLE}, 0.0, 1.0, 2.0) AS score") + " ORDER BY score"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [_fts_match_expression(query), content_type.pk])
        return cursor.fetchall()


class RankedPage(list):
    """A list of ids sorted by relevance, sliced lazily into TrainingPages by the paginator."""

    def __init__(self, ids, queryset):
        super().__init__(ids)
        self.queryset = queryset

    def __getitem__(self, key):
        ids = list.__getitem__(self, key)
        if not isinstance(key, slice):
            return ids
        by_id = {training.pk: training for training in self.queryset.filter(pk__in=ids)}
        return [by_id[pk] for pk in ids if pk in by_id]


def apply_near(queryset, origin, radius):
    """Trainings within `radius` miles of `origin` (a geo.ZipInfo), plus every online program."""
    box = geo.bounding_box(origin.latitude, origin.longitude, radius)
    return queryset.annotate(distance=haversine_expression(origin.latitude, origin.longitude)).filter(
        Q(**box.as_filter(), distance__lte=radius) | Q(delivery_format=DeliveryFormat.ONLINE)
    )


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class TrainingSearch:
    params: dict
    results: object  # a django.core.paginator.Page of TrainingPage
    total: int
    facets: dict = field(default_factory=dict)


class TrainingSearcher:
    def __init__(self, params, careers, languages):
        self.params = params
        self.careers = careers  # [(slug, title)]
        self.languages = languages  # [(code, name)]
        # public() reads the view restrictions once; the queryset is then reused (and cloned) freely.
        self._base = TrainingPage.objects.live().public()
        # Results load their provider and careers in two queries whatever their number (no N+1).
        self._display = self._base.select_related("provider").prefetch_related(
            Prefetch("related_careers", queryset=CareerPage.objects.live().order_by("title"))
        )

    def base_queryset(self):
        return self._base.all()

    def matching(self, skip=None, keywords=True):
        """Every filter, keyword and distance condition (minus `skip`), unordered."""
        params = self.params
        queryset = apply_filters(self.base_queryset(), params, skip=skip)
        if params["q"] and keywords:
            queryset = queryset.filter(pk__in=keyword_matches(self.base_queryset(), params["q"]))
        if params["near"]:
            queryset = apply_near(queryset, params["near"], params["radius"])
        return queryset

    def ordered(self):
        params = self.params
        sort = params["sort"]
        if sort == "relevance" and params["q"] and connection.vendor == "sqlite":
            # Wagtail's SQLite backend scores each row with its own MATCH subquery (seconds at 10,000
            # trainings); FTS5 ranks every match in one query instead, then the filters keep theirs.
            ranked = sqlite_ranked_ids(params["q"])
            allowed = set(
                self.matching(keywords=False).filter(pk__in=[pk for pk, _score in ranked]).values_list("pk", flat=True)
            )
            return RankedPage([pk for pk, _score in ranked if pk in allowed], self._display)
        if sort == "relevance" and params["q"]:
            # Wagtail orders by its relevance score; the other conditions join as a subquery.
            matching_ids = self.matching(keywords=False).values("pk")
            return self._display.filter(id__in=matching_ids).search(params["q"], operator="and")
        queryset = (
            self.matching()
            .select_related("provider")
            .prefetch_related(Prefetch("related_careers", queryset=CareerPage.objects.live().order_by("title")))
        )
        if sort == "distance":
            ordering = [F("distance").asc(nulls_last=True), "title"]
        elif sort == "cost":
            ordering = [F("cost").asc(nulls_last=True), "title"]
        elif sort == "length":
            ordering = [F("length_weeks").asc(nulls_last=True), "title"]
        else:
            ordering = ["title", "pk"]
        return queryset.order_by(*ordering, "pk")

    def run(self):
        results = self.ordered()
        paginator = Paginator(results, RESULTS_PER_PAGE)
        total = paginator.count
        page_number = min(self.params["page"], max(paginator.num_pages, 1))
        page = paginator.page(page_number)
        trainings = list(page.object_list)
        self.set_distances(trainings)
        page.object_list = trainings
        return TrainingSearch(params=self.params, results=page, total=total, facets=self.facets())

    def set_distances(self, trainings):
        origin = self.params["near"]
        for training in trainings:
            training.distance_miles = None
            if origin and training.latitude is not None and not training.is_online:
                training.distance_miles = geo.distance_miles(
                    origin.latitude, origin.longitude, training.latitude, training.longitude
                )

    def facets(self):
        params = self.params

        def counts(name, field_name):
            # Each filter keeps at most one row per training (one value per M2M filter), so no DISTINCT.
            rows = self.matching(skip=name).values(field_name).annotate(n=Count("pk")).order_by()
            return {row[field_name]: row["n"] for row in rows if row[field_name] is not None}

        def options(name, field_name, choices, selected):
            found = counts(name, field_name)
            return [
                FacetOption(value, label, found.get(value, 0), value in selected)
                for value, label in choices
                if found.get(value, 0) or value in selected
            ]

        return {
            "credential": options("credential", "credential", Credential.choices, params["credential"]),
            "format": options("format", "delivery_format", DeliveryFormat.choices, params["format"]),
            "career": options("career", "related_careers__slug", self.careers, [params["career"]]),
            "language": options("language", "languages__code", self.languages, [params["language"]]),
            "schedule": options("schedule", "schedule", Schedule.choices, [params["schedule"]]),
        }


def _query_string(params, **changes):
    """The search URL's query string for `params` with `changes` (None drops a key)."""
    values = {
        "q": params["q"],
        "credential": params["credential"],
        "format": params["format"],
        "career": params["career"],
        "language": params["language"],
        "schedule": params["schedule"],
        "max_cost": "" if params["max_cost"] is None else format(params["max_cost"].normalize(), "f"),
        "near": params["near"].zip_code if params["near"] else "",
        "radius": params["radius"] if params["near"] else "",
        "sort": params["sort"] if params["sort"] not in ("relevance", "distance") else "",
    }
    values.update(changes)
    pairs = []
    for key, value in values.items():
        if value is None or value == "" or value == []:
            continue
        for item in value if isinstance(value, list) else [value]:
            pairs.append((key, item))
    return urlencode(pairs)


def widen_links(params, careers, languages):
    """Ways to widen a search that found nothing: a larger radius, or each condition dropped."""
    links = []
    if params["near"]:
        larger = [radius for radius, _label in TRAINING_RADIUS_CHOICES if radius > params["radius"]]
        if larger:
            links.append((f"Search within {larger[0]} miles", _query_string(params, radius=larger[0])))
        links.append(("Search anywhere in New York", _query_string(params, near=None, radius=None)))
    if params["q"]:
        links.append((f"Remove the keywords “{params['q']}”", _query_string(params, q=None)))
    credential_labels = dict(Credential.choices)
    for value in params["credential"]:
        remaining = [v for v in params["credential"] if v != value]
        links.append((f"Remove “{credential_labels[value]}”", _query_string(params, credential=remaining)))
    format_labels = dict(DeliveryFormat.choices)
    for value in params["format"]:
        remaining = [v for v in params["format"] if v != value]
        links.append((f"Remove “{format_labels[value]}”", _query_string(params, format=remaining)))
    if params["career"]:
        links.append((f"Remove the career “{dict(careers).get(params['career'])}”", _query_string(params, career=None)))
    if params["language"]:
        links.append((f"Remove “{dict(languages).get(params['language'])}”", _query_string(params, language=None)))
    if params["schedule"]:
        links.append((f"Remove “{dict(Schedule.choices)[params['schedule']]}”", _query_string(params, schedule=None)))
    if params["max_cost"] is not None:
        links.append(("Remove the maximum cost", _query_string(params, max_cost=None)))
    return links


def serve_training_search(index_page, request):
    careers = list(CareerPage.objects.live().order_by("title").values_list("slug", "title"))
    languages = list(TrainingLanguage.objects.order_by("name").values_list("code", "name"))
    form = TrainingSearchForm(request.GET, careers=careers, languages=languages)
    params = form.search_params()
    search = TrainingSearcher(params, careers, languages).run()
    requested_page = params["page"]
    if requested_page != search.results.number:
        form.notices.append(f"There is no page {requested_page}; showing page {search.results.number}.")
    context = index_page.get_context(request)
    context.update(
        {
            "form": form,
            "search": search,
            "params": params,
            "facets": search.facets,
            "radius_choices": TRAINING_RADIUS_CHOICES,
            "active_filter_count": sum(1 for name in FILTER_PARAMS if params[name] not in (None, "", [])),
            "widen_links": [] if search.total else widen_links(params, careers, languages),
            "previous_query": _query_string(params, page=search.results.number - 1)
            if search.results.has_previous()
            else None,
            "next_query": _query_string(params, page=search.results.number + 1) if search.results.has_next() else None,
            "canonical_query": _query_string(params),
        }
    )
    response = TemplateResponse(request, index_page.get_template(request), context)
    response["Cache-Control"] = "public, max-age=60"
    return response
