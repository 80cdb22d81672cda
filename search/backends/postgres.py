"""modelsearch's PostgreSQL backend with the speed-ups that need SQL on the index entries.

Searching a queryset, Wagtail's backend joins every row of the model to its index entry through a generic
relation (`object_id = id::text`, which no index serves), then counts and ranks every match: at 100,000
employers "hospital" matches about 17,000 of them. Here (`IndexedResults`) the index entries of the
queryset's content types are matched first (the GIN indexes of site_search migrations 0004 and 0005, or
Wagtail's on `autocomplete`), each matching entry is checked against the queryset (live, public…) through an
EXISTS on the model's primary key (`object_id` cast to an integer, so the primary key index serves it), and
the count and the best results come from one query that ranks exactly as Wagtail's backend does (`ts_rank`
of the title times `title_norm` plus `ts_rank` of the body; `autocomplete` for suggestions), ties newest
first.

`results.sample(n)`: only the first `n` matching entries (in the order PostgreSQL finds them) are counted
and ranked; below `n` the count and the ranking are exact (search.matching.capped).

Typo tolerance (`modelsearch.query.Fuzzy`): the `%>` operator of pg_trgm on the titles, which the trigram
GIN indexes serve (modelsearch's own Fuzzy computes the similarity of every index entry of the model).

`add_bulk` builds the index entries' vectors in PostgreSQL from arrays of text (`bulk.PostgresBulkIndexer`).
"""

import json
from contextlib import contextmanager
from functools import cached_property

from django.contrib.postgres.search import SearchVectorField
from django.db import NotSupportedError, connections, transaction
from django.db.models import BigIntegerField, BooleanField, Exists, F, FloatField, Func, OuterRef
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from modelsearch.backends.database.postgres import postgres as postgres_module
from modelsearch.backends.database.postgres.postgres import (
    PostgresAutocompleteQueryCompiler,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
    PostgresSearchResults,
)
from modelsearch.backends.database.postgres.weights import get_sql_weights
from modelsearch.query import And, Boost, Fuzzy, Or, Phrase, PlainText

from . import schema
from .query import Prefix, Unsupported, tsquery_text, words_only
from .windows import WindowedResults

# Typo tolerance: how similar (pg_trgm word similarity, 0 to 1) a word of the title must be to what was
# typed, and how many close matches to consider at most.
FUZZY_THRESHOLD = 0.3
# PostgreSQL's memory for one query reading many matches (`SearchBackend.reading_matches`), its transaction only.
EXACT_BITMAP_WORK_MEM = "64MB"
FUZZY_LIMIT = 200


def _text_query(query):
    """True when `query` is made only of the query classes the index entry path handles."""
    if isinstance(query, Prefix):
        return _text_query(query.subquery)
    if isinstance(query, And | Or):
        return all(_text_query(sub) for sub in query.subqueries)
    if isinstance(query, Boost):
        return _text_query(query.subquery)
    return isinstance(query, PlainText | Phrase)


class PrefixQueryCompiler(PostgresSearchQueryCompiler):
    LAST_TERM_IS_PREFIX = True


class RowCopyColumn(Func):
    """A column of a row's copy of its search index entry (`schema.install_row_copy`). The columns are not
    model fields, so no save writes them; this reads one from the table of the query it is used in (the
    outer query or a subquery alike: the alias comes from the pk column)."""

    def __init__(self, column, output_field):
        super().__init__(F("pk"), output_field=output_field)
        self.column = column

    def as_sql(self, compiler, connection, **extra_context):
        pk_sql, params = compiler.compile(self.source_expressions[0])
        table = pk_sql.rsplit(".", 1)[0]  # the quoted alias of `"alias"."id"`
        return f"{table}.{connection.ops.quote_name(self.column)}", params


class IndexedResults(WindowedResults, PostgresSearchResults):
    """Search results read straight from the index entries (see the module docstring). Clones (slices)
    share the count and the windows fetched, so Paginator's count() and page slice make one ranking."""

    @property
    def autocomplete(self):
        return isinstance(self.query_compiler, PostgresAutocompleteQueryCompiler)

    def _matches(self, visible_only=True):
        """The matching entries' (object_id_int, rank), at most the sample size, as a queryset; with
        `visible_only=False` those of every row of the model (for a caller that joins its own rows)."""
        from wagtail.search.models import IndexEntry

        compiler = self.query_compiler
        queryset = compiler.queryset
        config = compiler.get_config(self.backend)
        tsquery = compiler.build_tsquery(compiler.query, config=config)
        content_types = self.backend.content_types_for(queryset)
        entries = IndexEntry.objects.filter(content_type_id__in=content_types)
        if self.autocomplete:
            entries = entries.filter(autocomplete=tsquery)
            rank = compiler.build_tsrank(F("autocomplete"), compiler.query, config=config)
        else:
            entries = entries.annotate(_vector_=F("title")._combine(F("body"), "||", False)).filter(_vector_=tsquery)
            title_rank = compiler.build_tsrank(F("title"), compiler.query, config=config)
            rank = title_rank * F("title_norm") + compiler.build_tsrank(F("body"), compiler.query, config=config)
        entries = entries.annotate(object_id_int=Cast("object_id", schema.pk_cast_field(queryset.model)))
        if visible_only:
            # The queryset's own conditions (live, public, …) for each matching entry, by primary key.
            visible = queryset.order_by().filter(pk=OuterRef("object_id_int")).values("pk")
            entries = entries.filter(Exists(visible))
        # Unordered, so with a sample PostgreSQL stops at the first matches and ranks only those
        # (a select list is computed only for the rows returned).
        entries = entries.annotate(rank=rank).order_by().values_list("object_id_int", "rank")
        if self.state["limit"] is not None:
            entries = entries[: self.state["limit"]]
        return entries

    def ranked_rows(self, offset, limit, newest_first=True):
        """(object id, number of matches) of the best matches, from `offset`, at most `limit`; ties newest first,
        or oldest first."""
        matches_sql, params = self._matches().query.sql_with_params()
        # Only the compiled queryset's SQL is formatted in; every value is a parameter.
        sql = (
            f"SELECT object_id_int, COUNT(*) OVER () FROM ({matches_sql}) AS matches"  # noqa: S608
            f" ORDER BY rank DESC, object_id_int {'DESC' if newest_first else 'ASC'} LIMIT %s OFFSET %s"
        )
        with connections[self.query_compiler.queryset.db].cursor() as cursor:
            cursor.execute(sql, [*params, limit, offset])
            return cursor.fetchall()

    def facet(self, field_name):
        if self.query_compiler._get_filterable_field(field_name) is None:
            return super().facet(field_name)  # its error for a field that is not a FilterField
        from collections import OrderedDict

        from django.db.models import Count

        ids = self._matches().values("object_id_int")
        rows = (
            self.query_compiler.queryset.filter(pk__in=ids)
            .values(field_name)
            .annotate(count=Count("pk"))
            .order_by("-count")
        )
        return OrderedDict((row[field_name], row["count"]) for row in rows)


class RankedResults(PostgresSearchResults):
    """Objects of the queryset in the order of a list of primary keys (the fuzzy matches)."""

    def __init__(self, backend, query_compiler, prefetch_related=None, state=None):
        super().__init__(backend, query_compiler, prefetch_related=prefetch_related)
        # Shared by every slice of these results, so a count and a slice rank the matches once.
        self.state = state if state is not None else {"ranked": None}

    def _clone(self):
        new = self.__class__(self.backend, self.query_compiler, self.prefetch_related, state=self.state)
        new.start, new.stop, new._score_field = self.start, self.stop, self._score_field
        return new

    def _pks(self):
        if self.state["ranked"] is None:
            self.state["ranked"] = self.backend.fuzzy_pks(self.query_compiler.queryset, self.query_compiler.query)
        return self.state["ranked"]

    def _do_search(self):
        pks = self._pks()[self.start : self.stop]
        by_pk = self.query_compiler.queryset.in_bulk(pks) if pks else {}
        return [by_pk[pk] for pk in pks if pk in by_pk]

    def _do_count(self):
        pks = self._pks()
        queryset = self.query_compiler.queryset
        matching = set(queryset.filter(pk__in=pks).values_list("pk", flat=True)) if pks else set()
        return len([pk for pk in pks if pk in matching][self.start : self.stop])

    def facet(self, field_name):
        from collections import OrderedDict

        from django.db.models import Count

        pks = self._pks()
        rows = self.query_compiler.queryset.filter(pk__in=pks).values(field_name).annotate(count=Count("pk"))
        return OrderedDict((row[field_name], row["count"]) for row in rows.order_by("-count"))


class WordObjectIndexer(postgres_module.ObjectIndexer):
    """modelsearch's indexer of one object (a publish, a save), with the bulk indexer's reading of slashes in
    the vectors (the stored texts stay as written)."""

    def as_vector(self, texts, for_autocomplete=False):
        from .bulk import index_text

        return super().as_vector([(index_text(text), weight) for text, weight in texts], for_autocomplete)


# PostgresIndex.add_items builds its indexers by this module-level name; this backend is the only user of it.
postgres_module.ObjectIndexer = WordObjectIndexer


class SearchBackend(PostgresSearchBackend):
    """modelsearch's PostgreSQL backend, faster behind the same API (see the module docstring)."""

    supports_prefix = True
    prefix_query_compiler_class = PrefixQueryCompiler
    # What the tests may rely on (tests/search_capabilities.py); fuzzy once site_search migration 0003 ran.
    search_capabilities = frozenset({"index", "stemming", "whole_words", "relevance", "phrase_synonyms", "fuzzy"})

    @cached_property
    def supports_fuzzy(self):
        """True once the migration enabling pg_trgm and unaccent has run."""
        return schema.fuzzy_search_available(connections["default"])

    def content_types_for(self, queryset):
        """The content type ids whose index entries hold `queryset`'s rows: its model and subclasses,
        narrowed by the queryset when it is a page queryset restricted by type (`not_type`, `type`)."""
        return schema.content_types_for(queryset)

    def _fast(self, queryset, fields, order_by_relevance):
        return fields is None and order_by_relevance and schema.pk_cast_field(queryset.model) is not None

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        query = words_only(query)  # nothing typed reaches the full-text syntax as syntax
        if isinstance(query, Prefix):
            query_compiler_class, query = self.prefix_query_compiler_class, query.subquery
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)

    def search(self, query, model_or_queryset, fields=None, operator=None, order_by_relevance=True):
        results = super().search(query, model_or_queryset, fields, operator, order_by_relevance)
        return self._faster(results, fields, order_by_relevance)

    def autocomplete(self, query, model_or_queryset, fields=None, operator=None, order_by_relevance=True):
        results = super().autocomplete(query, model_or_queryset, fields, operator, order_by_relevance)
        return self._faster(results, fields, order_by_relevance)

    def _faster(self, results, fields, order_by_relevance):
        compiler = results.query_compiler
        if compiler is None:  # no results (an empty query, a model without an index)
            return results
        if isinstance(compiler.query, Fuzzy):
            if not self.supports_fuzzy:
                raise NotSupportedError("Typo-tolerant search needs pg_trgm and unaccent (site_search migration 0003)")
            return RankedResults(self, compiler)
        if self._fast(compiler.queryset, fields, order_by_relevance) and _text_query(compiler.query):
            return IndexedResults(self, compiler)
        return results

    def fuzzy_pks(self, queryset, query):
        """The best FUZZY_LIMIT primary keys of `queryset`'s model whose index entry title has words similar to
        the query, accent-insensitive, through the trigram GIN indexes (`%>`). Titles only: bodies are long."""
        from wagtail.search.models import IndexEntry

        connection = connections[queryset.db]
        table = connection.ops.quote_name(IndexEntry._meta.db_table)
        content_types = list(self.content_types_for(queryset))
        text = " ".join(query.query_string.split())
        sql = (
            f"SELECT object_id, word_similarity(f_unaccent(%s), f_unaccent(title_text)) AS score FROM {table}"  # noqa: S608
            " WHERE content_type_id = ANY(%s) AND f_unaccent(title_text) %%> f_unaccent(%s)"
            " ORDER BY score DESC, object_id LIMIT %s"
        )
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)", [str(FUZZY_THRESHOLD)])
            cursor.execute(sql, [text, content_types, text, FUZZY_LIMIT])
            rows = cursor.fetchall()
        pk_field = queryset.model._meta.pk
        ranked = []
        for object_id, _score in rows:
            try:
                ranked.append(pk_field.to_python(object_id))
            except Exception:  # noqa: S112 - an entry of another key type: not ours
                continue
        return ranked

    # The methods search.matching uses (see its docstring for the contract).

    def _keywords_sql(self, queryset, query, select, with_rank=False):
        """SQL and parameters selecting `select` from each index entry `e` of `queryset`'s content types whose
        `title || body` matches `query`; `keywords` is the tsquery. None when the query is not one of these."""
        from wagtail.search.models import IndexEntry

        cast = schema.pk_cast_field(queryset.model)
        if cast is None or not _text_query(query):
            return None
        try:
            text = tsquery_text(query)
        except Unsupported:
            return None
        if not text:
            text = "''"  # no words: nothing matches
        config = self.config
        tsquery = "to_tsquery(%s::regconfig, %s)" if config else "to_tsquery(%s)"
        content_types = list(self.content_types_for(queryset))
        # One word (or one group of synonyms) is in `title || body` exactly when it is in the title or in the
        # body; testing each vector skips concatenating them for every entry. Several words may be split
        # between title and body, so they are tested on the concatenation, as Wagtail does.
        if " & " in text or "<->" in text:
            match = "(e.title || e.body) @@ keywords"
        else:
            match = "(e.title @@ keywords OR e.body @@ keywords)"
        table = connections[queryset.db].ops.quote_name(IndexEntry._meta.db_table)
        in_types = "= %s" if len(content_types) == 1 else "= ANY(%s)"
        sql = (
            f"SELECT {select} FROM {table} e CROSS JOIN {tsquery} AS keywords "  # noqa: S608
            f"WHERE e.content_type_id {in_types} AND {match}"
        )
        params = [*([config] if config else []), text, content_types[0] if len(content_types) == 1 else content_types]
        return sql, params

    def match_subquery(self, queryset, query):
        cast = schema.pk_cast_field(queryset.model)
        type_name = "BIGINT" if isinstance(cast, BigIntegerField) else "INTEGER"
        built = self._keywords_sql(queryset, query, f"CAST(e.object_id AS {type_name})")
        if built is None:
            return None
        return RawSQL(*built)  # noqa: S611 - the values are parameters

    def _row_copy_parts(self, queryset, query):
        """(vector, tsquery, rank) on the row copy of `queryset`'s model, or None without a copy."""
        if not schema.has_row_copy(queryset.model, connections[queryset.db]) or not _text_query(query):
            return None
        compiler = self.query_compiler_class(queryset.model._default_manager.all(), query)
        config = compiler.get_config(self)
        title = RowCopyColumn(schema.ROW_COPY_TITLE, SearchVectorField())
        body = RowCopyColumn(schema.ROW_COPY_BODY, SearchVectorField())
        rank = compiler.build_tsrank(title, query, config=config) * RowCopyColumn(
            schema.ROW_COPY_TITLE_NORM, FloatField()
        ) + compiler.build_tsrank(body, query, config=config)
        return title._combine(body, "||", False), compiler.build_tsquery(query, config=config), rank

    def filter_matching(self, queryset, query, selective=False):
        parts = self._row_copy_parts(queryset, query)
        if parts is not None:
            vector, tsquery, _rank = parts
            return queryset.alias(_search_copy_vector=vector).filter(_search_copy_vector=tsquery)
        subquery = self.match_subquery(queryset, query)
        return None if subquery is None else queryset.filter(pk__in=subquery)

    def _indexed_results(self, queryset, query):
        """IndexedResults of `query` over `queryset`, or None where they do not apply (not an integer key, or a
        query IndexedResults does not rank as modelsearch does)."""
        if schema.pk_cast_field(queryset.model) is None or not _text_query(query):
            return None
        compiler_class = self.query_compiler_class
        if isinstance(query, Prefix):
            compiler_class, query = self.prefix_query_compiler_class, query.subquery
        return IndexedResults(self, compiler_class(queryset, query))

    def row_match(self, queryset, query):
        """search.matching.row_match: on the row copy, the function rather than the operator, which no index
        serves: the plan walks the rows the other conditions select and checks each row's own copy."""
        parts = self._row_copy_parts(queryset, query)
        if parts is None:
            return None
        vector, tsquery, _rank = parts
        return Func(vector, tsquery, function="ts_match_vq", output_field=BooleanField())

    def row_rank(self, queryset, query):
        """search.matching.row_rank: the rank `ranked_pks` orders by, from the row copy."""
        parts = self._row_copy_parts(queryset, query)
        return None if parts is None else parts[2]

    def match_estimate(self, queryset, query):
        """search.matching.match_estimate: the planner's estimates (the row copy's and the columns' statistics, kept
        by ANALYZE)."""
        parts = self._row_copy_parts(queryset, query)
        if parts is None:
            return None
        vector, tsquery, _rank = parts
        matching = queryset.order_by().alias(_search_copy_vector=vector).filter(_search_copy_vector=tsquery)
        plans = (matching.values("pk"), queryset.order_by().values("pk"))
        matches, rows = (json.loads(plan.explain(format="json"))[0]["Plan"]["Plan Rows"] for plan in plans)
        return min(matches, rows), rows

    @contextmanager
    def walking_rows(self, queryset):
        """search.matching.walking_rows: no bitmap scans for the transaction of the one query in this context. A
        bitmap reads every row its index condition selects before the first is checked; an index scan stops at the
        query's LIMIT."""
        with transaction.atomic(using=queryset.db), connections[queryset.db].cursor() as cursor:
            # No sequential scan either (its LIMIT would stop it too, after reading rows of the whole table), and
            # one process, which walks the parts of a UNION ALL in order (a parallel append interleaves them).
            cursor.execute(
                "SELECT set_config('enable_bitmapscan', 'off', true), set_config('enable_seqscan', 'off', true),"
                " set_config('max_parallel_workers_per_gather', '0', true)"
            )
            yield

    @contextmanager
    def reading_matches(self, queryset):
        """search.matching.reading_matches: `work_mem` raised for the transaction of the one query in this context.
        A common word's bitmap (an entry per table page holding a match) outgrows the default 4 MB at a million
        employers and turns lossy, and every row of a lossy page is then read and matched again."""
        with transaction.atomic(using=queryset.db), connections[queryset.db].cursor() as cursor:
            cursor.execute("SET LOCAL work_mem = %s", [EXACT_BITMAP_WORK_MEM])
            yield

    def scored_matches(self, queryset, query):
        """(sql, params) selecting (object_pk, score) of `queryset`'s rows matching `query`: the score is the
        negated rank of `ranked_pks`, so ascending scores are its order."""
        parts = self._row_copy_parts(queryset, query)
        if parts is not None:
            vector, tsquery, rank = parts
            rows = (
                queryset.order_by()
                .alias(_search_copy_vector=vector)
                .filter(_search_copy_vector=tsquery)
                .values(object_pk=F("pk"), score=-rank)
            )
            return rows.query.sql_with_params()
        results = self._indexed_results(queryset, query)
        if results is None:
            return None
        # Every row's matches: the caller joins them with its own rows (search.matching.scored_matches).
        matches_sql, params = results._matches(visible_only=False).query.sql_with_params()
        return f"SELECT object_id_int AS object_pk, -rank AS score FROM ({matches_sql}) AS matches", params  # noqa: S608

    def ranked_pks(self, queryset, query, offset, limit, newest_first=True):
        parts = self._row_copy_parts(queryset, query)
        if parts is not None:
            vector, tsquery, rank = parts
            ranked = (
                queryset.alias(_search_copy_vector=vector, _search_copy_rank=rank)
                .filter(_search_copy_vector=tsquery)
                .order_by("-_search_copy_rank", "-pk" if newest_first else "pk")
            )
            return list(ranked.values_list("pk", flat=True)[offset : offset + limit])
        results = self._indexed_results(queryset, query)
        if results is None:
            return None
        return [row[0] for row in results.ranked_rows(offset, limit, newest_first=newest_first)]

    def add_bulk(self, model, obj_list):
        from .bulk import PostgresBulkIndexer
        from .bulk import Unsupported as BulkUnsupported

        if model.get_search_fields():
            try:
                indexer = PostgresBulkIndexer(self, model)
            except BulkUnsupported:
                pass
            else:
                indexer.add(list(obj_list))
                return
        super().add_bulk(model, obj_list)

    def refresh_title_norms(self, model):
        """`add_bulk` leaves the title norms to compute once at the end of a bulk load; the planner's statistics of
        the index entries are refreshed with them (a bulk load can multiply the entries)."""
        self.get_index_for_model(model)._refresh_title_norms()
        entries = self.get_index_for_model(model).entries
        connection = connections[entries.db]
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(entries.model._meta.db_table)}")


__all__ = ["IndexedResults", "SearchBackend", "get_sql_weights"]
