"""Each employer row carries a copy of its own search index entry, on PostgreSQL.

The employer search combines words with a radius (ZIP codes) and filters. Wagtail's index entries live
in their own table, so PostgreSQL could only match the words there (17,000 entries for "hospital" at
100,000 employers) and then join, or check each employer within the radius against its entry one by
one: 30-70 ms either way, growing with the employers. With the entry's vectors on the employer row,
one GIN index on the copy and the ZIP code index meet in a bitmap AND, and only rows that satisfy
both are read (5 ms for "hospital" within 25 miles of 14604 at 100,000 employers).

The copy is kept by the database itself: statement-level triggers on `wagtailsearch_indexentry` copy
`title`, `body` and `title_norm` of every employer entry written (by Wagtail's backend, the bulk import
in search/backends/bulk.py or `update_index`) and clear them when the entry goes. Django never writes these
columns: they are not model fields (`search.backends.postgres.RowCopyColumn` reads them), so a
save cannot overwrite the copy with a stale value. The employer content type is looked up by name in
each statement, so a flushed test database (new content type ids) keeps working.

Other databases: nothing to do (SQLite searches its FTS5 table; see directory/employer_search.py).
"""

from django.db import migrations

from search.backends import schema

TABLE = "directory_employersnippet"
NAMES = {
    "index": "employer_search_copy_gin",
    "copy": "directory_employer_copy_search_entries",
    "clear": "directory_employer_clear_search_entries",
    "trigger": "employer_search_copy",
}


def create_copy(apps, schema_editor):
    schema.install_row_copy(schema_editor, TABLE, [("directory", "employersnippet")], NAMES)


def drop_copy(apps, schema_editor):
    schema.drop_row_copy(schema_editor, TABLE, NAMES)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0008_employer_zip_page_index"),
        ("wagtailsearch", "0010_add_text_fields"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_copy, drop_copy)]
