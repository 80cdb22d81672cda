"""Transitional re-export for the training and employer searches until they use search.matching: the
search index's SQL lives in search/backends/."""

from search.backends.schema import ENTRY_OBJECT_INDEX, FTS_TABLE, INDEX_TABLE
from search.backends.schema import sqlite_match_sql as match_sql


def sqlite_match_sql(select, condition=""):
    """See search.backends.schema.sqlite_match_sql (one content type)."""
    return match_sql(select, [None], condition)


__all__ = ["ENTRY_OBJECT_INDEX", "FTS_TABLE", "INDEX_TABLE", "sqlite_match_sql"]
