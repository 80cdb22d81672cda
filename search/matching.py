"""Keyword matches combined with ORM filters, distance, facets and ordering, on any search backend.

The directory searches (trainings, employers) filter, annotate (distance), group (facets) and order
with the ORM on the models' own columns, and need the keyword matches as one more condition. Wagtail's
search results cannot be filtered on annotations (wagtail#2340), so these functions turn a search into
something the ORM can combine. They are backend-agnostic: this project's database backends
(`search.backends.database`) answer with lazy SQL on their index; any other backend (Elasticsearch,
OpenSearch, modelsearch's `database.fallback`) through Wagtail's public search API.

Contract (stable; the training and employer searches depend on it):

`query` is what a visitor typed (a str or a `search.text.CleanQuery`: cleaned, synonyms ORed in, every
word must match; with `mode="any"` any word) or a ready modelsearch query object (`PlainText`, `And`,
`Or`, `Phrase`, as built by `search.synonyms.build_query` / `expand_query`). Nothing searchable
(punctuation only, "") matches nothing. No function here raises for visitor input.

- `matching_pks(queryset, query)`: the primary keys of the rows of `queryset`'s model matching `query`,
  for `queryset.filter(pk__in=...)`. On this project's database backends a lazy subquery (the SQL runs
  inside the caller's query); elsewhere a list of at most MATCH_LIMIT primary keys. The caller applies
  its own conditions (live, public, filters); the rows returned may include rows `queryset` excludes.
- `filter_matching(queryset, query, selective=False)`: `queryset` narrowed to the rows matching `query`,
  still a lazy QuerySet (filter, annotate, count, group it further). The backend picks the fastest form:
  on PostgreSQL a model whose rows carry a copy of their index entry (`search.backends.database.install_row_copy`)
  matches on its own row. `selective=True` says the queryset's other conditions leave few rows (a small
  radius): on SQLite each of them is then checked against the matches instead of reading every match.
- `ranked_pks(queryset, query, offset=0, limit=20, newest_first=True)`: primary keys of the rows of `queryset`
  (already filtered) matching `query`, best first (ties newest first, or oldest first with `newest_first=False`),
  `offset` to `offset + limit`. On this project's database backends one query ranking inside the index (bm25 on
  SQLite, Wagtail's ts_rank formula on PostgreSQL); elsewhere the backend's relevance among at most MATCH_LIMIT matches.
- `scored_matches(queryset, query)`: (sql, params) selecting (object_pk, score) of the model's rows matching
  `query`, lower score first in `ranked_pks`' order, for a caller's own SQL (one query for the matches, their counts
  and their ranking); None where the backend offers none (this project's SQLite and PostgreSQL backends do), then
  `ranked_pks`.
- `sampled(results, limit)`: `results` whose count and ranking consider only the first `limit` matches found
  where the backend offers it (`results.sample(limit)`, this project's SQLite and PostgreSQL backends), else
  `results`.
- `reading_matches(queryset)`: a context for one query that reads many keyword matches of `queryset`'s model
  (a count or a grouping over a common word): the backend tunes the database for that query's transaction where
  it can (this project's PostgreSQL backend: `work_mem` enough for exact bitmaps); elsewhere it does nothing.
- `row_match(queryset, query)`: a boolean expression, true on the rows of `queryset`'s model matching `query`,
  that checks each row on its own, without an index: for `queryset.filter(...)` or an annotation where the other
  conditions select rows in an order that a LIMIT stops early (a walk of a radius until enough rows match); None
  where the backend offers none (this project's PostgreSQL backend does, for a model with a row copy).
- `row_rank(queryset, query)`: an expression of each row's rank for `query` (higher first, the order of
  `ranked_pks`; ties newest first), computed on the row itself, for a walk that ranks what it finds; None where the
  backend offers none (this project's PostgreSQL backend does, for a model with a row copy).
- `match_estimate(queryset, query)`: the backend's estimates (matches, rows) of how many rows of `queryset` match
  `query` and how many rows `queryset` has, without reading them (this project's PostgreSQL backend: the planner's
  statistics); None where it has none. They say whether a walk (`row_match`) should find enough matches soon.
- `walking_rows(queryset)`: a context for one query walking rows with `row_match`: the backend makes the plan an
  index scan that the query's LIMIT stops, and keeps a UNION ALL's parts in their order (this project's
  PostgreSQL backend: no bitmap or sequential scan, no parallel workers, for that transaction); elsewhere nothing.
- `capped(results, cap)`: (results to show, count, more) of search results for a count that stops at
  `cap` ("1,000+"): `more` is True when there are more than `cap` matches, and `count` is then `cap`.
  On this project's database backends the count and the ranking of the results shown consider only the
  first `cap + 1` matches found (`results.sample(cap + 1)`); elsewhere `results[:cap + 1].count()`.

A backend opts into the fast paths by providing methods of the same names (`match_subquery`,
`filter_matching`, `ranked_pks`, `scored_matches`, `reading_matches`, `row_match`, `row_rank`, `match_estimate`,
`walking_rows` on the backend, `sample` on its results);
see docs/search.md.
"""

from contextlib import nullcontext

from modelsearch.backends import get_search_backend
from modelsearch.backends.base import FieldError, FilterError
from modelsearch.query import SearchQuery

from .synonyms import build_query
from .text import SPANISH, CleanQuery, clean_query, light_stem, spanish_stem

# Backends without the fast paths return at most this many matches as a list of primary keys.
MATCH_LIMIT = 10_000


def search_query(query, mode="all"):
    """A modelsearch query object for `query` (see the module docstring), or "" when nothing is searchable.

    `mode`: "all" (every word), "any" (any word), "prefix" (every word, less a common ending)."""
    if isinstance(query, SearchQuery):
        return query
    if not isinstance(query, CleanQuery):
        query = clean_query(query)
    if not query:
        return ""
    stem = (spanish_stem if query.language == SPANISH else light_stem) if mode == "prefix" else None
    return build_query(query.terms, operator="or" if mode == "any" else "and", stem=stem, language=query.language)


def _backend(backend):
    return get_search_backend(backend) if isinstance(backend, str) else backend


def _searchable(queryset, backend, query, order_by_relevance):
    """Search results of `queryset`, or of all rows of its model when the backend cannot apply
    the queryset's conditions (filters on fields it does not index)."""
    try:
        return backend.search(query, queryset, order_by_relevance=order_by_relevance), True
    except (FieldError, FilterError):
        everything = queryset.model._default_manager.all()
        return backend.search(query, everything, order_by_relevance=order_by_relevance), False


def matching_pks(queryset, query, *, backend="default", limit=MATCH_LIMIT):
    """Primary keys of the rows matching `query`, for `queryset.filter(pk__in=...)` (see the module docstring)."""
    backend = _backend(backend)
    query = search_query(query)
    if not query:
        return []
    match_subquery = getattr(backend, "match_subquery", None)
    if match_subquery is not None:
        subquery = match_subquery(queryset, query)
        if subquery is not None:
            return subquery
    results, _filtered = _searchable(queryset.order_by(), backend, query, order_by_relevance=False)
    return [obj.pk for obj in results[:limit]]


def filter_matching(queryset, query, *, selective=False, backend="default"):
    """`queryset` narrowed to the rows matching `query`, as a lazy QuerySet (see the module docstring)."""
    backend = _backend(backend)
    query = search_query(query)
    if not query:
        return queryset.none()
    method = getattr(backend, "filter_matching", None)
    if method is not None:
        filtered = method(queryset, query, selective=selective)
        if filtered is not None:
            return filtered
    return queryset.filter(pk__in=matching_pks(queryset, query, backend=backend))


def scored_matches(queryset, query, *, backend="default"):
    """(sql, params) of a query selecting (object_pk, score) of every row of `queryset`'s model matching `query`,
    best first by ascending score (the order of `ranked_pks`), for a caller's own SQL to join; or None where the
    backend offers no such query (then use `ranked_pks`)."""
    backend = _backend(backend)
    query = search_query(query)
    method = getattr(backend, "scored_matches", None)
    if not query or method is None:
        return None
    return method(queryset, query)


def ranked_pks(queryset, query, offset=0, limit=20, *, newest_first=True, backend="default"):
    """Primary keys of `queryset`'s rows matching `query`, best first, from `offset`, at most `limit`."""
    backend = _backend(backend)
    query = search_query(query)
    offset, limit = max(int(offset), 0), max(int(limit), 0)
    if not query or not limit:
        return []
    method = getattr(backend, "ranked_pks", None)
    if method is not None:
        pks = method(queryset, query, offset, limit, newest_first=newest_first)
        if pks is not None:
            return pks
    results, filtered = _searchable(queryset.order_by(), backend, query, order_by_relevance=True)
    if filtered:
        return [obj.pk for obj in results[offset : offset + limit]]
    # The backend ranked the whole model: keep the rows of the queryset, in that order.
    ranked = [obj.pk for obj in results[:MATCH_LIMIT]]
    allowed = set(queryset.filter(pk__in=ranked).values_list("pk", flat=True)) if ranked else set()
    return [pk for pk in ranked if pk in allowed][offset : offset + limit]


def row_match(queryset, query, *, backend="default"):
    """A boolean expression true on the rows of `queryset`'s model matching `query`, each checked on its own, or
    None where the backend offers none (see the module docstring)."""
    return _optional(backend, "row_match", queryset, query)


def row_rank(queryset, query, *, backend="default"):
    """An expression of each row's rank for `query`, higher first, or None (see the module docstring)."""
    return _optional(backend, "row_rank", queryset, query)


def match_estimate(queryset, query, *, backend="default"):
    """The backend's estimates (matches, rows) of the rows of `queryset` matching `query` and of all its rows, or
    None (see the module docstring)."""
    return _optional(backend, "match_estimate", queryset, query)


def _optional(backend, name, queryset, query):
    method = getattr(_backend(backend), name, None)
    query = search_query(query)
    if not query or method is None:
        return None
    return method(queryset, query)


def walking_rows(queryset, *, backend="default"):
    """A context for one query that walks rows in index order, checking each against `row_match`, until its LIMIT
    (see the module docstring)."""
    method = getattr(_backend(backend), "walking_rows", None)
    return method(queryset) if method is not None else nullcontext()


def reading_matches(queryset, *, backend="default"):
    """A context for one query reading many keyword matches of `queryset`'s model (see the module docstring)."""
    method = getattr(_backend(backend), "reading_matches", None)
    return method(queryset) if method is not None else nullcontext()


def sampled(results, limit):
    """`results` with only the first `limit` matches found counted and ranked, where the backend offers it
    (`results.sample`); elsewhere `results` itself."""
    sample = getattr(results, "sample", None)
    return sample(limit) if sample is not None else results


def capped(results, cap):
    """(results to show, count, more) with a count that stops at `cap` (see the module docstring)."""
    if hasattr(results, "sample"):
        results = sampled(results, cap + 1)
        count = results.count()
    else:
        count = results[: cap + 1].count()
    if count > cap:
        return results[:cap], cap, True
    return results, count, False


__all__ = [
    "MATCH_LIMIT",
    "capped",
    "filter_matching",
    "match_estimate",
    "matching_pks",
    "ranked_pks",
    "reading_matches",
    "row_match",
    "row_rank",
    "sampled",
    "search_query",
    "walking_rows",
]
