"""What this project's database backends add to Wagtail's search index tables, and what they read back.

The migrations (site_search 0003-0005, directory 0003, 0009, 0010) call the functions here, so every SQL
statement on the index tables lives in this package. Each function does nothing on a database it is not
for, and each is safe to run twice.
"""

import io

from django.core.management import call_command
from django.db.models import BigIntegerField, IntegerField
from django.db.models.lookups import In
from django.db.models.sql.where import WhereNode
from modelsearch.utils import get_descendants_content_types_pks

INDEX_TABLE = "wagtailsearch_indexentry"
FTS_TABLE = "wagtailsearch_indexentry_fts"

# SQLite: FTS5 with the porter stemmer, so that "coordinators" finds "coordinator" as on PostgreSQL.
FTS_TOKENIZER = "porter unicode61 remove_diacritics 2"
# SQLite: the index of the entries by (content type, id) that also holds their object ids.
ENTRY_OBJECT_INDEX = "directory_search_entry_object"

# PostgreSQL: a row's copy of its own index entry (install_row_copy).
ROW_COPY_TITLE, ROW_COPY_BODY, ROW_COPY_TITLE_NORM = "search_title", "search_body", "search_title_norm"

# PostgreSQL: the GIN index on `title || body` that Wagtail's backend filters on.
TITLE_BODY_INDEX = "site_search_indexentry_title_body_gin"
# PostgreSQL: GIN indexes split between one content type (employers) and all the others.
PARTIAL_INDEXES = {
    "site_search_entry_employer_text_gin": ("(title || body)", "="),
    "site_search_entry_other_text_gin": ("(title || body)", "<>"),
    "site_search_entry_employer_autocomplete_gin": ("autocomplete", "="),
    "site_search_entry_other_autocomplete_gin": ("autocomplete", "<>"),
}


# Reading

INTEGER_PK_TYPES = {"AutoField", "IntegerField", "SmallAutoField", "SmallIntegerField", "PositiveIntegerField"}
BIG_INTEGER_PK_TYPES = {"BigAutoField", "BigIntegerField", "PositiveBigIntegerField"}


def pk_cast_field(model):
    """The integer field to cast `object_id` to for `model`'s primary key, or None (not an integer key: the
    fast paths do not apply)."""
    pk = model._meta.pk
    target = pk.target_field if pk.is_relation else pk  # a page's key is its page_ptr
    internal_type = target.get_internal_type()
    if internal_type in INTEGER_PK_TYPES:
        return IntegerField()
    if internal_type in BIG_INTEGER_PK_TYPES:
        return BigIntegerField()
    return None


_fuzzy_databases = set()


def fuzzy_search_available(connection):
    """True on PostgreSQL once pg_trgm and f_unaccent() exist (enable_fuzzy_search). A database found to have
    them is remembered for the process (a search asks several times per request); one without them is asked
    again, so a migration that adds them takes effect at once."""
    if connection.vendor != "postgresql":
        return False
    key = (connection.alias, connection.settings_dict["NAME"])
    if key in _fuzzy_databases:
        return True
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm')"
            " AND EXISTS (SELECT 1 FROM pg_proc WHERE proname = 'f_unaccent')"
        )
        available = bool(cursor.fetchone()[0])
    if available:
        _fuzzy_databases.add(key)
    return available


_row_copies = {}


def has_row_copy(model, connection):
    """True when `model`'s table carries a copy of its index entries (install_row_copy), on PostgreSQL."""
    if connection.vendor != "postgresql":
        return False
    key = (connection.alias, model._meta.db_table)
    if key not in _row_copies:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM information_schema.columns WHERE table_name = %s AND column_name = ANY(%s)",
                [model._meta.db_table, [ROW_COPY_TITLE, ROW_COPY_BODY, ROW_COPY_TITLE_NORM]],
            )
            _row_copies[key] = cursor.fetchone()[0] == 3
    return _row_copies[key]


def _content_type_condition(node):
    """(ids, negated) of a `content_type IN (...)` condition (Wagtail's `type()` / `not_type()`), else None."""
    negated = False
    while isinstance(node, WhereNode) and len(node.children) == 1:
        negated ^= node.negated
        node = node.children[0]
    if not isinstance(node, In) or not isinstance(node.rhs, list | tuple | set):
        return None
    if getattr(node.lhs, "target", None) is None or node.lhs.target.attname != "content_type_id":
        return None
    return {getattr(value, "pk", value) for value in node.rhs}, negated


def content_types_for(queryset):
    """The content type ids whose index entries can hold `queryset`'s rows: its model and subclasses, less
    the types a page queryset's `not_type()` excludes (their entries would each be matched, then rejected),
    within those its `type()` keeps."""
    ids = list(get_descendants_content_types_pks(queryset.model))
    where = queryset.query.where
    if where.connector != "AND" or where.negated:
        return ids
    for child in where.children:
        condition = _content_type_condition(child)
        if condition is None:
            continue
        types, negated = condition
        ids = [pk for pk in ids if (pk in types) != negated]
    return ids or [0]


def sqlite_match_sql(select, content_types, condition=""):
    """SQLite: SQL selecting `select` for each index entry of `content_types` whose text matches; parameters: the FTS5
    match expression, the content type ids, then those of `condition` (more SQL ANDed to the WHERE clause).
    `e` is the index entry, FTS the match (for bm25)."""
    in_types = "= %s" if len(content_types) == 1 else f"IN ({', '.join(['%s'] * len(content_types))})"
    # Only constants and the caller's SQL are formatted in; the values are parameters.
    return (
        f"SELECT {select} FROM {FTS_TABLE} CROSS JOIN {INDEX_TABLE} e INDEXED BY {ENTRY_OBJECT_INDEX} "  # noqa: S608
        f"ON e.id = {FTS_TABLE}.rowid WHERE {FTS_TABLE} MATCH %s AND e.content_type_id {in_types}{condition}"
    )


# Writing (the migrations)


def enable_fuzzy_search(schema_editor):
    """PostgreSQL: unaccent with its f_unaccent() wrapper, then pg_trgm with trigram indexes on the index
    entries, through Wagtail's enable_unaccent and enable_trigram commands (a role allowed to create
    extensions)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    call_command("enable_unaccent", stdout=io.StringIO())
    call_command("enable_trigram", stdout=io.StringIO())


def create_title_body_index(schema_editor):
    """PostgreSQL: the GIN index on `title || body` (without it every search reads every entry's vectors)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(INDEX_TABLE)
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {TITLE_BODY_INDEX} ON {table} USING gin ((title || body))")


def drop_title_body_index(schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TITLE_BODY_INDEX}")


def create_partial_indexes(schema_editor, content_type_id):
    """PostgreSQL: the GIN indexes of `title || body` and `autocomplete` split between the entries of one
    content type (written into the conditions) and all the others, so each kind reads only its own part."""
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(INDEX_TABLE)
    for name, (expression, operator) in PARTIAL_INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({expression})"
            f" WHERE content_type_id {operator} {int(content_type_id)}"
        )


def drop_partial_indexes(schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in PARTIAL_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def use_porter_stemmer(schema_editor):
    """SQLite: rebuild the FTS5 table with the porter stemmer, its rows copied over."""
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [FTS_TABLE])
        row = cursor.fetchone()
        if row is None or "porter" in row[0]:
            return
        cursor.execute(
            f"CREATE TEMP TABLE search_fts_copy AS SELECT rowid AS entry_id, autocomplete, body, title FROM {FTS_TABLE}"  # noqa: S608
        )
        cursor.execute(f"DROP TABLE {FTS_TABLE}")
        cursor.execute(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(autocomplete, body, title, tokenize='{FTS_TOKENIZER}')"
        )
        cursor.execute(
            f"INSERT INTO {FTS_TABLE}(rowid, autocomplete, body, title) "  # noqa: S608
            "SELECT entry_id, autocomplete, body, title FROM search_fts_copy"
        )
        cursor.execute("DROP TABLE search_fts_copy")


def create_entry_object_index(schema_editor):
    """SQLite: the narrow index of the entries by (content type, id) holding their object ids (`INDEXED BY`
    in sqlite.py: the planner prefers the primary key, not knowing the rows hold each entry's whole text)."""
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {ENTRY_OBJECT_INDEX} ON {INDEX_TABLE} (content_type_id, id, object_id)"
        )


def drop_entry_object_index(schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {ENTRY_OBJECT_INDEX}")


def _row_copy_entries(transition, content_types):
    labels = " OR ".join(
        f"(app_label = '{app_label}' AND model = '{model}')" for app_label, model in sorted(content_types)
    )
    return f"""
    SELECT entry.object_id::bigint AS row_id, entry.title, entry.body, entry.title_norm
    FROM {transition} AS entry
    WHERE entry.content_type_id IN (SELECT id FROM django_content_type WHERE {labels})
    """  # noqa: S608


def _row_copy_functions(table, content_types, names):
    """The two trigger functions of a row copy (install_row_copy)."""
    statements = []
    # MATERIALIZED: other content types' object ids need not be integers, so filter before the cast.
    for function, transition, values in (
        (names["copy"], "written_entries", "entry.title, entry.body, entry.title_norm"),
        (names["clear"], "removed_entries", "NULL, NULL, NULL"),
    ):
        # Only constants, names and labels written in the migrations are formatted in.
        statements.append(f"""
        CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            WITH copied_entries AS MATERIALIZED ({_row_copy_entries(transition, content_types)})
            UPDATE {table} AS copy_row
            SET ({ROW_COPY_TITLE}, {ROW_COPY_BODY}, {ROW_COPY_TITLE_NORM}) = ROW({values})
            FROM copied_entries AS entry
            WHERE copy_row.id = entry.row_id;
            RETURN NULL;
        END
        $$
        """)  # noqa: S608
    return statements


def point_row_copy_at(schema_editor, table, content_types, names):
    """PostgreSQL: have an installed row copy follow the index entries of `content_types` from now on (a model
    moved to another app: its content type's app label changed). Only the trigger functions change."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in _row_copy_functions(table, content_types, names):
        schema_editor.execute(statement)


def install_row_copy(schema_editor, table, content_types, names):
    """PostgreSQL: the rows of `table` carry a copy of their own index entry's `title`, `body` and `title_norm`
    (ROW_COPY_* columns), with a GIN index on the copy, kept by statement-level triggers on the index entries.

    `content_types`: the (app_label, model) of the table's model, looked up by name in each statement (a
    flushed test database with new content type ids keeps working; a model moved to another app lists both).
    `names`: {"copy", "clear"} trigger functions, "trigger" (the prefix of the three triggers) and "index".
    The columns are not model fields, so no save overwrites the copy. Run again to change `content_types`."""
    if schema_editor.connection.vendor != "postgresql":
        return
    copy_fn, clear_fn, trigger = names["copy"], names["clear"], names["trigger"]
    statements = [
        f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {ROW_COPY_TITLE} tsvector,"
        f" ADD COLUMN IF NOT EXISTS {ROW_COPY_BODY} tsvector,"
        f" ADD COLUMN IF NOT EXISTS {ROW_COPY_TITLE_NORM} double precision",
    ]
    statements += _row_copy_functions(table, content_types, names)
    # One trigger per event: PostgreSQL allows transition tables only on single-event triggers.
    for event, transition, function in (
        ("insert", "NEW TABLE AS written_entries", copy_fn),
        ("update", "NEW TABLE AS written_entries", copy_fn),
        ("delete", "OLD TABLE AS removed_entries", clear_fn),
    ):
        statements.append(f"DROP TRIGGER IF EXISTS {trigger}_{event} ON {INDEX_TABLE}")
        statements.append(
            f"CREATE TRIGGER {trigger}_{event} AFTER {event.upper()} ON {INDEX_TABLE}"
            f" REFERENCING {transition} FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
        )
    # The entries already written.
    statements.append(f"""
    WITH copied_entries AS MATERIALIZED ({_row_copy_entries(INDEX_TABLE, content_types)})
    UPDATE {table} AS copy_row
    SET {ROW_COPY_TITLE} = entry.title, {ROW_COPY_BODY} = entry.body, {ROW_COPY_TITLE_NORM} = entry.title_norm
    FROM copied_entries AS entry
    WHERE copy_row.id = entry.row_id
    """)  # noqa: S608
    statements.append(
        f"CREATE INDEX IF NOT EXISTS {names['index']} ON {table} USING gin (({ROW_COPY_TITLE} || {ROW_COPY_BODY}))"
    )
    for statement in statements:
        schema_editor.execute(statement)
    _row_copies.clear()


def drop_row_copy(schema_editor, table, names):
    if schema_editor.connection.vendor != "postgresql":
        return
    for event in ("insert", "update", "delete"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {names['trigger']}_{event} ON {INDEX_TABLE}")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {names['copy']}()")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {names['clear']}()")
    schema_editor.execute(f"DROP INDEX IF EXISTS {names['index']}")
    schema_editor.execute(
        f"ALTER TABLE {table} DROP COLUMN IF EXISTS {ROW_COPY_TITLE},"
        f" DROP COLUMN IF EXISTS {ROW_COPY_BODY}, DROP COLUMN IF EXISTS {ROW_COPY_TITLE_NORM}"
    )
    _row_copies.clear()
