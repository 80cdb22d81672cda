"""Search query classes this project's database backends understand beyond modelsearch's, and their
translation into the index's own syntax (FTS5 match expressions, PostgreSQL tsquery text).

Only letters and digits of the query reach the syntax, each quoted: nothing a visitor types is read
as an operator."""

import re

from modelsearch.query import And, Boost, Or, Phrase, PlainText, SearchQuery

WORD_RE = re.compile(r"[^\W_]+")


class Prefix(SearchQuery):
    """`subquery` with the last word of each of its plain-text parts matched as the start of a word
    ("coord" finds "coordinator"). Supported by backends whose `supports_prefix` is True."""

    def __init__(self, subquery):
        self.subquery = subquery

    def __repr__(self):
        return f"<Prefix {self.subquery!r}>"


class Unsupported(Exception):
    """A query this module cannot translate (the backend then searches through modelsearch's own path)."""


def _words(text):
    return WORD_RE.findall(text or "")


def to_syntax(query, quote, and_, or_, prefix=False, prefix_mark=""):
    """`query` in a boolean syntax: words through `quote`, joined by `and_` / `or_`; None when it has no words."""
    if isinstance(query, Prefix):
        return to_syntax(query.subquery, quote, and_, or_, prefix=True, prefix_mark=prefix_mark)
    if isinstance(query, Boost):
        return to_syntax(query.subquery, quote, and_, or_, prefix, prefix_mark)
    if isinstance(query, PlainText):
        words = _words(query.query_string)
        if not words:
            return None
        parts = [quote(word) for word in words]
        if prefix:
            parts[-1] += prefix_mark
        joined = (and_ if str(query.operator).lower() == "and" else or_).join(parts)
        return f"({joined})" if len(parts) > 1 else joined
    if isinstance(query, Phrase):
        return phrase_syntax(query, quote)
    if isinstance(query, And | Or):
        parts = [to_syntax(sub, quote, and_, or_, prefix, prefix_mark) for sub in query.subqueries]
        parts = [part for part in parts if part]
        if not parts:
            return None
        joined = (and_ if isinstance(query, And) else or_).join(parts)
        return f"({joined})" if len(parts) > 1 else joined
    raise Unsupported(type(query).__name__)


def phrase_syntax(query, quote):
    words = _words(query.query_string)
    return quote(" ".join(words)) if words else None


def fts5_expression(query):
    """FTS5 syntax for `query` (without the column filter), or None; raises Unsupported."""
    return to_syntax(query, lambda word: f'"{word}"', " AND ", " OR ", prefix_mark="*")


def tsquery_text(query):
    """to_tsquery() text for `query`, or None; raises Unsupported. Each word is quoted, so to_tsquery still
    stems it with the text search configuration."""
    # Phrases: words in order ("<->"); the quoting keeps each a lexeme.
    if isinstance(query, Phrase):
        words = _words(query.query_string)
        return " <-> ".join(f"'{word}'" for word in words) if words else None
    return to_syntax(query, lambda word: f"'{word}'", " & ", " | ", prefix_mark=":*")


def words_only(query):
    """`query` with only the letters and digits of its texts (what the index tokenizes anyway), so that no
    punctuation, quote or operator typed reaches the database's full-text syntax; "" when no word is left.
    Query classes other than the text ones (MatchAll, Fuzzy, Not…) are kept as they are."""
    if isinstance(query, str):
        return " ".join(_words(query))
    if isinstance(query, Prefix):
        sub = words_only(query.subquery)
        return Prefix(sub) if sub != "" else ""
    if isinstance(query, Boost):
        sub = words_only(query.subquery)
        return Boost(sub, query.boost) if sub != "" else ""
    if isinstance(query, PlainText):
        text = " ".join(_words(query.query_string))
        return PlainText(text, operator=query.operator, boost=query.boost) if text else ""
    if isinstance(query, Phrase):
        text = " ".join(_words(query.query_string))
        return Phrase(text) if text else ""
    if isinstance(query, And | Or):
        parts = [sub for sub in (words_only(sub) for sub in query.subqueries) if sub != ""]
        if not parts:
            return ""
        return parts[0] if len(parts) == 1 else type(query)(parts)
    return query
