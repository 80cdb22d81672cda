"""Editor-kept synonyms (the SearchSynonym snippet) turned into search queries.

`expand_query(q)` is the one entry point the site, training and employer searches share:

    from search.synonyms import expand_query
    results = TrainingPage.objects.live().search(expand_query(q))

It returns a Wagtail search query object (or "" when nothing searchable was typed, which
Wagtail answers with no results). Every word must match; a word or phrase with synonyms
matches any of them: "RN Buffalo" becomes ("rn" OR "registered nurse") AND "buffalo".
"""

from django.core.cache import cache
from modelsearch.query import And, Or, PlainText

from .text import SPANISH, accent_variants, clean_query, fold_accents, significant_terms

CACHE_KEY = "site_search:synonym_groups"
CACHE_SECONDS = 300


def clear_synonym_cache(**kwargs):
    cache.delete(CACHE_KEY)


def synonym_groups():
    """Map each synonym variant (a tuple of words) to every variant of its group.

    Cached (no query per search); saving or deleting a SearchSynonym clears the cache.
    """
    groups = cache.get(CACHE_KEY)
    if groups is None:
        groups = load_synonym_groups()
        cache.set(CACHE_KEY, groups, CACHE_SECONDS)
    return groups


def load_synonym_groups():
    """Map each synonym variant (a tuple of words) to every variant of its group.

    Groups sharing a variant are merged, so "CM" = "care management" and
    "case management" = "CM" make one group of three.
    """
    from .models import SearchSynonym

    groups = []
    for synonym in SearchSynonym.objects.all():
        variants = {tuple(clean_query(synonym.term).terms)}
        variants |= {tuple(clean_query(line).terms) for line in synonym.expansion_list}
        variants.discard(())
        overlapping = [group for group in groups if group & variants]
        for group in overlapping:
            groups.remove(group)
            variants |= group
        groups.append(variants)
    mapping = {variant: frozenset(group) for group in groups for variant in group}
    # Found without accents too ("enfermeria" = "enfermería"), unless the folded words are another group's.
    for group in groups:
        for variant in group:
            mapping.setdefault(tuple(fold_accents(word) for word in variant), frozenset(group))
    return mapping


def segment(terms, groups):
    """Split terms into plain words and synonym groups, longest variant first (a variant is also found written
    without its accents)."""
    longest = max((len(variant) for variant in groups), default=1)
    segments = []
    position = 0
    while position < len(terms):
        for length in range(min(longest, len(terms) - position), 0, -1):
            key = tuple(terms[position : position + length])
            folded = tuple(fold_accents(term) for term in key)
            if key in groups or folded in groups:
                segments.append(groups[key] if key in groups else groups[folded])
                position += length
                break
        else:
            segments.append(terms[position])
            position += 1
    return segments


def build_query(terms, operator="and", groups=None, stem=None, language=None):
    """A search query over `terms` with their synonyms; "" when there is nothing to search.

    `stem`, when given, is applied to the single words (not to synonym phrases). A Spanish query (`language`
    "es") drops Spanish stopwords too and asks for each word with and without its accent."""
    if groups is None:
        groups = synonym_groups()
    kept = set(significant_terms(terms, language))
    parts = []
    for segment_ in segment(list(terms), groups):
        if isinstance(segment_, str):
            if segment_ in kept:
                word = stem(segment_) if stem else segment_
                spellings = accent_variants(word) if language == SPANISH else [word]
                if len(spellings) == 1:
                    parts.append(PlainText(word))
                else:
                    parts.append(Or([PlainText(spelling) for spelling in spellings]))
        else:
            parts.append(Or([PlainText(" ".join(variant), operator="and") for variant in sorted(segment_)]))
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    return And(parts) if operator == "and" else Or(parts)


def expand_query(q, operator="and"):
    """What a visitor typed (a raw string) → a Wagtail search query with synonyms ORed in."""
    query = clean_query(q)
    return build_query(query.terms, operator=operator, language=query.language)
