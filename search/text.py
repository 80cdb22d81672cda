"""Turning what a visitor typed into something safe to search and to store.

No database access here: these functions are shared by the search views, the synonym
snippet's validation and the search log.
"""

import re
import unicodedata
from dataclasses import dataclass, field

import snowballstemmer
from django.utils.translation import get_language

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


# Spanish words dropped the same way ("enfermera en Buffalo", "cursos de atención").
SPANISH_STOPWORDS = frozenset(
    {"a", "al", "cerca", "como", "con", "de", "del", "donde", "dónde", "el", "en", "es", "la", "las", "lo", "los"}
    | {"mi", "o", "para", "por", "que", "qué", "se", "su", "un", "una", "y"}
)
SPANISH = "es"
# Accent variants are made for words up to this long (a longer word is searched as typed and folded).
MAX_VARIANT_LENGTH = 24
ACCENTED = {"a": "á", "e": "é", "i": "í", "o": "ó", "u": "ú", "n": "ñ"}
_spanish_stemmer = snowballstemmer.stemmer("spanish")


def strip_control_characters(value):
    """Replace control and format characters (NUL, escape sequences, bidi overrides) with spaces."""
    return "".join(" " if unicodedata.category(char)[0] == "C" else char for char in value)


@dataclass
class CleanQuery:
    text: str = ""
    terms: list[str] = field(default_factory=list)
    shortened: bool = False
    # The language of the page the query was typed on ("es": Spanish stopwords, accents and stems).
    language: str = ""

    def __bool__(self):
        return bool(self.terms)


def query_language(language=None):
    """The two-letter language of the query: `language`, else the active one (the page's)."""
    return (language or get_language() or "en").split("-")[0].lower()


def clean_query(raw, language=None):
    """What the visitor typed, cleaned for display and split into lowercase search terms.

    `shortened` is true when the text was cut to MAX_QUERY_LENGTH characters or MAX_TERMS
    words, so the page can say so. `language`: the active language unless given.
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
    return CleanQuery(text=text, terms=terms, shortened=shortened, language=query_language(language))


def query_terms(text):
    return [word.lower() for word in WORD_RE.findall(text or "")]


def significant_terms(terms, language=None):
    """The terms without stopwords (English ones, and Spanish ones for a Spanish query), unless that would leave
    nothing."""
    stopwords = STOPWORDS | SPANISH_STOPWORDS if language == SPANISH else STOPWORDS
    kept = [term for term in terms if term not in stopwords]
    return kept or list(terms)


def fold_accents(term):
    """`term` without accents or tildes: "atención" -> "atencion", "enfermería" -> "enfermeria"."""
    decomposed = unicodedata.normalize("NFKD", term)
    return unicodedata.normalize("NFC", "".join(char for char in decomposed if not unicodedata.combining(char)))


def accent_variants(term):
    """The spellings of a Spanish word with and without its accent, for a query: the word as typed, folded, and
    folded with one accented vowel (or ñ) at each place, since Spanish writes at most one accent per word.

    The search index keeps accents on PostgreSQL (its one text search configuration has no `unaccent`), so
    "atencion" must also ask for "atención"; SQLite's index folds them (remove_diacritics) and matches any."""
    folded = fold_accents(term)
    variants = dict.fromkeys([term, folded])
    if len(folded) <= MAX_VARIANT_LENGTH and folded.isalpha():
        for position, char in enumerate(folded):
            if char in ACCENTED:
                variants[folded[:position] + ACCENTED[char] + folded[position + 1 :]] = None
    return list(variants)


def spanish_stem(term):
    """The Spanish Snowball stem of `term`, folded: "enfermeras" -> "enfermer", "enfermería" -> "enfermeri",
    "coordinadora" -> "coordin". Matched as a prefix (the index stems with its English rules, so a Spanish
    stem is a prefix of the indexed word, not the indexed word)."""
    if len(term) <= 4 or not term.isalpha():
        return fold_accents(term)
    return fold_accents(_spanish_stemmer.stemWord(fold_accents(term)))


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
