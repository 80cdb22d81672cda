"""The training search behind /trainings/ (served by TrainingIndexPage).

Written against the search layer's public functions (`search.matching`) and ORM querysets on the training's own
columns, so it answers the same on any search backend (this project's database backends, modelsearch's
`database.fallback`, OpenSearch/Elasticsearch). How a search runs, in a fixed number of SQL queries whatever the
number of results:
- the conditions no facet skips are one ORM queryset: keywords (`search.matching.filter_matching`: a subquery of
  the matches on the database backends, a list of ids elsewhere), the maximum cost, and near a ZIP code its
  ZIP codes within the radius (`geo.Nearby`: a training's point is its ZIP code's, so `zip_code IN (...)` selects
  exactly the trainings within it), plus every online program;
- the results query (`TrainingSearcher.results`) reads those matches as a WITH query `m` with one flag per
  selected facet (the facet filters), and the results (every flag met) as `r`, and returns the total, each
  facet's counts (every condition except its own: a facet without a selection over `r`, one with a selection over
  `m`; careers and languages through their link tables; the ways to pay and support services by the training's
  `facet_bits`) and the page's ids, sorted and sliced in the database: a few dozen rows reach Python however many
  trainings match. The WITH query is compiled by the ORM; around it only the grouping is written here, over the
  trainings' own tables;
- sorted by relevance, the backend's scored matches (`search.matching.scored_matches`) are joined into `m` and the
  results query ranks the page; on a backend without them the page comes from `search.matching.ranked_pks` (the
  backend's ranking, one more query); nearest first, `m` carries each training's distance (`geo.Nearby`'s distance
  expression on the training's point) and the results query sorts by it.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property
from urllib.parse import urlencode

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import BooleanField, ExpressionWrapper, F, Q
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.models import Page, PageViewRestriction

from directory import geo
from directory.fields import ChoiceListField
from directory.hooks import search_data
from directory.search_options import RADIUS_CHOICES, RESULTS_PER_PAGE, FilterOption
from directory.trainings.cards import training_cards
from directory.trainings.forms import (
    FUNDING_FILTER_CHOICES,
    START_WITH_CHOICES,
    STARTS_CHOICES,
    STARTS_WITHIN_DAYS,
    TrainingSearchForm,
)
from directory.trainings.models import (
    ENTRY_LADDER,
    FACET_CODE_BITS,
    FACET_CODES,
    FULLY_FUNDED_BIT,
    FUNDING_BITS,
    SUPPORT_BITS,
    Credential,
    DeliveryFormat,
    Schedule,
    SupportService,
    TrainingLanguage,
    TrainingPage,
    bits_of,
    entry_requirements_up_to,
)
from home.page_locale import in_visitor_locale
from search.matching import filter_matching, ranked_pks, scored_matches

FILTER_PARAMS = [
    "credential",
    "format",
    "career",
    "language",
    "schedule",
    "max_cost",
    "funding",
    "start_with",
    "support",
    "starts",
]
FACET_PARAMS = ("credential", "format", "career", "language", "schedule", "funding", "start_with", "support", "starts")


def funding_condition(value):
    """A funding filter option as a condition: "free" is the derived `fully_funded` (cost 0 or employer-paid)."""
    if value == "free":
        return Q(fully_funded=True)
    return Q(funding__contains=ChoiceListField.contains_lookup(value))


def support_condition(value):
    return Q(support_services__contains=ChoiceListField.contains_lookup(value))


def starts_soon_condition():
    today = timezone.localdate()
    return Q(next_start__gte=today, next_start__lte=today + timedelta(days=STARTS_WITHIN_DAYS))


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
    if params["funding"] and "funding" not in skip:
        # Any of the ways to pay selected.
        condition = Q()
        for value in params["funding"]:
            condition |= funding_condition(value)
        queryset = queryset.filter(condition)
    if params["start_with"] and "start_with" not in skip:
        queryset = queryset.filter(entry_requirement__in=entry_requirements_up_to(params["start_with"]))
    if params["support"] and "support" not in skip:
        # Every support selected: a visitor who needs childcare and transit needs both.
        for value in params["support"]:
            queryset = queryset.filter(support_condition(value))
    if params["starts"] and "starts" not in skip:
        queryset = queryset.filter(starts_soon_condition())
    return queryset


def _flag(condition):
    return ExpressionWrapper(condition, output_field=BooleanField())


FUNDING_VALUES = [value for value, _label in FUNDING_FILTER_CHOICES]
SUPPORT_VALUES = [value for value, _label in SupportService.choices]
# The bit of `facet_bits` of each funding filter option ("free": fully funded).
FUNDING_OPTION_BITS = {"free": FULLY_FUNDED_BIT, **FUNDING_BITS}


def apply_near(queryset, nearby):
    """Trainings within the radius of `nearby` (a geo.Nearby), plus every online program."""
    return queryset.filter(Q(zip_code__in=nearby.zip_codes) | Q(delivery_format=DeliveryFormat.ONLINE))


def _public(queryset):
    """`queryset.public()`: the pages outside the private sections (a view restriction's page and its descendants).
    Wagtail's public() reads the restrictions with select_related("page"), which SQLite plans as a scan of every
    page; the restricted pages' ids come from the restrictions alone, and the pages (if any) by id."""
    restricted = PageViewRestriction.objects.values_list("page_id", flat=True)
    private = Q()
    for page in Page.objects.filter(pk__in=list(restricted)) if restricted else ():
        private |= queryset.descendant_of_q(page, inclusive=True)
    return queryset.exclude(private) if private else queryset


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
        # In the visitor's language: the Spanish trainings on /es/ (English ones without a Spanish version too).
        self._base = _public(in_visitor_locale(TrainingPage.objects.live()))
        self.nearby = geo.Nearby(params["near"], params["radius"]) if params["near"] else None

    def base_queryset(self):
        return self._base.all()

    def matching(self, skip=(), keywords=True):
        """Every filter, keyword and distance condition (minus the filters named in `skip`, and the keywords
        unless `keywords`), unordered."""
        queryset = apply_filters(self.base_queryset(), self.params, skip=skip)
        if self.params["q"] and keywords:
            queryset = filter_matching(queryset, self.params["q"])
        if self.nearby:
            queryset = apply_near(queryset, self.nearby)
        return queryset

    @cached_property
    def scored(self):
        """The backend's (sql, params) of the keyword matches with their scores, when sorted by relevance and the
        backend offers it (search.matching.scored_matches): the results query then ranks the page itself, reading
        the matches once. None otherwise (the page then comes from `ranked_pks`)."""
        if self.page_source != "relevance":
            return None
        return scored_matches(self._base, self.params["q"])

    @property
    def page_source(self):
        """Where the page of results comes from: "relevance" (the search backend's ranking), "nearest" (the
        results per ZIP code, nearest first) or "sorted" (the results query, sorted by a column)."""
        if self.params["q"] and self.params["sort"] == "relevance":
            return "relevance"
        if self.nearby and self.params["sort"] == "distance":
            return "nearest"
        return "sorted"

    def run(self, request=None):
        requested = self.params["page"]
        total, facets, ids = self.results((requested - 1) * RESULTS_PER_PAGE)
        page = Paginator(range(total), RESULTS_PER_PAGE).get_page(requested)  # past the end: the last page
        if page.number != requested:  # one more query
            total, facets, ids = self.results((page.number - 1) * RESULTS_PER_PAGE)
        # The page's cards (with their providers and careers) in two queries whatever their number (no N+1).
        page.object_list = training_cards(self._base, ids, request=request, with_careers=True)
        for card in page.object_list:
            card.set_distance(self.params["near"])
            card.set_reasons(self.params)
        return TrainingSearch(params=self.params, results=page, total=total, facets=facets)

    def results(self, offset):
        """(number of results, facets, ids of the results from `offset`, one page).

        A facet's counts apply every condition except its own. One query (`_results_sql`) reads the matches of the
        conditions no facet skips (keywords, distance, cost) into a WITH query `m` with one flag per selected facet
        saying whether the training meets it, and those meeting every flag (the results) into `r`. From `r`: the
        total, and the counts of each facet without a selection (grouped by its values); a facet X with a selection
        groups the matches meeting every flag but X's by X's value (careers and languages through their link
        tables); and the page is the results in the order of the sort, sliced in the
        database, sorted by relevance (the backend's scores joined into `m`), nearest first (the distance of each
        training's point) or by a column; on a backend without scored matches, the backend ranks the page (one
        more query)."""
        params = self.params
        try:
            sql, sql_params = self._results_sql(offset)
        except EmptyResultSet:  # a condition nothing can meet (no keyword matches, as a list of ids)
            rows = []
        else:
            with connections[self._base.db].cursor() as cursor:
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
                FilterOption(value, label, counts.get(value, 0), value in selected)
                for value, label in choices
                if counts.get(value, 0) or value in selected
            ]

        facets = {
            "credential": options("credential", Credential.choices, params["credential"]),
            "format": options("format", DeliveryFormat.choices, params["format"]),
            "career": options("career", self.careers, [params["career"]]),
            "language": options("language", self.languages, [params["language"]]),
            "schedule": options("schedule", Schedule.choices, [params["schedule"]]),
            "funding": options("funding", FUNDING_FILTER_CHOICES, params["funding"]),
            "support": options("support", SupportService.choices, params["support"]),
            "starts": options("starts", STARTS_CHOICES, [params["starts"]]),
        }
        # A visitor with level L can start the programs needing L or less: the counts add up along the ladder.
        by_level = found["start_with"]
        running, cumulative = 0, {}
        for level in ENTRY_LADDER:
            running += by_level.get(level, 0)
            cumulative[level] = running
        found["start_with"] = cumulative
        facets["start_with"] = options("start_with", START_WITH_CHOICES, [params["start_with"]])
        source = self.page_source
        if not total or offset >= total:
            ids = []
        elif source == "relevance" and not self.scored:
            # The backend ranks the results. Given with their keyword condition, the rows it ranks among are the few
            # matches rather than every training meeting the other conditions (read whole to rank a few).
            # Ties in the order the trainings were added, as the training search has always listed them.
            ids = ranked_pks(self.matching(), params["q"], offset, RESULTS_PER_PAGE, newest_first=False)
        else:
            ids = [pk for _position, pk in sorted(page)]
        return total, facets, ids

    def _order(self):
        """The ORDER BY of the results, on the columns of `m`; every order ends with the id (a stable order)."""
        if self.scored:
            # Best first, ties in the order the trainings were added (as ranked_pks(..., newest_first=False)).
            return "f_score, training_id"
        column = {"cost": "f_cost", "length": "f_length"}.get(self.params["sort"])
        if self.page_source == "nearest":
            column = "f_distance"  # None for a training without a point: last
        # Missing values last, as NULLS LAST would (which older SQLite versions lack).
        return f"{column} IS NULL, {column}, f_title, training_id" if column else "f_title, training_id"

    def _results_sql(self, offset):
        """SQL and parameters of `results`' query: rows of (facet name, value, count), ("total", "", count), and
        ("page", id, position) or ("zip", ZIP code, count) (see `page_source`)."""
        params = self.params
        connection = connections[self._base.db]
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
            "f_entry": F("entry_requirement"),
            "f_soon": _flag(starts_soon_condition()),
            # Fully funded, the ways to pay and the support services as bits (FUNDING_OPTION_BITS, SUPPORT_BITS).
            "f_bits": F("facet_bits"),
            # The credential, format, schedule and entry requirement as small numbers (FACET_CODES).
            "f_code": F("facet_code"),
        }
        if self.page_source == "nearest":
            columns["f_distance"] = self.nearby.distance_expression()
        scored = self.scored
        matches_sql, matches_params = (
            self.matching(skip=FACET_PARAMS, keywords=not scored).order_by().values(**columns).query.sql_with_params()
        )
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
        if params["funding"]:
            # Any of the ways to pay selected.
            flags.append(("funding", "(f_bits & %s) <> 0"))
            flag_params.append(bits_of(FUNDING_OPTION_BITS, params["funding"]))
        if params["start_with"]:
            levels = entry_requirements_up_to(params["start_with"])
            flags.append(("start_with", f"f_entry IN ({', '.join(['%s'] * len(levels))})"))
            flag_params += levels
        if params["support"]:
            # Every support service selected.
            flags.append(("support", "(f_bits & %s) = %s"))
            flag_params += [bits_of(SUPPORT_BITS, params["support"])] * 2
        if params["starts"]:
            flags.append(("starts", "f_soon"))
        flag_columns = "".join(f", ({condition}) AS ok_{name}" for name, condition in flags)
        selected = [name for name, _condition in flags]
        # The WITH queries as (sql, parameters), in the order of their placeholders.
        parts = []
        if scored:
            # The keyword condition is the join with the scored matches (`k`), read once.
            scored_sql, scored_params = scored
            parts.append((f"k AS MATERIALIZED ({scored_sql})", scored_params))
            parts.append(
                (
                    f"m AS (SELECT d.*{flag_columns}, k.score AS f_score FROM ({matches_sql}) AS d"  # noqa: S608
                    " JOIN k ON k.object_pk = d.training_id)",
                    [*flag_params, *matches_params],
                )
            )
        else:
            # Without keywords or a ZIP code, m is every live training (under a maximum cost, if any) and, with a
            # selection, only read by r and the selected facets' counts: reading the trainings again through the
            # facet columns' index costs less than writing all of them out once. A keyword or radius search's
            # matches are a selection that costs more to find than to keep: computed once.
            reread = flags and not params["q"] and not self.nearby
            materialized = "NOT MATERIALIZED " if reread else ""
            matches = f"m AS {materialized}(SELECT d.*{flag_columns} FROM ({matches_sql}) AS d)"  # noqa: S608
            parts.append((matches, [*flag_params, *matches_params]))
        # The results (`r`): the matches meeting every flag. They give the total, the page and the counts of every
        # facet without a selection (whose counts apply every flag); a facet with a selection is counted over m,
        # under the flags of the other facets. Without keywords or a ZIP code m holds every training, and its one
        # pass then only counts the selected facets' few options: the many options of the others are counted over
        # the results alone. (PostgreSQL 12+ and SQLite 3.35+ compute a WITH query read more than once only once.)
        if flags:
            parts.append((f"r AS (SELECT * FROM m WHERE {' AND '.join(f'ok_{name}' for name in selected)})", []))  # noqa: S608
        results = "r" if flags else "m"

        def others(name):
            return "".join(f" AND ok_{flag}" for flag in selected if flag != name)

        # The counts of the facets without a selection: over the results grouped by their codes (the credential,
        # format, schedule and entry requirement; and whether the training starts soon) and by their bits (the ways
        # to pay and the support services). Few combinations of a few options, however many trainings share them,
        # so that each option is tested once per combination rather than once per training. Support options narrow
        # together: each is counted with every flag, its own facet's too. (facet, value, condition on a group,
        # its parameters), each summing its groups' numbers of trainings.
        coded = [("total", "", "1 = 1", [])]
        # The facets with a selection: over m, each option under the other facets' flags.
        over_matches = []
        for name, column, coded_field, choices in [
            ("credential", "f_credential", "credential", [value for value, _label in Credential.choices]),
            ("format", "f_format", "delivery_format", [value for value, _label in DeliveryFormat.choices]),
            ("schedule", "f_schedule", "schedule", [value for value, _label in Schedule.choices]),
            # Grouped by level, added up along the ladder in `results`.
            ("start_with", "f_entry", "entry_requirement", ENTRY_LADDER),
        ]:
            if name in selected:
                over_matches += [(name, value, f"{column} = %s{others(name)}", [value]) for value in choices]
            else:
                shift, codes = FACET_CODES[coded_field]
                mask = (1 << FACET_CODE_BITS) - 1
                coded += [(name, value, f"((f_code >> {shift}) & {mask}) = %s", [codes[value]]) for value in choices]
        if "starts" in selected:
            over_matches.append(("starts", "3months", f"f_soon{others('starts')}", []))
        else:
            coded.append(("starts", "3months", "f_soon", []))
        funding_options = [
            ("funding", value, "(f_bits & %s) <> 0", [FUNDING_OPTION_BITS[value]]) for value in FUNDING_VALUES
        ]
        bitwise = [("support", value, "(f_bits & %s) <> 0", [SUPPORT_BITS[value]]) for value in SUPPORT_VALUES]
        if "funding" not in selected:
            bitwise += funding_options
        branches = []

        def add_counts(label, counted, group_by):
            """g_label: the results grouped by `group_by`, with their numbers of trainings; c_label: the sums of
            `counted` over the groups, one row; a branch per count."""
            keys = ", ".join(group_by)
            parts.append((f"g_{label} AS (SELECT {keys}, COUNT(*) AS n FROM {results} GROUP BY {keys})", []))  # noqa: S608
            # Integers on every database (PostgreSQL's SUM of integers is a numeric).
            totals = ", ".join(
                f"CAST(COALESCE(SUM(CASE WHEN {condition} THEN n END), 0) AS INTEGER) AS n_{position}"
                for position, (_name, _value, condition, _p) in enumerate(counted)
            )
            parts.append((f"c_{label} AS (SELECT {totals} FROM g_{label})", [p for *_, ps in counted for p in ps]))  # noqa: S608
            for position, (name, value, _condition, _params) in enumerate(counted):
                branches.append(f"SELECT '{name}', '{value}', n_{position} FROM c_{label}")  # noqa: S608

        add_counts("coded", coded, ["f_code", "f_soon"])
        add_counts("bitwise", bitwise, ["f_bits"])
        if over_matches or "funding" in selected:
            # One pass over m: a count per option of the selected facets, each under its own condition, and, when
            # funding has a selection, the groups by the bits of the trainings meeting every flag but funding's.
            counts = [
                f"COUNT(CASE WHEN {condition} THEN 1 END) AS s_{position}"
                for position, (_name, _value, condition, _p) in enumerate(over_matches)
            ]
            sums = [f"CAST(COALESCE(SUM(s_{position}), 0) AS INTEGER)" for position in range(len(over_matches))]
            sum_params, group = [], ""
            if "funding" in selected:
                counts = ["f_bits", *counts, f"COUNT(CASE WHEN 1 = 1{others('funding')} THEN 1 END) AS n"]
                group = " GROUP BY f_bits"
                for _name, _value, condition, condition_params in funding_options:
                    sums.append(f"CAST(COALESCE(SUM(CASE WHEN {condition} THEN n END), 0) AS INTEGER)")
                    sum_params += condition_params
            parts.append(
                (
                    f"g_selected AS (SELECT {', '.join(counts)} FROM m{group})",  # noqa: S608
                    [p for *_, ps in over_matches for p in ps],
                )
            )
            columns = ", ".join(f"{total} AS n_{position}" for position, total in enumerate(sums))
            parts.append((f"c_selected AS (SELECT {columns} FROM g_selected)", sum_params))  # noqa: S608
            selected_counts = over_matches + (funding_options if "funding" in selected else [])
            for position, (name, value, _condition, _params) in enumerate(selected_counts):
                branches.append(f"SELECT '{name}', '{value}', n_{position} FROM c_selected")  # noqa: S608
        # Careers and languages counted by the links' ids, then named: the slugs and codes joined to a few rows.
        for name, table, key, named, column in [
            ("career", careers_table, "careerpage_id", pages_table, "slug"),
            ("language", languages_table, "traininglanguage_id", languages, "code"),
        ]:
            source, condition = ("m", others(name)) if name in selected else (results, "")
            # CROSS JOIN: SQLite then reads the trainings first and each one's links by index, rather than every
            # link of every training (PostgreSQL plans the join as any other).
            branches.append(
                f"SELECT '{name}', v.{column}, x.n FROM (SELECT t.{key} AS id, COUNT(*) AS n FROM {source} s"  # noqa: S608
                f" CROSS JOIN {table} t WHERE t.trainingpage_id = s.training_id{condition} GROUP BY t.{key}) AS x"
                f" JOIN {named} v ON v.id = x.id"
            )
        tail_params = []
        if self.page_source != "relevance" or scored:
            # The page: its ids with their position (a UNION does not keep the order of its parts). The page's rows
            # are sliced first and numbered after, so the database keeps only the best rows while sorting (a top-N
            # sort). The output columns are named so that ORDER BY training_id means the integer, not the text
            # output column PostgreSQL would otherwise name after it.
            order = self._order()
            branches.append(
                f"SELECT * FROM (SELECT 'page' AS part, CAST(training_id AS TEXT) AS value,"  # noqa: S608
                f" ROW_NUMBER() OVER (ORDER BY {order}) AS position FROM (SELECT * FROM {results}"
                f" ORDER BY {order} LIMIT %s OFFSET %s) AS top) AS page"
            )
            tail_params = [RESULTS_PER_PAGE, offset]
        # Only table and column names, conditions written here and Django's compiled query are interpolated;
        # every value is a parameter.
        sql = "WITH " + ", ".join(part for part, _params in parts) + " " + " UNION ALL ".join(branches)
        return sql, [*(param for _part, part_params in parts for param in part_params), *tail_params]


def _query_string(params, **changes):
    """The search URL's query string for `params` with `changes` (None drops a key)."""
    values = {
        "q": params["q"],
        "credential": params["credential"],
        "format": params["format"],
        "career": params["career"],
        "language": params["language"],
        "schedule": params["schedule"],
        "funding": params["funding"],
        "start_with": params["start_with"],
        "support": params["support"],
        "starts": params["starts"],
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


def _remove(label):
    return gettext("Remove “%(filter)s”") % {"filter": label}


def widen_links(params, careers, languages):
    """Ways to widen a search that found nothing: a larger radius, or each condition dropped."""
    links = []
    if params["near"]:
        larger = [radius for radius, _label in RADIUS_CHOICES if radius > params["radius"]]
        if larger:
            label = gettext("Search within %(miles)d miles") % {"miles": larger[0]}
            links.append((label, _query_string(params, radius=larger[0])))
        links.append((gettext("Search anywhere in New York"), _query_string(params, near=None, radius=None)))
    if params["q"]:
        label = gettext("Remove the keywords “%(keywords)s”") % {"keywords": params["q"]}
        links.append((label, _query_string(params, q=None)))
    credential_labels = dict(Credential.choices)
    for value in params["credential"]:
        remaining = [v for v in params["credential"] if v != value]
        links.append((_remove(credential_labels[value]), _query_string(params, credential=remaining)))
    format_labels = dict(DeliveryFormat.choices)
    for value in params["format"]:
        remaining = [v for v in params["format"] if v != value]
        links.append((_remove(format_labels[value]), _query_string(params, format=remaining)))
    if params["career"]:
        label = gettext("Remove the career “%(career)s”") % {"career": dict(careers).get(params["career"])}
        links.append((label, _query_string(params, career=None)))
    if params["language"]:
        links.append((_remove(dict(languages).get(params["language"])), _query_string(params, language=None)))
    if params["schedule"]:
        links.append((_remove(dict(Schedule.choices)[params["schedule"]]), _query_string(params, schedule=None)))
    if params["max_cost"] is not None:
        links.append((gettext("Remove the maximum cost"), _query_string(params, max_cost=None)))
    funding_labels = dict(FUNDING_FILTER_CHOICES)
    for value in params["funding"]:
        remaining = [v for v in params["funding"] if v != value]
        links.append((_remove(funding_labels[value]), _query_string(params, funding=remaining)))
    if params["start_with"]:
        links.append((_remove(gettext("Programs I can start with")), _query_string(params, start_with=None)))
    support_labels = dict(SupportService.choices)
    for value in params["support"]:
        remaining = [v for v in params["support"] if v != value]
        links.append((_remove(support_labels[value]), _query_string(params, support=remaining)))
    if params["starts"]:
        links.append((_remove(gettext("Starts within 3 months")), _query_string(params, starts=None)))
    return links


def serve_training_search(index_page, request):
    career_model = TrainingPage._meta.get_field("related_careers").related_model  # career_pages sits above
    careers = list(in_visitor_locale(career_model.objects.live()).order_by("title").values_list("slug", "title"))
    languages = list(TrainingLanguage.objects.order_by("name").values_list("code", "name"))
    form = TrainingSearchForm(search_data(request), careers=careers, languages=languages)
    params = form.search_params()
    search = TrainingSearcher(params, careers, languages).run(request)
    requested_page = params["page"]
    if requested_page != search.results.number:
        form.notices.append(
            gettext("There is no page %(requested)s; showing page %(shown)s.")
            % {"requested": requested_page, "shown": search.results.number}
        )
    context = index_page.get_context(request)
    context.update(
        {
            "form": form,
            "search": search,
            "params": params,
            "facets": search.facets,
            "radius_choices": RADIUS_CHOICES,
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
