"""Searching a queryset the way visitors expect, loosening the match only when nothing is found.

Matching modes, tried in this order until one finds something:

1. ``all``: every word (or one of its synonyms) must match. Stemmed: "nurses" finds "nurse"
   (PostgreSQL's english configuration; on SQLite the porter tokenizer of the FTS5 table).
2. ``prefix``: the same, but the words, less a common ending, may be the start of a word:
   "coord" finds "coordinator", "assistants" finds "assistant" even without a stemmer.
3. ``fuzzy``: typo tolerance, PostgreSQL only (pg_trgm trigram similarity on the indexed text,
   accent-insensitive through unaccent): "nurce" finds "nurse".
4. ``any``: any of the words may match, best matches first.

The site search picks one mode for all its result groups; the training and employer
searches call `search_with_fallback` on their own queryset.
"""

import copy
from functools import cache

from django.db import connection
from modelsearch.backends import get_search_backend
from modelsearch.query import Fuzzy

from .synonyms import build_query, synonym_groups
from .text import CleanQuery, clean_query, light_stem, significant_terms

ALL, PREFIX, FUZZY, ANY = "all", "prefix", "fuzzy", "any"

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


def modes():
    return [ALL, PREFIX, FUZZY, ANY] if fuzzy_search_available() else [ALL, PREFIX, ANY]


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


def search_in_mode(queryset, query, mode, groups=None, backend="default"):
    """Search `queryset` for `query` (a string or CleanQuery) in one matching mode.

    Returns Wagtail search results (sliceable, countable), or None when the mode does not
    apply (nothing to search, or the backend cannot do it).
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
        fuzzy = Fuzzy(" ".join(significant_terms(query.terms)), unaccent=True)
        return get_search_backend(backend).search(fuzzy, queryset)
    search_query = build_query(
        query.terms, operator="or" if mode == ANY else "and", groups=groups, stem=light_stem if mode == PREFIX else None
    )
    if not search_query:
        return None
    if mode == PREFIX:
        prefix_backend = _prefix_backend(backend)
        if prefix_backend is None:
            return None
        return prefix_backend.search(search_query, queryset)
    # Through the backend rather than queryset.search(): custom querysets may lack the mixin.
    return get_search_backend(backend).search(search_query, queryset)


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
    for mode in modes():
        results = search_in_mode(queryset, query, mode, groups=groups, backend=backend)
        if results is not None and results.count():
            return results, mode
    return search_in_mode(queryset, query, ALL, groups=groups, backend=backend), ALL
