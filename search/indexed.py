"""Transitional re-export for the employer search until it uses search.matching: reading the index entries
directly is the PostgreSQL backend's (search/backends/postgres.py)."""

from .backends import schema
from .backends.postgres import IndexedResults


def supports(backend, queryset):
    """True when `backend` is this project's PostgreSQL backend and `queryset`'s model has an integer key."""
    from .backends.postgres import SearchBackend

    return isinstance(backend, SearchBackend) and schema.pk_cast_field(queryset.model) is not None


__all__ = ["IndexedResults", "supports"]
