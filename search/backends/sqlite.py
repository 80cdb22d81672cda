"""modelsearch's SQLite backend with the FTS-first match the directory searches need.

Wagtail's SQLite backend lets SQLite walk every index entry of a content type and re-run MATCH for each
(seconds at 10,000 trainings or 100,000 employers). Here the FTS5 matches are read first (CROSS JOIN fixes
the order), then each match's entry in the narrow index that holds its object id (`INDEXED BY`: SQLite's
planner prefers the primary key, not knowing the table's rows hold each entry's whole text).

`search()` and `autocomplete()` results (`IndexedResults`): modelsearch's results rank a queryset row by
a correlated subquery that runs the whole FTS5 match again for that row, so ordering N matches costs N
matches of the query (quadratic: a minute for "hospital" at 100,000 employers). Here the matches are read
once, each scored as modelsearch scores it (its `bm25()` formula, `title_norm`), kept if a row of the
queryset has that primary key, and the requested window comes with the number of matches from one query.

Stemming comes from the porter tokenizer of the FTS5 table (schema.use_porter_stemmer).
"""

from django.db import connections
from django.db.models import CharField, Exists, OuterRef
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from modelsearch.backends.database.sqlite.query import MatchExpression
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteAutocompleteQueryCompiler,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
    SQLiteSearchResults,
)
from modelsearch.query import And, Or, Phrase, PlainText

from . import schema
from .query import Prefix, Unsupported, fts5_expression, words_only
from .windows import WindowedResults

FTS = schema.FTS_TABLE
match_sql = schema.sqlite_match_sql


class PrefixQueryCompiler(SQLiteSearchQueryCompiler):
    LAST_TERM_IS_PREFIX = True


def _text_query(query):
    """True when `query` is made only of the query classes IndexedResults scores as modelsearch does."""
    if isinstance(query, And | Or):
        return all(_text_query(sub) for sub in query.subqueries)
    return isinstance(query, PlainText | Phrase)


def _rank_sql(query, bm25):
    """modelsearch's SQLite relevance of one vector for `query` (SQLiteSearchQueryCompiler.build_tsrank), as SQL:
    `bm25` for a text, (1 + a) * (1 + b) - 1 for And, the mean for Or. Lower is better."""
    if isinstance(query, And):
        return "(" + " * ".join(f"(1 + {_rank_sql(sub, bm25)})" for sub in query.subqueries) + " - 1)"
    if isinstance(query, Or):
        parts = " + ".join(_rank_sql(sub, bm25) for sub in query.subqueries)
        return f"(({parts}) / {len(query.subqueries) or 1})"
    return bm25


class IndexedResults(WindowedResults, SQLiteSearchResults):
    """Search results read from the FTS5 matches once (see the module docstring): the same rows, order and count
    as modelsearch's. Clones (slices) share the count and the windows fetched, so a count and a page slice make
    one query."""

    def _matches_sql(self):
        """SQL and parameters selecting (object_pk, score) of the matching entries whose row is in the queryset."""
        compiler = self.query_compiler
        queryset = compiler.queryset
        connection = connections[queryset.db]
        config = compiler.get_config(self.backend)
        # The FTS5 expression modelsearch would match with (its own quoting of each word).
        match = MatchExpression(compiler.FTS_TABLE_FIELDS, compiler.build_search_query(compiler.query, config=config))
        _template, (expression,) = match.as_sql(queryset.query.get_compiler(connection=connection), connection)
        autocomplete = isinstance(compiler, SQLiteAutocompleteQueryCompiler)

        def score(bm25):
            # modelsearch's vectors: the title weighted by its title_norm plus the body; the autocomplete text alone.
            rank = _rank_sql(compiler.query, bm25)
            return f"{rank} * 1.0" if autocomplete else f"{rank} * e.title_norm + {rank} * 1.0"

        content_types = list(schema.content_types_for(queryset))
        # The queryset's own conditions (live, public, …) for each match, through the row's primary key.
        own_row = queryset.order_by().filter(pk=RawSQL("CAST(e.object_id AS INTEGER)", [])).values("pk")
        rows_sql, rows_params = own_row.query.sql_with_params()
        in_types = ", ".join(["%s"] * len(content_types))
        limit = self.state["limit"]
        if limit is not None:
            # A sample (`sample`): the first `limit` matches FTS5 finds that are rows of the queryset, each scored
            # as it is read (bm25 of the FTS5 row at hand), so that SQLite stops reading matches there.
            sql = (
                f"SELECT CAST(e.object_id AS INTEGER) AS object_pk, {score(f'bm25({FTS})')} AS score "  # noqa: S608
                f"FROM {FTS} CROSS JOIN {schema.INDEX_TABLE} e ON e.id = {FTS}.rowid "
                f"WHERE {FTS} MATCH %s AND e.content_type_id IN ({in_types}) AND EXISTS ({rows_sql}) LIMIT %s"
            )
            return sql, [expression, *content_types, *rows_params, limit]
        # MATERIALIZED: the matches are read from FTS5 once (bm25 is only defined there), then each one's entry by
        # its primary key.
        sql = (
            f"WITH m AS MATERIALIZED (SELECT rowid AS entry_id, bm25({FTS}) AS bm25 FROM {FTS} WHERE {FTS} MATCH %s) "  # noqa: S608
            f"SELECT CAST(e.object_id AS INTEGER) AS object_pk, {score('m.bm25')} AS score "
            f"FROM m CROSS JOIN {schema.INDEX_TABLE} e ON e.id = m.entry_id "
            f"WHERE e.content_type_id IN ({in_types}) AND EXISTS ({rows_sql})"
        )
        return sql, [expression, *content_types, *rows_params]

    def ranked_rows(self, offset, limit):
        """(object pk, number of matches, score) of the best matches from `offset`, at most `limit`: modelsearch's
        order (score, then newest first)."""
        matches_sql, params = self._matches_sql()
        sql = (
            f"SELECT object_pk, COUNT(*) OVER (), score FROM ({matches_sql}) AS matches"  # noqa: S608
            " ORDER BY score, object_pk DESC LIMIT %s OFFSET %s"
        )
        with connections[self.query_compiler.queryset.db].cursor() as cursor:
            cursor.execute(sql, [*params, limit, offset])
            return cursor.fetchall()


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
        results = super()._search(query_compiler_class, query, model_or_queryset, **kwargs)
        compiler = results.query_compiler
        if (
            compiler is not None
            and compiler.fields is None
            and compiler.order_by_relevance
            and schema.pk_cast_field(compiler.queryset.model) is not None
            and _text_query(compiler.query)
        ):
            return IndexedResults(self, compiler)
        return results

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

    def scored_matches(self, queryset, query):
        match = self._match(queryset, query)
        if match is None:
            return None
        expression, content_types = match
        # The score ranked_pks orders by: bm25, title weighted double; lower is better.
        sql = match_sql(
            f"CAST(e.object_id AS INTEGER) AS object_pk, bm25({FTS}, 0.0, 1.0, 2.0) AS score", content_types
        )
        return sql, [expression, *content_types]

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
