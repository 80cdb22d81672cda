"""modelsearch's SQLite backend with the FTS-first match the directory searches need.

Wagtail's SQLite backend lets SQLite walk every index entry of a content type and re-run MATCH for each
(seconds at 10,000 trainings or 100,000 employers). Here the FTS5 matches are read first (CROSS JOIN fixes
the order), then each match's entry in the narrow index that holds its object id (`INDEXED BY`: SQLite's
planner prefers the primary key, not knowing the table's rows hold each entry's whole text).

Stemming comes from the porter tokenizer of the FTS5 table (schema.use_porter_stemmer).
"""

from django.db import connections
from django.db.models import CharField, Exists, OuterRef
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend, SQLiteSearchQueryCompiler

from . import schema
from .query import Prefix, Unsupported, fts5_expression, words_only

FTS = schema.FTS_TABLE
match_sql = schema.sqlite_match_sql


class PrefixQueryCompiler(SQLiteSearchQueryCompiler):
    LAST_TERM_IS_PREFIX = True


class SearchBackend(SQLiteSearchBackend):
    """modelsearch's SQLite backend, with search.matching's fast paths (see the module docstring)."""

    supports_prefix = True
    supports_fuzzy = False
    # What the tests may rely on (tests/search_capabilities.py); stemming through the porter tokenizer.
    search_capabilities = frozenset({"index", "stemming", "whole_words", "relevance", "phrase_synonyms"})
    prefix_query_compiler_class = PrefixQueryCompiler

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        query = words_only(query)  # nothing typed reaches the full-text syntax as syntax
        if isinstance(query, Prefix):
            query_compiler_class, query = self.prefix_query_compiler_class, query.subquery
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)

    def _match(self, queryset, query):
        """(FTS5 match on title and body, content type ids) for `query`, or None (another path)."""
        if schema.pk_cast_field(queryset.model) is None:
            return None
        try:
            expression = fts5_expression(query)
        except Unsupported:
            return None
        # No words: an expression that matches nothing.
        match = f"{{title body}} : ({expression})" if expression else '{title} : ("")'
        return match, list(schema.content_types_for(queryset))

    def match_subquery(self, queryset, query):
        match = self._match(queryset, query)
        if match is None:
            return None
        expression, content_types = match
        sql = match_sql("CAST(e.object_id AS INTEGER)", content_types)
        return RawSQL(sql, [expression, *content_types])  # noqa: S611 - the values are parameters

    def filter_matching(self, queryset, query, selective=False):
        match = self._match(queryset, query)
        if match is None:
            return None
        if not selective:
            return queryset.filter(pk__in=self.match_subquery(queryset, query))
        # Few rows: check each row's own index entry (a unique-index lookup) against the FTS rowids, built once.
        # The other way round, `pk IN (matches)` reads every matching entry to get its object id first.
        from wagtail.search.models import IndexEntry

        expression, content_types = match
        fts_rowids = RawSQL(f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s", [expression])  # noqa: S608, S611
        own_entry = IndexEntry.objects.filter(
            content_type_id__in=content_types, object_id=Cast(OuterRef("pk"), CharField()), id__in=fts_rowids
        )
        return queryset.filter(Exists(own_entry))

    def ranked_pks(self, queryset, query, offset, limit, newest_first=True):
        match = self._match(queryset, query)
        if match is None:
            return None
        expression, content_types = match
        rows_sql, rows_params = queryset.order_by().values("pk").query.sql_with_params()
        # FTS5's bm25 over the matching entries, columns (autocomplete, body, title), title weighted double;
        # lower is better. Ties newest (or oldest) first. Wagtail's backend scores each candidate with a subquery
        # of its own.
        sql = (
            match_sql(
                "CAST(e.object_id AS INTEGER) AS object_pk",
                content_types,
                f" AND CAST(e.object_id AS INTEGER) IN ({rows_sql})",
            )
            + f" ORDER BY bm25({FTS}, 0.0, 1.0, 2.0), object_pk {'DESC' if newest_first else 'ASC'} LIMIT %s OFFSET %s"
        )
        with connections[queryset.db].cursor() as cursor:
            cursor.execute(sql, [expression, *content_types, *rows_params, limit, offset])
            return [row[0] for row in cursor.fetchall()]
