"""The search backend this project configures (`"BACKEND": "search.backends.database"`).

Like `modelsearch.backends.database`, it picks the backend for the default database's vendor, but
returns this project's subclasses of modelsearch's PostgreSQL and SQLite backends (search/backends/
postgres.py, sqlite.py): the same public API (`search()`, `autocomplete()`, results `count()`, slicing,
`facet()`, `add_bulk`), faster, plus the methods search.matching uses. Other databases, and SQLite
without FTS5, get modelsearch's generic database backend.
"""

from django.db import connection


def SearchBackend(params):  # the name modelsearch looks up in a backend module
    if connection.vendor == "postgresql":
        from .postgres import SearchBackend as PostgresBackend

        return PostgresBackend(params)
    if connection.vendor == "sqlite" and _sqlite_fts():
        from .sqlite import SearchBackend as SQLiteBackend

        return SQLiteBackend(params)
    from modelsearch.backends.database import SearchBackend as ModelsearchBackend

    return ModelsearchBackend(params)


_fts = None


def _sqlite_fts():
    global _fts  # checked once per process, as modelsearch does
    if _fts is None:
        from modelsearch.backends.database.sqlite.utils import fts5_available, fts_table_exists

        _fts = bool(fts5_available() and fts_table_exists())
    return _fts
