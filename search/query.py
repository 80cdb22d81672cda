"""Searching a queryset the way visitors expect, loosening the match only when nothing is found.

Matching modes, tried in this order until one finds something:

1. ``all``: every word (or one of its synonyms) must match. Stemmed: "nurses" finds "nurse"
   (PostgreSQL's english configuration; on SQLite the porter tokenizer of the FTS5 table).
2. ``prefix``: the same, but the words, less a common ending, may be the start of a word:
   "coord" finds "coordinator", "assistants" finds "assistant" even without a stemmer.
3. ``fuzzy``: typo tolerance, PostgreSQL only (pg_trgm trigram similarity with the titles,
   accent-insensitive through unaccent): "flebotomy" finds "Phlebotomy Technician".
4. ``any``: any of the words may match, best matches first.

With several words, ``any`` comes before ``fuzzy``.

The site search picks one mode for all its result groups; the training and employer
searches call `search_with_fallback` on their own queryset.
"""

import copy
from functools import cache

from django.db import connection, transaction
from modelsearch.backends import get_search_backend
from modelsearch.utils import get_descendants_content_types_pks

from . import indexed
from .synonyms import build_query, synonym_groups
from .text import CleanQuery, clean_query, light_stem, significant_terms

ALL, PREFIX, FUZZY, ANY = "all", "prefix", "fuzzy", "any"

# Typo tolerance: how similar (pg_trgm word similarity, 0 to 1) a word of the text must be to what
# was typed, and how many close matches to consider at most.
FUZZY_THRESHOLD = 0.3
FUZZY_LIMIT = 200

MODE_MESSAGES = {
    PREFIX: "No results matched your words exactly, so these match words that start with them.",
    FUZZY: "No results matched your words exactly, so these are close matches (allowing for typos).",
    ANY: "No results matched all of your words, so these match some of them.",
}


@cache
def fuzzy_search_available():
    """True on PostgreSQL once the migration enabling pg_trgm and unaccent has run."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm')"
            " AND EXISTS (SELECT 1 FROM pg_proc WHERE proname = 'f_unaccent')"
        )
        return bool(cursor.fetchone()[0])


def modes(query=None):
    """The matching modes to try for `query`: with several words, any-word matches come before
    typo tolerance (which compares titles with the whole query, best for one or two words)."""
    several_words = query is not None and len(significant_terms(query.terms)) > 1
    order = [ALL, PREFIX, ANY, FUZZY] if several_words else [ALL, PREFIX, FUZZY, ANY]
    return [mode for mode in order if mode != FUZZY or fuzzy_search_available()]


@cache
def _prefix_backend(backend_name):
    """The search backend with its query compiler matching the last word of each part as a prefix."""
    backend = get_search_backend(backend_name)
    compiler = backend.query_compiler_class
    if not hasattr(compiler, "LAST_TERM_IS_PREFIX"):
        return None
    prefix_backend = copy.copy(backend)
    prefix_backend.query_compiler_class = type(f"Prefix{compiler.__name__}", (compiler,), {"LAST_TERM_IS_PREFIX": True})
    return prefix_backend


def search_in_mode(queryset, query, mode, groups=None, backend="default", cap=None, content_types=None):
    """Search `queryset` for `query` (a string or CleanQuery) in one matching mode.

    Returns search results (sliceable, countable), or None when the mode does not apply (nothing
    to search, or the backend cannot do it). On PostgreSQL they are read straight from the index
    entries (`search.indexed`); `cap` then bounds how many matches are counted and ranked, and
    `content_types` (ids) narrows the index entries read (default: the model and its subclasses).
    """
    if not isinstance(query, CleanQuery):
        query = clean_query(query)
    if not query:
        return None
    if groups is None:
        groups = synonym_groups()
    if mode == FUZZY:
        if not fuzzy_search_available():
            return None
        return fuzzy_search(queryset, " ".join(significant_terms(query.terms)))
    search_query = build_query(
        query.terms, operator="or" if mode == ANY else "and", groups=groups, stem=light_stem if mode == PREFIX else None
    )
    if not search_query:
        return None
    search_backend = get_search_backend(backend)
    if mode == PREFIX:
        search_backend = _prefix_backend(backend)
        if search_backend is None:
            return None
    if indexed.supports(search_backend, queryset):
        return indexed.IndexedResults(
            search_backend,
            queryset,
            search_query,
            search_backend.query_compiler_class,
            cap=cap,
            content_types=content_types,
        )
    # Through the backend rather than queryset.search(): custom querysets may lack the mixin.
    return search_backend.search(search_query, queryset)


def autocomplete(queryset, search_query, backend="default", cap=None, prefetch=5, content_types=None):
    """Objects of `queryset` whose autocomplete fields start with the words of `search_query` (a
    Wagtail search query), best first; on PostgreSQL read straight from the index entries."""
    search_backend = get_search_backend(backend)
    if indexed.supports(search_backend, queryset):
        return indexed.IndexedResults(
            search_backend,
            queryset,
            search_query,
            search_backend.autocomplete_query_compiler_class,
            autocomplete=True,
            cap=cap,
            prefetch=prefetch,
            content_types=content_types,
        )
    return search_backend.autocomplete(search_query, queryset)


def search_with_fallback(queryset, q, backend="default"):
    """Search `queryset` for what a visitor typed, loosening the match until something is found.

    Returns (results, mode): results is None when nothing searchable was typed; mode says
    how the results matched (MODE_MESSAGES has a sentence to show for the looser modes).
    """
    query = q if isinstance(q, CleanQuery) else clean_query(q)
    if not query:
        return None, ALL
    groups = synonym_groups()
    results = None
    mode = ALL
    for mode in modes(query):
        results = search_in_mode(queryset, query, mode, groups=groups, backend=backend)
        if results is not None and results.count():
            return results, mode
    return search_in_mode(queryset, query, ALL, groups=groups, backend=backend), ALL


class RankedResults:
    """Objects of `queryset` in the order of `ranked_pks`, with count() and slicing like Wagtail's
    search results (and so usable by Paginator)."""

    def __init__(self, queryset, ranked_pks):
        self.queryset = queryset
        self.ranked_pks = ranked_pks
        self._objects = None

    def _load(self):
        if self._objects is None:
            by_pk = self.queryset.in_bulk(self.ranked_pks) if self.ranked_pks else {}
            self._objects = [by_pk[pk] for pk in self.ranked_pks if pk in by_pk]
        return self._objects

    def count(self):
        return len(self._load())

    def __len__(self):
        return self.count()

    def __iter__(self):
        return iter(self._load())

    def __getitem__(self, key):
        return self._load()[key]


def fuzzy_search(queryset, text):
    """Typo-tolerant search on PostgreSQL: the best FUZZY_LIMIT index entries of the queryset's
    model whose title has words similar to `text`, accent-insensitive.

    Uses the `%>` operator so the trigram GIN indexes made by `enable_trigram` do the work (Wagtail's
    own Fuzzy query computes the similarity of every index entry: seconds at 10,000 trainings).
    """
    from wagtail.search.models import IndexEntry

    table = connection.ops.quote_name(IndexEntry._meta.db_table)
    content_types = list(get_descendants_content_types_pks(queryset.model))
    # Titles only: checking bodies too meant re-checking ~20,000 long texts for a two-word query
    # (6 s at 10,000 trainings) against 40 ms for titles.
    sql = (
        f"SELECT object_id, word_similarity(f_unaccent(%s), f_unaccent(title_text)) AS score FROM {table}"  # noqa: S608
        " WHERE content_type_id = ANY(%s) AND f_unaccent(title_text) %%> f_unaccent(%s)"
        " ORDER BY score DESC, object_id LIMIT %s"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)", [str(FUZZY_THRESHOLD)])
        cursor.execute(sql, [text, content_types, text, FUZZY_LIMIT])
        rows = cursor.fetchall()
    pk_field = queryset.model._meta.pk
    ranked = []
    for object_id, _score in rows:
        try:
            ranked.append(pk_field.to_python(object_id))
        except Exception:  # noqa: S112 - an entry of another key type: not ours
            continue
    return RankedResults(queryset, ranked)
