"""Stemming for search on every backend.

PostgreSQL's full-text search stems English words, SQLite FTS5 (the local backend) does not.
Indexing a stemmed copy of the public text (`search_stems`) and adding the stemmed query
terms makes "hospitals" find "hospital" (and "coordinators" find "care coordination") on both.
"""

import re
from functools import lru_cache

import snowballstemmer

WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("english")


def stem_words(text):
    words = [word.lower().strip("'-") for word in WORD.findall(text or "")]
    return [stem for stem in _stemmer().stemWords([word for word in words if word]) if stem]


def stem_text(text):
    """The stems of the words in `text`, space separated, each once."""
    return " ".join(dict.fromkeys(stem_words(text)))
