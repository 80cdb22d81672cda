"""The training search behind /trainings/ (served by TrainingIndexPage).

How a search runs, in a fixed number of SQL queries whatever the number of results: one query, the results query
(`TrainingSearcher.results`), gives the number of results, every facet's counts and the ids of one page; the page's
trainings are then loaded by id. In that query:
- structured filters (credential, format, career, language, schedule, max_cost) are plain ORM filters (the facet
  filters become flags, see below);
- keywords are matched against Wagtail's search index (SQLite FTS5, PostgreSQL tsvectors) by a WITH query joined to
  the other conditions by id, which also scores the matches when sorting by relevance. (Annotating or filtering
  Wagtail search results on a computed distance breaks, wagtail#2340, hence reading the index tables; other
  databases and the JSON API match through Wagtail's search as a subquery, `keyword_matches`.)
- near a ZIP: a latitude/longitude bounding box on indexed columns, then the exact haversine distance
  for the rows in the box; online programs are always included;
- the matches of the conditions no facet skips (keywords, distance, cost) are read once, with a flag per selected
  facet; the total, each facet's counts (every condition except its own) and the page (sorted, sliced) are read
  from them in the database, so a few dozen rows reach Python however many trainings match.
"""

import math
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F, FloatField, Q, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import ASin, Cos, Power, Radians, Sin, Sqrt
from django.template.response import TemplateResponse
from modelsearch.backends.database.postgres.weights import get_sql_weights
from wagtail.models import Page, PageViewRestriction
from wagtail.search.backends import get_search_backend

from accounts.search_defaults import search_data
from career_pages.models import CareerPage
from directory import geo, search_index
from directory.trainings.cards import training_cards
from directory.trainings.forms import TRAINING_RADIUS_CHOICES, TrainingSearchForm
from directory.trainings.models import (
    Credential,
    DeliveryFormat,
    Schedule,
    TrainingLanguage,
    TrainingPage,
)
from search.synonyms import expand_query, fts5_expression

RESULTS_PER_PAGE = 20
FILTER_PARAMS = ["credential", "format", "career", "language", "schedule", "max_cost"]


def haversine_expression(latitude, longitude):
    """Great-circle distance in miles from (latitude, longitude) to each row, as a database expression."""
    lat0 = Value(latitude, output_field=FloatField())
    lon0 = Value(longitude, output_field=FloatField())
    half_dlat = (Radians(F("latitude")) - Radians(lat0)) / 2
    half_dlon = (Radians(F("longitude")) - Radians(lon0)) / 2
    a = Power(Sin(half_dlat), 2) + Cos(Radians(lat0)) * Cos(Radians(F("latitude"))) * Power(Sin(half_dlon), 2)
    return Value(2 * geo.EARTH_RADIUS_MILES, output_field=FloatField()) * ASin(Sqrt(a))


def apply_filters(queryset, params, skip=()):
    """The structured filters of `params`, except those named in `skip` (for the facet counts)."""
    if params["credential"] and "credential" not in skip:
        queryset = queryset.filter(credential__in=params["credential"])
    if params["format"] and "format" not in skip:
        queryset = queryset.filter(delivery_format__in=params["format"])
    if params["career"] and "career" not in skip:
        queryset = queryset.filter(related_careers__slug=params["career"])
    if params["language"] and "language" not in skip:
        queryset = queryset.filter(languages__code=params["language"])
    if params["schedule"] and "schedule" not in skip:
        queryset = queryset.filter(schedule=params["schedule"])
    if params["max_cost"] is not None and "max_cost" not in skip:
        queryset = queryset.filter(cost__lte=params["max_cost"])
    return queryset


def _fts_match_expression(query):
    """FTS5 syntax for all the words of `query` (already reduced to \\w+ words by the form)."""
    terms = fts5_expression(query)  # all words, with their synonyms
    return f"{{title body}} : ({terms})"


def _postgres_tsquery(query):
    """A to_tsquery() string requiring every word of `query`, quoted as Wagtail's PostgreSQL backend does
    (to_tsquery still stems each quoted word with the text search configuration)."""
    # The same words and synonym groups as the SQLite path; fts5_expression keeps only letters and
    # digits in each quoted word, so swapping its quotes and operators gives a valid tsquery.
    expression = fts5_expression(query)
    if expression:
        return expression.replace('"', "'").replace(" AND ", " & ").replace(" OR ", " | ")
    terms = [term for term in re.split(r"[\s\-]+", query) if term]
    return " & ".join("'" + term.replace("'", "''").replace("\\", "\\\\") + "'" for term in terms)


def _postgres_fts_sql(select, query):
    # Wagtail's backend reaches the index entries through a generic relation and ranks inside a
    # `pk IN (...)` join, which PostgreSQL evaluated for nearly every row (34 s at 10,000 trainings).
    # Reading the index entries of one content type directly matches (and ranks) each entry once.
    # Only constants are interpolated; the query, configuration and content type are parameters.
    config = get_search_backend().config
    tsquery = "to_tsquery(%s::regconfig, %s)" if config else "to_tsquery(%s)"
    # One word (or one group of synonyms) is in `title || body` exactly when it is in the title or in the body;
    # testing each vector skips concatenating them for every entry, which is most of the cost of a word that
    # matches nearly every training ("care": 15 ms against 8 ms at 10,000). Several words may be split between
    # title and body, so they are tested on the concatenation, as Wagtail does.
    if " & " in _postgres_tsquery(query):
        match = "(e.title || e.body) @@ keywords"
    else:
        match = "(e.title @@ keywords OR e.body @@ keywords)"
    return (
        f"SELECT {select} FROM {search_index.INDEX_TABLE} e CROSS JOIN {tsquery} AS keywords "  # noqa: S608
        f"WHERE e.content_type_id = %s AND {match}"
    )


def _postgres_fts_params(query, content_type_id):
    config = get_search_backend().config
    return [*([config] if config else []), _postgres_tsquery(query), content_type_id]


def keyword_matches(queryset, query):
    """Primary keys of the trainings matching `query` in Wagtail's search index, as a subquery (the API's;
    the search page reads the matches once per request through `KeywordMatches`)."""
    content_type = ContentType.objects.get_for_model(TrainingPage)
    if connection.vendor == "sqlite":
        sql = search_index.sqlite_match_sql("CAST(e.object_id AS INTEGER)")
        return RawSQL(sql, [_fts_match_expression(query), content_type.pk])  # noqa: S611 - parameters only
    if connection.vendor == "postgresql":
        sql = _postgres_fts_sql("CAST(e.object_id AS INTEGER)", query)
        return RawSQL(sql, _postgres_fts_params(query, content_type.pk))  # noqa: S611 - parameters only
    results = queryset.search(expand_query(query), order_by_relevance=False)
    # Other backends expose the matching queryset; using it as a subquery keeps keywords,
    # filters and distance in one SQL query.
    return results.get_queryset().values("pk")


def _keyword_match_sql(query, ranked):
    """SQL and parameters of the trainings matching `query`, as rows (id, score): at most one per training; with
    `ranked`, the lower the score the better: SQLite FTS5's bm25 (title weighted double), PostgreSQL's ts_rank as
    Wagtail's backend computes it (title rank times title_norm, plus body rank), negated. Without, score is NULL.
    Read by the results query as a WITH query (see `TrainingSearcher.results`)."""
    content_type = ContentType.objects.get_for_model(TrainingPage)
    if connection.vendor == "sqlite":
        # Columns are (autocomplete, body, title); bm25 is lower for better matches.
        score = f"bm25({search_index.FTS_TABLE}, 0.0, 1.0, 2.0)" if ranked else "NULL"
        sql = search_index.sqlite_match_sql(f"CAST(e.object_id AS INTEGER) AS id, {score} AS score")
        return sql, [_fts_match_expression(query), content_type.pk]
    params = _postgres_fts_params(query, content_type.pk)
    if not ranked:
        return _postgres_fts_sql("CAST(e.object_id AS INTEGER) AS id, NULL::float8 AS score", query), params
    # After _postgres_fts_params: loading the backend sets the weights.
    score = "-(ts_rank(%s::float4[], e.title, keywords) * e.title_norm + ts_rank(%s::float4[], e.body, keywords))"
    sql = _postgres_fts_sql(f"CAST(e.object_id AS INTEGER) AS id, {score} AS score", query)
    return sql, [get_sql_weights()] * 2 + params


def _public(queryset):
    """`queryset.public()`: the pages outside the private sections (a view restriction's page and its descendants).
    Wagtail's public() reads the restrictions with select_related("page"), which SQLite plans as a scan of every
    page (1.4 ms at 10,000 trainings, each request); the restricted pages' ids come from the restrictions alone,
    and the pages (if any) by id."""
    restricted = PageViewRestriction.objects.values_list("page_id", flat=True)
    private = Q()
    for page in Page.objects.filter(pk__in=list(restricted)) if restricted else ():
        private |= queryset.descendant_of_q(page, inclusive=True)
    return queryset.exclude(private) if private else queryset


def apply_near(queryset, origin, radius):
    """Trainings within `radius` miles of `origin` (a geo.ZipInfo), plus every online program."""
    box = geo.bounding_box(origin.latitude, origin.longitude, radius)
    # The box comes first so the database computes the exact distance only for the rows inside it
    # (Q sorts keyword arguments, which would put distance__lte first).
    in_box = Q(**box.as_filter()) & Q(distance__lte=radius)
    return queryset.annotate(distance=haversine_expression(origin.latitude, origin.longitude)).filter(
        in_box | Q(delivery_format=DeliveryFormat.ONLINE)
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
    results: object  # a django.core.paginator.Page of TrainingCard
    total: int
    facets: dict = field(default_factory=dict)


class TrainingSearcher:
    def __init__(self, params, careers, languages):
        self.params = params
        self.careers = careers  # [(slug, title)]
        self.languages = languages  # [(code, name)]
        # Public pages only, the view restrictions read once; the queryset is then reused (and cloned) freely.
        self._base = _public(TrainingPage.objects.live())

    def base_queryset(self):
        return self._base.all()

    @property
    def reads_index(self):
        """True when the keywords are matched by reading the search index tables directly (SQLite, PostgreSQL),
        in the results query; elsewhere through Wagtail's search, as a subquery of the matching trainings."""
        return connection.vendor in ("sqlite", "postgresql")

    def matching(self, skip=(), keywords=True):
        """Every filter, keyword and distance condition (minus the filters named in `skip`, and the keywords
        unless `keywords`), unordered."""
        params = self.params
        queryset = apply_filters(self.base_queryset(), params, skip=skip)
        if params["q"] and keywords:
            queryset = queryset.filter(pk__in=keyword_matches(self.base_queryset(), params["q"]))
        if params["near"]:
            queryset = apply_near(queryset, params["near"], params["radius"])
        return queryset

    def run(self, request=None):
        requested = self.params["page"]
        total, facets, ids = self.results((requested - 1) * RESULTS_PER_PAGE)
        number = min(requested, max(math.ceil(total / RESULTS_PER_PAGE), 1))
        if number != requested:  # past the last page: the last page instead (one more query)
            total, facets, ids = self.results((number - 1) * RESULTS_PER_PAGE)
        # The page's cards (with their providers and careers) in two queries whatever their number (no N+1).
        cards = training_cards(self._base, ids, request=request, with_careers=True)
        for card in cards:
            card.set_distance(self.params["near"])
        paginator = Paginator(_OnePage(cards, total), RESULTS_PER_PAGE)
        return TrainingSearch(params=self.params, results=paginator.page(number), total=total, facets=facets)

    def results(self, offset):
        """(number of results, facets, ids of the results from `offset`, one page), from one query.

        A facet's counts apply every condition except its own. The query reads the matches of the conditions no
        facet skips (keywords, distance, cost) once, into a WITH query `m` the database computes once, with one
        flag per selected facet saying whether the training meets it. From `m`: the total counts the matches
        meeting every flag; facet X groups those meeting every flag but X's by X's value (careers and languages
        through their link tables); the page is the results (every flag met) in the order of the sort, sliced in
        the database. The keywords are matched in the same query, by a WITH query on the search index joined to
        the other conditions, which also gives the relevance score. The database returns a few dozen rows
        whatever the number of matches, and no list of matches travels to Python and back."""
        params = self.params
        sql, sql_params = self._results_sql(offset)
        with connection.cursor() as cursor:
            cursor.execute(sql, sql_params)
            rows = cursor.fetchall()
        total = 0
        found = {name: {} for name in FACET_PARAMS}
        page = []
        for name, value, number in rows:
            if name == "total":
                total = number
            elif name == "page":
                page.append((number, int(value)))
            else:
                found[name][value] = found[name].get(value, 0) + number

        def options(name, choices, selected):
            counts = found[name]
            return [
                FacetOption(value, label, counts.get(value, 0), value in selected)
                for value, label in choices
                if counts.get(value, 0) or value in selected
            ]

        facets = {
            "credential": options("credential", Credential.choices, params["credential"]),
            "format": options("format", DeliveryFormat.choices, params["format"]),
            "career": options("career", self.careers, [params["career"]]),
            "language": options("language", self.languages, [params["language"]]),
            "schedule": options("schedule", Schedule.choices, [params["schedule"]]),
        }
        return total, facets, [pk for _position, pk in sorted(page)]

    def _order(self):
        """The ORDER BY of the results, on the columns of `m`; every order ends with the id (a stable order)."""
        params = self.params
        sort = params["sort"]
        if sort == "relevance" and params["q"] and self.reads_index:
            return "f_score, training_id"  # the keyword match's score (lower is better), ties by id
        column = {"distance": "f_distance", "cost": "f_cost", "length": "f_length"}.get(sort)
        if column == "f_distance" and not params["near"]:
            column = None
        # Missing values last, as NULLS LAST would (which older SQLite versions lack).
        return f"{column} IS NULL, {column}, f_title, training_id" if column else "f_title, training_id"

    def _results_sql(self, offset):
        """SQL and parameters of `results`' query: rows of (facet name, value, count), ("total", "", count) and
        ("page", id, position)."""
        params = self.params
        quote = connection.ops.quote_name
        careers_table = quote(TrainingPage.related_careers.through._meta.db_table)
        languages_table = quote(TrainingPage.languages.through._meta.db_table)
        pages_table = quote(Page._meta.db_table)
        languages = quote(TrainingLanguage._meta.db_table)
        columns = {
            "training_id": F("pk"),
            "f_credential": F("credential"),
            "f_format": F("delivery_format"),
            "f_schedule": F("schedule"),
            "f_title": F("title"),
            "f_cost": F("cost"),
            "f_length": F("length_weeks"),
        }
        if params["near"]:
            columns["f_distance"] = F("distance")
        keywords = params["q"] and self.reads_index
        matches_sql, matches_params = (
            self.matching(skip=FACET_PARAMS, keywords=not keywords).order_by().values(**columns).query.sql_with_params()
        )
        with_sql, with_params = [], []
        if keywords:
            # The keyword matches (id, score), joined to the other conditions below. MATERIALIZED on SQLite: the
            # FTS5 query runs on its own, FTS first (see search_index.sqlite_match_sql), not folded into the join.
            keyword_sql, keyword_params = _keyword_match_sql(params["q"], ranked=params["sort"] == "relevance")
            materialized = _materialized() if connection.vendor == "sqlite" else ""
            with_sql.append(f"k AS {materialized}({keyword_sql})")
            with_params += keyword_params
            matches_from, score = f"({matches_sql}) AS d JOIN k ON k.id = d.training_id", "k.score"
        else:
            matches_from, score = f"({matches_sql}) AS d", "NULL"

        # Each facet's value column and, for careers and languages, the link table (t) to their values.
        facets = [
            ("credential", "f_credential", None),
            ("format", "f_format", None),
            ("schedule", "f_schedule", None),
            ("career", "p.slug", f"{careers_table} t JOIN {pages_table} p ON p.id = t.careerpage_id"),
            ("language", "l.code", f"{languages_table} t JOIN {languages} l ON l.id = t.traininglanguage_id"),
        ]
        # A flag for each facet with a selection: does the training have one of the selected values?
        # (A facet without a selection accepts every training.)
        flags, flag_params = [], []
        for name, value, link in facets:
            selected = params[name] if isinstance(params[name], list) else [params[name]] if params[name] else []
            if not selected:
                continue
            condition = f"{value} IN ({', '.join(['%s'] * len(selected))})"
            if link:
                condition = f"EXISTS (SELECT 1 FROM {link} WHERE t.trainingpage_id = d.training_id AND {condition})"  # noqa: S608
            flags.append((name, condition))
            flag_params += selected
        flag_columns = "".join(f", ({condition}) AS ok_{name}" for name, condition in flags)
        with_sql.append(f"m AS {_materialized()}(SELECT d.*, {score} AS f_score{flag_columns} FROM {matches_from})")  # noqa: S608
        with_params += [*flag_params, *matches_params]

        def meeting(*names):
            return "".join(f" AND m.ok_{name}" for name, _condition in flags if name not in names)

        branches = [f"SELECT 'total', '', COUNT(*) FROM m WHERE 1 = 1{meeting()}"]  # noqa: S608
        for name, value, link in facets:
            # CROSS JOIN: SQLite then reads m first and each match's links by index, rather than every link
            # of every training (PostgreSQL plans the join as any other).
            tables, joined = (f"m CROSS JOIN {link}", "t.trainingpage_id = m.training_id") if link else ("m", "1 = 1")
            branches.append(
                f"SELECT '{name}', {value}, COUNT(*) FROM {tables} WHERE {joined}{meeting(name)} GROUP BY {value}"  # noqa: S608
            )
        # The page: its ids with their position (a UNION does not keep the order of its parts). The page's rows are
        # sliced first and numbered after, so the database keeps only the best rows while sorting (a top-N sort),
        # rather than sorting every match to number it (2,600 near 12207 at 10,000 trainings). The output columns
        # are named so that ORDER BY training_id means m's integer, not the text output column PostgreSQL would
        # otherwise name after it.
        order = self._order()
        branches.append(
            f"SELECT * FROM (SELECT 'page' AS part, CAST(training_id AS TEXT) AS value,"  # noqa: S608
            f" ROW_NUMBER() OVER (ORDER BY {order}) AS position FROM (SELECT * FROM m WHERE 1 = 1{meeting()}"
            f" ORDER BY {order} LIMIT %s OFFSET %s) AS top) AS page"
        )
        # Only table and column names, conditions written here and Django's compiled query are interpolated;
        # every value is a parameter. MATERIALIZED: the matches are read once for all the parts.
        sql = f"WITH {', '.join(with_sql)} " + " UNION ALL ".join(branches)
        return sql, [*with_params, RESULTS_PER_PAGE, offset]


class _OnePage:
    """The paginator's object list: the page of trainings already loaded, and the number of results."""

    def __init__(self, trainings, total):
        self.trainings = trainings
        self.total = total

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, key):
        return self.trainings


FACET_PARAMS = ("credential", "format", "career", "language", "schedule")


def _materialized():
    """The CTE keyword that makes the database compute a WITH query once however often it is read
    (PostgreSQL 12+, SQLite 3.35+; elsewhere the database decides, with the same results)."""
    if connection.vendor == "postgresql":
        return "MATERIALIZED "
    if connection.vendor == "sqlite" and connection.Database.sqlite_version_info >= (3, 35):
        return "MATERIALIZED "
    return ""


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
    form = TrainingSearchForm(search_data(request), careers=careers, languages=languages)
    params = form.search_params()
    search = TrainingSearcher(params, careers, languages).run(request)
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
