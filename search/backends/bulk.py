"""Adding many objects to Wagtail's database search index quickly.

`PostgresBulkIndexer` is the `add_bulk` of search.backends.postgres: it writes the same index entries as
modelsearch's. modelsearch's PostgreSQL backend builds one Django `SearchVector` expression per field per
object and compiles each of them, so the indexing alone dominates a large import (docs/benchmarks.md), and it
recomputes the title norms of the whole index after every batch. Here the texts are
prepared in Python once per object and PostgreSQL builds the vectors itself from arrays of text in
one INSERT … SELECT FROM unnest(…) per batch: the SQL does not grow with the number of objects.

The vectors are the backend's: for every SearchField, in order, `setweight(to_tsvector(config, text),
weight)` joined by `||` (title fields into `title`, the others into `body`), AutocompleteFields into
`autocomplete` with the "simple" configuration, weight D. The fields of a RelatedFields over a forward
foreign key or one-to-one relation (one related object or none, e.g. a training's provider) take their
place in that order, read from the related object as the backend does. Models whose RelatedFields follow
a many-valued relation (several texts per object, which the arrays here cannot hold) and other backends
go through the backend's own `add_bulk`.
"""

import re

from django.core.exceptions import FieldDoesNotExist
from django.db import connections, router
from django.utils.encoding import force_str
from wagtail.search.index import AutocompleteField, RelatedFields, SearchField

# PostgreSQL's parser reads "trabajadores/as" or "and/or" as one file-path token, so neither word would be found;
# SQLite's tokenizer splits them. Spaces around a slash between letters make both index the words.
_WORD_SLASH = re.compile(r"(?<=\w)/(?=\w)")


def index_text(text):
    """`text` as PostgreSQL's full-text vectors should read it: words joined by a slash are separate words."""
    return _WORD_SLASH.sub(" / ", text) if text else text


def _text(value):
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple):
        return ", ".join(_text(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(_text(item) for item in value.values())
    return force_str(value)


class Unsupported(Exception):
    pass


class PostgresBulkIndexer:
    def __init__(self, backend, model):
        from modelsearch.backends.database.postgres.weights import get_weight
        from modelsearch.utils import get_content_type_pk
        from wagtail.search.models import IndexEntry

        self.model = model
        self.content_type_pk = get_content_type_pk(model)
        self.table = IndexEntry._meta.db_table
        self.connection = connections[router.db_for_write(IndexEntry)]
        self.get_weight = get_weight
        self.backend = backend
        # (kind, path, weight, config) for each search field, in the backend's order; `path` is the
        # RelatedFields leading to the field, then the field.
        self.slots = []
        self._add_slots(model, model.get_search_fields(), ())

    def _add_slots(self, model, fields, path):
        for field in fields:
            if isinstance(field, SearchField):
                # The backend puts a field named "title" into the title vector at any depth.
                kind = "title" if field.field_name == "title" else "body"
                self.slots.append((kind, (*path, field), self.get_weight(field.boost), self.backend.config))
            elif isinstance(field, AutocompleteField):
                self.slots.append(("autocomplete", (*path, field), "D", self.backend.autocomplete_config))
            elif isinstance(field, RelatedFields):
                try:
                    relation = model._meta.get_field(field.field_name)
                except FieldDoesNotExist:
                    raise Unsupported from None  # a method or property: its value could be anything
                if not relation.concrete or not (relation.many_to_one or relation.one_to_one):
                    raise Unsupported
                self._add_slots(relation.related_model, field.fields, (*path, field))

    @staticmethod
    def slot_text(obj, path):
        """The slot's text for `obj`, as the backend prepares it ("" when a related object is missing: the
        backend then yields no text, and an empty text adds nothing to a vector)."""
        for related in path[:-1]:
            obj = related.get_value(obj)
            if callable(obj):
                obj = obj()
            if obj is None:
                return ""
        return _text(path[-1].get_value(obj)).strip()

    def vector_sql(self, kind, params):
        parts = []
        for number, (slot_kind, _field, weight, config) in enumerate(self.slots):
            if slot_kind == kind:
                parts.append(f"setweight(to_tsvector(%s::regconfig, COALESCE(v.t{number}, '')), %s)")
                params.extend([config, weight])
        return " || ".join(parts) if parts else "to_tsvector('')"

    def add(self, objects):
        if not objects or not self.slots:
            return
        columns = [[] for _slot in self.slots]
        ids, title_texts, body_texts = [], [], []
        for obj in objects:
            ids.append(force_str(obj.pk))
            titles, bodies = [], []
            for number, (kind, path, _weight, _config) in enumerate(self.slots):
                text = self.slot_text(obj, path)
                columns[number].append(index_text(text))
                if text and kind == "title":
                    titles.append(text)
                elif text and kind == "body":
                    bodies.append(text)
            title_texts.append(" ".join(titles))
            body_texts.append(" ".join(bodies))
        select_params = [self.content_type_pk]
        title_sql = self.vector_sql("title", select_params)
        autocomplete_sql = self.vector_sql("autocomplete", select_params)
        body_sql = self.vector_sql("body", select_params)
        names = ["object_id", *(f"t{number}" for number in range(len(self.slots))), "title_text", "body_text"]
        arrays = [ids, *columns, title_texts, body_texts]
        unnest = ", ".join("%s::text[]" for _array in arrays)
        # Only the table name and column placeholders are formatted in; every value is a parameter.
        sql = f"""
            INSERT INTO {self.table}
                (content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text)
            SELECT %s, v.object_id, {title_sql}, {autocomplete_sql}, {body_sql}, 1.0, v.title_text, v.body_text
            FROM unnest({unnest}) AS v({", ".join(names)})
            ON CONFLICT (content_type_id, object_id)
            DO UPDATE SET title = EXCLUDED.title,
                          title_norm = 1.0,
                          autocomplete = EXCLUDED.autocomplete,
                          body = EXCLUDED.body,
                          title_text = EXCLUDED.title_text,
                          body_text = EXCLUDED.body_text
        """  # noqa: S608
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [*select_params, *arrays])
