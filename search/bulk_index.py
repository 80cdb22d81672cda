"""Adding many objects to the search index quickly: the backend's `add_bulk` (on PostgreSQL this project's
backend builds the vectors in the database, search/backends/bulk.py), then the title norms once at the end."""

from modelsearch.backends import get_search_backend


def add_bulk(model, objects, backend=None):
    """Index `objects` (instances of `model`) in the default search backend, in bulk."""
    (backend or get_search_backend()).add_bulk(model, objects)


def refresh_title_norms(model, backend=None):
    """A backend whose `add_bulk` leaves the title norms for later computes them here, once per bulk load."""
    backend = backend or get_search_backend()
    refresh = getattr(backend, "refresh_title_norms", None)
    if refresh is not None:
        refresh(model)
