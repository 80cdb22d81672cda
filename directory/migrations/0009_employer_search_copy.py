"""Each employer row carries a copy of its own search index entry, on PostgreSQL.

The employer search combines words with a radius (ZIP codes) and filters. Wagtail's index entries live
in their own table, so PostgreSQL could only match the words there (17,000 entries for "hospital" at
100,000 employers) and then join, or check each employer within the radius against its entry one by
one: 30-70 ms either way, growing with the employers. With the entry's vectors on the employer row,
one GIN index on the copy and the ZIP code index meet in a bitmap AND, and only rows that satisfy
both are read (5 ms for "hospital" within 25 miles of 14604 at 100,000 employers).

The copy is kept by the database itself: statement-level triggers on `wagtailsearch_indexentry` copy
`title`, `body` and `title_norm` of every employer entry written (by Wagtail's backend, the bulk import
in search/bulk_index.py or `update_index`) and clear them when the entry goes. Django never writes these
columns: they are not model fields (`directory.employer_search.EmployerSearchColumn` reads them), so a
save cannot overwrite the copy with a stale value. The employer content type is looked up by name in
each statement, so a flushed test database (new content type ids) keeps working.

Other databases: nothing to do (SQLite searches its FTS5 table; see directory/employer_search.py).
"""

from django.db import migrations

TABLE = "directory_employersnippet"
INDEX = "employer_search_copy_gin"
COPY_FUNCTION = "directory_employer_copy_search_entries"
CLEAR_FUNCTION = "directory_employer_clear_search_entries"
EMPLOYER_ENTRIES = """
    SELECT entry.object_id::bigint AS employer_id, entry.title, entry.body, entry.title_norm
    FROM {transition} AS entry
    WHERE entry.content_type_id = (
        SELECT id FROM django_content_type WHERE app_label = 'directory' AND model = 'employersnippet'
    )
"""

CREATE = [
    f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS search_title tsvector,"
    " ADD COLUMN IF NOT EXISTS search_body tsvector,"
    " ADD COLUMN IF NOT EXISTS search_title_norm double precision",
    # MATERIALIZED: other content types' object ids need not be integers, so filter before the cast.
    f"""
    CREATE OR REPLACE FUNCTION {COPY_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        WITH employer_entries AS MATERIALIZED ({EMPLOYER_ENTRIES.format(transition="written_entries")})
        UPDATE {TABLE} AS employer
        SET search_title = entry.title, search_body = entry.body, search_title_norm = entry.title_norm
        FROM employer_entries AS entry
        WHERE employer.id = entry.employer_id;
        RETURN NULL;
    END
    $$
    """,
    f"""
    CREATE OR REPLACE FUNCTION {CLEAR_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        WITH employer_entries AS MATERIALIZED ({EMPLOYER_ENTRIES.format(transition="removed_entries")})
        UPDATE {TABLE} AS employer
        SET search_title = NULL, search_body = NULL, search_title_norm = NULL
        FROM employer_entries AS entry
        WHERE employer.id = entry.employer_id;
        RETURN NULL;
    END
    $$
    """,
    # One trigger per event: PostgreSQL allows transition tables only on single-event triggers.
    f"""CREATE TRIGGER employer_search_copy_insert AFTER INSERT ON wagtailsearch_indexentry
        REFERENCING NEW TABLE AS written_entries FOR EACH STATEMENT EXECUTE FUNCTION {COPY_FUNCTION}()""",
    f"""CREATE TRIGGER employer_search_copy_update AFTER UPDATE ON wagtailsearch_indexentry
        REFERENCING NEW TABLE AS written_entries FOR EACH STATEMENT EXECUTE FUNCTION {COPY_FUNCTION}()""",
    f"""CREATE TRIGGER employer_search_copy_delete AFTER DELETE ON wagtailsearch_indexentry
        REFERENCING OLD TABLE AS removed_entries FOR EACH STATEMENT EXECUTE FUNCTION {CLEAR_FUNCTION}()""",
    # The entries already written.
    f"""
    WITH employer_entries AS MATERIALIZED ({EMPLOYER_ENTRIES.format(transition="wagtailsearch_indexentry")})
    UPDATE {TABLE} AS employer
    SET search_title = entry.title, search_body = entry.body, search_title_norm = entry.title_norm
    FROM employer_entries AS entry
    WHERE employer.id = entry.employer_id
    """,
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON {TABLE} USING gin ((search_title || search_body))",
]

DROP = [
    "DROP TRIGGER IF EXISTS employer_search_copy_insert ON wagtailsearch_indexentry",
    "DROP TRIGGER IF EXISTS employer_search_copy_update ON wagtailsearch_indexentry",
    "DROP TRIGGER IF EXISTS employer_search_copy_delete ON wagtailsearch_indexentry",
    f"DROP FUNCTION IF EXISTS {COPY_FUNCTION}()",
    f"DROP FUNCTION IF EXISTS {CLEAR_FUNCTION}()",
    f"DROP INDEX IF EXISTS {INDEX}",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_title,"
    " DROP COLUMN IF EXISTS search_body, DROP COLUMN IF EXISTS search_title_norm",
]


def create_copy(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in CREATE:
        schema_editor.execute(statement)


def drop_copy(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in DROP:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0008_employer_zip_page_index"),
        ("wagtailsearch", "0010_add_text_fields"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_copy, drop_copy)]
