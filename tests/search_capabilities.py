"""What the configured search backend can do, for tests that assert a capability some backends lack.

Mark such a test `@pytest.mark.search_capability("stemming", ...)`: it is skipped, saying which capability
is missing, when the backend (WAGTAILSEARCH_BACKEND, e.g. the CI's second run on modelsearch's
`database.fallback`) lacks one. Capabilities:

- index: keeps the database index tables this project's backends read and write (search/backends/);
- stemming: "nurses" finds "nurse";
- whole_words: matches words (or their start), not any substring ("care" does not find "Careers");
- relevance: best matches first;
- phrase_synonyms: a multi-word synonym matches as words of one text;
- fuzzy: typo tolerance.
"""

from modelsearch.backends import get_search_backend

ALL = frozenset({"index", "stemming", "whole_words", "relevance", "phrase_synonyms", "fuzzy"})


def capabilities():
    backend = get_search_backend()
    declared = getattr(backend, "search_capabilities", None)
    if declared is not None:
        return frozenset(declared)
    module = type(backend).__module__
    if module == "modelsearch.backends.database.fallback":
        return frozenset()  # icontains on the model's own fields
    return ALL - {"index"}  # Elasticsearch, OpenSearch


def missing(*needed):
    have = capabilities()
    return [name for name in needed if name not in have]


def backend_name():
    backend = get_search_backend()
    return f"{type(backend).__module__}.{type(backend).__name__}"
