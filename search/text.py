"""Turning what a visitor typed into something safe to search and to store.

No database access here: these functions are shared by the search views, the synonym
snippet's validation and the search log.
"""

import re
import unicodedata
from dataclasses import dataclass, field

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12

# Words (letters and digits in any script). Everything else, including HTML, SQL and
# full-text operator syntax, separates words and never reaches the search backend.
WORD_RE = re.compile(r"[^\W_]+")
EMAIL_RE = re.compile(r"\S+@\S+")
LONG_NUMBER_RE = re.compile(r"[+(]*\d(?:[\s().-]*\d){6,}\)?")

# Dropped from the words that must match (SQLite's full-text index keeps them, so "nurse in
# Buffalo" would otherwise require the word "in"), unless the query is nothing but these.
STOPWORDS = frozenset(
    {"a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "how", "i", "in", "is", "it", "me", "my"}
    | {"near", "of", "on", "or", "the", "to", "what", "where", "with"}
)


def strip_control_characters(value):
    """Replace control and format characters (NUL, escape sequences, bidi overrides) with spaces."""
    return "".join(" " if unicodedata.category(char)[0] == "C" else char for char in value)


@dataclass
class CleanQuery:
    text: str = ""
    terms: list[str] = field(default_factory=list)
    shortened: bool = False

    def __bool__(self):
        return bool(self.terms)


def clean_query(raw):
    """What the visitor typed, cleaned for display and split into lowercase search terms.

    `shortened` is true when the text was cut to MAX_QUERY_LENGTH characters or MAX_TERMS
    words, so the page can say so.
    """
    text = " ".join(strip_control_characters(str(raw or "")).split())
    shortened = False
    if len(text) > MAX_QUERY_LENGTH:
        shortened = True
        cut = text[:MAX_QUERY_LENGTH]
        # Cut at a word boundary when there is one.
        text = (cut.rsplit(" ", 1)[0] if " " in cut else cut).strip()
    terms = query_terms(text)
    if len(terms) > MAX_TERMS:
        shortened = True
        terms = terms[:MAX_TERMS]
    return CleanQuery(text=text, terms=terms, shortened=shortened)


def query_terms(text):
    return [word.lower() for word in WORD_RE.findall(text or "")]


def significant_terms(terms):
    """The terms without stopwords, unless that would leave nothing."""
    kept = [term for term in terms if term not in STOPWORDS]
    return kept or list(terms)


def light_stem(term):
    """Cut a common English ending, for matching as a prefix: "assistants" -> "assistant",
    "nurses"/"nursing" -> "nurs", "therapies" -> "therap". Used by the prefix mode, so plurals
    match on any backend, with or without a stemming tokenizer."""
    if len(term) <= 4 or not term.isalpha():
        return term
    for ending in ("ies", "ing", "es", "ed", "s"):
        if term.endswith(ending) and not term.endswith("ss") and len(term) - len(ending) >= 3:
            return term[: -len(ending)]
    return term


def redact(text):
    """Remove what could identify a person before a query is stored: e-mail addresses and
    phone-like numbers (7 or more digits)."""
    text = EMAIL_RE.sub("[email]", text)
    return LONG_NUMBER_RE.sub("[number]", text).strip()


def normalise_for_log(text):
    return " ".join(redact(text).lower().split())[:MAX_QUERY_LENGTH]
