"""Wagtail's search index tables, read directly by the training and employer searches; on SQLite, its FTS5 table and
its index entries (directory/trainings/search.py, directory/employers/search.py).

Wagtail's SQLite backend lets SQLite walk every index entry of a content type and re-run MATCH for each (seconds at
10,000 trainings or 100,000 employers); these queries read the FTS5 matches first, then each match's entry.
"""

FTS_TABLE = "wagtailsearch_indexentry_fts"
INDEX_TABLE = "wagtailsearch_indexentry"
# The index of the entries by (content type, id) that also holds their object ids (migration directory.0010).
ENTRY_OBJECT_INDEX = "directory_search_entry_object"


def sqlite_match_sql(select, condition=""):
    """SQL selecting `select` for each index entry of one content type whose text matches; parameters: the FTS5
    match expression, the content type id, then those of `condition` (more SQL ANDed to the WHERE clause).

    FTS first (CROSS JOIN fixes the order), then each match's entry in the narrow index that holds its object id
    (INDEXED BY: SQLite's planner prefers the primary key, not knowing the table's rows hold each entry's whole
    text): 1,237 matches of "care coordination" at 10,000 trainings took 3.7-4.3 ms through the table, 1.6-1.7 ms
    through the index. `e` is the index entry, FTS_TABLE the match (for bm25)."""
    # Only constants and the caller's SQL are formatted in; the values are parameters.
    return (
        f"SELECT {select} FROM {FTS_TABLE} CROSS JOIN {INDEX_TABLE} e INDEXED BY {ENTRY_OBJECT_INDEX} "  # noqa: S608
        f"ON e.id = {FTS_TABLE}.rowid WHERE {FTS_TABLE} MATCH %s AND e.content_type_id = %s{condition}"
    )
