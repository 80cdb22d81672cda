"""Searching a queryset the way visitors expect, loosening the match only when nothing is found.

Matching modes, tried in this order until one finds something:

1. ``all``: every word (or one of its synonyms) must match. Stemmed: "nurses" finds "nurse"
   (PostgreSQL's english configuration; on SQLite the porter tokenizer of the FTS5 table).
2. ``prefix``: the same, but the words, less a common ending, may be the start of a word:
   "coord" finds "coordinator", "assistants" finds "assistant" even without a stemmer.
   A backend with `supports_prefix` (this project's database backends) matches the title and body
   so (`search.backends.query.Prefix`); any other through its `autocomplete()`.
3. ``fuzzy``: typo tolerance (`modelsearch.query.Fuzzy`): "flebotomy" finds "Phlebotomy Technician".
   On PostgreSQL once pg_trgm is enabled, on Elasticsearch/OpenSearch; skipped elsewhere.
4. ``any``: any of the words may match, best matches first.

With several words, ``any`` comes before ``fuzzy``.

Everything goes through the search backend's public API (`search()`, `autocomplete()`). The site search
picks one mode for all its result groups; `search_with_fallback` does the same for one queryset.
"""

from django.utils.translation import gettext_lazy
from modelsearch.backends import get_search_backend
from modelsearch.query import Fuzzy

from .backends.query import Prefix
from .synonyms import build_query, synonym_groups
from .text import SPANISH, CleanQuery, clean_query, light_stem, significant_terms, spanish_stem

ALL, PREFIX, FUZZY, ANY = "all", "prefix", "fuzzy", "any"

MODE_MESSAGES = {
    PREFIX: gettext_lazy("No results matched your words exactly, so these match words that start with them."),
    FUZZY: gettext_lazy("No results matched your words exactly, so these are close matches (allowing for typos)."),
    ANY: gettext_lazy("No results matched all of your words, so these match some of them."),
}


def _backend(backend):
    return get_search_backend(backend) if isinstance(backend, str) else backend


def fuzzy_supported(backend="default"):
    """False when the backend says it cannot match with typos (`supports_fuzzy`); backends that do not say
    are tried, and skipped if they raise NotImplementedError (see `search_with_fallback`)."""
    return getattr(_backend(backend), "supports_fuzzy", True)


def modes(query=None, backend="default"):
    """The matching modes to try for `query`: with several words, any-word matches come before
    typo tolerance (which compares titles with the whole query, best for one or two words)."""
    several_words = query is not None and len(significant_terms(query.terms, query.language)) > 1
    order = [ALL, PREFIX, ANY, FUZZY] if several_words else [ALL, PREFIX, FUZZY, ANY]
    return [mode for mode in order if mode != FUZZY or fuzzy_supported(backend)]


def search_in_mode(queryset, query, mode, groups=None, backend="default"):
    """Search `queryset` for `query` (a string or CleanQuery) in one matching mode.

    Returns search results (sliceable, countable), or None when the mode does not apply (nothing
    to search, or the backend cannot do it)."""
    if not isinstance(query, CleanQuery):
        query = clean_query(query)
    if not query:
        return None
    search_backend = _backend(backend)
    if mode == FUZZY:
        if not fuzzy_supported(search_backend):
            return None
        return search_backend.search(Fuzzy(" ".join(significant_terms(query.terms, query.language))), queryset)
    if groups is None:
        groups = synonym_groups()
    search_query = build_query(
        query.terms,
        operator="or" if mode == ANY else "and",
        groups=groups,
        stem=prefix_stem(query.language) if mode == PREFIX else None,
        language=query.language,
    )
    if not search_query:
        return None
    if mode == PREFIX:
        if getattr(search_backend, "supports_prefix", False):
            return search_backend.search(Prefix(search_query), queryset)
        return search_backend.autocomplete(search_query, queryset)
    return search_backend.search(search_query, queryset)


def prefix_stem(language):
    """The stemmer of the prefix mode: Spanish Snowball stems for a Spanish query ("coordinadores" finds
    "coordinación" as "coordin…"), else the light English one."""
    return spanish_stem if language == SPANISH else light_stem


def autocomplete(queryset, search_query, backend="default"):
    """Objects of `queryset` whose autocomplete fields start with the words of `search_query` (a
    Wagtail search query), best first."""
    return _backend(backend).autocomplete(search_query, queryset)


def found(results):
    """The number of results, or None when the backend cannot run this kind of query."""
    if results is None:
        return None
    try:
        return results.count()
    except NotImplementedError:
        return None


def search_with_fallback(queryset, q, backend="default"):
    """Search `queryset` for what a visitor typed, loosening the match until something is found.

    Returns (results, mode): results is None when nothing searchable was typed; mode says
    how the results matched (MODE_MESSAGES has a sentence to show for the looser modes).
    """
    query = q if isinstance(q, CleanQuery) else clean_query(q)
    if not query:
        return None, ALL
    groups = synonym_groups()
    for mode in modes(query, backend):
        results = search_in_mode(queryset, query, mode, groups=groups, backend=backend)
        if found(results):
            return results, mode
    return search_in_mode(queryset, query, ALL, groups=groups, backend=backend), ALL
