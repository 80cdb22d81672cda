"""Site search on PostgreSQL read straight from Wagtail's index entries.

Wagtail's PostgreSQL backend searches a queryset by joining every row of the model to its index
entry through a generic relation (`object_id = id::text`, which no index serves), then counts and
ranks every match. At 100,000 employers "hospital" matches about 17,000 of them: 115 ms to count
the employer group and 159 ms to rank its top 5, and it grows with the number of employers.

Here the index entries of the queryset's content types are matched first (the GIN index on
`title || body` from migration 0004, or Wagtail's GIN index on `autocomplete`), each matching entry
is checked against the queryset (live, public…) through an EXISTS on the model's primary key
(`object_id` cast to an integer, so the primary key index serves it), and the count and the best
results come from one query that ranks exactly as Wagtail's backend does (`ts_rank` of the title
times `title_norm` plus `ts_rank` of the body; `autocomplete` for suggestions), ties broken by
newest first.

`cap` bounds the work for the grouped overview: only the first `cap + 1` matching entries (in the
order PostgreSQL finds them) are counted and ranked. A group with more matches says "1,000+" and
its top 5 are the best of those; below the cap the count and the ranking are exact.
"""

from django.db import connections
from django.db.models import BigIntegerField, Exists, F, IntegerField, OuterRef
from django.db.models.functions import Cast
from modelsearch.utils import get_descendants_content_types_pks

INTEGER_PK_TYPES = {"AutoField", "IntegerField", "SmallAutoField", "SmallIntegerField", "PositiveIntegerField"}
BIG_INTEGER_PK_TYPES = {"BigAutoField", "BigIntegerField", "PositiveBigIntegerField"}


def _pk_cast_field(model):
    """The integer field to cast `object_id` to for `model`'s primary key, or None (not an integer key)."""
    pk = model._meta.pk
    target = pk.target_field if pk.is_relation else pk  # a page's key is its page_ptr
    internal_type = target.get_internal_type()
    if internal_type in INTEGER_PK_TYPES:
        return IntegerField()
    if internal_type in BIG_INTEGER_PK_TYPES:
        return BigIntegerField()
    return None


def supports(backend, queryset):
    """True when `backend` is Wagtail's PostgreSQL backend and `queryset`'s model has an integer key."""
    try:
        from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend
    except ImportError:  # pragma: no cover - a build without the database backends
        return False
    return isinstance(backend, PostgresSearchBackend) and _pk_cast_field(queryset.model) is not None


class IndexedResults:
    """Search results of `queryset` for a Wagtail search query, sliceable and countable like
    Wagtail's (usable by Paginator). `autocomplete=True` matches and ranks the autocomplete vector
    (suggestions as you type); otherwise `title || body`."""

    def __init__(
        self, backend, queryset, query, compiler_class, autocomplete=False, cap=None, prefetch=5, content_types=None
    ):
        self.backend = backend
        self.queryset = queryset
        self.query = query
        self.compiler_class = compiler_class
        self.autocomplete = autocomplete
        self.cap = cap
        self.prefetch = prefetch
        # The content types whose entries to read; default: the model and its subclasses.
        self.content_types = content_types
        self.more = False  # more than `cap` matches: count() is then the cap
        self.prefetch_offset = 0
        self._count = None
        self._windows = []  # (offset, number of rows, objects) of each fetch

    def _matches_sql(self):
        """SQL and parameters of the matching entries' (object_id_int, rank), at most cap + 1 of them."""
        from wagtail.search.models import IndexEntry

        model = self.queryset.model
        cast_field = _pk_cast_field(model)
        compiler = self.compiler_class(self.queryset, self.query)
        config = compiler.get_config(self.backend)
        tsquery = compiler.build_tsquery(self.query, config=config)
        content_types = self.content_types or get_descendants_content_types_pks(model)
        entries = IndexEntry.objects.filter(content_type_id__in=content_types)
        if self.autocomplete:
            entries = entries.filter(autocomplete=tsquery)
            rank = compiler.build_tsrank(F("autocomplete"), self.query, config=config)
        else:
            entries = entries.annotate(_vector_=F("title")._combine(F("body"), "||", False)).filter(_vector_=tsquery)
            title_rank = compiler.build_tsrank(F("title"), self.query, config=config)
            rank = title_rank * F("title_norm") + compiler.build_tsrank(F("body"), self.query, config=config)
        # The queryset's own conditions (live, public, …) for each matching entry, by primary key.
        visible = self.queryset.order_by().filter(pk=OuterRef("object_id_int")).values("pk")
        entries = entries.annotate(object_id_int=Cast("object_id", cast_field)).filter(Exists(visible))
        # Unordered, so with a cap PostgreSQL stops at the first cap + 1 matches and ranks only those
        # (a select list is computed only for the rows returned).
        entries = entries.annotate(rank=rank).order_by().values_list("object_id_int", "rank")
        if self.cap is not None:
            entries = entries[: self.cap + 1]
        return entries.query.sql_with_params()

    def _rows(self, offset, limit):
        """(object id, number of matches) of the best matches, from `offset`, at most `limit`."""
        matches_sql, params = self._matches_sql()
        # Only the compiled queryset's SQL is formatted in; every value is a parameter.
        sql = (
            f"SELECT object_id_int, COUNT(*) OVER () FROM ({matches_sql}) AS matches"  # noqa: S608
            " ORDER BY rank DESC, object_id_int DESC LIMIT %s OFFSET %s"
        )
        with connections[self.queryset.db].cursor() as cursor:
            cursor.execute(sql, [*params, limit, offset])
            return cursor.fetchall()

    def _fetch(self, offset, limit):
        if self.cap is not None:
            limit = min(limit, self.cap - offset)  # no further than the count says
        rows = self._rows(offset, limit) if limit > 0 else []
        if rows or offset == 0:
            self._set_count(rows[0][1] if rows else 0)
        ids = [row[0] for row in rows]
        by_pk = self.queryset.in_bulk(ids) if ids else {}
        objects = [by_pk[pk] for pk in ids if pk in by_pk]
        self._windows.append((offset, len(rows), objects))
        return objects

    def _cached(self, offset, limit):
        """The objects at offset…offset + limit from a window already fetched, or None."""
        for start, rows, objects in self._windows:
            reaches_end = self._count is not None and start + rows >= self._count
            if start <= offset and (offset + limit <= start + rows or reaches_end):
                return objects[offset - start : offset - start + limit]
        return None

    def _set_count(self, matches):
        if self.cap is not None and matches > self.cap:
            self.more, matches = True, self.cap
        self._count = matches

    def prefetch_from(self, offset):
        """Have count() fetch the `prefetch` results from `offset` (a page about to be shown) with the count."""
        self.prefetch_offset = max(offset, 0)

    def count(self):
        if self._count is None:
            # The first results come with the count: one query for a group's count and top results.
            self._fetch(self.prefetch_offset, max(self.prefetch, 1))
        if self._count is None:  # the prefetched page was past the last match
            self._fetch(0, max(self.prefetch, 1))
        return self._count

    def __len__(self):
        return self.count()

    def __iter__(self):
        return iter(self[0 : self.count()])

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key : key + 1][0]
        offset = key.start or 0
        stop = key.stop if key.stop is not None else self.count()
        limit = max(stop - offset, 0)
        cached = self._cached(offset, limit)
        return cached if cached is not None else self._fetch(offset, limit)
